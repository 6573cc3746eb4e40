import ProbeJSON
import ProbeMock
import Testing

/// The mock's route for openai's Responses API (`/openai/v1/responses`, DECISIONS D15).
@Suite("Provider mock: Responses API")
struct ResponsesRouteTests {
    @Test("with no script left, the Responses route answers a completed Response for the turn")
    func generatedResponse() throws {
        let mock = try ProviderMock()
        defer { mock.stop() }
        let client = try #require(RawClient(port: mock.port))
        let body = #"{"model":"o3-pro","instructions":"Be brief.","input":[{"role":"user","content":"a"},{"role":"assistant","content":"b"},{"role":"user","content":"c"}]}"#
        let reply = try #require(client.send("POST", "/openai/v1/responses", body: body))
        #expect(reply.status == 200)
        let json = try JSONParser.parse(reply.body)
        #expect(json["object"] == .string("response"))
        #expect(json["status"] == .string("completed"))
        #expect(json["model"] == .string("o3-pro"))
        let part = json["output"]?.arrayValue?.first?["content"]?.arrayValue?.first
        #expect(part?["type"] == .string("output_text"))
        #expect(part?["text"] == .string("Mock openai reply to turn 2."))
        #expect(json["usage"]?["input_tokens"] == .int(24))
        #expect(json["usage"]?["output_tokens"] == .int(7))
        #expect(mock.requests.map(\.path) == ["/openai/v1/responses"])
    }

    @Test("a scripted step answers a Responses request like any other")
    func scriptedStep() throws {
        let mock = try ProviderMock(script: [.json(#"{"error":{"message":"no"}}"#, status: 400)])
        defer { mock.stop() }
        let client = try #require(RawClient(port: mock.port))
        let reply = try #require(client.send("POST", "/openai/v1/responses", body: "{}"))
        #expect(reply.status == 400)
        #expect(mock.scriptStepsUsed == 1)
    }

    @Test("only openai has a Responses route", arguments: [MockProvider.xai, .deepseek, .mistral, .anthropic])
    func otherProvidersHaveNone(_ provider: MockProvider) throws {
        let mock = try ProviderMock()
        defer { mock.stop() }
        let client = try #require(RawClient(port: mock.port))
        let reply = try #require(client.send("POST", provider.basePath + "/responses", body: "{}"))
        #expect(reply.status == 404)
    }
}
