import Testing
import ProbeTransport
@testable import ProbeEngine

@Suite struct RetryTests {
    @Test func rateLimitIsRetriedFourTimesThenFails() async {
        let script = Array(repeating: Wire.response(429, #"{"error":"slow down"}"#, headers: [("Retry-After", "0")]), count: 6)
        let (output, transport) = await Probe.run(Probe.input(), script)
        #expect(transport.sent.count == 5)
        #expect(output.error?.code == .rateLimit)
        #expect(output.error?.message == "openai returned HTTP 429: rate limited, retry later")
        #expect(output.error?.retryable == true)
    }

    @Test func transientErrorsShareTwoRetries() async {
        let script: [Result<HTTPResponse, TransportFailure>] = [
            Wire.response(500, "oops"), .failure(.connectionReset), .failure(.timedOut), Wire.openAI("never"),
        ]
        let (output, transport) = await Probe.run(Probe.input(), script)
        #expect(transport.sent.count == 3)
        #expect(output.error?.code == .timeout)
        #expect(output.error?.message == "openai request failed: timed out")
    }

    @Test func rateLimitAndTransientCountersAreSeparate() async {
        let script: [Result<HTTPResponse, TransportFailure>] = [
            Wire.response(429, ""), Wire.response(503, "overloaded"), Wire.response(429, ""),
            .failure(.connectionRefused), Wire.response(429, ""), Wire.openAI("finally"),
        ]
        let (output, transport) = await Probe.run(Probe.input(), script)
        #expect(output.isSuccess)
        #expect(transport.sent.count == 6)
    }

    @Test func countersResetForEachTurn() async {
        let input = Probe.input(followups: [Followup(prompt: "next")])
        let script: [Result<HTTPResponse, TransportFailure>] = [
            Wire.response(500, ""), Wire.response(500, ""), Wire.openAI("one"),
            Wire.response(500, ""), Wire.response(500, ""), Wire.openAI("two"),
        ]
        let (output, _) = await Probe.run(input, script)
        #expect(output.transcript?.turns.count == 2)
        #expect(output.isSuccess)
    }

    @Test func nonRetryableErrorsAreNotRetried() async {
        for status in [400, 401, 403, 404, 422] {
            let (output, transport) = await Probe.run(Probe.input(), [Wire.response(status, "{}"), Wire.openAI("x")])
            #expect(transport.sent.count == 1, "HTTP \(status)")
            #expect(output.error?.retryable == false)
        }
        let (shape, transport) = await Probe.run(Probe.input(), [Wire.response(200, "<html>hi</html>"), Wire.openAI("x")])
        #expect(transport.sent.count == 1)
        #expect(shape.error?.code == .invalidResponse)
        #expect(shape.error?.message == "openai reply has an unexpected shape")
        #expect(shape.error?.details == "<html>hi</html>")
        #expect(shape.error?.statusCode == nil)
    }

    @Test func waitPastTheDeadlineIsNotTaken() async {
        let script = [Wire.response(429, "", headers: [("retry-after", "120")]), Wire.openAI("late")]
        let (output, transport) = await Probe.run(Probe.input(), script,
                                                  environment: ["PROBE_BACKOFF_SCALE": "1", "PROBE_TIMEOUT_MS": "5000"])
        #expect(transport.sent.count == 1)
        #expect(output.error?.code == .rateLimit)
    }

    @Test func requestLimitIsTheSmallerOfRequestTimeoutAndTimeLeft() async throws {
        let (_, transport) = await Probe.run(Probe.input(), [Wire.openAI("ok")],
                                             environment: ["PROBE_REQUEST_TIMEOUT_MS": "120000", "PROBE_TIMEOUT_MS": "60000"])
        // The time left (at most 60 s, whatever the machine's speed), not the 120 s request limit.
        let limit = try #require(transport.sent.first?.timeoutMs)
        #expect(limit <= 60_000 && limit > 0)
        let (_, other) = await Probe.run(Probe.input(), [Wire.openAI("ok")], environment: ["PROBE_REQUEST_TIMEOUT_MS": "750"])
        #expect(other.sent.first?.timeoutMs == 750)
    }

    @Test func retryAfterHeaderForms() {
        func wait(_ headers: [(String, String)]) -> Double? {
            RetryAfter.waitMs(HTTPResponse(status: 429, headers: headers.map { HTTPHeader(name: $0.0, value: $0.1) }, body: []),
                              nowEpochMs: 784_111_777_000)  // Sun, 06 Nov 1994 08:49:37 GMT
        }
        #expect(wait([("Retry-After", "7")]) == 7000)
        #expect(wait([("Retry-After", "1.5")]) == 1500)
        #expect(wait([("retry-after-ms", "250"), ("Retry-After", "9")]) == 250)
        #expect(wait([("retry-after-ms", "soon"), ("Retry-After", "9")]) == 9000)
        #expect(wait([("Retry-After", "Sun, 06 Nov 1994 08:49:47 GMT")]) == 10_000)
        #expect(wait([("Retry-After", "Sun, 06 Nov 1994 08:40:00 GMT")]) == 0)
        #expect(wait([("Retry-After", "-3")]) == nil)
        #expect(wait([("Retry-After", "1e3")]) == nil)
        #expect(wait([("Retry-After", "Sunday, 06-Nov-94 08:49:37 GMT")]) == nil)
        #expect(wait([]) == nil)
    }

    @Test func defaultScheduleMatchesSpec() {
        #expect((1...4).map { RetryClass.rateLimit.defaultWaitMs(retry: $0) } == [30_000, 60_000, 90_000, 120_000])
        #expect((1...2).map { RetryClass.transient.defaultWaitMs(retry: $0) } == [2_000, 4_000])
    }

    @Test func settingsFallBackOnBadValues() {
        let settings = EngineSettings(environment: ["PROBE_BACKOFF_SCALE": "abc", "PROBE_TIMEOUT_MS": "-5", "PROBE_REQUEST_TIMEOUT_MS": "10"])
        #expect(settings.backoffScale == 1)
        #expect(settings.probeTimeoutMs == 300_000)
        #expect(settings.requestTimeoutMs == 10)
        #expect(settings.warnings.count == 2)
    }
}

@Suite struct NumberSettingTests {
    @Test func unsignedNumbersFollowTheDecisionsPattern() {
        #expect(UnsignedNumber.parse("0") == 0)
        #expect(UnsignedNumber.parse(" 1.5 ") == 1.5)
        #expect(UnsignedNumber.parse("2e3") == 2000)
        for bad in ["", "-1", "+1", "0x10", "inf", "nan", "1.", ".5", "1e", "1e999", "1,5"] {
            #expect(UnsignedNumber.parse(bad) == nil, "\(bad)")
        }
    }

    @Test func cancelledProbeReportsCancelledWithPaidTurns() async throws {
        let transport = ScriptedTransport([Wire.openAI("first"), .failure(.cancelled)])
        let output = await Probe.engine(transport).run(Probe.input(followups: [Followup(prompt: "more")]))
        #expect(output.error == ProbeError(code: .cancelled, message: "probe cancelled"))
        #expect(output.error?.retryable == true)
        #expect(output.json["partialTranscript"]?["turns"]?.arrayValue?.count == 1)
    }
}
