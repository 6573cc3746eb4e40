/// What the loopback server does with one request, after reading it whole.
public indirect enum ServerBehaviour: Sendable {
    /// Replies `status` with `headers` and `body`, then closes. `Content-Length` (unless given)
    /// and `Connection: close` are added.
    case reply(status: Int, headers: [(name: String, value: String)] = [], body: [UInt8] = [])
    /// Waits `ms` milliseconds (less if the client hangs up), then behaves as `then`.
    case delayed(ms: Int, then: ServerBehaviour)
    /// Resets the connection (SO_LINGER 0) without sending a byte.
    case resetBeforeHeaders
    /// Closes the connection normally (FIN) without sending a byte: a kept-alive connection the
    /// server gave up on after reading the request.
    case closeBeforeHeaders
    /// Sends headers declaring `declaredLength` body bytes, `sentBytes` of them, then resets.
    case resetMidBody(declaredLength: Int, sentBytes: Int)
    /// Sends headers declaring `declaredLength` body bytes, `sentBytes` of them, then closes normally.
    case closeMidBody(declaredLength: Int, sentBytes: Int)
    /// Sends headers declaring `totalBytes`, then one body byte every `intervalMs` milliseconds.
    case dripBody(totalBytes: Int, intervalMs: Int)
    /// Streams `bytes` body bytes generated on the fly (never held in memory), with a
    /// `Content-Length` when `declareLength`, else delimited by closing the connection.
    case hugeBody(bytes: Int, declareLength: Bool)

    /// A 200 (or `status`) reply with a JSON body, `Content-Type: application/json`.
    public static func json(_ text: String, status: Int = 200, headers: [(name: String, value: String)] = []) -> ServerBehaviour {
        .reply(status: status, headers: [("Content-Type", "application/json")] + headers, body: Array(text.utf8))
    }

    /// A reply with a text body.
    public static func text(_ text: String, status: Int = 200, headers: [(name: String, value: String)] = []) -> ServerBehaviour {
        .reply(status: status, headers: headers, body: Array(text.utf8))
    }
}

/// One request as the loopback server received it.
public struct RecordedRequest: Sendable {
    /// The method, e.g. `POST`.
    public var method: String
    /// The request target: path and query (`/v1/chat?x=1`), or an absolute URL when sent to a proxy.
    public var target: String
    /// The header fields in the order received, names as sent.
    public var headers: [(name: String, value: String)]
    /// The body bytes (read by `Content-Length`).
    public var body: [UInt8]

    /// The last value of header `name`, compared case-insensitively.
    public func header(_ name: String) -> String? {
        headers.last { $0.name.lowercased() == name.lowercased() }?.value
    }

    /// The path part of `target` (before `?`).
    public var path: String {
        String(target[..<(target.firstIndex(of: "?") ?? target.endIndex)])
    }

    /// The query part of `target` (after `?`), `""` when there is none.
    public var query: String {
        target.firstIndex(of: "?").map { String(target[target.index(after: $0)...]) } ?? ""
    }

    /// The body decoded as UTF-8.
    public var bodyText: String { String(decoding: body, as: UTF8.self) }
}

/// Why the loopback server could not start.
public struct ServerStartFailure: Error, Sendable, CustomStringConvertible {
    /// What failed, with errno's text.
    public var description: String
}
