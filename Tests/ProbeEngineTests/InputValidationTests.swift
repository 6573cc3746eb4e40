import Testing
@testable import ProbeEngine

@Suite struct InputValidationTests {
    private static let valid = #"{"runId":"r","scenarioId":"s","modelId":"gpt-4o","scenario":{"prompt":"p"},"config":{}}"#

    private func message(_ text: String) -> String? {
        message(Array(text.utf8))
    }

    private func message(_ bytes: [UInt8]) -> String? {
        do {
            _ = try InputDecoder.decode(bytes)
            return nil
        } catch {
            #expect(error.code == .validationError)
            #expect(error.retryable == false)
            return error.message
        }
    }

    /// `valid` with one top-level member replaced (or removed with nil).
    private func with(_ key: String, _ raw: String?) -> String {
        var pairs: [(String, String)] = [("runId", #""r""#), ("scenarioId", #""s""#), ("modelId", #""gpt-4o""#),
                                         ("scenario", #"{"prompt":"p"}"#), ("config", "{}")]
        if let index = pairs.firstIndex(where: { $0.0 == key }) {
            if let raw { pairs[index].1 = raw } else { pairs.remove(at: index) }
        } else if let raw {
            pairs.append((key, raw))
        }
        return "{" + pairs.map { "\"\($0.0)\":\($0.1)" }.joined(separator: ",") + "}"
    }

    @Test func validInputDecodesWithDefaults() throws {
        let input = try InputDecoder.decode(Array(Self.valid.utf8))
        #expect(input.config.temperature.double == 0.7)
        #expect(input.config.maxTokens == 1024)
        #expect(input.config.maxTurns == 10)
        #expect(input.scenario.preamble == "")
        #expect(input.scenario.followups.isEmpty)
    }

    @Test func documentLevelFailuresInSpecOrder() {
        #expect(message([UInt8](repeating: 0x20, count: 10 * 1024 * 1024 + 1)) == "input is larger than 10 MiB")
        #expect(message("") == "no input provided")
        #expect(message(" \n\t\u{3000}") == "no input provided")
        #expect(message([0xEF, 0xBB, 0xBF]) == "no input provided")
        #expect(message([0xEF, 0xBB, 0xBF] + Array(Self.valid.utf8)) == nil)
        #expect(message([0xEF, 0xBB, 0xBF, 0xEF, 0xBB, 0xBF] + Array(Self.valid.utf8)) == "input is not valid JSON")
        #expect(message("{") == "input is not valid JSON")
        #expect(message([0x7B, 0xFF, 0x7D]) == "input is not valid JSON")
        #expect(message(#"{"a": NaN}"#) == "input is not valid JSON")
        #expect(message("[1]") == "input must be a JSON object")
        #expect(message("\"x\"") == "input must be a JSON object")
    }

    @Test func invalidJSONCarriesTheParserReasonInDetails() throws {
        do {
            _ = try InputDecoder.decode(Array(#"{"a": 1e400}"#.utf8))
            Issue.record("accepted")
        } catch {
            #expect(error.details?.isEmpty == false)
        }
    }

    @Test(arguments: [
        ("runId", nil, "runId is required"),
        ("runId", "null", "runId is required"),
        ("runId", "5", "runId must be a string"),
        ("runId", #"" \t ""#, "runId must not be empty"),
        ("scenarioId", "true", "scenarioId must be a string"),
        ("modelId", #""""#, "modelId must not be empty"),
        ("modelVersion", "3", "modelVersion must be a string"),
        ("scenario", nil, "scenario is required"),
        ("scenario", "[]", "scenario must be an object"),
        ("scenario", #"{"preamble":1,"prompt":"p"}"#, "scenario.preamble must be a string"),
        ("scenario", #"{}"#, "scenario.prompt is required"),
        ("scenario", #"{"prompt":" "}"#, "scenario.prompt must not be empty"),
        ("scenario", #"{"prompt":"p","followups":{}}"#, "scenario.followups must be an array"),
        ("scenario", #"{"prompt":"p","followups":[{"prompt":"a"},{"prompt":"b"},{}]}"#, "scenario.followups[2].prompt is required"),
        ("scenario", #"{"prompt":"p","followups":[null]}"#, "scenario.followups[0] must be an object"),
        ("scenario", #"{"prompt":"p","followups":[{"prompt":7}]}"#, "scenario.followups[0].prompt must be a string"),
        ("scenario", #"{"prompt":"p","followups":[{"prompt":"a","label":3}]}"#, "scenario.followups[0].label must be a string"),
        ("config", nil, "config is required"),
        ("config", "1", "config must be an object"),
        ("config", #"{"temperature":"0.5"}"#, "config.temperature must be a number between 0 and 2"),
        ("config", #"{"temperature":2.01}"#, "config.temperature must be a number between 0 and 2"),
        ("config", #"{"temperature":true}"#, "config.temperature must be a number between 0 and 2"),
        ("config", #"{"maxTokens":0}"#, "config.maxTokens must be an integer >= 1"),
        ("config", #"{"maxTokens":1024.0}"#, "config.maxTokens must be an integer >= 1"),
        ("config", #"{"maxTokens":1e3}"#, "config.maxTokens must be an integer >= 1"),
        ("config", #"{"maxTokens":2147483648}"#, "config.maxTokens must be an integer >= 1"),
        ("config", #"{"maxTurns":"3"}"#, "config.maxTurns must be an integer >= 1"),
        ("config", #"{"temperature":5,"maxTokens":0}"#, "config.temperature must be a number between 0 and 2"),
        ("modelCost", "[]", "modelCost must be an object"),
        ("modelCost", #"{"costOutputPerMillion":1}"#, "modelCost.costInputPerMillion is required"),
        ("modelCost", #"{"costInputPerMillion":-1,"costOutputPerMillion":1}"#, "modelCost.costInputPerMillion must be a number >= 0"),
        ("modelCost", #"{"costInputPerMillion":1,"costOutputPerMillion":"2"}"#, "modelCost.costOutputPerMillion must be a number >= 0"),
        ("modelCost", #"{"costInputPerMillion":1,"costOutputPerMillion":2,"costCachedInputPerMillion":-0.1}"#,
         "modelCost.costCachedInputPerMillion must be a number >= 0"),
        ("modelCost", #"{"costInputPerMillion":1,"costOutputPerMillion":2,"costCachedInputPerMillion":"0.1"}"#,
         "modelCost.costCachedInputPerMillion must be a number >= 0"),
        ("modelConfig", "\"x\"", "modelConfig must be an object"),
    ] as [(String, String?, String)])
    func fieldRulesUseSpecMessages(key: String, raw: String?, expected: String) {
        #expect(message(with(key, raw)) == expected)
    }

    @Test func fieldsAreCheckedInTableOrder() {
        #expect(message(#"{"config":1,"scenario":1,"modelId":1}"#) == "runId is required")
        #expect(message(#"{"runId":"r","scenarioId":"s","modelId":"m","config":1}"#) == "scenario is required")
    }

    @Test func nullCountsAsAbsentForOptionalFields() throws {
        let input = try InputDecoder.decode(Array(with("modelVersion", "null").utf8))
        #expect(input.modelVersion == nil)
        let blank = try InputDecoder.decode(Array(with("modelVersion", #"" ""#).utf8))
        #expect(blank.modelVersion == nil)
        _ = try InputDecoder.decode(Array(with("modelCost", "null").utf8))
    }

    @Test func cachedInputPriceIsOptionalAndSurvivesTheRoundTrip() throws {
        let priced = try InputDecoder.decode(Array(with("modelCost", #"{"costInputPerMillion":3,"costOutputPerMillion":15,"costCachedInputPerMillion":0.3}"#).utf8))
        #expect(priced.modelCost?.costCachedInputPerMillion == 0.3)
        #expect(priced.json["modelCost"]?["costCachedInputPerMillion"] == .double(0.3))
        let unpriced = try InputDecoder.decode(Array(with("modelCost", #"{"costInputPerMillion":3,"costOutputPerMillion":15,"costCachedInputPerMillion":null}"#).utf8))
        #expect(unpriced.modelCost?.costCachedInputPerMillion == nil)
        #expect(unpriced.json["modelCost"]?["costCachedInputPerMillion"] == nil)
    }

    @Test func unknownFieldsAreIgnoredAndDuplicateKeysLastWins() throws {
        let input = try InputDecoder.decode(Array(#"{"runId":1,"runId":"r2","scenarioId":"s","modelId":"m","scenario":{"prompt":"p"},"config":{},"extra":[1]}"#.utf8))
        #expect(input.runId == "r2")
    }

    @Test func anthropicRejectsTemperatureAboveOneBeforeAnyRequest() async {
        let input = ProbeInput(runId: "r", scenarioId: "s", modelId: "claude-3-5-sonnet",
                               scenario: Scenario(prompt: "p"), config: ProbeConfig(temperature: 1.5))
        let (output, transport) = await Probe.run(input, [])
        #expect(output.error?.message == "config.temperature must be between 0 and 1 for anthropic")
        #expect(output.error?.code == .validationError)
        #expect(transport.sent.isEmpty)
    }

    @Test func unsupportedProviderComesBeforeMissingKey() async {
        let transport = ScriptedTransport([])
        let output = await ProbeEngine(environment: [:], transport: transport, logger: LogCapture().logger).run(Probe.input(modelId: "llama-3"))
        #expect(output.error?.code == .unsupportedProvider)
        let missing = await ProbeEngine(environment: [:], transport: transport, logger: LogCapture().logger).run(Probe.input(modelId: "gemini-2.0-flash"))
        #expect(missing.error == ProbeError(code: .missingAPIKey, message: "GOOGLE_API_KEY is not set"))
        #expect(transport.sent.isEmpty)
    }

    @Test func geminiKeyVariableIsTheFallback() async {
        let transport = ScriptedTransport([Wire.response(401, "{}")])
        let output = await ProbeEngine(environment: ["GEMINI_API_KEY": "gem-test-FAKE", "PROBE_LOG_LEVEL": "error"], transport: transport, logger: LogCapture().logger)
            .run(Probe.input(modelId: "gemini-2.0-flash"))
        #expect(output.error?.message == "google returned HTTP 401: check GEMINI_API_KEY")
        #expect(transport.sent.first?.request.headers.contains(HTTPHeaderMatch("x-goog-api-key", "gem-test-FAKE")) == true)
        #expect(transport.sent.first?.request.url.contains("gem-test-FAKE") == false)
    }
}
