import ProbeTestSupport
import ProbeTransport
import Testing

/// What goes on the wire is exactly the request given, and replies come back whole.
@Suite struct RequestShapeTests {
    let transport = CurlTransport(proxy: .none)

    @Test func methodTargetHeadersAndBodyArriveExactly() async throws {
        let server = try LoopbackServer(script: [.json(#"{"ok":true}"#)])
        defer { server.stop() }
        // Over 1 MiB, where libcurl would otherwise add `Expect: 100-continue`; every byte value.
        let body = (0..<(1 << 20) + 4096).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        let request = HTTPRequest(
            url: server.url("/v1/chat/completions?alt=json"),
            headers: [
                HTTPHeader(name: "Content-Type", value: "application/json"),
                HTTPHeader(name: "Authorization", value: "Bearer sk-test"),
                HTTPHeader(name: "anthropic-version", value: "2023-06-01"),
            ],
            body: body)
        let response = try await transport.send(request, timeoutMs: 120_000)
        #expect(response.status == 200)
        #expect(response.body == Array(#"{"ok":true}"#.utf8))
        #expect(response.header("content-type") == "application/json")

        let received = try #require(server.requests.first)
        #expect(received.method == "POST")
        #expect(received.target == "/v1/chat/completions?alt=json")
        #expect(received.body == body)
        #expect(received.header("Content-Type") == "application/json")
        #expect(received.header("Authorization") == "Bearer sk-test")
        #expect(received.header("anthropic-version") == "2023-06-01")
        #expect(received.header("Content-Length") == String(body.count))
        #expect(received.header("Accept-Encoding") == "identity")
        let names = Set(received.headers.map { $0.name.lowercased() })
        #expect(
            names == ["host", "content-type", "authorization", "anthropic-version", "content-length", "accept-encoding"])
    }

    @Test func emptyBodyIsPostedWithZeroLength() async throws {
        let server = try LoopbackServer(script: [.text("fine")])
        defer { server.stop() }
        let response = try await transport.send(HTTPRequest(url: server.url(), headers: [], body: []), timeoutMs: 120_000)
        #expect(response.status == 200)
        let received = try #require(server.requests.first)
        #expect(received.method == "POST")
        #expect(received.header("Content-Length") == "0")
        #expect(received.header("Content-Type") == nil)
    }

    @Test func redirectIsReturnedNotFollowed() async throws {
        let server = try LoopbackServer(script: [.reply(status: 302, headers: [("Location", "/elsewhere")])])
        defer { server.stop() }
        let response = try await transport.send(post(server.url("/start")), timeoutMs: 120_000)
        #expect(response.status == 302)
        #expect(response.header("Location") == "/elsewhere")
        #expect(server.requests.map(\.target) == ["/start"])
    }

    @Test func errorStatusComesBackWithItsBodyAndHeaders() async throws {
        let server = try LoopbackServer(script: [
            .json(#"{"error":"slow down"}"#, status: 429, headers: [("Retry-After", "3"), ("retry-after-ms", "2500")])
        ])
        defer { server.stop() }
        let response = try await transport.send(post(server.url()), timeoutMs: 120_000)
        #expect(response.status == 429)
        #expect(response.body == Array(#"{"error":"slow down"}"#.utf8))
        #expect(response.header("retry-after") == "3")
        #expect(response.header("Retry-After-Ms") == "2500")
    }

    @Test func headerLookupIgnoresCaseAndTakesTheLast() {
        let response = HTTPResponse(
            status: 200,
            headers: [HTTPHeader(name: "X-A", value: "1"), HTTPHeader(name: "x-a", value: "2"), HTTPHeader(name: "B", value: "3")],
            body: [])
        #expect(response.header("X-a") == "2")
        #expect(response.header("b") == "3")
        #expect(response.header("c") == nil)
    }
}
