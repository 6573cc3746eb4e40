import ProbeCore

/// xAI (grok): chat completions like the other plain providers, except that its
/// `completion_tokens` leaves out the reasoning tokens it bills
/// (`completion_tokens_details.reasoning_tokens`), which the parser adds (DECISIONS D7).
enum XAIAdapter: ProviderAdapter {
    static func buildRequest(_ call: ProviderCall) -> ProviderRequest {
        PlainChatAdapter.buildRequest(call)
    }

    static func parseReply(_ body: JSONValue) throws(ReplyShapeError) -> ProviderReply {
        try OpenAIChatReply.parse(body, reasoningOutsideCompletion: true)
    }
}
