extension ProbeEngine {
    /// The profile table for this engine's environment (shipped file and `PROBE_MODELS_FILE`).
    public func modelProfiles() -> Result<ModelProfileTable, ModelProfileError> {
        ModelProfiles.table(environment: environment)
    }

    /// `probe models MODEL`: the resolved profile and the body a default input would send
    /// (config defaults, no modelConfig), or the error that stops such a probe.
    public func describeModel(_ model: String) -> JSONValue {
        var value = JSONObject()
        value["model"] = .string(model)
        value["input"] = Self.defaultInput(model: model)
        do {
            let input = try InputDecoder.decode(value: Self.defaultInput(model: model))
            let prepared = try PreparedProbe.prepare(input, credentials: ProviderCredentials(environment: environment),
                                                     replaying: true)
            let request = prepared.request(messages: [ChatMessage(role: .user, content: input.scenario.prompt)])
            value["provider"] = .string(prepared.route.provider.rawValue)
            value["modelName"] = .string(prepared.route.modelName)
            value["profile"] = prepared.profile.json
            value["parameters"] = prepared.plan.record
            value["request"] = .object(["url": .string(request.url), "body": request.body])
        } catch {
            value["error"] = error.json
        }
        return .object(value)
    }

    /// The smallest valid input for `model`: SPEC §1's defaults for everything else.
    static func defaultInput(model: String) -> JSONValue {
        .object([
            "runId": .string("models"), "scenarioId": .string("models"), "modelId": .string(model),
            "scenario": .object(["prompt": .string("Do you pull the lever?")]), "config": .object([:]),
        ])
    }
}
