import ProbeEngine
import ProbeMock
@testable import ProbeStore
import ProbeTestSupport
import Testing

/// `probe`, `probe batch` and `probe db` with a database, through the built binary.
@Suite struct DatabaseCommandTests {
    static func line(_ scenario: String, run: String = "cli-run", model: String = "gpt-4o") -> String {
        #"{"runId":"\#(run)","scenarioId":"\#(scenario)","modelId":"\#(model)","scenario":{"prompt":"Pull?","followups":[{"prompt":"Sure?"}]},"config":{"maxTokens":64},"definitionSnapshot":{"v":1}}"#
    }

    static func probe(_ arguments: [String], stdin: String, mock: ProviderMock? = nil,
                      extra: [String: String] = [:]) async throws -> ProcessResult {
        var environment = mock?.environment() ?? [:]
        environment["PATH"] = "/usr/bin:/bin"
        environment["PROBE_BACKOFF_SCALE"] = "0"
        environment.merge(extra) { $1 }
        return await Subprocess.run(try ProbeBinary.path.get(), arguments: arguments, environment: environment,
                                    stdin: Array(stdin.utf8))
    }

    static func json(_ text: String) -> [JSONValue] {
        text.split(separator: "\n").compactMap { try? JSONParser.parse(String($0)) }
    }

    @Test func migrateAppliesOnceAndReportsTheVersion() async throws {
        let database = try TestDatabase.make(migrated: false)
        let first = try await Self.probe(["db", "migrate", "--database-url", database.url], stdin: "")
        #expect(first.exitStatus == 0)
        let versions: [JSONValue] = (1...ProbeStore.schemaVersion).map { .int($0) }
        #expect(Self.json(first.stdoutText) == [.object(["success": .bool(true), "applied": .array(versions),
                                                         "version": .int(ProbeStore.schemaVersion)])])
        let second = try await Self.probe(["db", "migrate"], stdin: "", extra: ["DATABASE_URL": database.url])
        #expect(Self.json(second.stdoutText).first?["applied"] == .array([]))
        let missing = try await Self.probe(["db", "migrate"], stdin: "")
        #expect(missing.exitStatus == 64)
        #expect(missing.stderrText.contains("DATABASE_URL"))
    }

    @Test func oneProbeIsPrintedThenWritten() async throws {
        let database = try TestDatabase.make()
        let mock = try ProviderMock()
        let result = try await Self.probe(["--database-url", database.url], stdin: Self.line("one"), mock: mock)
        #expect(result.exitStatus == 0)
        let output = try #require(Self.json(result.stdoutText).first)
        #expect(output["success"] == .bool(true))
        #expect(try database.query("SELECT r.status, t.turn_count, t.definition_snapshot::text FROM probe_results r JOIN transcripts t ON t.id = r.transcript_id")
                == [["SUCCESS", "2", "{\"v\": 1}"]])
        let stored = try #require(try database.value("SELECT content -> 'turns' FROM transcripts"))
        #expect(try JSONParser.parse(stored) == output["transcript"]?["turns"])
    }

    @Test func batchWritesEveryResultAndReportsCounts() async throws {
        let database = try TestDatabase.make()
        let mock = try ProviderMock()
        var lines = (0..<40).map { Self.line("s\($0)") }
        lines.append(Self.line("s0"))  // the same probe again: written once
        lines.append(#"{"runId":"cli-run","scenarioId":"bad","modelId":"gpt-4o"}"#)  // invalid, with ids: a failed row
        lines.append("not json")  // no ids: nothing to write
        let result = try await Self.probe(["batch", "--database-url", database.url, "--concurrency", "8"],
                                          stdin: lines.joined(separator: "\n"), mock: mock)
        #expect(result.exitStatus == 0)
        #expect(Self.json(result.stdoutText).count == lines.count)
        let report = try #require(Self.json(result.stderrText).first { $0["type"] == .string("database") })
        #expect(report["inserted"] == .int(41))
        #expect(report["unchanged"] == .int(1))
        #expect(report["skipped"] == .int(1))
        #expect(report["spooled"] == .int(0))
        #expect(try database.count("transcripts") == 40)
        #expect(try database.value("SELECT error_code FROM probe_results WHERE scenario_id = 'bad'") == "VALIDATION_ERROR")
        #expect(try database.progress("cli-run") == ["total": .int(0), "completed": .int(40), "failed": .int(1)])
    }

    @Test func aDatabaseWithoutTheSchemaStopsTheJobBeforeAnyProviderIsCalled() async throws {
        let database = try TestDatabase.make(migrated: false)
        let mock = try ProviderMock()
        for arguments in [["--database-url", database.url], ["batch", "--database-url", database.url]] {
            let result = try await Self.probe(arguments, stdin: Self.line("x"), mock: mock)
            #expect(result.exitStatus == 64)
            #expect(result.stderrText.contains("probe db migrate"))
            #expect(result.stdout.isEmpty)
        }
        let bad = try await Self.probe(["--database-url", "host=127.0.0.1 port"], stdin: Self.line("x"), mock: mock)
        #expect(bad.exitStatus == 64)
        #expect(mock.requests.isEmpty)
    }

    @Test func unreachableDatabaseSpoolsAndFlushWritesItOnce() async throws {
        let mock = try ProviderMock()
        let spool = TestFiles.path("cli-spool")
        defer { TestFiles.remove(spool) }
        let unreachable = "postgres://probe@127.0.0.1:1/probe"
        let result = try await Self.probe(["--database-url", unreachable, "--spool", spool], stdin: Self.line("late"),
                                          mock: mock, extra: ["PROBE_DB_RETRY_MS": "200"])
        #expect(result.exitStatus == 0)
        #expect(Self.json(result.stdoutText).first?["success"] == .bool(true))
        #expect(result.stderrText.contains(spool))
        #expect(TestFiles.lines(spool).count == 1)

        let database = try TestDatabase.make()
        let flush = try await Self.probe(["db", "flush", "--database-url", database.url, "--spool", spool], stdin: "")
        #expect(flush.exitStatus == 0)
        #expect(Self.json(flush.stdoutText).first?["inserted"] == .int(1))
        let again = try await Self.probe(["db", "flush", "--database-url", database.url], stdin: "",
                                         extra: ["PROBE_DB_SPOOL": spool])
        #expect(Self.json(again.stdoutText).first?["lines"] == .int(0))
        #expect(try database.count("transcripts") == 1)
    }
}
