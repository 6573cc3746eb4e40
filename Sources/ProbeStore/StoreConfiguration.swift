/// Where and how results are written (DECISIONS D12).
public struct StoreConfiguration: Sendable, Equatable {
    /// A `postgres://` URL or a libpq `key=value` string.
    public var url: String
    /// The local file (JSON lines) that takes what could not be written; `probe db flush` writes it.
    public var spoolPath: String
    /// How long one write keeps retrying a lost or unreachable database before it is spooled.
    public var retryBudgetMs: Int
    /// Connections (and writer threads) used for writes.
    public var connections: Int

    public static let defaultSpoolPath = "probe-db-spool.jsonl"
    public static let defaultRetryBudgetMs = 30_000
    public static let defaultConnections = 4

    public init(url: String, spoolPath: String = defaultSpoolPath, retryBudgetMs: Int = defaultRetryBudgetMs,
                connections: Int = defaultConnections) {
        self.url = url
        self.spoolPath = spoolPath.isEmpty ? Self.defaultSpoolPath : spoolPath
        self.retryBudgetMs = max(0, retryBudgetMs)
        self.connections = max(1, connections)
    }

    /// The configuration for `url` (a flag) or else `DATABASE_URL`, with `PROBE_DB_SPOOL`,
    /// `PROBE_DB_RETRY_MS` and `PROBE_DB_CONNECTIONS` from `environment`; nil when neither URL
    /// is set (no database).
    public static func resolve(url flag: String?, spool spoolFlag: String? = nil,
                               environment: [String: String]) -> StoreConfiguration? {
        let url = [flag, environment["DATABASE_URL"]].compactMap { $0 }.first { !$0.isEmpty }
        guard let url else { return nil }
        let spool = [spoolFlag, environment["PROBE_DB_SPOOL"]].compactMap { $0 }.first { !$0.isEmpty }
        return StoreConfiguration(
            url: url, spoolPath: spool ?? defaultSpoolPath,
            retryBudgetMs: number(environment["PROBE_DB_RETRY_MS"]) ?? defaultRetryBudgetMs,
            connections: number(environment["PROBE_DB_CONNECTIONS"]).map { max(1, $0) } ?? defaultConnections)
    }

    private static func number(_ text: String?) -> Int? {
        guard let text, !text.isEmpty, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }) else { return nil }
        return Int(text)
    }
}

/// Why a store could not be opened.
public struct StoreConfigurationError: Error, Sendable, CustomStringConvertible {
    public let description: String
}
