import ProbeCore

/// A Responses API reply → `ProviderReply` (DECISIONS D15). The text is the `output_text`
/// parts of the `message` items, concatenated as the SDK's `Response.output_text` does; the
/// reasoning is the `reasoning` items' summary and reasoning texts, joined with `\n`.
enum OpenAIResponsesReply {
    static func parse(_ body: JSONValue) throws(ReplyShapeError) -> ProviderReply {
        guard let root = body.objectValue else { throw ReplyShapeError("body is not a JSON object") }
        let usage = root["usage"]?.objectValue
        let status = root["status"]?.stringValue
        if status == "failed" {
            return ProviderReply(text: "", inputTokens: TokenCount.of(usage?["input_tokens"]),
                                 outputTokens: TokenCount.of(usage?["output_tokens"]),
                                 modelVersion: ModelVersion.of(root["model"]), finishReason: "failed",
                                 raw: raw(root, refusals: [], usage: usage), failure: failure(root["error"]))
        }
        guard let output = root["output"]?.arrayValue else { throw ReplyShapeError("output is missing or not an array") }
        var texts: [String] = []
        var refusals: [String] = []
        var thoughts: [String] = []
        for item in output {
            guard let object = item.objectValue else { continue }
            switch object["type"]?.stringValue {
            case "message":
                guard let parts = object["content"]?.arrayValue else {
                    throw ReplyShapeError("a message item's content is missing or not an array")
                }
                for part in parts.compactMap(\.objectValue) {
                    switch part["type"]?.stringValue {
                    case "output_text": if let text = part["text"]?.stringValue { texts.append(text) }
                    case "refusal": if let refusal = part["refusal"]?.stringValue { refusals.append(refusal) }
                    default: continue
                    }
                }
            case "reasoning":
                thoughts += innerTexts(object["summary"], type: "summary_text")
                thoughts += innerTexts(object["content"], type: "reasoning_text")
            default:
                continue
            }
        }
        var reply = ProviderReply(
            text: texts.joined(),
            reasoning: Reasoning.join(thoughts),
            inputTokens: TokenCount.of(usage?["input_tokens"]),
            outputTokens: TokenCount.of(usage?["output_tokens"]),
            modelVersion: ModelVersion.of(root["model"]),
            finishReason: finishReason(root),
            raw: raw(root, refusals: refusals, usage: usage)
        )
        // The parts of the billed usage (D7); `output_tokens` already includes the reasoning.
        reply.cachedInputTokens = TokenCount.of(usage?["input_tokens_details"]?["cached_tokens"])
        reply.reasoningTokens = TokenCount.of(usage?["output_tokens_details"]?["reasoning_tokens"])
        return reply
    }

    /// The `text` of the `{"type": type}` parts of a reasoning item's `summary` or `content`.
    private static func innerTexts(_ value: JSONValue?, type: String) -> [String] {
        (value?.arrayValue ?? []).compactMap { part in
            guard let object = part.objectValue, object["type"]?.stringValue == type else { return nil }
            return object["text"]?.stringValue
        }
    }

    /// `incomplete_details.reason` for an incomplete response, else `status`, normalized by the
    /// one finish-reason table (`completed` → stop, `max_output_tokens` → max_tokens).
    private static func finishReason(_ root: JSONObject) -> String {
        let status = root["status"]
        if status?.stringValue == "incomplete", let reason = root["incomplete_details"]?["reason"], reason.stringValue != nil {
            return FinishReason.normalize(reason)
        }
        return FinishReason.normalize(status)
    }

    /// `status: "failed"`: `error.code` decides the error (SPEC §5's classes).
    private static func failure(_ error: JSONValue?) -> ReplyFailure {
        let providerCode = error?["code"]?.stringValue ?? "unknown"
        switch providerCode {
        case "rate_limit_exceeded": return ReplyFailure(code: .rateLimit, providerCode: providerCode)
        case "server_error", "unknown": return ReplyFailure(code: .serverError, providerCode: providerCode)
        default: return ReplyFailure(code: .validationError, providerCode: providerCode)
        }
    }

    /// `{id, model, status, incomplete_details}` as present, `refusal` (the refusal parts
    /// joined with `\n`) when there is one, and `reasoning_tokens` from the usage when given.
    private static func raw(_ root: JSONObject, refusals: [String], usage: JSONObject?) -> JSONObject {
        var raw = RawFields()
        for key in ["id", "model", "status", "incomplete_details"] { raw.copy(key, from: root) }
        var object = raw.object
        if !refusals.isEmpty { object["refusal"] = .string(refusals.joined(separator: "\n")) }
        if let reasoningTokens = TokenCount.of(usage?["output_tokens_details"]?["reasoning_tokens"]) {
            object["reasoning_tokens"] = .int(reasoningTokens)
        }
        return object
    }
}
