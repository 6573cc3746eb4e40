import Synchronization
import ProbeTransport

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The store's writer threads, joinable (DECISIONS D12): `ProbeStore.close()` returns only after
/// every thread has closed its connection (`PQfinish`) and ended, so no libpq or Kerberos call
/// races the process's exit (the `k5_mutex_unlock … Assertion 'r == 0'` abort of issue 15).
final class WriterThreads: Sendable {
    private struct State {
        var threads: [pthread_t] = []
        var stopped = false
    }

    private let state = Mutex(State())

    /// Threads started and not yet joined.
    var count: Int { state.withLock { $0.threads.count } }

    /// Starts threads running `body` until `target` run (none once stopped). A thread that cannot
    /// be started is tried again on the next call.
    func start(upTo target: Int, _ body: @escaping @Sendable () -> Void) {
        state.withLock { state in
            guard !state.stopped else { return }
            while state.threads.count < target, let thread = DetachedThread.start(body) {
                state.threads.append(thread)
            }
        }
    }

    /// No thread starts after this; waits until every started thread has ended. The join runs on
    /// a thread of its own, not on a Swift concurrency thread.
    func joinAll() async {
        let threads = state.withLock { state -> [pthread_t] in
            state.stopped = true
            defer { state.threads = [] }
            return state.threads
        }
        guard !threads.isEmpty else { return }
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let join: @Sendable () -> Void = {
                threads.forEach { pthread_join($0, nil) }
                continuation.resume()
            }
            if let helper = DetachedThread.start(join) {
                pthread_detach(helper)
            } else {
                join()  // no thread to spare: join here
            }
        }
    }

    /// For a store dropped without `close()`: no thread starts after this, and the started ones
    /// end by themselves (the queue is closed) and are detached.
    func detachAll() {
        let threads = state.withLock { state -> [pthread_t] in
            state.stopped = true
            defer { state.threads = [] }
            return state.threads
        }
        threads.forEach { pthread_detach($0) }
    }
}
