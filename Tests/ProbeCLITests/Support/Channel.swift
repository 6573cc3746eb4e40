import ProbeEngine
import ProbeTestSupport
import Testing

/// The two ways a probe is run end to end: the `probe` binary on stdin/stdout, and
/// `ProbeEngine(environment:)` in-process (both over libcurl, against real sockets).
enum Channel: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case binary
    case inProcess

    var testDescription: String { rawValue }

    /// Runs `input` with `environment`; the parsed output object and the run's text for
    /// secrets checks (stdout and stderr for the binary, the output line in-process).
    func run(_ input: [UInt8], environment: [String: String]) async throws -> ProbeRun {
        switch self {
        case .binary:
            let path = try ProbeBinary.path.get()
            let result = await Subprocess.run(path, environment: environment, stdin: input)
            let output = try Contract.singleLineObject(result)
            return ProbeRun(output: output, visibleText: result.stdoutText + result.stderrText, process: result)
        case .inProcess:
            let output = await ProbeEngine(environment: environment).run(input)
            let line = output.jsonLine
            let parsed = try JSONParser.parse(line, maxDepth: 1024)
            return ProbeRun(output: parsed, visibleText: String(decoding: line, as: UTF8.self), process: nil)
        }
    }
}

/// One probe's output.
struct ProbeRun: Sendable {
    var output: JSONValue
    /// Everything the run let out (for the binary, stdout and stderr).
    var visibleText: String
    var process: ProcessResult?

    var success: Bool? { output["success"]?.boolValue }
    var error: JSONValue? { output["error"] }
    var code: String? { error?["code"]?.stringValue }
    var message: String? { error?["message"]?.stringValue }
    var retryable: Bool? { error?["retryable"]?.boolValue }
    var details: JSONValue? { error?["details"] }
    var statusCode: Int? { error?["statusCode"]?.numberValue?.intValue }
    var transcript: JSONValue? { output["transcript"] }
    var turns: [JSONValue] { transcript?["turns"]?.arrayValue ?? [] }
}
