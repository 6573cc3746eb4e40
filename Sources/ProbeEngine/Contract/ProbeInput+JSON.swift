extension ProbeInput {
    /// The input as SPEC §1 JSON, so typed input is validated by the same decoder as stdin.
    public var json: JSONValue {
        var root: JSONObject = [
            "runId": .string(runId),
            "scenarioId": .string(scenarioId),
            "modelId": .string(modelId),
        ]
        if let modelVersion { root["modelVersion"] = .string(modelVersion) }
        root["scenario"] = .object([
            "preamble": .string(scenario.preamble),
            "prompt": .string(scenario.prompt),
            "followups": .array(scenario.followups.map { followup in
                var object: JSONObject = ["prompt": .string(followup.prompt)]
                if let label = followup.label { object["label"] = .string(label) }
                return .object(object)
            }),
        ])
        root["config"] = .object([
            "temperature": .number(config.temperature),
            "maxTokens": .int(config.maxTokens),
            "maxTurns": .int(config.maxTurns),
        ])
        if let modelCost {
            var cost: JSONObject = [
                "costInputPerMillion": .double(modelCost.costInputPerMillion),
                "costOutputPerMillion": .double(modelCost.costOutputPerMillion),
            ]
            if let cached = modelCost.costCachedInputPerMillion { cost["costCachedInputPerMillion"] = .double(cached) }
            root["modelCost"] = .object(cost)
        }
        if let modelConfig { root["modelConfig"] = .object(modelConfig) }
        if let definitionSnapshot { root["definitionSnapshot"] = definitionSnapshot }
        return .object(root)
    }
}
