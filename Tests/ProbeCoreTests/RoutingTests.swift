import Testing
@testable import ProbeCore

@Suite struct RoutingTests {
    @Test(arguments: [
        ("gpt-4o", Provider.openai), ("chatgpt-4o-latest", .openai), ("o1-mini", .openai), ("o3", .openai),
        ("o4-mini", .openai), ("ft:gpt-4o:org", .openai), ("text-davinci-003", .openai), ("davinci-002", .openai),
        ("babbage-002", .openai), ("claude-3-5-sonnet", .anthropic), ("Claude-Opus", .anthropic),
        ("gemini-1.5-pro", .google), ("gemma-2", .google), ("grok-2", .xai), ("deepseek-reasoner", .deepseek),
        ("mistral-large", .mistral), ("mixtral-8x7b", .mistral), ("codestral", .mistral), ("pixtral-12b", .mistral),
        ("ministral-8b", .mistral), ("magistral-medium", .mistral), ("devstral", .mistral),
        ("open-mistral-7b", .mistral), ("open-mixtral-8x22b", .mistral),
    ])
    func knownNamesRouteToTheirProvider(modelId: String, provider: Provider) throws {
        let route = try Router.route(modelId: modelId, modelVersion: nil)
        #expect(route.provider == provider)
        #expect(route.modelName == modelId)
    }

    @Test func explicitPrefixInAnyCaseWinsAndIsStripped() throws {
        let route = try Router.route(modelId: "OpenAI:my-finetune", modelVersion: nil)
        #expect(route == Route(provider: .openai, modelName: "my-finetune"))
        let claude = try Router.route(modelId: "xai:claude-lookalike", modelVersion: nil)
        #expect(claude.provider == .xai)
    }

    @Test func modelVersionIsTheNameSent() throws {
        let route = try Router.route(modelId: "anthropic:claude-3", modelVersion: "claude-3-opus-20240229")
        #expect(route == Route(provider: .anthropic, modelName: "claude-3-opus-20240229"))
        #expect(try Router.route(modelId: "gpt-4o", modelVersion: "").modelName == "gpt-4o")
    }

    @Test func unknownModelIsUnsupportedProvider() {
        #expect(throws: ProbeError(code: .unsupportedProvider,
                                   message: "cannot tell the provider of model 'llama-3': use a known model name or a prefix such as 'openai:'")) {
            try Router.route(modelId: "llama-3", modelVersion: nil)
        }
        #expect(ErrorCode.unsupportedProvider.isRetryable == false)
    }

    @Test func retryableSetMatchesSpec() {
        let retryable = Set(ErrorCode.allCases.filter(\.isRetryable).map(\.rawValue))
        #expect(retryable == ["RATE_LIMIT", "SERVER_ERROR", "TIMEOUT", "NETWORK_ERROR", "CANCELLED", "UNKNOWN"])
    }

    @Test func trimUsesUnicodeWhiteSpaceOnly() {
        #expect(Whitespace.trim("\u{3000}\u{85} hi \u{2029}\u{A0}") == "hi")
        #expect(Whitespace.trim("\u{1C}x\u{1F}") == "\u{1C}x\u{1F}")  // not White_Space
        #expect(Whitespace.trim("\u{200B}x") == "\u{200B}x")        // ZWSP is not White_Space
        #expect(Whitespace.isBlank(" \t\r\n\u{2000}"))
    }
}
