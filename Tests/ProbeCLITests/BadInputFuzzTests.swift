import Logging
import ProbeEngine
import ProbeTestSupport
import ProbeTransport
import Testing

/// The in-process oracle's transport: every connection is refused, as the binary's is.
private struct RefusingTransport: HTTPTransport {
    func send(_ request: HTTPRequest, timeoutMs: Int) async throws(TransportFailure) -> HTTPResponse {
        throw .connectionRefused
    }
}

@Suite("Bad input through the probe binary")
struct BadInputFuzzTests {
    /// Codes a probe can end with when no provider is reachable.
    static let reachableCodes: Set = ["VALIDATION_ERROR", "UNSUPPORTED_PROVIDER", "MISSING_API_KEY", "NETWORK_ERROR"]
    static let silent = Logger(label: "oracle") { _ in SwiftLogNoOpLogHandler() }

    @Test("every mutated input gets exactly one contract line on stdout, exit 0, no crash, no hang")
    func mutatedInputsGetOneContractLine() async throws {
        let path = try ProbeBinary.path.get()
        var catalog = MutantCatalog(seeds: try Seeds.load(), prngSeed: 0x5EED_2026_1125)
        let mutants = catalog.all()
        #expect(mutants.count >= 1000)
        let origin = "http://127.0.0.1:\(try LoopbackServer.refusingPort())"

        // Half the runs have fake keys, so valid mutants take the network-error path.
        let results = await ParallelRuns.map(mutants, width: 3) { index, mutant in
            let environment = TestEnvironment.all(origin: origin, withKeys: index % 2 == 1)
            return await Subprocess.run(path, environment: environment, stdin: mutant.bytes)
        }

        var failures: [String] = []
        var codes: [String: Int] = [:]
        for (index, (mutant, result)) in zip(mutants, results).enumerated() {
            guard let result else {
                failures.append("\(mutant): never ran")
                continue
            }
            do {
                let output = try Contract.singleLineObject(result)
                let code = output["error"]?["code"]?.stringValue ?? "success"
                codes[code, default: 0] += 1
                if !Self.reachableCodes.contains(code) {
                    failures.append("\(mutant): unexpected outcome \(code): \(result.stdoutText)")
                }
                // Each mutant's exact code and message: the engine run in-process on the same
                // bytes and environment (issue 17: the set of four codes alone let a wrong code pass).
                let oracle = await ProbeEngine(environment: TestEnvironment.all(origin: origin, withKeys: index % 2 == 1),
                                               transport: RefusingTransport(), logger: Self.silent).run(mutant.bytes)
                let message = output["error"]?["message"]?.stringValue
                if code != (oracle.error?.code.rawValue ?? "success") || message != oracle.error?.message {
                    failures.append("\(mutant): binary says \(code) '\(message ?? "")', engine says \(oracle.json)")
                }
                if let expected = mutant.expectedMessage, output["error"]?["message"]?.stringValue != expected {
                    failures.append("\(mutant): expected '\(expected)', got \(result.stdoutText)")
                }
            } catch {
                failures.append("\(mutant): \(error)")
            }
        }
        print("bad-input fuzz: \(mutants.count) mutants, outcomes \(codes.sorted { $0.key < $1.key })")
        #expect(failures.isEmpty, """
            \(failures.count) of \(mutants.count) mutants broke the contract:
            \(failures.prefix(40).joined(separator: "\n"))
            """)
    }
}
