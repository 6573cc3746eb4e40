import ProbeCore

/// Anthropic Messages API: `POST {base}/v1/messages` with `x-api-key` and
/// `anthropic-version: 2023-06-01`. `max_tokens` is required by the API, so an unlimited
/// probe sends the limit the model profile computed; `thinkingBudget` enables manual thinking,
/// `adaptiveThinking` adaptive thinking, `reasoningEffort` goes in `output_config.effort` (D14).
enum AnthropicAdapter: ProviderAdapter {
    /// The API version header value.
    static let apiVersion = "2023-06-01"
    /// `max_tokens` when the probe has no limit.
    static let unlimitedMaxTokens = 8_192

    static func buildRequest(_ call: ProviderCall) -> ProviderRequest {
        ProviderRequest(
            url: Endpoint.url(baseURL: call.baseURL, path: "/v1/messages"),
            headers: Endpoint.headers([
                (name: "x-api-key", value: call.apiKey),
                (name: "anthropic-version", value: apiVersion),
            ]),
            body: .object(body(call))
        )
    }

    /// The body in DECISIONS D2's key order.
    static func body(_ call: ProviderCall) -> JSONObject {
        let settings = call.settings
        var body: JSONObject = ["model": .string(call.route.modelName)]
        if let system = AnthropicMessages.system(call.messages) { body["system"] = .string(system) }
        body["messages"] = AnthropicMessages.conversation(call.messages)
        body["max_tokens"] = .int(settings.maxTokens ?? unlimitedMaxTokens)
        if settings.sendsTemperature { body["temperature"] = .number(settings.temperature) }
        if let topP = settings.topP { body["top_p"] = .number(topP) }
        if let stop = settings.stopSequences { body["stop_sequences"] = .array(stop.map(JSONValue.string)) }
        if let budget = settings.thinkingBudget {
            body["thinking"] = .object(["type": .string("enabled"), "budget_tokens": .int(budget)])
        } else if settings.adaptiveThinking {
            // Opus 4.7 and later omit the thinking text unless asked for a summary.
            body["thinking"] = .object(["type": .string("adaptive"), "display": .string("summarized")])
        }
        if let effort = settings.reasoningEffort { body["output_config"] = .object(["effort": .string(effort)]) }
        return body
    }

    static func parseReply(_ body: JSONValue) throws(ReplyShapeError) -> ProviderReply {
        try AnthropicReply.parse(body)
    }
}
