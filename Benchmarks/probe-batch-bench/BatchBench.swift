import ProbeMock
import ProbeTestSupport

#if canImport(Glibc)
    import Glibc
#endif

/// `probe-batch-bench`: the concurrent engine measured through `probe batch` against the
/// project's mock provider (`probe-mock`, a separate process), next to the old orchestration
/// (one Python worker per probe) in the same run. Sections: latency, python, zero, soak.
/// Run it with `scripts/bench/batch.sh`, which builds the release binaries first.
@main
struct BatchBench {
    var options = Options()

    struct Options {
        var probe = ".build-bench/release/probe"
        var mock = ".build-bench/release/probe-mock"
        var python = ".venv/bin/python"
        var script = "workers-python-legacy/probe.py"
        var probes = 1000
        var inFlight = 200
        var latencyMs = 500
        var zeroProbes = 2000
        var soakProbes = 10_000
        var faultPercent = 5
        var sections: Set<String> = ["latency", "python", "zero", "soak"]
    }

    static func main() async {
        signal(SIGPIPE, SIG_IGN)
        var bench = BatchBench()
        bench.options = parse(Array(CommandLine.arguments.dropFirst()))
        for path in [bench.options.probe, bench.options.mock] where access(path, X_OK) != 0 {
            Console.error("no executable at \(path) (build with scripts/bench/batch.sh)")
            exit(1)
        }
        Console.print("probe-batch-bench: \(bench.options.probes) probes x \(MockWorkload.batchBench.turns) turns over six providers; \(bench.options.inFlight) in flight; 2 cores shared by engine and mock")
        var probeWallMs: Double?
        if bench.options.sections.contains("latency") { probeWallMs = bench.latency() }
        if bench.options.sections.contains("python") { bench.python(probeWallMs: probeWallMs) }
        if bench.options.sections.contains("zero") { await bench.zeroLatency() }
        if bench.options.sections.contains("soak") { await bench.soak() }
    }

    /// 1,000 probes × 3 turns, 500 ms per reply, 200 in flight, against the ideal.
    func latency() -> Double? {
        Console.print("\n== latency: \(options.latencyMs) ms per reply")
        guard let mock = MockProcess(path: options.mock, latencyMs: options.latencyMs) else { return nil }
        let run = BatchRun(probePath: options.probe, arguments: ["--concurrency", "\(options.inFlight)"],
                           environment: MockWorkload.environment(mockPort: mock.port), count: options.probes)
        let result = run.run()
        _ = mock.stop()
        guard let result else { return nil }
        let waves = (Double(options.probes) / Double(options.inFlight)).rounded(.up)
        let idealMs = waves * Double(MockWorkload.batchBench.turns) * Double(options.latencyMs)
        let over = result.wallMs / idealMs - 1
        Table.outcome(result, expected: options.probes)
        Console.print("wall \(Figures.fixed(result.wallMs / 1000, 2)) s, ideal \(Figures.fixed(idealMs / 1000, 2)) s: \(Figures.fixed(over * 100))% over (target <= 15%): \(over <= 0.15 ? "met" : "MISSED")")
        Console.print("peak RSS \(Table.mib(result.peakRSSKiB)) MiB (target < 150): \(result.peakRSSKiB < 150 * 1024 ? "met" : "MISSED")")
        Console.print("threads, most at once \(result.maxThreads) (target <= 16): \(result.maxThreads <= 16 ? "met" : "MISSED")")
        Console.print("CPU \(Figures.fixed(result.cpuSeconds, 2)) s = \(Figures.fixed(result.cpuSeconds / Double(max(1, result.turns)) * 1e6, 0)) µs per turn")
        return result.wallMs
    }

    /// The same probes through the Python worker, spawned once per probe, 200 at a time.
    func python(probeWallMs: Double?) {
        Console.print("\n== python: one `python probe.py` per probe, \(options.inFlight) at a time (the old orchestrator)")
        guard access(options.python, X_OK) == 0, access(options.script, R_OK) == 0 else {
            Console.print("python worker not found (\(options.python) \(options.script)): skipped")
            return
        }
        guard let mock = MockProcess(path: options.mock, latencyMs: options.latencyMs) else { return }
        let pool = PythonPool(interpreter: options.python, script: options.script,
                              environment: MockWorkload.environment(mockPort: mock.port, extra: ["PATH": "/usr/bin:/bin"]),
                              count: options.probes, parallel: options.inFlight)
        let result = pool.run()
        _ = mock.stop()
        Console.print("python: \(result.successes) succeeded, \(result.failures) failed, \(result.turns) turns; wall \(Figures.fixed(result.wallMs / 1000, 2)) s; CPU \(Figures.fixed(result.cpuSeconds, 1)) s")
        if let probeWallMs {
            Console.print("probe/python wall time \(Figures.fixed(probeWallMs / result.wallMs, 3)) (python takes \(Figures.fixed(result.wallMs / probeWallMs, 1))x as long)")
        }
    }

    /// Zero reply latency: the engine's own throughput and CPU per turn, and the mock's capacity.
    func zeroLatency() async {
        Console.print("\n== zero latency: \(options.zeroProbes) probes, \(options.inFlight) in flight")
        guard let mock = MockProcess(path: options.mock, latencyMs: 0) else { return }
        let run = BatchRun(probePath: options.probe, arguments: ["--concurrency", "\(options.inFlight)"],
                           environment: MockWorkload.environment(mockPort: mock.port), count: options.zeroProbes)
        let mockCPUBefore = mock.cpuSeconds
        let result = run.run()
        let mockCPU = mock.cpuSeconds - mockCPUBefore
        guard let result else {
            _ = mock.stop()
            return
        }
        Table.outcome(result, expected: options.zeroProbes)
        let seconds = result.wallMs / 1000
        Console.print("probe: \(Figures.fixed(Double(result.outputs) / seconds, 0)) probes/s, \(Figures.fixed(Double(result.turns) / seconds, 0)) turns/s; CPU \(Figures.fixed(result.cpuSeconds / Double(max(1, result.turns)) * 1e6, 0)) µs per turn; peak RSS \(Table.mib(result.peakRSSKiB)) MiB; threads \(result.maxThreads)")
        Console.print("mock during that run: CPU \(Figures.fixed(mockCPU, 2)) s over \(Figures.fixed(seconds, 2)) s wall (\(Figures.fixed(mockCPU / seconds * 100, 0))% of one core)")
        let capacity = await MockCapacity.measure(port: mock.port, inFlight: 64, seconds: 3)
        let stats = mock.stop()
        Console.print("mock capacity to a bare libcurl client (64 in flight, 3 s): \(Figures.fixed(capacity, 0)) requests/s; the engine used \(Figures.fixed(Double(result.turns) / seconds / capacity * 100, 0))% of it")
        if let served = stats["requests"]?.numberValue?.intValue { Console.print("mock served \(served) requests in total") }
    }

    /// 10,000 probes with injected faults through the embedded API in this process: one output
    /// per input, memory flat, descriptors and threads at the end with the engine still alive.
    func soak() async {
        Console.print("\n== soak: \(options.soakProbes) probes, \(options.faultPercent)% faults, \(options.inFlight) in flight, zero latency, ProbeEngine.batch in this process")
        guard let mock = MockProcess(path: options.mock, latencyMs: 0, faultPercent: options.faultPercent) else { return }
        let soak = EmbeddedSoak(mockPort: mock.port, count: options.soakProbes, concurrency: options.inFlight)
        let outcome = await soak.run()
        let stats = mock.stop()
        Table.outcome(outcome.tally, expected: options.soakProbes)
        if let before = outcome.before, let early = outcome.early, let end = outcome.end {
            Console.print("RSS before \(Table.mib(before.rssKiB)) MiB, after \(options.soakProbes / 10) outputs \(Table.mib(early.rssKiB)) MiB, after all \(Table.mib(end.rssKiB)) MiB (growth over the last 90%: \(Figures.fixed(Double(end.rssKiB - early.rssKiB) / 1024)) MiB)")
            Console.print("at the end, engine alive and idle: \(end.openFiles) open descriptors (\(before.openFiles) before the batch; the rest are libcurl's kept-alive connections), \(end.threads) threads in this process")
        }
        Console.print("wall \(Figures.fixed(outcome.tally.wallMs / 1000, 1)) s")
        if let faults = stats["faults"]?.numberValue?.intValue, let served = stats["requests"]?.numberValue?.intValue {
            Console.print("mock: \(served) requests, \(faults) faults injected")
        }
    }
}
