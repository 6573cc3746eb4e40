import Foundation
import Testing
@testable import Tiktoken

/// The committed multi-script corpus against ids that Python tiktoken produced
/// (scripts/tiktoken/make_fixtures.py).
struct CorpusTests {
    static let corpusNames: [String] = {
        let files = (try? FileManager.default.contentsOfDirectory(atPath: TestSupport.fixtures + "/corpus")) ?? []
        return files.filter { $0.hasSuffix(".txt") }.map { String($0.dropLast(4)) }.sorted()
    }()

    @Test func corpusHasEveryScriptFile() {
        #expect(Set(Self.corpusNames).isSuperset(of: ["english", "code", "multiscript", "emoji", "whitespace", "specials", "long"]))
    }

    @Test(arguments: ["cl100k_base", "o200k_base"])
    func corpusIdsAreExactlyTiktokens(encodingName: String) throws {
        let encoding = try TestSupport.encoding(encodingName)
        for name in Self.corpusNames {
            let textData = try Data(contentsOf: URL(fileURLWithPath: TestSupport.fixtures + "/corpus/\(name).txt"))
            let text = String(decoding: textData, as: UTF8.self)
            let expectedText = try String(
                contentsOfFile: TestSupport.fixtures + "/expected/\(name).\(encodingName).ids", encoding: .utf8)
            let expected = expectedText.split(whereSeparator: { $0 == " " || $0 == "\n" }).compactMap { Int($0) }
            let ids = encoding.encode(text)
            #expect(ids == expected, "\(name).txt with \(encodingName)")
            #expect(encoding.count(text) == expected.count, "\(name).txt with \(encodingName)")
            #expect(try encoding.decode(ids) == text, "\(name).txt round trip")
        }
    }

    @Test(arguments: ["cl100k_base", "o200k_base"])
    func chunkedEncodingOfHugeTextsCutsOnlyAtPieceBoundaries(encodingName: String) throws {
        let encoding = try TestSupport.encoding(encodingName)
        var lines: [String] = []
        for name in Self.corpusNames where name != "long" {
            let data = try Data(contentsOf: URL(fileURLWithPath: TestSupport.fixtures + "/corpus/\(name).txt"))
            lines += String(decoding: data, as: UTF8.self).split(separator: "\n").map { "L \($0) \r" }
        }
        let text = lines.joined(separator: "\n")
        let whole = encoding.encode(text)
        for limit in [600, 1000, 4000] {
            var sink = IDSink()
            encoding.encode(text, into: &sink, chunkLimit: limit)
            let same = sink.ids == whole
            #expect(same, "chunks of \(limit) bytes")
        }
        // A text without newlines is cut at scalar boundaries: it must not crash.
        var sink = CountSink()
        encoding.encode(String(repeating: "漢字 ab", count: 200), into: &sink, chunkLimit: 100)
        #expect(sink.count > 0)
    }

    @Test func specialTokenTextIsOrdinaryText() throws {
        let encoding = try TestSupport.encoding("cl100k_base")
        let ids = encoding.encode("<|endoftext|>")
        #expect(ids.count > 1)
        #expect(!ids.contains(100257))
        #expect(try encoding.decode([100257]) == "<|endoftext|>")
    }

    @Test func emptyTextHasNoTokens() throws {
        for name in ["cl100k_base", "o200k_base"] {
            let encoding = try TestSupport.encoding(name)
            #expect(encoding.encode("").isEmpty)
            #expect(encoding.count("") == 0)
        }
    }

    @Test func decodingAnUnknownIdIsAnError() throws {
        let encoding = try TestSupport.encoding("o200k_base")
        #expect(throws: TiktokenError.unknownTokenID(300_000)) { try encoding.decode([300_000]) }
        #expect(throws: TiktokenError.unknownTokenID(-1)) { try encoding.decode([-1]) }
    }

    @Test func longPiecesMergeTheSameWithTheHeapAsWithTheScan() throws {
        let encoding = try TestSupport.encoding("cl100k_base")
        // One piece just under and one far over the heap threshold: both must round-trip
        // and agree with encoding the same letters split into shorter words.
        let short = String(repeating: "ab", count: BytePairMerger.heapThreshold / 2 - 1)
        let long = String(repeating: "ab", count: BytePairMerger.heapThreshold * 2)
        #expect(try encoding.decode(encoding.encode(short)) == short)
        #expect(try encoding.decode(encoding.encode(long)) == long)
        #expect(encoding.count(long) > encoding.count(short))
    }
}
