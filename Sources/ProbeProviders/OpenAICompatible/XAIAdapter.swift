import ProbeCore

/// xAI (grok): plain chat completions; `reasoning_effort` is openai's only and never sent.
enum XAIAdapter: ProviderAdapter {
    static func buildRequest(_ call: ProviderCall) -> ProviderRequest {
        let options = OpenAIChatOptions(
            maxTokensField: call.settings.maxTokensParam ?? .maxTokens,
            maxTokens: call.settings.maxTokens
        )
        return OpenAIChatRequest.build(call, options: options)
    }

    static func parseReply(_ body: JSONValue) throws(ReplyShapeError) -> ProviderReply {
        try OpenAIChatReply.parse(body)
    }
}
