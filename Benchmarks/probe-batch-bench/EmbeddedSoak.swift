import ProbeEngine
import ProbeMock

#if canImport(Glibc)
    import Glibc
#endif

/// The soak through the embedded API (`ProbeEngine.batch`) in this process, so memory, threads
/// and open descriptors can be read at exact moments: after the first tenth of the outputs, and
/// after the last one, with the engine still alive and idle.
struct EmbeddedSoak {
    var mockPort: Int
    var count: Int
    var concurrency: Int

    struct Outcome {
        var tally = BatchRun.Result()
        var early: ProcessSnapshot?
        var end: ProcessSnapshot?
        var before: ProcessSnapshot?
    }

    func run() async -> Outcome {
        var outcome = Outcome()
        outcome.before = ProcessSnapshot.of(getpid())
        let environment = MockWorkload.environment(mockPort: mockPort, extra: ["PROBE_LOG_LEVEL": "error"])
        let engine = ProbeEngine(environment: environment)
        let inputs = (0..<count).map { BatchInput(index: $0, json: MockWorkload.batchBench.line($0)) }
        let early = max(1, count / 10)
        var seen = Set<Int>()
        let start = Clock.ms()
        for await result in engine.batch(inputs, options: BatchOptions(concurrency: concurrency)) {
            outcome.tally.outputs += 1
            seen.insert(result.index)
            switch result.output {
            case .success(let transcript):
                outcome.tally.successes += 1
                outcome.tally.turns += transcript.turns.count
            case .failure(let error, let partial):
                outcome.tally.codes[error.code.rawValue, default: 0] += 1
                outcome.tally.turns += partial?.turns.count ?? 0
            }
            if outcome.tally.outputs == early { outcome.early = ProcessSnapshot.of(getpid()) }
        }
        outcome.tally.wallMs = Clock.ms() - start
        outcome.tally.uniqueIndexes = seen.count
        outcome.tally.exitStatus = 0
        outcome.end = ProcessSnapshot.of(getpid())
        withExtendedLifetime(engine) {}
        return outcome
    }
}
