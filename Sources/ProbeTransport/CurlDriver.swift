import CCurl
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// The one background thread that drives libcurl's multi interface for a transport: every
/// transfer in flight is an easy handle on one multi handle, and the thread sleeps in
/// `curl_multi_poll` until a socket is ready, a timer is due, or `curl_multi_wakeup` signals
/// a new order, a cancellation or shutdown. Completions resume the callers' continuations.
final class CurlDriver: Sendable {
    private let mailbox: Mailbox
    private let nextID = Atomic<UInt64>(1)
    /// Why the thread could not start, or nil when it runs.
    private let startFailure: String?

    /// Starts the thread; when libcurl or the thread cannot start, every order fails with that reason.
    init() {
        mailbox = Mailbox()
        guard ccurl_global_init_once() == CURLE_OK else {
            startFailure = ccurl_load_error().map { String(cString: $0) } ?? "curl_global_init failed"
            return
        }
        guard let loop = CurlLoop(mailbox: mailbox) else {
            startFailure = "curl_multi_init failed"
            return
        }
        let context = Unmanaged.passRetained(loop).toOpaque()
        var thread = pthread_t()
        let started = TerminationSignals.blockedInNewThreads {
            pthread_create(&thread, nil, { raw in
                guard let raw else { return nil }
                let loop = Unmanaged<CurlLoop>.fromOpaque(raw).takeRetainedValue()
                loop.run()
                return nil
            }, context)
        }
        if started != 0 {
            Unmanaged<CurlLoop>.fromOpaque(context).release()
            startFailure = "cannot start the transfer thread"
            return
        }
        pthread_detach(thread)
        startFailure = nil
    }

    /// A fresh transfer number.
    func newID() -> UInt64 {
        nextID.wrappingAdd(1, ordering: .relaxed).oldValue
    }

    /// Queues `order` for the thread; it resumes the order's continuation when done.
    func submit(_ order: TransferOrder) {
        if let startFailure {
            order.continuation.resume(returning: .failure(.other(startFailure)))
            return
        }
        if let refused = mailbox.post(order) {
            refused.continuation.resume(returning: .failure(.other("transport shut down")))
        }
    }

    /// Stops transfer `id` if it is still running; it then fails with `.cancelled`.
    /// Unknown and finished ids are ignored, so calling it twice or late is harmless.
    func cancel(_ id: UInt64) {
        mailbox.cancel(id)
    }

    /// Ends the thread after failing whatever is still in flight.
    func shutdown() {
        mailbox.stop()
    }
}

/// What callers hand to the driver thread, behind one lock. The multi handle lives here too:
/// `curl_multi_wakeup` is called under the lock, and the thread clears the handle under the
/// lock before cleaning it up, so no wakeup can reach a freed handle.
final class Mailbox: Sendable {
    /// The multi handle as the callers' side sees it. `@unchecked Sendable` because it is only
    /// read under the mailbox's lock, for `curl_multi_wakeup`, which libcurl lets any thread call
    /// while the driver thread polls; the driver thread clears it (under the lock) before freeing.
    struct WakeupHandle: @unchecked Sendable {
        let multi: UnsafeMutableRawPointer
    }

    struct Contents: ~Copyable {
        var handle: WakeupHandle?
        var orders: [TransferOrder] = []
        var cancellations: [UInt64] = []
        var stopping = false
    }

    /// One batch of work for the thread.
    struct Work {
        var orders: [TransferOrder]
        var cancellations: [UInt64]
        var stopping: Bool
    }

    private let contents = Mutex(Contents())

    /// Installs the multi handle the thread waits on.
    func attach(_ multi: UnsafeMutableRawPointer) {
        let handle = WakeupHandle(multi: multi)
        contents.withLock { $0.handle = handle }
    }

    /// Queues `order` and wakes the thread; returns the order back when the thread is gone.
    func post(_ order: TransferOrder) -> TransferOrder? {
        contents.withLock { contents -> TransferOrder? in
            guard let multi = contents.handle?.multi, !contents.stopping else { return order }
            contents.orders.append(order)
            ccurl_multi_wakeup(multi)
            return nil
        }
    }

    /// Queues a cancellation and wakes the thread.
    func cancel(_ id: UInt64) {
        contents.withLock { contents in
            guard let multi = contents.handle?.multi else { return }
            contents.cancellations.append(id)
            ccurl_multi_wakeup(multi)
        }
    }

    /// Asks the thread to finish.
    func stop() {
        contents.withLock { contents in
            contents.stopping = true
            if let multi = contents.handle?.multi { ccurl_multi_wakeup(multi) }
        }
    }

    /// Takes everything queued so far.
    func take() -> Work {
        contents.withLock { contents in
            let work = Work(orders: contents.orders, cancellations: contents.cancellations, stopping: contents.stopping)
            contents.orders = []
            contents.cancellations = []
            return work
        }
    }

    /// Detaches the multi handle so no later call touches it; returns what was still queued.
    func detach() -> [TransferOrder] {
        contents.withLock { contents in
            contents.handle = nil
            let left = contents.orders
            contents.orders = []
            return left
        }
    }
}
