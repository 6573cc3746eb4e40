/// One HTTP header field, as sent or as received (names keep their case).
public struct HTTPHeader: Sendable, Equatable {
    /// The field name, e.g. `Content-Type`.
    public var name: String
    /// The field value, without surrounding whitespace.
    public var value: String

    /// A header field `name: value`.
    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

/// An HTTP request: always a POST of `body` to `url` with exactly `headers`.
public struct HTTPRequest: Sendable {
    /// An absolute `http://` or `https://` URL.
    public var url: String
    /// The header fields to send, in order (no default `Accept`, `Expect` or `Content-Type` is added).
    public var headers: [HTTPHeader]
    /// The request body.
    public var body: [UInt8]
    /// The provider the request is for (`openai`, …), when the engine built it; not sent.
    public var provider: String?
    /// The URL's path relative to the provider's base URL (`/chat/completions`,
    /// `/models/gemini-2.0-flash:generateContent`), when the engine built it; not sent. Cassettes
    /// match on it, so a recording replays whatever the base URL (DECISIONS D13).
    public var endpointPath: String?

    /// A POST of `body` to `url` with `headers`; `provider` and `endpointPath` describe it.
    public init(url: String, headers: [HTTPHeader], body: [UInt8], provider: String? = nil, endpointPath: String? = nil) {
        self.url = url
        self.headers = headers
        self.body = body
        self.provider = provider
        self.endpointPath = endpointPath
    }
}

/// A complete HTTP reply of any status (redirects are returned, not followed).
public struct HTTPResponse: Sendable {
    /// The status code, e.g. 200.
    public var status: Int
    /// The header fields of the final reply, in the order received.
    public var headers: [HTTPHeader]
    /// The reply body, exactly as received (no content decoding is asked for).
    public var body: [UInt8]

    /// A reply with these parts.
    public init(status: Int, headers: [HTTPHeader], body: [UInt8]) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The value of the header `name` compared case-insensitively; the last one wins when repeated.
    public func header(_ name: String) -> String? {
        let wanted = asciiLowercased(name)
        return headers.last { asciiLowercased($0.name) == wanted }?.value
    }
}

/// Why a request got no complete reply (DECISIONS D4 names the first six for the engine).
public enum TransportFailure: Error, Sendable, Equatable {
    /// Nothing accepted the connection.
    case connectionRefused
    /// The connection was closed or reset before the status line and headers arrived.
    case connectionReset
    /// The request's time limit (connect to last byte) ran out.
    case timedOut
    /// The host name (or the proxy's) could not be resolved.
    case dnsFailed
    /// The TLS handshake or the certificate check failed.
    case tlsFailed
    /// The connection ended after the headers arrived but before the whole body did.
    case replyCutShort
    /// The reply body is larger than the transport's limit; the transfer was stopped there.
    case replyTooLarge
    /// The calling task was cancelled; the transfer was stopped.
    case cancelled
    /// Anything else, with libcurl's description.
    case other(String)
    /// A replayed request that the cassette does not hold (DECISIONS D13), with the reason:
    /// the nearest recorded request and the first field where they differ.
    case notRecorded(String)
}

/// Sends one HTTP request and waits for its whole reply.
public protocol HTTPTransport: Sendable {
    /// Sends `request` and returns the complete reply, or fails when `timeoutMs` milliseconds
    /// (connect to last byte) pass first; a cancelled task fails with `.cancelled` promptly.
    func send(_ request: HTTPRequest, timeoutMs: Int) async throws(TransportFailure) -> HTTPResponse
}

/// `text` with ASCII letters lower-cased (header names and URL schemes are ASCII).
func asciiLowercased(_ text: String) -> String {
    String(decoding: text.utf8.map { $0 >= 65 && $0 <= 90 ? $0 + 32 : $0 }, as: UTF8.self)
}
