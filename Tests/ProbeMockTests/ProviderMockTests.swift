import ProbeJSON
import ProbeMock
import Testing

/// The provider mock itself: keep-alive, a script taken per request, recording, generated replies.
@Suite("Provider mock")
struct ProviderMockTests {
    static let openAIRequest = #"{"model":"gpt-4o","messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Hi"}]}"#

    @Test("one connection serves several requests, each taking the next script step")
    func keepAliveTakesStepsPerRequest() throws {
        let mock = try ProviderMock(script: [
            .json(#"{"error":{"message":"slow down"}}"#, status: 429, headers: [("Retry-After", "0")]),
            .text("not json at all"),
        ])
        defer { mock.stop() }
        let client = try #require(RawClient(port: mock.port))
        let path = "/openai/v1/chat/completions"
        let first = try #require(client.send("POST", path, body: Self.openAIRequest))
        #expect(first.status == 429)
        #expect(first.header("Retry-After") == "0")
        #expect(first.header("Connection") == "keep-alive")
        let second = try #require(client.send("POST", path, body: Self.openAIRequest))
        #expect(second.status == 200)
        #expect(second.bodyText == "not json at all")
        let third = try #require(client.send("POST", path, body: Self.openAIRequest))
        #expect(third.status == 200)
        let stats = mock.stats
        #expect(stats["requests"] == .int(3))
        #expect(stats["maxOpenConnections"] == .int(1))
    }

    @Test("every request is recorded: method, path, query, headers, body")
    func recordsRequests() throws {
        let mock = try ProviderMock()
        defer { mock.stop() }
        let client = try #require(RawClient(port: mock.port))
        _ = try #require(client.send("POST", "/anthropic/v1/messages?beta=true",
                                     headers: [("x-api-key", "sk-test-fake"), ("anthropic-version", "2023-06-01")],
                                     body: #"{"model":"claude-x","messages":[{"role":"user","content":"Hi"}]}"#))
        let request = try #require(mock.requests.first)
        #expect(request.method == "POST")
        #expect(request.path == "/anthropic/v1/messages")
        #expect(request.query == "beta=true")
        #expect(request.header("X-API-Key") == "sk-test-fake")
        #expect(request.bodyText.contains("claude-x"))
    }

    @Test("with no script left, each provider gets a success in its own format", arguments: MockProvider.allCases)
    func generatedReplies(_ provider: MockProvider) throws {
        let mock = try ProviderMock()
        defer { mock.stop() }
        let client = try #require(RawClient(port: mock.port))
        let body = provider == .google
            ? #"{"contents":[{"role":"user","parts":[{"text":"a"}]},{"role":"model","parts":[{"text":"b"}]},{"role":"user","parts":[{"text":"c"}]}]}"#
            : #"{"model":"m-1","messages":[{"role":"user","content":"a"},{"role":"assistant","content":"b"},{"role":"user","content":"c"}]}"#
        let path = provider == .google ? "/models/gemini-x%2F1:generateContent" : provider == .anthropic ? "/v1/messages" : "/chat/completions"
        let reply = try #require(client.send("POST", provider.basePath + path, body: body))
        #expect(reply.status == 200)
        let json = try JSONParser.parse(reply.body)
        let text = "Mock \(provider.rawValue) reply to turn 2."
        switch provider {
        case .anthropic:
            #expect(json["content"]?.arrayValue?.first?["text"] == .string(text))
            #expect(json["usage"]?["input_tokens"] == .int(24))
            #expect(json["model"] == .string("m-1"))
        case .google:
            #expect(json["candidates"]?.arrayValue?.first?["content"]?["parts"]?.arrayValue?.first?["text"] == .string(text))
            #expect(json["usageMetadata"]?["candidatesTokenCount"] == .int(7))
            #expect(json["modelVersion"] == .string("gemini-x/1"))
        default:
            #expect(json["choices"]?.arrayValue?.first?["message"]?["content"] == .string(text))
            #expect(json["usage"]?["completion_tokens"] == .int(7))
            #expect(json["model"] == .string("m-1"))
        }
    }

    @Test("an unknown path is a 404 with a JSON error and takes no script step")
    func unknownPath() throws {
        let mock = try ProviderMock(script: [.text("scripted")])
        defer { mock.stop() }
        let client = try #require(RawClient(port: mock.port))
        let reply = try #require(client.send("POST", "/openai/v2/chat/completions", body: "{}"))
        #expect(reply.status == 404)
        #expect((try JSONParser.parse(reply.body))["error"]?["type"] == .string("not_found"))
        #expect(mock.scriptStepsUsed == 0)
    }

    @Test("a fault closes the connection; the next connection gets the next step")
    func faultClosesConnection() throws {
        let mock = try ProviderMock(script: [.resetBeforeHeaders])
        defer { mock.stop() }
        let client = try #require(RawClient(port: mock.port))
        #expect(client.send("POST", "/deepseek/chat/completions", body: Self.openAIRequest) == nil)
        let again = try #require(RawClient(port: mock.port))
        #expect(again.send("POST", "/deepseek/chat/completions", body: Self.openAIRequest)?.status == 200)
        #expect(mock.stats["faults"] == .int(1))
    }

    @Test("a seeded fault plan faults the same requests on every run")
    func seededFaultsRepeat() throws {
        func outcomes() throws -> [Int] {
            let mock = try ProviderMock(faults: FaultPlan(percent: 40, seed: 7))
            defer { mock.stop() }
            var statuses: [Int] = []
            var client = RawClient(port: mock.port)
            for _ in 0..<40 {
                if let reply = client?.send("POST", "/mistral/v1/chat/completions", body: Self.openAIRequest) {
                    statuses.append(reply.status)
                } else {
                    statuses.append(0)
                    client = RawClient(port: mock.port)
                }
            }
            return statuses
        }
        let first = try outcomes()
        #expect(first == (try outcomes()))
        #expect(first.contains(200) && first.contains(429) && first.contains(0))
    }

    @Test("the environment points all six base URLs at the mock")
    func environment() throws {
        let mock = try ProviderMock()
        defer { mock.stop() }
        let environment = mock.environment(fakeKeys: false)
        #expect(environment["GOOGLE_BASE_URL"] == "http://127.0.0.1:\(mock.port)/google/v1beta")
        #expect(environment["DEEPSEEK_BASE_URL"] == "http://127.0.0.1:\(mock.port)/deepseek")
        #expect(environment.count == 6)
    }
}
