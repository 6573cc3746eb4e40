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
        // Closed on return: the next recording of the same path must not depend on when the
        // engine's last reference goes (a lingering one failed it on a loaded machine).
        let recorder = try await openRecorder(path: path, environment: environment)
        defer { recorder.close() }
        let engine = ProbeEngine(environment: environment, transport: recorder, logger: Logs().logger)
        return await engine.run(input)
    }

    /// A recorder for `path`, waiting (up to a minute) while the file is still locked: a lock
    /// released by `close()` can linger in a child that another test forked at that instant
    /// until the child execs (the descriptor is close-on-exec, the `flock` is shared until then).
    static func openRecorder(path: String, environment: [String: String]) async throws -> RecordingTransport {
        let clock = ContinuousClock()
        let giveUp = clock.now + .seconds(60)
        while true {
            let failure: CassetteError
            do {
                return try RecordingTransport(path: path, environment: environment)
            } catch {
                failure = error
            }
            guard failure.description.contains("another recorder"), clock.now < giveUp else { throw failure }
            try await Task.sleep(for: .milliseconds(10))
        }
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

    @Test("errors and transport failures replay as recorded: 500, reset, cut short, timeout")
    func failuresReplay() async throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let path = scratch.path("faults.jsonl")
        let upstream = SequenceUpstream([
            .success((500, #"{"error":{"message":"boom","type":"server_error"}}"#)), .failure(.connectionReset), .success((200, "")),
            .failure(.replyCutShort),
            .failure(.timedOut),
        ])
        // Turn 1: 500, reset, then an empty 200 (INVALID_RESPONSE is final): the probe fails with its details.
        let environment = ["OPENAI_API_KEY": "sk-test-fake-faults", "PROBE_BACKOFF_SCALE": "0", "PROBE_LOG_LEVEL": "error"]
        let recorder = try RecordingTransport(path: path, environment: environment, upstream: upstream)
        let engine = ProbeEngine(environment: environment, transport: recorder, logger: Logs().logger)
        let failed = await engine.run(Inputs.threeTurns("gpt-4o"))
        #expect(failed.error?.code == .invalidResponse, "\(failed.json)")
        // Then a cut-short reply and a timeout on turn 1, retried (two transient retries) into a success.
        let recorded = await engine.run(Inputs.threeTurns("gpt-4o", reversal: "Would you?"))
        #expect(recorded.isSuccess, "\(recorded.json)")
        let kinds = try Cassette.read(path).map { line -> String in
            switch line.exchange.outcome {
            case .response(let response): return "\(response.status)"
            case .failure(let failure): return "\(failure)"
            }
        }
        #expect(kinds == ["500", "connectionReset", "200", "replyCutShort", "timedOut", "200", "200", "200"])

        let replay = try ReplayTransport(path: path)
        let again = ProbeEngine(environment: Self.quiet, transport: replay, logger: Logs().logger)
        #expect(Inputs.comparable(await again.run(Inputs.threeTurns("gpt-4o"))) == Inputs.comparable(failed))
        #expect(Inputs.comparable(await again.run(Inputs.threeTurns("gpt-4o", reversal: "Would you?"))) == Inputs.comparable(recorded))
        #expect(replay.unusedCount == 0)
    }

    @Test("close() releases the cassette's lock while the recorder is still alive; a second recorder waits for it")
    func closeReleasesTheLock() async throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let path = scratch.path("run.jsonl")
        let first = try RecordingTransport(path: path, environment: [:])
        var refused = false
        do { _ = try RecordingTransport(path: path, environment: [:]) } catch { refused = true }
        #expect(refused, "a second recorder while the first holds the file")
        first.close()
        let second = try await Self.openRecorder(path: path, environment: [:])
        withExtendedLifetime((first, second)) {}
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

        // A base URL with a trailing slash gives the same relative path.
        let slashed = scratch.path("slashed.jsonl")
        _ = try await Self.record(Inputs.threeTurns("gpt-4o"), mock: mock, path: slashed,
                                  extra: ["OPENAI_BASE_URL": mock.baseURL(for: .openai) + "/"])
        #expect(try Cassette.read(slashed).first?.exchange.path == "/chat/completions")
    }

    @Test("reply bodies keep their exact bytes: JSON as a value, other text as bodyText, other bytes as bodyBase64")
    func exactBodies() async throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let bodies: [(bytes: [UInt8], member: String)] = [
            (Array(#"{"ok":true,"n":1.50}"#.utf8), #""body":{"ok":true,"n":1.50}"#),
            (Array("{\n  \"ok\": true\n}".utf8), #""bodyText":"{\n  \"ok\": true\n}""#),
            ([0x7B, 0xFF, 0xFE, 0x00, 0x7D], #""bodyBase64":"e//+AH0=""#),
        ]
        for (index, body) in bodies.enumerated() {
            let path = scratch.path("body-\(index).jsonl")
            let upstream = FixedReply(body: body.bytes)
            let request = HTTPRequest(url: "http://127.0.0.1:9/v1/chat/completions", headers: [], body: Array("{}".utf8),
                                      provider: "openai", endpointPath: "/chat/completions")
            let live = try await RecordingTransport(path: path, environment: [:], upstream: upstream).send(request, timeoutMs: 1000)
            #expect(live.body == body.bytes)
            let file = try Files.read(path)
            #expect(file.contains(text: body.member), "\(String(decoding: file, as: UTF8.self))")
            let replayed = try await ReplayTransport(path: path).send(request, timeoutMs: 1000)
            #expect(replayed.body == body.bytes)
            #expect(replayed.status == 200)
        }
    }
}

/// Answers every request with a 200 carrying `body`.
struct FixedReply: HTTPTransport {
    var body: [UInt8]

    func send(_ request: HTTPRequest, timeoutMs: Int) async throws(TransportFailure) -> HTTPResponse {
        HTTPResponse(status: 200, headers: [], body: body)
    }
}
