import ProbeEngine
import ProbeStore
import Synchronization

/// The write-ahead rule of `probe batch` with a database (DECISIONS D12): a result's line is
/// written only once the result is durable (committed, or fsynced to the spool), so every input
/// with a success line is in the database or the spool at every instant, even after SIGKILL.
/// Writes run on the store's connections side by side; each line is written by the write's
/// completion, so lines come in the order results became durable. The batch waits only when
/// the store's queue is full, as before.
final class DurableLines: Sendable {
    private let store: ProbeStore
    private let write: @Sendable ([UInt8]) -> Void
    /// One line at a time: completions run on several writer threads.
    private let lock = Mutex(())

    /// `write` takes one whole line (default: stdout).
    init(store: ProbeStore, write: @escaping @Sendable ([UInt8]) -> Void = StandardIO.writeStdout) {
        self.store = store
        self.write = write
    }

    /// Queues `result`'s write; its line follows once the write is committed or spooled. A
    /// result with nothing to write (CANCELLED, no ids) has its line at once, and so has one that
    /// could be neither written nor spooled (`lost`: the line is then its only copy, and an error
    /// log line says so).
    func submit(_ result: BatchResult) async {
        let line = result.jsonLine
        await store.submit(result) { [self] _ in
            lock.withLock { _ in write(line) }
        }
    }
}
