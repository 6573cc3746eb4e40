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
        guard fd >= 0 else { throw CassetteError(path: path, reason: CassetteFile.errnoText()) }
        defer { close(fd) }
        return try parse(try CassetteFile.readAll(fd, path: path), path: path).lines
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

/// POSIX file reads for cassettes (the engine uses no Foundation).
enum CassetteFile {
    /// Everything from `fd`'s current offset to its end.
    static func readAll(_ fd: Int32, path: String) throws(CassetteError) -> [UInt8] {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            if count < 0 { throw CassetteError(path: path, reason: errnoText()) }
            if count == 0 { return bytes }
            bytes.append(contentsOf: chunk[0..<count])
        }
    }

    /// All of `bytes` written to `fd`, or why not.
    static func writeAll(_ bytes: [UInt8], to fd: Int32) -> String? {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { buffer in
                write(fd, buffer.baseAddress.map { $0 + offset }, buffer.count - offset)
            }
            if written < 0 && errno == EINTR { continue }
            if written <= 0 { return errnoText() }
            offset += written
        }
        return nil
    }

    static func errnoText() -> String {
        guard let text = strerror(errno) else { return "errno \(errno)" }
        return String(cString: text)
    }
}
