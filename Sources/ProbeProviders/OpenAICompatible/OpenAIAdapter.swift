import ProbeCore

/// OpenAI chat completions. What a model accepts (temperature, the max-tokens field,
/// `reasoning_effort`, …) was decided by its model profile before the call (DECISIONS D14);
/// this adapter sends the settings it is given.
enum OpenAIAdapter: ProviderAdapter {
    static func buildRequest(_ call: ProviderCall) -> ProviderRequest {
        OpenAIChatRequest.build(call, options: OpenAIChatOptions(settings: call.settings))
    }

    static func parseReply(_ body: JSONValue) throws(ReplyShapeError) -> ProviderReply {
        try OpenAIChatReply.parse(body)
    }
}
