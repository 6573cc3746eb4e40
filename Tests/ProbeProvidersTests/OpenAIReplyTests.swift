import ProbeCore
import ProbeProviders
import Testing

@Test func openAIPlainReplyGivesTextUsageModelAndRaw() throws {
    let parsed = try reply(.openai, "plain.json")
    #expect(parsed.text == "I would pull the lever, but with real hesitation.")
    #expect(parsed.reasoning == nil)
    #expect(parsed.inputTokens == 150)
    #expect(parsed.outputTokens == 320)
    #expect(parsed.modelVersion == "gpt-4o-2024-08-06")
    #expect(parsed.finishReason == "stop")
    #expect(parsed.raw == (try json("""
        {"id": "chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT", "model": "gpt-4o-2024-08-06", "finish_reason": "stop",
         "system_fingerprint": "fp_50cad350e4", "refusal": null}
        """)).objectValue)
}

@Test func openAIReplyWithoutUsageLeavesTokensToTheEstimate() throws {
    let parsed = try reply(.openai, "no-usage.json")
    #expect(parsed.text == "Yes.")
    #expect(parsed.inputTokens == nil)
    #expect(parsed.outputTokens == nil)
    #expect(parsed.raw.keys == ["id", "model", "finish_reason"])
}

@Test func openAIUsageCountsOnlyIntegerTokens() throws {
    let parsed = try reply(.openai, "usage-not-integers.json")
    #expect(parsed.inputTokens == nil)
    #expect(parsed.outputTokens == nil)
}

@Test func openAIUsageRejectsNegativeAndTakesEachCountApart() throws {
    let body = try json("""
        {"choices": [{"message": {"content": "x"}}], "usage": {"prompt_tokens": -1, "completion_tokens": 0}}
        """)
    let parsed = try Providers.adapter(for: .openai).parseReply(body)
    #expect(parsed.inputTokens == nil)
    #expect(parsed.outputTokens == 0)
    #expect(parsed.finishReason == "unknown")
    #expect(parsed.modelVersion == nil)
    #expect(parsed.raw.isEmpty)
}

@Test func openAIRefusalTextIsTheReplyWithFinishRefusal() throws {
    let parsed = try reply(.openai, "refusal.json")
    #expect(parsed.text == "I'm sorry, I can't assist with that request.")
    #expect(parsed.finishReason == "refusal")
    #expect(parsed.raw["refusal"] == .string("I'm sorry, I can't assist with that request."))
    #expect(parsed.raw["system_fingerprint"] == .null)
}

@Test func openAIContentFilterIsReported() throws {
    let parsed = try reply(.openai, "content-filter.json")
    #expect(parsed.text == "")
    #expect(parsed.finishReason == "content_filter")
    #expect(parsed.outputTokens == 0)
}

@Test func openAILengthFinishIsMaxTokens() throws {
    let parsed = try reply(.openai, "length.json")
    #expect(parsed.text == "The first consideration is")
    #expect(parsed.finishReason == "max_tokens")
    #expect(parsed.raw["finish_reason"] == .string("length"))
}

@Test func openAIToolCallsFinishIsToolUse() throws {
    let parsed = try reply(.openai, "tool-calls.json")
    #expect(parsed.text == "")
    #expect(parsed.finishReason == "tool_use")
}

@Test func openAIEmptyModelIsNoModelVersion() throws {
    let body = try json(#"{"model": "", "choices": [{"message": {"content": "x"}, "finish_reason": null}]}"#)
    let parsed = try Providers.adapter(for: .openai).parseReply(body)
    #expect(parsed.modelVersion == nil)
    #expect(parsed.finishReason == "unknown")
    #expect(parsed.raw == ["model": .string(""), "finish_reason": .null])
}

@Test func openAIMissingContentIsAnEmptyReply() throws {
    let body = try json(#"{"choices": [{"message": {"role": "assistant"}, "finish_reason": "stop"}]}"#)
    #expect(try Providers.adapter(for: .openai).parseReply(body).text == "")
}
