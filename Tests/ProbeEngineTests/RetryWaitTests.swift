import Testing
import ProbeTransport
@testable import ProbeEngine

/// The waits of SPEC §5 / DECISIONS D4 on a clock the test controls: each wait asserted to the
/// millisecond, none taken on the wall clock (issue 17).
@Suite struct RetryWaitTests {
    /// Runs `script` with the backoff at full scale (unless `environment` says otherwise).
    static func run(_ script: [Result<HTTPResponse, TransportFailure>], environment extra: [String: String] = [:])
        async -> (output: ProbeOutput, sent: Int, waits: [Int64]) {
        let clock = TestClock()
        let transport = ScriptedTransport(script)
        let environment = Probe.environment.merging(["PROBE_BACKOFF_SCALE": "1"]) { $1 }.merging(extra) { $1 }
        let engine = ProbeEngine(environment: environment, transport: transport, logger: LogCapture().logger, clock: clock)
        let output = await engine.run(Probe.input())
        return (output, transport.sent.count, clock.waitsMs)
    }

    @Test func retryAfterSecondsIsTheWait() async {
        let result = await Self.run([Wire.response(429, "", headers: [("Retry-After", "7")]), Wire.openAI("ok")])
        #expect(result.output.isSuccess)
        #expect(result.sent == 2)
        #expect(result.waits == [7_000])
    }

    @Test func retryAfterFractionalSecondsRoundUpToTheMillisecond() async {
        let result = await Self.run([Wire.response(503, "", headers: [("Retry-After", "1.2345")]), Wire.openAI("ok")])
        #expect(result.waits == [1_235])
    }

    @Test func retryAfterHTTPDateIsMeasuredFromTheClock() async {
        // The clock starts at 08:49:37 GMT; the first reply asks for 08:49:40, the second (now
        // 08:49:40 after the wait) for 08:49:45.
        let script = [
            Wire.response(429, "", headers: [("Retry-After", "Sun, 06 Nov 1994 08:49:40 GMT")]),
            Wire.response(429, "", headers: [("Retry-After", "Sun, 06 Nov 1994 08:49:45 GMT")]),
            Wire.openAI("ok"),
        ]
        let result = await Self.run(script)
        #expect(result.output.isSuccess)
        #expect(result.waits == [3_000, 5_000])
    }

    @Test func anHTTPDateInThePastWaitsNothing() async {
        let result = await Self.run([
            Wire.response(429, "", headers: [("Retry-After", "Sun, 06 Nov 1994 08:00:00 GMT")]), Wire.openAI("ok"),
        ])
        #expect(result.waits == [0])
    }

    @Test func retryAfterMsWinsOverRetryAfter() async {
        let result = await Self.run([
            Wire.response(429, "", headers: [("retry-after-ms", "1500"), ("Retry-After", "9")]), Wire.openAI("ok"),
        ])
        #expect(result.waits == [1_500])
    }

    @Test func rateLimitScheduleIsThirtySecondsTimesTheRetry() async {
        let result = await Self.run(Array(repeating: Wire.response(429, ""), count: 6),
                                    environment: ["PROBE_TIMEOUT_MS": "600000"])
        #expect(result.sent == 5)
        #expect(result.output.error?.code == .rateLimit)
        #expect(result.waits == [30_000, 60_000, 90_000, 120_000])
    }

    @Test func transientScheduleIsTwoSecondsTimesTheRetry() async {
        let result = await Self.run([Wire.response(500, ""), .failure(.connectionReset), Wire.response(502, ""), Wire.openAI("x")])
        #expect(result.sent == 3)
        #expect(result.output.error?.code == .serverError)
        #expect(result.waits == [2_000, 4_000])
    }

    @Test func backoffScaleMultipliesEveryWait() async {
        let result = await Self.run([
            Wire.response(429, "", headers: [("Retry-After", "8")]), Wire.response(500, ""), Wire.openAI("ok"),
        ], environment: ["PROBE_BACKOFF_SCALE": "0.5"])
        #expect(result.waits == [4_000, 1_000])
    }

    @Test func theDeadlineCutsAWaitThatWouldEndAtOrPastIt() async {
        let shorter = await Self.run([Wire.response(429, "", headers: [("Retry-After", "4")]), Wire.openAI("ok")],
                                     environment: ["PROBE_TIMEOUT_MS": "5000"])
        #expect(shorter.output.isSuccess)
        #expect(shorter.waits == [4_000])
        for seconds in ["5", "6"] {
            let cut = await Self.run([Wire.response(429, "", headers: [("Retry-After", seconds)]), Wire.openAI("late")],
                                     environment: ["PROBE_TIMEOUT_MS": "5000"])
            #expect(cut.sent == 1, "Retry-After \(seconds)")
            #expect(cut.waits.isEmpty)
            #expect(cut.output.error?.code == .rateLimit)
        }
    }

    @Test func waitsAddUpAgainstTheDeadline() async {
        // 3 s then 1.5 s fit in 5 s; the third wait (0.6 s) would end at 5.1 s: not taken.
        let script = [
            Wire.response(429, "", headers: [("Retry-After", "3")]), Wire.response(429, "", headers: [("Retry-After", "1.5")]),
            Wire.response(429, "", headers: [("Retry-After", "0.6")]), Wire.openAI("late"),
        ]
        let result = await Self.run(script, environment: ["PROBE_TIMEOUT_MS": "5000"])
        #expect(result.waits == [3_000, 1_500])
        #expect(result.sent == 3)
        #expect(result.output.error?.code == .rateLimit)
    }
}
