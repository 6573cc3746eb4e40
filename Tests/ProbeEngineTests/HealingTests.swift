import Testing
import ProbeTransport
@testable import ProbeEngine

/// DECISIONS D4: requests that heal, through `ProbeEngine.run` and `batch`.
@Suite struct HealingTests {
    static let topP = "Unsupported parameter: 'top_p' is not supported with this model."
    static let refusal = Wire.response(400, #"{"error":{"message":"\#(topP)","type":"invalid_request_error","param":"top_p","code":"unsupported_parameter"}}"#)
    static let input = Probe.input(modelConfig: ["topP": .double(0.9)])

    private func parameters(_ output: ProbeOutput, turn: Int = 0) -> JSONValue? {
        output.transcript?.turns[turn].providerMetadata["parameters"]
    }

    @Test func theSameTurnIsSentOnceMoreWithoutTheRefusedParameter() async {
        let (output, transport) = await Probe.run(Self.input, [Self.refusal, Wire.openAI("Yes.")])
        #expect(output.isSuccess)
        #expect(transport.sent.count == 2)
        #expect(transport.sent[0].body?["top_p"] != nil)
        #expect(transport.sent[1].body?["top_p"] == nil)
        // Never the model, the messages or the token limit.
        for field in ["model", "messages", "max_tokens", "temperature"] {
            #expect(transport.sent[0].body?[field] == transport.sent[1].body?[field])
        }
        #expect(parameters(output)?["dropped"] == .array([.object(["name": .string("topP"), "reason": .string(Self.topP)])]))
        #expect(parameters(output)?["sent"]?["topP"] == nil)
    }

    @Test func theDropIsLoggedAtWarnWithTheProvidersWords() async {
        let logs = LogCapture()
        let engine = ProbeEngine(environment: Probe.environment.merging(["PROBE_LOG_LEVEL": "warning"]) { $1 },
                                 transport: ScriptedTransport([Self.refusal, Wire.openAI("Yes.")]), logger: logs.logger)
        #expect(await engine.run(Self.input).isSuccess)
        let line = logs.text.split(separator: "\n").first { $0.contains("parameter refused") }
        #expect(line?.contains(#""level":"warn""#) == true)
        #expect(line?.contains("is not supported with this model") == true)
    }

    @Test func aParameterIsHealedOncePerTurn() async {
        let (output, transport) = await Probe.run(Self.input, [Self.refusal, Self.refusal, Wire.openAI("never")])
        #expect(transport.sent.count == 2)
        #expect(output.error?.code == .validationError)
        #expect(output.error?.message == "openai returned HTTP 400: the provider rejected the request")
    }

    @Test func aRefusalOfWhatIsNotSentFailsAsBefore() async {
        let (output, transport) = await Probe.run(Probe.input(), [Self.refusal, Wire.openAI("never")])
        #expect(transport.sent.count == 1)
        #expect(output.error?.code == .validationError)
    }

    @Test func theEngineRemembersForItsLifeAndOtherEnginesLearnOnTheirOwn() async {
        let transport = ScriptedTransport([Self.refusal, Wire.openAI("one"), Wire.openAI("two"), Self.refusal, Wire.openAI("three")])
        let engine = Probe.engine(transport)
        #expect(await engine.run(Self.input).isSuccess)
        let second = await engine.run(Self.input)
        #expect(second.isSuccess)
        #expect(transport.sent.count == 3)
        #expect(transport.sent[2].body?["top_p"] == nil)
        #expect(parameters(second)?["dropped"]?.arrayValue?.first?["reason"] == .string(Self.topP))
        // Another engine learns on its own.
        let other = Probe.engine(transport)
        #expect(await other.run(Self.input).isSuccess)
        #expect(transport.sent.count == 5)
        #expect(transport.sent[3].body?["top_p"] != nil)
    }

    @Test func theDropHoldsForTheLaterTurns() async {
        let input = Probe.input(followups: [Followup(prompt: "Why?")], modelConfig: ["topP": .double(0.9)])
        let (output, transport) = await Probe.run(input, [Self.refusal, Wire.openAI("one"), Wire.openAI("two")])
        #expect(output.transcript?.turns.count == 2)
        #expect(transport.sent.count == 3)
        #expect(transport.sent[2].body?["top_p"] == nil)
        #expect(parameters(output, turn: 1)?["dropped"]?.arrayValue?.count == 1)
    }

    @Test func learnedDropsAreSharedSafelyByConcurrentProbes() async {
        let learned = LearnedDrops()
        await withTaskGroup(of: Void.self) { group in
            for index in 0..<200 {
                group.addTask {
                    learned.learn(provider: .openai, model: "gpt-4o", ParameterRejection(name: index % 2 == 0 ? "topP" : "seed", reason: "r\(index)"))
                    _ = learned.drops(provider: .openai, model: "gpt-4o")
                }
            }
        }
        #expect(Set(learned.drops(provider: .openai, model: "gpt-4o").map(\.name)) == ["topP", "seed"])
        #expect(learned.drops(provider: .openai, model: "gpt-4.1").isEmpty)
    }

    @Test func aBatchPaysForTheRefusalOnlyOnTheRequestsAlreadyInFlight() async {
        // Concurrency 1: the first probe learns, every later one sends no top_p.
        let transport = CountingTransport(hold: .milliseconds(1)) { provider, number in
            number == 0 ? Self.refusal : CountingTransport.success(provider)
        }
        let engine = ProbeEngine(environment: Probe.environment, transport: transport, logger: LogCapture().logger)
        let lines = (0..<20).map { index in
            Array(#"{"runId":"r","scenarioId":"s\#(index)","modelId":"gpt-4o","scenario":{"preamble":"","prompt":"p","followups":[]},"config":{"temperature":0.7,"maxTokens":64,"maxTurns":1},"modelConfig":{"topP":0.9}}"#.utf8)
        }
        let results = await BatchFixture.collect(engine.batch(BatchFixture.inputs(lines), options: BatchOptions(concurrency: 1)))
        #expect(results.count == 20)
        #expect(results.allSatisfy { $0.output.isSuccess })
        #expect(transport.snapshot.arrivals.count == 21)
    }
}
