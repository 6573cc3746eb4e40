import ProbeEngine
import ProbeTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// SIGTERM/SIGINT during `probe run`: the probe is cancelled, its output is still printed
/// (CANCELLED, retryable, with the paid-for turns), and the exit status is 0 (DECISIONS D10).
@Suite("Signals during a run", .serialized)
struct SignalTests {
    static let input = Array(#"""
        {"runId":"run-sig","scenarioId":"trolley","modelId":"gpt-4o","scenario":{"prompt":"Pull it?","followups":[{"prompt":"Why?"}]},"config":{"maxTokens":64}}
        """#.utf8)

    @Test("a signal mid-probe prints CANCELLED with the completed turn and exits 0",
          arguments: [SIGTERM, SIGINT])
    func signalCancelsWithOutput(_ number: Int32) async throws {
        // Turn 1 answers at once; turn 2's reply never comes before the client hangs up. The
        // signal goes once turn 2's request arrived (an event, not a time).
        let server = try LoopbackServer(script: [
            .json(ProviderReplies.openAI(text: "Yes.")),
            .delayed(ms: 600_000, then: .json(ProviderReplies.openAI(text: "Because."))),
        ])
        defer { server.stop() }
        let environment = TestEnvironment.all(origin: server.url(""), withKeys: true)
        let path = try ProbeBinary.path.get()
        let result = await Subprocess.run(path, environment: environment, stdin: Self.input,
                                          signal: Subprocess.DelayedSignal(number: number) { server.requests.count == 2 })
        #expect(result.killedAfterTimeout == false, "\(result.summary)")
        #expect(result.exitStatus == 0, "\(result.summary)")
        let output = try Contract.singleLineObject(result)
        #expect(output["error"]?["code"] == .string("CANCELLED"), "\(result.summary)")
        #expect(output["error"]?["message"] == .string("probe cancelled"))
        #expect(output["error"]?["retryable"] == .bool(true))
        #expect(output["partialTranscript"]?["turns"]?.arrayValue?.count == 1)
        #expect(server.requests.count == 2)
    }
}
