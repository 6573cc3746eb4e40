/// What one model family accepts on the wire (DECISIONS D14): a row of
/// `Resources/model-profiles.json`, matched by provider and model-name prefix, longest first.
public struct ModelProfile: Sendable, Equatable {
    /// Which temperatures the model takes.
    public enum Temperature: String, Sendable, CaseIterable {
        case any, one, none
    }

    /// How the model reasons and which knob controls it.
    public enum Reasoning: String, Sendable, CaseIterable {
        case none
        case openAIEffort = "openai-effort"
        case anthropicBudget = "anthropic-budget"
        case anthropicAdaptive = "anthropic-adaptive"
        case geminiBudget = "gemini-budget"
        case geminiLevel = "gemini-level"
        case xAIEffort = "xai-effort"
        case deepSeekReasoner = "deepseek-reasoner"
        /// Reasons on every request and takes no knob (grok-4, o1-mini, magistral).
        case always
    }

    /// The thinking-budget range (Gemini budgets; Anthropic's minimum).
    public struct Budget: Sendable, Equatable {
        public var min: Int
        /// nil = no upper bound beyond the token limit.
        public var max: Int?
        /// 0 turns thinking off.
        public var off: Bool
        /// -1 asks for dynamic thinking.
        public var dynamic: Bool
    }

    /// Which API answers the model: chat completions (or the provider's own) or OpenAI's Responses.
    public enum Endpoint: String, Sendable, CaseIterable {
        case chat, responses
    }

    public var provider: Provider
    /// Model-name prefix; "" is the provider's conservative default.
    public var prefix: String
    /// A human name for the family.
    public var family: String
    public var endpoint: Endpoint
    /// The most tokens the model can output (the limit sent is capped here).
    public var maxOutput: Int
    /// The max-tokens fields the model accepts, the default first (OpenAI-compatible; empty elsewhere).
    public var limitFields: [MaxTokensParam]
    public var temperature: Temperature
    public var topP: Bool
    /// temperature and top_p cannot both be sent.
    public var exclusiveSampling: Bool
    public var penalties: Bool
    public var stop: Bool
    /// The seed field's name; nil = no seed.
    public var seed: String?
    public var reasoning: Reasoning
    /// Accepted effort (or thinking level) values, in increasing order.
    public var efforts: [String]
    public var budget: Budget?
    /// Anthropic adaptive models that still take a manual budget (deprecated there).
    public var manualBudget: Bool
    /// Whether the model reasons when no setting asks it to.
    public var reasonsByDefault: Bool
    /// Tokens added to `config.maxTokens` when the model reasons without a budget of its own.
    public var reasoningAllowance: Int
    /// Where the rules come from.
    public var source: String
}
