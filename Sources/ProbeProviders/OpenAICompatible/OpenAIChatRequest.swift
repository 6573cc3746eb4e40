import ProbeCore

/// What differs between requests of the four OpenAI-compatible providers, taken from the
/// settings the model profile shaped (DECISIONS D14).
struct OpenAIChatOptions: Equatable {
    /// Whether `temperature` is sent.
    var sendsTemperature = true
    /// The field carrying the limit.
    var maxTokensField: MaxTokensParam = .maxTokens
    /// The limit sent; nil omits the field (unlimited).
    var maxTokens: Int?
    /// `reasoning_effort`.
    var reasoningEffort: String?
}

extension OpenAIChatOptions {
    init(settings: ModelSettings) {
        self.init(sendsTemperature: settings.sendsTemperature, maxTokensField: settings.maxTokensParam ?? .maxTokens,
                  maxTokens: settings.maxTokens, reasoningEffort: settings.reasoningEffort)
    }
}

/// The chat-completions request: `POST {base}/chat/completions` with Bearer auth and the body
/// in DECISIONS D2's key order.
enum OpenAIChatRequest {
    static func build(_ call: ProviderCall, options: OpenAIChatOptions) -> ProviderRequest {
        ProviderRequest(
            url: Endpoint.url(baseURL: call.baseURL, path: "/chat/completions"),
            headers: Endpoint.headers(Endpoint.bearer(call.apiKey)),
            body: .object(body(call, options: options))
        )
    }

    static func body(_ call: ProviderCall, options: OpenAIChatOptions) -> JSONObject {
        let settings = call.settings
        var body: JSONObject = [
            "model": .string(call.route.modelName),
            "messages": OpenAIChatMessages.convert(call.messages),
        ]
        if options.sendsTemperature { body["temperature"] = .number(settings.temperature) }
        if let limit = options.maxTokens { body[options.maxTokensField.rawValue] = .int(limit) }
        if let topP = settings.topP { body["top_p"] = .number(topP) }
        if let penalty = settings.frequencyPenalty { body["frequency_penalty"] = .number(penalty) }
        if let penalty = settings.presencePenalty { body["presence_penalty"] = .number(penalty) }
        if let stop = settings.stopSequences { body["stop"] = .array(stop.map(JSONValue.string)) }
        if let seed = settings.seed { body[settings.seedField] = .number(seed) }
        if let effort = options.reasoningEffort { body["reasoning_effort"] = .string(effort) }
        return body
    }
}
