#if canImport(Glibc)
    import Glibc
#endif

/// Lines on stdout and stderr for the benchmark programs, without C's `stdout`/`stderr` globals
/// (not concurrency-safe in Swift 6) and without stdio buffering.
public enum Console {
    /// `text` and a newline on stdout.
    public static func print(_ text: String) {
        write(1, text + "\n")
    }

    /// `text` on stderr after the program's name.
    public static func error(_ text: String) {
        let name = CommandLine.arguments.first?.split(separator: "/").last.map(String.init) ?? "probe"
        write(2, "\(name): \(text)\n")
    }

    private static func write(_ fd: Int32, _ text: String) {
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let count = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { return }
            bytes = bytes.dropFirst(count)
        }
    }
}
