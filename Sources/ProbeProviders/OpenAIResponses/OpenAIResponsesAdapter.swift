import ProbeCore

/// OpenAI's Responses API (`POST /v1/responses`), for the models that live only there
/// (the model profile's `endpoint: responses`, DECISIONS D14): same conversation and transcript as chat completions (DECISIONS D15).
enum OpenAIResponsesAdapter: ProviderAdapter {
    static func buildRequest(_ call: ProviderCall) -> ProviderRequest {
        OpenAIResponsesRequest.build(call)
    }

    static func parseReply(_ body: JSONValue) throws(ReplyShapeError) -> ProviderReply {
        try OpenAIResponsesReply.parse(body)
    }
}
