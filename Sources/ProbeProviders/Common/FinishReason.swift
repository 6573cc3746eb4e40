import ProbeCore

/// SPEC §4's finish-reason normalization, one table for every provider.
public enum FinishReason {
    /// The value for a missing or non-string finish reason.
    public static let unknown = "unknown"
    /// A reply the model refused to give (openai's `message.refusal`, anthropic's `refusal`).
    public static let refusal = "refusal"
    /// The finish of a reply cut by a token limit (the output's or the context window's).
    public static let maxTokens = "max_tokens"

    /// Exact wire values with a normalized name that is not simply their lower-case form.
    /// Anthropic's `max_tokens`, `stop_sequence`, `tool_use`, `refusal` and google's `STOP`,
    /// `MAX_TOKENS` need no entry: lower-casing already gives their normalized name.
    private static let table: [String: String] = [
        "stop": "stop",
        "length": "max_tokens",
        "content_filter": "content_filter",
        "tool_calls": "tool_use",
        "function_call": "tool_use",
        "insufficient_system_resource": "system_error",
        "end_turn": "stop",
        // A context window filled up is a length finish like `length` (DECISIONS D3); `raw`
        // keeps the provider's word. Mistral's `model_length`, anthropic's
        // `model_context_window_exceeded`.
        "model_length": "max_tokens",
        "model_context_window_exceeded": "max_tokens",
        // The Responses API (DECISIONS D15): its `status` and `incomplete_details.reason`.
        "completed": "stop",
        "max_output_tokens": "max_tokens",
    ]

    /// The normalized finish reason: a table hit by exact (case-sensitive) match, else the
    /// string lower-cased; `unknown` when the value is missing, `null` or not a string.
    public static func normalize(_ value: JSONValue?) -> String {
        guard let text = value?.stringValue else { return unknown }
        return table[text] ?? text.lowercased()
    }
}
