import ProbeProviders
import ProbeTransport

/// Turns what came back from the wire into a reply or a classified `ProbeError` (SPEC §5,
/// DECISIONS D4). The status → code table lives here and nowhere else.
struct ReplyClassifier {
    let provider: Provider
    let modelName: String
    /// The model's profile sends it through the Responses API (DECISIONS D14/D15).
    var responsesAPI = false
    /// The variable the key was read from, for the AUTH_ERROR hint.
    let keyVariable: String
    let secrets: [String]
    /// Wall time for an HTTP-date `Retry-After` (the engine clock's; issue 17).
    var epochMs: @Sendable () -> Double = { WallClock.epochMs() }

    private static let rateLimitPhrases = [
        "rate limit", "rate_limit", "ratelimit", "too many requests", "quota exceeded",
        "resource_exhausted", "requests per minute", "tokens per minute",
    ]

    /// A reply for a 2xx JSON body of the right shape, else the error.
    func classify(_ response: HTTPResponse) -> Result<ProviderReply, ProbeError> {
        let status = response.status
        guard (200...299).contains(status) else { return .failure(httpError(response)) }
        let shapeError = ProbeError(
            code: .invalidResponse,
            message: "\(provider.rawValue) reply has an unexpected shape",
            details: Redaction.details(body: response.body, secrets: secrets)
        )
        guard let body = try? JSONParser.parse(response.body, maxDepth: 512) else { return .failure(shapeError) }
        let reply: ProviderReply
        do {
            reply = try Providers.adapter(for: provider, responsesAPI: responsesAPI).parseReply(body)
        } catch {
            return .failure(shapeError)
        }
        if let failure = reply.failure { return .failure(replyFailed(failure, body: response.body)) }
        return .success(reply)
    }

    /// The error for a 2xx reply that says the provider failed to answer (DECISIONS D15).
    func replyFailed(_ failure: ReplyFailure, body: [UInt8]) -> ProbeError {
        let hint = switch failure.code {
        case .rateLimit: "rate limited, retry later"
        case .serverError: "provider error, retry later"
        default: "the provider rejected the request"
        }
        return ProbeError(code: failure.code, message: "\(provider.rawValue) response failed (\(failure.providerCode)): \(hint)",
                          details: Redaction.details(body: body, secrets: secrets))
    }

    /// The error for a non-2xx status (DECISIONS D4's order: what the body means comes first).
    func httpError(_ response: HTTPResponse) -> ProbeError {
        let status = response.status
        let details = Redaction.details(body: response.body, secrets: secrets)
        let facts = ErrorBody(response.body)
        let prefix = "\(provider.rawValue) returned HTTP \(status)"
        func error(_ code: ErrorCode, _ hint: String) -> ProbeError {
            // Google says how long to wait in the body (RetryInfo.retryDelay), like Retry-After.
            let wait = code.retryClass == nil ? nil : (RetryAfter.waitMs(response, nowEpochMs: epochMs()) ?? facts.retryDelayMs)
            return ProbeError(code: code, message: "\(prefix): \(hint)", details: details, statusCode: status, retryAfterMs: wait)
        }
        if status == 408 { return error(.timeout, "request timed out") }
        if ErrorMeaning.isQuota(status: status, facts) { return error(.validationError, ErrorMeaning.quotaHint) }
        if ErrorMeaning.isAuth(status: status, facts) { return error(.authError, "check \(keyVariable)") }
        if status == 429 { return error(.rateLimit, "rate limited, retry later") }
        if [400, 503, 529].contains(status) && mentionsRateLimit(response.body) {
            return error(.rateLimit, "rate limited, retry later")
        }
        switch status {
        case 404: return error(.notFound, "check the model name '\(modelName)'")
        case 500...599: return error(.serverError, "provider error, retry later")
        case 400...499:
            if ErrorMeaning.isContext(status: status, body: response.body) {
                return error(.validationError, ErrorMeaning.contextHint)
            }
            return error(.validationError, "the provider rejected the request")
        case 300...399: return error(.invalidResponse, "redirects are not followed")
        default:
            return ProbeError(code: .unknown, message: prefix, details: details, statusCode: status)
        }
    }

    private func mentionsRateLimit(_ body: [UInt8]) -> Bool {
        let text = String(decoding: body, as: UTF8.self).lowercased()
        return Self.rateLimitPhrases.contains { text.contains($0) }
    }

    /// The error for a request that got no complete reply.
    func transportError(_ failure: TransportFailure) -> ProbeError {
        let prefix = "\(provider.rawValue) request failed: "
        switch failure {
        case .connectionRefused: return ProbeError(code: .networkError, message: prefix + "connection refused")
        case .connectionReset: return ProbeError(code: .networkError, message: prefix + "connection reset")
        case .replyCutShort: return ProbeError(code: .networkError, message: prefix + "reply cut short")
        case .dnsFailed: return ProbeError(code: .networkError, message: prefix + "DNS lookup failed")
        case .tlsFailed: return ProbeError(code: .networkError, message: prefix + "TLS handshake failed")
        case .timedOut: return ProbeError(code: .timeout, message: prefix + "timed out")
        case .replyTooLarge:
            return ProbeError(code: .invalidResponse, message: "\(provider.rawValue) reply is larger than 32 MiB")
        case .cancelled: return ProbeError(code: .cancelled, message: "probe cancelled")
        case .notRecorded(let reason):
            // Not retryable: replaying the same cassette again cannot match (DECISIONS D13).
            return ProbeError(code: .validationError, message: "replay: " + Redaction.redact(oneLine(reason), secrets: secrets))
        case .other(let description):
            return ProbeError(code: .unknown, message: prefix + Redaction.redact(oneLine(description), secrets: secrets))
        }
    }

    private func oneLine(_ text: String) -> String {
        String(text.unicodeScalars.map { $0 == "\n" || $0 == "\r" ? " " : Character($0) })
    }
}
