import ArgumentParser
import Logging
import ProbeEngine
import ProbeStore

/// `--database-url` and `--spool`, shared by `probe`, `probe batch` and `probe db` (DECISIONS D12).
struct StoreOptions: ParsableArguments {
    @Option(name: .customLong("database-url"),
            help: ArgumentHelp("Write results to PostgreSQL (over DATABASE_URL).", valueName: "URL"))
    var databaseURL: String?

    @Option(name: .long,
            help: ArgumentHelp("The spool file for results the database could not take (over PROBE_DB_SPOOL; default probe-db-spool.jsonl).",
                               valueName: "FILE"))
    var spool: String?

    /// The configuration, or nil when no database URL is set.
    func configuration(_ environment: [String: String]) -> StoreConfiguration? {
        StoreConfiguration.resolve(url: databaseURL, spool: spool, environment: environment)
    }

    /// The store, nil without a URL; a URL libpq cannot parse is a usage error (exit 64).
    func store(_ environment: [String: String]) throws -> ProbeStore? {
        guard let configuration = configuration(environment) else { return nil }
        do {
            return try ProbeStore(configuration, logger: Self.logger(environment))
        } catch {
            throw ValidationError(error.description)
        }
    }

    /// A store that is ready for a run: an unreachable database is only a warning (results are
    /// retried, then spooled), but a reachable one without the schema stops the run before any
    /// provider is called.
    func readyStore(_ environment: [String: String]) throws -> ProbeStore? {
        guard let store = try store(environment) else { return nil }
        switch store.readiness() {
        case .ready:
            // What a killed run left in the spool is written first (D12).
            do {
                _ = try store.drainSpool()
            } catch {
                Self.logger(environment).warning("the spool could not be drained", metadata: ["reason": "\(error)"])
            }
        case .unreachable(let reason):
            Self.logger(environment).warning("database unreachable; results will be retried, then spooled",
                                             metadata: ["reason": "\(reason)", "spool": "\(store.spool.path)"])
        case .notMigrated(let version, let needed):
            throw ValidationError("the database schema is at version \(version), \(needed) is needed: run `probe db migrate` first")
        }
        return store
    }

    static func logger(_ environment: [String: String]) -> Logger {
        let level = LogLevelSetting.level(environment: environment)
        return Logger(label: "probe.store") { _ in JSONLogHandler(level: level) }.redactingKeys(of: environment)
    }
}
