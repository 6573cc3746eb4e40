import ProbeEngine
import Testing

/// An edit to the content of the first, a middle or the last line (the JSON stays valid and
/// decodable, the hash member is untouched) is caught by that line's hash, not by anything
/// else (issue 17: the last line's hash check skipped went unnoticed).
@Suite("cassette content tampering")
struct ContentTamperTests {
    /// `line` (0-based) with the first digit of its `durationMs` value changed.
    static func editDuration(_ lines: [[UInt8]], line: Int) -> [UInt8] {
        var copy = lines
        let key = Array(#""durationMs":"#.utf8)
        if let at = copy[line].firstRange(of: key) {
            let digit = at.upperBound
            copy[line][digit] = copy[line][digit] == UInt8(ascii: "1") ? UInt8(ascii: "2") : UInt8(ascii: "1")
        }
        return copy.flatMap { $0 }
    }

    @Test("a content edit of line 1, 3 or 6 fails that line's hash", arguments: [1, 3, 6])
    func contentEdit(line: Int) async throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let clean = try await IntegrityTests.recorded(in: scratch)
        #expect(clean.lines.count == 6)
        let path = scratch.path("edited.jsonl")
        let edited = Self.editDuration(clean.lines, line: line - 1)
        try Files.write(edited, to: path)
        #expect(try Files.read(path) != Files.read(clean.path), "line \(line): no change made")
        #expect(edited.count == clean.lines.flatMap { $0 }.count)
        do {
            _ = try ReplayTransport(path: path)
            Issue.record("line \(line): replay opened an edited cassette")
        } catch {
            #expect(error.line == line, "\(error)")
            #expect(error.description.contains("hash does not match"), "\(error)")
        }
    }
}
