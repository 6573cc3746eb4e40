import Logging
import ProbeEngine
import ProbeTransport
import Synchronization

/// A transport that answers from a script and records what it was sent.
final class ScriptedTransport: HTTPTransport {
    struct Sent: Sendable {
        var request: HTTPRequest
        var timeoutMs: Int
        var body: JSONValue? { try? JSONParser.parse(request.body) }
    }

    private let state: Mutex<(script: [Result<HTTPResponse, TransportFailure>], sent: [Sent])>

    init(_ script: [Result<HTTPResponse, TransportFailure>]) {
        state = Mutex((script, []))
    }

    var sent: [Sent] { state.withLock { $0.sent } }

    func send(_ request: HTTPRequest, timeoutMs: Int) async throws(TransportFailure) -> HTTPResponse {
        let next = state.withLock { state -> Result<HTTPResponse, TransportFailure> in
            state.sent.append(Sent(request: request, timeoutMs: timeoutMs))
            return state.script.isEmpty ? .failure(.other("script exhausted")) : state.script.removeFirst()
        }
        return try next.get()
    }
}

/// Wire replies for tests.
enum Wire {
    static func response(_ status: Int, _ body: String, headers: [(String, String)] = []) -> Result<HTTPResponse, TransportFailure> {
        .success(HTTPResponse(status: status, headers: headers.map { HTTPHeader(name: $0.0, value: $0.1) }, body: Array(body.utf8)))
    }

    /// An OpenAI chat completion carrying `text` (JSON-escaped here).
    static func openAI(_ text: String, usage: (Int, Int)? = (10, 5), finish: String = "stop", model: String = "gpt-4o-2024-08-06") -> Result<HTTPResponse, TransportFailure> {
        let content = JSONWriter.string(.string(text))
        let usageJSON = usage.map { #","usage":{"prompt_tokens":\#($0.0),"completion_tokens":\#($0.1),"total_tokens":\#($0.0 + $0.1)}"# } ?? ""
        return response(200, #"{"id":"chatcmpl-1","object":"chat.completion","created":1,"model":"\#(model)","choices":[{"index":0,"message":{"role":"assistant","content":\#(content)},"finish_reason":"\#(finish)"}]\#(usageJSON)}"#)
    }
}

/// Shared test fixtures.
enum Probe {
    static let key = "sk-test-FAKE-0123456789"
    static let environment: [String: String] = [
        "OPENAI_API_KEY": key, "ANTHROPIC_API_KEY": "sk-ant-test-FAKE", "GOOGLE_API_KEY": "goog-test-FAKE",
        "XAI_API_KEY": "xai-test-FAKE", "DEEPSEEK_API_KEY": "ds-test-FAKE", "MISTRAL_API_KEY": "mi-test-FAKE",
        "OPENAI_BASE_URL": "http://127.0.0.1:9/v1", "PROBE_BACKOFF_SCALE": "0", "PROBE_LOG_LEVEL": "error",
    ]

    static func input(modelId: String = "gpt-4o", preamble: String = "", prompt: String = "Should the trolley be diverted?",
                      followups: [Followup] = [], maxTurns: Int = 10, modelCost: ModelCost? = nil,
                      modelConfig: JSONObject? = nil, modelVersion: String? = nil) -> ProbeInput {
        ProbeInput(runId: "run-1", scenarioId: "scn-1", modelId: modelId, modelVersion: modelVersion,
                   scenario: Scenario(preamble: preamble, prompt: prompt, followups: followups),
                   config: ProbeConfig(maxTurns: maxTurns), modelCost: modelCost, modelConfig: modelConfig)
    }

    static func engine(_ transport: ScriptedTransport, environment extra: [String: String] = [:]) -> ProbeEngine {
        ProbeEngine(environment: environment.merging(extra) { $1 }, transport: transport, logger: LogCapture().logger)
    }

    static func run(_ input: ProbeInput, _ script: [Result<HTTPResponse, TransportFailure>],
                    environment extra: [String: String] = [:]) async -> (ProbeOutput, ScriptedTransport) {
        let transport = ScriptedTransport(script)
        let output = await engine(transport, environment: extra).run(input)
        return (output, transport)
    }
}

/// Collects the engine's log lines instead of printing them.
final class LogCapture: Sendable {
    private let lines = Mutex<[String]>([])

    var logger: Logger {
        Logger(label: "test") { _ in
            JSONLogHandler(level: .trace) { bytes in self.lines.withLock { $0.append(String(decoding: bytes, as: UTF8.self)) } }
        }
    }

    var text: String { lines.withLock { $0.joined() } }
}
