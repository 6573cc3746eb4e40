import ProbeCore

/// Gemini generateContent: `POST {base}/models/{model}:generateContent` with the key in
/// `x-goog-api-key` (never in the URL). The settings were shaped by the model profile (D14).
enum GoogleAdapter: ProviderAdapter {
    static func buildRequest(_ call: ProviderCall) -> ProviderRequest {
        let path = "/models/" + GoogleModelPath.escape(call.route.modelName) + ":generateContent"
        return ProviderRequest(
            url: Endpoint.url(baseURL: call.baseURL, path: path),
            headers: Endpoint.headers([(name: "x-goog-api-key", value: call.apiKey)]),
            body: .object(body(call))
        )
    }

    /// The body in DECISIONS D2's key order.
    static func body(_ call: ProviderCall) -> JSONObject {
        var body: JSONObject = ["contents": GoogleContents.contents(call.messages)]
        if let system = GoogleContents.systemInstruction(call.messages) { body["systemInstruction"] = system }
        body["generationConfig"] = .object(generationConfig(call.settings))
        return body
    }

    /// `temperature`, then the settings that are set.
    static func generationConfig(_ settings: ModelSettings) -> JSONObject {
        var config = JSONObject()
        if settings.sendsTemperature { config["temperature"] = .number(settings.temperature) }
        if let limit = settings.maxTokens { config["maxOutputTokens"] = .int(limit) }
        if let topP = settings.topP { config["topP"] = .number(topP) }
        if let stop = settings.stopSequences { config["stopSequences"] = .array(stop.map(JSONValue.string)) }
        if let seed = settings.seed { config["seed"] = .number(seed) }
        if let thinking = thinkingConfig(settings) { config["thinkingConfig"] = .object(thinking) }
        return config
    }

    /// `{thinkingBudget, thinkingLevel, includeThoughts}` as set; nil when none is.
    static func thinkingConfig(_ settings: ModelSettings) -> JSONObject? {
        var thinking = JSONObject()
        if let budget = settings.thinkingBudget { thinking["thinkingBudget"] = .int(budget) }
        if let level = settings.reasoningEffort { thinking["thinkingLevel"] = .string(level) }
        if settings.includeThoughts { thinking["includeThoughts"] = .bool(true) }
        return thinking.isEmpty ? nil : thinking
    }

    static func parseReply(_ body: JSONValue) throws(ReplyShapeError) -> ProviderReply {
        try GoogleReply.parse(body)
    }
}
