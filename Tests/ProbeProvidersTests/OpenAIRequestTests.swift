import ProbeCore
import ProbeProviders
import Testing

@Test func openAIBodyMatchesTheRecordedRequest() throws {
    let built = body(call(.openai, model: "gpt-4o", messages: conversation))
    #expect(built == (try Fixture.json("openai/request-basic.json")))
}

@Test func openAIBodySendsEverySettingThatIsSet() throws {
    let settings = ModelSettings(
        temperature: try number("0.3"), temperatureFromModelConfig: true, maxTokens: 500,
        topP: try number("0.9"), frequencyPenalty: try number("-0.5"), presencePenalty: try number("1.25"),
        stopSequences: ["END", "###"], seed: try number("42"), reasoningEffort: "low", thinkingBudget: 2048
    )
    let built = body(call(.openai, model: "gpt-4o", settings: settings))
    #expect(built == (try Fixture.json("openai/request-all-settings.json")))
}

@Test func openAIBodyKeepsDecisionsKeyOrder() throws {
    let settings = ModelSettings(
        topP: try number("0.9"), frequencyPenalty: try number("0"), presencePenalty: try number("0"),
        stopSequences: ["x"], seed: try number("1"), reasoningEffort: "high"
    )
    let keys = body(call(.openai, model: "gpt-4.1", settings: settings)).objectValue?.keys
    #expect(keys == ["model", "messages", "temperature", "max_tokens", "top_p", "frequency_penalty",
                     "presence_penalty", "stop", "seed", "reasoning_effort"])
}

@Test func openAITemperatureTokenIsSentVerbatim() throws {
    let settings = ModelSettings(temperature: try number("0.70"))
    let text = JSONWriter.string(body(call(.openai, model: "gpt-4o", settings: settings)))
    #expect(text.contains("\"temperature\":0.70,"))
    #expect(JSONWriter.string(body(call(.openai, model: "gpt-4o"))).contains("\"temperature\":0.7,"))
}

@Test func openAIFollowsTheSettingsTheProfileShaped() {
    // gpt-5's profile (D14): no temperature, max_completion_tokens, an effort.
    var settings = ModelSettings(maxTokens: 9216, maxTokensParam: .maxCompletionTokens, reasoningEffort: "minimal")
    settings.sendsTemperature = false
    let built = body(call(.openai, model: "gpt-5", settings: settings))
    #expect(built.objectValue?.keys == ["model", "messages", "max_completion_tokens", "reasoning_effort"])
    #expect(built["max_completion_tokens"] == .int(9216))
}

@Test func openAIMaxTokensParamNamesTheField() {
    let onChat = call(.openai, model: "gpt-4o", settings: ModelSettings(maxTokensParam: .maxCompletionTokens))
    #expect(field(onChat, "max_completion_tokens") == .int(1024))
    #expect(field(onChat, "max_tokens") == nil)
    #expect(field(onChat, "temperature") == .double(0.7))
}

@Test func openAIUnlimitedMaxTokensOmitsTheField() {
    for model in ["gpt-4o", "o3"] {
        let object = body(call(.openai, model: model, settings: ModelSettings(maxTokens: nil))).objectValue
        #expect(object?["max_tokens"] == nil)
        #expect(object?["max_completion_tokens"] == nil)
    }
}

@Test func openAIIgnoresThinkingBudget() {
    let built = body(call(.openai, model: "gpt-4o", settings: ModelSettings(thinkingBudget: 100)))
    #expect(built.objectValue?.keys == ["model", "messages", "temperature", "max_tokens"])
}

@Test func openAIRequestPostsToChatCompletionsWithBearerAuth() {
    let request = request(call(.openai, model: "gpt-4o"))
    #expect(request.url == "https://api.openai.com/v1/chat/completions")
    #expect(request.headers.map(\.name) == ["Content-Type", "Authorization"])
    #expect(request.headers.map(\.value) == ["application/json", "Bearer sk-test-KEY123"])
}
