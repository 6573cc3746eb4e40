#if canImport(Glibc)
    import Glibc
#endif

/// A plain detached POSIX thread for blocking work (reading a pipe, sampling, waiting for a
/// child). Not Dispatch's global queue: on Linux its pool is sized to the cores, and a block
/// queued behind blocked workers waited about a second for a new thread, which showed up as a
/// second of start-up in the measured wall time.
enum OSThread {
    final class Box: Sendable {
        let body: @Sendable () -> Void
        init(_ body: @escaping @Sendable () -> Void) { self.body = body }
    }

    static func start(_ body: @escaping @Sendable () -> Void) {
        let box = Unmanaged.passRetained(Box(body)).toOpaque()
        var thread = pthread_t()
        let started = pthread_create(&thread, nil, { raw in
            guard let raw else { return nil }
            Unmanaged<Box>.fromOpaque(raw).takeRetainedValue().body()
            return nil
        }, box)
        if started == 0 {
            pthread_detach(thread)
        } else {
            Unmanaged<Box>.fromOpaque(box).takeRetainedValue().body()
        }
    }
}
