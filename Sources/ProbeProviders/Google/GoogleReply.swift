import ProbeCore

/// A generateContent reply → `ProviderReply` (SPEC §4, D3): a prompt block, no candidate, or
/// the first candidate's parts (`thought: true` parts are reasoning).
enum GoogleReply {
    static func parse(_ body: JSONValue) throws(ReplyShapeError) -> ProviderReply {
        guard let root = body.objectValue else { throw ReplyShapeError("body is not a JSON object") }
        let candidate = try firstCandidate(root)
        let usage = root["usageMetadata"]?.objectValue
        var reply = ProviderReply(
            text: "",
            inputTokens: GoogleUsage.input(usage),
            outputTokens: GoogleUsage.output(usage),
            modelVersion: ModelVersion.of(root["modelVersion"]),
            finishReason: FinishReason.unknown,
            raw: raw(root: root, candidate: candidate)
        )
        reply.cachedInputTokens = TokenCount.of(usage?["cachedContentTokenCount"])
        reply.reasoningTokens = TokenCount.of(usage?["thoughtsTokenCount"])
        // A blocked prompt is an empty reply whatever the candidate's content looks like.
        if let blockReason = present(root["promptFeedback"]?["blockReason"]) {
            reply.finishReason = FinishReason.normalize(blockReason)
            reply.outputTokens = 0
            return reply
        }
        guard let candidate else { return reply }
        (reply.text, reply.reasoning) = try parts(of: candidate)
        reply.finishReason = FinishReason.normalize(candidate["finishReason"])
        return reply
    }

    /// `candidates[0]`; nil when `candidates` is absent, `null` or empty.
    private static func firstCandidate(_ root: JSONObject) throws(ReplyShapeError) -> JSONObject? {
        guard let candidates = present(root["candidates"]) else { return nil }
        guard let list = candidates.arrayValue else { throw ReplyShapeError("candidates is not an array") }
        guard let first = list.first else { return nil }
        guard let candidate = first.objectValue else { throw ReplyShapeError("candidates[0] is not an object") }
        return candidate
    }

    /// The reply text (non-thought texts trimmed, empty ones dropped, joined with `\n`) and the
    /// reasoning (thought texts joined with `\n`). No `content` or no `parts` is an empty reply.
    private static func parts(of candidate: JSONObject) throws(ReplyShapeError) -> (String, String?) {
        guard let contentValue = present(candidate["content"]) else { return ("", nil) }
        guard let content = contentValue.objectValue else { throw ReplyShapeError("candidates[0].content is not an object") }
        guard let partsValue = present(content["parts"]) else { return ("", nil) }
        guard let parts = partsValue.arrayValue else { throw ReplyShapeError("candidates[0].content.parts is not an array") }
        var texts: [String] = []
        var thoughts: [String] = []
        for part in parts {
            guard let object = part.objectValue, let text = object["text"]?.stringValue else { continue }
            if object["thought"]?.boolValue == true {
                thoughts.append(text)
            } else {
                let trimmed = Whitespace.trim(text)
                if !trimmed.isEmpty { texts.append(trimmed) }
            }
        }
        return (texts.joined(separator: "\n"), Reasoning.join(thoughts))
    }

    /// `{responseId, modelVersion, finishReason, safetyRatings, promptFeedback}` as present; the
    /// finish reason and safety ratings are the first candidate's.
    private static func raw(root: JSONObject, candidate: JSONObject?) -> JSONObject {
        var raw = RawFields()
        raw.copy("responseId", from: root)
        raw.copy("modelVersion", from: root)
        raw.copy("finishReason", from: candidate)
        raw.copy("safetyRatings", from: candidate)
        raw.copy("promptFeedback", from: root)
        return raw.object
    }

    /// `value` unless it is missing or `null` (a `null` counts as absent).
    private static func present(_ value: JSONValue?) -> JSONValue? {
        guard let value, !value.isNull else { return nil }
        return value
    }
}
