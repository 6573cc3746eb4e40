import Testing
@testable import ProbeEngine

/// `ProviderGate`: the waiting side of the pacing rules.
@Suite struct GateTests {
    static var far: ContinuousClock.Instant { .now + .seconds(3600) }

    @Test func aWaiterGetsTheSlotWhenItIsGivenBack() async throws {
        let gate = ProviderGate(limit: ProviderLimit(maxInFlight: 1))
        let first = try await gate.enter(deadline: Self.far)
        let second = Task { try await gate.enter(deadline: Self.far) }
        try await BatchTests.waitUntil { gate.waiting == 1 }
        gate.leave(first, .replied(pause: nil))
        _ = try await second.value
        #expect(gate.waiting == 0)
    }

    @Test func aWaitingRequestIsCancellable() async throws {
        let gate = ProviderGate(limit: ProviderLimit(maxInFlight: 1))
        _ = try await gate.enter(deadline: Self.far)
        let waiting = Task { () async throws(ProviderGate.Refusal) -> ProviderPacing.Ticket in
            try await gate.enter(deadline: Self.far)
        }
        try await BatchTests.waitUntil { gate.waiting == 1 }
        waiting.cancel()
        await #expect(throws: ProviderGate.Refusal.cancelled) { try await waiting.value }
        #expect(gate.waiting == 0)
    }

    @Test func aWaitingRequestGivesUpAtItsDeadline() async throws {
        let gate = ProviderGate(limit: ProviderLimit(maxInFlight: 1))
        _ = try await gate.enter(deadline: Self.far)
        await #expect(throws: ProviderGate.Refusal.pastDeadline) {
            try await gate.enter(deadline: .now + .milliseconds(30))
        }
        #expect(gate.waiting == 0)
    }

    @Test func aPauseLongerThanTheDeadlineRefusesAtOnce() async throws {
        let gate = ProviderGate(limit: ProviderLimit())
        let ticket = try await gate.enter(deadline: Self.far)
        gate.leave(ticket, .rateLimited(pause: .seconds(600)))
        await #expect(throws: ProviderGate.Refusal.pastDeadline) {
            try await gate.enter(deadline: .now + .seconds(60))
        }
    }
}
