import ProbeTransport
import Testing
@testable import ProbeEngine

/// `ProviderPacing` driven by an injected clock: times are plain offsets.
@Suite struct PacingTests {
    static let far = Duration.seconds(3600)

    static func started(_ admission: ProviderPacing.Admission) -> (at: Duration, ticket: ProviderPacing.Ticket)? {
        if case .start(let at, let ticket) = admission { return (at, ticket) }
        return nil
    }

    @Test func requestsPerMinuteSpaceStartsEvenly() {
        var pacing = ProviderPacing(limit: ProviderLimit(requestsPerMinute: 60))
        #expect(Self.started(pacing.admit(now: .zero, deadline: Self.far))?.at == .zero)
        #expect(Self.started(pacing.admit(now: .zero, deadline: Self.far))?.at == .seconds(1))
        #expect(Self.started(pacing.admit(now: .milliseconds(500), deadline: Self.far))?.at == .seconds(2))
        // After a quiet spell the next request starts at once; spacing counts from it.
        #expect(Self.started(pacing.admit(now: .seconds(10), deadline: Self.far))?.at == .seconds(10))
        #expect(Self.started(pacing.admit(now: .seconds(10), deadline: Self.far))?.at == .seconds(11))
        #expect(pacing.inFlight == 5)
    }

    @Test func aReservedStartPastTheDeadlineIsRefusedAndNotConsumed() {
        var pacing = ProviderPacing(limit: ProviderLimit(requestsPerMinute: 6))
        #expect(Self.started(pacing.admit(now: .zero, deadline: Self.far))?.at == .zero)
        #expect(pacing.admit(now: .seconds(1), deadline: .seconds(5)) == .pastDeadline)
        #expect(Self.started(pacing.admit(now: .seconds(1), deadline: Self.far))?.at == .seconds(10))
    }

    @Test func maxInFlightIsASlotCount() throws {
        var pacing = ProviderPacing(limit: ProviderLimit(maxInFlight: 2))
        let first = try #require(Self.started(pacing.admit(now: .zero, deadline: Self.far)))
        #expect(Self.started(pacing.admit(now: .zero, deadline: Self.far)) != nil)
        #expect(pacing.admit(now: .zero, deadline: Self.far) == .full)
        pacing.finish(first.ticket, .noReply, now: .zero)
        #expect(pacing.hasRoom)
        #expect(Self.started(pacing.admit(now: .zero, deadline: Self.far)) != nil)
    }

    @Test func aRateLimitHalvesWhatWasInFlightOnceARound() throws {
        var pacing = ProviderPacing(limit: ProviderLimit())
        var tickets: [ProviderPacing.Ticket] = []
        for _ in 0..<8 { tickets.append(try #require(Self.started(pacing.admit(now: .zero, deadline: Self.far))).ticket) }
        pacing.finish(tickets[0], .rateLimited(pause: nil), now: .zero)
        #expect(pacing.window == 4)
        // The other requests of that round are rate limited too: no further cut.
        for ticket in tickets[1..<5] { pacing.finish(ticket, .rateLimited(pause: nil), now: .zero) }
        #expect(pacing.window == 4)
        #expect(pacing.inFlight == 3)
        // A request started after the cut that is rate limited cuts again.
        let later = try #require(Self.started(pacing.admit(now: .zero, deadline: Self.far)))
        pacing.finish(later.ticket, .rateLimited(pause: nil), now: .zero)
        #expect(pacing.window == 2)
        #expect(pacing.admit(now: .zero, deadline: Self.far) == .full)
    }

    @Test func successesGrowTheWindowBackToTheConfiguredMaximum() throws {
        var pacing = ProviderPacing(limit: ProviderLimit(maxInFlight: 4))
        var tickets: [ProviderPacing.Ticket] = []
        for _ in 0..<4 { tickets.append(try #require(Self.started(pacing.admit(now: .zero, deadline: Self.far))).ticket) }
        pacing.finish(tickets[0], .rateLimited(pause: nil), now: .zero)
        #expect(pacing.window == 2)
        for ticket in tickets[1...] { pacing.finish(ticket, .replied(pause: nil), now: .zero) }
        #expect(pacing.window == 4)
        for _ in 0..<3 {
            let ticket = try #require(Self.started(pacing.admit(now: .zero, deadline: Self.far))).ticket
            pacing.finish(ticket, .replied(pause: nil), now: .zero)
        }
        #expect(pacing.window == 4)
    }

    @Test func retryAfterPausesNewRequestsUntilThen() throws {
        var pacing = ProviderPacing(limit: ProviderLimit())
        let ticket = try #require(Self.started(pacing.admit(now: .zero, deadline: Self.far))).ticket
        pacing.finish(ticket, .rateLimited(pause: .seconds(2)), now: .seconds(1))
        #expect(pacing.admit(now: .milliseconds(1500), deadline: Self.far) == .paused(until: .seconds(3)))
        #expect(pacing.admit(now: .milliseconds(1500), deadline: .seconds(3)) == .pastDeadline)
        #expect(Self.started(pacing.admit(now: .seconds(3), deadline: Self.far))?.at == .seconds(3))
    }

    @Test func aShorterLaterPauseDoesNotShortenTheFirst() throws {
        var pacing = ProviderPacing(limit: ProviderLimit())
        let a = try #require(Self.started(pacing.admit(now: .zero, deadline: Self.far))).ticket
        let b = try #require(Self.started(pacing.admit(now: .zero, deadline: Self.far))).ticket
        pacing.finish(a, .replied(pause: .seconds(10)), now: .zero)
        pacing.finish(b, .rateLimited(pause: .seconds(1)), now: .zero)
        #expect(pacing.admit(now: .seconds(5), deadline: Self.far) == .paused(until: .seconds(10)))
    }

    @Test func outcomesComeFromTheClassifiedAttempt() {
        let limited = ProbeError(code: .rateLimit, message: "x", statusCode: 429, retryAfterMs: 2000)
        #expect(ProviderPacing.Outcome(.failure(limited), replied: true, backoffScale: 0.5) == .rateLimited(pause: .seconds(1)))
        #expect(ProviderPacing.Outcome(.failure(limited), replied: true, backoffScale: 0) == .rateLimited(pause: .zero))
        let overloaded = ProbeError(code: .serverError, message: "x", statusCode: 503, retryAfterMs: 3000)
        #expect(ProviderPacing.Outcome(.failure(overloaded), replied: true, backoffScale: 1) == .replied(pause: .seconds(3)))
        let reset = ProbeError(code: .networkError, message: "x")
        #expect(ProviderPacing.Outcome(.failure(reset), replied: false, backoffScale: 1) == .noReply)
    }
}

@Suite struct ProviderLimitTests {
    @Test func environmentLimitsAreReadPerProvider() {
        let (limits, warnings) = ProviderLimits.from(environment: [
            "PROBE_MAX_INFLIGHT_OPENAI": "8", "PROBE_RPM_OPENAI": "500", "PROBE_RPM_MISTRAL": "60",
            "PROBE_MAX_INFLIGHT_GOOGLE": "0", "PROBE_RPM_XAI": "ten", "PROBE_MAX_INFLIGHT_DEEPSEEK": "",
        ])
        #expect(limits == [.openai: ProviderLimit(maxInFlight: 8, requestsPerMinute: 500),
                           .mistral: ProviderLimit(requestsPerMinute: 60)])
        #expect(warnings.count == 2)
        #expect(warnings.contains("PROBE_RPM_XAI 'ten' is not an integer >= 1; ignored"))
    }

    @Test func optionsWinOverTheEnvironmentFieldByField() {
        let engine = ProbeEngine(environment: ["PROBE_MAX_INFLIGHT_OPENAI": "3", "PROBE_RPM_OPENAI": "100",
                                               "PROBE_RPM_ANTHROPIC": "50"],
                                 transport: ScriptedTransport([]), logger: LogCapture().logger)
        let limits = engine.batchLimits(BatchOptions(limits: [.openai: ProviderLimit(maxInFlight: 5),
                                                              .google: ProviderLimit(requestsPerMinute: 7)]))
        #expect(limits[.openai] == ProviderLimit(maxInFlight: 5, requestsPerMinute: 100))
        #expect(limits[.anthropic] == ProviderLimit(requestsPerMinute: 50))
        #expect(limits[.google] == ProviderLimit(requestsPerMinute: 7))
        #expect(limits[.xai] == nil)
    }

    @Test func flagValuesNameAProviderAndAPositiveInteger() throws {
        #expect(try ProviderLimits.parseAssignment("OPENAI=8") == (.openai, 8))
        #expect(try ProviderLimits.parseAssignment("anthropic=1") == (.anthropic, 1))
        for bad in ["OPENAI", "OPENAI=", "OPENAI=0", "OPENAI=-1", "OPENAI=1.5", "FOO=3", "=3", "OPENAI=3=4"] {
            #expect(throws: ProviderLimits.SyntaxError.self, "\(bad)") { try ProviderLimits.parseAssignment(bad) }
        }
    }
}
