import Testing
import ProbeTransport
@testable import ProbeEngine

@Suite struct ClassifierTests {
    private let classifier = ReplyClassifier(provider: .anthropic, modelName: "claude-x", keyVariable: "ANTHROPIC_API_KEY",
                                             secrets: ["sk-ant-SECRET-FAKE"])

    private func error(_ status: Int, _ body: String = "") -> ProbeError {
        classifier.httpError(HTTPResponse(status: status, headers: [], body: Array(body.utf8)))
    }

    @Test(arguments: [
        (408, ErrorCode.timeout, "request timed out"), (429, .rateLimit, "rate limited, retry later"),
        (401, .authError, "check ANTHROPIC_API_KEY"), (403, .authError, "check ANTHROPIC_API_KEY"),
        (404, .notFound, "check the model name 'claude-x'"), (500, .serverError, "provider error, retry later"),
        (529, .serverError, "provider error, retry later"), (503, .serverError, "provider error, retry later"),
        (400, .validationError, "the provider rejected the request"), (422, .validationError, "the provider rejected the request"),
        (418, .validationError, "the provider rejected the request"), (301, .invalidResponse, "redirects are not followed"),
    ])
    func statusMapsToCodeAndHint(status: Int, code: ErrorCode, hint: String) {
        let result = error(status)
        #expect(result.code == code)
        #expect(result.message == "anthropic returned HTTP \(status): \(hint)")
        #expect(result.statusCode == status)
        #expect(result.details == "")
    }

    @Test func rateLimitPhrasesTurn400And503And529IntoRateLimit() {
        #expect(error(400, #"{"error":{"type":"rate_limit_error"}}"#).code == .rateLimit)
        #expect(error(503, "Too Many Requests").code == .rateLimit)
        #expect(error(529, "RESOURCE_EXHAUSTED").code == .rateLimit)
        #expect(error(400, "Quota Exceeded for tokens per minute").code == .rateLimit)
        #expect(error(500, "rate limit").code == .serverError)
        #expect(error(400, "bad request").code == .validationError)
    }

    @Test func detailsAreRedactedAndCut() {
        let body = "key sk-ant-SECRET-FAKE\u{301} echoed " + String(repeating: "界", count: 600)
        let details = error(401, body).details ?? ""
        #expect(!details.contains("SECRET"))
        #expect(details.hasPrefix("key [REDACTED]\u{301} echoed"))
        #expect(details.unicodeScalars.count == 500)
        let invalid = classifier.httpError(HTTPResponse(status: 500, headers: [], body: [0x61, 0xFF, 0x62]))
        #expect(invalid.details == "a\u{FFFD}b")
    }

    @Test func transportFailuresUseSpecMessages() {
        #expect(classifier.transportError(.connectionRefused) == ProbeError(code: .networkError, message: "anthropic request failed: connection refused"))
        #expect(classifier.transportError(.connectionReset).message == "anthropic request failed: connection reset")
        #expect(classifier.transportError(.replyCutShort).message == "anthropic request failed: reply cut short")
        #expect(classifier.transportError(.dnsFailed).message == "anthropic request failed: DNS lookup failed")
        #expect(classifier.transportError(.tlsFailed).message == "anthropic request failed: TLS handshake failed")
        #expect(classifier.transportError(.timedOut).code == .timeout)
        #expect(classifier.transportError(.replyTooLarge) == ProbeError(code: .invalidResponse, message: "anthropic reply is larger than 32 MiB"))
        #expect(classifier.transportError(.cancelled).code == .cancelled)
    }

    @Test func errorJSONHasDetailsAlwaysAndStatusOnlyForHTTP() {
        let http = error(500).json
        #expect(http["statusCode"] == .int(500))
        let transport = classifier.transportError(.connectionRefused).json
        #expect(transport.objectValue?.keys.contains("statusCode") == false)
        #expect(transport["details"] == .null)
    }
}
