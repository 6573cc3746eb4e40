import ProbeTestSupport

/// Memory in MiB and the shared outcome line.
enum Table {
    static func mib(_ kib: Int) -> String {
        Figures.fixed(Double(kib) / 1024)
    }

    /// One line: outputs against inputs, successes, failures by code; flags any mismatch.
    static func outcome(_ result: BatchRun.Result, expected: Int) {
        let codes = result.codes.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        let exact = result.outputs == expected && result.uniqueIndexes == expected && result.unparsable == 0
        Console.print("outputs \(result.outputs) for \(expected) inputs, \(result.uniqueIndexes) distinct indexes (\(exact ? "exactly one each" : "MISMATCH")); \(result.successes) succeeded, \(result.turns) turns; failures: \(codes.isEmpty ? "none" : codes); exit \(result.exitStatus)")
    }
}
