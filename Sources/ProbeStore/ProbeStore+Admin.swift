import ProbeEngine

/// Schema and spool operations: `probe db migrate`, `probe db flush`, and the check a batch
/// makes before it calls any provider.
extension ProbeStore {
    /// The schema version this build writes to (`probe db migrate` brings a database there).
    public static var schemaVersion: Int { Migrations.latest }

    /// Applies the schema's missing migrations; returns the versions applied now.
    public func migrate() throws(PGError) -> [Int] {
        let connection = try PGConnection(url: configuration.url)
        defer { connection.close() }
        return try Migrator.migrate(connection)
    }

    /// What a run can expect of the database before it starts.
    public enum Readiness: Sendable, Equatable {
        /// Reachable and migrated.
        case ready
        /// Not reachable now: results will be retried, then spooled.
        case unreachable(String)
        /// Reachable, but `probe db migrate` has not been run (or is behind): writing would fail.
        case notMigrated(version: Int, needed: Int)
    }

    /// Connects once and checks the schema version.
    public func readiness() -> Readiness {
        do throws(PGError) {
            let connection = try PGConnection(url: configuration.url)
            defer { connection.close() }
            let version = try Migrator.version(connection)
            return version >= Migrations.latest ? .ready : .notMigrated(version: version, needed: Migrations.latest)
        } catch {
            return .unreachable(error.description)
        }
    }

    /// Writes what an earlier run left in the spool (one killed, or cut off by an outage) before
    /// a run starts, as `flush()` does; `probe` and `probe batch` call it once the database is
    /// ready (D12). Nil when the spool is empty or missing; a warn line says what was written.
    public func drainSpool() throws(SpoolError) -> FlushSummary? {
        guard spool.hasLines, let database = spool.database else { return nil }
        let summary = try flush(onlyFor: database)
        guard summary.lines > summary.otherDatabases else { return nil }
        logger.warning("results an earlier run left in the spool were written to the database", metadata: [
            "spool": "\(spool.path)", "lines": "\(summary.lines)", "inserted": "\(summary.written.inserted)",
            "replaced": "\(summary.written.replaced)", "unchanged": "\(summary.written.unchanged)",
            "kept": "\(summary.kept)", "rejected": "\(summary.rejected)", "otherDatabases": "\(summary.otherDatabases)",
        ])
        return summary
    }

    /// What `flush()` did.
    public struct FlushSummary: Sendable, Equatable {
        /// Lines found in the spool.
        public var lines = 0
        /// Outcomes of the lines that were written (`unchanged`: the database already had them).
        public var written = WriteTally()
        /// Lines that still could not be written: kept in the spool.
        public var kept = 0
        /// Lines that are not spool records: moved to `<spool>.rejected`.
        public var rejected = 0
        /// Lines left in the spool because they were spooled for another database (or before
        /// lines named theirs): only `drainSpool()` leaves them; `probe db flush` writes every line.
        public var otherDatabases = 0

        public var json: JSONValue {
            .object([
                "lines": .int(lines), "inserted": .int(written.inserted), "replaced": .int(written.replaced),
                "unchanged": .int(written.unchanged), "kept": .int(kept), "rejected": .int(rejected),
            ])
        }
    }

    /// Writes every spooled record, exactly once: a record the database already has changes
    /// nothing (SPEC §11), so a flush cut short can simply be run again. Lines that still fail
    /// stay in the spool; lines that are not records go to `<spool>.rejected`.
    public func flush() throws(SpoolError) -> FlushSummary {
        try flush(onlyFor: nil)
    }

    /// `flush()`, writing only the lines spooled for `database` when it is set.
    func flush(onlyFor database: String?) throws(SpoolError) -> FlushSummary {
        var summary = FlushSummary()
        let writer = ResultWriter(configuration: configuration, health: DatabaseHealth(), logger: logger)
        defer { writer.close() }
        var rejected: [UInt8] = []
        try spool.rewrite { lines in
            summary.lines = lines.count
            var kept: [[UInt8]] = []
            for line in lines {
                let object = try? JSONParser.parse(Array(line))
                if let database, let object, object["database"]?.stringValue != database {
                    kept.append(Array(line))
                    summary.otherDatabases += 1
                    continue
                }
                guard let object, let record = object["record"].flatMap(StoreRecord.init(json:)) else {
                    rejected += line + [0x0A]
                    summary.rejected += 1
                    continue
                }
                switch writer.write(record) {
                case .success(let outcome): summary.written.add(outcome)
                case .failure(let error):
                    logger.warning("spooled result still not written; kept in the spool", metadata: [
                        "runId": "\(record.runId)", "scenarioId": "\(record.scenarioId)", "modelId": "\(record.modelId)",
                        "spool": "\(spool.path)", "reason": "\(error.description)",
                    ])
                    kept.append(Array(line))
                }
            }
            if !rejected.isEmpty {
                do throws(SpoolError) {
                    try Spool.appendLines(rejected, to: spool.path + ".rejected")
                    logger.error("spool lines that are not results were moved aside", metadata: [
                        "file": "\(spool.path).rejected", "lines": "\(summary.rejected)",
                    ])
                } catch {
                    logger.error("spool lines that are not results stay in the spool", metadata: [
                        "reason": "\(error.description)", "lines": "\(summary.rejected)",
                    ])
                    kept += rejected.split(separator: 0x0A).map(Array.init)
                }
            }
            summary.kept = kept.count - summary.otherDatabases
            return kept
        }
        return summary
    }
}
