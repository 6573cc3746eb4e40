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
    /// True when modelConfig set the temperature.
    public var temperatureFromModelConfig: Bool
    /// nil = unlimited.
    public var maxTokens: Int?
    /// The max-tokens field (OpenAI-compatible only; nil = `max_tokens`).
    public var maxTokensParam: MaxTokensParam?
    public var topP: JSONNumber?
    public var frequencyPenalty: JSONNumber?
    public var presencePenalty: JSONNumber?
    public var stopSequences: [String]?
    public var seed: JSONNumber?
    /// The effort the profile accepted: `reasoning_effort` (OpenAI-compatible),
    /// `output_config.effort` (anthropic) or `thinkingConfig.thinkingLevel` (google).
    public var reasoningEffort: String?
    /// Thinking budget in tokens: anthropic `thinking.budget_tokens`, google `thinkingBudget`.
    public var thinkingBudget: Int?

    // What the model profile decided (DECISIONS D14); the adapters follow these and match no
    // model names themselves.
    /// Whether `temperature` goes on the wire.
    public var sendsTemperature: Bool = true
    /// The field carrying `seed` (`seed`, or Mistral's `random_seed`).
    public var seedField: String = "seed"
    /// Anthropic adaptive thinking (`thinking: {type: adaptive, display: summarized}`).
    public var adaptiveThinking: Bool = false
    /// Gemini `thinkingConfig.includeThoughts: true` (the thinking text comes back).
    public var includeThoughts: Bool = false

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
