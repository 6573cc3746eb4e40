extension ModelProfile {
    /// The profile as the table file spells it (`probe models`).
    public var json: JSONValue {
        var object: JSONObject = [
            "provider": .string(provider.rawValue), "prefix": .string(prefix), "family": .string(family),
            "endpoint": .string(endpoint.rawValue), "maxOutput": .int(maxOutput),
            "limitFields": .array(limitFields.map { .string($0.rawValue) }),
            "temperature": .string(temperature.rawValue), "topP": .bool(topP),
            "exclusiveSampling": .bool(exclusiveSampling), "penalties": .bool(penalties), "stop": .bool(stop),
            "seed": seed.map(JSONValue.string) ?? .null, "reasoning": .string(reasoning.rawValue),
            "efforts": .array(efforts.map(JSONValue.string)),
        ]
        object["budget"] = budget.map { budget in
            .object(["min": .int(budget.min), "max": budget.max.map(JSONValue.int) ?? .null,
                     "off": .bool(budget.off), "dynamic": .bool(budget.dynamic)])
        } ?? .null
        object["manualBudget"] = .bool(manualBudget)
        object["reasonsByDefault"] = .bool(reasonsByDefault)
        object["reasoningAllowance"] = .int(reasoningAllowance)
        object["source"] = .string(source)
        return .object(object)
    }
}
