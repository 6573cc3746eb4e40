import ProbeEngine
import ProbeTestSupport
import Testing

/// One hand-written bad input and the failure SPEC §1 (and DECISIONS D1) prescribes.
struct InvalidInputCase: Sendable, CustomTestStringConvertible {
    var name: String
    var input: [UInt8]
    var code = "VALIDATION_ERROR"
    var message: String
    /// Whether the environment has API keys for every provider.
    var withKeys = true

    var testDescription: String { name }

    init(_ name: String, _ text: String, _ message: String, code: String = "VALIDATION_ERROR", withKeys: Bool = true) {
        self.init(name, bytes: Array(text.utf8), message, code: code, withKeys: withKeys)
    }

    init(_ name: String, bytes: [UInt8], _ message: String, code: String = "VALIDATION_ERROR", withKeys: Bool = true) {
        self.name = name
        self.input = bytes
        self.message = message
        self.code = code
        self.withKeys = withKeys
    }

    /// A valid openai input with the given parts.
    static func valid(model: String = "gpt-4o", scenario: String = #"{"prompt":"p"}"#, config: String = "{}",
                      extra: String = "") -> String {
        #"{"runId":"r","scenarioId":"s","modelId":"\#(model)","scenario":\#(scenario),"config":\#(config)\#(extra)}"#
    }
}

@Suite("Hand-written invalid inputs get SPEC's exact messages and call nobody", .serialized)
struct InvalidInputMessageTests {
    static func v(model: String = "gpt-4o", scenario: String = #"{"prompt":"p"}"#, config: String = "{}",
                  extra: String = "") -> String {
        InvalidInputCase.valid(model: model, scenario: scenario, config: config, extra: extra)
    }

    static let cases: [InvalidInputCase] = [
        .init("empty stdin", "", "no input provided"),
        .init("whitespace only", " \n\t\r ", "no input provided"),
        .init("Unicode whitespace only", "\u{3000}\u{A0}\u{2028}", "no input provided"),
        .init("a BOM alone", bytes: [0xEF, 0xBB, 0xBF], "no input provided"),
        .init("over 10 MiB", bytes: Array(v(extra: #","pad":""#).utf8.dropLast(2)) + [UInt8](repeating: 0x61, count: 10 << 20) + Array("\"}".utf8),
              "input is larger than 10 MiB"),
        .init("two BOMs before a valid input (only one leading BOM is ignored)",
              bytes: [0xEF, 0xBB, 0xBF, 0xEF, 0xBB, 0xBF] + Array(v().utf8), "input is not valid JSON"),
        .init("truncated JSON", #"{"runId":"r""#, "input is not valid JSON"),
        .init("NaN", #"{"runId":NaN}"#, "input is not valid JSON"),
        .init("a lone surrogate", #"{"runId":"\ud800"}"#, "input is not valid JSON"),
        .init("1e400 in definitionSnapshot", v(extra: #","definitionSnapshot":[1e400]"#), "input is not valid JSON"),
        .init("nesting 65 deep", v(extra: #","definitionSnapshot":"# + String(repeating: "[", count: 64) + String(repeating: "]", count: 64)),
              "input is not valid JSON"),
        .init("invalid UTF-8", bytes: Array(#"{"runId":""#.utf8) + [0xC3, 0x28] + Array(#""}"#.utf8), "input is not valid JSON"),
        .init("a top-level array", "[1]", "input must be a JSON object"),
        .init("a top-level string", #""run""#, "input must be a JSON object"),
        .init("an empty object", "{}", "runId is required"),
        .init("runId null", #"{"runId":null}"#, "runId is required"),
        .init("runId a number", #"{"runId":5}"#, "runId must be a string"),
        .init("runId blank", #"{"runId":" \u3000 "}"#, "runId must not be empty"),
        .init("duplicate runId, last one wrong", #"{"runId":"r","runId":true}"#, "runId must be a string"),
        .init("scenarioId missing", #"{"runId":"r","modelId":"gpt-4o"}"#, "scenarioId is required"),
        .init("modelId empty", #"{"runId":"r","scenarioId":"s","modelId":""}"#, "modelId must not be empty"),
        .init("modelVersion a number", v(extra: #","modelVersion":3"#), "modelVersion must be a string"),
        .init("scenario missing", #"{"runId":"r","scenarioId":"s","modelId":"gpt-4o","config":{}}"#, "scenario is required"),
        .init("scenario an array", v(scenario: "[]"), "scenario must be an object"),
        .init("preamble a number", v(scenario: #"{"preamble":1,"prompt":"p"}"#), "scenario.preamble must be a string"),
        .init("prompt missing", v(scenario: #"{"preamble":"x"}"#), "scenario.prompt is required"),
        .init("prompt blank", v(scenario: #"{"prompt":"\n "}"#), "scenario.prompt must not be empty"),
        .init("followups an object", v(scenario: #"{"prompt":"p","followups":{}}"#), "scenario.followups must be an array"),
        .init("a followup not an object", v(scenario: #"{"prompt":"p","followups":[{"prompt":"a"},null]}"#),
              "scenario.followups[1] must be an object"),
        .init("the third followup without a prompt, past maxTurns",
              v(scenario: #"{"prompt":"p","followups":[{"prompt":"a"},{"prompt":"b"},{"label":"c"}]}"#, config: #"{"maxTurns":1}"#),
              "scenario.followups[2].prompt is required"),
        .init("a followup label a number", v(scenario: #"{"prompt":"p","followups":[{"prompt":"a","label":7}]}"#),
              "scenario.followups[0].label must be a string"),
        .init("config missing", #"{"runId":"r","scenarioId":"s","modelId":"gpt-4o","scenario":{"prompt":"p"}}"#, "config is required"),
        .init("config a string", v(config: #""x""#), "config must be an object"),
        .init("temperature above 2", v(config: #"{"temperature":2.5}"#), "config.temperature must be a number between 0 and 2"),
        .init("temperature a bool", v(config: #"{"temperature":true}"#), "config.temperature must be a number between 0 and 2"),
        .init("maxTokens 0", v(config: #"{"maxTokens":0}"#), "config.maxTokens must be an integer >= 1"),
        .init("maxTokens 1.0", v(config: #"{"maxTokens":1.0}"#), "config.maxTokens must be an integer >= 1"),
        .init("maxTokens 1e3", v(config: #"{"maxTokens":1e3}"#), "config.maxTokens must be an integer >= 1"),
        .init("maxTokens 2147483648", v(config: #"{"maxTokens":2147483648}"#), "config.maxTokens must be an integer >= 1"),
        .init("maxTokens a string", v(config: #"{"maxTokens":"5"}"#), "config.maxTokens must be an integer >= 1"),
        .init("maxTurns -1", v(config: #"{"maxTurns":-1}"#), "config.maxTurns must be an integer >= 1"),
        .init("modelCost a number", v(extra: #","modelCost":5"#), "modelCost must be an object"),
        .init("modelCost without its input price", v(extra: #","modelCost":{"costOutputPerMillion":1}"#),
              "modelCost.costInputPerMillion is required"),
        .init("modelCost negative", v(extra: #","modelCost":{"costInputPerMillion":1,"costOutputPerMillion":-0.5}"#),
              "modelCost.costOutputPerMillion must be a number >= 0"),
        .init("modelConfig an array", v(extra: #","modelConfig":[]"#), "modelConfig must be an object"),
        .init("anthropic temperature 1.5", v(model: "claude-sonnet-4-20250514", config: #"{"temperature":1.5}"#),
              "config.temperature must be between 0 and 1 for anthropic"),
        .init("an unknown model", v(model: "llama-3-70b"),
              "cannot tell the provider of model 'llama-3-70b': use a known model name or a prefix such as 'openai:'",
              code: "UNSUPPORTED_PROVIDER"),
        .init("a modelId with a leading space", v(model: " gpt-4o"),
              "cannot tell the provider of model ' gpt-4o': use a known model name or a prefix such as 'openai:'",
              code: "UNSUPPORTED_PROVIDER"),
        .init("no OpenAI key", v(), "OPENAI_API_KEY is not set", code: "MISSING_API_KEY", withKeys: false),
        .init("no Google key", v(model: "gemini-2.0-flash"), "GOOGLE_API_KEY is not set", code: "MISSING_API_KEY", withKeys: false),
        .init("no Anthropic key", v(model: "Anthropic:claude-3-haiku"), "ANTHROPIC_API_KEY is not set",
              code: "MISSING_API_KEY", withKeys: false),
    ]

    @Test("the binary prints the exact failure and makes no request", arguments: cases)
    func exactFailureWithoutRequest(_ testCase: InvalidInputCase) async throws {
        let server = try LoopbackServer(script: [], otherwise: .json(ProviderReplies.openAI(text: "must not be asked")))
        defer { server.stop() }
        let environment = TestEnvironment.all(origin: server.url(""), withKeys: testCase.withKeys)
        let run = try await Channel.binary.run(testCase.input, environment: environment)
        #expect(run.code == testCase.code, "\(run.output)")
        #expect(run.message == testCase.message, "\(run.output)")
        #expect(run.retryable == false)
        #expect(run.statusCode == nil)
        #expect(run.output["partialTranscript"] == nil)
        if testCase.message == Mutant.notJSON {
            #expect(run.details?.stringValue?.isEmpty == false, "the parser's reason goes in details")
        } else {
            #expect(run.details == .null)
        }
        #expect(server.requests.isEmpty, "a provider was called: \(server.requests.map(\.target))")
    }
}
