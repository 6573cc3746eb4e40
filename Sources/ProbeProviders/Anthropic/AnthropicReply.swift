import ProbeCore

/// A Messages API reply → `ProviderReply`: `text` blocks are the reply, `thinking` blocks the
/// reasoning, each joined with `\n` (SPEC §4, D3).
enum AnthropicReply {
    static func parse(_ body: JSONValue) throws(ReplyShapeError) -> ProviderReply {
        guard let root = body.objectValue else { throw ReplyShapeError("body is not a JSON object") }
        guard let blocks = root["content"]?.arrayValue else { throw ReplyShapeError("content is missing or not an array") }
        var texts: [String] = []
        var thoughts: [String] = []
        for block in blocks {
            guard let object = block.objectValue else { continue }
            switch object["type"]?.stringValue {
            case "text":
                if let text = object["text"]?.stringValue { texts.append(text) }
            case "thinking":
                if let thinking = object["thinking"]?.stringValue { thoughts.append(thinking) }
            default:
                continue
            }
        }
        let usage = root["usage"]?.objectValue
        var raw = RawFields()
        for key in ["id", "model", "stop_reason", "stop_sequence"] { raw.copy(key, from: root) }
        // Billed input is `input_tokens` plus the cache writes and reads it leaves out (D7).
        let cacheWrites = TokenCount.of(usage?["cache_creation_input_tokens"])
        let cacheReads = TokenCount.of(usage?["cache_read_input_tokens"])
        var reply = ProviderReply(
            text: texts.joined(separator: "\n"),
            reasoning: Reasoning.join(thoughts),
            inputTokens: TokenCount.sum(TokenCount.of(usage?["input_tokens"]), cacheWrites, cacheReads),
            outputTokens: TokenCount.of(usage?["output_tokens"]),
            modelVersion: ModelVersion.of(root["model"]),
            finishReason: FinishReason.normalize(root["stop_reason"]),
            raw: raw.object
        )
        reply.cachedInputTokens = cacheReads
        reply.cacheWriteInputTokens = cacheWrites
        reply.reasoningTokens = TokenCount.of(usage?["output_tokens_details"]?["thinking_tokens"])
        return reply
    }
}
