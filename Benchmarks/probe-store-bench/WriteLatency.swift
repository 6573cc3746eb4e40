import Logging
import ProbeEngine
import ProbeStore
import ProbeTestSupport

#if canImport(Glibc)
    import Glibc
#endif

/// Section `write`: the time of one `await store.write(record)` (the embedded API) from call to
/// outcome, for real records: one write at a time, then many writers at once through one store,
/// all on one run (as a batch writes), then each writer on a run of its own. Writers of one run
/// take turns on the run's row from its progress update to the commit; the last phase shows what
/// that costs. Each phase is checked with psql.
struct WriteLatency {
    let options: StoreBench.Options
    let psql: Psql
    let server: ServerProcesses?
    let mockPort: Int
    let runPrefix: String

    /// One phase's timings (milliseconds) and outcomes.
    struct Phase {
        var samples: [Double] = []
        var wallMs = 0.0
        var inserted = 0
        var other: [String: Int] = [:]
        var turns = 0
        var cpu = CPUTimes(server: 0)

        mutating func add(_ other: Phase) {
            samples += other.samples
            wallMs += other.wallMs
            inserted += other.inserted
            self.other.merge(other.other, uniquingKeysWith: +)
            turns += other.turns
            cpu = CPUTimes(own: cpu.own + other.cpu.own, children: cpu.children + other.cpu.children,
                           server: cpu.server + other.cpu.server)
        }
    }

    func run(verdict: Verdict) async {
        Console.print("\n== write: `await store.write(record)`, \(options.writes) records a phase, one store with \(options.connections) connections")
        let records = await RecordSource.records(count: 60, turns: options.turns, mockPort: mockPort)
        guard verdict.check(records.count == 60, "60 source records from the engine (got \(records.count))") else { return }
        let bytes = records.map { JSONWriter.bytes($0.output).count }.reduce(0, +) / records.count
        Console.print("records: outputs of \(records.count) probes run in this process (\(options.turns) turns, \(bytes) bytes of output JSON on average), under new ids")
        let spool = "/tmp/\(runPrefix)-write.spool.jsonl"
        let configuration = StoreConfiguration(url: options.databaseURL, spoolPath: spool, connections: options.connections)
        let store: ProbeStore
        do {
            store = try ProbeStore(configuration, logger: Logger(label: "probe.store") { _ in JSONLogHandler(level: .warning) })
        } catch {
            verdict.check(false, "the store opens: \(error.description)")
            return
        }
        // Every connection opened before anything is timed.
        let warmUp = await phase(store, records, runIds: ["\(runPrefix)-warmup"], first: 0, writes: options.connections * 16,
                                 writers: options.connections * 4)
        verdict.check(warmUp.inserted == options.connections * 16, "warm-up writes inserted (\(warmUp.inserted), others \(warmUp.other))")

        let writers = options.writers
        let phases: [(name: String, runIds: [String], writers: Int)] = [
            ("one at a time", ["\(runPrefix)-sequential"], 1),
            ("\(writers) writers at once, one run", ["\(runPrefix)-one-run"], writers),
            ("\(writers) writers at once, a run each", (0..<writers).map { "\(runPrefix)-run-\($0)" }, writers),
        ]
        // The phases take turns, a slice of the writes each round, so that other work on the
        // machine falls on all of them alike.
        var results = phases.map { _ in Phase() }
        let rounds = min(options.writeRounds, options.writes)
        for round in 0..<rounds {
            let first = options.writes * round / rounds
            let count = options.writes * (round + 1) / rounds - first
            for (index, phase) in phases.enumerated() {
                let part = await self.phase(store, records, runIds: phase.runIds, first: first, writes: count, writers: phase.writers)
                results[index].add(part)
            }
        }
        Console.print("\(rounds) rounds, each phase's writes in \(rounds) slices taken in turn")
        for ((name, runIds, writers), result) in zip(phases, results) {
            let perSecond = Double(result.samples.count) / (result.wallMs / 1000)
            Console.print("\(name): \(Latencies(result.samples).text); \(Figures.fixed(perSecond, 0)) writes/s (\(result.samples.count) in \(Figures.fixed(result.wallMs / 1000, 2)) s)")
            if writers > options.connections {
                // Little's law: with more writers than connections, a write's time is mostly its wait for one.
                Console.print("  \(writers) in flight / \(Figures.fixed(perSecond, 0)) writes/s = \(Figures.fixed(Double(writers) / perSecond * 1000, 1)) ms a write, of which a connection is busy \(options.connections) / \(Figures.fixed(perSecond, 0)) = \(Figures.fixed(Double(options.connections) / perSecond * 1000, 2)) ms; the rest is the wait for one")
            }
            let perWrite = { (seconds: Double) in Figures.fixed(seconds / Double(max(1, result.samples.count)) * 1e6, 0) }
            Console.print("  CPU per write: this process (store, benchmark) \(perWrite(result.cpu.own)) µs, PostgreSQL \(perWrite(result.cpu.server)) µs")
            verdict.check(result.inserted == options.writes && result.other.isEmpty,
                          "\(name): every write inserted (\(result.inserted) inserted, others \(result.other))")
            let expected = RunContents.expected(results: options.writes, successes: options.writes, turns: result.turns)
            switch await psql.contents(ofRuns: runIds) {
            case .success(let found):
                Console.print("  database check (psql): \(found.text): \(found == expected ? "exact" : "MISMATCH")")
                verdict.check(found == expected, "\(name): database holds exactly the writes: expected \(expected.text), found \(found.text)")
            case .failure(let failure):
                verdict.check(false, "\(name): database check query: \(failure)")
            }
        }
        await store.close()
        if verdict.check(BatchComparison.isEmptyOrMissing(spool), "write: the spool \(spool) is empty (kept for a look)") {
            unlink(spool)
        }
    }

    /// `writes` records numbered from `first`, written by `writers` tasks, each one write at a
    /// time; writer `w` writes records first + w, first + w + writers, … under run
    /// `runIds[w % runIds.count]`, scenario `scenario-<n>`.
    func phase(_ store: ProbeStore, _ records: [StoreRecord], runIds: [String], first: Int, writes: Int,
               writers: Int) async -> Phase {
        let clock = ContinuousClock()
        let cpuBefore = CPUTimes.now(server)
        let started = clock.now
        let timings = await withTaskGroup(of: [(ms: Double, outcome: WriteOutcome, turns: Int)].self) { group in
            for writer in 0..<writers {
                group.addTask {
                    var timings: [(ms: Double, outcome: WriteOutcome, turns: Int)] = []
                    for index in stride(from: first + writer, to: first + writes, by: writers) {
                        var record = records[index % records.count]
                        record.runId = runIds[writer % runIds.count]
                        record.scenarioId = "scenario-\(index)"
                        let begun = clock.now
                        let outcome = await store.write(record)
                        timings.append(((clock.now - begun).milliseconds, outcome, RecordSource.turns(record)))
                    }
                    return timings
                }
            }
            var all: [(ms: Double, outcome: WriteOutcome, turns: Int)] = []
            for await some in group { all += some }
            return all
        }
        var phase = Phase()
        phase.wallMs = (clock.now - started).milliseconds
        phase.cpu = CPUTimes.now(server) - cpuBefore
        for timing in timings {
            phase.samples.append(timing.ms)
            phase.turns += timing.turns
            if timing.outcome == .inserted {
                phase.inserted += 1
            } else {
                phase.other["\(timing.outcome)", default: 0] += 1
            }
        }
        return phase
    }
}
