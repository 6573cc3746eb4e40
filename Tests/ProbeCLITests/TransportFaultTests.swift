import ProbeEngine
import ProbeTestSupport
import Testing

/// Transport faults end to end (SPEC §5, DECISIONS D4), through the binary and in-process,
/// against the loopback server over real sockets and libcurl.
@Suite("Transport faults end to end", .serialized)
struct TransportFaultTests {
    static let key = ProviderCase.openai.fakeKey

    private func run(_ channel: Channel, _ server: LoopbackServer, extra: [String: String] = [:]) async throws -> ProbeRun {
        try await channel.run(Wire.openAIInput, environment: TestEnvironment.all(origin: server.url(""), withKeys: true, extra: extra))
    }

    @Test("a refused connection is a retryable NETWORK_ERROR", arguments: Channel.allCases)
    func refusedConnection(_ channel: Channel) async throws {
        let origin = "http://127.0.0.1:\(try LoopbackServer.refusingPort())"
        let run = try await channel.run(Wire.openAIInput, environment: TestEnvironment.all(origin: origin, withKeys: true))
        #expect(run.code == "NETWORK_ERROR", "\(run.output)")
        #expect(run.message == "openai request failed: connection refused")
        #expect(run.retryable == true)
        #expect(run.details == .null)
        #expect(run.statusCode == nil)
    }

    @Test("a reset in the middle of the body is 'reply cut short', retried twice", arguments: Channel.allCases)
    func resetMidBody(_ channel: Channel) async throws {
        let server = try LoopbackServer(script: [], otherwise: .resetMidBody(declaredLength: 4000, sentBytes: 100))
        defer { server.stop() }
        let run = try await run(channel, server)
        #expect(run.code == "NETWORK_ERROR", "\(run.output)")
        #expect(run.message == "openai request failed: reply cut short")
        #expect(run.retryable == true)
        #expect(server.requests.count == 3)
        server.requests.forEach { Wire.expectOpenAIRequest($0) }
    }

    @Test("a body slower than PROBE_REQUEST_TIMEOUT_MS is a TIMEOUT", arguments: Channel.allCases)
    func slowBodyTimesOut(_ channel: Channel) async throws {
        let server = try LoopbackServer(script: [], otherwise: .dripBody(totalBytes: 100_000, intervalMs: 50))
        defer { server.stop() }
        let run = try await run(channel, server, extra: ["PROBE_REQUEST_TIMEOUT_MS": "300"])
        #expect(run.code == "TIMEOUT", "\(run.output)")
        #expect(run.message == "openai request failed: timed out")
        #expect(run.retryable == true)
        #expect(run.statusCode == nil)
        #expect(server.requests.count == 3)
    }

    @Test("a 200 whose body is not JSON is INVALID_RESPONSE with the body in details", arguments: Channel.allCases)
    func nonJSONSuccessBody(_ channel: Channel) async throws {
        let server = try LoopbackServer(script: [.text("upstream said: not json {")])
        defer { server.stop() }
        let run = try await run(channel, server)
        #expect(run.code == "INVALID_RESPONSE", "\(run.output)")
        #expect(run.message == "openai reply has an unexpected shape")
        #expect(run.retryable == false)
        #expect(run.details == .string("upstream said: not json {"))
        #expect(run.statusCode == nil)
        #expect(server.requests.count == 1)
    }

    @Test("a 2xx HTML page is INVALID_RESPONSE", arguments: Channel.allCases)
    func htmlSuccessBody(_ channel: Channel) async throws {
        let html = "<!DOCTYPE html><html><body><h1>Captive portal</h1></body></html>"
        let server = try LoopbackServer(script: [.reply(status: 203, headers: [("Content-Type", "text/html")], body: Array(html.utf8))])
        defer { server.stop() }
        let run = try await run(channel, server)
        #expect(run.code == "INVALID_RESPONSE", "\(run.output)")
        #expect(run.message == "openai reply has an unexpected shape")
        #expect(run.details == .string(html))
        #expect(server.requests.count == 1)
    }

    @Test("a 500 then a success succeeds after one retry", arguments: Channel.allCases)
    func serverErrorThenSuccess(_ channel: Channel) async throws {
        let server = try LoopbackServer(script: [
            .json(#"{"error":{"message":"internal"}}"#, status: 500),
            .json(ProviderReplies.openAI(text: "I would pull it.")),
        ])
        defer { server.stop() }
        let run = try await run(channel, server)
        #expect(run.success == true, "\(run.output)")
        #expect(run.turns.count == 1)
        #expect(run.turns.first?["targetResponse"] == .string("I would pull it."))
        #expect(server.requests.count == 2)
        server.requests.forEach { Wire.expectOpenAIRequest($0) }
    }

    @Test("five 429s with Retry-After: 0 end in RATE_LIMIT after five requests", arguments: Channel.allCases)
    func rateLimitedFiveTimes(_ channel: Channel) async throws {
        let limited = ServerBehaviour.json(#"{"error":{"message":"Rate limit reached"}}"#, status: 429, headers: [("Retry-After", "0")])
        let server = try LoopbackServer(script: Array(repeating: limited, count: 5), otherwise: .json(ProviderReplies.openAI(text: "late")))
        defer { server.stop() }
        let run = try await run(channel, server)
        #expect(run.code == "RATE_LIMIT", "\(run.output)")
        #expect(run.message == "openai returned HTTP 429: rate limited, retry later")
        #expect(run.retryable == true)
        #expect(run.statusCode == 429)
        #expect(server.requests.count == 5)
    }

    @Test("a 401 is AUTH_ERROR and the echoed key never appears", arguments: Channel.allCases)
    func unauthorizedNeverLeaksKey(_ channel: Channel) async throws {
        let echo = #"{"error":{"message":"Incorrect API key provided: \#(Self.key). Bearer \#(Self.key)","code":"invalid_api_key"}}"#
        let server = try LoopbackServer(script: [.json(echo, status: 401)])
        defer { server.stop() }
        let run = try await run(channel, server, extra: ["PROBE_LOG_LEVEL": "trace"])
        #expect(run.code == "AUTH_ERROR", "\(run.output)")
        #expect(run.message == "openai returned HTTP 401: check OPENAI_API_KEY")
        #expect(run.retryable == false)
        #expect(run.statusCode == 401)
        #expect(run.details?.stringValue?.contains("[REDACTED]") == true, "\(run.output)")
        #expect(!run.visibleText.contains(Self.key), "the key leaked: \(run.visibleText)")
        #expect(server.requests.count == 1)
        server.requests.forEach { Wire.expectOpenAIRequest($0) }
    }

    @Test("a 302 is INVALID_RESPONSE and is not followed", arguments: Channel.allCases)
    func redirectNotFollowed(_ channel: Channel) async throws {
        let server = try LoopbackServer(script: [])
        defer { server.stop() }
        let redirecting = try LoopbackServer(script: [
            .reply(status: 302, headers: [("Location", server.url("/v1/chat/completions"))], body: Array("moved".utf8)),
        ])
        defer { redirecting.stop() }
        let run = try await run(channel, redirecting)
        #expect(run.code == "INVALID_RESPONSE", "\(run.output)")
        #expect(run.message == "openai returned HTTP 302: redirects are not followed")
        #expect(run.retryable == false)
        #expect(run.statusCode == 302)
        #expect(redirecting.requests.count == 1)
        #expect(server.requests.isEmpty, "the redirect was followed")
    }

    @Test("a 40 MiB reply is INVALID_RESPONSE", arguments: Channel.allCases, [true, false])
    func hugeReply(_ channel: Channel, declareLength: Bool) async throws {
        let server = try LoopbackServer(script: [.hugeBody(bytes: 40 << 20, declareLength: declareLength)])
        defer { server.stop() }
        let run = try await run(channel, server)
        #expect(run.code == "INVALID_RESPONSE", "\(run.output)")
        #expect(run.message == "openai reply is larger than 32 MiB")
        #expect(run.retryable == false)
        #expect(run.statusCode == nil)
        #expect(run.details == .null)
        #expect(server.requests.count == 1)
    }
}
