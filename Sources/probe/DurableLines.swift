import ProbeEngine
import ProbeStore

/// The write-ahead rule of `probe batch` with a database (DECISIONS D12): a result's line is
/// written only once the result is durable (committed, or fsynced to the spool), so every input
/// with a success line is in the database or the spool at every instant, even after SIGKILL.
/// Writes run on the store's connections side by side; each write's completion hands its line
/// to `LineOutput` (which writes it, or leaves it to the completion already writing), so lines
/// come in the order results became durable. The batch waits when the store's queue is full or
/// too many lines wait for stdout.
final class DurableLines: Sendable {
    private let store: ProbeStore
    private let output: LineOutput

    init(store: ProbeStore, output: LineOutput = LineOutput()) {
        self.store = store
        self.output = output
    }

    /// Queues `result`'s write; its line follows once the write is committed or spooled. A
    /// result with nothing to write (CANCELLED, no ids) has its line at once, and so has one that
    /// could be neither written nor spooled (`lost`: the line is then its only copy, and an error
    /// log line says so). `line` is the output line (default `result.jsonLine`; `probe batch`
    /// passes the one carrying the input's `requestId`).
    func submit(_ result: BatchResult, line: [UInt8]? = nil) async {
        await output.waitForRoom()
        let line = line ?? result.jsonLine
        await store.submit(result) { [output] _ in output.append(line) }
    }

    /// Waits for every write (`store.close()`). Every line is then written: a completion that is
    /// writing lines is still inside its store job.
    func close() async {
        await store.close()
    }
}
