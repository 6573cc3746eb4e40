import ProbeCore

/// DeepSeek chat completions: the max-tokens limit is clamped to what the model accepts, and
/// `deepseek-reasoner` returns its chain of thought in `message.reasoning_content`.
enum DeepSeekAdapter: ProviderAdapter {
    /// The ceiling for model names containing `reasoner`.
    static let reasonerMaxTokens = 65_536
    /// The ceiling for every other model.
    static let chatMaxTokens = 8_192

    /// `maxTokens` clamped for `modelName` (DECISIONS D2); nil (unlimited) stays nil.
    static func clamp(_ maxTokens: Int?, modelName: String) -> Int? {
        guard let maxTokens else { return nil }
        return min(maxTokens, modelName.contains("reasoner") ? reasonerMaxTokens : chatMaxTokens)
    }

    /// `message.reasoning_content` when it is a string.
    static func reasoningContent(of message: JSONObject) -> String? {
        message["reasoning_content"]?.stringValue
    }

    static func buildRequest(_ call: ProviderCall) -> ProviderRequest {
        let options = OpenAIChatOptions(
            maxTokensField: call.settings.maxTokensParam ?? .maxTokens,
            maxTokens: clamp(call.settings.maxTokens, modelName: call.route.modelName)
        )
        return OpenAIChatRequest.build(call, options: options)
    }

    static func parseReply(_ body: JSONValue) throws(ReplyShapeError) -> ProviderReply {
        try OpenAIChatReply.parse(body)
    }
}
