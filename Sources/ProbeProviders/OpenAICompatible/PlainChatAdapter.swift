import ProbeCore

/// xAI (grok) and Mistral: plain chat completions with no model-family rules of their own.
/// `reasoning_effort` is openai's only and never sent; Mistral's array `content` (magistral's
/// thinking chunks) is read by the shared reply parser (see `MistralContent`).
enum PlainChatAdapter: ProviderAdapter {
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
