import ProbeJSON
import ProbeMock
import ProbeTestSupport
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// `probe-store-bench`: issue 7's measure, against a real PostgreSQL. Section `batch`: results
/// written per second for 10,000 probes through `probe batch --database-url`, next to the same
/// batch without a database in the same run; section `write`: the time of one
/// `ProbeStore.write`, one at a time and 64 at once. Every figure is checked against the
/// database (psql) and the run exits 1 when a check fails. The mock provider runs in this
/// process (ProbeMock's `ProviderMock`), `probe` in its own. Run it with `scripts/bench/store.sh`,
/// which builds the release binaries and starts (and removes) a throwaway cluster.
@main
struct StoreBench {
    struct Options {
        var probe = ".build-bench/release/probe"
        var databaseURL = ""
        var psql = ""
        var probes = 10_000
        var concurrency = 64
        var turns = 3
        var connections = 4
        var rounds = 1
        var writes = 2000
        var writers = 64
        var writeRounds = 4
        var sections: Set<String> = ["batch", "write"]
    }

    static func main() async {
        signal(SIGPIPE, SIG_IGN)
        let options = parse(Array(CommandLine.arguments.dropFirst()))
        guard access(options.probe, X_OK) == 0 else {
            Console.error("no executable at \(options.probe) (build with scripts/bench/store.sh)")
            exit(1)
        }
        let psql = Psql(path: options.psql, url: options.databaseURL)
        let verdict = Verdict()
        let runPrefix = "store-bench-\(time(nil))-\(getpid())"
        Console.print("probe-store-bench: runs \(runPrefix)-*; \(options.connections) database connections; 2 cores shared by the benchmark, `probe`, the mock and PostgreSQL; load average \(loadAverage())")
        guard await migrate(options) else { exit(1) }
        let version = await psql.query("SHOW server_version; SHOW synchronous_commit; SHOW fsync;")
        if case .success(let rows) = version {
            Console.print("PostgreSQL \(rows.first?.first ?? "?"): synchronous_commit \(rows.dropFirst().first?.first ?? "?"), fsync \(rows.dropFirst(2).first?.first ?? "?")")
        }
        let server = await ServerProcesses.find(psql)
        Console.print(server.map { "PostgreSQL's CPU read from /proc: postmaster \($0.postmaster), its children, and those it reaped" }
                      ?? "PostgreSQL's processes not found in /proc: its CPU is not shown")
        guard let mock = try? ProviderMock(latencyMs: 0, recordsRequests: false) else {
            Console.error("the mock provider could not start")
            exit(1)
        }
        if options.sections.contains("batch") {
            let comparison = BatchComparison(options: options, psql: psql, server: server, mockPort: Int(mock.port),
                                             runPrefix: runPrefix)
            for round in 1...options.rounds {
                await comparison.run(round: round, verdict: verdict)
            }
        }
        if options.sections.contains("write") {
            let latency = WriteLatency(options: options, psql: psql, server: server, mockPort: Int(mock.port), runPrefix: runPrefix)
            await latency.run(verdict: verdict)
        }
        mock.stop()
        Console.print("\nload average at the end: \(loadAverage()) (anything above 2 is other work on these 2 cores)")
        exit(verdict.finish() ? 0 : 1)
    }

    /// The first three fields of /proc/loadavg.
    static func loadAverage() -> String {
        let fd = open("/proc/loadavg", O_RDONLY)
        guard fd >= 0 else { return "n/a" }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: 128)
        let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
        guard count > 0 else { return "n/a" }
        return String(decoding: buffer[..<count], as: UTF8.self).split(separator: " ").prefix(3).joined(separator: " ")
    }

    /// The benchmark's probes (ProbeMock's workload) with a definition snapshot, which the
    /// store keeps with each transcript.
    static func workload(runId: String, turns: Int) -> MockWorkload {
        let snapshot: JSONValue = .object(["name": .string("trolley"), "version": .int(3), "tags": .array([.string("bench")])])
        return MockWorkload(runId: runId, turns: turns, definitionSnapshot: snapshot)
    }

    /// `probe db migrate` through the binary under test; false (after a message) when it fails.
    static func migrate(_ options: Options) async -> Bool {
        let result = await Subprocess.run(options.probe, arguments: ["db", "migrate", "--database-url", options.databaseURL],
                                          environment: ["PROBE_LOG_LEVEL": "warn"], stdin: [], hangGuardSeconds: 60)
        guard result.exitStatus == 0 else {
            Console.error("probe db migrate failed: \(result.summary)")
            return false
        }
        Console.print("probe db migrate: \(result.stdoutText.split(separator: "\n").last ?? "")")
        return true
    }
}

/// The checks of a run: a failed one is printed at once and again in the summary, and the
/// benchmark exits 1.
final class Verdict: Sendable {
    private let state = Mutex((passed: 0, failures: [String]()))

    /// Records `check` as passed or failed; returns `ok`.
    @discardableResult
    func check(_ ok: Bool, _ check: String) -> Bool {
        state.withLock { state in
            if ok { state.passed += 1 } else { state.failures.append(check) }
        }
        if !ok { Console.print("CHECK FAILED: \(check)") }
        return ok
    }

    /// Prints the summary; true when every check passed.
    func finish() -> Bool {
        let (passed, failures) = state.withLock { ($0.passed, $0.failures) }
        if failures.isEmpty {
            Console.print("\nall \(passed) checks passed")
            return true
        }
        Console.print("\n\(failures.count) of \(passed + failures.count) checks FAILED:")
        for failure in failures { Console.print("- \(failure)") }
        return false
    }
}
