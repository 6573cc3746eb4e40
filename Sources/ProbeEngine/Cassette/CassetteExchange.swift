import ProbeTransport

/// One provider exchange as a cassette line holds it (DECISIONS D13): the request as sent
/// (key values already replaced by `[REDACTED]`), then the reply or the transport failure.
public struct CassetteExchange: Sendable {
    /// What came back: a complete reply of any status, or why none did.
    public enum Outcome: Sendable {
        case response(HTTPResponse)
        case failure(TransportFailure)
    }

    /// The provider (`openai`, …); nil for a request the engine did not build.
    public var provider: String?
    /// Always `POST` today.
    public var method: String
    /// The full URL the request went to.
    public var url: String
    /// The path relative to the provider's base URL (what replay matches on); nil when unknown.
    public var path: String?
    public var requestHeaders: [HTTPHeader]
    public var requestBody: [UInt8]
    public var outcome: Outcome
    /// When the request started (RFC 3339, UTC) and how long until the reply or failure.
    public var startedAt: String
    public var durationMs: Int

    public init(provider: String?, method: String = "POST", url: String, path: String?, requestHeaders: [HTTPHeader],
                requestBody: [UInt8], outcome: Outcome, startedAt: String, durationMs: Int) {
        self.provider = provider
        self.method = method
        self.url = url
        self.path = path
        self.requestHeaders = requestHeaders
        self.requestBody = requestBody
        self.outcome = outcome
        self.startedAt = startedAt
        self.durationMs = durationMs
    }

    /// The request path replay compares: `path`, else the whole URL.
    var matchPath: String { path ?? url }
}

/// The JSON form of a line (without its `hash`, which `CassetteChain` adds), in this order:
/// `version`, `provider`, `method`, `url`, `path`, `request` {`headers`, body}, then either
/// `response` {`status`, `headers`, body} or `failure` {`kind`[, `detail`]}, `startedAt`,
/// `durationMs`. Headers are `[name, value]` pairs in order; a body is `body` (the JSON value
/// itself, when writing it back gives exactly the bytes), else `bodyText` (UTF-8 text), else
/// `bodyBase64`.
extension CassetteExchange {
    static let version = 1

    /// The failure kinds a cassette can hold (`cancelled` and `notRecorded` are never recorded).
    private static let failureKinds: [(String, TransportFailure)] = [
        ("connectionRefused", .connectionRefused), ("connectionReset", .connectionReset), ("timedOut", .timedOut),
        ("dnsFailed", .dnsFailed), ("tlsFailed", .tlsFailed), ("replyCutShort", .replyCutShort),
        ("replyTooLarge", .replyTooLarge),
    ]

    var json: JSONObject {
        var object: JSONObject = [
            "version": .int(Self.version),
            "provider": provider.map(JSONValue.string) ?? .null,
            "method": .string(method), "url": .string(url), "path": path.map(JSONValue.string) ?? .null,
        ]
        var request: JSONObject = ["headers": Self.headersJSON(requestHeaders)]
        Self.putBody(requestBody, into: &request)
        object["request"] = .object(request)
        switch outcome {
        case .response(let response):
            var reply: JSONObject = ["status": .int(response.status), "headers": Self.headersJSON(response.headers)]
            Self.putBody(response.body, into: &reply)
            object["response"] = .object(reply)
        case .failure(let failure):
            object["failure"] = .object(Self.failureJSON(failure))
        }
        object["startedAt"] = .string(startedAt)
        object["durationMs"] = .int(durationMs)
        return object
    }

    /// The exchange a line's object holds, or why it holds none.
    init(json value: JSONValue) throws(CassetteFormatError) {
        guard let object = value.objectValue else { throw CassetteFormatError("not a JSON object") }
        guard object["version"]?.numberValue?.intValue == Self.version else {
            throw CassetteFormatError("version is not \(Self.version)")
        }
        guard let url = object["url"]?.stringValue, let method = object["method"]?.stringValue,
              let request = object["request"]?.objectValue else {
            throw CassetteFormatError("url, method or request missing")
        }
        let outcome: Outcome
        if let reply = object["response"]?.objectValue {
            guard let status = reply["status"]?.numberValue?.intValue else { throw CassetteFormatError("response.status missing") }
            outcome = .response(HTTPResponse(status: status, headers: try Self.headers(reply["headers"], "response.headers"),
                                             body: try Self.body(in: reply, "response")))
        } else if let failure = object["failure"]?.objectValue {
            outcome = .failure(try Self.failure(failure))
        } else {
            throw CassetteFormatError("neither response nor failure")
        }
        self.init(provider: object["provider"]?.stringValue, method: method, url: url, path: object["path"]?.stringValue,
                  requestHeaders: try Self.headers(request["headers"], "request.headers"),
                  requestBody: try Self.body(in: request, "request"), outcome: outcome,
                  startedAt: object["startedAt"]?.stringValue ?? "",
                  durationMs: object["durationMs"]?.numberValue?.intValue ?? 0)
    }

    private static func headersJSON(_ headers: [HTTPHeader]) -> JSONValue {
        .array(headers.map { .array([.string($0.name), .string($0.value)]) })
    }

    private static func headers(_ value: JSONValue?, _ name: String) throws(CassetteFormatError) -> [HTTPHeader] {
        guard let pairs = value?.arrayValue else { throw CassetteFormatError("\(name) is not an array") }
        var headers: [HTTPHeader] = []
        for pair in pairs {
            guard let items = pair.arrayValue, items.count == 2, let name = items[0].stringValue,
                  let value = items[1].stringValue else { throw CassetteFormatError("\(name) holds a bad pair") }
            headers.append(HTTPHeader(name: name, value: value))
        }
        return headers
    }

    /// `body` (exact JSON), `bodyText` or `bodyBase64`, whichever keeps the bytes readable and exact.
    private static func putBody(_ bytes: [UInt8], into object: inout JSONObject) {
        if let value = try? JSONParser.parse(bytes, maxDepth: 512), JSONWriter.bytes(value) == bytes {
            object["body"] = value
        } else if let text = String(validating: bytes, as: UTF8.self) {
            object["bodyText"] = .string(text)
        } else {
            object["bodyBase64"] = .string(Base64.encode(bytes))
        }
    }

    private static func body(in object: JSONObject, _ name: String) throws(CassetteFormatError) -> [UInt8] {
        if let value = object["body"] { return JSONWriter.bytes(value) }
        if let text = object["bodyText"]?.stringValue { return Array(text.utf8) }
        if let encoded = object["bodyBase64"]?.stringValue {
            guard let bytes = Base64.decode(encoded) else { throw CassetteFormatError("\(name).bodyBase64 is not base64") }
            return bytes
        }
        throw CassetteFormatError("\(name) has no body, bodyText or bodyBase64")
    }

    private static func failureJSON(_ failure: TransportFailure) -> JSONObject {
        if let kind = failureKinds.first(where: { $0.1 == failure })?.0 { return ["kind": .string(kind)] }
        switch failure {
        case .other(let detail), .notRecorded(let detail): return ["kind": .string("other"), "detail": .string(detail)]
        default: return ["kind": .string("other"), "detail": .string("\(failure)")]
        }
    }

    private static func failure(_ object: JSONObject) throws(CassetteFormatError) -> TransportFailure {
        guard let kind = object["kind"]?.stringValue else { throw CassetteFormatError("failure.kind missing") }
        if let known = failureKinds.first(where: { $0.0 == kind })?.1 { return known }
        guard kind == "other" else { throw CassetteFormatError("unknown failure.kind '\(kind)'") }
        return .other(object["detail"]?.stringValue ?? "")
    }
}

/// Why a line whose hash is right still is not an exchange (e.g. a newer format).
struct CassetteFormatError: Error {
    var reason: String
    init(_ reason: String) { self.reason = reason }
}
