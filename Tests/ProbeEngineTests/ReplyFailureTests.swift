import Testing
import ProbeTransport
@testable import ProbeEngine

/// A 2xx reply that says the provider failed (the Responses API's `status: "failed"`,
/// DECISIONS D15) becomes an error of its class, not a turn.
@Suite struct ReplyFailureTests {
    private let classifier = ReplyClassifier(provider: .openai, modelName: "o3-pro", responsesAPI: true, keyVariable: "OPENAI_API_KEY",
                                             secrets: ["sk-test-SECRET-FAKE"])

    private func classify(_ body: String) -> Result<ProviderReply, ProbeError> {
        classifier.classify(HTTPResponse(status: 200, headers: [], body: Array(body.utf8)))
    }

    @Test(arguments: [
        ("server_error", ErrorCode.serverError, "provider error, retry later"),
        ("rate_limit_exceeded", .rateLimit, "rate limited, retry later"),
        ("invalid_prompt", .validationError, "the provider rejected the request"),
    ])
    func failedStatusIsAnErrorNamedByItsCode(providerCode: String, code: ErrorCode, hint: String) throws {
        let body = #"{"status":"failed","output":[],"error":{"code":"\#(providerCode)","message":"echo sk-test-SECRET-FAKE"}}"#
        guard case .failure(let error) = classify(body) else {
            Issue.record("a failed response was read as a reply")
            return
        }
        #expect(error.code == code)
        #expect(error.message == "openai response failed (\(providerCode)): \(hint)")
        #expect(error.statusCode == nil)
        #expect(error.details?.contains("[REDACTED]") == true)
        #expect(error.details?.contains("SECRET") == false)
    }

    @Test func completedResponseIsAReply() throws {
        let body = #"{"status":"completed","output":[{"type":"message","content":[{"type":"output_text","text":"Hi"}]}]}"#
        guard case .success(let reply) = classify(body) else {
            Issue.record("a completed response was read as an error")
            return
        }
        #expect(reply.text == "Hi")
        #expect(reply.finishReason == "stop")
    }

    @Test func chatModelsAreNotReadAsResponses() {
        let chat = ReplyClassifier(provider: .openai, modelName: "o3", keyVariable: "OPENAI_API_KEY", secrets: [])
        let body = #"{"status":"completed","output":[]}"#
        guard case .failure(let error) = chat.classify(HTTPResponse(status: 200, headers: [], body: Array(body.utf8))) else {
            Issue.record("a Responses body was accepted from chat completions")
            return
        }
        #expect(error.code == .invalidResponse)
    }
}
