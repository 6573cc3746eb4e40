import ProbeCore
import ProbeProviders
import Testing

@Test(arguments: [
    // xAI's completion_tokens (9) leaves out its 94 billed reasoning tokens (D7).
    (Provider.xai, "I would choose honesty.", 32, 103, "grok-4-0709"),
    (.deepseek, "Honesty matters most here.", 16, 10, "deepseek-chat"),
    (.mistral, "Je tirerais le levier.", 24, 27, "mistral-large-latest"),
])
func compatiblePlainRepliesParse(provider: Provider, text: String, input: Int, output: Int, model: String) throws {
    let parsed = try reply(provider, "plain.json")
    #expect(parsed.text == text)
    #expect(parsed.reasoning == nil)
    #expect(parsed.inputTokens == input)
    #expect(parsed.outputTokens == output)
    #expect(parsed.modelVersion == model)
    #expect(parsed.finishReason == "stop")
    #expect(parsed.raw["model"] == .string(model))
}

@Test(arguments: [Provider.xai, .deepseek, .mistral])
func compatibleRepliesWithoutUsageHaveNoCounts(provider: Provider) throws {
    let parsed = try reply(provider, "no-usage.json")
    #expect(!parsed.text.isEmpty)
    #expect(parsed.inputTokens == nil)
    #expect(parsed.outputTokens == nil)
}

@Test(arguments: [Provider.xai, .deepseek, .mistral])
func compatibleLengthFinishIsMaxTokens(provider: Provider) throws {
    #expect(try reply(provider, "length.json").finishReason == "max_tokens")
}

@Test func deepseekReasonerReasoningContentIsReasoning() throws {
    let parsed = try reply(.deepseek, "reasoner.json")
    #expect(parsed.text == "I would keep the promise.")
    #expect(parsed.reasoning == "Okay, the user asks about a promise. Breaking it harms trust...")
    #expect(parsed.outputTokens == 410)
    #expect(parsed.raw.keys == ["id", "model", "finish_reason", "system_fingerprint"])
}

@Test func deepseekInsufficientSystemResourceIsSystemError() throws {
    let parsed = try reply(.deepseek, "insufficient-resource.json")
    #expect(parsed.text == "")
    #expect(parsed.reasoning == nil)
    #expect(parsed.finishReason == "system_error")
    #expect(parsed.raw["finish_reason"] == .string("insufficient_system_resource"))
}

@Test func deepseekContentFilterIsReported() throws {
    #expect(try reply(.deepseek, "content-filter.json").finishReason == "content_filter")
}

@Test func xaiReasoningContentIsReasoning() throws {
    let parsed = try reply(.xai, "reasoning.json")
    #expect(parsed.text == "Keep the secret.")
    #expect(parsed.reasoning == "First, the friend trusted me. Second...")
}

@Test func xaiRefusalTextIsTheReply() throws {
    let parsed = try reply(.xai, "refusal.json")
    #expect(parsed.text == "I can't help with that.")
    #expect(parsed.finishReason == "refusal")
    #expect(parsed.raw["refusal"] == .string("I can't help with that."))
}

@Test func mistralArrayContentSplitsTextAndThinking() throws {
    let parsed = try reply(.mistral, "magistral-thinking.json")
    #expect(parsed.text == "I would save the five.\nBut it is hard.")
    #expect(parsed.reasoning == "The user asks a dilemma.\nWeigh both sides.\nDecide.")
    #expect(parsed.modelVersion == "magistral-medium-2507")
    #expect(parsed.raw.keys == ["id", "model", "finish_reason"])
}

@Test func mistralModelLengthIsALengthFinish() throws {
    let parsed = try reply(.mistral, "model-length.json")
    #expect(parsed.finishReason == "max_tokens")
    #expect(parsed.raw["finish_reason"] == .string("model_length"))
}

@Test func mistralArrayIgnoresOddChunks() throws {
    let body = try json("""
        {"choices": [{"message": {"content": [
          "loose string", 7, null, {"type": "text", "text": 5}, {"type": "image_url", "image_url": "x"},
          {"type": "text"}, {"text": "no type"}, {"type": "text", "text": "kept"},
          {"type": "thinking", "thinking": "not an array"},
          {"type": "thinking", "thinking": [{"type": "text", "text": "t1"}, "x", {"type": "other", "text": "no"},
                                            {"type": "text", "text": 1}]},
          {"type": "text", "text": ""}
        ]}, "finish_reason": "stop"}]}
        """)
    let parsed = try Providers.adapter(for: .mistral).parseReply(body)
    #expect(parsed.text == "kept\n")
    #expect(parsed.reasoning == "t1")
}

@Test func arrayThinkingComesBeforeReasoningContent() throws {
    let body = try json("""
        {"choices": [{"message": {"reasoning_content": "second",
          "content": [{"type": "thinking", "thinking": [{"type": "text", "text": "first"}]}]}}]}
        """)
    let parsed = try Providers.adapter(for: .mistral).parseReply(body)
    #expect(parsed.text == "")
    #expect(parsed.reasoning == "first\nsecond")
}

@Test func emptyReasoningIsNoReasoning() throws {
    let body = try json("""
        {"choices": [{"message": {"reasoning_content": "", "content": "x"}}]}
        """)
    #expect(try Providers.adapter(for: .deepseek).parseReply(body).reasoning == nil)
    let nonString = try json(#"{"choices": [{"message": {"reasoning_content": 3, "content": "x"}}]}"#)
    #expect(try Providers.adapter(for: .deepseek).parseReply(nonString).reasoning == nil)
}

@Test func mistralErrorFinishIsAnEmptyReplyMarkedError() throws {
    let parsed = try reply(.mistral, "error-finish.json")
    #expect(parsed.text == "")
    #expect(parsed.finishReason == "error")
    #expect(parsed.outputTokens == 0)
}

@Test func reasoningPiecesAreJoinedVerbatimEvenWhenEmpty() throws {
    let body = try json("""
        {"choices": [{"message": {"reasoning_content": "", "content": [
          {"type": "thinking", "thinking": [{"type": "text", "text": ""}, {"type": "text", "text": "a"}]}]}}]}
        """)
    #expect(try Providers.adapter(for: .mistral).parseReply(body).reasoning == "\na\n")
}
