import Logging
import ProbeEngine
import Synchronization

/// Writes probe results into PostgreSQL (SPEC §11, DECISIONS D12): per result one transaction
/// with the transcript, the `probe_results` row and the run's progress; a lost or unreachable
/// database is retried with backoff, and what still cannot be written goes to the spool file
/// for `flush()` (`probe db flush`). Writes run on the store's own threads, one connection each.
///
/// ```swift
/// let store = try ProbeStore(StoreConfiguration(url: "postgres://probe@127.0.0.1/probe"))
/// let record = await engine.runRecord(json)
/// let outcome = await store.write(record)      // .inserted, .unchanged, .spooled(reason), …
/// await store.close()
/// ```
public final class ProbeStore: Sendable {
    public let configuration: StoreConfiguration
    public let spool: Spool
    let logger: Logger
    private let health = DatabaseHealth()
    private let queue: JobQueue<Job>
    private let tally = Mutex(WriteTally())
    private let started = Mutex(0)

    struct Job: Sendable {
        let record: StoreRecord
        let completion: @Sendable (WriteOutcome) -> Void
    }

    /// A store for `configuration`; fails only when libpq cannot be loaded or cannot parse the URL
    /// (nothing connects yet).
    public init(_ configuration: StoreConfiguration, logger: Logger? = nil) throws(StoreConfigurationError) {
        do throws(PGError) {
            _ = try LibPQ.load()
        } catch {
            throw StoreConfigurationError(description: error.message)
        }
        if let problem = PGConnection.checkURL(configuration.url) {
            throw StoreConfigurationError(description: "the database URL is not valid: \(problem)")
        }
        self.configuration = configuration
        spool = Spool(path: configuration.spoolPath)
        self.logger = logger ?? Logger(label: "probe.store") { _ in
            JSONLogHandler(level: LogLevelSetting.level(environment: ProcessEnvironment.current()))
        }
        queue = JobQueue(capacity: max(64, configuration.connections * 64))
    }

    deinit {
        queue.close()
    }

    /// Everything written (or spooled, skipped, lost) so far.
    public var statistics: WriteTally { tally.withLock { $0 } }

    // MARK: Writing

    /// Writes one finished probe (`identity` gives the ids of an input that failed validation).
    public func write(_ record: ProbeRecord, identity: BatchIdentity? = nil) async -> WriteOutcome {
        do throws(StoreRecord.Skip) {
            return await write(try StoreRecord.make(record, identity: identity))
        } catch {
            tally.withLock { $0.add(.skipped(error)) }
            return .skipped(error)
        }
    }

    /// Writes one record and waits for the outcome.
    public func write(_ record: StoreRecord) async -> WriteOutcome {
        await withCheckedContinuation { continuation in
            let job = Job(record: record) { continuation.resume(returning: $0) }
            Task { await self.enqueue(job) }
        }
    }

    /// Queues one record and returns once it is queued (waiting while the queue is full);
    /// `completion` gets the outcome. `drain()` waits for every queued record.
    public func submit(_ record: StoreRecord, completion: @escaping @Sendable (WriteOutcome) -> Void = { _ in }) async {
        await enqueue(Job(record: record, completion: completion))
    }

    /// `submit` for a batch result (skipped results complete at once).
    public func submit(_ result: BatchResult, completion: @escaping @Sendable (WriteOutcome) -> Void = { _ in }) async {
        do throws(StoreRecord.Skip) {
            await submit(try StoreRecord.make(result), completion: completion)
        } catch {
            tally.withLock { $0.add(.skipped(error)) }
            completion(.skipped(error))
        }
    }

    /// Waits until every submitted record is written or spooled.
    public func drain() async {
        await queue.drained()
    }

    /// Drains, then stops the writer threads and closes their connections.
    public func close() async {
        await queue.drained()
        queue.close()
    }

    private func enqueue(_ job: Job) async {
        startWriters()
        if await !queue.put(job) {
            job.completion(finish(job.record, spoolReason: "the store was closed"))
        }
    }

    private func startWriters() {
        let start = started.withLock { count -> Int in
            defer { count = configuration.connections }
            return configuration.connections - count
        }
        for _ in 0..<start {
            WriterThread.start { [queue, configuration, health, logger] in
                let writer = ResultWriter(configuration: configuration, health: health, logger: logger)
                while let job = queue.take() {
                    let outcome: WriteOutcome
                    switch writer.write(job.record) {
                    case .success(let written):
                        outcome = written
                        self.tally.withLock { $0.add(written) }
                        logger.info("result written", metadata: [
                            "runId": "\(job.record.runId)", "scenarioId": "\(job.record.scenarioId)",
                            "modelId": "\(job.record.modelId)", "outcome": "\(written)",
                        ])
                    case .failure(let error):
                        outcome = self.finish(job.record, spoolReason: error.description)
                    }
                    job.completion(outcome)
                    queue.done()
                }
                writer.close()
            }
        }
    }

    /// Spools a record that could not be written; logs where it went.
    private func finish(_ record: StoreRecord, spoolReason reason: String) -> WriteOutcome {
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
