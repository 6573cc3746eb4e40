import ProbeTestSupport
import ProbeTransport
import Testing

/// Each way a connection can go wrong maps to its DECISIONS D4 failure kind.
@Suite struct FailureKindTests {
    let transport = CurlTransport(proxy: .none)

    @Test func nothingListeningIsConnectionRefused() async throws {
        let port = try LoopbackServer.refusingPort()
        let result = await outcome(transport, post("http://127.0.0.1:\(port)/v1"))
        #expect(failure(result) == .connectionRefused)
    }

    @Test func resetBeforeHeadersIsConnectionReset() async throws {
        let server = try LoopbackServer(script: [.resetBeforeHeaders])
        defer { server.stop() }
        let result = await outcome(transport, post(server.url("/v1")))
        #expect(failure(result) == .connectionReset)
        #expect(server.requests.count == 1)
    }

    @Test func resetMidBodyIsReplyCutShort() async throws {
        let server = try LoopbackServer(script: [.resetMidBody(declaredLength: 1000, sentBytes: 100)])
        defer { server.stop() }
        let result = await outcome(transport, post(server.url()))
        #expect(failure(result) == .replyCutShort)
    }

    @Test func closeMidBodyIsReplyCutShort() async throws {
        let server = try LoopbackServer(script: [.closeMidBody(declaredLength: 1000, sentBytes: 100)])
        defer { server.stop() }
        let result = await outcome(transport, post(server.url()))
        #expect(failure(result) == .replyCutShort)
    }

    @Test func closeAfterHeadersWithNoBodyIsReplyCutShort() async throws {
        let server = try LoopbackServer(script: [.closeMidBody(declaredLength: 10, sentBytes: 0)])
        defer { server.stop() }
        let result = await outcome(transport, post(server.url()))
        #expect(failure(result) == .replyCutShort)
    }

    @Test func bodyDrippingPastTheLimitIsTimedOut() async throws {
        let server = try LoopbackServer(script: [.dripBody(totalBytes: 2000, intervalMs: 100)])
        defer { server.stop() }
        let result = await outcome(transport, post(server.url()), timeoutMs: 400)
        #expect(failure(result) == .timedOut)
    }

    @Test func silentServerPastTheLimitIsTimedOut() async throws {
        let server = try LoopbackServer(script: [.delayed(ms: 20_000, then: .text("late"))])
        defer { server.stop() }
        let result = await outcome(transport, post(server.url()), timeoutMs: 300)
        #expect(failure(result) == .timedOut)
    }

    @Test func noTimeLeftIsTimedOutWithoutSending() async throws {
        let server = try LoopbackServer(script: [])
        defer { server.stop() }
        let result = await outcome(transport, post(server.url()), timeoutMs: 0)
        #expect(failure(result) == .timedOut)
        #expect(server.connectionCount == 0)
    }

    @Test func unsupportedSchemeIsOther() async throws {
        let result = await outcome(transport, post("ftp://127.0.0.1/x"))
        guard case .other = failure(result) else {
            Issue.record("expected .other, got \(result)")
            return
        }
    }

    @Test func headerWithLineBreakIsRejectedBeforeSending() async throws {
        let server = try LoopbackServer(script: [])
        defer { server.stop() }
        let smuggling = HTTPHeader(name: "Authorization", value: "Bearer k\r\nX-Evil: 1")
        let result = await outcome(transport, post(server.url(), headers: [smuggling]))
        guard case .other = failure(result) else {
            Issue.record("expected .other, got \(result)")
            return
        }
        #expect(server.connectionCount == 0)
    }
}
