import ProbeCore
import ProbeProviders
import Testing

/// The request the Responses adapter builds for an openai model named `model` (which models take
/// it is the profile table's `endpoint`, tested in ModelProfileTests and the parity cases).
private func responsesRequest(model: String = "o3-pro", messages: [ChatMessage] = conversation,
                              settings: ModelSettings = ModelSettings(), baseURL: String? = nil) -> ProviderRequest {
    let built = call(.openai, model: model, messages: messages, settings: settings, baseURL: baseURL)
    return Providers.adapter(for: .openai, responsesAPI: true).buildRequest(built)
}

@Test(arguments: ["o1-pro", "o3-pro-2025-06-10", "gpt-5-pro"])
func aResponsesProfileIsAskedThroughTheResponsesAPI(model: String) {
    #expect(responsesRequest(model: model).url == "https://api.openai.com/v1/responses")
    let chat = Providers.adapter(for: .openai, responsesAPI: false).buildRequest(call(.openai, model: model))
    #expect(chat.url == "https://api.openai.com/v1/chat/completions")
}

@Test func responsesRoutingIsOpenAIOnly() {
    let xai = call(.xai, model: "o3-pro")
    #expect(Providers.adapter(for: .xai, responsesAPI: true).buildRequest(xai).url == "https://api.x.ai/v1/chat/completions")
}

/// The settings as D14's plan leaves them for a Responses profile (temperature "one": 0.7 is not sent).
private func planned(_ settings: ModelSettings = ModelSettings()) -> ModelSettings {
    var settings = settings
    settings.sendsTemperature = false
    return settings
}

@Test func responsesBodyMatchesTheRecordedRequest() throws {
    #expect(responsesRequest(settings: planned()).body == (try Fixture.json("openai-responses/request-basic.json")))
}

@Test func responsesRequestUsesBearerAuthAndTheBaseURLWithoutItsSlash() {
    let request = responsesRequest(baseURL: "http://127.0.0.1:9/openai/v1/")
    #expect(request.url == "http://127.0.0.1:9/openai/v1/responses")
    #expect(request.headers.map(\.name) == ["Content-Type", "Authorization"])
    #expect(request.headers.map(\.value) == ["application/json", "Bearer sk-test-KEY123"])
}

@Test func responsesBodySendsWhatTheAPITakesAndNothingElse() throws {
    let body = responsesRequest(settings: try everySetting()).body
    #expect(body.objectValue?.keys == ["model", "instructions", "input", "max_output_tokens", "temperature", "top_p",
                                       "reasoning", "store"])
    #expect(body["max_output_tokens"] == .int(300))
    #expect(body["temperature"] == .number(try number("1.5")))
    #expect(body["top_p"] == .number(try number("0.95")))
    #expect(body["reasoning"] == (try json(#"{"effort": "medium", "summary": "auto"}"#)))
    #expect(body["store"] == .bool(false))
}

@Test func responsesTemperatureIsSentOnlyWhenThePlanSendsIt() throws {
    let refused = responsesRequest(settings: planned(ModelSettings(temperature: try number("0.2")))).body
    #expect(refused["temperature"] == nil)
    #expect(responsesRequest(settings: ModelSettings(temperature: try number("1"))).body["temperature"] == .number(try number("1")))
    let fromConfig = refused
    #expect(fromConfig["top_p"] == nil)
    #expect(fromConfig["reasoning"] == (try json(#"{"summary": "auto"}"#)))
}

@Test func responsesUnlimitedMaxTokensOmitsTheLimit() {
    #expect(responsesRequest(settings: ModelSettings(maxTokens: nil)).body["max_output_tokens"] == nil)
}

@Test func responsesInstructionsJoinEverySystemMessageAndAreOmittedWithoutOne() throws {
    let two = [ChatMessage(role: .system, content: "First."), ChatMessage(role: .system, content: "Second."),
               ChatMessage(role: .user, content: "Hi 👋")]
    let body = responsesRequest(messages: two).body
    #expect(body["instructions"] == .string("First.\n\nSecond."))
    #expect(body["input"] == (try json(#"[{"role": "user", "content": "Hi 👋"}]"#)))
    let none = responsesRequest(messages: [ChatMessage(role: .user, content: "Hi")]).body
    #expect(none["instructions"] == nil)
    #expect(none.objectValue?.keys.first == "model")
}
