import Testing
@testable import ProbeEngine

/// A reply that echoes a key keeps it out of the output (SPEC: no key in output; DECISIONS D5):
/// the turn's text, the whole output and the history sent on the next turn (issue 17: the
/// transcript's redaction removed went unnoticed but by parity).
@Suite struct TranscriptRedactionTests {
    @Test func anEchoedKeyIsRedactedInTheTurnTheOutputAndTheNextRequest() async throws {
        let echo = "You sent \(Probe.key) and \(Probe.environment["MISTRAL_API_KEY"] ?? "")."
        let input = Probe.input(followups: [Followup(prompt: "Why?")])
        let (output, transport) = await Probe.run(input, [Wire.openAI(echo), Wire.openAI("Because.")])
        let turn = try #require(output.transcript?.turns.first)
        #expect(turn.targetResponse == "You sent [REDACTED] and [REDACTED].")
        #expect(!String(decoding: output.jsonLine, as: UTF8.self).contains(Probe.key))
        let second = try #require(transport.sent.last?.body)
        #expect(!JSONWriter.string(second).contains(Probe.key))
        #expect(JSONWriter.string(second).contains("You sent [REDACTED] and [REDACTED]."))
    }
}
