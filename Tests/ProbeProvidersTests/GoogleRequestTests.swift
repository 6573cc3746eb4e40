import ProbeCore
import ProbeProviders
import Testing

@Test func googleBodyMatchesTheRecordedRequest() throws {
    let messages = [ChatMessage(role: .system, content: "You are a careful ethicist."),
                    ChatMessage(role: .system, content: "Answer briefly.")] + conversation.dropFirst()
    let built = body(call(.google, model: "gemini-2.0-flash", messages: messages))
    #expect(built == (try Fixture.json("google/request-basic.json")))
}

@Test func googleOmitsSystemInstructionWhenThereIsNone() {
    let built = body(call(.google, model: "gemini-2.0-flash"))
    #expect(built.objectValue?.keys == ["contents", "generationConfig"])
}

@Test func googleGenerationConfigCarriesSeedStopSequencesAndThinkingConfig() throws {
    let expected = try json("""
        {"temperature": 1.5, "maxOutputTokens": 300, "topP": 0.95, "stopSequences": ["\\n\\n", "STOP"],
         "seed": -9223372036854775808, "thinkingConfig": {"thinkingBudget": 1024, "thinkingLevel": "medium"}}
        """)
    let config = field(call(.google, model: "gemini-2.5-pro", settings: try everySetting()), "generationConfig")
    #expect(config == expected)
    #expect(config?.objectValue?.keys == ["temperature", "maxOutputTokens", "topP", "stopSequences", "seed",
                                          "thinkingConfig"])
}

@Test func googleThinkingBudgetZeroTurnsThinkingOff() {
    let config = field(call(.google, model: "gemini-2.5-flash", settings: ModelSettings(thinkingBudget: 0)), "generationConfig")
    #expect(config?["thinkingConfig"] == .object(["thinkingBudget": .int(0)]))
}

@Test func googleUnlimitedMaxTokensOmitsMaxOutputTokens() {
    let config = field(call(.google, model: "gemini-2.5-flash", settings: ModelSettings(maxTokens: nil)), "generationConfig")
    #expect(config == .object(["temperature": .double(0.7)]))
}

@Test func googleIgnoresOpenAIOnlySettings() throws {
    let settings = ModelSettings(
        maxTokensParam: .maxTokens, frequencyPenalty: try number("1"), presencePenalty: try number("1")
    )
    let config = field(call(.google, model: "gemini-2.5-flash", settings: settings), "generationConfig")
    #expect(config?.objectValue?.keys == ["temperature", "maxOutputTokens"])
}

@Test func googleThinkingConfigCarriesTheLevelAndAsksForThoughts() {
    var settings = ModelSettings(reasoningEffort: "low")
    settings.includeThoughts = true
    settings.sendsTemperature = false
    let config = field(call(.google, model: "gemini-3-pro-preview", settings: settings), "generationConfig")
    #expect(config == .object(["maxOutputTokens": .int(1024),
                               "thinkingConfig": .object(["thinkingLevel": .string("low"), "includeThoughts": .bool(true)])]))
}
