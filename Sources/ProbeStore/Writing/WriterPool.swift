import Logging
import ProbeEngine
import Synchronization

/// A store's writer threads (one connection each, started on the first write) and the queue,
/// health, spool and counts they share.
final class WriterPool: Sendable {
    struct Job: Sendable {
        let record: StoreRecord
        let completion: @Sendable (WriteOutcome) -> Void
    }

    let configuration: StoreConfiguration
    let spool: Spool
    let logger: Logger
    let queue: JobQueue<Job>
    let health = DatabaseHealth()
    let tally = Mutex(WriteTally())
    /// Joined by `ProbeStore.close()`.
    let threads = WriterThreads()
    let hooks: WriterHooks

    init(configuration: StoreConfiguration, spool: Spool, logger: Logger, hooks: WriterHooks = WriterHooks()) {
        self.configuration = configuration
        self.spool = spool
        self.logger = logger
        self.hooks = hooks
        queue = JobQueue(capacity: max(64, configuration.connections * 64))
    }

    /// Starts the writer threads that are not running yet (none once the store is closed).
    func startWriters() {
        threads.start(upTo: configuration.connections) { [self] in
            let writer = ResultWriter(configuration: configuration, health: health, logger: logger)
            while let job = queue.take() {
                let outcome: WriteOutcome
                switch writer.write(job.record) {
                case .success(let written):
                    outcome = written
                    tally.withLock { $0.add(written) }
                    logger.info("result written", metadata: [
                        "runId": "\(job.record.runId)", "scenarioId": "\(job.record.scenarioId)",
                        "modelId": "\(job.record.modelId)", "outcome": "\(written)",
                    ])
                case .failure(let error):
                    outcome = finish(job.record, spoolReason: error.description)
                }
                job.completion(outcome)
                queue.done()
            }
            writer.close()
            hooks.writerEnded()
        }
    }

    /// Spools a record that could not be written; logs where it went.
    func finish(_ record: StoreRecord, spoolReason reason: String) -> WriteOutcome {
        let ids: Logger.Metadata = [
            "runId": "\(record.runId)", "scenarioId": "\(record.scenarioId)", "modelId": "\(record.modelId)",
        ]
        let outcome: WriteOutcome
        do throws(SpoolError) {
            try spool.append(record, reason: reason)
            logger.warning("database write failed; result spooled (run `probe db flush` to write it)",
                           metadata: ids.merging(["spool": "\(spool.path)", "reason": "\(reason)"]) { $1 })
            outcome = .spooled(reason)
        } catch {
            logger.error("database write failed and the spool could not be written; the output on stdout is the only copy",
                         metadata: ids.merging(["spool": "\(spool.path)", "reason": "\(reason)",
                                                "spoolError": "\(error.reason)"]) { $1 })
            outcome = .lost("\(reason); \(error.description)")
        }
        tally.withLock { $0.add(outcome) }
        return outcome
    }
}

/// Points where tests observe the writer threads (`ProbeStore.close()` joins them).
struct WriterHooks: Sendable {
    /// On a writer thread, after its connection is closed, as the thread ends.
    var writerEnded: @Sendable () -> Void = {}
    /// In `close()`, once the queue is closed, before the threads are joined.
    var joining: @Sendable () -> Void = {}
}
