import ProbeCore
import ProbeProviders
import Testing

@Test func anthropicJoinsSystemMessagesWithBlankLine() throws {
    let messages = [ChatMessage(role: .system, content: "You are a careful ethicist.")]
        + [ChatMessage(role: .system, content: "Answer briefly.")] + conversation.dropFirst()
    let built = body(call(.anthropic, model: "claude-sonnet-4-20250514", messages: messages))
    #expect(built == (try Fixture.json("anthropic/request-basic.json")))
}

@Test func anthropicOmitsSystemWhenThereIsNone() {
    let built = body(call(.anthropic, model: "claude-3-5-haiku-latest"))
    #expect(built.objectValue?.keys == ["model", "messages", "max_tokens", "temperature"])
}

@Test func anthropicSendsTopPStopSequencesAndThinkingInOrder() throws {
    let expected = try json("""
        {"model": "claude-opus-4-1", "system": "You are a careful ethicist.",
         "messages": [{"role": "user", "content": "Would you pull the lever?"},
                      {"role": "assistant", "content": "Yes."}, {"role": "user", "content": "Why?"}],
         "max_tokens": 300, "temperature": 1.5, "top_p": 0.95, "stop_sequences": ["\\n\\n", "STOP"],
         "thinking": {"type": "enabled", "budget_tokens": 1024}, "output_config": {"effort": "medium"}}
        """)
    let built = body(call(.anthropic, model: "claude-opus-4-1", messages: conversation, settings: try everySetting()))
    #expect(built == expected)
    #expect(built.objectValue?.keys == ["model", "system", "messages", "max_tokens", "temperature", "top_p",
                                        "stop_sequences", "thinking", "output_config"])
}

@Test func anthropicSendsZeroThinkingBudgetAsGiven() {
    let built = body(call(.anthropic, model: "claude-sonnet-4-0", settings: ModelSettings(thinkingBudget: 0)))
    #expect(built["thinking"] == .object(["type": .string("enabled"), "budget_tokens": .int(0)]))
}

@Test func anthropicUnlimitedMaxTokensSends8192() {
    #expect(field(call(.anthropic, model: "claude-3-opus", settings: ModelSettings(maxTokens: nil)), "max_tokens") == .int(8_192))
}

@Test func anthropicIgnoresOpenAIOnlySettings() throws {
    let settings = ModelSettings(
        maxTokensParam: .maxCompletionTokens, frequencyPenalty: try number("1"), presencePenalty: try number("1"),
        seed: try number("7")
    )
    let built = body(call(.anthropic, model: "claude-3-opus", settings: settings))
    #expect(built.objectValue?.keys == ["model", "messages", "max_tokens", "temperature"])
}

@Test func anthropicAdaptiveThinkingAsksForTheSummaryAndSendsTheEffort() {
    var settings = ModelSettings(reasoningEffort: "xhigh")
    settings.adaptiveThinking = true
    settings.sendsTemperature = false
    let built = body(call(.anthropic, model: "claude-opus-4-7", settings: settings))
    #expect(built["thinking"] == .object(["type": .string("adaptive"), "display": .string("summarized")]))
    #expect(built["output_config"] == .object(["effort": .string("xhigh")]))
    #expect(built.objectValue?.keys == ["model", "messages", "max_tokens", "thinking", "output_config"])
}
