import Foundation
import Testing
@testable import Tiktoken

/// Missing or corrupt data is a clear error, never a crash.
struct LoadingTests {
    @Test func committedVocabulariesLoadWithTheirTokenCounts() throws {
        #expect(try TestSupport.encoding("cl100k_base").mergeableTokenCount == 100_256)
        #expect(try TestSupport.encoding("o200k_base").mergeableTokenCount == 199_998)
    }

    @Test func missingVocabularyIsAnUnreadableFileError() throws {
        let directory = try TestSupport.copyOfResources(withVocabularies: false)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let error = TestSupport.caught { _ = try Encoding.load(name: "cl100k_base", directory: directory) }
        guard case let .unreadableFile(path, _) = error else {
            Issue.record("unexpected \(String(describing: error))")
            return
        }
        #expect(path.hasSuffix("cl100k_base.tiktoken"))
    }

    @Test func corruptVocabularyFailsTheChecksum() throws {
        let directory = try TestSupport.copyOfResources(withVocabularies: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/o200k_base.tiktoken"
        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        bytes[100] ^= 0x01
        try bytes.write(to: URL(fileURLWithPath: path))
        let error = TestSupport.caught { _ = try Encoding.load(name: "o200k_base", directory: directory) }
        guard case let .checksumMismatch(_, expected, actual) = error else {
            Issue.record("unexpected \(String(describing: error))")
            return
        }
        #expect(expected == "446a9538cb6c348e3516120d7c08b09f57c36495e2acfffe59a5bf8b0cfb1a2d")
        #expect(actual != expected)
    }

    @Test func malformedVocabularyLinesAreReportedWithTheirNumber() {
        let cases: [(String, Int)] = [
            ("IQ== 0\nIg== 1\nnot-base64! 2\n", 3),
            ("IQ== 0\nIg==\n", 2),
            ("IQ== 0\nIg== 5\n", 2),
            ("IQ== 0\nIQ== 1\n", 0),
            ("IQ== x\n", 1),
        ]
        for (text, line) in cases {
            let error = TestSupport.caught { _ = try VocabularyParser.parse(Array(text.utf8), path: "v") }
            guard case let .malformedVocabulary(_, got, _) = error else {
                Issue.record("unexpected \(String(describing: error)) for \(text.debugDescription)")
                continue
            }
            #expect(got == line, "\(text.debugDescription)")
        }
    }

    @Test func vocabularyParserDecodesBase64AndRanks() throws {
        let table = try VocabularyParser.parse(Array("IQ== 0\nIiM= 1\nJCUm 2\r\n\n".utf8), path: "v")
        #expect(table.count == 3)
        #expect(table.store == Array("!\"#$%&".utf8))
        #expect(table.offsets == [0, 1, 3, 6])
    }

    @Test func unknownEncodingAndUnsupportedPatternAreErrors() throws {
        let table = try ModelTable.load(directory: TestSupport.resources)
        #expect(throws: TiktokenError.unknownEncoding("p50k_base")) {
            try Encoding.load(name: "p50k_base", directory: TestSupport.resources, table: table)
        }
        let json = #"{"default":"x","exact":{},"prefixes":{},"encodings":{"x":{"file":"x.tiktoken","#
            + #""sha256":"00","tokens":1,"pattern":"\\w+","specialTokens":{}}}}"#
        let other = try ModelTable.parse(Array(json.utf8), path: "m")
        #expect(throws: TiktokenError.unsupportedPattern(encoding: "x")) {
            try Encoding.load(name: "x", directory: TestSupport.resources, table: other)
        }
    }
}

/// The class table's shortcuts agree with the runtime's Unicode tables.
struct ScalarClassTableTests {
    @Test func uniformRangesMatchTheRuntimesCategories() {
        for range in ScalarClassTable.uniformRanges {
            for value in range.first...range.last {
                #expect(ScalarClass.compute(value) == range.bits, "U+\(String(value, radix: 16))")
                if ScalarClass.compute(value) != range.bits { return }
            }
        }
    }

    @Test func tableAgreesWithComputeEverywhereAssigned() {
        let table = ScalarClassTable.shared
        var mismatches = 0
        for value in UInt32(0)..<0x110000 where !(0xD800..<0xE000).contains(value) {
            let scalar = Unicode.Scalar(value)
            guard let scalar, scalar.properties.generalCategory != .unassigned,
                  scalar.properties.generalCategory != .privateUse else { continue }
            let bits = table.blocks[Int(table.index[Int(value >> 7)]) + Int(value & 0x7F)]
            if bits != ScalarClass.compute(value) { mismatches += 1 }
        }
        #expect(mismatches == 0)
    }
}
