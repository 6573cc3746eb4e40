import ProbeEngine
import ProbeMock
import ProbeTransport
import Testing

/// What replay matches on, how a miss is explained, and what never reaches a cassette (DECISIONS D13).
@Suite("replay matching and redaction")
struct MatchingTests {
    static let quiet = ["PROBE_LOG_LEVEL": "error"]

    /// A cassette of one three-turn openai probe recorded in-process.
    static func openAICassette(_ scratch: Scratch) async throws -> String {
        let path = scratch.path("openai.jsonl")
        let environment = ["OPENAI_API_KEY": "sk-test-fake-matching", "PROBE_LOG_LEVEL": "error"]
        let recorder = try RecordingTransport(path: path, environment: environment, upstream: ScriptedUpstream.openAI)
        let output = await ProbeEngine(environment: environment, transport: recorder, logger: Logs().logger)
            .run(Inputs.threeTurns("gpt-4o", reversal: "Would you?"))
        #expect(output.isSuccess, "\(output.json)")
        return path
    }

    @Test("an unmatched request fails VALIDATION_ERROR, naming the nearest line and the first differing field")
    func unmatchedNamesNearest() async throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let path = try await Self.openAICassette(scratch)
        let engine = try ProbeEngine.replaying(path, environment: Self.quiet, logger: Logs().logger)
        let output = await engine.run(Inputs.threeTurns("gpt-4o", reversal: "Would you now?"))
        let error = try #require(output.error)
        #expect(error.code == .validationError)
        #expect(!error.retryable)
        #expect(error.message.hasPrefix("replay: "), "\(error.message)")
        #expect(error.message.contains("nearest is line 3 (openai /chat/completions)"), "\(error.message)")
        #expect(error.message.contains("first difference at body.messages[5].content"), "\(error.message)")
        #expect(error.message.contains(#""Would you?""#) && error.message.contains(#""Would you now?""#), "\(error.message)")
        // The two turns that matched are kept as the partial transcript.
        #expect(output.transcript?.turns.count == 2)
    }

    @Test("another provider or another setting is named as the first difference")
    func otherProviderAndSetting() async throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let path = try await Self.openAICassette(scratch)
        let anthropic = await ProbeEngine(environment: Self.quiet, transport: try ReplayTransport(path: path), logger: Logs().logger)
            .run(Inputs.threeTurns("claude-sonnet-4-20250514", reversal: "Would you?"))
        #expect(anthropic.error?.message.contains("nearest is line 1 (openai /chat/completions), first difference at provider") == true,
                "\(anthropic.json)")

        var input = Inputs.threeTurns("gpt-4o", reversal: "Would you?")
        input.config = ProbeConfig(temperature: 0.2, maxTurns: 3)
        let colder = await ProbeEngine(environment: Self.quiet, transport: try ReplayTransport(path: path), logger: Logs().logger).run(input)
        let message = colder.error?.message ?? ""
        #expect(message.contains("nearest is line 1"), "\(message)")
        #expect(message.contains("first difference at body.temperature: recorded 0.7, sent 0.2"), "\(message)")
    }

    @Test("each recorded exchange answers once: the same probe twice on one transport fails the second time")
    func firstUnusedOnly() async throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let path = try await Self.openAICassette(scratch)
        let engine = try ProbeEngine.replaying(path, environment: Self.quiet, logger: Logs().logger)
        let input = Inputs.threeTurns("gpt-4o", reversal: "Would you?")
        #expect(await engine.run(input).isSuccess)
        let again = await engine.run(input)
        #expect(again.error?.message.contains("replayed already (last at line 1") == true, "\(again.json)")
    }

    @Test("bodies match by JSON value: key order and number spelling do not matter")
    func bodyByValue() async throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let path = try await Self.openAICassette(scratch)
        let first = try #require(try Cassette.read(path).first)
        let body = try JSONParser.parse(first.exchange.requestBody)
        guard case .object(let object) = body else { throw Failure("not an object") }
        // The same members reversed, and 0.7 spelled 7e-1.
        var reordered = JSONObject(object.entries.reversed().map { ($0.key, $0.value) })
        reordered["temperature"] = try JSONParser.parse(Array("7e-1".utf8))
        let request = HTTPRequest(url: "https://api.openai.com/v1/chat/completions", headers: [],
                                  body: JSONWriter.bytes(.object(reordered)), provider: "openai", endpointPath: "/chat/completions")
        let replay = try ReplayTransport(path: path)
        let response = try await replay.send(request, timeoutMs: 1000)
        #expect(response.status == 200)
        #expect(replay.unusedCount == 2)
    }

    @Test("no key value reaches a cassette: headers, echoed error bodies, reply bodies and headers")
    func keysNeverRecorded() async throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let openAIKey = MockProvider.openai.fakeKey, anthropicKey = MockProvider.anthropic.fakeKey
        let mock = try ProviderMock(script: [
            .json(#"{"error":{"message":"Incorrect API key provided: \#(openAIKey). Find your key at …","code":"invalid_api_key"}}"#,
                  status: 401, headers: [("x-echo-key", openAIKey)]),
            .json(#"{"id":"msg_1","type":"message","role":"assistant","model":"claude","content":[{"type":"text","text":"your key is \#(anthropicKey)"}],"stop_reason":"end_turn","usage":{"input_tokens":3,"output_tokens":4}}"#,
                  headers: [("x-echo-key", "Bearer \(anthropicKey)")]),
        ])
        defer { mock.stop() }
        let path = scratch.path("keys.jsonl")
        let environment = mock.environment(extra: Self.quiet)
        let engine = try ProbeEngine.recording(to: path, environment: environment, logger: Logs().logger)
        let denied = await engine.run(Inputs.threeTurns("gpt-4o"))
        #expect(denied.error?.code == .authError)
        for modelId in ["claude-sonnet-4-20250514", "gemini-2.0-flash", "grok-3", "deepseek-chat", "mistral-large-latest"] {
            #expect(await engine.run(Inputs.threeTurns(modelId)).isSuccess)
        }

        // A key the environment does not know, in a credential header, is blanked whole.
        let other = scratch.path("unknown-key.jsonl")
        let recorder = try RecordingTransport(path: other, environment: [:], upstream: ScriptedUpstream.openAI)
        let unknown = "sk-test-unknown-5d1f"
        _ = try await recorder.send(HTTPRequest(url: "http://127.0.0.1:9/v1/chat/completions",
                                                headers: [HTTPHeader(name: "X-Api-Key", value: unknown)],
                                                body: Array("{}".utf8)), timeoutMs: 1000)

        let bytes = try Files.read(path) + Files.read(other)
        for key in MockProvider.allCases.map(\.fakeKey) + [unknown] {
            #expect(!bytes.contains(text: key), "\(key) reached the cassette")
        }
        #expect(bytes.contains(text: "Incorrect API key provided: [REDACTED]."))
        #expect(bytes.contains(text: #"["Authorization","Bearer [REDACTED]"]"#))
        #expect(bytes.contains(text: #"["x-goog-api-key","[REDACTED]"]"#))
        #expect(bytes.contains(text: #"["X-Api-Key","[REDACTED]"]"#))
        let lines = try Cassette.read(path)
        #expect(lines.count == 1 + 3 * 5)
    }

    @Test("a batch with concurrency records one whole line per exchange, a valid chain, that replays")
    func batchChain() async throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        let mock = try ProviderMock(latencyMs: 2)
        defer { mock.stop() }
        let path = scratch.path("batch.jsonl")
        let models = ["gpt-4o", "claude-sonnet-4-20250514", "gemini-2.0-flash"]
        let inputs = (0..<30).map { index in
            BatchInput(index: index, input: Inputs.threeTurns(models[index % 3], reversal: "Would you, \(index)?"))
        }
        let engine = try ProbeEngine.recording(to: path, environment: mock.environment(extra: Self.quiet), logger: Logs().logger)
        var recorded: [Int: JSONValue] = [:]
        for await result in engine.batch(inputs, options: BatchOptions(concurrency: 16)) {
            #expect(result.output.isSuccess, "\(result.output.json)")
            recorded[result.index] = Inputs.comparable(result.output)
        }
        let lines = try Cassette.read(path)
        #expect(lines.count == 90)
        #expect(lines.map(\.number) == Array(1...90))

        let replay = try ProbeEngine.replaying(path, environment: Self.quiet, logger: Logs().logger)
        var replayed = 0
        for await result in replay.batch(inputs, options: BatchOptions(concurrency: 16)) {
            #expect(Inputs.comparable(result.output) == recorded[result.index])
            replayed += 1
        }
        #expect(replayed == 30)
    }

    @Test("the demo cassette replays every provider's line of Fixtures/inputs/demo-batch.jsonl with no key set")
    func demoCassette() async throws {
        let cassette = Files.packageRoot + "/Fixtures/cassettes/demo.jsonl"
        let inputs = try Files.read(Files.packageRoot + "/Fixtures/inputs/demo-batch.jsonl").split(separator: 0x0A)
        #expect(inputs.count == 6)
        var providers: Set<String> = []
        for input in inputs {
            let output = await ProbeEngine(environment: Self.quiet, transport: try ReplayTransport(path: cassette), logger: Logs().logger)
                .run(Array(input))
            #expect(output.isSuccess, "\(output.json)")
            #expect(output.transcript?.turns.count == 3)
            if let provider = output.transcript?.turns.first?.providerMetadata["provider"]?.stringValue { providers.insert(provider) }
        }
        #expect(providers == ["openai", "anthropic", "google", "xai", "deepseek", "mistral"])
        let demo = try Files.read(Files.packageRoot + "/Fixtures/inputs/demo.json")
        let output = await ProbeEngine(environment: Self.quiet, transport: try ReplayTransport(path: cassette), logger: Logs().logger).run(demo)
        #expect(output.isSuccess && output.transcript?.turns.count == 3, "\(output.json)")
    }
}
