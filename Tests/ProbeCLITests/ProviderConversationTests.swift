import ProbeEngine
import ProbeTestSupport
import Testing

/// A full three-turn probe with a preamble for each provider, through the binary, against
/// replies in each provider's real format (SPEC §3, §4).
@Suite("Three-turn conversations through the binary", .serialized)
struct ProviderConversationTests {
    static let preamble = "You are a careful ethicist."
    static let prompts = ["Would you pull the lever?", "Why?", "Final answer, in one word?"]

    static func input(_ provider: ProviderCase) -> [UInt8] {
        let scenario: JSONValue = .object([
            "preamble": .string(preamble),
            "prompt": .string(prompts[0]),
            "followups": .array([
                .object(["label": .string("why"), "prompt": .string(prompts[1])]),
                .object(["prompt": .string("  \n")]),  // skipped, but keeps its number
                .object(["prompt": .string(prompts[2])]),
            ]),
        ])
        return JSONWriter.bytes(.object([
            "runId": .string("run-\(provider.name)"), "scenarioId": .string("trolley"),
            "modelId": .string(provider.modelId), "scenario": scenario,
            "config": .object(["temperature": .double(0.5), "maxTokens": .int(256), "maxTurns": .int(5)]),
        ]))
    }

    @Test("three turns with labels, tokens, finish reasons and the history sent back", arguments: ProviderCase.all)
    func threeTurns(_ provider: ProviderCase) async throws {
        let replies = (1...3).map { ProviderReplies.turn($0, of: 3, provider: provider) }
        let server = try LoopbackServer(script: replies.map { .json($0.body) })
        defer { server.stop() }
        let run = try await Channel.binary.run(Self.input(provider),
                                               environment: TestEnvironment.all(origin: server.url(""), withKeys: true))
        #expect(run.success == true, "\(run.output)")
        let turns = run.turns
        try #require(turns.count == 3, "\(run.output)")
        for (index, turn) in turns.enumerated() {
            let expected = replies[index].expected
            #expect(turn["turnNumber"] == .int(index + 1))
            #expect(turn["promptLabel"]?.stringValue == ["scenario_prompt", "why", "followup_3"][index])
            #expect(turn["probePrompt"]?.stringValue == Self.prompts[index])
            #expect(turn["targetResponse"]?.stringValue == expected.text)
            #expect(turn["inputTokens"] == .int(expected.inputTokens))
            #expect(turn["outputTokens"] == .int(expected.outputTokens))
            #expect(turn["providerMetadata"]?["provider"]?.stringValue == provider.name)
            #expect(turn["providerMetadata"]?["finishReason"]?.stringValue == expected.finishReason)
            #expect(turn["providerMetadata"]?["tokensEstimated"] == nil)
            #expect(turn["durationMs"]?.numberValue?.intValue.map { $0 >= 0 } == true)
        }
        #expect(run.transcript?["modelVersion"]?.stringValue == replies[0].expected.model)
        #expect(run.transcript?["totalInputTokens"] == .int(replies.map(\.expected.inputTokens).reduce(0, +)))
        #expect(run.transcript?["totalOutputTokens"] == .int(replies.map(\.expected.outputTokens).reduce(0, +)))
        #expect(run.transcript?["costSnapshot"] == nil)

        let requests = server.requests
        try #require(requests.count == 3)
        for request in requests {
            #expect(request.method == "POST")
            #expect(request.target == provider.wirePath)
            #expect(request.header("Content-Type")?.hasPrefix("application/json") == true)
            expectAuth(request, provider)
        }
        let second = try #require(Wire.body(requests[1]))
        expectHistory(second, provider: provider, firstReply: replies[0].expected.text)
    }

    private func expectAuth(_ request: RecordedRequest, _ provider: ProviderCase) {
        switch provider.name {
        case "anthropic":
            #expect(request.header("x-api-key") == provider.fakeKey)
            #expect(request.header("anthropic-version") == "2023-06-01")
        case "google":
            #expect(request.header("x-goog-api-key") == provider.fakeKey)
            #expect(!request.target.contains(provider.fakeKey), "the key is never in the URL")
        default:
            #expect(request.header("Authorization") == "Bearer \(provider.fakeKey)")
        }
    }

    /// The second request carries the preamble, the first prompt, the first reply (trimmed)
    /// as the assistant's message, and the second prompt.
    private func expectHistory(_ body: JSONValue, provider: ProviderCase, firstReply: String) {
        func message(_ role: String, _ text: String) -> JSONValue {
            .object(["role": .string(role), "content": .string(text)])
        }
        func part(_ role: String, _ text: String) -> JSONValue {
            .object(["role": .string(role), "parts": .array([.object(["text": .string(text)])])])
        }
        switch provider.name {
        case "anthropic":
            #expect(body["system"] == .string(Self.preamble))
            #expect(body["messages"] == .array([message("user", Self.prompts[0]), message("assistant", firstReply),
                                                message("user", Self.prompts[1])]), "\(body)")
        case "google":
            #expect(body["systemInstruction"] == .object(["parts": .array([.object(["text": .string(Self.preamble)])])]))
            #expect(body["contents"] == .array([part("user", Self.prompts[0]), part("model", firstReply),
                                                part("user", Self.prompts[1])]), "\(body)")
        default:
            #expect(body["model"] == .string(provider.modelId))
            #expect(body["messages"] == .array([message("system", Self.preamble), message("user", Self.prompts[0]),
                                                message("assistant", firstReply), message("user", Self.prompts[1])]),
                    "\(body)")
        }
    }
}
