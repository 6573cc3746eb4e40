import CCrypto
import ProbeEngine
import ProbeTransport
import Testing

/// The sha256 chain: an edited cassette is detected, the line named, and nothing replays (DECISIONS D13).
@Suite("cassette integrity")
struct IntegrityTests {
    /// A cassette of two three-turn probes (6 lines) recorded in-process; its lines.
    static func recorded(in scratch: Scratch) async throws -> (path: String, lines: [[UInt8]]) {
        let path = scratch.path("clean.jsonl")
        let environment = ["OPENAI_API_KEY": "sk-test-fake-integrity", "PROBE_LOG_LEVEL": "error"]
        let engine = ProbeEngine(environment: environment,
                                 transport: try RecordingTransport(path: path, environment: environment, upstream: ScriptedUpstream.openAI),
                                 logger: Logs().logger)
        for reversal in ["Would you?", "Would you still?"] {
            let output = await engine.run(Inputs.threeTurns("gpt-4o", reversal: reversal))
            #expect(output.isSuccess, "\(output.json)")
        }
        let lines = try Files.lines(path)
        #expect(lines.count == 6)
        return (path, lines)
    }

    /// Ways to tamper with a six-line cassette, and the line that must be named.
    static let tampers: [(name: String, line: Int, edit: @Sendable ([[UInt8]]) -> [UInt8])] = [
        ("a changed byte in the reply", 3, { lines in
            var copy = lines
            if let at = copy[2].firstRange(of: Array("Reply 3.".utf8)) { copy[2][at.lowerBound + 6] = UInt8(ascii: "4") }
            return copy.flatMap { $0 }
        }),
        ("a changed byte in the hash", 4, { lines in
            var copy = lines
            let last = copy[3].count - 4
            copy[3][last] = copy[3][last] == UInt8(ascii: "0") ? UInt8(ascii: "1") : UInt8(ascii: "0")
            return copy.flatMap { $0 }
        }),
        ("a deleted line", 2, { lines in (lines[0..<1] + lines[2...]).flatMap { $0 } }),
        ("two lines swapped", 2, { lines in ([lines[0], lines[2], lines[1]] + lines[3...]).flatMap { $0 } }),
        ("a line copied in", 2, { lines in ([lines[0], lines[0]] + lines[1...]).flatMap { $0 } }),
        ("an empty line", 5, { lines in (lines[0..<4] + [[0x0A]] + lines[4...]).flatMap { $0 } }),
        ("the last newline removed", 6, { lines in Array(lines.flatMap { $0 }.dropLast()) }),
        ("the first line's hash member removed", 1, { lines in
            var copy = lines
            copy[0] = Array(copy[0].prefix(copy[0].count - 76)) + Array("}\n".utf8)
            return copy.flatMap { $0 }
        }),
    ]

    @Test("a tampered cassette is detected when opened, and the first bad line named", arguments: 0..<8)
    func tampered(case index: Int) async throws {
        let tamper = Self.tampers[index]
        let scratch = try Scratch()
        defer { scratch.remove() }
        let clean = try await Self.recorded(in: scratch)
        #expect(try Cassette.read(clean.path).count == 6)

        let path = scratch.path("tampered.jsonl")
        try Files.write(tamper.edit(clean.lines), to: path)
        #expect(try Files.read(path) != Files.read(clean.path), "\(tamper.name): no change made")
        do {
            _ = try ReplayTransport(path: path)
            Issue.record("\(tamper.name): replay opened a tampered cassette")
        } catch {
            #expect(error.line == tamper.line, "\(tamper.name): \(error)")
            #expect(error.description.contains("line \(tamper.line):"), "\(error)")
        }
        #expect(throws: CassetteError.self, "\(tamper.name): the engine must not be built") {
            _ = try ProbeEngine.replaying(path, environment: [:])
        }
        // Recording does not extend a broken chain either.
        #expect(throws: CassetteError.self) { _ = try RecordingTransport(path: path, environment: [:], upstream: ScriptedUpstream.openAI) }
    }

    @Test("an empty or missing file: empty replays nothing, missing is an error")
    func emptyAndMissing() throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        try Files.write([], to: scratch.path("empty.jsonl"))
        #expect(try Cassette.read(scratch.path("empty.jsonl")).isEmpty)
        #expect(throws: CassetteError.self) { _ = try ReplayTransport(path: scratch.path("missing.jsonl")) }
    }

    @Test("a line's hash is sha256 of the previous hash then the line without its hash member")
    func hashDefinition() async throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let clean = try await Self.recorded(in: scratch)
        var previous = Array(String(repeating: "0", count: 64).utf8)
        let marker = Array(#","hash":""#.utf8)
        for line in clean.lines {
            // `…,"hash":"<64 hex>"}\n`: the object is the line without that member.
            let cut = line.count - 1 - 2 - 64 - marker.count
            #expect(Array(line[cut..<(cut + marker.count)]) == marker)
            let object = Array(line[..<cut]) + [UInt8(ascii: "}")]
            let claimed = Array(line[(cut + marker.count)..<(line.count - 3)])
            #expect(Digest.sha256Hex(previous + object) == String(decoding: claimed, as: UTF8.self))
            previous = claimed
        }
    }
}

/// sha256 straight from libcrypto, to check the chain's definition.
enum Digest {
    static func sha256Hex(_ bytes: [UInt8]) -> String {
        var digest = [UInt8](repeating: 0, count: 32)
        _ = bytes.withUnsafeBytes { input in
            digest.withUnsafeMutableBufferPointer { ccrypto_sha256(input.baseAddress, input.count, $0.baseAddress) }
        }
        let hex = Array("0123456789abcdef".utf8)
        return String(decoding: digest.flatMap { [hex[Int($0 >> 4)], hex[Int($0 & 0x0F)]] }, as: UTF8.self)
    }
}
