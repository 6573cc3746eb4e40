import Testing
@testable import ProbeEngine

/// The seed's rules (DECISIONS D14): a model whose profile has no seed field does not get one
/// (the setting is dropped, with its reason); Mistral's is `random_seed` (issue 17: the dropped
/// seed still sent went unnoticed but by parity).
@Suite struct SeedRuleTests {
    static func body(_ modelId: String, _ modelConfig: JSONObject) async -> (JSONValue?, ProbeOutput) {
        let (output, transport) = await Probe.run(Probe.input(modelId: modelId, modelConfig: modelConfig), [Wire.openAI("ok")])
        return (transport.sent.first?.body, output)
    }

    @Test func aModelWithoutASeedFieldGetsNone() async throws {
        let (body, output) = await Self.body("deepseek-chat", ["seed": .int(7)])
        #expect(output.isSuccess)
        #expect(body?["seed"] == nil)
        let parameters = try #require(output.transcript?.turns.first?.providerMetadata["parameters"])
        #expect(parameters["dropped"]?.arrayValue?.contains { $0["name"] == .string("seed") } == true, "\(parameters)")
        #expect(parameters["sent"]?["seed"] == nil)
    }

    @Test func theSeedGoesUnderTheProfilesName() async {
        let (openai, _) = await Self.body("gpt-4o", ["seed": .int(7)])
        #expect(openai?["seed"] == .int(7))
        let (mistral, _) = await Self.body("mistral-large-latest", ["seed": .int(7)])
        #expect(mistral?["random_seed"] == .int(7))
        #expect(mistral?["seed"] == nil)
    }
}
