import ArgumentParser
import ProbeEngine
import ProbeStore

/// `probe db migrate` and `probe db flush` (DECISIONS D12).
struct DatabaseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "db",
        abstract: "Manage the PostgreSQL database results are written to.",
        subcommands: [MigrateCommand.self, FlushCommand.self]
    )

    /// Prints `{"success": false, "error": …}` and exits 1.
    static func fail(_ message: String) throws -> Never {
        StandardIO.writeLine(.object(["success": .bool(false), "error": .string(message)]))
        throw ExitCode(1)
    }

    static func requireStore(_ options: StoreOptions) throws -> ProbeStore {
        guard let store = try options.store(ProcessEnvironment.current()) else {
            throw ValidationError("no database: set DATABASE_URL or pass --database-url")
        }
        return store
    }
}

struct MigrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Create or update the schema (SPEC §11); safe to run again.",
        discussion: "Prints {\"success\": true, \"applied\": [versions applied now], \"version\": N}."
    )

    @OptionGroup var store: StoreOptions

    func run() throws {
        let store = try DatabaseCommand.requireStore(self.store)
        do {
            let applied = try store.migrate()
            StandardIO.writeLine(.object([
                "success": .bool(true), "applied": .array(applied.map { .int($0) }),
                "version": .int(ProbeStore.schemaVersion),
            ]))
        } catch {
            try DatabaseCommand.fail("migrate failed: \(error.description)")
        }
    }
}

struct FlushCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "flush",
        abstract: "Write the results in the spool file to the database, exactly once.",
        discussion: """
            Lines that are written leave the spool; lines that still cannot be written stay in it; \
            lines that are not results move to <spool>.rejected. Running it again is harmless.
            """
    )

    @OptionGroup var store: StoreOptions

    func run() throws {
        let store = try DatabaseCommand.requireStore(self.store)
        do {
            let summary = try store.flush()
            guard case .object(var object) = summary.json else { return }
            object["success"] = .bool(summary.kept == 0)
            object["spool"] = .string(store.spool.path)
            StandardIO.writeLine(.object(object))
            if summary.kept > 0 { throw ExitCode(1) }
        } catch let error as SpoolError {
            try DatabaseCommand.fail(error.description)
        }
    }
}
