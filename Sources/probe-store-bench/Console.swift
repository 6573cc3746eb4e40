#if canImport(Glibc)
    import Glibc
#endif

/// Output without C's `stdout`/`stderr` globals (not concurrency-safe in Swift 6). A copy of
/// probe-batch-bench's, which is private to that target.
enum Console {
    static func print(_ text: String) {
        write(1, text + "\n")
    }

    static func error(_ text: String) {
        write(2, "probe-store-bench: " + text + "\n")
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

/// Number formatting (the rounding of probe-batch-bench's `Table.fixed`).
enum Format {
    static func fixed(_ value: Double, _ digits: Int = 1) -> String {
        guard value.isFinite else { return "n/a" }
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let rounded = (value * scale).rounded() / scale
        if digits == 0 { return String(Int(rounded)) }
        var text = "\(rounded)"
        if let dot = text.firstIndex(of: ".") {
            let decimals = text.distance(from: dot, to: text.endIndex) - 1
            text += String(repeating: "0", count: max(0, digits - decimals))
        }
        return text
    }

    /// Milliseconds of a `Duration`.
    static func ms(_ duration: Duration) -> Double {
        let parts = duration.components
        return Double(parts.seconds) * 1000 + Double(parts.attoseconds) / 1e15
    }
}
