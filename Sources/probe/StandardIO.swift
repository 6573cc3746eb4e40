import ProbeEngine
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Raw stdin/stdout without Foundation.
enum StandardIO {
    /// Reads stdin to its end, stopping once more than `limit` bytes arrived (so the caller can
    /// tell "too large" without holding an unbounded input); `reserve` sizes the buffer from a
    /// regular file's length first.
    static func readStdin(limit: Int, reserve: Bool = false) -> [UInt8] {
        readAll(0, limit: limit, reserve: reserve).bytes
    }

    /// Reads `fd` to its end or until more than `limit` bytes arrived; `failed` when a read
    /// failed (the bytes are then what came before).
    private static func readAll(_ fd: Int32, limit: Int, reserve: Bool) -> (bytes: [UInt8], failed: Bool) {
        var bytes: [UInt8] = []
        // For a whole-file read, room for a regular file's size at once (no doubling copies).
        var info = stat()
        if reserve, fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG, info.st_size > 0 {
            bytes.reserveCapacity(Int(min(Int64(info.st_size), Int64(limit))) + 1)
        }
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while bytes.count <= limit {
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            if count < 0 { return (bytes, true) }
            if count == 0 { break }
            bytes.append(contentsOf: chunk[0..<count])
        }
        return (bytes, false)
    }

    /// Writes all of `bytes` to stdout.
    static func writeStdout(_ bytes: [UInt8]) {
        writeAll(bytes, to: 1)
    }

    /// Writes `text` to stderr.
    static func writeStderr(_ text: String) {
        writeAll(Array(text.utf8), to: 2)
    }

    /// Writes all of `bytes` to `fd` (one write when it takes them all, so lines stay whole).
    static func writeAll(_ bytes: [UInt8], to fd: Int32) {
        bytes.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count, let base = buffer.baseAddress {
                let written = write(fd, base + offset, buffer.count - offset)
                if written < 0 && errno == EINTR { continue }
                if written <= 0 { return }
                offset += written
            }
        }
    }

    /// One JSON value as a line.
    static func writeLine(_ value: JSONValue) {
        var bytes = JSONWriter.bytes(value)
        bytes.append(0x0A)
        writeStdout(bytes)
    }
}

extension StandardIO {
    /// The whole file at `path`, or nil when it cannot be read (errno says why).
    static func readFile(_ path: String) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        let read = readAll(fd, limit: Int.max - 1, reserve: true)
        return read.failed ? nil : read.bytes
    }
}
