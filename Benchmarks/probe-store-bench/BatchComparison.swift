import ProbeJSON
import ProbeMock
import ProbeTestSupport

#if canImport(Glibc)
    import Glibc
#endif

/// Section `batch`: `probe batch` over the same generated probes without a database, then with
/// `--database-url`, each pass under a run id of its own (every write an insert), against the
/// mock in this process. The database pass is checked with psql: one result and one transcript
/// per probe, nothing more, and the run's progress.
struct BatchComparison {
    let options: StoreBench.Options
    let psql: Psql
    let server: ServerProcesses?
    let mockPort: Int
    let runPrefix: String

    /// One `probe batch` process: wall time, its outputs tallied, its database line.
    struct Pass {
        var wallMs = 0.0
        var exitStatus: Int32?
        var outputs = 0
        var distinctIndexes = 0
        var successes = 0
        var turns = 0
        var failures: [String: Int] = [:]
        var unparsable = 0
        /// stderr's `{"type":"database", "inserted", …}` line.
        var database: JSONObject?
        var stderrTail = ""
        /// CPU during the pass: `children` is `probe`, `own` the mock in this process.
        var cpu = CPUTimes()

        var probesPerSecond: Double { Double(outputs) / (wallMs / 1000) }

        func count(_ key: String) -> Int? {
            database?[key]?.numberValue?.intValue
        }
    }

    func run(round: Int, verdict: Verdict) async {
        let label = options.rounds > 1 ? " (round \(round) of \(options.rounds))" : ""
        Console.print("\n== batch\(label): `probe batch --concurrency \(options.concurrency)`, \(options.probes) probes x \(options.turns) turns over six providers, mock in this process at zero latency")
        let plain = await pass(runId: "\(runPrefix)-r\(round)-plain", spool: nil)
        Console.print("without database: wall \(Figures.fixed(plain.wallMs / 1000, 2)) s, \(Figures.fixed(plain.probesPerSecond, 0)) probes/s; \(outcome(plain))")
        Console.print("  CPU: \(cpuText(plain))")
        checkOutputs(plain, "without database", verdict)

        let runId = "\(runPrefix)-r\(round)-db"
        let spool = "/tmp/\(runId).spool.jsonl"
        let stored = await pass(runId: runId, spool: spool)
        let inserted = stored.count("inserted") ?? 0
        let writtenPerSecond = Double(inserted) / (stored.wallMs / 1000)
        Console.print("with database (\(options.connections) connections): wall \(Figures.fixed(stored.wallMs / 1000, 2)) s, \(Figures.fixed(stored.probesPerSecond, 0)) probes/s, \(Figures.fixed(writtenPerSecond, 0)) results written/s; \(outcome(stored))")
        Console.print("  CPU: \(cpuText(stored))")
        if inserted > 0 {
            let perResult = { (seconds: Double) in Figures.fixed(seconds / Double(inserted) * 1e6, 0) }
            let perProbe = Figures.fixed(plain.cpu.children / Double(max(1, plain.outputs)) * 1e6, 0)
            Console.print("  CPU per result written: PostgreSQL \(perResult(stored.cpu.server)) µs, `probe` +\(perResult(stored.cpu.children - plain.cpu.children)) µs over the pass without database (\(perProbe) µs a probe there)")
        }
        Console.print("database line: \(stored.database.map { JSONWriter.string(.object($0)) } ?? "none")")
        Console.print("with/without: wall x\(Figures.fixed(stored.wallMs / plain.wallMs, 2)), probes/s x\(Figures.fixed(stored.probesPerSecond / plain.probesPerSecond, 2))")
        checkOutputs(stored, "with database", verdict)
        verdict.check(inserted == stored.outputs && stored.count("spooled") == 0 && stored.count("lost") == 0
                      && stored.count("skipped") == 0 && stored.count("unchanged") == 0 && stored.count("replaced") == 0,
                      "with database: every output inserted, none spooled, skipped or lost (database line \(stored.database.map { JSONWriter.string(.object($0)) } ?? "missing"); stderr …\(stored.stderrTail))")
        if verdict.check(Self.isEmptyOrMissing(spool), "with database: the spool \(spool) is empty (kept for a look)") {
            unlink(spool)
        }

        // CANCELLED results are not written (SPEC §11); anything else is one row.
        let written = stored.outputs - stored.failures["CANCELLED", default: 0]
        let expected = RunContents.expected(results: written, successes: stored.successes, turns: stored.turns)
        switch await psql.contents(ofRuns: [runId]) {
        case .success(let found):
            Console.print("database check (psql) for run \(runId): \(found.text): \(found == expected ? "exact" : "MISMATCH")")
            verdict.check(found == expected && found.results == options.probes,
                          "database holds exactly the batch's results: expected \(expected.text), found \(found.text)")
        case .failure(let failure):
            verdict.check(false, "database check query: \(failure)")
        }
        if let rates = await psql.writeRates(ofRun: runId) {
            Console.print("as the database saw them (created_at): the first tenth at \(Figures.fixed(rates.first, 0)) results/s, the last tenth at \(Figures.fixed(rates.last, 0)), all at \(Figures.fixed(rates.all, 0))")
        }
    }

    /// Runs `probe batch` over the workload of `runId`, with a database when `spool` is set.
    func pass(runId: String, spool: String?) async -> Pass {
        var arguments = ["batch", "--concurrency", "\(options.concurrency)"]
        if let spool { arguments += ["--database-url", options.databaseURL, "--spool", spool] }
        let environment = MockWorkload.environment(mockPort: mockPort, extra: ["PROBE_DB_CONNECTIONS": "\(options.connections)"])
        let input = StoreBench.workload(runId: runId, turns: options.turns).lines(options.probes)
        let clock = ContinuousClock()
        let cpuBefore = CPUTimes.now(server)
        let started = clock.now
        let result = await Subprocess.run(options.probe, arguments: arguments, environment: environment, stdin: input,
                                          hangGuardSeconds: 1800)
        var pass = Pass()
        pass.wallMs = (clock.now - started).milliseconds
        try? await Task.sleep(for: .milliseconds(300))  // the server reaps the closed connections' backends
        pass.cpu = CPUTimes.now(server) - cpuBefore
        pass.exitStatus = result.exitStatus
        var seen = Set<Int>()
        for line in result.stdout.split(separator: 0x0A) {
            pass.outputs += 1
            tally(Array(line), into: &pass, seen: &seen)
        }
        pass.distinctIndexes = seen.count
        for line in result.stderr.split(separator: 0x0A) {
            guard case .object(let object)? = try? JSONParser.parse(Array(line)),
                  object["type"]?.stringValue == "database" else { continue }
            pass.database = object
        }
        pass.stderrTail = String(result.stderrText.suffix(600))
        return pass
    }

    private func tally(_ line: [UInt8], into pass: inout Pass, seen: inout Set<Int>) {
        guard case .object(let object)? = try? JSONParser.parse(line) else {
            pass.unparsable += 1
            return
        }
        if let index = object["index"]?.numberValue?.intValue { seen.insert(index) }
        if object["success"]?.boolValue == true {
            pass.successes += 1
            pass.turns += object["transcript"]?["turns"]?.arrayValue?.count ?? 0
        } else {
            pass.failures[object["error"]?["code"]?.stringValue ?? "?", default: 0] += 1
        }
    }

    private func cpuText(_ pass: Pass) -> String {
        let cpu = pass.cpu
        let total = cpu.own + cpu.children + (cpu.server.isNaN ? 0 : cpu.server)
        return "`probe` \(Figures.fixed(cpu.children, 2)) s, mock (this process) \(Figures.fixed(cpu.own, 2)) s, PostgreSQL \(Figures.fixed(cpu.server, 2)) s; \(Figures.fixed(total, 2)) s in all over \(Figures.fixed(pass.wallMs / 1000, 2)) s wall (\(Figures.fixed(total / (pass.wallMs / 1000) * 100, 0))% of one core)"
    }

    private func outcome(_ pass: Pass) -> String {
        let failures = pass.failures.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
        return "\(pass.outputs) outputs (\(pass.distinctIndexes) distinct indexes), \(pass.successes) succeeded, \(pass.turns) turns, failures: \(failures.isEmpty ? "none" : failures); exit \(pass.exitStatus.map(String.init) ?? "by signal")"
    }

    /// One output per input, all parsed, exit 0.
    private func checkOutputs(_ pass: Pass, _ name: String, _ verdict: Verdict) {
        verdict.check(pass.exitStatus == 0, "\(name): `probe batch` exits 0 (stderr …\(pass.stderrTail))")
        verdict.check(pass.outputs == options.probes && pass.distinctIndexes == options.probes && pass.unparsable == 0,
                      "\(name): exactly one output per input (\(pass.outputs) outputs, \(pass.distinctIndexes) distinct, \(pass.unparsable) unparsable)")
        verdict.check(pass.successes == options.probes && pass.turns == options.probes * options.turns,
                      "\(name): every probe succeeded with \(options.turns) turns (\(pass.successes) succeeded, \(pass.turns) turns)")
    }

    static func isEmptyOrMissing(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) != 0 || info.st_size == 0
    }
}
