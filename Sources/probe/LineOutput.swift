import Synchronization

/// Whole lines for stdout that come from the store's writer threads (`DurableLines`). The first
/// caller to find no write under way writes everything pending, lines that arrive meanwhile
/// included, with one `write` each round; the others only append and go back to their database
/// connection. So lines never interleave, no thread is woken to write them (a wake-up per line
/// cost more CPU than the write), and a slow reader of stdout holds at most the one connection
/// whose thread is writing. The batch waits (`waitForRoom`) while `limit` lines are pending, so a
/// reader that stops slows the batch down instead of piling lines up in memory.
final class LineOutput: Sendable {
    private struct State {
        var pending: [UInt8] = []
        var lines = 0
        var writing = false
        var roomWaiters: [CheckedContinuation<Void, Never>] = []
    }

    private let state = Mutex(State())
    private let limit: Int
    private let write: @Sendable ([UInt8]) -> Void

    /// `write` takes whole lines (default: stdout).
    init(limit: Int = 1024, write: @escaping @Sendable ([UInt8]) -> Void = StandardIO.writeStdout) {
        self.limit = max(1, limit)
        self.write = write
    }

    /// Callers of `waitForRoom` waiting now.
    var waitingForRoom: Int { state.withLock { $0.roomWaiters.count } }

    /// Lines appended and not yet written.
    var pendingLines: Int { state.withLock { $0.lines } }

    /// Adds one whole line. Returns once it is written, or once the caller that is writing has
    /// taken it on (that caller writes until nothing is pending).
    func append(_ line: [UInt8]) {
        var round = state.withLock { state -> (bytes: [UInt8], lines: Int)? in
            state.pending += line
            state.lines += 1
            guard !state.writing else { return nil }
            state.writing = true
            return Self.take(&state)
        }
        while let (bytes, lines) = round {
            write(bytes)
            var waiters: [CheckedContinuation<Void, Never>] = []
            round = state.withLock { state -> (bytes: [UInt8], lines: Int)? in
                state.lines -= lines
                if state.lines < limit {
                    waiters = state.roomWaiters
                    state.roomWaiters = []
                }
                guard !state.pending.isEmpty else {
                    state.writing = false
                    return nil
                }
                return Self.take(&state)
            }
            waiters.forEach { $0.resume() }
        }
    }

    /// Returns once fewer than `limit` lines are pending (at once, without suspending, when so).
    func waitForRoom() async {
        if state.withLock({ $0.lines < limit }) { return }
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let now = state.withLock { state -> Bool in
                guard state.lines >= limit else { return true }
                state.roomWaiters.append(continuation)
                return false
            }
            if now { continuation.resume() }
        }
    }

    private static func take(_ state: inout State) -> (bytes: [UInt8], lines: Int) {
        defer { state.pending = [] }
        return (state.pending, state.lines)
    }
}
