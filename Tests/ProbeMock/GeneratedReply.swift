import ProbeJSON

/// The success reply the mock gives when no script step is left: the provider's real format,
/// deterministic in the request alone (so three runs of one case get the same replies).
/// Turn K (the number of user messages sent) answers `Mock <provider> reply to turn K.`
/// with usage 12·K in and 5+K out, and reports the requested model.
public enum GeneratedReply {
    /// The body for `request` (`pathModel`: the model in a google path).
    public static func body(for provider: MockProvider, requestBody: [UInt8], pathModel: String?) -> [UInt8] {
        let request = (try? JSONParser.parse(requestBody, maxDepth: 512)) ?? .null
        let turn = max(1, userTurns(provider, request))
        let text = "Mock \(provider.rawValue) reply to turn \(turn)."
        let model = pathModel.map { percentDecoded($0) } ?? request["model"]?.stringValue ?? "mock-model"
        return JSONWriter.bytes(reply(provider, text: text, model: model, input: 12 * turn, output: 5 + turn))
    }

    /// A success in `provider`'s format with `text`, `model` and usage.
    public static func reply(_ provider: MockProvider, text: String, model: String, input: Int, output: Int) -> JSONValue {
        switch provider {
        case .anthropic:
            return .object([
                "id": .string("msg_01MockGeneratedReply"), "type": .string("message"), "role": .string("assistant"),
                "model": .string(model),
                "content": .array([.object(["type": .string("text"), "text": .string(text)])]),
                "stop_reason": .string("end_turn"), "stop_sequence": .null,
                "usage": .object(["input_tokens": .int(input), "output_tokens": .int(output)]),
            ])
        case .google:
            return .object([
                "candidates": .array([.object([
                    "content": .object(["parts": .array([.object(["text": .string(text)])]), "role": .string("model")]),
                    "finishReason": .string("STOP"), "index": .int(0),
                ])]),
                "usageMetadata": .object([
                    "promptTokenCount": .int(input), "candidatesTokenCount": .int(output), "totalTokenCount": .int(input + output),
                ]),
                "modelVersion": .string(model), "responseId": .string("mockGeneratedResponse"),
            ])
        case .openai, .xai, .deepseek, .mistral:
            return .object([
                "id": .string("chatcmpl-mock-generated"), "object": .string("chat.completion"), "created": .int(1_750_000_000),
                "model": .string(model),
                "choices": .array([.object([
                    "index": .int(0),
                    "message": .object(["role": .string("assistant"), "content": .string(text)]),
                    "finish_reason": .string("stop"),
                ])]),
                "usage": .object([
                    "prompt_tokens": .int(input), "completion_tokens": .int(output), "total_tokens": .int(input + output),
                ]),
            ])
        }
    }

    /// How many user messages the request carries.
    private static func userTurns(_ provider: MockProvider, _ request: JSONValue) -> Int {
        let list = provider == .google ? request["contents"]?.arrayValue : request["messages"]?.arrayValue
        return (list ?? []).filter { $0["role"]?.stringValue == "user" }.count
    }

    /// `%XX` escapes decoded (google model path segments are percent-encoded, D2).
    static func percentDecoded(_ text: String) -> String {
        var bytes: [UInt8] = []
        var utf8 = Array(text.utf8)[...]
        while let byte = utf8.popFirst() {
            if byte == UInt8(ascii: "%"), utf8.count >= 2,
               let value = UInt8(String(decoding: utf8.prefix(2), as: UTF8.self), radix: 16) {
                bytes.append(value)
                utf8 = utf8.dropFirst(2)
            } else {
                bytes.append(byte)
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
