import ProbeCore
import ProbeProviders
import Testing

@Test func googlePlainReplyGivesTextUsageModelAndRaw() throws {
    let parsed = try reply(.google, "plain.json")
    #expect(parsed.text == "I would divert the trolley.")
    #expect(parsed.reasoning == nil)
    #expect(parsed.inputTokens == 12)
    #expect(parsed.outputTokens == 7)
    #expect(parsed.modelVersion == "gemini-1.5-flash-002")
    #expect(parsed.finishReason == "stop")
    #expect(parsed.raw.keys.sorted() == ["finishReason", "modelVersion", "responseId", "safetyRatings"])
    #expect(parsed.raw["safetyRatings"]?.arrayValue?.count == 4)
}

@Test func googleReplyWithoutUsageHasNoCounts() throws {
    let parsed = try reply(.google, "no-usage.json")
    #expect(parsed.text == "Perhaps.")
    #expect(parsed.inputTokens == nil)
    #expect(parsed.outputTokens == nil)
    #expect(parsed.raw == ["modelVersion": .string("gemini-2.0-flash"), "finishReason": .string("STOP")])
}

@Test func googleThoughtsAreReasoningAndOutputCountsThem() throws {
    let parsed = try reply(.google, "thoughts.json")
    #expect(parsed.text == "Lying can be justified\nwhen it prevents grave harm.")
    #expect(parsed.reasoning == "**Weighing the duties**\n\nThe user asks whether lying is justified.")
    #expect(parsed.inputTokens == 25)
    #expect(parsed.outputTokens == 530)
}

@Test func googlePromptBlockIsAnEmptyReplyWithZeroOutput() throws {
    let parsed = try reply(.google, "prompt-blocked.json")
    #expect(parsed.text == "")
    #expect(parsed.finishReason == "safety")
    #expect(parsed.inputTokens == 17)
    #expect(parsed.outputTokens == 0)
    #expect(parsed.raw["promptFeedback"]?["blockReason"] == .string("SAFETY"))
    #expect(parsed.raw.keys.sorted() == ["modelVersion", "promptFeedback", "responseId"])
}

@Test func googlePromptBlockWinsOverCandidatesAndKeepsInputEstimate() throws {
    let body = try json("""
        {"promptFeedback": {"blockReason": "PROHIBITED_CONTENT"},
         "candidates": [{"content": {"parts": [{"text": "ignored"}]}, "finishReason": "STOP"}]}
        """)
    let parsed = try Providers.adapter(for: .google).parseReply(body)
    #expect(parsed.text == "")
    #expect(parsed.finishReason == "prohibited_content")
    #expect(parsed.inputTokens == nil)
    #expect(parsed.outputTokens == 0)
}

@Test func googleSafetyFinishWithoutContentIsAnEmptyReply() throws {
    let parsed = try reply(.google, "safety-finish.json")
    #expect(parsed.text == "")
    #expect(parsed.finishReason == "safety")
    #expect(parsed.inputTokens == 33)
    #expect(parsed.outputTokens == nil)
    #expect(parsed.raw["finishReason"] == .string("SAFETY"))
}

@Test func googleMaxTokensFinish() throws {
    let parsed = try reply(.google, "max-tokens.json")
    #expect(parsed.text == "The trolley problem asks")
    #expect(parsed.finishReason == "max_tokens")
}

@Test func googleThinkingOnlyMaxTokensCountsThoughtsAsOutput() throws {
    let parsed = try reply(.google, "max-tokens-thinking-only.json")
    #expect(parsed.text == "")
    #expect(parsed.finishReason == "max_tokens")
    #expect(parsed.outputTokens == 1023)
}

@Test func googleNoCandidatesIsAnEmptyUnknownReply() throws {
    let parsed = try reply(.google, "no-candidates.json")
    #expect(parsed.text == "")
    #expect(parsed.finishReason == "unknown")
    #expect(parsed.inputTokens == 9)
    #expect(parsed.outputTokens == nil)
    for empty in [#"{"candidates": []}"#, #"{"candidates": null}"#] {
        let other = try Providers.adapter(for: .google).parseReply(try json(empty))
        #expect(other.text == "")
        #expect(other.finishReason == "unknown")
    }
}

@Test func googleUsageSumSkipsNonIntegerAddends() throws {
    let body = try json("""
        {"candidates": [], "usageMetadata": {"promptTokenCount": "3", "candidatesTokenCount": 4.0,
                                             "thoughtsTokenCount": 6}}
        """)
    let parsed = try Providers.adapter(for: .google).parseReply(body)
    #expect(parsed.inputTokens == nil)
    #expect(parsed.outputTokens == 6)
}

@Test func googleIgnoresOddPartsAndNullContent() throws {
    let body = try json("""
        {"candidates": [{"content": {"parts": ["x", {"inlineData": {}}, {"text": 1}, {"text": "a", "thought": "true"},
                                                {"text": "", "thought": true}, {"text": " b "}]}}]}
        """)
    let parsed = try Providers.adapter(for: .google).parseReply(body)
    #expect(parsed.text == "a\nb")
    #expect(parsed.reasoning == nil)
    for shape in [#"{"candidates": [{"content": null}]}"#, #"{"candidates": [{"content": {"parts": null}}]}"#,
                  #"{"candidates": [{"content": {}}]}"#] {
        #expect(try Providers.adapter(for: .google).parseReply(try json(shape)).text == "")
    }
}

@Test func googleBlockedPromptChecksCandidatesButNotTheirContent() throws {
    #expect(try rejects(.google, #"{"promptFeedback": {"blockReason": "OTHER"}, "candidates": "x"}"#))
    #expect(try rejects(.google, #"{"promptFeedback": {"blockReason": "OTHER"}, "candidates": [7]}"#))
    #expect(try !rejects(.google, #"{"promptFeedback": {"blockReason": "OTHER"}, "candidates": [{"content": []}]}"#))
}

@Test func googleNullBlockReasonIsNoBlock() throws {
    let body = try json("""
        {"promptFeedback": {"blockReason": null}, "candidates": [{"content": {"parts": [{"text": "hi"}]},
          "finishReason": "STOP"}]}
        """)
    let parsed = try Providers.adapter(for: .google).parseReply(body)
    #expect(parsed.text == "hi")
    #expect(parsed.finishReason == "stop")
}
