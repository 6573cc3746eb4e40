import ProbeTestSupport

/// psql, PostgreSQL's client, as a subprocess: the queries that check what the benchmark wrote.
/// Values reach SQL only as psql variables (`-v name=value`, used as `:'name'`, which psql
/// quotes as a literal).
struct Psql {
    let path: String
    let url: String

    /// Runs `sql` (read from stdin) with `variables`; the rows of every statement's result, one
    /// array of fields a row (unaligned output, fields split on `|`), or psql's error.
    func query(_ sql: String, variables: [String: String] = [:]) async -> Result<[[String]], QueryFailure> {
        var arguments = ["-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", url]
        for (name, value) in variables.sorted(by: { $0.key < $1.key }) { arguments += ["-v", "\(name)=\(value)"] }
        let result = await Subprocess.run(path, arguments: arguments, environment: ["PGCONNECT_TIMEOUT": "10"],
                                          stdin: Array(sql.utf8), hangGuardSeconds: 120)
        guard result.exitStatus == 0 else { return .failure(QueryFailure(description: result.summary)) }
        let rows = result.stdoutText.split(separator: "\n").map { $0.split(separator: "|", omittingEmptySubsequences: false).map(String.init) }
        return .success(rows)
    }

    struct QueryFailure: Error, CustomStringConvertible {
        let description: String
    }

    /// What the database holds for the runs `runIds`.
    func contents(ofRuns runIds: [String]) async -> Result<RunContents, QueryFailure> {
        let sql = """
            SELECT
                (SELECT count(*) FROM probe_results WHERE run_id = ANY (string_to_array(:'runs', ','))),
                (SELECT count(*) FROM probe_results WHERE run_id = ANY (string_to_array(:'runs', ','))
                    AND status = 'SUCCESS'),
                (SELECT count(*) FROM transcripts WHERE run_id = ANY (string_to_array(:'runs', ','))),
                (SELECT count(*) FROM probe_results r JOIN transcripts t ON t.id = r.transcript_id
                    WHERE r.run_id = ANY (string_to_array(:'runs', ',')) AND t.run_id = r.run_id
                    AND t.scenario_id = r.scenario_id AND t.model_id = r.model_id),
                (SELECT coalesce(sum(turn_count), 0) FROM transcripts
                    WHERE run_id = ANY (string_to_array(:'runs', ','))),
                (SELECT coalesce(sum((progress ->> 'completed')::bigint), 0) FROM runs
                    WHERE id = ANY (string_to_array(:'runs', ','))),
                (SELECT coalesce(sum((progress ->> 'failed')::bigint), 0) FROM runs
                    WHERE id = ANY (string_to_array(:'runs', ',')));
            """
        switch await query(sql, variables: ["runs": runIds.joined(separator: ",")]) {
        case .failure(let failure): return .failure(failure)
        case .success(let rows):
            let fields = rows.first?.compactMap { Int($0) } ?? []
            guard fields.count == 7 else { return .failure(QueryFailure(description: "unexpected psql output \(rows)")) }
            return .success(RunContents(results: fields[0], successes: fields[1], transcripts: fields[2], linked: fields[3],
                                        turns: fields[4], completed: fields[5], failed: fields[6]))
        }
    }
}

extension Psql {
    /// Results a second over one run as the database saw them (`probe_results.created_at`, the
    /// start of each write's transaction): the first tenth, the last tenth, and all of them.
    func writeRates(ofRun runId: String) async -> (first: Double, last: Double, all: Double)? {
        let sql = """
            WITH r AS (
                SELECT extract(epoch FROM created_at)::double precision AS t,
                       row_number() OVER (ORDER BY created_at) AS n, count(*) OVER () AS total
                FROM probe_results WHERE run_id = :'run'
            )
            SELECT (SELECT max(t) FROM r WHERE n <= total / 10) - min(t),
                   max(t) - (SELECT min(t) FROM r WHERE n > total - total / 10),
                   max(t) - min(t), count(*)
            FROM r;
            """
        guard case .success(let rows) = await query(sql, variables: ["run": runId]) else { return nil }
        let fields = rows.first?.compactMap { Double($0) } ?? []
        guard fields.count == 4, fields[3] >= 10, fields.prefix(3).allSatisfy({ $0 > 0 }) else { return nil }
        let tenth = (fields[3] / 10).rounded(.down)
        return ((tenth - 1) / fields[0], (tenth - 1) / fields[1], (fields[3] - 1) / fields[2])
    }
}

/// Row counts and progress of some runs, as the database has them.
struct RunContents: Equatable {
    /// `probe_results` rows, and those with status SUCCESS.
    var results: Int
    var successes: Int
    /// `transcripts` rows, and results pointing at the transcript of their own probe.
    var transcripts: Int
    var linked: Int
    /// The transcripts' `turn_count`, summed.
    var turns: Int
    /// The runs' `progress.completed` and `progress.failed`, summed.
    var completed: Int
    var failed: Int

    /// What the database must hold after `results` results of which `successes` succeeded with
    /// `turns` turns in all.
    static func expected(results: Int, successes: Int, turns: Int) -> RunContents {
        RunContents(results: results, successes: successes, transcripts: successes, linked: successes, turns: turns,
                    completed: successes, failed: results - successes)
    }

    var text: String {
        "probe_results \(results) (\(successes) SUCCESS), transcripts \(transcripts) (\(linked) linked from their result, \(turns) turns), progress completed \(completed) failed \(failed)"
    }
}
