#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A bounded queue of writes between async callers and the store's writer threads. Threads
/// block in `take()`; callers wait (asynchronously) in `put` while the queue is full.
final class JobQueue<Job: Sendable>: @unchecked Sendable {
    // Guarded by `mutex`.
    private var jobs: [Job] = []
    private var head = 0
    private var closed = false
    private var busy = 0
    private var roomWaiters: [CheckedContinuation<Void, Never>] = []
    private var idleWaiters: [CheckedContinuation<Void, Never>] = []
    // Allocated, not stored inline: pthread objects must not move.
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    private let condition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    let capacity: Int

    init(capacity: Int) {
        self.capacity = max(1, capacity)
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(condition, nil)
    }

    deinit {
        pthread_cond_destroy(condition)
        pthread_mutex_destroy(mutex)
        condition.deallocate()
        mutex.deallocate()
    }

    private var count: Int { jobs.count - head }

    /// Queues `job`, first waiting while the queue is full. Returns false when closed.
    func put(_ job: Job) async -> Bool {
        while true {
            lock()
            if closed {
                unlock()
                return false
            }
            if count < capacity {
                jobs.append(job)
                pthread_cond_signal(condition)
                unlock()
                return true
            }
            await withCheckedContinuation { continuation in
                roomWaiters.append(continuation)
                unlock()
            }
        }
    }

    /// The next job, blocking the calling thread until there is one; nil once closed and empty.
    /// Call `done()` after each job taken.
    func take() -> Job? {
        lock()
        defer { unlock() }
        while count == 0 && !closed { pthread_cond_wait(condition, mutex) }
        guard count > 0 else { return nil }
        let job = jobs[head]
        head += 1
        if head > 1024, head * 2 > jobs.count {
            jobs.removeFirst(head)
            head = 0
        }
        busy += 1
        // One slot freed: one waiter. A waiter that loses the slot to a new `put` waits again,
        // and the next `take` wakes the next one.
        if !roomWaiters.isEmpty { roomWaiters.removeFirst().resume() }
        return job
    }

    /// Marks a taken job finished.
    func done() {
        lock()
        busy -= 1
        var waiters: [CheckedContinuation<Void, Never>] = []
        if busy == 0 && count == 0 {
            waiters = idleWaiters
            idleWaiters = []
        }
        unlock()
        waiters.forEach { $0.resume() }
    }

    /// Waits until every queued job is finished.
    func drained() async {
        lock()
        if busy == 0 && count == 0 {
            unlock()
            return
        }
        await withCheckedContinuation { continuation in
            idleWaiters.append(continuation)
            unlock()
        }
    }

    /// No job is accepted after this; threads leave `take()` once the queue is empty.
    func close() {
        lock()
        closed = true
        pthread_cond_broadcast(condition)
        let waiters = roomWaiters
        roomWaiters = []
        unlock()
        waiters.forEach { $0.resume() }
    }

    private func lock() { pthread_mutex_lock(mutex) }
    private func unlock() { pthread_mutex_unlock(mutex) }
}
