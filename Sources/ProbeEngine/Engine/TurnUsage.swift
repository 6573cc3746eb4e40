import ProbeProviders

/// The billed usage's parts in a turn's `providerMetadata`, and the rule that a reasoning model
/// that spent its whole limit thinking gave no answer (DECISIONS D3, D7).
enum TurnUsage {
    /// `cachedInputTokens`, `cacheWriteInputTokens`, `reasoningTokens` as the reply reports them.
    static func parts(of reply: ProviderReply) -> JSONObject {
        var parts: JSONObject = [:]
        if let count = reply.cachedInputTokens { parts["cachedInputTokens"] = .int(count) }
        if let count = reply.cacheWriteInputTokens { parts["cacheWriteInputTokens"] = .int(count) }
        if let count = reply.reasoningTokens { parts["reasoningTokens"] = .int(count) }
        return parts
    }

    /// The sum of the turns' `providerMetadata.cachedInputTokens` (absent counts 0).
    static func cachedInput(of turns: [Turn]) -> Int {
        turns.reduce(0) { $0 + ($1.providerMetadata["cachedInputTokens"]?.numberValue?.intValue ?? 0) }
    }

    /// INVALID_RESPONSE when `turn` is empty, finished on a length limit and the model spent
    /// reasoning on it (reasoning tokens reported above 0, or reasoning text): the answer never
    /// came. The reasoning count is the reported one, else the turn's output tokens.
    static func noAnswer(_ turn: Turn, reply: ProviderReply, model: String, maxTokens: Int?) -> ProbeError? {
        guard turn.targetResponse.isEmpty, reply.finishReason == FinishReason.maxTokens else { return nil }
        let reasoningText = !(reply.reasoning ?? "").isEmpty
        guard (reply.reasoningTokens ?? 0) > 0 || reasoningText else { return nil }
        let spent = reply.reasoningTokens ?? turn.outputTokens
        let limit = maxTokens.map { "limit \($0) tokens" } ?? "no limit set"
        return ProbeError(code: .invalidResponse,
                          message: "\(model) gave no answer: it spent its output limit reasoning (\(limit), \(spent) reasoning tokens used); raise maxTokens")
    }
}
