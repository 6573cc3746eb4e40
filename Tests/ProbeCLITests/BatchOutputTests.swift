import ProbeEngine
import ProbeTestSupport
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `probe batch --output FILE` and output that repairs itself (DECISIONS D11, issue 15): a
/// last line cut short by an earlier run never makes the next run's first line unparseable.
@Suite("probe batch output", .serialized)
struct BatchOutputTests {
    static let failure = ServerBehaviour.json(#"{"error":"boom"}"#, status: 500)
    static let lines = [BatchCommandTests.line("s0"), BatchCommandTests.line("s1"), "", BatchCommandTests.line("s3")]
    static let cut = Array(#"{"success":true,"index":1,"runId":"run-ba"#.utf8)

    static func path(_ name: String) -> String { "/tmp/probe-batch-output-\(getpid())-\(name).jsonl" }

    static func read(_ path: String) -> [UInt8] {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return [] }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            guard count > 0 else { return bytes }
            bytes.append(contentsOf: chunk[0..<count])
        }
    }

    /// Every line of `bytes` must be a JSON object: the indices of the success lines, in order.
    static func successIndices(_ bytes: [UInt8], sourceLocation: SourceLocation = #_sourceLocation) -> [Int] {
        BatchCommandTests.jsonLines(bytes, sourceLocation: sourceLocation).compactMap { line in
            line["success"] == .bool(true) ? line["index"]?.numberValue?.intValue : nil
        }
    }

    @Test("--output appends, truncates a cut-short last line away first, and resumes from the file by default")
    func outputRepairsAndResumes() async throws {
        // One probe at a time: s0 gets 500 three times (SERVER_ERROR after two retries).
        let server = try LoopbackServer(script: [Self.failure, Self.failure, Self.failure], otherwise: BatchCommandTests.reply)
        defer { server.stop() }
        let path = Self.path("repair")
        unlink(path)
        defer { unlink(path) }
        let first = try await BatchCommandTests.batch(Self.lines, arguments: ["--concurrency", "1", "--output", path], server: server)
        #expect(first.exitStatus == 0, "\(first.summary)")
        #expect(first.stdout.isEmpty, "the lines go to the file")
        #expect(Self.successIndices(Self.read(path)).sorted() == [1, 3])
        #expect(server.requests.count == 5)

        // The run is cut short mid-line (a full disk, a killed writer).
        let fd = open(path, O_WRONLY | O_APPEND)
        _ = Self.cut.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        close(fd)

        let second = try await BatchCommandTests.batch(Self.lines, arguments: ["--output", path], server: server)
        #expect(second.exitStatus == 0, "\(second.summary)")
        let warning = second.stderr.split(separator: 0x0A).compactMap { try? JSONParser.parse(Array($0)) }
            .first { $0["msg"]?.stringValue?.contains("cut short") == true }
        #expect(warning?["level"] == .string("warn"), "\(second.stderrText)")
        #expect(warning?["bytes"] == .int(Self.cut.count))
        // Every line of the file parses; each input has one success line; only s0 ran again.
        #expect(Self.successIndices(Self.read(path)).sorted() == [0, 1, 3])
        #expect(server.requests.count == 6)
        let summary = BatchCommandTests.reports(second).last
        #expect(summary?["skipped"] == .int(2) && summary?["succeeded"] == .int(1), "\(second.stderrText)")

        // A third run has nothing left to do and writes nothing.
        let size = Self.read(path).count
        let third = try await BatchCommandTests.batch(Self.lines, arguments: ["--output", path], server: server)
        #expect(BatchCommandTests.reports(third).last?["skipped"] == .int(3))
        #expect(Self.read(path).count == size && server.requests.count == 6)
    }

    @Test("a file holding only a cut line is emptied; a new file is created")
    func onlyACutLine() async throws {
        let server = try LoopbackServer(script: [], otherwise: BatchCommandTests.reply)
        defer { server.stop() }
        let path = Self.path("only-cut")
        try FileWriter.write(Self.cut, to: path)
        defer { unlink(path) }
        let run = try await BatchCommandTests.batch([BatchCommandTests.line("s0")], arguments: ["--output", path], server: server)
        #expect(run.exitStatus == 0, "\(run.summary)")
        #expect(Self.successIndices(Self.read(path)) == [0])
        #expect(!Self.read(path).starts(with: Self.cut))
    }

    @Test("stdout appending to a file with a cut last line: a newline first, so the new lines parse")
    func appendedStdoutIsSeparated() async throws {
        let server = try LoopbackServer(script: [], otherwise: BatchCommandTests.reply)
        defer { server.stop() }
        let path = Self.path("stdout")
        try FileWriter.write(Self.cut, to: path)
        defer { unlink(path) }
        let binary = try ProbeBinary.path.get()
        let environment = TestEnvironment.all(origin: server.url(""), withKeys: true)
        // `probe batch --resume out.jsonl < in.jsonl >> out.jsonl`, as README showed it.
        let run = await Subprocess.run("/bin/sh", arguments: ["-c", #"exec "$0" batch --resume "$1" >> "$1""#, binary, path],
                                       environment: environment, stdin: Array(BatchCommandTests.line("s0").utf8))
        #expect(run.exitStatus == 0, "\(run.summary)")
        let content = Self.read(path)
        let lines = content.split(separator: 0x0A).map(Array.init)
        #expect(lines.count == 2 && lines.first == Self.cut, "\(String(decoding: content, as: UTF8.self))")
        let last = try JSONParser.parse(lines.last ?? [], maxDepth: 1024)
        #expect(last["success"] == .bool(true) && last["index"] == .int(0))
    }

    @Test("--output that cannot be opened, or that another batch holds, is a usage error before any request")
    func outputUsageErrors() async throws {
        let server = try LoopbackServer(script: [], otherwise: BatchCommandTests.reply)
        defer { server.stop() }
        let missing = try await BatchCommandTests.batch([BatchCommandTests.line("s0")],
                                                        arguments: ["--output", "/nonexistent/dir/out.jsonl"], server: server)
        #expect(missing.exitStatus == 64, "\(missing.summary)")
        #expect(missing.stderrText.contains("--output /nonexistent/dir/out.jsonl"))

        let path = Self.path("held")
        let fd = open(path, O_RDWR | O_CREAT, 0o644)
        defer { close(fd); unlink(path) }
        #expect(flock(fd, LOCK_EX) == 0)
        let held = try await BatchCommandTests.batch([BatchCommandTests.line("s0")], arguments: ["--output", path], server: server)
        #expect(held.exitStatus == 64, "\(held.summary)")
        #expect(held.stderrText.contains("another probe batch is writing it"), "\(held.stderrText)")
        #expect(server.requests.isEmpty)
    }
}
