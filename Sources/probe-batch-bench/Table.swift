/// Number formatting and the shared outcome line.
enum Table {
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

    static func mib(_ kib: Int) -> String {
        fixed(Double(kib) / 1024)
    }

    /// One line: outputs against inputs, successes, failures by code; flags any mismatch.
    static func outcome(_ result: BatchRun.Result, expected: Int) {
        let codes = result.codes.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        let exact = result.outputs == expected && result.uniqueIndexes == expected && result.unparsable == 0
        Console.print("outputs \(result.outputs) for \(expected) inputs, \(result.uniqueIndexes) distinct indexes (\(exact ? "exactly one each" : "MISMATCH")); \(result.successes) succeeded, \(result.turns) turns; failures: \(codes.isEmpty ? "none" : codes); exit \(result.exitStatus)")
    }
}
