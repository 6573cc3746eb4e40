import Foundation
import Logging
import ProbeEngine
import ProbeJSON
import ProbeMock
import ProbeTestSupport

/// The three implementations compared: the Python reference, the `probe` binary, and
/// `ProbeEngine.run(_:)` in this process.
enum Implementation: String, CaseIterable, Sendable {
    case python, binary, inProcess = "in-process"
}

/// What one implementation did with one case.
struct RunResult: Sendable {
    /// The output object, or nil when none could be read (`problem` says why).
    var output: JSONValue?
    var problem: String?
    /// What the mock received.
    var requests: [RecordedRequest]
}

/// Where the programs are, and the environment every run shares.
struct Toolchain: Sendable {
    var root: String
    var python: String
    var probeScript: String
    var binary: String

    /// The base environment: fake keys for all six, no waits, quiet logs, the committed vocabularies.
    func environment(mockEnvironment: [String: String], case parityCase: ParityCase) -> [String: String] {
        var environment = mockEnvironment
        environment["PROBE_BACKOFF_SCALE"] = "0"
        environment["PROBE_LOG_LEVEL"] = "error"
        environment["PROBE_TIKTOKEN_DIR"] = root + "/Sources/Tiktoken/Resources"
        environment["PYTHONDONTWRITEBYTECODE"] = "1"
        // `$ROOT` in a case's variables is the repository root (e.g. PROBE_MODELS_FILE).
        let caseEnvironment = parityCase.environment.mapValues { $0.replacingOccurrences(of: "$ROOT", with: root) }
        return environment.merging(caseEnvironment) { _, new in new }
    }

    /// Runs `implementation` on `parityCase` against a fresh mock with the case's script.
    func run(_ implementation: Implementation, _ parityCase: ParityCase) async -> RunResult {
        let mock: ProviderMock
        do {
            mock = try ProviderMock(script: parityCase.script)
        } catch {
            return RunResult(output: nil, problem: "mock did not start: \(error)", requests: [])
        }
        defer { mock.stop() }
        var mockEnvironment = mock.environment()
        if parityCase.refused {
            guard let port = try? LoopbackServer.refusingPort() else {
                return RunResult(output: nil, problem: "no free port", requests: [])
            }
            mockEnvironment = ProviderMock.environment(origin: "http://127.0.0.1:\(port)")
        }
        let environment = environment(mockEnvironment: mockEnvironment, case: parityCase)
        switch implementation {
        case .inProcess:
            // Quiet: the subprocesses' logs go to their own pipes; these would flood the report.
            let quiet = Logger(label: "parity") { _ in SwiftLogNoOpLogHandler() }
            let output = await ProbeEngine(environment: environment, logger: quiet).run(parityCase.input)
            return RunResult(output: output.json, problem: nil, requests: mock.requests)
        case .python:
            let result = await Subprocess.run(python, arguments: [probeScript], environment: environment,
                                              stdin: parityCase.input, hangGuardSeconds: 60)
            return parse(result, requests: mock.requests)
        case .binary:
            let result = await Subprocess.run(binary, environment: environment, stdin: parityCase.input, hangGuardSeconds: 60)
            return parse(result, requests: mock.requests)
        }
    }

    /// The single output line a program printed (exit 0, SPEC §9).
    private func parse(_ result: ProcessResult, requests: [RecordedRequest]) -> RunResult {
        let lines = result.stdout.split(separator: 0x0A)
        guard result.exitStatus == 0, lines.count == 1, let line = lines.first,
              let value = try? JSONParser.parse(Array(line), maxDepth: 512) else {
            return RunResult(output: nil, problem: "no single JSON line, exit 0: \(result.summary)", requests: requests)
        }
        return RunResult(output: value, problem: nil, requests: requests)
    }
}
