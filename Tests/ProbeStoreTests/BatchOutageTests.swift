import ProbeEngine
import ProbeMock
@testable import ProbeStore
import ProbeTestSupport
import Testing

/// `probe batch --database-url` while the server goes away and comes back: every output is on
/// stdout, what could not be written is in the spool, and `probe db flush` completes the run.
@Suite struct BatchOutageTests {
    @Test func batchSurvivesTheServerStoppingAndFlushCompletesTheRun() async throws {
        try await Cluster.with { try await batchThroughOutage($0) }
    }

    private func batchThroughOutage(_ cluster: Cluster) async throws {
        let migrate = try await DatabaseCommandTests.probe(["db", "migrate", "--database-url", cluster.url], stdin: "")
        #expect(migrate.exitStatus == 0)
        let database = TestDatabase(url: cluster.url, name: "probe")
        let spool = TestFiles.path("batch-outage-spool")
        defer { TestFiles.remove(spool) }
        // 400 probes of 2 turns, 8 at a time, 30 ms a reply: about 3 s of batch.
        let mock = try ProviderMock(latencyMs: 30)
        let total = 400
        let lines = (0..<total).map { DatabaseCommandTests.line("s\($0)", run: "outage-run") }
        let batch = Task {
            try await DatabaseCommandTests.probe(
                ["batch", "--database-url", cluster.url, "--spool", spool, "--concurrency", "8"],
                stdin: lines.joined(separator: "\n"), mock: mock, extra: ["PROBE_DB_RETRY_MS": "300"])
        }
        // Once a quarter is written, the server stops, with writes in flight, and starts again
        // once the outage has spooled a result (an event, not a time: writes during the outage
        // spool after PROBE_DB_RETRY_MS however slow the machine is).
        while (try? database.count("probe_results")) ?? 0 < total / 4 { try await Task.sleep(for: .milliseconds(20)) }
        try await cluster.stop()
        for _ in 0..<6000 where TestFiles.lines(spool).isEmpty { try await Task.sleep(for: .milliseconds(20)) }
        try await cluster.resume()

        let result = try await batch.value
        #expect(result.exitStatus == 0)
        let outputs = DatabaseCommandTests.json(result.stdoutText)
        #expect(outputs.count == total)
        #expect(outputs.allSatisfy { $0["success"] == .bool(true) })
        let report = try #require(DatabaseCommandTests.json(result.stderrText).first { $0["type"] == .string("database") })
        let spooled = report["spooled"]?.numberValue?.intValue ?? -1
        #expect(spooled > 0, "the outage should have spooled results")
        // A write the server committed just before it went away is retried and found `unchanged`.
        let written = ["inserted", "unchanged"].compactMap { report[$0]?.numberValue?.intValue }.reduce(0, +)
        #expect(written + spooled == total)
        #expect(report["lost"] == .int(0))
        #expect(result.stderrText.contains(spool), "the log names the spool file")
        #expect(TestFiles.lines(spool).count == spooled)

        let flush = try await DatabaseCommandTests.probe(["db", "flush", "--database-url", cluster.url, "--spool", spool], stdin: "")
        #expect(flush.exitStatus == 0)
        let flushed = try #require(DatabaseCommandTests.json(flush.stdoutText).first)
        #expect(flushed["lines"] == .int(spooled))
        #expect(["inserted", "unchanged"].compactMap { flushed[$0]?.numberValue?.intValue }.reduce(0, +) == spooled)
        #expect(flushed["kept"] == .int(0))
        #expect(try database.count("probe_results") == total)
        #expect(try database.count("transcripts") == total)
        #expect(try database.progress("outage-run") == ["total": .int(0), "completed": .int(total), "failed": .int(0)])
    }
}
