/// Which request field carries the max-tokens limit for OpenAI-compatible providers.
public enum MaxTokensParam: String, Sendable, Equatable {
    case maxTokens = "max_tokens"
    case maxCompletionTokens = "max_completion_tokens"
}

/// The generation settings of one probe after `config` and a validated `modelConfig` were
/// merged (SPEC §6, DECISIONS D2). Numbers keep their input token so they are sent verbatim.
public struct ModelSettings: Sendable, Equatable {
    /// The effective temperature.
    public var temperature: JSONNumber
    /// True when modelConfig set the temperature (the o-series and gpt-5 send it only then).
    public var temperatureFromModelConfig: Bool
    /// nil = unlimited.
    public var maxTokens: Int?
    /// Explicit choice of the max-tokens field (OpenAI-compatible only).
    public var maxTokensParam: MaxTokensParam?
    public var topP: JSONNumber?
    public var frequencyPenalty: JSONNumber?
    public var presencePenalty: JSONNumber?
    public var stopSequences: [String]?
    public var seed: JSONNumber?
    /// `minimal` | `low` | `medium` | `high` (openai only).
    public var reasoningEffort: String?
    /// Thinking budget in tokens (anthropic and google).
    public var thinkingBudget: Int?

    public init(
        temperature: JSONNumber = JSONNumber(0.7),
        temperatureFromModelConfig: Bool = false,
        maxTokens: Int? = 1024,
        maxTokensParam: MaxTokensParam? = nil,
        topP: JSONNumber? = nil,
        frequencyPenalty: JSONNumber? = nil,
        presencePenalty: JSONNumber? = nil,
        stopSequences: [String]? = nil,
        seed: JSONNumber? = nil,
        reasoningEffort: String? = nil,
        thinkingBudget: Int? = nil
    ) {
        self.temperature = temperature
        self.temperatureFromModelConfig = temperatureFromModelConfig
        self.maxTokens = maxTokens
        self.maxTokensParam = maxTokensParam
        self.topP = topP
        self.frequencyPenalty = frequencyPenalty
        self.presencePenalty = presencePenalty
        self.stopSequences = stopSequences
        self.seed = seed
        self.reasoningEffort = reasoningEffort
        self.thinkingBudget = thinkingBudget
    }
}
