import CLibpq

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One libpq connection, used by one thread at a time (libpq connections are not shared).
/// Every statement with values goes through `PQexecParams`: values are never spliced into SQL.
final class PGConnection {
    private let pq: LibPQ
    private var handle: OpaquePointer?

    /// Connection settings applied before the URL's own, so the URL can override them: a short
    /// connect timeout and TCP keepalives, so a lost server is noticed instead of waited on.
    static let defaults: [(String, String)] = [
        ("connect_timeout", "5"), ("keepalives", "1"), ("keepalives_idle", "10"),
        ("keepalives_interval", "5"), ("keepalives_count", "3"), ("tcp_user_timeout", "15000"),
        ("application_name", "probe"),
    ]

    /// Opens a connection to `url` (a `postgres://` URL or a `key=value` conninfo string).
    init(url: String) throws(PGError) {
        let pq = try LibPQ.load()
        self.pq = pq
        let keywords = Self.defaults.map(\.0) + ["dbname"]
        let values = Self.defaults.map(\.1) + [url]
        let connection = CStrings.withArray(keywords) { keywordPointers in
            CStrings.withArray(values) { valuePointers in
                pq.connectdbParams(keywordPointers, valuePointers, 1)
            }
        }
        handle = connection
        guard let connection, pq.status(connection) == CONNECTION_OK else {
            let message = connection.flatMap { pq.errorMessage($0) }.map { PGError.oneLine(String(cString: $0)) } ?? "out of memory"
            // libpq may quote what it was given: never the password (D12).
            let redacted = URLRedaction.redact(message, url: url)
            close()
            throw PGError(sqlState: nil, message: redacted, connectionFailed: true)
        }
        // Notices (e.g. "relation already exists, skipping") would go to stderr unformatted.
        _ = pq.setNoticeProcessor(connection, { _, _ in }, nil)
    }

    deinit { close() }

    /// True while the connection is usable.
    var isOpen: Bool {
        guard let handle else { return false }
        return pq.status(handle) == CONNECTION_OK
    }

    func close() {
        if let handle { pq.finish(handle) }
        handle = nil
    }

    /// Runs `sql` with `parameters` as text values ($1, $2, …; nil is SQL NULL) and returns the
    /// rows as text (nil for NULL).
    @discardableResult
    func execute(_ sql: String, _ parameters: [String?] = []) throws(PGError) -> [[String?]] {
        guard let handle else { throw PGError(sqlState: nil, message: "not connected", connectionFailed: true) }
        let result = CStrings.withOptionalArray(parameters) { values in
            pq.execParams(handle, sql, Int32(parameters.count), nil, values, nil, nil, 0)
        }
        return try rows(of: result, connection: handle)
    }

    /// Runs one or more statements that take no values (the schema's own SQL).
    func executeScript(_ sql: String) throws(PGError) {
        guard let handle else { throw PGError(sqlState: nil, message: "not connected", connectionFailed: true) }
        try rows(of: pq.exec(handle, sql), connection: handle)
    }

    @discardableResult
    private func rows(of result: OpaquePointer?, connection: OpaquePointer) throws(PGError) -> [[String?]] {
        guard let result else {
            throw PGError(sqlState: nil, message: PGError.oneLine(pq.errorMessage(connection).map { String(cString: $0) } ?? ""),
                          connectionFailed: pq.status(connection) != CONNECTION_OK)
        }
        defer { pq.clear(result) }
        let status = pq.resultStatus(result)
        guard status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK else {
            let state = pq.resultErrorField(result, Int32(UInt8(ascii: "C"))).map { String(cString: $0) }
            let message = PGError.oneLine(pq.resultErrorMessage(result).map { String(cString: $0) } ?? "")
            throw PGError(sqlState: state, message: message.isEmpty ? "statement failed" : message,
                          connectionFailed: pq.status(connection) != CONNECTION_OK)
        }
        let rowCount = pq.ntuples(result)
        let columnCount = pq.nfields(result)
        var rows: [[String?]] = []
        rows.reserveCapacity(Int(rowCount))
        for row in 0..<rowCount {
            var values: [String?] = []
            for column in 0..<columnCount {
                if pq.getisnull(result, row, column) == 1 {
                    values.append(nil)
                } else {
                    values.append(pq.getvalue(result, row, column).map { String(cString: $0) })
                }
            }
            rows.append(values)
        }
        return rows
    }

    /// Whether libpq would accept `url`, and if not, why (never quoting the password): what
    /// `PQconninfoParse` rejects, and the values libpq checks only when it connects
    /// (`ConnectionSettings`).
    static func checkURL(_ url: String) -> String? {
        let pq: LibPQ
        do throws(PGError) {
            pq = try LibPQ.load()
        } catch {
            return error.message
        }
        return ConnectionSettings.problem(in: url) { parse($0, pq) }
    }

    /// Which database `url` names (`ConnectionSettings.identity`); nil when it does not parse.
    static func identity(_ url: String) -> String? {
        guard let pq = try? LibPQ.load(), case .success(let settings) = parse(url, pq) else { return nil }
        return ConnectionSettings.identity(settings)
    }

    /// `url`'s settings as `PQconninfoParse` reads them.
    private static func parse(_ url: String, _ pq: LibPQ) -> Result<[String: String], ConnectionSettings.ParseFailure> {
        var error: UnsafeMutablePointer<CChar>?
        guard let options = pq.conninfoParse(url, &error) else {
            defer { if let error { pq.freemem(error) } }
            return .failure(.init(message: error.map { PGError.oneLine(String(cString: $0)) } ?? "not a connection URL"))
        }
        defer { pq.conninfoFree(options) }
        var settings: [String: String] = [:]
        var option = options
        while let keyword = option.pointee.keyword {
            if let value = option.pointee.val { settings[String(cString: keyword)] = String(cString: value) }
            option += 1
        }
        return .success(settings)
    }
}

/// NUL-terminated copies of Swift strings for the length of a call.
enum CStrings {
    static func withArray<R>(_ strings: [String], _ body: (UnsafePointer<UnsafePointer<CChar>?>) -> R) -> R {
        withOptionalArray(strings.map { Optional($0) }, body)
    }

    static func withOptionalArray<R>(_ strings: [String?], _ body: (UnsafePointer<UnsafePointer<CChar>?>) -> R) -> R {
        let copies: [UnsafeMutablePointer<CChar>?] = strings.map { $0.flatMap { strdup($0) } }
        defer { copies.forEach { free($0) } }
        var pointers: [UnsafePointer<CChar>?] = copies.map { $0.map { UnsafePointer($0) } }
        pointers.append(nil)
        return pointers.withUnsafeBufferPointer { buffer in
            // Never empty: the terminating nil is always there.
            guard let base = buffer.baseAddress else { preconditionFailure("empty C string array") }
            return body(base)
        }
    }
}
