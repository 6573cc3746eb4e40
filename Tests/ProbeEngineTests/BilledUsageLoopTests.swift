import ProbeTransport
import Testing
@testable import ProbeEngine

/// Issue 14 through `ProbeEngine.run`: the billed usage's parts in the turn, the cached price in
/// the cost snapshot, and no answer after reasoning as a failure (DECISIONS D3, D7).
@Suite struct BilledUsageLoopTests {
    /// An o3-mini chat completion (openai-python ChatCompletion + CompletionUsage with details).
    static func reasoningReply(_ text: String, finish: String, prompt: Int, completion: Int,
                               cached: Int, reasoning: Int) -> Result<HTTPResponse, TransportFailure> {
        Wire.response(200, #"""
            {"id":"chatcmpl-r1","object":"chat.completion","created":1,"model":"o3-mini-2025-01-31",
             "choices":[{"index":0,"message":{"role":"assistant","content":"\#(text)","refusal":null},"finish_reason":"\#(finish)"}],
             "usage":{"prompt_tokens":\#(prompt),"completion_tokens":\#(completion),"total_tokens":\#(prompt + completion),
                      "prompt_tokens_details":{"cached_tokens":\#(cached)},
                      "completion_tokens_details":{"reasoning_tokens":\#(reasoning)}}}
            """#)
    }

    @Test func partsAreRecordedAndTheCachedPriceIsUsed() async throws {
        let cost = ModelCost(costInputPerMillion: 1.1, costOutputPerMillion: 4.4, costCachedInputPerMillion: 0.55)
        let input = Probe.input(modelId: "o3-mini", followups: [Followup(prompt: "Why?")], modelCost: cost)
        let (output, _) = await Probe.run(input, [
            Self.reasoningReply("Yes.", finish: "stop", prompt: 1_312, completion: 420, cached: 1_024, reasoning: 384),
            Self.reasoningReply("Fewer deaths.", finish: "stop", prompt: 1_330, completion: 20, cached: 0, reasoning: 8),
        ])
        let transcript = try #require(output.transcript)
        #expect(output.isSuccess)
        let first = transcript.turns[0]
        #expect(first.inputTokens == 1_312 && first.outputTokens == 420)
        #expect(first.providerMetadata["cachedInputTokens"] == .int(1_024))
        #expect(first.providerMetadata["reasoningTokens"] == .int(384))
        #expect(first.providerMetadata["cacheWriteInputTokens"] == nil)
        let snapshot = try #require(transcript.costSnapshot)
        #expect(snapshot.cachedInputTokens == 1_024)
        let expected = (Double(2_642 - 1_024) / 1e6) * 1.1 + (Double(1_024) / 1e6) * 0.55 + (Double(440) / 1e6) * 4.4
        #expect(snapshot.estimatedCost == expected)
        #expect(snapshot.json["costCachedInputPerMillion"] == .double(0.55))
    }

    @Test func withoutACachedPriceTheSnapshotKeepsSpecFormula() async throws {
        let cost = ModelCost(costInputPerMillion: 2, costOutputPerMillion: 8)
        let (output, _) = await Probe.run(Probe.input(modelId: "o3-mini", modelCost: cost), [
            Self.reasoningReply("Yes.", finish: "stop", prompt: 100, completion: 50, cached: 60, reasoning: 10),
        ])
        let snapshot = try #require(output.transcript?.costSnapshot)
        #expect(snapshot.estimatedCost == (100 / 1e6) * 2 + (50 / 1e6) * 8)
        #expect(snapshot.json["cachedInputTokens"] == nil)
        #expect(snapshot.json["costCachedInputPerMillion"] == nil)
    }

    @Test func emptyLengthReplyAfterReasoningFailsWithTheEarlierTurns() async throws {
        let input = Probe.input(modelId: "o3-mini", followups: [Followup(prompt: "Why?"), Followup(prompt: "Sure?")])
        let (output, transport) = await Probe.run(input, [
            Self.reasoningReply("Yes.", finish: "stop", prompt: 30, completion: 40, cached: 0, reasoning: 30),
            Self.reasoningReply("", finish: "length", prompt: 40, completion: 512, cached: 0, reasoning: 512),
            Self.reasoningReply("never sent", finish: "stop", prompt: 1, completion: 1, cached: 0, reasoning: 0),
        ])
        let error = try #require(output.error)
        #expect(error.code == .invalidResponse)
        #expect(!error.retryable)
        #expect(error.message.hasPrefix("o3-mini gave no answer: it spent its output limit reasoning (limit "))
        #expect(error.message.hasSuffix(" tokens, 512 reasoning tokens used); raise maxTokens"))
        #expect(output.transcript?.turns.map(\.targetResponse) == ["Yes."])
        #expect(transport.sent.count == 2)
    }

    @Test func emptyLengthReplyWithoutReasoningIsStillATurn() async throws {
        let (output, transport) = await Probe.run(Probe.input(followups: [Followup(prompt: "Why?")]), [
            Self.reasoningReply("", finish: "length", prompt: 30, completion: 0, cached: 0, reasoning: 0),
        ])
        #expect(output.isSuccess)
        #expect(output.transcript?.turns.count == 1)
        #expect(transport.sent.count == 1)
    }

    @Test func emptyStopReplyAfterReasoningIsStillATurn() async throws {
        let (output, _) = await Probe.run(Probe.input(modelId: "o3-mini"), [
            Self.reasoningReply("", finish: "stop", prompt: 30, completion: 100, cached: 0, reasoning: 100),
        ])
        #expect(output.isSuccess)
        #expect(output.transcript?.turns.first?.providerMetadata["reasoningTokens"] == .int(100))
    }
}
