import ProbeEngine
import ProbeTestSupport
import ProbeTransport
import Testing

/// Every request that reaches the server is an attempt the engine counted, logged at debug and
/// recorded (issue 15; DECISIONS D4, D13). libcurl re-sends a request by itself when a reused
/// connection dies before any reply byte; with a POST that can bill twice, so the engine turns
/// that off: the dead connection's failure goes through the engine's own retry rules instead.
@Suite("no silent re-send", .serialized)
struct SilentResendTests {
    static let reply = ServerBehaviour.json(#"{"id":"chatcmpl-1","object":"chat.completion","model":"gpt-4o-2024-08-06","choices":[{"index":0,"message":{"role":"assistant","content":"Yes."},"finish_reason":"stop"}],"usage":{"prompt_tokens":9,"completion_tokens":2}}"#)

    @Test("a kept-alive connection that dies after reading the next request: the server's count is the engine's",
          arguments: [ServerBehaviour.closeBeforeHeaders, .resetBeforeHeaders])
    func keptAliveConnectionDies(_ death: ServerBehaviour) async throws {
        let scratch = try Scratch()
        defer { scratch.remove() }
        // Connection 0 answers turn 1 and stays open; it reads turn 2's request, then dies
        // without a byte of reply. Every later request is answered.
        let server = try LoopbackHTTPServer(keepAlive: true) { _, origin in
            origin.connection == 0 && origin.request == 1 ? death : Self.reply
        }
        defer { server.stop() }
        let path = scratch.path("resend.jsonl")
        let environment = ["OPENAI_API_KEY": "sk-test-FAKE-resend", "OPENAI_BASE_URL": server.url("/v1"),
                           "PROBE_BACKOFF_SCALE": "0"]
        let logs = Logs()
        // A transport of its own: the process's shared one may drop an idle connection from its
        // cache while other suites run, and then no connection would be reused.
        let recorder = try RecordingTransport(path: path, environment: environment,
                                              upstream: CurlTransport(proxy: .none))
        let engine = ProbeEngine(environment: environment, transport: recorder, logger: logs.logger)
        let output = await engine.run(Inputs.threeTurns("gpt-4o"))
        #expect(output.isSuccess, "\(output.json)")
        #expect(output.transcript?.turns.count == 3)

        let seen = server.requests.count
        let attempts = logs.lines("attempt finished").count + logs.lines("attempt failed").count
        let recorded = try Cassette.read(path).count
        // The connection did die under a request: the server saw four requests for three turns.
        #expect(seen == 4, "the server saw \(seen) requests")
        #expect(attempts == seen, "the engine logged \(attempts) attempts, the server saw \(seen)")
        #expect(recorded == seen, "the cassette has \(recorded) lines, the server saw \(seen)")
        // The dead connection's failure went through the engine's retry rules: one warn line.
        let retries = logs.lines("retrying request")
        #expect(retries.count == 1)
        #expect(retries.first?["code"] == .string("NETWORK_ERROR"))
        #expect(logs.lines("attempt failed").first?["failure"] == .string("connectionReset"))
    }
}
