import ProbeCore
import ProbeProviders

/// A JSON number from its token text, so tests say `0.7` the way an input would.
func number(_ token: String) throws -> JSONNumber {
    guard let value = try JSONParser.parse(token).numberValue else {
        throw FixtureError(description: "\(token) is not a number")
    }
    return value
}

/// The standard short conversation: a system message, a user turn, a reply, a follow-up.
let conversation: [ChatMessage] = [
    ChatMessage(role: .system, content: "You are a careful ethicist."),
    ChatMessage(role: .user, content: "Would you pull the lever?"),
    ChatMessage(role: .assistant, content: "Yes."),
    ChatMessage(role: .user, content: "Why?"),
]

/// A call with the provider's default base URL unless one is given.
func call(
    _ provider: Provider,
    model: String,
    messages: [ChatMessage] = [ChatMessage(role: .user, content: "Would you pull the lever?")],
    settings: ModelSettings = ModelSettings(),
    apiKey: String = "sk-test-KEY123",
    baseURL: String? = nil
) -> ProviderCall {
    ProviderCall(
        route: Route(provider: provider, modelName: model),
        messages: messages,
        settings: settings,
        apiKey: apiKey,
        baseURL: baseURL ?? provider.defaultBaseURL
    )
}

/// The body the provider's adapter builds for `call`.
func body(_ call: ProviderCall) -> JSONValue {
    Providers.adapter(for: call.route.provider).buildRequest(call).body
}

/// The body's member `key`, when the body is an object.
func field(_ call: ProviderCall, _ key: String) -> JSONValue? {
    body(call)[key]
}

/// The reply the provider's adapter parses from fixture `name`.
func reply(_ provider: Provider, _ name: String) throws -> ProviderReply {
    try Providers.adapter(for: provider).parseReply(try Fixture.json("\(provider.rawValue)/\(name)"))
}

/// Parses `text` as JSON, for comparing bodies by value.
func json(_ text: String) throws -> JSONValue {
    try JSONParser.parse(text)
}

/// The request the provider's adapter builds for `call`.
func request(_ call: ProviderCall) -> ProviderRequest {
    Providers.adapter(for: call.route.provider).buildRequest(call)
}

/// Settings with every optional field set, openai-only and anthropic/google-only ones included.
func everySetting() throws -> ModelSettings {
    ModelSettings(
        temperature: try number("1.5"), temperatureFromModelConfig: true, maxTokens: 300,
        topP: try number("0.95"), frequencyPenalty: try number("0.5"), presencePenalty: try number("-1"),
        stopSequences: ["\n\n", "STOP"], seed: try number("-9223372036854775808"),
        reasoningEffort: "medium", thinkingBudget: 1024
    )
}
