#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Whole reads and writes on a file descriptor, retrying interrupted calls: the cassettes'
/// and ProbeStore's spool's file I/O.
public enum FileDescriptorIO {
    /// A system call that failed, with the system's reason (`strerror`).
    public struct Failure: Error, Sendable, Equatable {
        public let reason: String

        /// The failure `errno` describes now.
        public static func current() -> Failure {
            Failure(reason: strerror(errno).map { String(cString: $0) } ?? "errno \(errno)")
        }
    }

    /// Everything from `fd`'s current offset to its end.
    public static func readAll(_ fd: Int32) throws(Failure) -> [UInt8] {
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            if count < 0 { throw .current() }
            if count == 0 { return bytes }
            bytes.append(contentsOf: chunk[0..<count])
        }
    }

    /// All of `bytes` written to `fd`.
    public static func writeAll(_ bytes: [UInt8], to fd: Int32) throws(Failure) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { buffer in
                write(fd, buffer.baseAddress.map { $0 + offset }, buffer.count - offset)
            }
            if written < 0 && errno == EINTR { continue }
            if written <= 0 { throw .current() }
            offset += written
        }
    }
}
