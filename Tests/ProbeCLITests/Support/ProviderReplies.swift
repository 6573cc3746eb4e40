import ProbeEngine

/// Reply bodies in each provider's real format (shaped like `Fixtures/providers/*/plain.json`).
enum ProviderReplies {
    /// What a scripted reply should turn into in the transcript.
    struct Expected: Sendable {
        var text: String
        var model: String
        var finishReason: String
        var inputTokens: Int
        var outputTokens: Int
    }

    /// An OpenAI-compatible chat completion (openai, xai, deepseek, mistral).
    static func openAI(text: String, model: String = "gpt-4o-2024-08-06", promptTokens: Int = 150,
                       completionTokens: Int = 320, finishReason: String = "stop") -> String {
        JSONWriter.string(.object([
            "id": .string("chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT"),
            "object": .string("chat.completion"),
            "created": .int(1_741_569_952),
            "model": .string(model),
            "choices": .array([.object([
                "index": .int(0),
                "message": .object(["role": .string("assistant"), "content": .string(text), "refusal": .null]),
                "logprobs": .null,
                "finish_reason": .string(finishReason),
            ])]),
            "usage": .object([
                "prompt_tokens": .int(promptTokens), "completion_tokens": .int(completionTokens),
                "total_tokens": .int(promptTokens + completionTokens),
            ]),
            "system_fingerprint": .string("fp_50cad350e4"),
        ]))
    }

    /// An Anthropic message.
    static func anthropic(text: String, model: String, inputTokens: Int, outputTokens: Int, stopReason: String) -> String {
        JSONWriter.string(.object([
            "id": .string("msg_01XFDUDYJgAACzvnptvVoYEL"),
            "type": .string("message"),
            "role": .string("assistant"),
            "model": .string(model),
            "content": .array([.object(["type": .string("text"), "text": .string(text)])]),
            "stop_reason": .string(stopReason),
            "stop_sequence": .null,
            "usage": .object(["input_tokens": .int(inputTokens), "output_tokens": .int(outputTokens)]),
        ]))
    }

    /// A Gemini generateContent reply.
    static func google(text: String, modelVersion: String, promptTokens: Int, candidatesTokens: Int, finishReason: String) -> String {
        JSONWriter.string(.object([
            "candidates": .array([.object([
                "content": .object(["parts": .array([.object(["text": .string(text)])]), "role": .string("model")]),
                "finishReason": .string(finishReason),
                "index": .int(0),
            ])]),
            "usageMetadata": .object([
                "promptTokenCount": .int(promptTokens), "candidatesTokenCount": .int(candidatesTokens),
                "totalTokenCount": .int(promptTokens + candidatesTokens),
            ]),
            "modelVersion": .string(modelVersion),
            "responseId": .string("mDXDaOyiHcWnz7IPqN6d4Qs"),
        ]))
    }

    /// Turn `turn`'s (1-based) reply for `provider`: padded with whitespace (the transcript
    /// trims it), the last turn cut by the token limit.
    static func turn(_ turn: Int, of turns: Int, provider: ProviderCase) -> (body: String, expected: Expected) {
        let text = "  \(provider.name) answer \(turn): é 你好 🙂\n"
        let trimmed = "\(provider.name) answer \(turn): é 你好 🙂"
        let last = turn == turns
        let inputTokens = 100 * turn
        let outputTokens = 10 + turn
        let model = "\(provider.modelId)-snapshot-\(turn)"
        let body: String
        let finish: String
        switch provider.name {
        case "anthropic":
            body = anthropic(text: text, model: model, inputTokens: inputTokens, outputTokens: outputTokens,
                             stopReason: last ? "max_tokens" : "end_turn")
            finish = last ? "max_tokens" : "stop"
        case "google":
            body = google(text: text, modelVersion: model, promptTokens: inputTokens, candidatesTokens: outputTokens,
                          finishReason: last ? "MAX_TOKENS" : "STOP")
            finish = last ? "max_tokens" : "stop"
        default:
            body = openAI(text: text, model: model, promptTokens: inputTokens, completionTokens: outputTokens,
                          finishReason: last ? "length" : "stop")
            finish = last ? "max_tokens" : "stop"
        }
        return (body, Expected(text: trimmed, model: model, finishReason: finish,
                               inputTokens: inputTokens, outputTokens: outputTokens))
    }
}
