import Dispatch
import ProbeEngine
import ProbeTestSupport
import Synchronization
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `probe batch` as a long-lived worker (DECISIONS D11): a probe starts as its line arrives,
/// `requestId` comes back on its output line, memory stays bounded whatever the producer does.
@Suite("probe batch streaming", .serialized)
struct BatchStreamingTests {
    /// What a test keeps of one output line.
    struct Answer: Sendable {
        var index: Int
        var requestId: String?
        var code: String?
    }

    /// Collects answers from the reader thread; `wait(for:)` blocks a producer until the n-th one.
    final class Answers: Sendable {
        private let list = Mutex<[Answer]>([])
        private let arrived = DispatchSemaphore(value: 0)

        func add(_ line: ArraySlice<UInt8>) {
            let object = (try? JSONParser.parse(Array(line), maxDepth: 1024))?.objectValue
            let answer = Answer(index: object?["index"]?.numberValue?.intValue ?? -1,
                                requestId: object?["requestId"]?.stringValue,
                                code: object?["error"]?["code"]?.stringValue)
            list.withLock { $0.append(answer) }
            arrived.signal()
        }

        /// Waits (on the producer's thread) until one more answer arrived.
        func waitForOne() { arrived.wait() }

        var all: [Answer] { list.withLock { $0 } }
    }

    static func line(_ n: Int) -> String {
        switch n % 4 {
        case 0: #"{"requestId":"rq-\#(n)","runId":"run-stream","scenarioId":"s\#(n)","modelId":"gpt-4o","scenario":{"prompt":"Pull?"},"config":{"maxTokens":64}}"#
        case 1: #"{"runId":"run-stream","scenarioId":"s\#(n)","modelId":"llama-3","scenario":{"prompt":"Pull?"},"config":{},"requestId":"rq-\#(n)"}"#
        case 2: "{not json \(n)"
        default: #"{"requestId":"rq-\#(n)","runId":"","scenarioId":"s\#(n)","modelId":"gpt-4o","scenario":{"prompt":"Pull?"},"config":{}}"#
        }
    }

    /// The expected code for line `n` (nil: success).
    static func code(_ n: Int) -> String? {
        switch n % 4 {
        case 0: nil
        case 1: "UNSUPPORTED_PROVIDER"
        default: "VALIDATION_ERROR"
        }
    }

    /// 10,010 line numbers, every 1000th blank: 10,000 inputs.
    static let lineNumbers = 0..<10_010
    static func isBlank(_ n: Int) -> Bool { n % 1000 == 999 }

    enum Producer: String, CaseIterable, Sendable, CustomTestStringConvertible {
        case slowly, allAtOnce
        var testDescription: String { rawValue }
    }

    @Test("10,000 lines written slowly (lines split across writes) or all at once: exactly one output each, requestId echoed",
          arguments: Producer.allCases)
    func everyLineGetsOneOutput(_ producer: Producer) async throws {
        let server = try LoopbackServer(script: [], otherwise: .json(ProviderReplies.openAI(text: "Yes.")))
        defer { server.stop() }
        let answers = Answers()
        let outcome = try await StreamingChild.run(
            arguments: ["--concurrency", "32"],
            environment: TestEnvironment.all(origin: server.url(""), withKeys: true, extra: ["PROBE_LOG_LEVEL": "error"]),
            hangGuardSeconds: 300,
            produce: { writer in
                switch producer {
                case .allAtOnce:
                    let text = Self.lineNumbers.map { Self.isBlank($0) ? "  " : Self.line($0) }.joined(separator: "\n") + "\n"
                    writer.write(Array(text.utf8))
                case .slowly:
                    for n in Self.lineNumbers {
                        let bytes = Array(((Self.isBlank(n) ? "" : Self.line(n)) + "\n").utf8)
                        let cut = bytes.count / 2
                        writer.write(Array(bytes[..<cut]))
                        writer.write(Array(bytes[cut...]))
                        if n % 10 == 0 { usleep(200) }
                    }
                }
            },
            onLine: answers.add)
        #expect(outcome.exitStatus == 0, "\(outcome.stderrTail)")
        let all = answers.all
        #expect(all.count == 10_000)
        var seen = Set<Int>()
        for answer in all {
            #expect(seen.insert(answer.index).inserted, "index \(answer.index) answered twice")
            #expect(answer.code == Self.code(answer.index), "index \(answer.index)")
            #expect(answer.requestId == (answer.index % 4 == 2 ? nil : "rq-\(answer.index)"), "index \(answer.index)")
        }
        #expect(seen == Set(Self.lineNumbers.filter { !Self.isBlank($0) }))
        #expect(server.requests.count == Self.lineNumbers.filter { $0 % 4 == 0 && !Self.isBlank($0) }.count)
        #expect(outcome.stderrTail.contains(#""type":"summary","done":10000,"total":10000"#), "\(outcome.stderrTail.suffix(600))")
    }

    @Test("each line is answered while stdin stays open: the producer writes the next line only after the last answer")
    func answersBeforeStdinEnds() async throws {
        let server = try LoopbackServer(script: [], otherwise: .json(ProviderReplies.openAI(text: "Yes.")))
        defer { server.stop() }
        let answers = Answers()
        let outcome = try await StreamingChild.run(
            environment: TestEnvironment.all(origin: server.url(""), withKeys: true),
            hangGuardSeconds: 60,
            produce: { writer in
                for n in [0, 4, 8, 12, 16] {
                    writer.write(Array((Self.line(n) + "\n").utf8))
                    answers.waitForOne()  // a worker that waited for the end of stdin never answers: the guard kills it
                }
            },
            onLine: answers.add)
        #expect(outcome.exitStatus == 0, "\(outcome.stderrTail)")
        #expect(answers.all.map(\.requestId) == ["rq-0", "rq-4", "rq-8", "rq-12", "rq-16"])
        #expect(answers.all.map(\.index) == [0, 1, 2, 3, 4])
        #expect(outcome.stderrTail.contains(#""type":"summary","done":5,"total":5"#), "\(outcome.stderrTail.suffix(600))")
        #expect(outcome.stderrTail.contains(#""total":null"#), "progress before stdin ended has no total")
    }

    @Test("1,000,000 lines (1 GiB) written at once: every one answered, peak memory bounded far below the input")
    func millionLinesKeepMemoryFlat() async throws {
        let padding = String(repeating: "a", count: 1_000)
        let total = 1_000_000
        let count = Mutex(0)
        let allAnswered = DispatchSemaphore(value: 0)
        let peak = Mutex<Int?>(nil)
        let outcome = try await StreamingChild.run(
            environment: ["PROBE_LOG_LEVEL": "error"],
            hangGuardSeconds: 900,
            produce: { writer in
                let line = Array(("x" + padding + "\n").utf8)  // not JSON: VALIDATION_ERROR without a provider
                var block: [UInt8] = []
                block.reserveCapacity(line.count * 1_000)
                for _ in 0..<1_000 { block.append(contentsOf: line) }
                for _ in 0..<(total / 1_000) { guard writer.write(block) else { return } }
                allAnswered.wait()  // stdin still open: the child is alive, its peak is final
                peak.withLock { $0 = writer.peakResidentKiB() }
            },
            onLine: { _ in
                let seen = count.withLock { count -> Int in
                    count += 1
                    return count
                }
                if seen == total { allAnswered.signal() }
            })
        #expect(outcome.exitStatus == 0, "\(outcome.stderrTail)")
        #expect(count.withLock { $0 } == total)
        // A reader of the whole input would hold more than 1 GiB.
        let kib = try #require(peak.withLock { $0 })
        #expect(kib < 64 * 1024, "peak \(kib) KiB")  // 18 MiB measured (debug build)
    }

    @Test("a 100 MiB line fails alone as too large, without being held whole; the next line still runs")
    func oversizedLineFailsAlone() async throws {
        let answers = Answers()
        let peak = Mutex<Int?>(nil)
        let outcome = try await StreamingChild.run(
            environment: ["PROBE_LOG_LEVEL": "error"],
            produce: { writer in
                writer.write(Array(#"{"requestId":"big","x":""#.utf8))
                let mebibyte = [UInt8](repeating: 0x61, count: 1 << 20)
                for _ in 0..<100 { writer.write(mebibyte) }
                writer.write(Array("\"}\n".utf8) + Array((Self.line(1) + "\n").utf8))
                answers.waitForOne()
                answers.waitForOne()
                peak.withLock { $0 = writer.peakResidentKiB() }
            },
            onLine: answers.add)
        #expect(outcome.exitStatus == 0, "\(outcome.stderrTail)")
        #expect(answers.all.map(\.index).sorted() == [0, 1])
        #expect(answers.all.first { $0.index == 0 }?.code == "VALIDATION_ERROR")
        #expect(answers.all.first { $0.index == 1 }?.code == "UNSUPPORTED_PROVIDER")
        let kib = try #require(peak.withLock { $0 })
        // Holding the line would take 100 MiB; 10 MiB of it and its copies: 33 MiB measured (debug build).
        #expect(kib < 64 * 1024, "peak \(kib) KiB for a 100 MiB line")
    }

    @Test("back-pressure: while the probes in flight are stuck, stdin is not read, so the producer's pipe fills; SIGTERM then answers every line written")
    func stuckProbesStopTheProducer() async throws {
        let server = try LoopbackServer(script: [], otherwise: .delayed(ms: 60_000, then: .json(ProviderReplies.openAI(text: "Yes."))))
        defer { server.stop() }
        let answers = Answers()
        let written = Mutex(0)
        let pushedBack = Mutex(false)
        let outcome = try await StreamingChild.run(
            arguments: ["--concurrency", "2"],
            environment: TestEnvironment.all(origin: server.url(""), withKeys: true,
                                             extra: ["PROBE_LOG_LEVEL": "error", "PROBE_BATCH_GRACE_MS": "0"]),
            hangGuardSeconds: 120,
            produce: { writer in
                // First two probes, and wait until both are at the server (stuck there for a minute).
                writer.write(Array((Self.line(0) + "\n" + Self.line(4) + "\n").utf8))
                written.withLock { $0 = 2 }
                for _ in 0..<6_000 where server.requests.count < 2 { usleep(10_000) }
                _ = fcntl(writer.fd, F_SETFL, fcntl(writer.fd, F_GETFL) | O_NONBLOCK)
                var n = 2
                var block: [UInt8] = []
                // Up to 16 MiB in blocks under PIPE_BUF (each write is whole or refused).
                while n < 100_000 {
                    if block.isEmpty {
                        while block.count < 3_800 {
                            block += Array((Self.line(n * 4) + "\n").utf8)
                            n += 1
                        }
                    }
                    let count = block.withUnsafeBytes { Glibc.write(writer.fd, $0.baseAddress, $0.count) }
                    if count == block.count {
                        written.withLock { $0 += block.filter { $0 == 0x0A }.count }
                        block = []
                        continue
                    }
                    // Full: a reader that drained stdin would make room at once; this one must not.
                    var poller = pollfd(fd: writer.fd, events: Int16(POLLOUT), revents: 0)
                    if poll(&poller, 1, 3_000) == 0 {
                        pushedBack.withLock { $0 = true }
                        break
                    }
                }
                kill(writer.pid, SIGTERM)
            },
            onLine: answers.add)
        #expect(pushedBack.withLock { $0 }, "the producer wrote \(written.withLock { $0 }) lines without being held back")
        #expect(written.withLock { $0 } < 5_000, "stdin is read only as probes start: \(written.withLock { $0 }) lines taken")
        #expect(server.requests.count <= 2)
        #expect(outcome.exitStatus == 143, "\(outcome.stderrTail)")
        let indices = answers.all.map(\.index).sorted()
        #expect(indices == Array(0..<written.withLock { $0 }), "every line written gets one line")
        #expect(answers.all.allSatisfy { $0.code == "CANCELLED" })
    }

    @Test("SIGTERM while stdin stays open and idle: the summary, exit 143, without waiting for stdin to end")
    func signalWhileStdinIsOpen() async throws {
        let answers = Answers()
        let outcome = try await StreamingChild.run(
            environment: ["PROBE_LOG_LEVEL": "error"],
            holdStdin: true,
            hangGuardSeconds: 60,
            produce: { writer in
                writer.write(Array((Self.line(1) + "\n").utf8))
                answers.waitForOne()
                kill(writer.pid, SIGTERM)
            },
            onLine: answers.add)
        #expect(outcome.exitStatus == 143, "\(outcome.stderrTail)")
        #expect(answers.all.map(\.requestId) == ["rq-1"])
        #expect(outcome.stderrTail.contains(#""signal":"SIGTERM""#), "\(outcome.stderrTail)")
    }

    @Test("probe health carries the product's fields (apiKeys, packages, pythonVersion, warnings) beside its own")
    func healthInTheProductsShape() async throws {
        let result = await Subprocess.run(try ProbeBinary.path.get(), arguments: ["health"],
                                          environment: ["OPENAI_API_KEY": "sk-test-FAKE"], stdin: [])
        let answer = try JSONParser.parse(result.stdout)
        #expect(answer["success"] == .bool(true), "\(result.summary)")
        let health = try #require(answer["health"])
        #expect(health["apiKeys"]?["openai"] == .bool(true))
        #expect(health["apiKeys"]?["mistral"] == .bool(false))
        #expect(health["packages"]?["probe"] == .string(ProbeVersion.current))
        #expect(health["pythonVersion"]?.stringValue != nil)
        #expect(health["warnings"]?.arrayValue?.contains(.string("ANTHROPIC_API_KEY is not set")) == true)
        #expect(health["providers"]?["openai"]?["apiKey"] == .bool(true))
        #expect(answer["error"] == nil)
    }
}
