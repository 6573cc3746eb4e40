/// One probe job (SPEC §1), after validation.
public struct ProbeInput: Sendable, Equatable {
    public var runId: String
    public var scenarioId: String
    public var modelId: String
    /// The pinned model name to send; nil or empty = modelId without its prefix.
    public var modelVersion: String?
    public var scenario: Scenario
    public var config: ProbeConfig
    public var modelCost: ModelCost?
    /// Provider settings (SPEC §6), validated when the probe runs: bad values are ignored.
    public var modelConfig: JSONObject?
    /// Stored with the transcript (SPEC §11); never interpreted.
    public var definitionSnapshot: JSONValue?

    public init(runId: String, scenarioId: String, modelId: String, modelVersion: String? = nil,
                scenario: Scenario, config: ProbeConfig = ProbeConfig(), modelCost: ModelCost? = nil,
                modelConfig: JSONObject? = nil, definitionSnapshot: JSONValue? = nil) {
        self.runId = runId
        self.scenarioId = scenarioId
        self.modelId = modelId
        self.modelVersion = modelVersion
        self.scenario = scenario
        self.config = config
        self.modelCost = modelCost
        self.modelConfig = modelConfig
        self.definitionSnapshot = definitionSnapshot
    }
}

/// The conversation to run.
public struct Scenario: Sendable, Equatable {
    public var preamble: String
    public var prompt: String
    public var followups: [Followup]

    public init(preamble: String = "", prompt: String, followups: [Followup] = []) {
        self.preamble = preamble
        self.prompt = prompt
        self.followups = followups
    }
}

/// A followup prompt; an empty prompt is skipped, an empty label becomes `followup_K`.
public struct Followup: Sendable, Equatable {
    public var label: String?
    public var prompt: String

    public init(label: String? = nil, prompt: String) {
        self.label = label
        self.prompt = prompt
    }
}

/// Generation limits of a probe.
public struct ProbeConfig: Sendable, Equatable {
    /// 0…2; the number as given in the input.
    public var temperature: JSONNumber
    public var maxTokens: Int
    public var maxTurns: Int

    public init(temperature: Double = 0.7, maxTokens: Int = 1024, maxTurns: Int = 10) {
        self.init(temperatureNumber: JSONNumber(temperature), maxTokens: maxTokens, maxTurns: maxTurns)
    }

    init(temperatureNumber: JSONNumber, maxTokens: Int, maxTurns: Int) {
        self.temperature = temperatureNumber
        self.maxTokens = maxTokens
        self.maxTurns = maxTurns
    }
}

/// Prices per million tokens (SPEC §6).
public struct ModelCost: Sendable, Equatable {
    public var costInputPerMillion: Double
    public var costOutputPerMillion: Double
    /// The price of input read from the provider's cache; nil = priced as other input (D7).
    public var costCachedInputPerMillion: Double?

    public init(costInputPerMillion: Double, costOutputPerMillion: Double, costCachedInputPerMillion: Double? = nil) {
        self.costInputPerMillion = costInputPerMillion
        self.costOutputPerMillion = costOutputPerMillion
        self.costCachedInputPerMillion = costCachedInputPerMillion
    }
}
