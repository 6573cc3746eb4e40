/// Merges `config` and `modelConfig` into the settings asked for (SPEC §6, DECISIONS D2). An
/// invalid value is ignored with a warning; what the model accepts is the profile's to decide
/// afterwards (`ParameterPlan`, D14).
enum ModelConfigResolver {
    struct Resolved {
        var settings: ModelSettings
        /// modelConfig set maxTokens (a number or null).
        var maxTokensExplicit = false
        /// One line per ignored value, for warn logs.
        var warnings: [String]
    }

    static func resolve(config: ProbeConfig, modelConfig: JSONObject?, provider: Provider) -> Resolved {
        var settings = ModelSettings(temperature: config.temperature, maxTokens: config.maxTokens)
        var warnings: [String] = []
        var explicit = false
        guard let modelConfig else { return Resolved(settings: settings, warnings: warnings) }

        func present(_ key: String) -> JSONValue? {
            guard let value = modelConfig[key] else { return nil }
            // null counts as absent everywhere except maxTokens (null = no limit).
            if value.isNull && key != "maxTokens" { return nil }
            return value
        }
        func ignore(_ key: String, _ why: String) {
            warnings.append("modelConfig.\(key) ignored: \(why)")
        }
        func applies(_ key: String, _ allowed: Bool) -> Bool {
            if !allowed { ignore(key, "not used by \(provider.rawValue)") }
            return allowed
        }

        if let value = present("maxTokensParam"), applies("maxTokensParam", provider.isOpenAICompatible) {
            if let text = value.stringValue, let param = MaxTokensParam(rawValue: text) {
                settings.maxTokensParam = param
            } else {
                ignore("maxTokensParam", "must be max_tokens or max_completion_tokens")
            }
        }
        if let value = present("maxTokens") {
            explicit = true
            if value.isNull {
                settings.maxTokens = nil
            } else if let integer = IntegerRule.positiveInt32(value) {
                settings.maxTokens = integer
            } else {
                explicit = false
                ignore("maxTokens", "must be an integer >= 1 or null")
            }
        }
        if let value = present("temperature") {
            let upper: Double = provider == .anthropic ? 1 : 2
            if let number = number(value, in: 0...upper) {
                settings.temperature = number
                settings.temperatureFromModelConfig = true
            } else {
                ignore("temperature", "must be a number between 0 and \(Int(upper))")
            }
        }
        if let value = present("topP") {
            if let number = number(value, in: 0...1) { settings.topP = number } else { ignore("topP", "must be a number between 0 and 1") }
        }
        for key in ["frequencyPenalty", "presencePenalty"] {
            guard let value = present(key) else { continue }
            guard let number = number(value, in: -2...2) else {
                ignore(key, "must be a number between -2 and 2")
                continue
            }
            if key == "frequencyPenalty" { settings.frequencyPenalty = number } else { settings.presencePenalty = number }
        }
        if let value = present("stopSequences") {
            if let items = value.arrayValue, !items.isEmpty {
                let strings = items.compactMap(\.stringValue)
                if strings.count == items.count { settings.stopSequences = strings } else { ignore("stopSequences", "must hold only strings") }
            } else {
                ignore("stopSequences", "must be a non-empty array of strings")
            }
        }
        if let value = present("seed") {
            if case .number(let number) = value, number.intValue != nil { settings.seed = number } else { ignore("seed", "must be an integer") }
        }
        if let value = present("reasoningEffort") {
            if let text = value.stringValue, ModelProfile.effortOrder.contains(text) {
                settings.reasoningEffort = text
            } else {
                ignore("reasoningEffort", "must be one of " + ModelProfile.effortOrder.joined(separator: ", "))
            }
        }
        if let value = present("thinkingBudget") {
            if let integer = IntegerRule.integer(value, in: -1...Int(Int32.max)) {
                settings.thinkingBudget = integer
            } else {
                ignore("thinkingBudget", "must be an integer >= -1")
            }
        }
        return Resolved(settings: settings, maxTokensExplicit: explicit, warnings: warnings)
    }

    private static func number(_ value: JSONValue, in range: ClosedRange<Double>) -> JSONNumber? {
        guard case .number(let number) = value, range.contains(number.double) else { return nil }
        return number
    }
}
