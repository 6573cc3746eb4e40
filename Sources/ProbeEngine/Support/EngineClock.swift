/// The clock the engine waits on: retries (SPEC §5) and a batch's provider gates. The engine's
/// own is the continuous clock; a test replaces it so every wait is asserted exactly and
/// returns at once (issue 17).
public protocol EngineClock: Sendable {
    /// Now, on the continuous clock's scale (deadlines are instants of it).
    var now: ContinuousClock.Instant { get }
    /// Wall time in epoch milliseconds (an HTTP-date `Retry-After` is measured from it).
    var epochMs: Double { get }
    /// Returns at `deadline`; throws when the task is cancelled.
    func sleep(until deadline: ContinuousClock.Instant) async throws
}

/// The engine's clock: `ContinuousClock` and the system's wall time.
public struct ContinuousEngineClock: EngineClock {
    public init() {}
    public var now: ContinuousClock.Instant { ContinuousClock.now }
    public var epochMs: Double { WallClock.epochMs() }
    public func sleep(until deadline: ContinuousClock.Instant) async throws {
        try await Task.sleep(until: deadline, clock: ContinuousClock())
    }
}
