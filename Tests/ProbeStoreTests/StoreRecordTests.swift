@testable import ProbeEngine
@testable import ProbeStore
import Testing

/// What a record becomes before any database is involved: parameters, timestamps, spool lines.
@Suite struct StoreRecordTests {
    @Test func timestampsParseToEpochMilliseconds() {
        #expect(Timestamp.epochMs("1970-01-01T00:00:00.000Z") == 0)
        #expect(Timestamp.epochMs("2026-11-25T16:38:36.004Z") == 1_795_624_716_004)
        #expect(Timestamp.epochMs("2026-11-25T17:38:36.004+01:00") == 1_795_624_716_004)
        #expect(Timestamp.epochMs("2000-02-29T00:00:00Z") == 951_782_400_000)
        for bad in ["", "2026-11-25", "2026-11-25T16:38:36", "2026-13-01T00:00:00Z", "2026-11-25T16:38:36.Z",
                    "2026-11-25T16:38:36.004Zjunk", "2026-11-25 16:38:36Z"] {
            #expect(Timestamp.epochMs(bad) == nil, "\(bad)")
        }
    }

    @Test func successParametersFollowSpec11() throws {
        let row = ResultRow(Outputs.success("r", "s", "m", retries: 3), resultId: "result-id", transcriptId: "transcript-id")
        let p = row.parameters
        #expect(p.count == 20)
        #expect(Array(p[0..<7]) == ["result-id", "transcript-id", "r", "s", "m", "SUCCESS", "gpt-4o-2024-08-06"])
        #expect(p[7] == "{\"version\":3}")
        let content = try JSONParser.parse(try #require(p[8]))
        #expect(content.objectValue?.keys == ["schemaVersion", "turns", "costSnapshot"])
        #expect(Array(p[9..<12]) == ["3", "90", "1881"])
        #expect(p[12].flatMap(Double.init) == Outputs.transcript().costSnapshot?.estimatedCost)
        #expect(Array(p[13..<20]) == ["60", "30", nil, nil, "3", "2026-11-25T16:38:36.004Z", nil])
        #expect(row.replacedNulls == 0)
    }

    @Test func failureParametersCarryTheErrorAndThePartialTurns() throws {
        let record = Outputs.failure("r", "s", "m", partialTurns: 2)
        let p = ResultRow(record, resultId: "a", transcriptId: "b").parameters
        #expect(p[5] == "FAILED")
        #expect(p[7] == nil)
        #expect(p[8] == nil)
        #expect(Array(p[13..<19]) == ["30", "15", "RATE_LIMIT", "openai returned HTTP 429: rate limited, retry later", "4",
                                      "2026-11-25T16:38:36.004Z"])
        let partial = try JSONParser.parse(try #require(p[19]))
        #expect(partial["turns"]?.arrayValue?.count == 2)
        let bare = ResultRow(Outputs.failure("r", "s", "m"), resultId: "a", transcriptId: "b").parameters
        #expect(bare[11] == nil)
        #expect(bare[18].flatMap(Timestamp.epochMs) != nil)
        #expect(bare[19] == nil)
    }

    @Test func spoolLinesRoundTrip() throws {
        for record in [Outputs.success("r", "s", "m", retries: 1), Outputs.failure("r\u{0}", "ś", "m", partialTurns: 1),
                       Outputs.success("r", "s", "m", snapshot: nil)] {
            let line = JSONWriter.bytes(record.json)
            #expect(StoreRecord(json: try JSONParser.parse(line)) == record)
        }
        #expect(StoreRecord(json: .object(["runId": .string("r")])) == nil)
        #expect(StoreRecord(json: .string("x")) == nil)
    }

    @Test func configurationFromFlagsAndEnvironment() {
        #expect(StoreConfiguration.resolve(url: nil, environment: [:]) == nil)
        #expect(StoreConfiguration.resolve(url: "", environment: ["DATABASE_URL": ""]) == nil)
        let environment = ["DATABASE_URL": "postgres://env/db", "PROBE_DB_SPOOL": "/tmp/s.jsonl",
                           "PROBE_DB_RETRY_MS": "250", "PROBE_DB_CONNECTIONS": "9"]
        #expect(StoreConfiguration.resolve(url: nil, environment: environment)
                == StoreConfiguration(url: "postgres://env/db", spoolPath: "/tmp/s.jsonl", retryBudgetMs: 250, connections: 9))
        #expect(StoreConfiguration.resolve(url: "postgres://flag/db", spool: "/tmp/flag.jsonl", environment: environment)
                == StoreConfiguration(url: "postgres://flag/db", spoolPath: "/tmp/flag.jsonl", retryBudgetMs: 250, connections: 9))
        let odd = StoreConfiguration.resolve(url: "u", environment: ["PROBE_DB_RETRY_MS": "-1", "PROBE_DB_CONNECTIONS": "x"])
        #expect(odd == StoreConfiguration(url: "u"))
    }

    @Test func identifiersAreVersion4UUIDs() {
        let ids = (0..<100).map { _ in Identifier.make() }
        #expect(Set(ids).count == 100)
        for id in ids {
            let parts = id.split(separator: "-").map(\.count)
            #expect(parts == [8, 4, 4, 4, 12])
            #expect(Array(id)[14] == "4")
            #expect("89ab".contains(Array(id)[19]))
        }
    }
}
