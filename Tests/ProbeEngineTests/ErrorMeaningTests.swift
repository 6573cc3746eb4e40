import Testing
import ProbeTransport
@testable import ProbeEngine

/// DECISIONS D4: errors by what they mean, on bodies in each provider's documented shape
/// (the same bodies as Fixtures/parity/error_cases.py).
@Suite struct ErrorMeaningTests {
    private func error(_ provider: Provider, _ status: Int, _ body: String, headers: [HTTPHeader] = []) -> ProbeError {
        let variable = "\(provider.rawValue.uppercased())_API_KEY"
        return ReplyClassifier(provider: provider, modelName: "m", keyVariable: variable, secrets: [])
            .httpError(HTTPResponse(status: status, headers: headers, body: Array(body.utf8)))
    }

    static let quota = "quota or balance exhausted, not a rate limit: check the account's plan and billing"
    static let context = "the conversation is longer than the model's context window"

    static func googleQuota(_ per: String, delay: String) -> String {
        #"{"error":{"code":429,"message":"You exceeded your current quota.","status":"RESOURCE_EXHAUSTED","details":["#
            + #"{"@type":"type.googleapis.com/google.rpc.QuotaFailure","violations":[{"quotaMetric":"generativelanguage.googleapis.com/generate_content_free_tier_requests","quotaId":"GenerateRequestsPer\#(per)PerProjectPerModel-FreeTier"}]},"#
            + #"{"@type":"type.googleapis.com/google.rpc.RetryInfo","retryDelay":"\#(delay)"}]}}"#
    }

    @Test func aBadKeyInAnyShapeIsAuthErrorNamingTheVariable() {
        let google = #"{"error":{"code":400,"message":"API key not valid. Please pass a valid API key.","status":"INVALID_ARGUMENT","details":[{"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"API_KEY_INVALID","domain":"googleapis.com"}]}}"#
        #expect(error(.google, 400, google).code == .authError)
        #expect(error(.google, 400, google).message == "google returned HTTP 400: check GOOGLE_API_KEY")
        #expect(error(.google, 403, #"{"error":{"code":403,"message":"denied","status":"PERMISSION_DENIED"}}"#).code == .authError)
        let xai = #"{"code":"Client specified an invalid argument","error":"Incorrect API key provided: xa***FA. You can obtain an API key from https://console.x.ai."}"#
        #expect(error(.xai, 400, xai).message == "xai returned HTTP 400: check XAI_API_KEY")
        #expect(error(.anthropic, 401, #"{"type":"error","error":{"type":"authentication_error","message":"invalid x-api-key"}}"#).code == .authError)
        #expect(!error(.xai, 400, xai).retryable)
    }

    @Test func exhaustedQuotaOrBalanceIsNotRetryableAndSaysQuota() {
        let openAI = #"{"error":{"message":"You exceeded your current quota, please check your plan and billing details.","type":"insufficient_quota","param":null,"code":"insufficient_quota"}}"#
        let deepSeek = #"{"error":{"message":"Insufficient Balance","type":"unknown_error","param":null,"code":"invalid_request_error"}}"#
        for (provider, status, body) in [(Provider.openai, 429, openAI), (.google, 429, Self.googleQuota("Day", delay: "43s")), (.deepseek, 402, deepSeek)] {
            let result = error(provider, status, body)
            #expect(result.code == .validationError)
            #expect(!result.retryable)
            #expect(result.message == "\(provider.rawValue) returned HTTP \(status): \(Self.quota)")
        }
    }

    @Test func retryInfoDelayIsTheWaitAndAHeaderStillWins() {
        let perMinute = Self.googleQuota("Minute", delay: "43s")
        #expect(error(.google, 429, perMinute).code == .rateLimit)
        #expect(error(.google, 429, perMinute).retryAfterMs == 43_000)
        #expect(error(.google, 429, Self.googleQuota("Minute", delay: "0.5s")).retryAfterMs == 500)
        #expect(error(.google, 429, Self.googleQuota("Minute", delay: "soon")).retryAfterMs == nil)
        #expect(error(.google, 429, perMinute, headers: [HTTPHeader(name: "Retry-After", value: "2")]).retryAfterMs == 2_000)
    }

    @Test func contextTooLongSaysSo() {
        let bodies: [(Provider, String)] = [
            (.openai, #"{"error":{"message":"This model's maximum context length is 128000 tokens.","type":"invalid_request_error","param":"messages","code":"context_length_exceeded"}}"#),
            (.anthropic, #"{"type":"error","error":{"type":"invalid_request_error","message":"prompt is too long: 208310 tokens > 200000 maximum"}}"#),
            (.google, #"{"error":{"code":400,"message":"The input token count (1200000) exceeds the maximum number of tokens allowed (1048576).","status":"INVALID_ARGUMENT"}}"#),
        ]
        for (provider, body) in bodies {
            #expect(error(provider, 400, body).message == "\(provider.rawValue) returned HTTP 400: \(Self.context)")
        }
    }

    @Test func overloadedWaitsOnItsOwnLongerSchedule() {
        let overloaded = ProbeError(code: .serverError, message: "", statusCode: 529)
        let plain = ProbeError(code: .serverError, message: "", statusCode: 500)
        #expect(ProbeRunner.defaultWaitMs(overloaded, .transient, retry: 2) == 30_000)
        #expect(ProbeRunner.defaultWaitMs(plain, .transient, retry: 2) == 4_000)
    }

    @Test func bodiesThatAreNotJSONOrOddShapesReadAsNothing() {
        #expect(ErrorBody(Array("not json".utf8)) == ErrorBody())
        #expect(ErrorBody(Array("[1,2]".utf8)) == ErrorBody())
        #expect(ErrorBody(Array(#"{"error":{"details":[1,"x",{"@type":7}],"detail":"x"}}"#.utf8)).codes.isEmpty)
    }
}

/// DECISIONS D4: which refusal names which setting.
@Suite struct ParameterRejectionTests {
    private func find(_ status: Int, _ body: String) -> ParameterRejection? {
        ParameterRejection.find(status: status, ErrorBody(Array(body.utf8)))
    }

    @Test func eachProvidersRefusalNamesTheSetting() {
        let openAI = #"{"error":{"message":"Unsupported parameter: 'top_p' is not supported with this model.","type":"invalid_request_error","param":"top_p","code":"unsupported_parameter"}}"#
        #expect(find(400, openAI) == ParameterRejection(name: "topP", reason: "Unsupported parameter: 'top_p' is not supported with this model."))
        #expect(find(400, #"{"type":"error","error":{"type":"invalid_request_error","message":"`temperature` is deprecated for this model."}}"#)?.name == "temperature")
        #expect(find(400, #"{"type":"error","error":{"type":"invalid_request_error","message":"`temperature` and `top_p` cannot both be specified for this model. Please use only one."}}"#)?.name == "topP")
        let mistral = #"{"object":"error","message":{"detail":[{"type":"extra_forbidden","loc":["body","random_seed"],"msg":"Extra inputs are not permitted","input":42}]},"type":"invalid_request_error"}"#
        #expect(find(422, mistral) == ParameterRejection(name: "seed", reason: "Extra inputs are not permitted"))
        let google = #"{"error":{"code":400,"message":"Invalid JSON payload received. Unknown name \"topP\": Cannot find field.","status":"INVALID_ARGUMENT","details":[{"@type":"type.googleapis.com/google.rpc.BadRequest","fieldViolations":[{"field":"generation_config.top_p"}]}]}}"#
        #expect(find(400, google)?.name == "topP")
    }

    @Test func neverTheModelMessagesOrLimitAndOnlyOn400Or422() {
        let limit = #"{"error":{"message":"Unsupported parameter: 'max_tokens' is not supported with this model.","param":"max_tokens","code":"unsupported_parameter"}}"#
        #expect(find(400, limit) == nil)
        #expect(find(400, #"{"error":{"message":"Unsupported value: 'messages[0].role'","param":"messages","code":"unsupported_value"}}"#) == nil)
        #expect(find(400, #"{"error":{"message":"bad 'top_p' value","param":"top_p","code":"invalid_value"}}"#) == nil)
        let refusal = #"{"error":{"message":"Unsupported parameter: 'top_p'","param":"top_p","code":"unsupported_parameter"}}"#
        #expect(find(500, refusal) == nil)
        #expect(find(404, refusal) == nil)
    }

    @Test func quotedNamesAreFoundLeftToRight() {
        #expect(ParameterRejection.quoted("`temperature` and `top_p` 'x y' \"seed\"") == ["temperature", "top_p", "seed"])
        #expect(ParameterRejection.quoted("it's 'a.b_c' ``") == ["a.b_c"])
    }
}

/// Google's RetryInfo.retryDelay pauses the provider's batch gate as Retry-After does (D4, D11).
@Suite struct RetryInfoGateTests {
    @Test func retryDelayPausesOnlyThatProvider() async {
        // google's first request is a per-minute 429 asking for 5 s in its body, scaled ×1000 to
        // 5,000 s: past the 600 s deadline, so not taken; the later google probe meets the paused
        // gate: TIMEOUT, never sent. No wait is slept.
        let transport = CountingTransport(hold: .milliseconds(5)) { provider, number in
            provider == .google && number == 0
                ? Wire.response(429, ErrorMeaningTests.googleQuota("Minute", delay: "5s"))
                : CountingTransport.success(provider)
        }
        let environment = Probe.environment.merging(["PROBE_BACKOFF_SCALE": "1000", "PROBE_TIMEOUT_MS": "600000"]) { $1 }
        let engine = ProbeEngine(environment: environment, transport: transport, logger: LogCapture().logger)
        let lines = [BatchFixture.line("first", modelId: "gemini-2.0-flash")]
            + (0..<3).map { BatchFixture.line("a\($0)", modelId: "claude-x") }
            + [BatchFixture.line("second", modelId: "gemini-2.0-flash")]
        let results = await BatchFixture.collect(engine.batch(BatchFixture.inputs(lines), options: BatchOptions(concurrency: 1)))
        let byIndex = Dictionary(uniqueKeysWithValues: results.map { ($0.index, $0.output) })
        #expect(byIndex[0]?.error?.code == .rateLimit)
        #expect((1...3).allSatisfy { byIndex[$0]?.isSuccess == true })
        #expect(byIndex[4]?.error?.code == .timeout)
        #expect(transport.snapshot.arrivals.filter { $0 == .google }.count == 1)
    }
}
