/// What a model profile makes of a probe's settings (DECISIONS D14): the settings that go on
/// the wire, and the record of what was sent and what was left out or mapped, in modelConfig's
/// vocabulary. The steps run in D14's order, so both implementations drop the same values with
/// the same reasons.
public struct ParameterPlan: Sendable, Equatable {
    /// A setting that was not sent as given.
    public struct Dropped: Sendable, Equatable {
        public var name: String
        public var reason: String
    }

    public var settings: ModelSettings
    public var dropped: [Dropped]
    /// The profile's endpoint (chat completions or Responses) for this model.
    public var endpoint: ModelProfile.Endpoint

    /// `{"sent": {...}, "dropped": [{"name", "reason"}]}` for `providerMetadata.parameters`.
    public var record: JSONValue {
        .object([
            "sent": .object(Self.sent(settings)),
            "dropped": .array(dropped.map { .object(["name": .string($0.name), "reason": .string($0.reason)]) }),
        ])
    }

    /// The settings sent, named as modelConfig names them, values as sent.
    static func sent(_ settings: ModelSettings) -> JSONObject {
        var sent = JSONObject()
        if settings.sendsTemperature { sent["temperature"] = .number(settings.temperature) }
        if let limit = settings.maxTokens { sent["maxTokens"] = .int(limit) }
        if let topP = settings.topP { sent["topP"] = .number(topP) }
        if let stop = settings.stopSequences { sent["stopSequences"] = .array(stop.map(JSONValue.string)) }
        if let seed = settings.seed { sent["seed"] = .number(seed) }
        if let penalty = settings.frequencyPenalty { sent["frequencyPenalty"] = .number(penalty) }
        if let penalty = settings.presencePenalty { sent["presencePenalty"] = .number(penalty) }
        if let effort = settings.reasoningEffort { sent["reasoningEffort"] = .string(effort) }
        if let budget = settings.thinkingBudget { sent["thinkingBudget"] = .int(budget) }
        return sent
    }

    /// The plan for `settings` (config and a validated modelConfig merged, D2) on `profile`.
    /// `maxTokensExplicit`: modelConfig set maxTokens (a number or null).
    public static func make(profile: ModelProfile, modelName model: String, settings input: ModelSettings,
                            maxTokensExplicit: Bool) -> ParameterPlan {
        var plan = Planner(profile: profile, model: model, settings: input)
        plan.sampling()
        plan.reasoning()
        plan.limit(explicit: maxTokensExplicit, base: input.maxTokens)
        plan.thinkingConstraints()
        return ParameterPlan(settings: plan.settings, dropped: plan.dropped, endpoint: profile.endpoint)
    }
}

/// `max_tokens` for an unlimited Anthropic probe (the API requires the field, SPEC §4).
enum AnthropicUnlimited {
    static let maxTokens = 8_192
}

/// The steps of D14, one method each, over mutable settings.
private struct Planner {
    let profile: ModelProfile
    let model: String
    var settings: ModelSettings
    var dropped: [ParameterPlan.Dropped] = []
    /// Whether the model reasons on this request.
    var reasons = false
    /// Tokens of reasoning room taken from a budget sent as a number (else the allowance).
    var budgetRoom: Int?

    init(profile: ModelProfile, model: String, settings: ModelSettings) {
        self.profile = profile
        self.model = model
        self.settings = settings
        self.settings.seedField = profile.seed ?? "seed"
        self.settings.sendsTemperature = true
        self.settings.adaptiveThinking = false
        self.settings.includeThoughts = false
    }

    mutating func drop(_ name: String, _ reason: String) {
        dropped.append(.init(name: name, reason: reason))
    }

    mutating func refuse(_ name: String) {
        drop(name, "\(model) does not accept \(name)")
    }

    /// Steps 1–7: temperature, topP and their exclusivity, penalties, stop, seed, the limit field.
    mutating func sampling() {
        switch profile.temperature {
        case .none:
            settings.sendsTemperature = false
            refuse("temperature")
        case .one where settings.temperature.double != 1:
            settings.sendsTemperature = false
            drop("temperature", "\(model) accepts only temperature 1")
        default: break
        }
        if settings.topP != nil && !profile.topP {
            settings.topP = nil
            refuse("topP")
        }
        if profile.exclusiveSampling && settings.sendsTemperature && settings.topP != nil {
            if settings.temperatureFromModelConfig {
                settings.topP = nil
                drop("topP", "\(model) takes temperature or topP, not both: temperature kept")
            } else {
                settings.sendsTemperature = false
                drop("temperature", "\(model) takes temperature or topP, not both: topP kept")
            }
        }
        if !profile.penalties {
            if settings.frequencyPenalty != nil { settings.frequencyPenalty = nil; refuse("frequencyPenalty") }
            if settings.presencePenalty != nil { settings.presencePenalty = nil; refuse("presencePenalty") }
        }
        if settings.stopSequences != nil && !profile.stop { settings.stopSequences = nil; refuse("stopSequences") }
        if settings.seed != nil && profile.seed == nil { settings.seed = nil; refuse("seed") }
        guard profile.provider.isOpenAICompatible, let fallback = profile.limitFields.first else {
            settings.maxTokensParam = nil
            return
        }
        if let asked = settings.maxTokensParam, !profile.limitFields.contains(asked) {
            drop("maxTokensParam", "\(model) does not accept \(asked.rawValue)")
            settings.maxTokensParam = fallback
        } else if settings.maxTokensParam == nil {
            settings.maxTokensParam = fallback
        }
    }

    /// Step 8: reasoningEffort and thinkingBudget as the profile's kind of reasoning takes them.
    mutating func reasoning() {
        let effort = settings.reasoningEffort
        let budget = settings.thinkingBudget
        settings.reasoningEffort = nil
        settings.thinkingBudget = nil
        reasons = profile.reasonsByDefault
        switch profile.reasoning {
        case .none, .always, .deepSeekReasoner:
            if effort != nil { refuse("reasoningEffort") }
            if budget != nil { refuse("thinkingBudget") }
        case .openAIEffort, .xAIEffort:
            if budget != nil { refuse("thinkingBudget") }
            if let effort, acceptEffort(effort) { reasons = effort != "none" }
        case .geminiLevel:
            settings.includeThoughts = true
            if let effort, acceptEffort(effort) {
                if budget != nil { drop("thinkingBudget", "\(model) takes one thinking setting: reasoningEffort kept") }
            } else if let budget, effort == nil {
                mapBudget(budget, why: "\(model) takes thinkingLevel")
            } else if budget != nil {
                refuse("thinkingBudget")
            }
        case .geminiBudget:
            if effort != nil { refuse("reasoningEffort") }
            if let budget, let range = profile.budget {
                if (budget == 0 && range.off) || (budget == -1 && range.dynamic) || (budget >= range.min && budget <= (range.max ?? Int.max)) {
                    settings.thinkingBudget = budget
                    reasons = budget != 0
                    if budget > 0 { budgetRoom = budget }
                } else {
                    drop("thinkingBudget", "\(model) accepts thinkingBudget from \(range.min) to \(range.max ?? Int(Int32.max))"
                         + (range.off ? " or 0" : "") + (range.dynamic ? " or -1" : ""))
                }
            }
            settings.includeThoughts = reasons
        case .anthropicBudget:
            if let effort {
                if profile.efforts.isEmpty { refuse("reasoningEffort") } else { _ = acceptEffort(effort) }
            }
            if let budget { manualBudget(budget) }
        case .anthropicAdaptive:
            if let effort, acceptEffort(effort) {
                settings.adaptiveThinking = true
                reasons = true
                if budget != nil { drop("thinkingBudget", "\(model) takes one thinking setting: reasoningEffort kept") }
            } else if let budget, effort == nil {
                if profile.manualBudget { manualBudget(budget) } else { mapBudget(budget, why: "\(model) takes adaptive thinking only") }
            } else if budget != nil {
                refuse("thinkingBudget")
            }
        }
    }

    /// Keeps `effort` when the profile lists it, else drops it naming the accepted values.
    mutating func acceptEffort(_ effort: String) -> Bool {
        guard profile.efforts.contains(effort) else {
            drop("reasoningEffort", "\(model) accepts reasoningEffort \(profile.efforts.joined(separator: ", "))")
            return false
        }
        settings.reasoningEffort = effort
        return true
    }

    /// Anthropic `thinking: {type: enabled, budget_tokens}`: at least the profile's minimum.
    mutating func manualBudget(_ budget: Int) {
        let minimum = profile.budget?.min ?? 1024
        guard budget >= minimum else {
            drop("thinkingBudget", "\(model) needs thinkingBudget of at least \(minimum)")
            return
        }
        settings.thinkingBudget = budget
        budgetRoom = budget
        reasons = true
    }

    /// A budget on a model that takes an effort or level instead: mapped to the nearest value (D14).
    mutating func mapBudget(_ budget: Int, why: String) {
        guard budget != 0 else {
            drop("thinkingBudget", "\(why): 0 turns thinking off, nothing sent")
            return
        }
        let wanted = budget == -1 || budget > 16_384 ? "high" : budget > 4_096 ? "medium" : "low"
        let order = ModelProfile.effortOrder
        let start = order.firstIndex(of: wanted) ?? 0
        let mapped = order[start...].first { profile.efforts.contains($0) } ?? profile.efforts.last ?? wanted
        settings.reasoningEffort = mapped
        if profile.reasoning == .anthropicAdaptive { settings.adaptiveThinking = true }
        reasons = true
        drop("thinkingBudget", "mapped to reasoningEffort \(mapped): \(why)")
    }

    /// Step 9: the limit sent (room to answer), then Anthropic's budget-below-limit rule.
    /// `explicit`: modelConfig set maxTokens; `base`: the effective maxTokens (nil = unlimited).
    mutating func limit(explicit: Bool, base: Int?) {
        let anthropic = profile.provider == .anthropic
        guard base != nil || anthropic else {
            settings.maxTokens = nil  // unlimited: the field is omitted
            return
        }
        // Anthropic requires max_tokens: unlimited counts as 8192 plus the room, like a config value.
        let given = explicit && base != nil
        let start = base ?? AnthropicUnlimited.maxTokens
        if start > profile.maxOutput { drop("maxTokens", "capped at \(profile.maxOutput), the most \(model) can output") }
        let room = !given && reasons ? (budgetRoom ?? profile.reasoningAllowance) : 0
        settings.maxTokens = min(start + room, profile.maxOutput)
        if anthropic, let budget = settings.thinkingBudget, let limit = settings.maxTokens, budget >= limit {
            settings.thinkingBudget = nil
            reasons = false
            drop("thinkingBudget", "\(model) needs thinkingBudget below the token limit \(limit)")
            settings.maxTokens = min(start, profile.maxOutput)
        }
    }

    /// Step 10: Anthropic thinking takes temperature 1 only and topP from 0.95 to 1.
    mutating func thinkingConstraints() {
        guard profile.provider == .anthropic, settings.thinkingBudget != nil || settings.adaptiveThinking else { return }
        if settings.sendsTemperature && settings.temperature.double != 1 {
            settings.sendsTemperature = false
            drop("temperature", "\(model) with thinking accepts only temperature 1")
        }
        if let topP = settings.topP, topP.double < 0.95 {
            settings.topP = nil
            drop("topP", "\(model) with thinking accepts topP from 0.95 to 1")
        }
    }
}
