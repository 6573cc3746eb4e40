#if canImport(Glibc)
    import Glibc
#endif

/// Keeps SIGINT and SIGTERM away from the threads the project starts itself. On Linux,
/// Dispatch's signal sources (`SignalTrap`) read the signals through a signalfd, which sees a
/// signal only while it is pending and blocked. A signal the kernel hands to a thread that does
/// not block it takes another path: Dispatch's stand-in handler masks it there and re-sends it
/// to Dispatch's manager thread, a path whose own source comment admits misfires
/// (swift-corelibs-libdispatch `src/event/event_epoll.c`). Dispatch's threads block the signal;
/// ours (stdin's reader, libcurl's loop, the store's writers) now do too, so every signal
/// takes the signalfd path.
public enum TerminationSignals {
    /// Runs `startThread` with SIGINT and SIGTERM blocked in the calling thread, so the thread it
    /// creates inherits them blocked from its first instruction; the caller's mask is restored.
    public static func blockedInNewThreads<T>(_ startThread: () -> T) -> T {
        var blocked = sigset_t()
        sigemptyset(&blocked)
        sigaddset(&blocked, SIGINT)
        sigaddset(&blocked, SIGTERM)
        var previous = sigset_t()
        pthread_sigmask(SIG_BLOCK, &blocked, &previous)
        defer { pthread_sigmask(SIG_SETMASK, &previous, nil) }
        return startThread()
    }
}

extension TerminationSignals {
    /// Runs `spawn` with `posix_spawn` attributes that give the child an empty signal mask: a
    /// child spawned from one of our threads would otherwise inherit SIGINT and SIGTERM blocked
    /// (`blockedInNewThreads`) and never die of them.
    public static func withUnblockedChild<T>(_ spawn: (UnsafePointer<posix_spawnattr_t>) -> T) -> T {
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK))
        return withUnsafePointer(to: &attributes) { spawn($0) }
    }
}
