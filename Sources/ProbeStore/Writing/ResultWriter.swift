import Logging
import ProbeEngine
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes records over one connection (one thread's), retrying a lost or unreachable database
/// with backoff for the configured budget (DECISIONS D12).
final class ResultWriter {
    private let configuration: StoreConfiguration
    private let health: DatabaseHealth
    private let logger: Logger
    private var connection: PGConnection?

    init(configuration: StoreConfiguration, health: DatabaseHealth, logger: Logger) {
        self.configuration = configuration
        self.health = health
        self.logger = logger
    }

    /// Writes `record`: the function's outcome, or the last error once retrying is over (a
    /// permanent error at once). While the database is known to be down, one attempt only.
    /// The row (its ids, and U+0000 replaced) is made once; every attempt sends the same.
    func write(_ record: StoreRecord) -> Result<WriteOutcome, PGError> {
        let row = ResultRow(record, resultId: Identifier.make(), transcriptId: Identifier.make())
        let ids: Logger.Metadata = [
            "runId": "\(record.runId)", "scenarioId": "\(record.scenarioId)", "modelId": "\(record.modelId)",
        ]
        if row.replacedNulls > 0 {
            logger.warning("U+0000 cannot be stored in PostgreSQL; written as U+FFFD",
                           metadata: ids.merging(["replaced": "\(row.replacedNulls)"]) { $1 })
        }
        let started = ContinuousClock.now
        let budget = health.isDown ? Duration.zero : .milliseconds(configuration.retryBudgetMs)
        var delayMs = 100
        var attempt = 0
        while true {
            attempt += 1
            let result = writeOnce(row)
            switch result {
            case .success:
                health.reachable()
                return result
            case .failure(let error):
                guard error.isTransient else { return result }
                let delay = Duration.milliseconds(delayMs)
                guard ContinuousClock.now - started + delay <= budget else {
                    health.unreachable()
                    return result
                }
                logger.warning("database write failed; retrying", metadata: ids.merging([
                    "attempt": "\(attempt)", "waitMs": "\(delayMs)", "reason": "\(error.description)",
                ]) { $1 })
                Self.sleep(delay)
                delayMs = min(delayMs * 2, 5000)
            }
        }
    }

    private func writeOnce(_ row: ResultRow) -> Result<WriteOutcome, PGError> {
        do throws(PGError) {
            let rows = try connected().execute(ResultRow.sql, row.parameters)
            let value = rows.first?.first.flatMap { $0 }
            guard let outcome = WriteOutcome(functionResult: value) else {
                return .failure(PGError(sqlState: nil, message: "probe_write_result returned \(value ?? "NULL")",
                                        connectionFailed: false))
            }
            return .success(outcome)
        } catch {
            if error.connectionFailed || !(connection?.isOpen ?? false) {
                connection?.close()
                connection = nil
            }
            return .failure(error)
        }
    }

    private func connected() throws(PGError) -> PGConnection {
        if let connection, connection.isOpen { return connection }
        connection?.close()
        connection = nil
        let opened = try PGConnection(url: configuration.url)
        connection = opened
        return opened
    }

    func close() {
        connection?.close()
        connection = nil
    }

    static func sleep(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        var request = timespec(tv_sec: Int(seconds), tv_nsec: Int(attoseconds / 1_000_000_000))
        var remaining = timespec()
        while nanosleep(&request, &remaining) != 0, errno == EINTR { request = remaining }
    }
}

/// Whether the database was last found unreachable: while it is, each write makes one attempt
/// instead of retrying for the whole budget, so an outage spools results at the pace they come.
final class DatabaseHealth: Sendable {
    private let down = Mutex<Bool>(false)

    var isDown: Bool { down.withLock { $0 } }
    func reachable() { down.withLock { $0 = false } }
    func unreachable() { down.withLock { $0 = true } }
}

/// Row ids: random version-4 UUIDs as text (SPEC §11: ids are text the writer generates).
enum Identifier {
    private static let digits = Array("0123456789abcdef".utf8)

    static func make() -> String {
        // Two draws of 64 bits: each draw of the system generator is a `getrandom` call, and a
        // draw per byte made 32 system calls a result.
        var generator = SystemRandomNumberGenerator()
        let halves: [UInt64] = [generator.next(), generator.next()]
        var bytes = halves.flatMap { half in (0..<8).map { UInt8(truncatingIfNeeded: half >> (8 * $0)) } }
        bytes[6] = (bytes[6] & 0x0F) | 0x40
        bytes[8] = (bytes[8] & 0x3F) | 0x80
        var text: [UInt8] = []
        text.reserveCapacity(36)
        for (index, byte) in bytes.enumerated() {
            if index == 4 || index == 6 || index == 8 || index == 10 { text.append(UInt8(ascii: "-")) }
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
