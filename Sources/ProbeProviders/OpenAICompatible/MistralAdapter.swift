import ProbeCore

/// Mistral chat completions. Requests are plain chat completions; replies of the magistral
/// models carry `content` as an array of chunks (see `MistralContent`).
enum MistralAdapter: ProviderAdapter {
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
