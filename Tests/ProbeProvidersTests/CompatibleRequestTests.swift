import ProbeCore
import ProbeProviders
import Testing

@Test(arguments: [(Provider.xai, "grok-4"), (.mistral, "mistral-large-latest"), (.deepseek, "deepseek-chat")])
func compatibleProvidersSendEverySettingTheyAreGiven(provider: Provider, model: String) throws {
    // What a model accepts was decided by its profile before the call (D14): the adapter sends it all.
    let expected = try json("""
        {"model": "\(model)", "messages": [{"role": "user", "content": "Would you pull the lever?"}],
         "temperature": 1.5, "max_tokens": 300, "top_p": 0.95, "frequency_penalty": 0.5,
         "presence_penalty": -1, "stop": ["\\n\\n", "STOP"], "seed": -9223372036854775808,
         "reasoning_effort": "medium"}
        """)
    #expect(body(call(provider, model: model, settings: try everySetting())) == expected)
}

@Test func compatibleSeedTokenIsSentVerbatim() throws {
    let settings = ModelSettings(seed: try number("9223372036854775807"))
    #expect(JSONWriter.string(body(call(.xai, model: "grok-3", settings: settings)))
        .hasSuffix("\"seed\":9223372036854775807}"))
}

@Test func compatibleSeedGoesInTheFieldTheSettingsName() throws {
    var settings = ModelSettings(seed: try number("42"))
    settings.seedField = "random_seed"
    let built = body(call(.mistral, model: "mistral-small", settings: settings))
    #expect(built["random_seed"] == .int(42))
    #expect(built["seed"] == nil)
}

@Test(arguments: [Provider.openai, .xai, .mistral, .deepseek])
func compatibleAdaptersMatchNoModelNames(provider: Provider) {
    // Family rules live in the profile table: the same settings give the same body for any name.
    for name in ["gpt-4o", "o3-mini", "gpt-5", "grok-4", "deepseek-reasoner"] {
        let built = body(call(provider, model: name))
        #expect(built["temperature"] == .double(0.7))
        #expect(built["max_tokens"] == .int(1024))
        #expect(built["max_completion_tokens"] == nil)
    }
}

@Test(arguments: [Provider.openai, .xai, .deepseek, .mistral])
func compatibleTemperatureIsLeftOutWhenTheSettingsSaySo(provider: Provider) {
    var settings = ModelSettings()
    settings.sendsTemperature = false
    #expect(body(call(provider, model: "m", settings: settings)).objectValue?.keys == ["model", "messages", "max_tokens"])
}

@Test(arguments: [Provider.xai, .deepseek, .mistral])
func compatibleMaxTokensParamOverrideIsHonoured(provider: Provider) {
    let settings = ModelSettings(maxTokens: 77, maxTokensParam: .maxCompletionTokens)
    let built = body(call(provider, model: "model-x", settings: settings))
    #expect(built["max_completion_tokens"] == .int(77))
    #expect(built["max_tokens"] == nil)
}

@Test(arguments: [Provider.xai, .deepseek, .mistral])
func compatibleUnlimitedMaxTokensOmitsTheField(provider: Provider) {
    let built = body(call(provider, model: "deepseek-reasoner", settings: ModelSettings(maxTokens: nil)))
    #expect(built.objectValue?.keys == ["model", "messages", "temperature"])
}

@Test(arguments: [Provider.xai, .deepseek, .mistral, .openai])
func compatibleMessagesKeepTheSystemMessageInline(provider: Provider) throws {
    let expected = try json("""
        [{"role": "system", "content": "You are a careful ethicist."},
         {"role": "user", "content": "Would you pull the lever?"},
         {"role": "assistant", "content": "Yes."}, {"role": "user", "content": "Why?"}]
        """)
    #expect(field(call(provider, model: "m", messages: conversation), "messages") == expected)
}
