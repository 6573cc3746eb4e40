@testable import ProbeEngine
@testable import ProbeStore
import Testing

/// SPEC §11 against a real PostgreSQL: the rows a result makes and the replacement rules.
@Suite struct StoreRulesTests {
    @Test func successWritesTranscriptResultAndProgress() async throws {
        let database = try TestDatabase.make()
        let store = try database.store()
        let outcome = await store.write(Outputs.success("run-1", "trolley", "gpt-4o", retries: 2))
        #expect(outcome == .inserted)
        await store.close()

        let result = try #require(try database.query("""
            SELECT status, transcript_id IS NOT NULL, duration_ms, input_tokens, output_tokens, error_code, error_message,
                   retry_count, completed_at = '2026-11-25T16:38:36.004Z'::timestamptz, partial_content IS NULL
            FROM probe_results WHERE run_id = 'run-1' AND scenario_id = 'trolley' AND model_id = 'gpt-4o'
            """).first)
        #expect(result == ["SUCCESS", "t", "1881", "60", "30", nil, nil, "2", "t", "t"])
        let transcript = try #require(try database.query("""
            SELECT t.model_version, t.turn_count, t.token_count, t.duration_ms, t.estimated_cost,
                   t.definition_snapshot::text, t.content::text, t.id = r.transcript_id
            FROM transcripts t JOIN probe_results r USING (run_id, scenario_id, model_id)
            """).first)
        #expect(transcript[0] == "gpt-4o-2024-08-06")
        #expect(transcript[1] == "3")
        #expect(transcript[2] == "90")
        #expect(transcript[3] == "1881")
        #expect(transcript[4].flatMap(Double.init) == (60 / 1e6) * 2.5 + (30 / 1e6) * 10)
        #expect(try JSONParser.parse(try #require(transcript[5])) == .object(["version": .int(3)]))
        let content = try JSONParser.parse(try #require(transcript[6]))
        let expected = Outputs.transcript()
        #expect(content["schemaVersion"] == .int(1))
        #expect(content["turns"] == .array(expected.turns.map(\.json)))
        #expect(content["costSnapshot"] == expected.costSnapshot?.json)
        #expect(content.objectValue?.count == 3)
        #expect(transcript[7] == "t")
        #expect(try database.progress("run-1") == ["total": .int(0), "completed": .int(1), "failed": .int(0)])
    }

    @Test func failureWritesResultWithPartialAndCountsFailed() async throws {
        let database = try TestDatabase.make()
        let store = try database.store()
        #expect(await store.write(Outputs.failure("run-1", "s", "m", partialTurns: 1)) == .inserted)
        #expect(await store.write(Outputs.failure("run-1", "s2", "m")) == .inserted)
        await store.close()
        let rows = try database.query("""
            SELECT scenario_id, status, transcript_id, error_code, error_message, retry_count, duration_ms,
                   input_tokens, partial_content -> 'turns' -> 0 ->> 'targetResponse', completed_at IS NOT NULL
            FROM probe_results ORDER BY scenario_id
            """)
        let message = "openai returned HTTP 429: rate limited, retry later"
        #expect(rows == [
            ["s", "FAILED", nil, "RATE_LIMIT", message, "4", "1881", "10", "Yes, I would.", "t"],
            ["s2", "FAILED", nil, "RATE_LIMIT", message, "4", nil, "0", nil, "t"],
        ])
        #expect(try database.count("transcripts") == 0)
        #expect(try database.progress("run-1") == ["total": .int(0), "completed": .int(0), "failed": .int(2)])
    }

    @Test func successReplacesFailureAndNothingElseReplacesAnything() async throws {
        let database = try TestDatabase.make()
        let store = try database.store()
        #expect(await store.write(Outputs.failure("r", "s", "m", partialTurns: 2)) == .inserted)
        #expect(await store.write(Outputs.failure("r", "s", "m")) == .unchanged)
        #expect(try database.progress("r")?["failed"] == .int(1))
        #expect(await store.write(Outputs.success("r", "s", "m", retries: 1)) == .replaced)
        #expect(try database.progress("r") == ["total": .int(0), "completed": .int(1), "failed": .int(0)])
        let replaced = try database.query(
            "SELECT status, error_code, error_message, partial_content, retry_count, transcript_id IS NOT NULL FROM probe_results")
        #expect(replaced == [["SUCCESS", nil, nil, nil, "1", "t"]])
        let transcriptId = try database.value("SELECT id FROM transcripts")

        #expect(await store.write(Outputs.failure("r", "s", "m")) == .unchanged)
        #expect(await store.write(Outputs.success("r", "s", "m")) == .unchanged)
        await store.close()
        #expect(try database.count("transcripts") == 1)
        #expect(try database.count("probe_results") == 1)
        #expect(try database.value("SELECT id FROM transcripts") == transcriptId)
        #expect(try database.value("SELECT status FROM probe_results") == "SUCCESS")
        #expect(try database.progress("r") == ["total": .int(0), "completed": .int(1), "failed": .int(0)])
    }

    @Test func anExistingRunKeepsItsProgressFields() async throws {
        let database = try TestDatabase.make()
        _ = try database.query("""
            INSERT INTO runs (id, progress) VALUES ('planned', '{"total": 40, "completed": 3, "failed": 1, "note": "x"}')
            """)
        let store = try database.store()
        #expect(await store.write(Outputs.success("planned", "s", "m")) == .inserted)
        await store.close()
        #expect(try database.progress("planned") == [
            "total": .int(40), "completed": .int(4), "failed": .int(1), "note": .string("x"),
        ])
    }

    @Test func cancelledAndIdlessResultsAreNotWritten() async throws {
        let database = try TestDatabase.make()
        let store = try database.store()
        let input = ProbeInput(runId: "r", scenarioId: "s", modelId: "m", scenario: Scenario(prompt: "p"), config: ProbeConfig())
        let cancelled = ProbeRecord(input: input, output: .failure(ProbeRunner.cancelled, partial: Outputs.transcript(turns: 1)),
                                    retryCount: 0)
        #expect(await store.write(cancelled) == .skipped(.cancelled))
        let invalid = ProbeRecord(input: nil, output: .failure(ProbeError(code: .validationError, message: "scenario is required"),
                                                              partial: nil), retryCount: 0)
        #expect(await store.write(invalid) == .skipped(.missingIds))
        let blank = BatchIdentity(runId: "r", scenarioId: " \t", modelId: "m")
        #expect(await store.write(invalid, identity: blank) == .skipped(.missingIds))
        // A bad job that names its ids is a failed probe of its run.
        let named = BatchIdentity(runId: "r", scenarioId: "s", modelId: "m")
        #expect(await store.write(invalid, identity: named) == .inserted)
        await store.close()
        #expect(try database.query("SELECT status, error_code, error_message FROM probe_results")
                == [["FAILED", "VALIDATION_ERROR", "scenario is required"]])
        #expect(store.statistics.skipped == 3)
        #expect(store.statistics.inserted == 1)
    }

    @Test func migrateIsIdempotentAndSafeToRunTwiceAtOnce() async throws {
        let database = try TestDatabase.make(migrated: false)
        let store = try database.store()
        #expect(store.readiness() == .notMigrated(version: 0, needed: ProbeStore.schemaVersion))
        async let first = Task.detached { try store.migrate() }.value
        async let second = Task.detached { try store.migrate() }.value
        let applied = try await [first, second]
        #expect(applied.sorted { $0.count < $1.count } == [[], Array(1...ProbeStore.schemaVersion)])
        #expect(try store.migrate() == [])
        #expect(store.readiness() == .ready)
        #expect(try database.value("SELECT count(*) FROM probe_schema_migrations") == String(ProbeStore.schemaVersion))
    }
}
