import ProbeEngine
@testable import ProbeStore
import Synchronization
import Testing

/// The database lost or unreachable: results are retried, then spooled, and `flush()` writes
/// the spool exactly once. Each test that stops a server has a cluster of its own.
@Suite struct StoreOutageTests {
    @Test func serverStoppedMidBatchAndStartedAgainLosesNothingAndDoublesNothing() async throws {
        try await Cluster.with { try await stopAndStartDuringWrites($0) }
    }

    private func stopAndStartDuringWrites(_ cluster: Cluster) async throws {
        let setup = try ProbeStore(StoreConfiguration(url: cluster.url))
        _ = try setup.migrate()

        let spool = TestFiles.path("outage-spool")

        defer { TestFiles.remove(spool) }
        let logs = LogCapture()
        let store = try ProbeStore(StoreConfiguration(url: cluster.url, spoolPath: spool, retryBudgetMs: 800, connections: 4),
                                   logger: logs.logger)
        let total = 600
        let finished = Mutex(0)
        let spooledSoFar = Mutex(0)
        let stopped = Mutex(false)
        // Results arrive over time, as from a batch. The server stops once 150 are written, while
        // writes are in flight, and starts again once the outage has spooled some.
        let outage = Task {
            while finished.withLock({ $0 }) < 150 { try await Task.sleep(for: .milliseconds(5)) }
            try await cluster.stop()
            stopped.withLock { $0 = true }
            while spooledSoFar.withLock({ $0 }) < 20 { try await Task.sleep(for: .milliseconds(20)) }
            try await cluster.resume()
        }
        for key in 0..<total {
            // Every 10th result is a failure of a key that succeeds later: the replacement must survive the outage.
            let record = key % 10 == 0 ? Outputs.failure("run", "s\(key)", "m") : Outputs.success("run", "s\(key)", "m")
            await store.submit(record) { outcome in
                finished.withLock { $0 += 1 }
                if case .spooled = outcome { spooledSoFar.withLock { $0 += 1 } }
            }
            // Half the results come before the server goes away, half while it is away or back.
            while key == total / 2, !stopped.withLock({ $0 }) { try await Task.sleep(for: .milliseconds(5)) }
            try await Task.sleep(for: .milliseconds(2))
        }
        for key in stride(from: 0, to: total, by: 10) {
            await store.submit(Outputs.success("run", "s\(key)", "m"))
        }
        await store.close()
        try await outage.value

        let direct = store.statistics
        #expect(direct.lost == 0)
        #expect(direct.spooled >= 20, "the outage should have spooled results")
        #expect(direct.inserted + direct.replaced + direct.unchanged + direct.spooled == total + total / 10)
        #expect(logs.all.contains { $0.contains("result spooled") && $0.contains(spool) }, "the log names the spool file")
        #expect(TestFiles.lines(spool).count == direct.spooled)

        let flushed = try store.flush()
        #expect(flushed.lines == direct.spooled)
        #expect(flushed.kept == 0)
        #expect(flushed.rejected == 0)
        #expect(TestFiles.lines(spool).isEmpty)
        let again = try store.flush()
        #expect(again.lines == 0)

        let database = TestDatabase(url: cluster.url, name: "probe")
        #expect(try database.count("probe_results") == total)
        #expect(try database.count("transcripts") == total)
        #expect(try database.value("SELECT count(*) FROM probe_results WHERE status = 'SUCCESS'") == String(total))
        #expect(try database.progress("run") == ["total": .int(0), "completed": .int(total), "failed": .int(0)])
        // Every result ends as exactly one outcome, direct or flushed (a write whose commit the
        // outage hid is spooled and flushed as unchanged, so the split between the kinds varies).
        let written = flushed.written
        #expect(direct.inserted + direct.replaced + direct.unchanged + written.inserted + written.replaced
                + written.unchanged == total + total / 10)
        #expect(direct.inserted + direct.replaced + written.inserted + written.replaced >= total)
    }

    @Test func unreachableDatabaseSpoolsAfterRetriesAndFlushWritesLater() async throws {
        let spool = TestFiles.path("unreachable-spool")
        defer { TestFiles.remove(spool) }
        let logs = LogCapture()
        // Port 1 on loopback: nothing listens, the connection is refused at once.
        let down = try ProbeStore(StoreConfiguration(url: "postgres://probe@127.0.0.1:1/probe", spoolPath: spool,
                                                     retryBudgetMs: 300, connections: 1), logger: logs.logger)
        guard case .unreachable = down.readiness() else {
            Issue.record("port 1 should be unreachable")
            return
        }
        let first = await down.write(Outputs.success("r", "a", "m"))
        guard case .spooled(let reason) = first else {
            Issue.record("expected spooled, got \(first)")
            return
        }
        #expect(reason.contains("127.0.0.1"))
        #expect(await down.write(Outputs.failure("r", "b", "m", partialTurns: 1)) == .spooled(reason))
        await down.close()
        #expect(logs.all.contains { $0.contains("retrying") })
        #expect(TestFiles.lines(spool).count == 2)

        // `probe db flush` later, against a database that is there.
        let database = try TestDatabase.make()
        let store = try database.store(spool: spool)
        let spooled = try #require(TestFiles.read(spool))
        let summary = try store.flush()
        #expect(summary.lines == 2)
        #expect(summary.written.inserted == 2)
        #expect(try database.query("SELECT scenario_id, status FROM probe_results ORDER BY scenario_id")
                == [["a", "SUCCESS"], ["b", "FAILED"]])
        #expect(try database.value("SELECT partial_content -> 'turns' -> 0 ->> 'targetResponse' FROM probe_results WHERE scenario_id = 'b'")
                == "Yes, I would.")
        // A flush cut short (its lines written, the spool not yet emptied) and run again writes nothing twice.
        try Spool.appendLines(spooled, to: spool)
        let again = try store.flush()
        #expect(again.lines == 2)
        #expect(again.written.unchanged == 2)
        #expect(try database.count("probe_results") == 2)
        #expect(try database.progress("r") == ["total": .int(0), "completed": .int(1), "failed": .int(1)])
    }

    @Test func flushIsExactlyOnceAndSetsAsideLinesThatAreNotRecords() async throws {
        let database = try TestDatabase.make()
        let spool = TestFiles.path("flush-spool")
        defer { TestFiles.remove(spool) }
        let store = try database.store(spool: spool)
        let success = Outputs.success("r", "s", "m")
        try store.spool.append(success, reason: "test")
        try store.spool.append(success, reason: "test, again")
        try store.spool.append(Outputs.failure("r", "s", "m"), reason: "test")
        try Spool.appendLines(Array("{\"record\": {\"runId\": 1}}\nnot json at all\n".utf8), to: spool)
        #expect(await store.write(Outputs.failure("r", "s", "m")) == .inserted)

        let summary = try store.flush()
        #expect(summary.lines == 5)
        #expect(summary.written.replaced == 1)
        #expect(summary.written.unchanged == 2)
        #expect(summary.rejected == 2)
        #expect(summary.kept == 0)
        #expect(TestFiles.lines(spool + ".rejected") == ["{\"record\": {\"runId\": 1}}", "not json at all"])
        #expect(try database.count("probe_results") == 1)
        #expect(try database.count("transcripts") == 1)
        #expect(try database.progress("r") == ["total": .int(0), "completed": .int(1), "failed": .int(0)])
    }

    @Test func aDatabaseWithoutTheSchemaSpoolsAtOnce() async throws {
        let database = try TestDatabase.make(migrated: false)
        let spool = TestFiles.path("unmigrated-spool")
        defer { TestFiles.remove(spool) }
        let store = try database.store(spool: spool, retryBudgetMs: 60_000)
        let outcome = await store.write(Outputs.success("r", "s", "m"))
        guard case .spooled(let reason) = outcome else {
            Issue.record("expected spooled, got \(outcome)")
            return
        }
        #expect(reason.contains("probe_write_result"))
        #expect(store.readiness() == .notMigrated(version: 0, needed: ProbeStore.schemaVersion))
        _ = try store.migrate()
        #expect(try store.flush().written.inserted == 1)
        await store.close()
    }

    @Test(arguments: ["host=127.0.0.1 port", "postgres://%zz@127.0.0.1/probe", "postgres://probe@127.0.0.1/p?nosuchoption=1"])
    func anUnparsableURLIsRefusedBeforeAnythingConnects(_ url: String) {
        #expect(throws: StoreConfigurationError.self) {
            try ProbeStore(StoreConfiguration(url: url))
        }
    }
}
