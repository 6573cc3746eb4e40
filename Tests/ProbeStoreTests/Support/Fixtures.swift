import Logging
@testable import ProbeEngine
@testable import ProbeStore
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// Unique temporary paths.
enum TestFiles {
    private static let counter = Mutex(0)

    static func path(_ stem: String) -> String {
        let number = counter.withLock { value -> Int in
            value += 1
            return value
        }
        return "/tmp/probe-store-test-\(getpid())-\(number)-\(stem).jsonl"
    }

    /// Removes a test's spool and its `.rejected` file.
    static func remove(_ path: String) {
        unlink(path)
        unlink(path + ".rejected")
    }

    static func read(_ path: String) -> [UInt8]? {
        guard let file = fopen(path, "rb") else { return nil }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = fread(&buffer, 1, buffer.count, file)
            if count == 0 { return bytes }
            bytes += buffer[0..<count]
        }
    }

    static func lines(_ path: String) -> [String] {
        String(decoding: read(path) ?? [], as: UTF8.self).split(separator: "\n").map(String.init)
    }
}

/// Log lines of a store, kept for assertions.
final class LogCapture: Sendable {
    private let lines = Mutex<[String]>([])

    var logger: Logger {
        Logger(label: "test") { _ in
            JSONLogHandler(level: .info) { [self] bytes in
                lines.withLock { $0.append(String(decoding: bytes, as: UTF8.self)) }
            }
        }
    }

    var all: [String] { lines.withLock { $0 } }
}

/// Outputs and records as the engine makes them.
enum Outputs {
    static func turn(_ number: Int, prompt: String = "Pull the lever?", reply: String = "Yes, I would.") -> Turn {
        Turn(turnNumber: number, promptLabel: number == 1 ? "scenario_prompt" : "followup_\(number - 1)",
             probePrompt: prompt, targetResponse: reply, inputTokens: 10 * number, outputTokens: 5 * number,
             durationMs: 100, providerMetadata: ["provider": .string("openai"), "finishReason": .string("stop"),
                                                 "raw": .object([:])])
    }

    static func transcript(turns: Int = 3, cost: Bool = true, text: String = "Yes, I would.") -> Transcript {
        Transcript(turns: (1...max(1, turns)).map { turn($0, reply: text) }, modelVersion: "gpt-4o-2024-08-06",
                   startedAt: "2026-11-25T16:38:34.123Z", completedAt: "2026-11-25T16:38:36.004Z",
                   costSnapshot: cost ? CostSnapshot(cost: ModelCost(costInputPerMillion: 2.5, costOutputPerMillion: 10),
                                                     inputTokens: 60, outputTokens: 30) : nil)
    }

    static let rateLimit = ProbeError(code: .rateLimit, message: "openai returned HTTP 429: rate limited, retry later",
                                      statusCode: 429)

    static func success(_ run: String, _ scenario: String, _ model: String, retries: Int = 0,
                        snapshot: JSONValue? = .object(["version": .int(3)])) -> StoreRecord {
        StoreRecord(runId: run, scenarioId: scenario, modelId: model, definitionSnapshot: snapshot,
                    output: ProbeOutput.success(transcript()).json, retryCount: retries)
    }

    static func failure(_ run: String, _ scenario: String, _ model: String, partialTurns: Int = 0,
                        retries: Int = 4) -> StoreRecord {
        let partial = partialTurns > 0 ? transcript(turns: partialTurns) : nil
        return StoreRecord(runId: run, scenarioId: scenario, modelId: model, definitionSnapshot: nil,
                           output: ProbeOutput.failure(rateLimit, partial: partial).json, retryCount: retries)
    }
}
