/// A failure reported by libpq or the server.
public struct PGError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The server's SQLSTATE (e.g. `08006`, `42P01`), or nil when the failure is the client's
    /// (no connection, connection lost).
    public var sqlState: String?
    /// libpq's or the server's message, on one line.
    public var message: String
    /// True when the connection itself failed or was lost: the same write may work later.
    public var connectionFailed: Bool

    public init(sqlState: String?, message: String, connectionFailed: Bool) {
        self.sqlState = sqlState
        self.message = message
        self.connectionFailed = connectionFailed
    }

    /// True when trying the same statement again later may succeed: the connection failed, the
    /// server is starting or shutting down, out of connections or resources, or a
    /// serialization failure or deadlock (SQLSTATE classes 08, 53, 57P, 40).
    public var isTransient: Bool {
        if connectionFailed { return true }
        guard let state = sqlState else { return true }
        return state.hasPrefix("08") || state.hasPrefix("53") || state.hasPrefix("57P") || state.hasPrefix("40")
    }

    /// True when the schema is missing (`probe db migrate` has not run): undefined table or function.
    public var isMissingSchema: Bool {
        sqlState == "42P01" || sqlState == "42883"
    }

    public var description: String {
        sqlState.map { "\(message) (SQLSTATE \($0))" } ?? message
    }

    /// `text` on one line, without libpq's trailing newline.
    static func oneLine(_ text: String) -> String {
        let trimmed = text.split(whereSeparator: { $0 == "\n" || $0 == "\r" }).map(String.init)
        return trimmed.joined(separator: " ").trimmingSpaces
    }
}

extension String {
    var trimmingSpaces: String {
        var scalars = Substring(self)
        while let first = scalars.first, first == " " || first == "\t" { scalars.removeFirst() }
        while let last = scalars.last, last == " " || last == "\t" { scalars.removeLast() }
        return String(scalars)
    }
}
