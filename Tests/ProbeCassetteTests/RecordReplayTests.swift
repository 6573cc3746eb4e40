import ProbeEngine
import ProbeMock
import ProbeTestSupport
import ProbeTransport
import Testing

/// Recording through the real transport against the mock provider, then replaying (DECISIONS D13).
@Suite("record and replay")
struct RecordReplayTests {
    static let quiet = ["PROBE_LOG_LEVEL": "error"]

    /// Records `input` against `mock` into `path`; the output.
    static func record(_ input: ProbeInput, mock: ProviderMock, path: String, extra: [String: String] = [:]) async throws -> ProbeOutput {
        let environment = mock.environment(extra: quiet.merging(extra) { $1 })
        let engine = try ProbeEngine.recording(to: path, environment: environment, logger: Logs().logger)
        return await engine.run(input)
    }

    @Test("record then replay gives the same output, every field but timestamps and durations",
          arguments: ["gpt-4o-mini", "claude-3-5-haiku-latest", "gemini-2.0-flash", "grok-3-mini", "deepseek-chat", "mistral-small-latest"])
    func sameTranscript(modelId: String) async throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let mock = try ProviderMock()
        defer { mock.stop() }
        let path = scratch.path("run.jsonl")
        let recorded = try await Self.record(Inputs.threeTurns(modelId), mock: mock, path: path)
        #expect(recorded.isSuccess, "\(recorded.json)")
        #expect(recorded.transcript?.turns.count == 3)
        #expect(try Cassette.read(path).count == 3)

        // No key and the default base URLs: nothing but the cassette answers.
        let replay = ProbeEngine(environment: Self.quiet, transport: try ReplayTransport(path: path), logger: Logs().logger)
        let replayed = await replay.run(Inputs.threeTurns(modelId))
        #expect(Inputs.comparable(replayed) == Inputs.comparable(recorded))
    }

    @Test("errors and transport failures replay as recorded: 500, reset, cut short, then success")
    func failuresReplay() async throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let mock = try ProviderMock(script: [
            .json(#"{"error":{"message":"boom","type":"server_error"}}"#, status: 500),
            .resetBeforeHeaders,
            .generated,
            .cutShort,
            .generated,
        ])
        defer { mock.stop() }
        let path = scratch.path("faults.jsonl")
        let extra = ["PROBE_BACKOFF_SCALE": "0"]
        let recorded = try await Self.record(Inputs.threeTurns("gpt-4o"), mock: mock, path: path, extra: extra)
        #expect(recorded.isSuccess, "\(recorded.json)")
        let lines = try Cassette.read(path)
        #expect(lines.count == 6)
        let kinds = lines.map { line -> String in
            switch line.exchange.outcome {
            case .response(let response): return "\(response.status)"
            case .failure(let failure): return "\(failure)"
            }
        }
        #expect(kinds == ["500", "connectionReset", "200", "replyCutShort", "200", "200"])

        let replay = try ReplayTransport(path: path)
        let replayed = await ProbeEngine(environment: Self.quiet, transport: replay, logger: Logs().logger).run(Inputs.threeTurns("gpt-4o"))
        #expect(Inputs.comparable(replayed) == Inputs.comparable(recorded))
        #expect(replay.unusedCount == 0)
    }

    @Test("a replayed probe opens no connection: base URLs at a listener that counts accepts, no key set")
    func noConnection() async throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let mock = try ProviderMock()
        let path = scratch.path("run.jsonl")
        for modelId in ["gpt-4o", "claude-sonnet-4-20250514", "gemini-2.0-flash"] {
            _ = try await Self.record(Inputs.threeTurns(modelId), mock: mock, path: path)
        }
        mock.stop()
        let served = mock.stats["requests"]?.numberValue?.intValue

        let listener = try LoopbackServer(script: [], otherwise: .json("{}"))
        defer { listener.stop() }
        var environment = Self.quiet
        for provider in MockProvider.allCases {
            environment[provider.baseURLVariable] = listener.url("/elsewhere\(provider.basePath)")
        }
        let engine = try ProbeEngine.replaying(path, environment: environment, logger: Logs().logger)
        for modelId in ["gpt-4o", "claude-sonnet-4-20250514", "gemini-2.0-flash"] {
            let output = await engine.run(Inputs.threeTurns(modelId))
            #expect(output.isSuccess, "\(output.json)")
        }
        // A request the cassette does not hold fails without reaching the network either.
        let missing = await engine.run(Inputs.threeTurns("gpt-4o"))
        #expect(missing.error?.code == .validationError)
        #expect(listener.connectionCount == 0)
        #expect(mock.stats["requests"]?.numberValue?.intValue == served)
    }

    @Test("a 429 then a success replays in order; the recorded Retry-After is not waited for")
    func rateLimitThenSuccess() async throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let mock = try ProviderMock(script: [
            .json(#"{"error":{"message":"Rate limit reached","type":"requests"}}"#, status: 429, headers: [("Retry-After", "30")]),
        ])
        defer { mock.stop() }
        let path = scratch.path("429.jsonl")
        let input = Inputs.threeTurns("gpt-4o")
        let recorded = try await Self.record(input, mock: mock, path: path, extra: ["PROBE_BACKOFF_SCALE": "0"])
        #expect(recorded.isSuccess)
        let statuses = try Cassette.read(path).map { line -> Int in
            if case .response(let response) = line.exchange.outcome { return response.status }
            return 0
        }
        #expect(statuses == [429, 200, 200, 200])

        // PROBE_BACKOFF_SCALE is not set: live, this retry would wait the 30 s asked for.
        let logs = Logs()
        let replay = try ReplayTransport(path: path)
        let replayed = await ProbeEngine(environment: ["PROBE_LOG_LEVEL": "trace"], transport: replay, logger: logs.logger).run(input)
        #expect(Inputs.comparable(replayed) == Inputs.comparable(recorded))
        let retries = logs.lines("retrying request")
        #expect(retries.count == 1)
        #expect(retries.first?["code"]?.stringValue == "RATE_LIMIT")
        #expect(retries.first?["waitMs"]?.stringValue == "0")
        #expect(replay.unusedCount == 0)
    }

    @Test("appending to an existing cassette continues its chain")
    func appendContinues() async throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let mock = try ProviderMock()
        defer { mock.stop() }
        let path = scratch.path("run.jsonl")
        _ = try await Self.record(Inputs.threeTurns("gpt-4o"), mock: mock, path: path)
        _ = try await Self.record(Inputs.threeTurns("gemini-2.0-flash"), mock: mock, path: path)
        let lines = try Cassette.read(path)
        #expect(lines.map(\.number) == Array(1...6))
        #expect(lines.map(\.exchange.provider) == ["openai", "openai", "openai", "google", "google", "google"])
        #expect(lines.last?.exchange.path == "/models/gemini-2.0-flash:generateContent")
    }

    @Test("the path is kept relative to the base URL and the full URL beside it")
    func relativePath() async throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let mock = try ProviderMock()
        defer { mock.stop() }
        let path = scratch.path("run.jsonl")
        _ = try await Self.record(Inputs.threeTurns("claude-sonnet-4-20250514"), mock: mock, path: path)
        let first = try #require(try Cassette.read(path).first)
        #expect(first.exchange.path == "/v1/messages")
        #expect(first.exchange.url == mock.baseURL(for: .anthropic) + "/v1/messages")
        #expect(first.exchange.method == "POST")
    }
}
