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
    /// The writer threads and what they share. The threads hold the pool, never the store, so
    /// a store that is dropped closes the queue and its threads end.
    private let pool: WriterPool

    /// A store for `configuration`; fails only when libpq cannot be loaded or cannot parse the URL
    /// (nothing connects yet).
    public convenience init(_ configuration: StoreConfiguration, logger: Logger? = nil) throws(StoreConfigurationError) {
        try self.init(configuration, logger: logger, hooks: WriterHooks())
    }

    init(_ configuration: StoreConfiguration, logger: Logger?, hooks: WriterHooks) throws(StoreConfigurationError) {
        do throws(PGError) {
            _ = try LibPQ.load()
        } catch {
            throw StoreConfigurationError(description: error.message)
        }
        if let problem = PGConnection.checkURL(configuration.url) {
            throw StoreConfigurationError(description: "the database URL is not valid: \(problem)")
        }
        self.configuration = configuration
        spool = Spool(path: configuration.spoolPath, database: PGConnection.identity(configuration.url))
        self.logger = logger ?? Logger(label: "probe.store") { _ in
            JSONLogHandler(level: LogLevelSetting.level(environment: ProcessEnvironment.current()))
        }
        pool = WriterPool(configuration: configuration, spool: spool, logger: self.logger, hooks: hooks)
    }

    deinit {
        pool.queue.close()
        pool.threads.detachAll()
    }

    /// Writer threads running (started and not yet joined by `close()`).
    var writerThreads: Int { pool.threads.count }

    /// Everything written (or spooled, skipped, lost) so far.
    public var statistics: WriteTally { pool.tally.withLock { $0 } }

    // MARK: Writing

    /// Writes one finished probe (`identity` gives the ids of an input that failed validation).
    public func write(_ record: ProbeRecord, identity: BatchIdentity? = nil) async -> WriteOutcome {
        do throws(StoreRecord.Skip) {
            return await write(try StoreRecord.make(record, identity: identity))
        } catch {
            pool.tally.withLock { $0.add(.skipped(error)) }
            return .skipped(error)
        }
    }

    /// Writes one record and waits for the outcome.
    public func write(_ record: StoreRecord) async -> WriteOutcome {
        await withCheckedContinuation { continuation in
            let job = WriterPool.Job(record: record) { continuation.resume(returning: $0) }
            Task { await self.enqueue(job) }
        }
    }

    /// Queues one record and returns once it is queued (waiting while the queue is full);
    /// `completion` gets the outcome once the record is committed or spooled (or found to be
    /// neither): print a result's output there, never before (D12's write-ahead rule).
    /// `drain()` waits for every queued record.
    public func submit(_ record: StoreRecord, completion: @escaping @Sendable (WriteOutcome) -> Void = { _ in }) async {
        await enqueue(WriterPool.Job(record: record, completion: completion))
    }

    /// `submit` for a batch result (skipped results complete at once).
    public func submit(_ result: BatchResult, completion: @escaping @Sendable (WriteOutcome) -> Void = { _ in }) async {
        do throws(StoreRecord.Skip) {
            await submit(try StoreRecord.make(result), completion: completion)
        } catch {
            pool.tally.withLock { $0.add(.skipped(error)) }
            completion(.skipped(error))
        }
    }

    /// Waits until every submitted record is written or spooled.
    public func drain() async {
        await pool.queue.drained()
    }

    /// Drains, then stops the writer threads and waits until each has closed its connection and
    /// ended (so no libpq call races the process's exit). Writes submitted after this are spooled.
    public func close() async {
        await pool.queue.drained()
        pool.queue.close()
        pool.hooks.joining()
        await pool.threads.joinAll()
    }

    private func enqueue(_ job: WriterPool.Job) async {
        pool.startWriters()
        if await !pool.queue.put(job) {
            job.completion(pool.finish(job.record, spoolReason: "the store was closed"))
        }
    }
}
