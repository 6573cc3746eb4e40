import ProbeEngine
import ProbeMock
@testable import ProbeStore
import ProbeTestSupport
import Testing

/// What a killed or cut-off run left in the spool is written by the next `probe` or `probe batch`
/// with that database, before it runs (DECISIONS D12); lines spooled for another database, or
/// before lines named their database, stay for `probe db flush`.
@Suite struct SpoolDrainTests {
    @Test(arguments: [false, true])
    func aRunDrainsItsDatabasesSpoolLinesFirst(batch: Bool) async throws {
        let database = try TestDatabase.make()
        let spoolPath = TestFiles.path("drain-spool")
        defer { TestFiles.remove(spoolPath) }
        let mine = Spool(path: spoolPath, database: PGConnection.identity(database.url))
        try mine.append(Outputs.success("drained", "s1", "gpt-4o"), reason: "killed")
        try mine.append(Outputs.failure("drained", "s2", "gpt-4o"), reason: "killed")
        try Spool(path: spoolPath, database: "host=elsewhere dbname=other").append(Outputs.success("other", "s1", "gpt-4o"), reason: "x")
        try Spool(path: spoolPath).append(Outputs.success("untagged", "s1", "gpt-4o"), reason: "older probe")

        let mock = try ProviderMock()
        let arguments = (batch ? ["batch"] : []) + ["--database-url", database.url, "--spool", spoolPath]
        let result = try await DatabaseCommandTests.probe(arguments, stdin: DatabaseCommandTests.line("new"), mock: mock)
        #expect(result.exitStatus == 0, "\(result.summary)")
        #expect(result.stderrText.contains("earlier run left in the spool"))
        #expect(try database.query("SELECT run_id, scenario_id, status FROM probe_results ORDER BY run_id, scenario_id")
                == [["cli-run", "new", "SUCCESS"], ["drained", "s1", "SUCCESS"], ["drained", "s2", "FAILED"]])
        #expect(try database.progress("drained") == ["total": .int(0), "completed": .int(1), "failed": .int(1)])
        let left = TestFiles.lines(spoolPath)
        #expect(left.count == 2)
        #expect(left.allSatisfy { !$0.contains("\"drained\"") })

        // `probe db flush` is explicit: it writes every line to the database it is given.
        let flush = try await DatabaseCommandTests.probe(["db", "flush", "--database-url", database.url, "--spool", spoolPath],
                                                         stdin: "")
        #expect(DatabaseCommandTests.json(flush.stdoutText).first?["inserted"] == .int(2))
        #expect(TestFiles.lines(spoolPath).isEmpty)
    }

    @Test func theSpoolNamesTheDatabaseButNeverThePassword() throws {
        let spoolPath = TestFiles.path("tag-spool")
        defer { TestFiles.remove(spoolPath) }
        let url = "postgres://probe:\(DatabaseURLTests.secret)@db.example:6543/results?sslmode=disable"
        let store = try ProbeStore(StoreConfiguration(url: url, spoolPath: spoolPath))
        #expect(store.spool.database == "host=db.example port=6543 dbname=results user=probe")
        try store.spool.append(Outputs.success("r", "s", "m"), reason: "test")
        let line = String(decoding: TestFiles.read(spoolPath) ?? [], as: UTF8.self)
        #expect(line.contains("\"database\":\"host=db.example port=6543 dbname=results user=probe\""))
        #expect(!line.contains(DatabaseURLTests.secret))
    }
}
