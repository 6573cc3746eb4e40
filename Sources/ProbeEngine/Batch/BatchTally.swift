/// Running totals of a batch for its progress and summary (SPEC §9): counts by outcome and
/// error code, tokens and cost of every paid turn (a failure's partial transcript included).
public struct BatchTally: Sendable {
    /// Inputs this run will answer; nil while a stream is still being read (DECISIONS D11).
    public var total: Int?
    public private(set) var done = 0
    public private(set) var succeeded = 0
    public private(set) var failed = 0
    /// Failures by error code.
    public private(set) var errors: [ErrorCode: Int] = [:]
    public private(set) var inputTokens = 0
    public private(set) var outputTokens = 0
    /// The sum of the transcripts' `costSnapshot.estimatedCost` (inputs without modelCost add 0).
    public private(set) var estimatedCost = 0.0

    public init(total: Int?) {
        self.total = total
    }

    /// Counts one finished input.
    public mutating func add(_ output: ProbeOutput) {
        done += 1
        if let error = output.error {
            failed += 1
            errors[error.code, default: 0] += 1
        } else {
            succeeded += 1
        }
        if let transcript = output.transcript {
            inputTokens += transcript.totalInputTokens
            outputTokens += transcript.totalOutputTokens
            estimatedCost += transcript.costSnapshot?.estimatedCost ?? 0
        }
    }

    /// Inputs finished per second so far.
    public func rate(elapsed: Duration) -> Double {
        let seconds = Self.seconds(elapsed)
        return seconds > 0 ? Double(done) / seconds : 0
    }

    /// Seconds left at the rate so far; nil before the first input finished or while the total is unknown.
    public func etaSeconds(elapsed: Duration) -> Double? {
        let rate = rate(elapsed: elapsed)
        guard let total, done > 0, rate > 0 else { return nil }
        return Double(max(0, total - done)) / rate
    }

    /// `{"type":"progress",...}`: a line of stderr when it is not a terminal.
    public func progressJSON(elapsed: Duration) -> JSONValue {
        var object = counts(type: "progress")
        object["elapsedMs"] = .int(ProbeRunner.milliseconds(elapsed))
        object["ratePerSecond"] = .double(Self.rounded(rate(elapsed: elapsed)))
        object["etaSeconds"] = etaSeconds(elapsed: elapsed).map { .double(Self.rounded($0)) } ?? .null
        return .object(object)
    }

    /// `{"type":"summary",...}`: the last line on stderr. `skipped` = inputs `--resume` found
    /// done; `signal` = the signal that stopped the batch (`SIGINT`, `SIGTERM`), if one did.
    public func summaryJSON(elapsed: Duration, skipped: Int, signal: String?) -> JSONValue {
        var object = counts(type: "summary")
        object["skipped"] = .int(skipped)
        object["errors"] = .object(JSONObject(errors.sorted { $0.key.rawValue < $1.key.rawValue }
            .map { ($0.key.rawValue, .int($0.value)) }))
        object["wallMs"] = .int(ProbeRunner.milliseconds(elapsed))
        object["signal"] = signal.map(JSONValue.string) ?? .null
        return .object(object)
    }

    private func counts(type: String) -> JSONObject {
        [
            "type": .string(type), "done": .int(done), "total": total.map(JSONValue.int) ?? .null, "succeeded": .int(succeeded), "failed": .int(failed),
            "inputTokens": .int(inputTokens), "outputTokens": .int(outputTokens),
            "estimatedCost": .double(estimatedCost),
        ]
    }

    static func seconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) + Double(attoseconds) / 1e18
    }

    private static func rounded(_ value: Double) -> Double {
        (value * 100).rounded() / 100
    }
}
