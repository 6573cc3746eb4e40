import Testing
@testable import ProbeEngine

/// The reply cap's edges (SPEC §3.5): a cut keeps exactly 102,400 bytes when a code point ends
/// there, and a reply one byte over is cut (issue 17: `>` for `>=` in the cut went unnoticed).
@Suite struct TruncationEdgeTests {
    @Test func aCutKeepsEveryByteUpToTheLimit() async throws {
        let (output, _) = await Probe.run(Probe.input(), [Wire.openAI(String(repeating: "a", count: 102_400) + "b")])
        let turn = try #require(output.transcript?.turns.first)
        #expect(turn.targetResponse.utf8.count == 102_400)
        #expect(turn.targetResponse.hasSuffix("a"))
        #expect(turn.providerMetadata["truncated"] == .bool(true))
        #expect(turn.providerMetadata["originalBytes"] == .int(102_401))
    }

    @Test func truncateStopsAtTheLastWholeCodePoint() {
        #expect(ProbeRunner.truncate("abc", toBytes: 3) == "abc")
        #expect(ProbeRunner.truncate("ab€", toBytes: 5) == "ab€")
        #expect(ProbeRunner.truncate("ab€", toBytes: 4) == "ab")
        #expect(ProbeRunner.truncate("🚋🚋", toBytes: 7) == "🚋")
    }
}
