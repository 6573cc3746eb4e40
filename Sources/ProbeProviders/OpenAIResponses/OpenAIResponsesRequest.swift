import ProbeCore

/// The Responses API request (DECISIONS D15): `POST {base}/responses` with Bearer auth. The
/// system messages become `instructions`, the conversation `input` messages; the body's keys
/// are `model, instructions, input, max_output_tokens, temperature, top_p, reasoning, store`.
enum OpenAIResponsesRequest {
    /// The path under the openai base URL.
    static let path = "/responses"
    /// `reasoning.summary`: ask for the reasoning summary, so reasoning text comes back.
    static let reasoningSummary = "auto"

    static func build(_ call: ProviderCall) -> ProviderRequest {
        ProviderRequest(
            url: Endpoint.url(baseURL: call.baseURL, path: path),
            headers: Endpoint.headers(Endpoint.bearer(call.apiKey)),
            body: .object(body(call))
        )
    }

    /// `temperature` and `top_p` as the profile's plan leaves them (DECISIONS D14); the chat
    /// settings the Responses API has no field for (penalties, `stop`, `seed`) are not sent.
    static func body(_ call: ProviderCall) -> JSONObject {
        let settings = call.settings
        var body: JSONObject = ["model": .string(call.route.modelName)]
        if let instructions = instructions(call.messages) { body["instructions"] = .string(instructions) }
        body["input"] = input(call.messages)
        if let limit = settings.maxTokens { body["max_output_tokens"] = .int(limit) }
        if settings.sendsTemperature { body["temperature"] = .number(settings.temperature) }
        if let topP = settings.topP { body["top_p"] = .number(topP) }
        var reasoning: JSONObject = [:]
        if let effort = settings.reasoningEffort { reasoning["effort"] = .string(effort) }
        reasoning["summary"] = .string(reasoningSummary)
        body["reasoning"] = .object(reasoning)
        body["store"] = .bool(false)
        return body
    }

    /// The system messages joined with a blank line; nil when there are none.
    static func instructions(_ messages: [ChatMessage]) -> String? {
        let parts = messages.filter { $0.role == .system }.map(\.content)
        return parts.isEmpty ? nil : parts.joined(separator: "\n\n")
    }

    /// The user and assistant messages as `{role, content}` input messages, verbatim.
    static func input(_ messages: [ChatMessage]) -> JSONValue {
        .array(messages.filter { $0.role != .system }.map { message in
            .object(["role": .string(message.role.rawValue), "content": .string(message.content)])
        })
    }
}
