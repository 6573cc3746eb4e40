import Synchronization

/// A running batch: its results, as they finish, and a way to stop it.
///
/// ```swift
/// let run = engine.batch(inputs, options: BatchOptions(concurrency: 200))
/// for await result in run { print(result.index, result.output.isSuccess) }
/// ```
///
/// Every input gets exactly one result. `stop(grace:)` starts no new probe: inputs not started
/// yet get `CANCELLED` at once, probes in flight get `grace` to finish and are then cancelled
/// (`CANCELLED`, with the turns already paid for). Ending the iteration early stops the batch
/// without grace. A result counts against the concurrency bound until it is read, so a slow
/// reader slows the batch down instead of piling results up in memory.
public final class BatchRun: AsyncSequence, Sendable {
    public typealias Element = BatchResult
    public typealias Failure = Never

    private let results: AsyncStream<BatchDriver.Delivery>
    let driver: BatchDriver

    init(results: AsyncStream<BatchDriver.Delivery>, driver: BatchDriver) {
        self.results = results
        self.driver = driver
    }

    public func makeAsyncIterator() -> Iterator {
        Iterator(base: results.makeAsyncIterator(), driver: driver)
    }

    /// Reads the results; each one read gives its slot back to the batch.
    public struct Iterator: AsyncIteratorProtocol {
        public typealias Element = BatchResult
        public typealias Failure = Never

        var base: AsyncStream<BatchDriver.Delivery>.Iterator
        let driver: BatchDriver

        public mutating func next() async -> BatchResult? {
            guard let delivery = await base.next() else { return nil }
            if delivery.heldSlot { driver.released() }
            return delivery.result
        }
    }

    /// No new probe starts; in-flight probes are cancelled once `grace` has passed (at once
    /// for zero). Calling again with a shorter grace cuts the wait short.
    public func stop(grace: Duration = .seconds(10)) {
        driver.stop(grace: grace)
    }
}

/// Starts probes while there is room under the concurrency bound, hands each finished one to
/// the results stream, and keeps the bookkeeping O(1) per probe: a counter for the bound and a
/// table of the tasks in flight (for cancellation).
final class BatchDriver: Sendable {
    /// A result on its way to the reader; `heldSlot` when it counts against the bound until read.
    struct Delivery: Sendable {
        var result: BatchResult
        var heldSlot: Bool
    }

    private struct State {
        var inFlight = 0
        var stopping = false
        var cancelling = false
        var cancelAt: ContinuousClock.Instant?
        var tasks: [UInt64: Task<Void, Never>] = [:]
        var nextTask: UInt64 = 0
        /// The reader stopped reading: nothing will give slots back.
        var readerGone = false
        /// The driver waiting for room (for a slot or for the last probe to end).
        var waiter: CheckedContinuation<Void, Never>?
    }

    private let state = Mutex(State())
    private let concurrency: Int
    private let sink: AsyncStream<Delivery>.Continuation

    init(concurrency: Int, sink: AsyncStream<Delivery>.Continuation) {
        self.concurrency = max(1, concurrency)
        self.sink = sink
    }

    /// Runs the batch to its end: every input of `next` gets one result, then the stream ends.
    func drive<Feed: AsyncIteratorProtocol<BatchInput, Never>>(
        _ feed: inout Feed, run: @escaping @Sendable (BatchInput) async -> BatchResult
    ) async {
        while let input = await feed.next(isolation: nil) {
            guard await takeSlot() else {
                sink.yield(Delivery(result: Self.cancelled(input), heldSlot: false))
                continue
            }
            start(input, run: run)
        }
        await waitUntil { $0.inFlight == 0 || $0.readerGone }
        sink.finish()
    }

    private func start(_ input: BatchInput, run: @escaping @Sendable (BatchInput) async -> BatchResult) {
        // Created under the lock, so the task is in the table before it can finish and leave it.
        let cancelled = state.withLock { state -> Task<Void, Never>? in
            state.nextTask += 1
            let number = state.nextTask
            let task = Task { [sink] in
                sink.yield(Delivery(result: await run(input), heldSlot: true))
                self.ended(number)
            }
            state.tasks[number] = task
            return state.cancelling ? task : nil
        }
        cancelled?.cancel()
    }

    /// Waits for room under the bound; false when the batch is stopping (the input is then not started).
    private func takeSlot() async -> Bool {
        await waitUntil { $0.stopping || $0.readerGone || $0.inFlight < concurrency }
        return state.withLock { state in
            guard !state.stopping else { return false }
            state.inFlight += 1
            return true
        }
    }

    /// Suspends the driver until `condition` holds (checked on every change).
    private func waitUntil(_ condition: (State) -> Bool) async {
        while !state.withLock({ condition($0) }) {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let ready = state.withLock { state -> Bool in
                    if condition(state) { return true }
                    state.waiter = continuation
                    return false
                }
                if ready { continuation.resume() }
            }
        }
    }

    /// A probe's task is over (its result is on its way to the reader).
    private func ended(_ number: UInt64) {
        state.withLock { _ = $0.tasks.removeValue(forKey: number) }
    }

    /// The reader took a result that held a slot: the slot is free.
    func released() {
        wake { $0.inFlight -= 1 }
    }

    /// The reader is gone (the iteration ended early): stop without grace, wait for no one.
    func readerGone() {
        wake { $0.readerGone = true }
        stop(grace: .zero)
    }

    /// Changes the state and wakes the driver to look again.
    private func wake(_ change: (inout State) -> Void) {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            change(&state)
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume()
    }

    /// No new probe starts (the driver is woken to answer the rest with CANCELLED); the tasks
    /// in flight are cancelled at `now + grace`, or sooner when a later call asks for sooner.
    func stop(grace: Duration) {
        let now = ContinuousClock.now
        let (waiter, scheduled) = state.withLock { state -> (CheckedContinuation<Void, Never>?, Bool) in
            state.stopping = true
            defer { state.waiter = nil }
            let at = now + grace
            guard !state.cancelling, state.cancelAt.map({ at < $0 }) ?? true else { return (state.waiter, false) }
            state.cancelAt = at
            return (state.waiter, true)
        }
        waiter?.resume()
        guard scheduled else { return }
        if grace <= .zero {
            cancelInFlight()
        } else {
            Task { [weak self] in
                try? await Task.sleep(until: now + grace, clock: ContinuousClock())
                self?.cancelInFlight(ifDueAt: now + grace)
            }
        }
    }

    private func cancelInFlight(ifDueAt due: ContinuousClock.Instant? = nil) {
        let tasks = state.withLock { state -> [Task<Void, Never>] in
            if let due, state.cancelAt != due { return [] }
            state.cancelling = true
            return Array(state.tasks.values)
        }
        for task in tasks { task.cancel() }
    }

    /// The result of an input that was never started.
    static func cancelled(_ input: BatchInput) -> BatchResult {
        BatchResult(index: input.index, identity: input.identity, output: .failure(ProbeRunner.cancelled, partial: nil))
    }
}
