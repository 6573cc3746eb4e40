import ProbeEngine
import Synchronization

/// A clock the test owns: a sleep is recorded and returns at once, moving the clock to its end,
/// so a wait is asserted exactly and takes no wall time (issue 17).
final class TestClock: EngineClock {
    /// `Sun, 06 Nov 1994 08:49:37 GMT` in epoch milliseconds: the wall time at the start.
    static let startEpochMs = 784_111_777_000.0

    private let base = ContinuousClock.now
    private let state = Mutex<(offset: Duration, waits: [Duration])>((.zero, []))

    var now: ContinuousClock.Instant { base + state.withLock { $0.offset } }
    var epochMs: Double { Self.startEpochMs + Double(Self.ms(state.withLock { $0.offset })) }

    func sleep(until deadline: ContinuousClock.Instant) async throws {
        try Task.checkCancellation()
        state.withLock { state in
            let wait = deadline - (base + state.offset)
            state.waits.append(wait)
            if wait > .zero { state.offset += wait }
        }
    }

    /// Every wait taken so far, in milliseconds, in order.
    var waitsMs: [Int64] { state.withLock { $0.waits.map(Self.ms) } }

    private static func ms(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }
}
