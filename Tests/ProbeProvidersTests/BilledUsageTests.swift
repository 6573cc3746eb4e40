import ProbeCore
import ProbeProviders
import Testing

// Usage as billed and its parts (DECISIONS D7), on recorded bodies in each provider's documented
// shape (openai-python CompletionUsage, anthropic-sdk-python Usage, python-genai UsageMetadata).

@Test func anthropicInputIncludesCacheWritesAndReads() throws {
    let parsed = try reply(.anthropic, "cache-usage.json")
    #expect(parsed.inputTokens == 1_012)
    #expect(parsed.outputTokens == 9)
    #expect(parsed.cachedInputTokens == 800)
    #expect(parsed.cacheWriteInputTokens == 200)
    #expect(parsed.reasoningTokens == nil)
}

@Test func anthropicWithoutCacheFieldsCountsInputAlone() throws {
    let parsed = try reply(.anthropic, "refusal.json")
    #expect(parsed.inputTokens == 88)
    #expect(parsed.cachedInputTokens == nil)
    #expect(parsed.cacheWriteInputTokens == nil)
}

@Test func anthropicNonIntegerCachePartCountsZeroButMissingInputIsEstimated() throws {
    let odd = try json("""
        {"content": [], "usage": {"input_tokens": 5, "cache_read_input_tokens": "7", "output_tokens": 1}}
        """)
    #expect(try Providers.adapter(for: .anthropic).parseReply(odd).inputTokens == 5)
    let missing = try json("""
        {"content": [], "usage": {"cache_read_input_tokens": 7, "output_tokens": 1}}
        """)
    #expect(try Providers.adapter(for: .anthropic).parseReply(missing).inputTokens == nil)
}

@Test func anthropicStopsAreData() throws {
    let refusal = try reply(.anthropic, "refusal.json")
    #expect(refusal.finishReason == "refusal")
    #expect(refusal.text == "")
    let paused = try reply(.anthropic, "pause-turn.json")
    #expect(paused.finishReason == "pause_turn")
    #expect(paused.text == "Let me search for that.")
    let full = try reply(.anthropic, "context-window-exceeded.json")
    #expect(full.finishReason == "max_tokens")
    #expect(full.raw["stop_reason"] == .string("model_context_window_exceeded"))
    #expect(full.reasoningTokens == 1_000)
}

@Test func openAIOutputAlreadyIncludesReasoningAndPartsAreRecorded() throws {
    let parsed = try reply(.openai, "reasoning-usage.json")
    #expect(parsed.inputTokens == 1_312)
    #expect(parsed.outputTokens == 420)
    #expect(parsed.cachedInputTokens == 1_024)
    #expect(parsed.reasoningTokens == 384)
    #expect(parsed.cacheWriteInputTokens == nil)
}

@Test func openAIEmptyLengthReplyKeepsItsReasoningCount() throws {
    let parsed = try reply(.openai, "length-reasoning-only.json")
    #expect(parsed.text == "")
    #expect(parsed.finishReason == "max_tokens")
    #expect(parsed.reasoningTokens == 512)
    #expect(parsed.outputTokens == 512)
}

@Test func xaiAddsReasoningToCompletionButNotWhenCompletionIsMissing() throws {
    let parsed = try reply(.xai, "plain.json")
    #expect(parsed.outputTokens == 103)
    #expect(parsed.reasoningTokens == 94)
    #expect(parsed.cachedInputTokens == 6)
    let noCompletion = try json("""
        {"choices": [{"message": {"content": "x"}}], "usage": {"prompt_tokens": 3, "completion_tokens_details": {"reasoning_tokens": 4}}}
        """)
    #expect(try Providers.adapter(for: .xai).parseReply(noCompletion).outputTokens == nil)
    // The same body through openai: completion_tokens is already the billed output.
    #expect(try Providers.adapter(for: .deepseek).parseReply(try json("""
        {"choices": [{"message": {"content": "x"}}], "usage": {"completion_tokens": 9, "completion_tokens_details": {"reasoning_tokens": 4}}}
        """)).outputTokens == 9)
}

@Test func refusalDoesNotReplaceRealText() throws {
    let body = try json("""
        {"choices": [{"message": {"content": "Here it is.", "refusal": "no"}, "finish_reason": "stop"}]}
        """)
    let parsed = try Providers.adapter(for: .openai).parseReply(body)
    #expect(parsed.text == "Here it is.")
    #expect(parsed.finishReason == "stop")
    let blank = try json("""
        {"choices": [{"message": {"content": null, "refusal": "  "}, "finish_reason": "stop"}]}
        """)
    #expect(try Providers.adapter(for: .openai).parseReply(blank).finishReason == "stop")
}

@Test func googleRecordsCachedAndThoughtParts() throws {
    let parsed = try reply(.google, "cached-usage.json")
    #expect(parsed.inputTokens == 2_100)
    #expect(parsed.outputTokens == 127)
    #expect(parsed.cachedInputTokens == 2_048)
    #expect(parsed.reasoningTokens == 120)
}

@Test func googleBlockReasonsAndSafetyFinishesAreData() throws {
    let blocked = try reply(.google, "prompt-blocked-prohibited.json")
    #expect(blocked.text == "")
    #expect(blocked.finishReason == "prohibited_content")
    #expect(blocked.outputTokens == 0)
    let spii = try reply(.google, "spii-finish.json")
    #expect(spii.text == "")
    #expect(spii.finishReason == "spii")
    let thinking = try reply(.google, "max-tokens-thinking-only.json")
    #expect(thinking.reasoningTokens == 1_023)
}
