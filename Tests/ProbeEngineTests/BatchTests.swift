import ProbeTransport
import Testing
@testable import ProbeEngine

@Suite struct BatchTests {
    @Test func everyInputGetsExactlyOneResultWithItsIndexAndIds() async throws {
        var lines = (0..<30).map { BatchFixture.line("s\($0)", modelId: $0 % 2 == 0 ? "gpt-4o" : "claude-x") }
        lines[4] = Array("{not json".utf8)
        lines[9] = Array(#"{"runId":"run-b","scenarioId":"s9","modelId":"gpt-4o","scenario":{},"config":{}}"#.utf8)
        lines[13] = BatchFixture.line("s13", modelId: "llama-3")
        let transport = CountingTransport()
        let batchEngine = ProbeEngine(environment: Probe.environment, transport: transport, logger: LogCapture().logger)
        let results = await BatchFixture.collect(batchEngine.batch(BatchFixture.inputs(lines), options: BatchOptions(concurrency: 7)))

        #expect(results.count == 30)
        #expect(Set(results.map(\.index)) == Set(0..<30))
        let byIndex = Dictionary(uniqueKeysWithValues: results.map { ($0.index, $0) })
        let bad = try #require(byIndex[4])
        #expect(bad.output.error?.code == .validationError)
        #expect(bad.json["runId"] == .null && bad.json["scenarioId"] == .null && bad.json["modelId"] == .null)
        let missing = try #require(byIndex[9])
        #expect(missing.output.error?.message == "scenario.prompt is required")
        #expect(missing.identity == BatchIdentity(runId: "run-b", scenarioId: "s9", modelId: "gpt-4o"))
        #expect(byIndex[13]?.output.error?.code == .unsupportedProvider)
        for index in Set(0..<30).subtracting([4, 9, 13]) {
            let result = try #require(byIndex[index])
            #expect(result.output.isSuccess, "index \(index)")
            #expect(result.json["index"] == .int(index))
            #expect(result.json["scenarioId"] == .string("s\(index)"))
            #expect(result.json["runId"] == .string("run-b"))
            #expect(result.json["success"] == .bool(true))
        }
        #expect(transport.snapshot.arrivals.count == 27)
    }

    @Test func blankLinesAreSkippedButKeepTheirNumber() {
        let text = "{\"a\":1}\n\n  \t\r\n{\"b\":2}\r\n\u{00A0}\u{3000}\n\u{FEFF}\n{\"c\":3}"
        let inputs = BatchLines.inputs(from: Array(text.utf8))
        #expect(inputs.map(\.index) == [0, 3, 5, 6])
        #expect(BatchLines.inputs(from: Array("\n\n".utf8)).isEmpty)
        #expect(BatchLines.inputs(from: []).isEmpty)
    }

    @Test func concurrencyBoundIsNeverExceeded() async {
        let transport = CountingTransport(hold: .milliseconds(15))
        let engine = ProbeEngine(environment: Probe.environment, transport: transport, logger: LogCapture().logger)
        let lines = (0..<40).map { BatchFixture.line("s\($0)", modelId: $0 % 3 == 0 ? "claude-x" : "gpt-4o") }
        let results = await BatchFixture.collect(engine.batch(BatchFixture.inputs(lines), options: BatchOptions(concurrency: 5)))
        #expect(results.count == 40)
        #expect(results.allSatisfy { $0.output.isSuccess })
        #expect(transport.snapshot.maxTotal <= 5)
        #expect(transport.snapshot.maxTotal > 1)
    }

    @Test func providerMaxInFlightIsNeverExceededWhileOthersGoOn() async {
        let transport = CountingTransport(hold: .milliseconds(15))
        let engine = ProbeEngine(environment: Probe.environment.merging(["PROBE_MAX_INFLIGHT_ANTHROPIC": "1"]) { $1 },
                                 transport: transport, logger: LogCapture().logger)
        let lines = (0..<40).map { BatchFixture.line("s\($0)", modelId: $0 % 2 == 0 ? "claude-x" : "gpt-4o") }
        let options = BatchOptions(concurrency: 10, limits: [.openai: ProviderLimit(maxInFlight: 2)])
        let results = await BatchFixture.collect(engine.batch(BatchFixture.inputs(lines), options: options))
        #expect(results.count == 40)
        #expect(results.allSatisfy { $0.output.isSuccess })
        let counts = transport.snapshot
        #expect((counts.maxInFlight[.openai] ?? 0) <= 2)
        #expect((counts.maxInFlight[.anthropic] ?? 0) == 1)
        #expect(counts.maxTotal <= 3)
    }

    @Test func retryAfterPausesOnlyThatProvider() async throws {
        // openai's first request is a 429 asking for 5 s, scaled ×1000 (PROBE_BACKOFF_SCALE) to
        // 5,000 s: past the probe's 600 s deadline, so that wait is not taken, and a later openai
        // probe meets the paused gate: TIMEOUT, never sent (its own retry waits, 2,000 s and up,
        // are past the deadline too). Every wait dwarfs any machine's slowness and none is slept:
        // a 5 s pause once raced the six anthropic probes on a loaded machine.
        let transport = CountingTransport(hold: .milliseconds(5)) { provider, number in
            provider == .openai && number == 0
                ? Wire.response(429, #"{"error":"slow down"}"#, headers: [("retry-after", "5")])
                : CountingTransport.success(provider)
        }
        let environment = Probe.environment.merging(["PROBE_BACKOFF_SCALE": "1000", "PROBE_TIMEOUT_MS": "600000"]) { $1 }
        let engine = ProbeEngine(environment: environment, transport: transport, logger: LogCapture().logger)
        let lines = [BatchFixture.line("first", modelId: "gpt-4o")]
            + (0..<6).map { BatchFixture.line("a\($0)", modelId: "claude-x") }
            + [BatchFixture.line("second", modelId: "gpt-4o")]
        let results = await BatchFixture.collect(engine.batch(BatchFixture.inputs(lines), options: BatchOptions(concurrency: 1)))
        let byIndex = Dictionary(uniqueKeysWithValues: results.map { ($0.index, $0.output) })
        #expect(byIndex[0]?.error?.code == .rateLimit)
        #expect((1...6).allSatisfy { byIndex[$0]?.isSuccess == true })
        #expect(byIndex[7]?.error?.code == .timeout)
        #expect(transport.snapshot.arrivals.filter { $0 == .openai }.count == 1)
        #expect(transport.snapshot.arrivals.filter { $0 == .anthropic }.count == 6)
    }

    @Test func stopCancelsUnstartedInputsAndInFlightProbesAfterTheGrace() async throws {
        let transport = CountingTransport(hold: .seconds(60))
        let run = BatchFixture.start(10, concurrency: 3, transport: transport)
        try await Self.waitUntil { transport.snapshot.total == 3 }
        run.stop(grace: .milliseconds(50))
        let results = await BatchFixture.collect(run)
        #expect(results.count == 10)
        #expect(Set(results.map(\.index)) == Set(0..<10))
        #expect(results.allSatisfy { $0.output.error == ProbeError(code: .cancelled, message: "probe cancelled") })
        #expect(results.allSatisfy { $0.identity.scenarioId == "s\($0.index)" })
        #expect(transport.snapshot.arrivals.count == 3)
    }

    @Test func aSecondStopCutsTheGraceShort() async throws {
        let transport = CountingTransport(hold: .seconds(60))
        let run = BatchFixture.start(4, concurrency: 2, transport: transport)
        try await Self.waitUntil { transport.snapshot.total == 2 }
        run.stop(grace: .seconds(3600))
        run.stop(grace: .zero)
        let results = await BatchFixture.collect(run)
        #expect(results.count == 4)
        #expect(results.allSatisfy { $0.output.error?.code == .cancelled })
    }

    @Test func unreadResultsHoldTheirSlots() async throws {
        let transport = CountingTransport(hold: .zero)
        let run = BatchFixture.start(10, concurrency: 2, transport: transport)
        try await Self.waitUntil { transport.snapshot.arrivals.count == 2 }
        try await Task.sleep(for: .milliseconds(50))
        #expect(transport.snapshot.arrivals.count == 2)
        var iterator = run.makeAsyncIterator()
        _ = await iterator.next()
        try await Self.waitUntil { transport.snapshot.arrivals.count == 3 }
        try await Task.sleep(for: .milliseconds(50))
        #expect(transport.snapshot.arrivals.count == 3)
        var count = 1
        while await iterator.next() != nil { count += 1 }
        #expect(count == 10)
    }

    @Test func resumeSkipsOnlySuccessesOfTheSameProbe() {
        let inputs = BatchFixture.inputs((0..<5).map { BatchFixture.line("s\($0)") })
        let previous = [
            #"{"success":true,"index":0,"runId":"run-b","scenarioId":"s0","modelId":"gpt-4o","transcript":{}}"#,
            #"{"success":false,"index":1,"runId":"run-b","scenarioId":"s1","modelId":"gpt-4o","error":{}}"#,
            #"{"success":true,"index":2,"runId":"run-b","scenarioId":"other","modelId":"gpt-4o","transcript":{}}"#,
            #"{"type":"summary","success":true,"index":3}"#,
            "",
            #"{"success":true,"index":4,"runId":"run-b","scenarioId":"s4","modelId":"gpt-4o","transcr"#,
        ].joined(separator: "\n")
        let plan = BatchResume.plan(inputs, previous: Array(previous.utf8))
        #expect(plan.inputs.map(\.index) == [1, 2, 3, 4])
        #expect(plan.skipped == 1)
        #expect(plan.mismatched == [2])
    }

    @Test func probesInFlightFinishWithinTheGrace() async throws {
        let transport = CountingTransport(hold: .milliseconds(200))
        let run = BatchFixture.start(8, concurrency: 2, transport: transport)
        try await Self.waitUntil { transport.snapshot.total == 2 }
        run.stop(grace: .seconds(30))
        let results = await BatchFixture.collect(run)
        #expect(results.count == 8)
        #expect(results.filter { $0.output.isSuccess }.count == 2)
        #expect(results.filter { $0.output.error?.code == .cancelled }.count == 6)
    }

    @Test func swiftInputsAndAsyncSequencesFeedABatch() async {
        let transport = CountingTransport(hold: .zero)
        let engine = ProbeEngine(environment: Probe.environment, transport: transport, logger: LogCapture().logger)
        let (stream, feed) = AsyncStream.makeStream(of: BatchInput.self)
        let run = engine.batch(stream, options: BatchOptions(concurrency: 2))
        for index in 0..<5 { feed.yield(BatchInput(index: index, input: Probe.input())) }
        feed.yield(BatchInput(index: 5, input: Probe.input(prompt: "  ")))
        feed.finish()
        let results = await BatchFixture.collect(run)
        #expect(results.count == 6)
        #expect(results.filter { $0.output.isSuccess }.count == 5)
        #expect(results.first { $0.index == 5 }?.output.error?.message == "scenario.prompt must not be empty")
        #expect(results.allSatisfy { $0.identity.runId == "run-1" })
    }

    @Test func tallyCountsOutcomesTokensAndCost() {
        var tally = BatchTally(total: 3)
        let turn = Turn(turnNumber: 1, promptLabel: "scenario_prompt", probePrompt: "p", targetResponse: "r",
                        inputTokens: 1_000_000, outputTokens: 500_000, durationMs: 1, providerMetadata: [:])
        let cost = CostSnapshot(cost: ModelCost(costInputPerMillion: 2, costOutputPerMillion: 4), inputTokens: 1_000_000, outputTokens: 500_000)
        let transcript = Transcript(turns: [turn], modelVersion: nil, startedAt: "", completedAt: "", costSnapshot: cost)
        tally.add(.success(transcript))
        tally.add(.failure(ProbeError(code: .rateLimit, message: "x"), partial: transcript))
        let summary = tally.summaryJSON(elapsed: .seconds(2), skipped: 4, signal: "SIGINT")
        #expect(summary["type"] == .string("summary"))
        #expect(summary["done"] == .int(2) && summary["total"] == .int(3))
        #expect(summary["succeeded"] == .int(1) && summary["failed"] == .int(1) && summary["skipped"] == .int(4))
        #expect(summary["errors"] == .object(["RATE_LIMIT": .int(1)]))
        #expect(summary["inputTokens"] == .int(2_000_000) && summary["outputTokens"] == .int(1_000_000))
        #expect(summary["estimatedCost"]?.numberValue?.double == 8)
        #expect(summary["wallMs"] == .int(2000) && summary["signal"] == .string("SIGINT"))
        let progress = tally.progressJSON(elapsed: .seconds(2))
        #expect(progress["type"] == .string("progress"))
        #expect(progress["ratePerSecond"]?.numberValue?.double == 1)
        #expect(progress["etaSeconds"]?.numberValue?.double == 1)
    }

    /// Polls `condition` (the batch runs on other threads): waits for the event, not for a time;
    /// the 12,000 tries (a minute or more) only guard against a hang.
    static func waitUntil(_ condition: () -> Bool) async throws {
        for _ in 0..<12_000 {
            if condition() { return }
            try await Task.sleep(for: .milliseconds(5))
        }
        Issue.record("condition never held")
    }
}
