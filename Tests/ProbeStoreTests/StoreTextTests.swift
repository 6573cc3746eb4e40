@testable import ProbeEngine
@testable import ProbeStore
import Testing

/// Text reaches the database verbatim: SQL in every text field is data, and only U+0000,
/// which PostgreSQL cannot hold, is changed (to U+FFFD, with a warning).
@Suite struct StoreTextTests {
    static let attacks = [
        "x'); DROP TABLE transcripts; --",
        "' OR '1'='1",
        "$1 $$; DELETE FROM runs; $$",
        "\\'; TRUNCATE probe_results; --",
        "Robert\"); DROP TABLE runs;-- 😀 שלום 漢字 e\u{301}",
    ]

    @Test(arguments: attacks)
    func injectionInEveryTextFieldIsStoredVerbatim(_ attack: String) async throws {
        let database = try TestDatabase.make()
        let store = try database.store()
        var turn = Outputs.turn(1, prompt: attack, reply: attack)
        turn.promptLabel = attack
        turn.providerMetadata["finishReason"] = .string(attack)
        turn.providerMetadata["raw"] = .object([attack: .string(attack)])
        let transcript = Transcript(turns: [turn], modelVersion: attack, startedAt: "2026-11-25T16:38:34.123Z",
                                    completedAt: "2026-11-25T16:38:35.000Z", costSnapshot: nil)
        let success = StoreRecord(runId: attack, scenarioId: attack, modelId: attack,
                                  definitionSnapshot: .object([attack: .string(attack)]),
                                  output: ProbeOutput.success(transcript).json, retryCount: 0)
        let error = ProbeError(code: .validationError, message: attack, details: attack, statusCode: 400)
        let failure = StoreRecord(runId: attack, scenarioId: attack + "-failed", modelId: attack, definitionSnapshot: nil,
                                  output: ProbeOutput.failure(error, partial: transcript).json, retryCount: 0)
        #expect(await store.write(success) == .inserted)
        #expect(await store.write(failure) == .inserted)
        await store.close()

        for table in ["runs", "transcripts", "probe_results"] {
            #expect(try database.count(table) >= 1, "the injection must not have dropped or emptied \(table)")
        }
        #expect(try database.value("SELECT id FROM runs") == attack)
        let stored = try #require(try database.query("""
            SELECT run_id, scenario_id, model_id, model_version, content::text, definition_snapshot::text FROM transcripts
            """).first)
        #expect(Array(stored[0..<4]) == [attack, attack, attack, attack])
        let content = try JSONParser.parse(try #require(stored[4]))
        #expect(content["turns"] == .array([turn.json]))
        #expect(try JSONParser.parse(try #require(stored[5])) == .object([attack: .string(attack)]))
        let failed = try #require(try database.query("""
            SELECT scenario_id, error_message, partial_content -> 'turns' -> 0 ->> 'probePrompt'
            FROM probe_results WHERE status = 'FAILED'
            """).first)
        #expect(failed == [attack + "-failed", attack, attack])
    }

    @Test func nulIsStoredAsReplacementCharacterWithAWarning() async throws {
        let database = try TestDatabase.make()
        let logs = LogCapture()
        let store = try database.store(logs: logs)
        let text = "before\u{0}after"
        let turn = Outputs.turn(1, prompt: text, reply: text)
        let transcript = Transcript(turns: [turn], modelVersion: nil, startedAt: "2026-11-25T16:38:34.123Z",
                                    completedAt: "2026-11-25T16:38:35.000Z", costSnapshot: nil)
        let record = StoreRecord(runId: "r\u{0}", scenarioId: "s", modelId: "m", definitionSnapshot: .object([text: .string(text)]),
                                 output: ProbeOutput.success(transcript).json, retryCount: 0)
        #expect(await store.write(record) == .inserted)
        await store.close()
        let replaced = "before\u{FFFD}after"
        #expect(try database.value("SELECT run_id FROM transcripts") == "r\u{FFFD}")
        #expect(try database.value("SELECT content -> 'turns' -> 0 ->> 'targetResponse' FROM transcripts") == replaced)
        #expect(try database.value("SELECT definition_snapshot ->> $1 FROM transcripts", [replaced]) == replaced)
        #expect(logs.all.contains { $0.contains("U+0000") && $0.contains("\"level\":\"warn\"") })
    }
}
