import Dispatch
import ProbeEngine
@testable import probe
import Synchronization
import Testing

/// Back-pressure of `probe batch --database-url` (DECISIONS D12): while `LineOutput`'s window is
/// full (stdout not read), `DurableLines.submit` waits and sends nothing more to the database
/// (issue 17: the wait removed went unnoticed). Driven by events, never timed.
@Suite struct BackPressureTests {
    static func result(_ scenario: String) -> BatchResult {
        BatchResult(index: 0, identity: BatchIdentity(runId: "run", scenarioId: scenario, modelId: "m"),
                    output: .success(Outputs.transcript()))
    }

    @Test func aFullLineWindowHoldsTheNextWrite() async throws {
        let database = try TestDatabase.make()
        let store = try database.store()
        let sink = LineOutputTests.Sink(gated: true)
        let output = LineOutput(limit: 1) { sink.write($0) }
        let lines = DurableLines(store: store, output: output)
        // The first result is committed; its line's write blocks (nobody reads stdout).
        await lines.submit(Self.result("s1"))
        try await BatchKillTests.waitUntil("the first line is being written") { sink.entered.withLock { $0 } == 1 }
        #expect(output.pendingLines == 1)
        // The second result waits for room: it reaches neither the database nor stdout.
        let second = Task { await lines.submit(Self.result("s2")) }
        try await BatchKillTests.waitUntil("the second result waits for room") { output.waitingForRoom == 1 }
        #expect(try database.count("probe_results") == 1)
        // The reader goes on: room again, the second result is written, then its line.
        sink.gate.signal()
        await second.value
        sink.gate.signal()
        await lines.close()
        #expect(try database.count("probe_results") == 2)
        #expect(sink.lines.count == 2)
    }
}
