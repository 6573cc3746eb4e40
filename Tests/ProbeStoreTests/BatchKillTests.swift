import ProbeEngine
import ProbeMock
@testable import ProbeStore
import ProbeTestSupport
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// The write-ahead rule (DECISIONS D12): a result is in the database or the spool before its
/// line is on stdout, so a `probe batch` killed with SIGKILL while its writes are blocked leaves
/// no success line whose result is nowhere; `--resume` and `probe db flush` then complete the
/// run with exactly one row per input. Driven by events (rows, lock waiters, backends), not by
/// time: half the inputs belong to a run whose row a second connection holds `FOR UPDATE`, so
/// their writes block deterministically, and the batch is killed once every writer waits.
@Suite struct BatchKillTests {
    static let connections = 4

    @Test func killedWhileWritesAreBlockedLosesNoPrintedResult() async throws {
        let database = try TestDatabase.make()
        let mock = try ProviderMock()
        let spool = TestFiles.path("kill-spool")
        let output = TestFiles.path("kill-out")
        let pidFile = TestFiles.path("kill-pid")
        defer {
            TestFiles.remove(spool)
            unlink(output)
            unlink(pidFile)
        }
        // Run "free" writes; run "held" is locked from the start.
        let total = 300
        let lines = (0..<total).map { DatabaseCommandTests.line("s\($0)", run: $0 % 2 == 0 ? "free" : "held") }
        let stdin = lines.joined(separator: "\n")
        _ = try database.query("INSERT INTO runs (id) VALUES ('held')")
        let locker = try PGConnection(url: database.url)
        defer { locker.close() }
        try locker.executeScript("BEGIN; SELECT id FROM runs WHERE id = 'held' FOR UPDATE")

        let killed = Task {
            try await Self.probeToFile(["batch", "--database-url", database.url, "--spool", spool, "--concurrency", "8"],
                                       stdin: stdin, output: output, pidFile: pidFile, mock: mock)
        }
        // Every writer connection waits for the held row: writes are blocked, the batch is stuck.
        try await Self.waitUntil("all \(Self.connections) writers wait for the lock") {
            try Self.lockWaiters(database) >= Self.connections
        }
        let pid = try #require(pid_t(String(decoding: (TestFiles.read(pidFile) ?? []).filter { $0 >= 0x30 && $0 <= 0x39 },
                                            as: UTF8.self)))
        #expect(kill(pid, SIGKILL) == 0)
        let first = try await killed.value
        #expect(first.signal == SIGKILL, "the batch should have been killed, not finished: \(first.summary)")

        // Release the lock; the blocked statements finish (and may commit) without a client.
        try locker.executeScript("ROLLBACK")
        locker.close()
        try await Self.waitUntil("the killed batch's backends are gone") { try Self.probeBackends(database) == 0 }

        // At this instant every success line is in the database or in the spool.
        let printed = Self.successIndexes(output)
        let stored = Set(try database.query("SELECT scenario_id FROM probe_results").compactMap { $0.first ?? nil })
        let spooled = Set(TestFiles.lines(spool).compactMap { line -> String? in
            (try? JSONParser.parse(line))?["record"]?["scenarioId"]?.stringValue
        })
        let nowhere = printed.filter { !stored.contains("s\($0)") && !spooled.contains("s\($0)") }
        #expect(nowhere.isEmpty, "success lines whose result is neither in the database nor in the spool: \(nowhere.sorted())")

        // Resume (appending to the same output), then flush: every input exactly one row.
        let resumed = try await Self.probeToFile(
            ["batch", "--resume", output, "--database-url", database.url, "--spool", spool, "--concurrency", "8"],
            stdin: stdin, output: output, pidFile: pidFile, mock: mock)
        #expect(resumed.exitStatus == 0, "\(resumed.summary)")
        let flush = try await DatabaseCommandTests.probe(["db", "flush", "--database-url", database.url, "--spool", spool],
                                                         stdin: "")
        #expect(flush.exitStatus == 0, "\(flush.summary)")
        #expect(Self.successIndexes(output) == Set(0..<total))
        #expect(try database.count("probe_results") == total)
        #expect(try database.value("SELECT count(DISTINCT scenario_id) FROM probe_results") == "\(total)")
        #expect(try database.count("transcripts") == total)
        for run in ["free", "held"] {
            let rows = try database.value("SELECT count(*) FROM probe_results WHERE run_id = $1", [run])
            #expect(rows == "\(total / 2)")
            #expect(try database.progress(run)?["completed"] == .int(total / 2))
            #expect(try database.progress(run)?["failed"] == .int(0))
        }
    }

    /// `probe` writes, then prints: killed while its write waits, it has printed nothing, and
    /// running it again writes the one row.
    @Test func singleProbeKilledWhileItsWriteIsBlockedHasPrintedNothing() async throws {
        let database = try TestDatabase.make()
        let mock = try ProviderMock()
        let spool = TestFiles.path("kill-one-spool")
        let output = TestFiles.path("kill-one-out")
        let pidFile = TestFiles.path("kill-one-pid")
        defer {
            TestFiles.remove(spool)
            unlink(output)
            unlink(pidFile)
        }
        _ = try database.query("INSERT INTO runs (id) VALUES ('held')")
        let locker = try PGConnection(url: database.url)
        defer { locker.close() }
        try locker.executeScript("BEGIN; SELECT id FROM runs WHERE id = 'held' FOR UPDATE")
        let input = DatabaseCommandTests.line("one", run: "held")
        let killed = Task {
            try await Self.probeToFile(["--database-url", database.url, "--spool", spool], stdin: input, output: output,
                                       pidFile: pidFile, mock: mock)
        }
        try await Self.waitUntil("the write waits for the lock") { try Self.lockWaiters(database) >= 1 }
        let pid = try #require(pid_t(String(decoding: (TestFiles.read(pidFile) ?? []).filter { $0 >= 0x30 && $0 <= 0x39 },
                                            as: UTF8.self)))
        #expect(kill(pid, SIGKILL) == 0)
        #expect(try await killed.value.signal == SIGKILL)
        #expect(TestFiles.lines(output).isEmpty, "the output was printed before its result was durable")
        try locker.executeScript("ROLLBACK")
        locker.close()
        try await Self.waitUntil("the killed probe's backends are gone") { try Self.probeBackends(database) == 0 }

        let again = try await Self.probeToFile(["--database-url", database.url, "--spool", spool], stdin: input,
                                               output: output, pidFile: pidFile, mock: mock)
        #expect(again.exitStatus == 0, "\(again.summary)")
        let printed = TestFiles.lines(output)
        #expect(printed.count == 1)
        #expect(printed.first.flatMap { try? JSONParser.parse($0) }?["success"] == .bool(true))
        #expect(try database.count("probe_results") == 1)
        #expect(try database.progress("held")?["completed"] == .int(1))
    }

    /// Runs `probe` with stdout appended to `output` (a file the test reads while it runs) and
    /// its process id written to `pidFile`.
    static func probeToFile(_ arguments: [String], stdin: String, output: String, pidFile: String,
                            mock: ProviderMock) async throws -> ProcessResult {
        var environment = mock.environment()
        environment["PATH"] = "/usr/bin:/bin"
        environment["PROBE_BACKOFF_SCALE"] = "0"
        environment["PROBE_DB_CONNECTIONS"] = "\(connections)"
        let script = #"p=$1; o=$2; shift 2; echo $$ > "$p"; exec "$@" >> "$o""#
        return await Subprocess.run("/bin/sh", arguments: ["-c", script, "sh", pidFile, output, try ProbeBinary.path.get()] + arguments,
                                    environment: environment, stdin: Array(stdin.utf8), hangGuardSeconds: 300)
    }

    /// Indexes with a success line in `path`.
    static func successIndexes(_ path: String) -> Set<Int> {
        Set(TestFiles.lines(path).compactMap { line -> Int? in
            guard let object = try? JSONParser.parse(line), object["success"] == .bool(true) else { return nil }
            return object["index"]?.numberValue?.intValue
        })
    }

    /// Backends of this database waiting for a lock.
    static func lockWaiters(_ database: TestDatabase) throws -> Int {
        Int(try database.value("""
            SELECT count(*) FROM pg_stat_activity
            WHERE datname = current_database() AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()
            """) ?? "") ?? 0
    }

    /// Other backends of this database (the killed batch's, the locker's).
    static func probeBackends(_ database: TestDatabase) throws -> Int {
        Int(try database.value("""
            SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()
            """) ?? "") ?? 0
    }

    /// Checks `condition` until it holds; fails after `limit` (a bound for a broken build, not a timing).
    static func waitUntil(_ what: String, limit: Duration = .seconds(120),
                          sourceLocation: SourceLocation = #_sourceLocation,
                          _ condition: () throws -> Bool) async throws {
        let deadline = ContinuousClock.now + limit
        while try !condition() {
            try #require(ContinuousClock.now < deadline, "never happened: \(what)", sourceLocation: sourceLocation)
            try await Task.sleep(for: .milliseconds(20))
        }
    }
}
