import Foundation
import Testing
@testable import ProbeEngine

/// DECISIONS D14: the shipped table, the user's overlay, and the parameter plan's rules.
@Suite struct ModelProfileTests {
    static func table() throws -> ModelProfileTable {
        try ModelProfiles.table(environment: [:]).get()
    }

    static func plan(_ provider: Provider, _ model: String, _ modelConfig: JSONObject = [:],
                     temperature: Double = 0.7, maxTokens: Int = 1024) throws -> ParameterPlan {
        let config = ProbeConfig(temperature: temperature, maxTokens: maxTokens)
        let resolved = ModelConfigResolver.resolve(config: config, modelConfig: modelConfig, provider: provider)
        let profile = try #require(try table().profile(provider: provider, modelName: model))
        return ParameterPlan.make(profile: profile, modelName: model, settings: resolved.settings,
                                  maxTokensExplicit: resolved.maxTokensExplicit)
    }

    static func reasons(_ plan: ParameterPlan) -> [String] { plan.dropped.map { "\($0.name): \($0.reason)" } }

    @Test func theShippedTableHasADefaultForEveryProviderAndMatchesTheLongestPrefix() throws {
        let table = try Self.table()
        for provider in Provider.allCases {
            #expect(table.profile(provider: provider, modelName: "zz-unknown")?.prefix == "")
        }
        #expect(table.profile(provider: .openai, modelName: "gpt-5.1-2025-11-13")?.prefix == "gpt-5.1")
        #expect(table.profile(provider: .openai, modelName: "gpt-5-mini")?.prefix == "gpt-5")
        #expect(table.profile(provider: .anthropic, modelName: "claude-opus-4-7-20260416")?.prefix == "claude-opus-4-7")
        #expect(table.profile(provider: .google, modelName: "gemini-2.5-flash-lite")?.prefix == "gemini-2.5-flash-lite")
        // Case-sensitive, like every model-name rule (SPEC §4).
        #expect(table.profile(provider: .openai, modelName: "GPT-5")?.prefix == "")
        #expect(table.profiles.count > 60)
    }

    @Test func responsesOnlyModelsExposeTheirEndpoint() throws {
        for model in ["o1-pro", "o1-pro-2025-03-19", "o3-pro", "o3-pro-2025-06-10", "gpt-5-pro", "gpt-5-pro-2025-10-06", "gpt-5.2-pro"] {
            #expect(try Self.plan(.openai, model).endpoint == .responses)
        }
        for model in ["gpt-5", "o1", "o1-mini", "o3", "o4-mini", "gpt-5.1", "gpt-4o", "O3-PRO", "my-o3-pro"] {
            #expect(try Self.plan(.openai, model).endpoint == .chat)
        }
    }

    @Test func opusFourSevenGetsNoTemperatureAndAdaptiveThinkingForABudget() throws {
        let plan = try Self.plan(.anthropic, "claude-opus-4-7", ["thinkingBudget": .int(10_000), "temperature": .int(0)])
        #expect(!plan.settings.sendsTemperature)
        #expect(plan.settings.adaptiveThinking)
        #expect(plan.settings.thinkingBudget == nil)
        #expect(plan.settings.reasoningEffort == "medium")
        #expect(plan.settings.maxTokens == 1024 + 8192)
        #expect(Self.reasons(plan) == ["temperature: claude-opus-4-7 does not accept temperature",
                                       "thinkingBudget: mapped to reasoningEffort medium: claude-opus-4-7 takes adaptive thinking only"])
        #expect(plan.record["sent"] == .object(["maxTokens": .int(9216), "reasoningEffort": .string("medium")]))
    }

    @Test func claudeFourFiveTakesTemperatureOrTopPNotBoth() throws {
        let fromConfig = try Self.plan(.anthropic, "claude-sonnet-4-5", ["topP": .double(0.9)])
        #expect(!fromConfig.settings.sendsTemperature && fromConfig.settings.topP != nil)
        let both = try Self.plan(.anthropic, "claude-haiku-4-5", ["topP": .double(0.9), "temperature": .double(0.2)])
        #expect(both.settings.sendsTemperature && both.settings.topP == nil)
        #expect(Self.reasons(both) == ["topP: claude-haiku-4-5 takes temperature or topP, not both: temperature kept"])
    }

    @Test func manualThinkingNeedsAThousandTokensBelowTheLimitAndTemperatureOne() throws {
        let small = try Self.plan(.anthropic, "claude-sonnet-4-20250514", ["thinkingBudget": .int(0)])
        #expect(small.settings.thinkingBudget == nil && small.settings.sendsTemperature)
        let above = try Self.plan(.anthropic, "claude-sonnet-4-20250514", ["thinkingBudget": .int(5000), "maxTokens": .int(4000)])
        #expect(above.settings.thinkingBudget == nil && above.settings.maxTokens == 4000)
        let good = try Self.plan(.anthropic, "claude-sonnet-4-20250514", ["thinkingBudget": .int(2048), "topP": .double(0.5)])
        #expect(good.settings.thinkingBudget == 2048 && good.settings.maxTokens == 1024 + 2048)
        #expect(!good.settings.sendsTemperature && good.settings.topP == nil)
    }

    @Test func openAIReasoningModelsRefuseSamplingAndTakeTheirOwnEfforts() throws {
        let gpt5 = try Self.plan(.openai, "gpt-5", ["topP": .double(0.5), "stopSequences": .array([.string("x")]),
                                                     "presencePenalty": .int(1), "reasoningEffort": .string("none")])
        #expect(!gpt5.settings.sendsTemperature && gpt5.settings.topP == nil && gpt5.settings.stopSequences == nil)
        #expect(gpt5.settings.presencePenalty == nil && gpt5.settings.reasoningEffort == nil)
        #expect(gpt5.settings.maxTokensParam == .maxCompletionTokens && gpt5.settings.maxTokens == 1024 + 8192)
        let gpt51 = try Self.plan(.openai, "gpt-5.1", ["reasoningEffort": .string("none")])
        #expect(gpt51.settings.reasoningEffort == "none" && gpt51.settings.maxTokens == 1024)
        let mapped = try Self.plan(.openai, "o3", ["maxTokensParam": .string("max_tokens")])
        #expect(mapped.settings.maxTokensParam == .maxCompletionTokens)
        #expect(Self.reasons(mapped).contains("maxTokensParam: o3 does not accept max_tokens"))
    }

    @Test func geminiBudgetsFollowEachModelsRange() throws {
        let pro = try Self.plan(.google, "gemini-2.5-pro", ["thinkingBudget": .int(0)])
        #expect(pro.settings.thinkingBudget == nil && pro.settings.includeThoughts)
        #expect(Self.reasons(pro) == ["thinkingBudget: gemini-2.5-pro accepts thinkingBudget from 128 to 32768 or -1"])
        let flashOff = try Self.plan(.google, "gemini-2.5-flash", ["thinkingBudget": .int(0)])
        #expect(flashOff.settings.thinkingBudget == 0 && !flashOff.settings.includeThoughts && flashOff.settings.maxTokens == 1024)
        let dynamic = try Self.plan(.google, "gemini-2.5-pro", ["thinkingBudget": .int(-1)])
        #expect(dynamic.settings.thinkingBudget == -1 && dynamic.settings.maxTokens == 1024 + 8192)
        let level = try Self.plan(.google, "gemini-3-pro-preview", ["thinkingBudget": .int(2000)])
        #expect(level.settings.reasoningEffort == "low" && level.settings.thinkingBudget == nil)
    }

    @Test func xaiAndMistralAndDeepSeekFollowTheirProfiles() throws {
        let grok = try Self.plan(.xai, "grok-4-0709", ["reasoningEffort": .string("low"), "frequencyPenalty": .int(1)])
        #expect(grok.settings.reasoningEffort == nil && grok.settings.frequencyPenalty == nil)
        #expect(try Self.plan(.xai, "grok-3-mini", ["reasoningEffort": .string("high")]).settings.reasoningEffort == "high")
        let mistral = try Self.plan(.mistral, "mistral-large-latest", ["seed": .int(3), "maxTokensParam": .string("max_completion_tokens")])
        #expect(mistral.settings.seedField == "random_seed" && mistral.settings.maxTokensParam == .maxTokens)
        let reasoner = try Self.plan(.deepseek, "deepseek-reasoner", ["maxTokens": .int(100_000)])
        #expect(reasoner.settings.maxTokens == 65_536)
        #expect(Self.reasons(reasoner).last == "maxTokens: capped at 65536, the most deepseek-reasoner can output")
    }

    @Test func anExplicitMaxTokensIsSentAsGivenAndUnlimitedStaysUnlimited() throws {
        #expect(try Self.plan(.openai, "gpt-5", ["maxTokens": .int(700)]).settings.maxTokens == 700)
        #expect(try Self.plan(.openai, "gpt-5", ["maxTokens": .null]).settings.maxTokens == nil)
        #expect(try Self.plan(.anthropic, "claude-3-opus", ["maxTokens": .null]).settings.maxTokens == 4096)
    }

    static func overlay(_ text: String) throws -> String {
        let path = NSTemporaryDirectory() + "profiles-\(UUID().uuidString).json"
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    static let userEntry = """
        {"provider": "openai", "prefix": "gpt-9", "family": "mine", "endpoint": "chat", "maxOutput": 4000,
         "limitFields": ["max_tokens"], "temperature": "any", "topP": true, "exclusiveSampling": false,
         "penalties": true, "stop": true, "seed": "seed", "reasoning": "none", "efforts": [], "budget": null,
         "manualBudget": false, "reasonsByDefault": false, "reasoningAllowance": 0, "source": "test"}
        """

    @Test func anOverlayAddsAndReplacesProfiles() throws {
        let path = try Self.overlay(#"{"profiles": [\#(Self.userEntry)]}"#)
        let table = try ModelProfiles.table(environment: ["PROBE_MODELS_FILE": path]).get()
        #expect(table.profile(provider: .openai, modelName: "gpt-9-mini")?.family == "mine")
        #expect(table.profiles.count == (try Self.table().profiles.count) + 1)
    }

    @Test(arguments: [
        (#""maxOutput": 4000"#, #""maxOutput": 0"#, "maxOutput must be an integer >= 1"),
        (#""temperature": "any""#, #""temperature": "warm""#, "temperature must be one of any, one, none"),
        (#""seed": "seed""#, #""seed": 5"#, "seed must be a string or null"),
        (#""efforts": []"#, #""efforts": ["huge"]"#, "efforts 'huge' is not one of none, minimal, low, medium, high, xhigh, max"),
        (#""source": "test""#, #""sauce": "test""#, "source is required"),
    ])
    func aBadOverlayNamesTheFileTheEntryAndTheField(original: String, replacement: String, problem: String) throws {
        let entry = Self.userEntry.replacingOccurrences(of: original, with: replacement)
        let path = try Self.overlay(#"{"profiles": [\#(entry)]}"#)
        let result = ModelProfiles.table(environment: ["PROBE_MODELS_FILE": path])
        guard case .failure(let error) = result else {
            Issue.record("a bad overlay loaded")
            return
        }
        #expect(error.description == #"model profiles file \#(path): profiles[0] (openai "gpt-9"): \#(problem)"#)
    }

    @Test func aProbeWithABadOverlayFailsValidationBeforeAnyRequest() async throws {
        let path = try Self.overlay(#"{"profiles": {}}"#)
        let (output, transport) = await Probe.run(Probe.input(), [], environment: ["PROBE_MODELS_FILE": path])
        #expect(output.error?.code == .validationError)
        #expect(output.error?.message == "model profiles file \(path): \"profiles\" must be an array")
        #expect(transport.sent.isEmpty)
    }

    @Test func everyTurnRecordsTheParametersAndOneWarningIsLogged() async throws {
        let logs = LogCapture()
        let transport = ScriptedTransport([Wire.openAI("Yes."), Wire.openAI("Because.")])
        let engine = ProbeEngine(environment: Probe.environment, transport: transport, logger: logs.logger)
        let input = Probe.input(modelId: "gpt-5", followups: [Followup(prompt: "Why?")], modelConfig: ["topP": .double(0.5)])
        let output = await engine.run(input)
        let turns = try #require(output.transcript?.turns)
        for turn in turns {
            #expect(turn.providerMetadata["parameters"]?["sent"] == .object(["maxTokens": .int(1024 + 8192)]))
            #expect(turn.providerMetadata["parameters"]?["dropped"]?.arrayValue?.count == 2)
        }
        #expect(logs.text.components(separatedBy: "settings not sent as given").count == 2)
    }

    @Test func healthReportsTheTableAndFailsWhenItIsUnusable() throws {
        let good = ProbeEngine(environment: Probe.environment, transport: ScriptedTransport([])).health()
        #expect(good["health"]?["models"]?["ok"] == .bool(true))
        #expect(good["health"]?["models"]?["profiles"] == .int(try Self.table().profiles.count))
        let path = try Self.overlay("[]")
        let bad = ProbeEngine(environment: Probe.environment.merging(["PROBE_MODELS_FILE": path]) { $1 },
                              transport: ScriptedTransport([])).health()
        #expect(bad["success"] == .bool(false))
        #expect(bad["health"]?["models"]?["error"] == .string("model profiles file \(path): the top level must be an object"))
    }
}
