/// The pacing rules of one provider, as a pure value: times are offsets on the caller's clock,
/// so tests drive it with an injected clock (DECISIONS D11).
///
/// - In flight: at most `window` requests; `window` starts at the configured maximum (none =
///   unbounded) and follows AIMD: a 429 halves it (from what was really in flight, once per
///   round: requests already in flight when it was cut do not cut it again), each success adds 1
///   back up to the configured maximum.
/// - Requests per minute: starts are spaced evenly, one every 60 s / N; a start is reserved when
///   the request is admitted.
/// - Pause: a reply that asked for a wait (`Retry-After`, scaled) holds every new request of the
///   provider until then.
struct ProviderPacing: Sendable {
    /// What became of a request that was admitted.
    enum Outcome: Sendable, Equatable {
        /// A reply that was not a rate limit (success or another failure); `pause` when it asked for a wait.
        case replied(pause: Duration?)
        /// A rate limit (HTTP 429 or its equivalents), with the wait it asked for.
        case rateLimited(pause: Duration?)
        /// No reply: cut off, cancelled or a transport failure.
        case noReply
    }

    /// The answer to "may a request start?".
    enum Admission: Sendable, Equatable {
        /// Yes: a slot is taken; start at `at` (later than now when requests per minute space it).
        case start(at: Duration, ticket: Ticket)
        /// Not before `until` (the provider is paused); ask again then.
        case paused(until: Duration)
        /// Not until a request in flight ends.
        case full
        /// Not before the probe's deadline.
        case pastDeadline
    }

    /// Proof of admission, handed back with the outcome.
    struct Ticket: Sendable, Equatable {
        /// The AIMD round the request started in.
        var round: Int
    }

    let ceiling: Int
    let spacing: Duration?
    private(set) var inFlight = 0
    private(set) var window: Int
    private(set) var nextStart: Duration?
    private(set) var pausedUntil: Duration?
    private var round = 0

    init(limit: ProviderLimit) {
        ceiling = limit.maxInFlight ?? Int.max
        window = ceiling
        spacing = limit.requestsPerMinute.map { Duration.seconds(60) / $0 }
    }

    /// Whether a request could take a slot now, pauses and spacing aside.
    var hasRoom: Bool { inFlight < window }

    /// Admits a request at `now` when the rules allow, reserving its slot and its start.
    mutating func admit(now: Duration, deadline: Duration) -> Admission {
        if let pausedUntil, pausedUntil > now {
            return pausedUntil >= deadline ? .pastDeadline : .paused(until: pausedUntil)
        }
        guard hasRoom else { return .full }
        var start = now
        if let spacing {
            if let nextStart, nextStart > now { start = nextStart }
            guard start < deadline else { return .pastDeadline }
            nextStart = start + spacing
        }
        inFlight += 1
        return .start(at: start, ticket: Ticket(round: round))
    }

    /// Gives back the slot of an admitted request and learns from how it went.
    mutating func finish(_ ticket: Ticket, _ outcome: Outcome, now: Duration) {
        let wasInFlight = inFlight
        inFlight = max(0, inFlight - 1)
        switch outcome {
        case .rateLimited(let pause):
            if ticket.round == round {
                window = max(1, min(window, wasInFlight) / 2)
                round += 1
            }
            self.pause(pause, now: now)
        case .replied(let pause):
            if window < ceiling { window += 1 }
            self.pause(pause, now: now)
        case .noReply:
            break
        }
    }

    private mutating func pause(_ wait: Duration?, now: Duration) {
        guard let wait, wait > .zero else { return }
        let until = now + wait
        if pausedUntil.map({ until > $0 }) ?? true { pausedUntil = until }
    }
}

extension ProviderPacing.Outcome {
    /// How an attempt went, for pacing: a rate limit, another reply, or none; the wait a reply
    /// asked for (`Retry-After`, SPEC §5) times `backoffScale`.
    init(_ result: Result<ProviderReply, ProbeError>, replied: Bool, backoffScale: Double) {
        guard replied else {
            self = .noReply
            return
        }
        guard case .failure(let error) = result else {
            self = .replied(pause: nil)
            return
        }
        let pause = error.retryAfterMs.map { Duration.milliseconds(Int64(($0 * backoffScale).rounded(.up))) }
        self = error.code == .rateLimit ? .rateLimited(pause: pause) : .replied(pause: pause)
    }
}
