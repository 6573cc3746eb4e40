#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reading cassettes: JSON lines of provider exchanges, each sealed with a sha256 chained to
/// the line before (DECISIONS D13). A cassette is checked whole when opened: the first line
/// that is edited, or follows a deleted, inserted or moved line, is named and nothing is used.
public enum Cassette {
    /// One exchange and the line (1-based) it is on.
    public struct Line: Sendable {
        public var number: Int
        public var exchange: CassetteExchange
    }

    /// The checked exchanges of the cassette at `path`.
    public static func read(_ path: String) throws(CassetteError) -> [Line] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw CassetteError(path: path, .current()) }
        defer { close(fd) }
        let bytes: [UInt8]
        do throws(FileDescriptorIO.Failure) {
            bytes = try FileDescriptorIO.readAll(fd)
        } catch {
            throw CassetteError(path: path, error)
        }
        return try parse(bytes, path: path).lines
    }

    /// The checked exchanges of cassette `bytes` and the last line's hash (the genesis for none).
    /// `path` only names the cassette in errors.
    public static func parse(_ bytes: [UInt8], path: String) throws(CassetteError) -> (lines: [Line], lastHash: String) {
        var lines: [Line] = []
        var previous = CassetteChain.genesis
        guard !bytes.isEmpty else { return (lines, previous) }
        guard CassetteChain.sha256Hex([]) != nil else {
            throw CassetteError(path: path, reason: "cannot check hashes: \(CassetteChain.unavailableReason)")
        }
        let rows = bytes.split(separator: 0x0A, omittingEmptySubsequences: false)
        for (offset, row) in rows.enumerated() {
            let number = offset + 1
            if offset == rows.count - 1 {
                if row.isEmpty { break }
                throw CassetteError(path: path, line: number, reason: "incomplete line (no newline at the end): cut short while writing, or edited")
            }
            guard !row.isEmpty else { throw CassetteError(path: path, line: number, reason: "empty line (lines were edited)") }
            guard let (object, claimed) = CassetteChain.split(row) else {
                throw CassetteError(path: path, line: number, reason: "no \"hash\" member at the end of the line (edited)")
            }
            guard CassetteChain.verify(object: object, claimed: claimed, previous: previous) else {
                throw CassetteError(path: path, line: number, reason: """
                    hash does not match: this line was edited, or a line before it was deleted, inserted or moved
                    """)
            }
            let exchange: CassetteExchange
            do {
                exchange = try CassetteExchange(json: try JSONParser.parse(object, maxDepth: 1024))
            } catch let error as CassetteFormatError {
                throw CassetteError(path: path, line: number, reason: "not a cassette exchange: \(error.reason)")
            } catch {
                throw CassetteError(path: path, line: number, reason: "not JSON: \(error)")
            }
            lines.append(Line(number: number, exchange: exchange))
            previous = claimed
        }
        return (lines, previous)
    }
}
