import ProbeCore

/// A chat-completions reply (openai, xai, deepseek, mistral) → `ProviderReply` (SPEC §4, D3).
enum OpenAIChatReply {
    /// `reasoningOutsideCompletion`: xAI's `completion_tokens` leaves out the reasoning tokens it
    /// bills, so they are added to the output (DECISIONS D7); openai's include them.
    static func parse(_ body: JSONValue, reasoningOutsideCompletion: Bool = false) throws(ReplyShapeError) -> ProviderReply {
        guard let root = body.objectValue else { throw ReplyShapeError("body is not a JSON object") }
        guard let choices = root["choices"]?.arrayValue else { throw ReplyShapeError("choices is missing or not an array") }
        guard let first = choices.first else { throw ReplyShapeError("choices is empty") }
        guard let choice = first.objectValue else { throw ReplyShapeError("choices[0] is not an object") }
        guard let message = choice["message"]?.objectValue else {
            throw ReplyShapeError("choices[0].message is missing or not an object")
        }
        var (text, thinking) = try content(of: message)
        if let reasoningContent = DeepSeekAdapter.reasoningContent(of: message) { thinking.append(reasoningContent) }
        let usage = root["usage"]?.objectValue
        let reasoningTokens = TokenCount.of(usage?["completion_tokens_details"]?["reasoning_tokens"])
        let completion = TokenCount.of(usage?["completion_tokens"])
        var reply = ProviderReply(
            text: text,
            reasoning: Reasoning.join(thinking),
            inputTokens: TokenCount.of(usage?["prompt_tokens"]),
            outputTokens: reasoningOutsideCompletion ? TokenCount.sum(completion, reasoningTokens) : completion,
            modelVersion: ModelVersion.of(root["model"]),
            finishReason: FinishReason.normalize(choice["finish_reason"]),
            raw: raw(root: root, choice: choice, message: message)
        )
        reply.cachedInputTokens = TokenCount.of(usage?["prompt_tokens_details"]?["cached_tokens"])
        reply.reasoningTokens = reasoningTokens
        // A refusal is data (DECISIONS D3): its text is the reply when there is no other text.
        if Whitespace.isBlank(text), let refusal = message["refusal"]?.stringValue, !Whitespace.isBlank(refusal) {
            reply.text = refusal
            reply.finishReason = FinishReason.refusal
        }
        return reply
    }

    /// `message.content`: a string, `null` or missing (→ ""), or Mistral's chunk array; with
    /// the array's thinking texts.
    private static func content(of message: JSONObject) throws(ReplyShapeError) -> (String, [String]) {
        switch message["content"] {
        case .string(let text)?: return (text, [])
        case .null?, nil: return ("", [])
        case .array(let chunks)?: return MistralContent.split(chunks)
        default: throw ReplyShapeError("choices[0].message.content is not a string, null or array")
        }
    }

    /// `{id, model, finish_reason, system_fingerprint, refusal}` as present.
    private static func raw(root: JSONObject, choice: JSONObject, message: JSONObject) -> JSONObject {
        var raw = RawFields()
        raw.copy("id", from: root)
        raw.copy("model", from: root)
        raw.copy("finish_reason", from: choice)
        raw.copy("system_fingerprint", from: root)
        raw.copy("refusal", from: message)
        return raw.object
    }
}
