import ProbeCore

/// What differs between the four OpenAI-compatible providers when a request is built; each
/// provider's adapter decides these from its own rules.
struct OpenAIChatOptions: Equatable {
    /// Whether `temperature` is sent.
    var sendsTemperature = true
    /// The field carrying the limit.
    var maxTokensField: MaxTokensParam = .maxTokens
    /// The limit sent; nil omits the field (unlimited).
    var maxTokens: Int?
    /// `reasoning_effort` (openai only).
    var reasoningEffort: String?
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
        if let seed = settings.seed { body["seed"] = .number(seed) }
        if let effort = options.reasoningEffort { body["reasoning_effort"] = .string(effort) }
        return body
    }
}
