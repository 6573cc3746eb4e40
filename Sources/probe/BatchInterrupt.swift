import ProbeEngine
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// SIGINT/SIGTERM during a batch: the first stops it with the grace, a second cuts the grace
/// short. A signal before the batch starts (while the `--resume` file is read) exits at once.
final class BatchInterrupt: Sendable {
    private struct State {
        var first: Int32?
        var count = 0
        var starting = false
        var run: BatchRun?
    }

    private let state = Mutex(State())
    private let grace: Duration

    init(grace: Duration) {
        self.grace = grace
    }

    var firstSignal: Int32? { state.withLock { $0.first } }

    func received(_ number: Int32) {
        let (starting, run, count) = state.withLock { state -> (Bool, BatchRun?, Int) in
            if state.first == nil { state.first = number }
            state.count += 1
            return (state.starting, state.run, state.count)
        }
        // Not started yet: no probe has run, nothing was paid; stop at once.
        guard starting else { exit(128 + number) }
        run?.stop(grace: count == 1 ? grace : .zero)
    }

    /// The batch is about to start: from now on a signal stops it instead of exiting.
    func starting() {
        state.withLock { $0.starting = true }
    }

    /// The started batch; a signal that came while it was starting stops it now.
    func attach(_ run: BatchRun) {
        let count = state.withLock { state -> Int in
            state.run = run
            return state.count
        }
        if count > 0 { run.stop(grace: count == 1 ? grace : .zero) }
    }
}
