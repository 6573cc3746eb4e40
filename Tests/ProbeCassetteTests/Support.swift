import Logging
import ProbeEngine
import ProbeMock
import ProbeTransport
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// A fresh directory under /tmp for one test's cassettes, removed with its files by `remove()`.
struct Scratch {
    let directory: String

    init() throws {
        var template = Array("/tmp/probe-cassette-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { buffer in
            buffer.baseAddress.flatMap { mkdtemp($0) }.map { String(cString: $0) }
        }
        guard let made else { throw Failure("mkdtemp failed") }
        directory = made
    }

    /// `directory/name`.
    func path(_ name: String) -> String { "\(directory)/\(name)" }

    func remove() {
        guard let dir = opendir(directory) else { return }
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if name != "." && name != ".." { unlink(path(name)) }
        }
        closedir(dir)
        rmdir(directory)
    }
}

struct Failure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Whole-file reads and writes for the tests.
enum Files {
    static func read(_ path: String) throws -> [UInt8] {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw Failure("cannot open \(path)") }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            guard count > 0 else { return bytes }
            bytes.append(contentsOf: chunk[0..<count])
        }
    }

    static func write(_ bytes: [UInt8], to path: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw Failure("cannot create \(path)") }
        defer { close(fd) }
        let written = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
        guard written == bytes.count else { throw Failure("short write to \(path)") }
    }

    /// The file's lines, newline kept.
    static func lines(_ path: String) throws -> [[UInt8]] {
        try read(path).split(separator: 0x0A).map { Array($0) + [0x0A] }
    }

    /// The package root, from this file's location (`Tests/ProbeCassetteTests/Support.swift`).
    static let packageRoot: String = {
        var parts = "\(#filePath)".split(separator: "/", omittingEmptySubsequences: false)
        parts.removeLast(3)
        return parts.joined(separator: "/")
    }()
}

extension [UInt8] {
    /// Whether `needle`'s UTF-8 occurs anywhere in these bytes.
    func contains(text needle: String) -> Bool {
        let pattern = Array(needle.utf8)
        guard !pattern.isEmpty, count >= pattern.count else { return false }
        return (0...(count - pattern.count)).contains { self[$0..<($0 + pattern.count)].elementsEqual(pattern) }
    }
}

/// Log lines kept in memory instead of printed.
final class Logs: Sendable {
    private let lines = Mutex<[JSONValue]>([])

    var logger: Logger {
        Logger(label: "test") { _ in
            JSONLogHandler(level: .trace) { bytes in
                if let line = try? JSONParser.parse(Array(bytes.prefix { $0 != 0x0A })) { self.lines.withLock { $0.append(line) } }
            }
        }
    }

    /// The lines whose `msg` is `message`.
    func lines(_ message: String) -> [JSONValue] {
        lines.withLock { $0.filter { $0["msg"]?.stringValue == message } }
    }
}

/// An in-process provider: OpenAI-style replies numbered by the user turns of the request,
/// or `reply` when set (status, body), after no wait.
struct ScriptedUpstream: HTTPTransport {
    var reply: (status: Int, body: String)?

    static let openAI = ScriptedUpstream()

    func send(_ request: HTTPRequest, timeoutMs: Int) async throws(TransportFailure) -> HTTPResponse {
        if let reply {
            return HTTPResponse(status: reply.status, headers: [HTTPHeader(name: "Content-Type", value: "application/json")],
                                body: Array(reply.body.utf8))
        }
        let body = (try? JSONParser.parse(request.body)) ?? .null
        let turn = (body["messages"]?.arrayValue ?? []).filter { $0["role"]?.stringValue == "user" }.count
        let text = JSONWriter.bytes(GeneratedReply.reply(.openai, text: "Reply \(turn).", model: "gpt-4o", input: 10 * turn, output: 3))
        return HTTPResponse(status: 200, headers: [HTTPHeader(name: "Content-Type", value: "application/json")], body: text)
    }
}

/// Scripted outcomes in order (a failure, or a status and body), then `ScriptedUpstream`'s replies.
final class SequenceUpstream: HTTPTransport {
    private let script: Mutex<[Result<(Int, String), TransportFailure>]>

    init(_ script: [Result<(Int, String), TransportFailure>]) {
        self.script = Mutex(script)
    }

    func send(_ request: HTTPRequest, timeoutMs: Int) async throws(TransportFailure) -> HTTPResponse {
        let next = script.withLock { $0.isEmpty ? nil : $0.removeFirst() }
        switch next {
        case nil: return try await ScriptedUpstream.openAI.send(request, timeoutMs: timeoutMs)
        case .failure(let failure)?: throw failure
        case .success(let (status, body))?:
            return HTTPResponse(status: status, headers: [HTTPHeader(name: "Content-Type", value: "application/json")],
                                body: Array(body.utf8))
        }
    }
}

/// Inputs for the tests.
enum Inputs {
    /// A three-turn probe with a preamble for `modelId`.
    static func threeTurns(_ modelId: String, reversal: String = "Would your answer change if the one were someone you love?") -> ProbeInput {
        ProbeInput(runId: "run-cassette", scenarioId: "trolley", modelId: modelId,
                   scenario: Scenario(preamble: "Answer in two sentences.", prompt: "Do you pull the lever?",
                                      followups: [Followup(label: "why", prompt: "What principle decided it?"),
                                                  Followup(label: "reversal", prompt: reversal)]),
                   config: ProbeConfig(maxTurns: 3))
    }

    /// The output as JSON without what differs between two runs of the same exchanges: the
    /// transcript's timestamps and every turn's `durationMs`.
    static func comparable(_ output: ProbeOutput) -> JSONValue {
        guard case .object(var object) = output.json else { return output.json }
        for key in ["transcript", "partialTranscript"] {
            guard case .object(var transcript)? = object[key] else { continue }
            transcript["startedAt"] = nil
            transcript["completedAt"] = nil
            if case .array(let turns)? = transcript["turns"] {
                transcript["turns"] = .array(turns.map { turn in
                    guard case .object(var fields) = turn else { return turn }
                    fields["durationMs"] = nil
                    return .object(fields)
                })
            }
            object[key] = .object(transcript)
        }
        return .object(object)
    }
}
