/// The closed set of failure codes (SPEC §5). The raw value is the wire code; whether a code
/// is retryable is decided here and nowhere else.
public enum ErrorCode: String, Sendable, CaseIterable, Codable {
    case rateLimit = "RATE_LIMIT"
    case serverError = "SERVER_ERROR"
    case timeout = "TIMEOUT"
    case networkError = "NETWORK_ERROR"
    case authError = "AUTH_ERROR"
    case notFound = "NOT_FOUND"
    case validationError = "VALIDATION_ERROR"
    case unsupportedProvider = "UNSUPPORTED_PROVIDER"
    case missingAPIKey = "MISSING_API_KEY"
    case invalidResponse = "INVALID_RESPONSE"
    case cancelled = "CANCELLED"
    case unknown = "UNKNOWN"

    /// Whether the caller may try the probe again later.
    public var isRetryable: Bool {
        switch self {
        case .rateLimit, .serverError, .timeout, .networkError, .cancelled, .unknown: return true
        case .authError, .notFound, .validationError, .unsupportedProvider, .missingAPIKey, .invalidResponse: return false
        }
    }

    /// The retry class inside the engine (SPEC §5): rate limits count apart from the
    /// transient server/transport classes; everything else is never retried in-engine.
    public var retryClass: RetryClass? {
        switch self {
        case .rateLimit: return .rateLimit
        case .serverError, .timeout, .networkError: return .transient
        default: return nil
        }
    }
}

/// The two retry counters of SPEC §5.
public enum RetryClass: Sendable, Equatable {
    /// RATE_LIMIT: up to 4 retries, 30 s × k by default.
    case rateLimit
    /// SERVER_ERROR, TIMEOUT, NETWORK_ERROR together: up to 2 retries, 2 s × k by default.
    case transient

    /// How many retries the class allows.
    public var maxRetries: Int {
        switch self {
        case .rateLimit: return 4
        case .transient: return 2
        }
    }

    /// The default wait before retry `k` (1-based), in milliseconds.
    public func defaultWaitMs(retry k: Int) -> Double {
        switch self {
        case .rateLimit: return 30_000 * Double(k)
        case .transient: return 2_000 * Double(k)
        }
    }
}

/// A classified failure: what the output's `error` object carries.
public struct ProbeError: Error, Sendable, Equatable {
    public var code: ErrorCode
    public var message: String
    /// Body of the provider's reply (redacted, cut) or the JSON parser's reason; else nil.
    public var details: String?
    /// The HTTP status that caused the error, when one did.
    public var statusCode: Int?
    /// Retry-After style wait the provider asked for, in milliseconds (not serialized).
    public var retryAfterMs: Double?

    public init(code: ErrorCode, message: String, details: String? = nil, statusCode: Int? = nil, retryAfterMs: Double? = nil) {
        self.code = code
        self.message = message
        self.details = details
        self.statusCode = statusCode
        self.retryAfterMs = retryAfterMs
    }

    public var retryable: Bool { code.isRetryable }

    /// A `VALIDATION_ERROR` for bad input.
    public static func validation(_ message: String, details: String? = nil) -> ProbeError {
        ProbeError(code: .validationError, message: message, details: details)
    }

    /// The output's `error` object (SPEC §2): `details` always present, `statusCode` only when set.
    public var json: JSONValue {
        var object: JSONObject = [
            "message": .string(message),
            "code": .string(code.rawValue),
            "retryable": .bool(retryable),
            "details": details.map(JSONValue.string) ?? .null,
        ]
        if let statusCode { object["statusCode"] = .int(statusCode) }
        return .object(object)
    }
}
