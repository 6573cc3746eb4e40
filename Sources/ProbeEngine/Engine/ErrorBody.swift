/// What a provider's error body says, read in each provider's documented shape (DECISIONS D4):
/// the codes and types it names, its messages, Google's `ErrorInfo` reasons, `QuotaFailure`
/// quota ids and `RetryInfo` delay, and the request fields it blames (OpenAI's `param`,
/// Mistral's `loc`, Google's `fieldViolations`). Step for step the Python reference's
/// `common/error_body.py`.
struct ErrorBody: Sendable, Equatable {
    /// Lower-cased type, code, status and reason strings.
    var codes: Set<String> = []
    var messages: [String] = []
    var quotaIDs: [String] = []
    /// `RetryInfo.retryDelay` in milliseconds.
    var retryDelayMs: Double?
    var fields: [String] = []

    /// All messages, lower-cased.
    var text: String { messages.joined(separator: " ").lowercased() }

    /// The facts of `body`; empty for a body that is not a JSON object.
    init(_ body: [UInt8]) {
        guard var value = try? JSONParser.parse(body, maxDepth: 64) else { return }
        if let first = value.arrayValue?.first, first.objectValue != nil { value = first }
        if let object = value.objectValue { read(object, depth: 0) }
    }

    init() {}

    private mutating func read(_ object: JSONObject, depth: Int) {
        for name in ["type", "code", "status"] {
            if let text = object[name]?.stringValue { codes.insert(text.lowercased()) }
        }
        for name in ["message", "error"] {
            if let text = object[name]?.stringValue { messages.append(text) }
        }
        if let param = object["param"]?.stringValue { fields.append(param) }
        readDetails(object["details"]?.arrayValue ?? [])
        readDetailList(object["detail"]?.arrayValue ?? [])
        guard depth < 2 else { return }
        for name in ["error", "message"] {
            var inner = object[name]
            if let text = inner?.stringValue, text.drop(while: { $0 == " " }).hasPrefix("{") {
                inner = try? JSONParser.parse(Array(text.utf8), maxDepth: 64)
            }
            if let nested = inner?.objectValue { read(nested, depth: depth + 1) }
        }
    }

    /// google.rpc details: ErrorInfo, QuotaFailure, RetryInfo, BadRequest.
    private mutating func readDetails(_ details: [JSONValue]) {
        for item in details {
            guard let object = item.objectValue else { continue }
            let kind = object["@type"]?.stringValue ?? ""
            if kind.hasSuffix("google.rpc.ErrorInfo"), let reason = object["reason"]?.stringValue {
                codes.insert(reason.lowercased())
            } else if kind.hasSuffix("google.rpc.QuotaFailure") {
                quotaIDs += (object["violations"]?.arrayValue ?? []).compactMap { $0.objectValue?["quotaId"]?.stringValue }
            } else if kind.hasSuffix("google.rpc.RetryInfo"), let delay = object["retryDelay"]?.stringValue,
                      delay.hasSuffix("s"), let seconds = RetryAfter.parseSeconds(String(delay.dropLast())) {
                retryDelayMs = seconds * 1000
            } else if kind.hasSuffix("google.rpc.BadRequest") {
                fields += (object["fieldViolations"]?.arrayValue ?? []).compactMap { $0.objectValue?["field"]?.stringValue }
            }
        }
    }

    /// Mistral's (pydantic's) 422 `detail: [{type, loc, msg}]`.
    private mutating func readDetailList(_ detail: [JSONValue]) {
        for item in detail {
            guard let object = item.objectValue else { continue }
            if let type = object["type"]?.stringValue { codes.insert(type.lowercased()) }
            if let message = object["msg"]?.stringValue { messages.append(message) }
            if let last = object["loc"]?.arrayValue?.last?.stringValue { fields.append(last) }
        }
    }
}

/// DECISIONS D4: what an error means, whatever its status.
enum ErrorMeaning {
    static let quotaCodes: Set<String> = [
        "insufficient_quota", "credit_balance_exhausted", "organization_spend_limit_exceeded",
        "project_spend_limit_exceeded", "organization_usage_limit_exceeded", "billing_error",
    ]
    static let authReasons: Set<String> = ["api_key_invalid", "api_key_expired", "authentication_error"]
    static let authPhrases = ["incorrect api key provided", "api key not valid", "invalid api key", "invalid x-api-key"]
    static let contextPhrases = [
        "context_length_exceeded", "maximum context length", "context window", "prompt is too long",
        "input token count", "exceeds the maximum number of tokens", "too many input tokens",
    ]
    static let quotaHint = "quota or balance exhausted, not a rate limit: check the account's plan and billing"
    static let contextHint = "the conversation is longer than the model's context window"
    /// Anthropic's `overloaded_error`.
    static let overloadedStatus = 529

    /// Exhausted quota or balance: billing, not pacing.
    static func isQuota(status: Int, _ facts: ErrorBody) -> Bool {
        if status == 402 || !facts.codes.isDisjoint(with: quotaCodes) { return true }
        return status == 429 && facts.quotaIDs.contains { $0.lowercased().contains("perday") }
    }

    static func isAuth(status: Int, _ facts: ErrorBody) -> Bool {
        if status == 401 || status == 403 { return true }
        let text = facts.text
        return (400...499).contains(status)
            && (!facts.codes.isDisjoint(with: authReasons) || authPhrases.contains { text.contains($0) })
    }

    static func isContext(status: Int, body: [UInt8]) -> Bool {
        guard [400, 413, 422].contains(status) else { return false }
        let text = String(decoding: body, as: UTF8.self).lowercased()
        return contextPhrases.contains { text.contains($0) }
    }
}
