import ProbeCore

/// OpenAI chat completions. The reasoning family (model names starting `o1`, `o3`, `o4`,
/// `gpt-5`) defaults to `max_completion_tokens` and sends `temperature` only when modelConfig
/// set it; `reasoning_effort` is sent when set.
enum OpenAIAdapter: ProviderAdapter {
    /// Case-sensitive prefixes of the model name sent that mark the reasoning family.
    static let reasoningFamilyPrefixes = ["o1", "o3", "o4", "gpt-5"]

    /// Whether `modelName` belongs to the reasoning family.
    static func isReasoningFamily(_ modelName: String) -> Bool {
        reasoningFamilyPrefixes.contains { modelName.hasPrefix($0) }
    }

    static func buildRequest(_ call: ProviderCall) -> ProviderRequest {
        let settings = call.settings
        let reasoning = isReasoningFamily(call.route.modelName)
        let options = OpenAIChatOptions(
            sendsTemperature: !reasoning || settings.temperatureFromModelConfig,
            maxTokensField: settings.maxTokensParam ?? (reasoning ? .maxCompletionTokens : .maxTokens),
            maxTokens: settings.maxTokens,
            reasoningEffort: settings.reasoningEffort
        )
        return OpenAIChatRequest.build(call, options: options)
    }

    static func parseReply(_ body: JSONValue) throws(ReplyShapeError) -> ProviderReply {
        try OpenAIChatReply.parse(body)
    }
}
