import ProbeCore

/// DeepSeek and Mistral (and xAI through `XAIAdapter`): chat completions as the model profile shaped the
/// settings (DECISIONS D14). Mistral's array `content` (magistral's thinking chunks) and
/// DeepSeek's `reasoning_content` are read by the shared reply parser.
enum PlainChatAdapter: ProviderAdapter {
    static func buildRequest(_ call: ProviderCall) -> ProviderRequest {
        OpenAIChatRequest.build(call, options: OpenAIChatOptions(settings: call.settings))
    }

    static func parseReply(_ body: JSONValue) throws(ReplyShapeError) -> ProviderReply {
        try OpenAIChatReply.parse(body)
    }
}
