#if canImport(Glibc)
    import Glibc
#endif

/// `probe-bench [--runs N] [--input JSON] [PROBE_PATH]`: start-up time and peak memory of the
/// `probe` binary against the Python worker (`workers-python-legacy/probe.py`, run from the
/// current directory), both on an input that fails validation, so no provider is involved.
@main
enum ProbeBench {
    static func main() {
        var runs = 30
        var input = "{}"
        var probePath = ".build/release/probe"
        var arguments = CommandLine.arguments.dropFirst()
        while let argument = arguments.popFirst() {
            switch argument {
            case "--runs":
                guard let value = arguments.popFirst().flatMap({ Int($0) }), value >= 1 else { usage("--runs needs an integer >= 1") }
                runs = value
            case "--input":
                guard let value = arguments.popFirst() else { usage("--input needs a value") }
                input = value
            case "-h", "--help":
                usage(nil)
            default:
                probePath = argument
            }
        }
        guard access(probePath, X_OK) == 0 else { usage("no executable at \(probePath)") }

        let bytes = Array(input.utf8)
        guard let probe = measure(label: "probe", [probePath], bytes, runs: runs) else { exit(1) }
        var python: Summary?
        let script = "workers-python-legacy/probe.py"
        if access(script, R_OK) == 0 {
            let interpreter = access(".venv/bin/python", X_OK) == 0 ? ".venv/bin/python" : "python3"
            python = measure(label: "python", [interpreter, script], bytes, runs: runs)
        }
        Report.print(runs: runs, input: input, probe: probe, python: python)
        // posix_spawn shares this process's memory until exec, and Linux carries that peak
        // into the child's ru_maxrss: figures at or below this floor are not the child's own.
        var own = rusage()
        getrusage(RUSAGE_SELF.rawValue, &own)
        print("RSS floor (probe-bench's own peak, inherited through spawn): \(Report.fixed(Double(own.ru_maxrss) / 1024)) MiB")
    }

    /// One warm-up run (checked: exit 0 and a failure object), then `runs` timed runs.
    static func measure(label: String, _ argv: [String], _ input: [UInt8], runs: Int) -> Summary? {
        guard let warmUp = Spawn.run(argv, input: input) else { return nil }
        let line = String(decoding: warmUp.stdout, as: UTF8.self)
        guard warmUp.exitStatus == 0, line.contains("\"success\"") else {
            StandardError.write("probe-bench: \(argv.joined(separator: " ")) exited \(warmUp.exitStatus) printing: \(line)\n")
            return nil
        }
        print("\(label): \(line.split(separator: "\n").first ?? "")")
        var samples: [Sample] = []
        for _ in 0..<runs {
            guard let sample = Spawn.run(argv, input: input) else { return nil }
            samples.append(sample)
        }
        return Summary(label: label, samples: samples)
    }

    static func usage(_ problem: String?) -> Never {
        if let problem { StandardError.write("probe-bench: \(problem)\n") }
        StandardError.write("usage: probe-bench [--runs N] [--input JSON] [PROBE_PATH (default .build/release/probe)]\n")
        exit(problem == nil ? 0 : 64)
    }
}
