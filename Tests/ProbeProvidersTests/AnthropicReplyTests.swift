import ProbeCore
import ProbeProviders
import Testing

@Test func anthropicPlainReplyGivesTextUsageModelAndRaw() throws {
    let parsed = try reply(.anthropic, "plain.json")
    #expect(parsed.text == "I would not push the man.")
    #expect(parsed.reasoning == nil)
    #expect(parsed.inputTokens == 2095)
    #expect(parsed.outputTokens == 503)
    #expect(parsed.modelVersion == "claude-sonnet-4-20250514")
    #expect(parsed.finishReason == "stop")
    #expect(parsed.raw == (try json("""
        {"id": "msg_01XFDUDYJgAACzvnptvVoYEL", "model": "claude-sonnet-4-20250514", "stop_reason": "end_turn",
         "stop_sequence": null}
        """)).objectValue)
}

@Test func anthropicReplyWithoutUsageHasNoCounts() throws {
    let parsed = try reply(.anthropic, "no-usage.json")
    #expect(parsed.text == "Short answer.")
    #expect(parsed.inputTokens == nil)
    #expect(parsed.outputTokens == nil)
}

@Test func anthropicThinkingBlocksAreReasoningAndTextBlocksJoinWithNewline() throws {
    let parsed = try reply(.anthropic, "thinking.json")
    #expect(parsed.text == "On balance,\nI would tell the truth.")
    #expect(parsed.reasoning == "Let me weigh the duties involved.\nThe consequences matter too.")
}

@Test func anthropicRefusalIsAnEmptyReplyWithRefusalFinish() throws {
    let parsed = try reply(.anthropic, "refusal.json")
    #expect(parsed.text == "")
    #expect(parsed.finishReason == "refusal")
    #expect(parsed.outputTokens == 0)
}

@Test func anthropicMaxTokensFinish() throws {
    let parsed = try reply(.anthropic, "max-tokens.json")
    #expect(parsed.text == "There are three considerations. First,")
    #expect(parsed.finishReason == "max_tokens")
}

@Test func anthropicStopSequenceIsKeptInRaw() throws {
    let parsed = try reply(.anthropic, "stop-sequence.json")
    #expect(parsed.finishReason == "stop_sequence")
    #expect(parsed.raw["stop_sequence"] == .string("###"))
}

@Test func anthropicIgnoresOddBlocks() throws {
    let body = try json("""
        {"content": ["x", null, {"type": "text", "text": 3}, {"type": "text"}, {"type": "tool_use", "id": "t"},
                     {"type": "thinking", "thinking": null}, {"type": "text", "text": "only"}],
         "stop_reason": null}
        """)
    let parsed = try Providers.adapter(for: .anthropic).parseReply(body)
    #expect(parsed.text == "only")
    #expect(parsed.reasoning == nil)
    #expect(parsed.finishReason == "unknown")
    #expect(parsed.raw == ["stop_reason": .null])
}
