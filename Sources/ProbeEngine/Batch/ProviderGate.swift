import Synchronization

/// The door every request of one provider passes during a batch (retries included): it applies
/// `ProviderPacing` on the continuous clock. A request waits while the provider is full, paused
/// or spaced, never past its probe's deadline, and a cancelled task stops waiting at once.
final class ProviderGate: Sendable {
    /// Why a request did not get through.
    enum Refusal: Error, Sendable, Equatable {
        case cancelled
        case pastDeadline
    }

    private struct Waiter {
        var continuation: CheckedContinuation<Bool, Never>
        var deadline: ContinuousClock.Instant
    }

    private struct State {
        var pacing: ProviderPacing
        /// Requests waiting for a slot, by number; `order` holds the numbers first come first
        /// served (numbers of waiters that left already are skipped).
        var waiters: [UInt64: Waiter] = [:]
        var order: [UInt64] = []
        var head = 0
        var nextNumber: UInt64 = 0
        /// One timer for the whole queue, due at the earliest waiter's deadline (a timer per
        /// waiter would leave a pending sleep behind for every waiter woken early).
        var timerDue: ContinuousClock.Instant?
        var timer: Task<Void, Never>?
    }

    private let state: Mutex<State>
    private let clock: any EngineClock
    private let origin: ContinuousClock.Instant

    init(limit: ProviderLimit, clock: any EngineClock = ContinuousEngineClock()) {
        self.clock = clock
        state = Mutex(State(pacing: ProviderPacing(limit: limit)))
        origin = clock.now
    }

    /// Waits until a request may start; the ticket goes back with `leave`.
    func enter(deadline: ContinuousClock.Instant) async throws(Refusal) -> ProviderPacing.Ticket {
        let end = deadline - origin
        while true {
            if Task.isCancelled { throw .cancelled }
            let now = clock.now - origin
            switch state.withLock({ $0.pacing.admit(now: now, deadline: end) }) {
            case .start(let at, let ticket):
                guard at > now else { return ticket }
                do {
                    try await clock.sleep(until: origin + at)
                } catch {
                    leave(ticket, .noReply)
                    throw .cancelled
                }
                return ticket
            case .paused(let until):
                do {
                    try await clock.sleep(until: origin + until)
                } catch {
                    throw .cancelled
                }
            case .pastDeadline:
                throw .pastDeadline
            case .full:
                try await waitForRoom(deadline: deadline)
            }
        }
    }

    /// Gives the slot back, learns from `outcome`, and lets waiting requests try again.
    func leave(_ ticket: ProviderPacing.Ticket, _ outcome: ProviderPacing.Outcome) {
        let now = clock.now - origin
        let woken = state.withLock { state -> [Waiter] in
            state.pacing.finish(ticket, outcome, now: now)
            var woken: [Waiter] = []
            var room = state.pacing.window - state.pacing.inFlight
            while room > 0, let waiter = Self.popFirst(&state) {
                woken.append(waiter)
                room -= 1
            }
            return woken
        }
        for waiter in woken { waiter.continuation.resume(returning: true) }
    }

    /// Requests waiting for a slot now (tests).
    var waiting: Int { state.withLock { $0.waiters.count } }

    /// Suspends until a slot may be free (then admission is asked again), the deadline
    /// passes, or the task is cancelled.
    private func waitForRoom(deadline: ContinuousClock.Instant) async throws(Refusal) {
        let number = state.withLock { state -> UInt64 in
            state.nextNumber += 1
            return state.nextNumber
        }
        let woken = await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
                let queued = state.withLock { state -> Bool in
                    guard !state.pacing.hasRoom, !Task.isCancelled, deadline > clock.now else { return false }
                    state.waiters[number] = Waiter(continuation: continuation, deadline: deadline)
                    state.order.append(number)
                    armTimer(&state, for: deadline)
                    return true
                }
                if !queued { continuation.resume(returning: !Task.isCancelled && deadline > clock.now) }
            }
        } onCancel: {
            let waiter = state.withLock { $0.waiters.removeValue(forKey: number) }
            waiter?.continuation.resume(returning: false)
        }
        guard woken else { throw Task.isCancelled ? .cancelled : .pastDeadline }
    }

    /// Makes sure the queue's timer fires by `deadline`.
    private func armTimer(_ state: inout State, for deadline: ContinuousClock.Instant) {
        if let due = state.timerDue, due <= deadline { return }
        state.timer?.cancel()
        state.timerDue = deadline
        let clock = self.clock
        state.timer = Task { [weak self] in
            try? await clock.sleep(until: deadline)
            if !Task.isCancelled { self?.expireWaiters(timerDue: deadline) }
        }
    }

    /// Fails the waiters whose deadline has come and re-arms the timer for the next one.
    private func expireWaiters(timerDue: ContinuousClock.Instant) {
        let now = clock.now
        let expired = state.withLock { state -> [Waiter] in
            guard state.timerDue == timerDue else { return [] }
            state.timerDue = nil
            state.timer = nil
            let due = state.waiters.filter { $0.value.deadline <= now }
            for number in due.keys { state.waiters[number] = nil }
            if let next = state.waiters.values.map(\.deadline).min() { armTimer(&state, for: next) }
            return Array(due.values)
        }
        for waiter in expired { waiter.continuation.resume(returning: false) }
    }

    /// The longest-waiting request still queued, removed from the queue.
    private static func popFirst(_ state: inout State) -> Waiter? {
        while state.head < state.order.count {
            let number = state.order[state.head]
            state.head += 1
            if let waiter = state.waiters.removeValue(forKey: number) {
                compact(&state)
                return waiter
            }
        }
        compact(&state)
        return nil
    }

    /// Drops the consumed front of `order` once it is most of the array (amortized O(1)).
    private static func compact(_ state: inout State) {
        if state.head > 64 && state.head * 2 > state.order.count {
            state.order.removeFirst(state.head)
            state.head = 0
        }
    }
}

/// One gate per provider for a batch, from the limits in force.
struct ProviderGates: Sendable {
    private let gates: [Provider: ProviderGate]

    init(limits: [Provider: ProviderLimit], clock: any EngineClock = ContinuousEngineClock()) {
        var gates: [Provider: ProviderGate] = [:]
        for provider in Provider.allCases {
            gates[provider] = ProviderGate(limit: limits[provider] ?? ProviderLimit(), clock: clock)
        }
        self.gates = gates
    }

    subscript(provider: Provider) -> ProviderGate? { gates[provider] }
}
