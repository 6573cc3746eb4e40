import ProbeEngine
import ProbeTransport
import Testing

/// modelConfig's penalties take −2…2, ends included (SPEC §1, DECISIONS D14): a value inside
/// is sent, one outside is left out with a warning naming the range (issue 17: the range
/// narrowed to 0…2 was caught by parity only).
@Suite struct PenaltyRangeTests {
    static func run(_ modelConfig: JSONObject) async -> (body: JSONValue?, logs: String, output: ProbeOutput) {
        let capture = LogCapture()
        let transport = ScriptedTransport([Wire.openAI("ok")])
        let engine = ProbeEngine(environment: Probe.environment.merging(["PROBE_LOG_LEVEL": "warning"]) { $1 },
                                 transport: transport, logger: capture.logger)
        let output = await engine.run(Probe.input(modelConfig: modelConfig))
        return (transport.sent.first?.body, capture.text, output)
    }

    @Test(arguments: [-2.0, -1.5, -0.25, 0, 2])
    func aPenaltyInsideTheRangeIsSent(_ value: Double) async {
        let result = await Self.run(["frequencyPenalty": .double(value), "presencePenalty": .double(value)])
        #expect(result.output.isSuccess)
        #expect(result.body?["frequency_penalty"]?.numberValue?.double == value)
        #expect(result.body?["presence_penalty"]?.numberValue?.double == value)
        #expect(!result.logs.contains("ignored"), "\(result.logs)")
    }

    @Test(arguments: [-2.5, -2.0001, 2.0001, 3])
    func aPenaltyOutsideTheRangeIsLeftOutWithAWarning(_ value: Double) async {
        let result = await Self.run(["frequencyPenalty": .double(value), "presencePenalty": .double(-1)])
        #expect(result.output.isSuccess)
        #expect(result.body?["frequency_penalty"] == nil)
        #expect(result.body?["presence_penalty"]?.numberValue?.double == -1)
        #expect(result.logs.contains("modelConfig.frequencyPenalty ignored: must be a number between -2 and 2"), "\(result.logs)")
    }
}
