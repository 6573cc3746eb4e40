/// Applies the schema's migrations that a database does not have yet, in one transaction under
/// an advisory lock, so two `probe db migrate` at once apply each migration once.
enum Migrator {
    /// An arbitrary constant naming this project's migration lock.
    static let lockKey = "4242170611"

    /// Applies what is missing; returns the versions applied now (empty when up to date).
    static func migrate(_ connection: PGConnection) throws(PGError) -> [Int] {
        try connection.execute("BEGIN")
        do throws(PGError) {
            try connection.execute("SELECT pg_advisory_xact_lock($1::bigint)", [lockKey])
            try connection.executeScript(Migrations.ledger)
            let rows = try connection.execute("SELECT version FROM probe_schema_migrations")
            let present = Set(rows.compactMap { $0.first.flatMap { $0 }.flatMap { Int($0) } })
            var applied: [Int] = []
            for migration in Migrations.all where !present.contains(migration.version) {
                try connection.executeScript(migration.sql)
                try connection.execute("INSERT INTO probe_schema_migrations (version, name) VALUES ($1::integer, $2)",
                                       [String(migration.version), migration.name])
                applied.append(migration.version)
            }
            try connection.execute("COMMIT")
            return applied
        } catch {
            _ = try? connection.execute("ROLLBACK")
            throw error
        }
    }

    /// The database's schema version: 0 when never migrated.
    static func version(_ connection: PGConnection) throws(PGError) -> Int {
        do throws(PGError) {
            let rows = try connection.execute("SELECT COALESCE(max(version), 0) FROM probe_schema_migrations")
            return rows.first?.first.flatMap { $0 }.flatMap { Int($0) } ?? 0
        } catch {
            if error.sqlState == "42P01" { return 0 }
            throw error
        }
    }
}
