#if canImport(Glibc)
    import Glibc
#endif

/// Blocking work on its own thread: ProbeStore's libpq writers, and the tests' servers,
/// subprocess pumps and the benchmarks. Not Dispatch's global queue: on Linux its pool is sized to the cores, and a block queued
/// behind blocked workers can wait about a second for a new thread.
public enum DetachedThread {
    /// Runs `body` on a new detached thread (inline when no thread can be started).
    public static func run(_ body: @escaping @Sendable () -> Void) {
        if let thread = start(body) {
            pthread_detach(thread)
        } else {
            body()
        }
    }

    /// Runs `body` on a new joinable thread, started with SIGINT and SIGTERM blocked
    /// (`TerminationSignals`); nil, with `body` not run, when no thread can be started.
    public static func start(_ body: @escaping @Sendable () -> Void) -> pthread_t? {
        final class Box {
            let body: @Sendable () -> Void
            init(_ body: @escaping @Sendable () -> Void) { self.body = body }
        }
        let context = Unmanaged.passRetained(Box(body)).toOpaque()
        var thread = pthread_t()
        let started = TerminationSignals.blockedInNewThreads {
            pthread_create(&thread, nil, { raw in
                guard let raw else { return nil }
                Unmanaged<Box>.fromOpaque(raw).takeRetainedValue().body()
                return nil
            }, context)
        }
        guard started == 0 else {
            Unmanaged<Box>.fromOpaque(context).release()
            return nil
        }
        return thread
    }
}
