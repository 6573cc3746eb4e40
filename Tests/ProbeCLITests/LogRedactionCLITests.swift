import ProbeEngine
import ProbeTestSupport
import Testing

/// The `probe` binary's own log settings (SPEC §8) never let a key through (SPEC §5, issue 15):
/// a reply text, an error body and a response header that echo every key, at every
/// `PROBE_LOG_LEVEL` and with `PYTHON_WORKER_DEBUG=1`.
@Suite("log redaction through the binary", .serialized)
struct LogRedactionCLITests {
    static let settings: [[String: String]] = [
        ["PROBE_LOG_LEVEL": "trace"], ["PROBE_LOG_LEVEL": "debug"], ["PROBE_LOG_LEVEL": "info"],
        ["PROBE_LOG_LEVEL": "warn"], ["PROBE_LOG_LEVEL": "error"], ["PYTHON_WORKER_DEBUG": "1", "PROBE_LOG_LEVEL": ""],
    ]

    static let input = Array(#"{"runId":"run-echo","scenarioId":"s1","modelId":"gpt-4o","scenario":{"prompt":"Pull?","followups":[{"prompt":"Why?"}]},"config":{"maxTokens":64}}"#.utf8)

    @Test("no key on stderr at any level", arguments: settings)
    func noKeyOnStderr(_ setting: [String: String]) async throws {
        let keys = ProviderCase.all.map(\.fakeKey) + ["sk-test-FAKE-gemini-alias-0c1d"]
        let echo = keys.joined(separator: " ")
        let echoHeader = [(name: "x-echo", value: echo)]
        // Turn 1 echoes the keys in its text and a header; turn 2 gets a 500 then a 400 whose
        // bodies and headers echo them.
        let server = try LoopbackServer(script: [
            .json(ProviderReplies.openAI(text: "You sent \(echo)"), headers: echoHeader),
            .json(#"{"error":{"message":"bad key \#(echo)"}}"#, status: 500, headers: echoHeader),
            .json(#"{"error":{"message":"bad key \#(echo)"}}"#, status: 400, headers: echoHeader),
        ])
        defer { server.stop() }
        var extra = setting
        extra["GEMINI_API_KEY"] = keys.last
        let environment = TestEnvironment.all(origin: server.url(""), withKeys: true, extra: extra)
        let result = await Subprocess.run(try ProbeBinary.path.get(), environment: environment, stdin: Self.input)
        let output = try Contract.singleLineObject(result)
        #expect(output["error"]?["code"] == .string("VALIDATION_ERROR"), "\(result.summary)")
        #expect(server.requests.count == 3)
        let stderr = result.stderrText
        #expect(stderr.contains(#""msg":"probe failed""#), "\(stderr)")
        for key in keys {
            #expect(!stderr.contains(key), "a key leaked on stderr: \(stderr)")
        }
        if setting["PROBE_LOG_LEVEL"] == "trace" || setting["PROBE_LOG_LEVEL"] == "debug" || setting["PYTHON_WORKER_DEBUG"] == "1" {
            #expect(stderr.contains("You sent [REDACTED]"), "\(stderr)")
            #expect(stderr.contains(#""x-echo":"[REDACTED] [REDACTED]"#), "\(stderr)")
        }
    }
}
