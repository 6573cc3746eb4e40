import Logging
import ProbeEngine
import ProbeTransport
import Synchronization
import Testing

/// No log line ever carries a key (SPEC §5, issue 15): a provider that echoes the key back in
/// its reply text, in an error body or in a response header, at every log level, for every key
/// variable of SPEC §4 (GEMINI_API_KEY, the google alias, included).
@Suite("log redaction")
struct LogRedactionTests {
    /// One key variable and a probe that reads it.
    struct Case: Sendable, CustomStringConvertible {
        var variable: String
        var modelId: String
        var description: String { variable }
    }

    static let cases: [Case] = [
        Case(variable: "OPENAI_API_KEY", modelId: "gpt-4o"),
        Case(variable: "ANTHROPIC_API_KEY", modelId: "claude-3-5-sonnet-latest"),
        Case(variable: "GOOGLE_API_KEY", modelId: "gemini-2.0-flash"),
        Case(variable: "GEMINI_API_KEY", modelId: "gemini-2.0-flash"),
        Case(variable: "XAI_API_KEY", modelId: "grok-2"),
        Case(variable: "DEEPSEEK_API_KEY", modelId: "deepseek-chat"),
        Case(variable: "MISTRAL_API_KEY", modelId: "mistral-large-latest"),
    ]

    static let levels: [Logger.Level] = [.trace, .debug, .info, .warning, .error]

    /// A distinct obviously fake key per variable.
    static func key(_ variable: String) -> String { "sk-test-FAKE-\(variable)-9f1c" }

    /// Every key variable set, except GOOGLE_API_KEY when the case is its alias (so the alias is
    /// the one read).
    static func environment(for testCase: Case) -> [String: String] {
        var environment = ["PROBE_BACKOFF_SCALE": "0"]
        for variable in cases.map(\.variable) where !(testCase.variable == "GEMINI_API_KEY" && variable == "GOOGLE_API_KEY") {
            environment[variable] = key(variable)
        }
        return environment
    }

    /// A 200 reply of `modelId`'s provider whose text is `text`, with `headers`.
    static func reply(modelId: String, text: String, headers: [(String, String)] = []) -> Result<HTTPResponse, TransportFailure> {
        let quoted = JSONWriter.string(.string(text))
        let body: String
        if modelId.hasPrefix("claude") {
            body = #"{"id":"msg_1","type":"message","role":"assistant","model":"claude-3-5-sonnet-20241022","content":[{"type":"text","text":\#(quoted)}],"stop_reason":"end_turn","usage":{"input_tokens":3,"output_tokens":2}}"#
        } else if modelId.hasPrefix("gemini") {
            body = #"{"candidates":[{"content":{"role":"model","parts":[{"text":\#(quoted)}]},"finishReason":"STOP"}],"usageMetadata":{"promptTokenCount":3,"candidatesTokenCount":2},"modelVersion":"gemini-2.0-flash"}"#
        } else {
            body = #"{"id":"chatcmpl-1","object":"chat.completion","model":"m","choices":[{"index":0,"message":{"role":"assistant","content":\#(quoted)},"finish_reason":"stop"}],"usage":{"prompt_tokens":3,"completion_tokens":2}}"#
        }
        return Wire.response(200, body, headers: [("Content-Type", "application/json")] + headers)
    }

    /// Lines written by a JSON log handler, kept for the test.
    final class Lines: Sendable {
        private let lines = Mutex<[String]>([])
        var all: [String] { lines.withLock { $0 } }
        var text: String { all.joined() }
        func append(_ bytes: [UInt8]) { lines.withLock { $0.append(String(decoding: bytes, as: UTF8.self)) } }
    }

    /// Runs one probe of `testCase` against `script` with logs at `level`; returns the log lines.
    static func run(_ testCase: Case, level: Logger.Level,
                    script: [Result<HTTPResponse, TransportFailure>]) async -> (lines: Lines, output: ProbeOutput) {
        let lines = Lines()
        let logger = Logger(label: "test") { _ in JSONLogHandler(level: level, sink: { lines.append($0) }) }
        let engine = ProbeEngine(environment: environment(for: testCase), transport: ScriptedTransport(script),
                                 logger: logger)
        let input = Probe.input(modelId: testCase.modelId, followups: [Followup(label: "why", prompt: "Why?")])
        let output = await engine.run(input)
        return (lines, output)
    }

    /// Every key value in the environment, as the echo a careless provider would send back.
    static func echo(_ testCase: Case) -> String {
        environment(for: testCase).filter { $0.key.hasSuffix("_API_KEY") }.values.sorted().joined(separator: " | ")
    }

    static func expectNoKey(_ lines: Lines, _ testCase: Case, sourceLocation: SourceLocation = #_sourceLocation) {
        for (variable, value) in environment(for: testCase) where variable.hasSuffix("_API_KEY") {
            #expect(!lines.text.contains(value), "\(variable) leaked: \(lines.text)", sourceLocation: sourceLocation)
        }
    }

    @Test("a reply that echoes the key is redacted in the turn lines", arguments: cases, levels)
    func replyEchoingTheKey(_ testCase: Case, level: Logger.Level) async {
        let text = "You sent " + Self.echo(testCase)
        let (lines, output) = await Self.run(testCase, level: level, script: [
            Self.reply(modelId: testCase.modelId, text: text), Self.reply(modelId: testCase.modelId, text: "Because."),
        ])
        #expect(output.isSuccess)
        Self.expectNoKey(lines, testCase)
        if level <= .debug {
            let turnLine = lines.all.first { $0.contains(#""msg":"turn completed""#) && $0.contains(#""turn":"1""#) }
            #expect(turnLine?.contains("You sent [REDACTED]") == true, "\(lines.text)")
        }
    }

    @Test("an error body that echoes the key is redacted in the retry and failure lines", arguments: cases, levels)
    func errorBodyEchoingTheKey(_ testCase: Case, level: Logger.Level) async {
        let body = #"{"error":{"message":"bad key \#(Self.echo(testCase))"}}"#
        let (lines, output) = await Self.run(testCase, level: level, script: [
            Wire.response(500, body, headers: [("x-echo", Self.echo(testCase))]),
            Wire.response(400, body, headers: [("x-echo", Self.echo(testCase))]),
        ])
        #expect(output.error?.code == .validationError)
        Self.expectNoKey(lines, testCase)
        if level <= .warning {
            #expect(lines.text.contains(#""msg":"retrying request""#), "\(lines.text)")
        }
        #expect(lines.text.contains(#""msg":"probe failed""#), "\(lines.text)")
    }

    @Test("a response header that echoes the key is redacted in the attempt lines", arguments: cases, levels)
    func headerEchoingTheKey(_ testCase: Case, level: Logger.Level) async {
        let headers = [("x-echo-key", Self.echo(testCase)), ("x-request-id", "req-" + Self.key(testCase.variable))]
        let (lines, output) = await Self.run(testCase, level: level, script: [
            Self.reply(modelId: testCase.modelId, text: "Yes.", headers: headers),
            Self.reply(modelId: testCase.modelId, text: "Because.", headers: headers),
        ])
        #expect(output.isSuccess)
        Self.expectNoKey(lines, testCase)
        if level <= .debug {
            let attempts = lines.all.filter { $0.contains(#""msg":"attempt finished""#) }
            #expect(attempts.count == 2, "\(lines.text)")
            #expect(attempts.allSatisfy { $0.contains(#""x-echo-key":"[REDACTED]"#) && $0.contains(#""x-request-id":"req-[REDACTED]""#) }, "\(lines.text)")
        }
    }

    @Test("a logger outside the engine (the store's) redacts with redactingKeys(of:)")
    func loggerOutsideTheEngine() {
        let lines = Lines()
        let environment = Self.environment(for: Self.cases[3])
        let logger = Logger(label: "store") { _ in JSONLogHandler(level: .trace, sink: { lines.append($0) }) }
            .redactingKeys(of: environment)
        logger.error("database write failed \(Self.key("GEMINI_API_KEY"))", metadata: [
            "reason": "\(Self.key("MISTRAL_API_KEY"))", "nested": .array([.string(Self.key("OPENAI_API_KEY"))]),
        ])
        Self.expectNoKey(lines, Self.cases[3])
        #expect(lines.text.split(separator: "[REDACTED]", omittingEmptySubsequences: false).count == 4, "\(lines.text)")
    }

    @Test("ids and messages that carry a key are redacted too (the logger wraps every line)")
    func metadataAndMessages() async {
        let testCase = Self.cases[0]
        let lines = Lines()
        let logger = Logger(label: "test") { _ in JSONLogHandler(level: .trace, sink: { lines.append($0) }) }
        let engine = ProbeEngine(environment: Self.environment(for: testCase), transport: ScriptedTransport([
            Self.reply(modelId: "gpt-4o", text: "ok"),
        ]), logger: logger)
        let key = Self.key("OPENAI_API_KEY")
        var input = Probe.input(modelId: "gpt-4o", prompt: "my key is \(key)")
        input.runId = "run-\(key)"
        _ = await engine.run(input)
        // A model nobody routes: the rejection's reason quotes the modelId.
        _ = await engine.run(Probe.input(modelId: "acme-\(key)"))
        #expect(!lines.text.isEmpty)
        Self.expectNoKey(lines, testCase)
        #expect(lines.text.contains("run-[REDACTED]"), "\(lines.text)")
    }
}
