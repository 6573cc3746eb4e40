import Testing
@testable import ProbeEngine

@Suite struct ProbeLoopTests {
    @Test func preambleFollowupsAndHistoryFormTheConversation() async throws {
        let input = Probe.input(preamble: "You are careful.", followups: [
            Followup(label: "why", prompt: "Why?"), Followup(prompt: "  \n"), Followup(label: "", prompt: "Sure?"),
        ])
        let (output, transport) = await Probe.run(input, [Wire.openAI("  Divert it.  "), Wire.openAI("Fewer deaths."), Wire.openAI("Yes.")])
        let transcript = try #require(output.transcript)
        #expect(output.isSuccess)
        #expect(transcript.turns.map(\.turnNumber) == [1, 2, 3])
        #expect(transcript.turns.map(\.promptLabel) == ["scenario_prompt", "why", "followup_3"])
        #expect(transcript.turns.map(\.probePrompt) == ["Should the trolley be diverted?", "Why?", "Sure?"])
        #expect(transcript.turns[0].targetResponse == "Divert it.")
        #expect(transcript.modelVersion == "gpt-4o-2024-08-06")
        #expect(transcript.totalInputTokens == 30)
        #expect(transcript.totalOutputTokens == 15)
        let third = try #require(transport.sent[2].body?["messages"]?.arrayValue)
        #expect(third.map { $0["role"]?.stringValue } == ["system", "user", "assistant", "user", "assistant", "user"])
        #expect(third[2]["content"] == .string("Divert it."))
        #expect(third[0]["content"] == .string("You are careful."))
    }

    @Test func maxTurnsStopsTheConversation() async {
        let input = Probe.input(followups: [Followup(prompt: "a"), Followup(prompt: "b")], maxTurns: 2)
        let (output, transport) = await Probe.run(input, [Wire.openAI("1"), Wire.openAI("2"), Wire.openAI("3")])
        #expect(output.transcript?.turns.count == 2)
        #expect(transport.sent.count == 2)
    }

    @Test func blankPreambleSendsNoSystemMessage() async {
        let (_, transport) = await Probe.run(Probe.input(preamble: " \n "), [Wire.openAI("ok")])
        #expect(transport.sent.first?.body?["messages"]?.arrayValue?.count == 1)
    }

    @Test func emptyReplyIsATurnAndEndsTheProbe() async throws {
        let input = Probe.input(followups: [Followup(prompt: "again")])
        let (output, transport) = await Probe.run(input, [Wire.openAI("   ", finish: "content_filter")])
        let transcript = try #require(output.transcript)
        #expect(output.isSuccess)
        #expect(transcript.turns.count == 1)
        #expect(transcript.turns[0].targetResponse == "")
        #expect(transcript.turns[0].providerMetadata["finishReason"] == .string("content_filter"))
        #expect(transport.sent.count == 1)
    }

    @Test func longReplyIsCutOnACodePointBoundary() async throws {
        let text = String(repeating: "a", count: 102_399) + "€tail"  // € is 3 bytes: crosses the limit
        let (output, _) = await Probe.run(Probe.input(), [Wire.openAI(text)])
        let turn = try #require(output.transcript?.turns.first)
        #expect(turn.targetResponse.utf8.count == 102_399)
        #expect(turn.providerMetadata["truncated"] == .bool(true))
        #expect(turn.providerMetadata["originalBytes"] == .int(102_406))
    }

    @Test func replyAtTheLimitIsNotTruncated() async throws {
        let (output, _) = await Probe.run(Probe.input(), [Wire.openAI(String(repeating: "é", count: 51_200))])
        let turn = try #require(output.transcript?.turns.first)
        #expect(turn.targetResponse.utf8.count == 102_400)
        #expect(turn.providerMetadata["truncated"] == nil)
    }

    @Test func missingUsageIsEstimatedAndFlagged() async throws {
        let input = Probe.input(modelId: "mistral-large-latest", preamble: "12345678", prompt: "abcd")
        let transport = ScriptedTransport([Wire.openAI("0123456789", usage: nil)])
        let output = await ProbeEngine(environment: Probe.environment.merging(["MISTRAL_BASE_URL": "http://127.0.0.1:9"]) { $1 },
                                       transport: transport).run(input)
        let turn = try #require(output.transcript?.turns.first)
        #expect(turn.inputTokens == 3)   // 8/4 + 4/4
        #expect(turn.outputTokens == 2)  // 10/4
        #expect(turn.providerMetadata["tokensEstimated"] == .bool(true))
    }

    @Test func openAIEstimatesAreExactTiktokenCounts() async throws {
        let (output, _) = await Probe.run(Probe.input(prompt: "hello world"), [Wire.openAI("hello world", usage: nil)])
        let turn = try #require(output.transcript?.turns.first)
        #expect(turn.inputTokens == 2)
        #expect(turn.outputTokens == 2)
    }

    @Test func providerUsageIsNotFlagged() async throws {
        let (output, _) = await Probe.run(Probe.input(), [Wire.openAI("ok")])
        #expect(output.transcript?.turns.first?.providerMetadata["tokensEstimated"] == nil)
    }

    @Test func costSnapshotUsesTotals() async throws {
        let cost = ModelCost(costInputPerMillion: 2.5, costOutputPerMillion: 10)
        let input = Probe.input(followups: [Followup(prompt: "more")], modelCost: cost)
        let (output, _) = await Probe.run(input, [Wire.openAI("a", usage: (100, 20)), Wire.openAI("b", usage: (150, 30))])
        let snapshot = try #require(output.transcript?.costSnapshot)
        #expect(snapshot.inputTokens == 250)
        #expect(snapshot.outputTokens == 50)
        #expect(snapshot.estimatedCost == (250.0 / 1e6) * 2.5 + (50.0 / 1e6) * 10)
        let json = output.json
        #expect(json["transcript"]?["costSnapshot"]?["estimatedCost"] != nil)
    }

    @Test func failureAfterATurnKeepsThePaidTurns() async throws {
        let cost = ModelCost(costInputPerMillion: 1, costOutputPerMillion: 1)
        let input = Probe.input(followups: [Followup(prompt: "more")], modelCost: cost)
        let (output, _) = await Probe.run(input, [Wire.openAI("first"), Wire.response(401, #"{"error":"bad key"}"#)])
        let json = output.json
        #expect(json["success"] == .bool(false))
        #expect(json["error"]?["code"] == .string("AUTH_ERROR"))
        #expect(json["error"]?["statusCode"] == .int(401))
        #expect(json["partialTranscript"]?["turns"]?.arrayValue?.count == 1)
        #expect(json["partialTranscript"]?["costSnapshot"] != nil)
    }

    @Test func failureOnTheFirstTurnHasNoPartialTranscript() async {
        let (output, _) = await Probe.run(Probe.input(), [Wire.response(404, "{}")])
        #expect(output.json["partialTranscript"] == nil)
        #expect(output.error?.message == "openai returned HTTP 404: check the model name 'gpt-4o'")
    }

    @Test func outputCarriesTheContractKeys() async throws {
        let (output, _) = await Probe.run(Probe.input(), [Wire.openAI("ok")])
        let transcript = try #require(output.json["transcript"]?.objectValue)
        #expect(Set(transcript.keys) == ["turns", "totalInputTokens", "totalOutputTokens", "modelVersion", "startedAt", "completedAt"])
        let turn = try #require(transcript["turns"]?.arrayValue?.first?.objectValue)
        #expect(Set(turn.keys) == ["turnNumber", "promptLabel", "probePrompt", "targetResponse", "inputTokens", "outputTokens", "durationMs", "providerMetadata"])
        let started = try #require(transcript["startedAt"]?.stringValue)
        #expect(started.utf8.count == 24 && started.hasSuffix("Z") && started.contains("."))
        #expect(turn["providerMetadata"]?["raw"]?["finish_reason"] == .string("stop"))
    }

    @Test func modelVersionFallsBackToTheRequestedVersion() async {
        let (output, transport) = await Probe.run(Probe.input(modelVersion: "gpt-4o-2024-05-13"),
                                                  [Wire.openAI("ok", model: "")])
        #expect(output.transcript?.modelVersion == "gpt-4o-2024-05-13")
        #expect(transport.sent.first?.body?["model"] == .string("gpt-4o-2024-05-13"))
    }

    @Test func unicodePassesThroughUnchanged() async throws {
        let text = "你好 مرحبا 👩🏽‍🚀 e\u{301}\u{0} नमस्ते"
        let (output, transport) = await Probe.run(Probe.input(prompt: text), [Wire.openAI(text)])
        #expect(output.transcript?.turns.first?.targetResponse == text)
        #expect(transport.sent.first?.body?["messages"]?.arrayValue?.first?["content"] == .string(text))
        let line = String(decoding: output.jsonLine, as: UTF8.self)
        #expect(try JSONParser.parse(line)["transcript"]?["turns"]?.arrayValue?.first?["probePrompt"] == .string(text))
    }

    @Test func invalidModelConfigValuesAreIgnored() async throws {
        let config: JSONObject = ["topP": .int(5), "maxTokens": .null, "seed": .int(7), "reasoningEffort": .string("huge")]
        let (output, transport) = await Probe.run(Probe.input(modelConfig: config), [Wire.openAI("ok")])
        #expect(output.isSuccess)
        let body = try #require(transport.sent.first?.body)
        #expect(body["top_p"] == nil)
        #expect(body["max_tokens"] == nil)
        #expect(body["seed"] == .int(7))
        #expect(body["reasoning_effort"] == nil)
    }
}

@Suite struct SecrecyTests {
    @Test func keysNeverReachOutputOrLogsEvenWhenEchoed() async {
        let capture = LogCapture()
        let transport = ScriptedTransport([Wire.response(401, #"{"error":"invalid key \#(Probe.key)"}"#)])
        let engine = ProbeEngine(environment: Probe.environment.merging(["PROBE_LOG_LEVEL": "trace"]) { $1 },
                                 transport: transport, logger: capture.logger)
        let output = await engine.run(Probe.input())
        let line = String(decoding: output.jsonLine, as: UTF8.self)
        #expect(!line.contains(Probe.key))
        #expect(line.contains("[REDACTED]"))
        #expect(!capture.text.contains(Probe.key))
        #expect(capture.text.contains("\"runId\":\"run-1\""))
        let validation = JSONWriter.string(engine.validate(Array(JSONWriter.bytes(Probe.input().json))))
        #expect(!validation.contains(Probe.key))
    }
}

@Suite struct TokenizerFallbackTests {
    @Test func missingVocabularyFallsBackToTheEstimateAndLogsAnError() async throws {
        let capture = LogCapture()
        let transport = ScriptedTransport([Wire.openAI("0123456789", usage: nil)])
        let engine = ProbeEngine(environment: Probe.environment, transport: transport,
                                 tokens: TokenCounter { _, _ in nil }, logger: capture.logger)
        let output = await engine.run(Probe.input(prompt: "abcdefgh"))
        let turn = try #require(output.transcript?.turns.first)
        #expect(turn.inputTokens == 2)
        #expect(turn.outputTokens == 2)
        #expect(capture.text.contains("tokenizer data unavailable"))
    }
}
