@testable import ProbeStore
import ProbeEngine
import Synchronization

#if canImport(Glibc)
import Glibc
#endif
import Testing

/// A fresh database per test, created in the throwaway cluster that `scripts/test` starts
/// (`PROBE_TEST_DATABASE_URL`, a `postgres://user@host:port/db` URL), and migrated.
struct TestDatabase {
    static let variable = "PROBE_TEST_DATABASE_URL"
    private static let counter = Mutex(0)

    let url: String
    let name: String

    /// The cluster's URL; the test fails (not skips) without one.
    static func adminURL(sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        let url = ProcessEnvironment.current()[variable] ?? ""
        try #require(!url.isEmpty, """
            \(variable) is not set: the store tests need a PostgreSQL cluster. `scripts/test` starts one; \
            by hand: `scripts/pg-cluster start /tmp/pg` then `\(variable)=<its DATABASE_URL> swift test`
            """, sourceLocation: sourceLocation)
        return url
    }

    /// A new empty database, migrated unless `migrated` is false.
    static func make(migrated: Bool = true, sourceLocation: SourceLocation = #_sourceLocation) throws -> TestDatabase {
        let admin = try adminURL(sourceLocation: sourceLocation)
        let number = counter.withLock { value -> Int in
            value += 1
            return value
        }
        let name = "t\(getpid())_\(number)_\(UInt32.random(in: 0...UInt32.max))"
        let connection = try PGConnection(url: admin)
        defer { connection.close() }
        try connection.executeScript("CREATE DATABASE \(name)")
        let database = TestDatabase(url: replacingDatabase(in: admin, with: name), name: name)
        if migrated {
            let migrator = try PGConnection(url: database.url)
            defer { migrator.close() }
            _ = try Migrator.migrate(migrator)
        }
        return database
    }

    /// `url` with its path (the database name) replaced.
    static func replacingDatabase(in url: String, with name: String) -> String {
        guard let schemeEnd = url.firstRange(of: "://"),
              let slash = url[schemeEnd.upperBound...].firstIndex(of: "/") else { return url + "/" + name }
        let rest = url[slash...]
        let query = rest.firstIndex(of: "?").map { String(rest[$0...]) } ?? ""
        return String(url[..<slash]) + "/" + name + query
    }

    /// Rows of `sql` (with `parameters`) as text.
    func query(_ sql: String, _ parameters: [String?] = []) throws -> [[String?]] {
        let connection = try PGConnection(url: url)
        defer { connection.close() }
        return try connection.execute(sql, parameters)
    }

    /// The single value of `sql`.
    func value(_ sql: String, _ parameters: [String?] = []) throws -> String? {
        try query(sql, parameters).first?.first ?? nil
    }

    func count(_ table: String) throws -> Int {
        Int(try value("SELECT count(*) FROM \(table)") ?? "") ?? -1
    }

    /// `runs.progress` of `runId` as JSON.
    func progress(_ runId: String) throws -> JSONObject? {
        try value("SELECT progress::text FROM runs WHERE id = $1", [runId]).flatMap { try? JSONParser.parse($0) }?.objectValue
    }

    /// A store on this database; `spool` defaults to a new file under /tmp.
    func store(spool: String? = nil, retryBudgetMs: Int = 2000, connections: Int = 2,
               logs: LogCapture? = nil) throws -> ProbeStore {
        let configuration = StoreConfiguration(url: url, spoolPath: spool ?? TestFiles.path("spool"),
                                               retryBudgetMs: retryBudgetMs, connections: connections)
        return try ProbeStore(configuration, logger: (logs ?? LogCapture()).logger)
    }
}
