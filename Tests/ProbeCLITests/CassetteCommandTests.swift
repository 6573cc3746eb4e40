import ProbeEngine
import ProbeTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `--record FILE` and `--replay FILE` of `probe` and `probe batch` through the binary (DECISIONS D13).
@Suite("probe --record / --replay", .serialized)
struct CassetteCommandTests {
    static let demoCassette = Seeds.packageRoot + "/Fixtures/cassettes/demo.jsonl"

    static func probe(_ arguments: [String], stdin: [UInt8], environment: [String: String] = ["PROBE_LOG_LEVEL": "error"]) async throws -> ProcessResult {
        await Subprocess.run(try ProbeBinary.path.get(), arguments: arguments, environment: environment, stdin: stdin)
    }

    static func output(_ result: ProcessResult) -> JSONValue? {
        try? JSONParser.parse(Array(result.stdout.prefix { $0 != 0x0A }), maxDepth: 1024)
    }

    /// A path under /tmp unique to this process and `name`, removed first.
    static func scratch(_ name: String) -> String {
        let path = "/tmp/probe-cassette-cli-\(getpid())-\(name).jsonl"
        unlink(path)
        return path
    }

    @Test("the README's first command: the demo input replays with no key and no base URL set")
    func demoWithoutKeys() async throws {
        let input = try FileBytes.read(Seeds.packageRoot + "/Fixtures/inputs/demo.json")
        let result = try await Self.probe(["--replay", Self.demoCassette], stdin: input)
        #expect(result.exitStatus == 0, "\(result.summary)")
        let output = try #require(Self.output(result), "\(result.summary)")
        #expect(output["success"] == .bool(true), "\(result.summary)")
        #expect(output["transcript"]?["turns"]?.arrayValue?.count == 3)
        #expect(Contract.violations(of: output).isEmpty)

        let run = try await Self.probe(["run", "--replay", Self.demoCassette], stdin: input)
        #expect(Self.output(run)?["success"] == .bool(true), "\(run.summary)")
    }

    @Test("probe batch --replay: every provider of Fixtures/inputs/demo-batch.jsonl, no key set")
    func demoBatch() async throws {
        let inputs = try FileBytes.read(Seeds.packageRoot + "/Fixtures/inputs/demo-batch.jsonl")
        let result = try await Self.probe(["batch", "--replay", Self.demoCassette], stdin: inputs)
        #expect(result.exitStatus == 0, "\(result.summary)")
        let outputs = BatchCommandTests.jsonLines(result.stdout)
        #expect(outputs.count == 6)
        #expect(outputs.allSatisfy { $0["success"] == .bool(true) }, "\(result.summary)")
    }

    @Test("a cassette that cannot be used is a usage error (exit 64) naming the file and the line", arguments: [
        ["--replay", "/nonexistent/cassette.jsonl"],
        ["batch", "--replay", "/nonexistent/cassette.jsonl"],
        ["--record", "/nonexistent/dir/cassette.jsonl"],
        ["--record", "/tmp"],
        ["--record", "a.jsonl", "--replay", "b.jsonl"],
    ])
    func unusableCassette(arguments: [String]) async throws {
        let result = try await Self.probe(arguments, stdin: Array("{}".utf8))
        #expect(result.exitStatus == 64, "\(result.summary)")
        #expect(result.stdout.isEmpty, "\(result.summary)")
        #expect(result.stderrText.contains("--re"), "\(result.summary)")
    }

    @Test("a tampered cassette: exit 64 before any probe runs, the line named on stderr")
    func tamperedCassette() async throws {
        var lines = try FileBytes.read(Self.demoCassette).split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
        lines.swapAt(3, 4)
        let path = Self.scratch("tampered")
        defer { unlink(path) }
        try FileWriter.write(Array(lines.joined(separator: [0x0A])), to: path)
        let input = try FileBytes.read(Seeds.packageRoot + "/Fixtures/inputs/demo.json")
        for arguments in [["--replay", path], ["batch", "--replay", path]] {
            let result = try await Self.probe(arguments, stdin: input)
            #expect(result.exitStatus == 64, "\(result.summary)")
            #expect(result.stdout.isEmpty)
            #expect(result.stderrText.contains("\(path): line 4: hash does not match"), "\(result.summary)")
        }
    }

    @Test("probe --record then --replay: the same output, the key never in the file")
    func recordThenReplay() async throws {
        let turns = (1...3).map { ServerBehaviour.json(ProviderReplies.openAI(text: "Answer \($0).")) }
        let server = try LoopbackServer(script: turns)
        defer { server.stop() }
        let path = Self.scratch("run")
        defer { unlink(path) }
        let input = try FileBytes.read(Seeds.packageRoot + "/Fixtures/inputs/demo.json")
        let live = try await Self.probe(["--record", path], stdin: input,
                                        environment: TestEnvironment.all(origin: server.url(""), withKeys: true))
        #expect(Self.output(live)?["success"] == .bool(true), "\(live.summary)")
        #expect(server.requests.count == 3)

        let replayed = try await Self.probe(["--replay", path], stdin: input)
        #expect(server.requests.count == 3)
        let strip = { (output: JSONValue?) -> String in
            // Timestamps and durations differ between runs: compare everything else.
            var text = output.map(JSONWriter.string) ?? ""
            for field in ["startedAt", "completedAt", "durationMs"] {
                while let range = text.firstRange(of: "\"\(field)\":") {
                    let end = text[range.upperBound...].firstIndex { $0 == "," || $0 == "}" } ?? text.endIndex
                    text.removeSubrange(range.lowerBound..<end)
                }
            }
            return text
        }
        #expect(strip(Self.output(replayed)) == strip(Self.output(live)), "\(replayed.summary)")
        let bytes = try FileBytes.read(path)
        #expect(!String(decoding: bytes, as: UTF8.self).contains(ProviderCase.openai.fakeKey))
    }

    @Test("probe batch --record with concurrency: one line per exchange, a valid chain")
    func batchRecord() async throws {
        let server = try LoopbackServer(script: [], otherwise: BatchCommandTests.reply)
        defer { server.stop() }
        let path = Self.scratch("batch")
        defer { unlink(path) }
        let lines = (0..<40).map { BatchCommandTests.line("s\($0)") }
        let result = try await BatchCommandTests.batch(lines, arguments: ["--concurrency", "16", "--record", path], server: server)
        #expect(result.exitStatus == 0, "\(result.summary)")
        let recorded = try Cassette.read(path)
        #expect(recorded.count == 40)
        #expect(recorded.map(\.number) == Array(1...40))
        #expect(recorded.allSatisfy { $0.exchange.path == "/chat/completions" && $0.exchange.provider == "openai" })
        let text = String(decoding: try FileBytes.read(path), as: UTF8.self)
        #expect(!ProviderCase.all.contains { text.contains($0.fakeKey) })

        // Appending: a second recorded batch continues the chain.
        let again = try await BatchCommandTests.batch(Array(lines.prefix(5)), arguments: ["--record", path], server: server)
        #expect(again.exitStatus == 0, "\(again.summary)")
        #expect(try Cassette.read(path).count == 45)
    }
}
