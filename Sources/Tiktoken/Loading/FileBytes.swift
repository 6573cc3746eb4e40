#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Whole-file reads through POSIX calls, so the target needs no Foundation.
enum FileBytes {
    /// The bytes of the file at `path`, or `TiktokenError.unreadableFile`.
    static func contents(of path: String) throws(TiktokenError) -> [UInt8] {
        let fd = open(path, O_RDONLY)
        if fd < 0 { throw .unreadableFile(path: path, reason: errnoText()) }
        defer { close(fd) }
        var info = stat()
        if fstat(fd, &info) != 0 { throw .unreadableFile(path: path, reason: errnoText()) }
        if (info.st_mode & S_IFMT) == S_IFDIR {
            throw .unreadableFile(path: path, reason: "is a directory")
        }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Int(info.st_size) + 1)
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let got = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if got < 0 {
                if errno == EINTR { continue }
                throw .unreadableFile(path: path, reason: errnoText())
            }
            if got == 0 { break }
            bytes.append(contentsOf: chunk[0..<got])
        }
        return bytes
    }

    /// Whether something exists at `path`.
    static func exists(_ path: String) -> Bool {
        access(path, F_OK) == 0
    }

    private static func errnoText() -> String {
        guard let text = strerror(errno) else { return "errno \(errno)" }
        return String(cString: text)
    }
}
