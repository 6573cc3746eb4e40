import ProbeCore
import ProbeProviders
import Testing

@Test(arguments: [(Provider.xai, "grok-4"), (.mistral, "mistral-large-latest"), (.deepseek, "deepseek-chat")])
func compatibleProvidersSendPenaltiesStopAndSeedButNotReasoningEffort(provider: Provider, model: String) throws {
    let expected = try json("""
        {"model": "\(model)", "messages": [{"role": "user", "content": "Would you pull the lever?"}],
         "temperature": 1.5, "max_tokens": 300, "top_p": 0.95, "frequency_penalty": 0.5,
         "presence_penalty": -1, "stop": ["\\n\\n", "STOP"], "seed": -9223372036854775808}
        """)
    #expect(body(call(provider, model: model, settings: try everySetting())) == expected)
}

@Test func compatibleSeedTokenIsSentVerbatim() throws {
    let settings = ModelSettings(seed: try number("9223372036854775807"))
    #expect(JSONWriter.string(body(call(.mistral, model: "mistral-small", settings: settings)))
        .hasSuffix("\"seed\":9223372036854775807}"))
}

@Test(arguments: [(Provider.xai, "grok-3-mini"), (.mistral, "magistral-medium-latest"), (.deepseek, "deepseek-chat")])
func compatibleProvidersNeverApplyTheOpenAIReasoningFamily(provider: Provider, model: String) {
    // Even a name that would be in openai's reasoning family keeps temperature and max_tokens elsewhere.
    for name in [model, "o3-mini", "gpt-5"] {
        let built = body(call(provider, model: name))
        #expect(built["temperature"] == .double(0.7))
        #expect(built["max_tokens"] != nil)
        #expect(built["max_completion_tokens"] == nil)
    }
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

@Test(arguments: [
    ("deepseek-chat", 100_000, 8_192),
    ("deepseek-chat", 8_193, 8_192),
    ("deepseek-chat", 8_192, 8_192),
    ("deepseek-chat", 1, 1),
    ("deepseek-reasoner", 100_000, 65_536),
    ("deepseek-reasoner", 65_537, 65_536),
    ("deepseek-reasoner", 20_000, 20_000),
    ("my-reasoner-v2", 2_147_483_647, 65_536),
    ("deepseek-Reasoner", 20_000, 8_192),
])
func deepseekClampsMaxTokensByModelName(model: String, asked: Int, sent: Int) {
    #expect(field(call(.deepseek, model: model, settings: ModelSettings(maxTokens: asked)), "max_tokens") == .int(sent))
}

@Test func deepseekClampAppliesToAnExplicitMaxCompletionTokens() {
    let settings = ModelSettings(maxTokens: 50_000, maxTokensParam: .maxCompletionTokens)
    #expect(field(call(.deepseek, model: "deepseek-chat", settings: settings), "max_completion_tokens") == .int(8_192))
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
