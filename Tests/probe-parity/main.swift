import Foundation
import ProbeJSON

// probe-parity [--jobs N] [NAME-FILTER ...]
//
// The parity harness (issue 4): every case of Fixtures/parity/cases through the Python
// reference, the `probe` binary beside this executable and ProbeEngine in-process, each
// against a fresh ProviderMock with the case's script. Compares the requests sent and the
// outputs, checks each case's `expect`; one line a case, then `N passed, N failed`; exit 1 on
// any failure. Run from the repository root.

struct CaseOutcome: Sendable {
    var name: String
    var problems: [String]
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("probe-parity: \(message)\n".utf8))
    exit(2)
}

/// Compares the three runs of one case and checks its expectation.
func judge(_ parityCase: ParityCase, _ runs: [RunResult]) -> [String] {
    var problems: [String] = []
    for (implementation, run) in zip(Implementation.allCases, runs) {
        if let problem = run.problem { problems.append("\(implementation.rawValue): \(problem)") }
    }
    guard problems.isEmpty else { return problems }
    let requests = runs.map { JSONValue.array($0.requests.map(Comparison.normalized)) }
    problems += Comparison.differences(requests, path: "requests").map { "request differs: \($0)" }
    let outputs = runs.map { $0.output.map(Comparison.normalized(output:)) }
    problems += Comparison.differences(outputs, path: "output").map { "output differs: \($0)" }
    for (implementation, run) in zip(Implementation.allCases, runs) {
        guard let output = run.output else { continue }
        problems += Expectation.problems(parityCase.expect, output: output, requests: run.requests)
            .map { "\(implementation.rawValue): \($0)" }
    }
    return problems
}

func executableDirectory() -> String {
    let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    return (exe as NSString).deletingLastPathComponent
}

var jobs = 4
var filters: [String] = []
var arguments = CommandLine.arguments.dropFirst()
while let argument = arguments.popFirst() {
    if argument == "--jobs" {
        guard let value = arguments.popFirst().flatMap(Int.init), value >= 1 else { fail("--jobs needs an integer >= 1") }
        jobs = value
    } else if argument.hasPrefix("-") {
        fail("usage: probe-parity [--jobs N] [NAME-FILTER ...]")
    } else {
        filters.append(argument)
    }
}

let root = FileManager.default.currentDirectoryPath
let environment = ProcessInfo.processInfo.environment
let toolchain = Toolchain(
    root: root,
    python: environment["PARITY_PYTHON"] ?? root + "/.venv/bin/python",
    probeScript: root + "/workers-python-legacy/probe.py",
    binary: environment["PROBE_BINARY"] ?? executableDirectory() + "/probe"
)
for path in [toolchain.python, toolchain.binary] where !FileManager.default.isExecutableFile(atPath: path) {
    fail("\(path) is not an executable (run from the repository root, build `probe` beside probe-parity)")
}
let fixtures = URL(fileURLWithPath: root + "/Fixtures")
let cases: [ParityCase]
do {
    cases = try ParityCase.loadAll(from: fixtures.appendingPathComponent("parity/cases"), fixtures: fixtures)
        .filter { parityCase in filters.isEmpty || filters.contains { parityCase.name.contains($0) } }
} catch {
    fail("\(error)")
}
guard !cases.isEmpty else { fail("no cases found under Fixtures/parity/cases") }

let started = Date()
let outcomes = await withTaskGroup(of: CaseOutcome.self) { group in
    var pending = cases[...]
    var outcomes: [CaseOutcome] = []
    func start(_ parityCase: ParityCase) {
        group.addTask {
            async let python = toolchain.run(.python, parityCase)
            async let binary = toolchain.run(.binary, parityCase)
            async let inProcess = toolchain.run(.inProcess, parityCase)
            let runs = await [python, binary, inProcess]
            return CaseOutcome(name: parityCase.name, problems: judge(parityCase, runs))
        }
    }
    for _ in 0..<jobs {
        if let next = pending.popFirst() { start(next) }
    }
    for await outcome in group {
        print(outcome.problems.isEmpty ? "PASS \(outcome.name)" : "FAIL \(outcome.name)")
        for problem in outcome.problems { print("    \(problem)") }
        outcomes.append(outcome)
        if let next = pending.popFirst() { start(next) }
    }
    return outcomes
}
let failed = outcomes.filter { !$0.problems.isEmpty }.count
print("\(outcomes.count - failed) passed, \(failed) failed (\(String(format: "%.1f", Date().timeIntervalSince(started))) s)")
exit(failed == 0 ? 0 : 1)
