import ProbeEngine
import ProbeTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `probe batch` through the binary (SPEC §9, DECISIONS D11), against the loopback server.
@Suite("probe batch", .serialized)
struct BatchCommandTests {
    static func line(_ scenario: String, modelId: String = "gpt-4o") -> String {
        #"{"runId":"run-batch","scenarioId":"\#(scenario)","modelId":"\#(modelId)","scenario":{"prompt":"Pull?"},"config":{"maxTokens":64}}"#
    }

    static let reply = ServerBehaviour.json(ProviderReplies.openAI(text: "Yes."))

    /// Runs `probe batch` with `arguments` on `lines` (joined with newlines).
    static func batch(_ lines: [String], arguments: [String] = [], server: LoopbackServer,
                      extra: [String: String] = [:], signal: Subprocess.DelayedSignal? = nil) async throws -> ProcessResult {
        let environment = TestEnvironment.all(origin: server.url(""), withKeys: true, extra: extra)
        return await Subprocess.run(try ProbeBinary.path.get(), arguments: ["batch"] + arguments, environment: environment,
                                    stdin: Array(lines.joined(separator: "\n").utf8), signal: signal)
    }

    /// Every stdout line as a JSON object, in order; a line that is not one is recorded as an issue.
    static func outputs(_ result: ProcessResult, sourceLocation: SourceLocation = #_sourceLocation) -> [JSONValue] {
        jsonLines(result.stdout, sourceLocation: sourceLocation)
    }

    /// The stderr lines that are JSON objects with a `type` (progress and summary).
    static func reports(_ result: ProcessResult) -> [JSONValue] {
        result.stderr.split(separator: 0x0A).compactMap { try? JSONParser.parse(Array($0)) }.filter { $0["type"] != nil }
    }

    static func jsonLines(_ bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) -> [JSONValue] {
        if let last = bytes.last, last != 0x0A { Issue.record("output does not end with a newline", sourceLocation: sourceLocation) }
        return bytes.split(separator: 0x0A).compactMap { line in
            do {
                return try JSONParser.parse(Array(line), maxDepth: 1024)
            } catch {
                Issue.record("not JSON: \(String(decoding: line, as: UTF8.self))", sourceLocation: sourceLocation)
                return nil
            }
        }
    }

    @Test("one line a non-blank input, with index and ids; a bad line fails alone; progress and summary on stderr")
    func linesWithIndexAndIds() async throws {
        let server = try LoopbackServer(script: [], otherwise: Self.reply)
        defer { server.stop() }
        let lines = [Self.line("s0"), "", "{bad", Self.line("s3"), "   ", Self.line("s5", modelId: "llama-3"), Self.line("s6")]
        let result = try await Self.batch(lines, server: server)
        #expect(result.exitStatus == 0, "\(result.summary)")
        let outputs = Self.outputs(result)
        #expect(outputs.count == 5, "\(result.summary)")
        #expect(Set(outputs.compactMap { $0["index"]?.numberValue?.intValue }) == [0, 2, 3, 5, 6])
        for output in outputs {
            #expect(Contract.violations(of: output).isEmpty, "\(output)")
            let index = output["index"]?.numberValue?.intValue ?? -1
            switch index {
            case 2:
                #expect(output["error"]?["code"] == .string("VALIDATION_ERROR"))
                #expect(output["runId"] == .null && output["scenarioId"] == .null && output["modelId"] == .null)
            case 5:
                #expect(output["error"]?["code"] == .string("UNSUPPORTED_PROVIDER"))
                #expect(output["modelId"] == .string("llama-3"))
            default:
                #expect(output["success"] == .bool(true), "\(output)")
                #expect(output["runId"] == .string("run-batch"))
                #expect(output["scenarioId"] == .string("s\(index)"))
                #expect(output["modelId"] == .string("gpt-4o"))
            }
        }
        #expect(server.requests.count == 3)
        let reports = Self.reports(result)
        let progress = reports.filter { $0["type"] == .string("progress") }
        #expect(!progress.isEmpty, "\(result.stderrText)")
        #expect(progress.last?["done"] == .int(5) && progress.last?["total"] == .int(5))
        let summary = try #require(reports.last, "\(result.stderrText)")
        #expect(summary["type"] == .string("summary"))
        #expect(summary["succeeded"] == .int(3) && summary["failed"] == .int(2))
        #expect(summary["errors"] == .object(["UNSUPPORTED_PROVIDER": .int(1), "VALIDATION_ERROR": .int(1)]))
        #expect(summary["inputTokens"] == .int(450) && summary["outputTokens"] == .int(960))
        #expect(summary["signal"] == .null)
    }

    @Test("usage errors exit 64", arguments: [
        ["--concurrency", "0"], ["--concurrency", "many"], ["--max-inflight", "OPENAI"], ["--max-inflight", "OPENAI=0"],
        ["--rpm", "ACME=5"], ["--resume", "/nonexistent/probe-batch-output.jsonl"], ["--bogus"],
    ])
    func usageErrors(_ arguments: [String]) async throws {
        let server = try LoopbackServer(script: [], otherwise: Self.reply)
        defer { server.stop() }
        let result = try await Self.batch([Self.line("s0")], arguments: arguments, server: server)
        #expect(result.exitStatus == 64, "\(result.summary)")
        #expect(result.stdout.isEmpty)
        #expect(!result.stderr.isEmpty)
        #expect(server.requests.isEmpty)
    }

    @Test("SIGINT/SIGTERM: no new probe, the grace, one CANCELLED line per unfinished input, exit 130/143",
          arguments: [(SIGINT, Int32(130), "SIGINT"), (SIGTERM, Int32(143), "SIGTERM")])
    func signalStopsTheBatch(_ number: Int32, _ status: Int32, _ name: String) async throws {
        // No reply comes before the client hangs up; the signal comes once both probes in flight
        // have sent their request (an event, not a time); the grace is 200 ms.
        let server = try LoopbackServer(script: [], otherwise: .delayed(ms: 600_000, then: Self.reply))
        defer { server.stop() }
        let lines = (0..<6).map { Self.line("s\($0)") }
        let result = try await Self.batch(lines, arguments: ["--concurrency", "2"], server: server,
                                          extra: ["PROBE_BATCH_GRACE_MS": "200"],
                                          signal: Subprocess.DelayedSignal(number: number) { server.requests.count == 2 })
        #expect(result.killedAfterTimeout == false, "\(result.summary)")
        #expect(result.exitStatus == status, "\(result.summary)")
        let outputs = Self.outputs(result)
        #expect(outputs.count == 6, "\(result.summary)")
        #expect(Set(outputs.compactMap { $0["index"]?.numberValue?.intValue }) == Set(0..<6))
        for output in outputs {
            #expect(output["error"]?["code"] == .string("CANCELLED"), "\(output)")
            #expect(output["error"]?["retryable"] == .bool(true))
            #expect(output["scenarioId"] == .string("s\(output["index"]?.numberValue?.intValue ?? -1)"))
        }
        #expect(server.requests.count == 2)
        let summary = Self.reports(result).last
        #expect(summary?["signal"] == .string(name))
        #expect(summary?["errors"] == .object(["CANCELLED": .int(6)]))
    }

    @Test("--resume skips inputs with a success line and runs the failed ones again")
    func resumeSkipsSuccesses() async throws {
        // One probe at a time: the first gets 500 three times (SERVER_ERROR after two retries).
        let failure = ServerBehaviour.json(#"{"error":"boom"}"#, status: 500)
        let server = try LoopbackServer(script: [failure, failure, failure], otherwise: Self.reply)
        defer { server.stop() }
        let lines = [Self.line("s0"), Self.line("s1"), "", Self.line("s3")]
        let first = try await Self.batch(lines, arguments: ["--concurrency", "1"], server: server)
        let firstOutputs = Self.outputs(first)
        #expect(firstOutputs.count == 3, "\(first.summary)")
        #expect(firstOutputs.first { $0["index"] == .int(0) }?["error"]?["code"] == .string("SERVER_ERROR"))
        #expect(server.requests.count == 5)

        let path = "/tmp/probe-batch-resume-\(getpid()).jsonl"
        defer { unlink(path) }
        // A run cut short can leave a partial last line: it is ignored.
        try FileWriter.write(first.stdout + Array(#"{"success":true,"index":"#.utf8), to: path)
        let second = try await Self.batch(lines, arguments: ["--resume", path], server: server)
        #expect(second.exitStatus == 0, "\(second.summary)")
        let outputs = Self.outputs(second)
        #expect(outputs.count == 1, "\(second.summary)")
        #expect(outputs.first?["index"] == .int(0))
        #expect(outputs.first?["success"] == .bool(true))
        #expect(server.requests.count == 6)
        let summary = Self.reports(second).last
        #expect(summary?["skipped"] == .int(2) && summary?["total"] == .int(1) && summary?["succeeded"] == .int(1))
    }

    @Test("PROBE_RPM_<PROVIDER> paces requests and --rpm wins over it")
    func rpmEnvironmentAndFlag() async throws {
        let server = try LoopbackServer(script: [], otherwise: Self.reply)
        defer { server.stop() }
        let lines = (0..<3).map { Self.line("s\($0)") }
        // One request a minute: the first probe runs, the others' start would be past their 30 s
        // deadline, so they fail at once (no wait; the deadline is only a bound the first probe's
        // loopback request is far within, even on a loaded machine).
        let extra = ["PROBE_RPM_OPENAI": "1", "PROBE_TIMEOUT_MS": "30000"]
        let paced = try await Self.batch(lines, server: server, extra: extra)
        let codes = Self.outputs(paced).map { $0["error"]?["code"]?.stringValue ?? "ok" }.sorted()
        #expect(codes == ["TIMEOUT", "TIMEOUT", "ok"], "\(paced.summary)")
        #expect(server.requests.count == 1)

        let flagged = try await Self.batch(lines, arguments: ["--rpm", "openai=60000"], server: server, extra: extra)
        #expect(Self.outputs(flagged).allSatisfy { $0["success"] == .bool(true) }, "\(flagged.summary)")
        #expect(server.requests.count == 4)
    }
}

/// Whole-file writes without Foundation.
enum FileWriter {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static func write(_ bytes: [UInt8], to path: String) throws(Failure) {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw Failure(description: "cannot create \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if written < 0 && errno == EINTR { continue }
            guard written > 0 else { throw Failure(description: "cannot write \(path)") }
            offset += written
        }
    }
}
