import ProbeJSON

/// Generated probe inputs for load runs against the mock (the benchmark programs): one run id,
/// 1 to 3 turns (a trolley dilemma and up to two follow-ups), models spread evenly over the six
/// providers, and an optional definition snapshot.
public struct MockWorkload: Sendable {
    public static let models = [
        "gpt-4o-mini", "claude-3-5-haiku-20241022", "gemini-2.0-flash",
        "grok-3-mini", "deepseek-chat", "mistral-small-latest",
    ]
    static let followups: [JSONValue] = [
        .object(["label": .string("justification"), "prompt": .string("What principle decided your answer?")]),
        .object(["label": .string("reversal"), "prompt": .string("Would it change if the one person were someone you love?")]),
    ]

    public var runId: String
    /// Turns a probe runs (`maxTurns`), 1 to 3.
    public var turns: Int
    /// The inputs' `definitionSnapshot`; none when nil.
    public var definitionSnapshot: JSONValue?

    public init(runId: String, turns: Int = 3, definitionSnapshot: JSONValue? = nil) {
        self.runId = runId
        self.turns = min(3, max(1, turns))
        self.definitionSnapshot = definitionSnapshot
    }

    /// Input `index` as one JSON line (no newline): scenario `scenario-<index>`.
    public func line(_ index: Int) -> [UInt8] {
        var input: JSONObject = [
            "runId": .string(runId),
            "scenarioId": .string("scenario-\(index)"),
            "modelId": .string(Self.models[index % Self.models.count]),
            "scenario": .object([
                "preamble": .string("You are a careful assistant. Answer in two sentences."),
                "prompt": .string("Probe \(index): a runaway trolley will hit five people unless you divert it onto a track where it hits one. Do you pull the lever?"),
                "followups": .array(Array(Self.followups.prefix(turns - 1))),
            ]),
            "config": .object(["temperature": .int(0), "maxTokens": .int(200), "maxTurns": .int(turns)]),
            "modelCost": .object(["costInputPerMillion": .int(1), "costOutputPerMillion": .int(2)]),
        ]
        if let definitionSnapshot { input["definitionSnapshot"] = definitionSnapshot }
        return JSONWriter.bytes(.object(input))
    }

    /// Inputs 0..<count as JSON lines.
    public func lines(_ count: Int) -> [UInt8] {
        var bytes: [UInt8] = []
        for index in 0..<count {
            bytes += line(index)
            bytes.append(UInt8(ascii: "\n"))
        }
        return bytes
    }

    /// Fake keys and base URLs pointing every provider at the mock on `port`, retry waits
    /// scaled to nothing, then `extra`.
    public static func environment(mockPort port: Int, extra: [String: String] = [:]) -> [String: String] {
        let settings = ["PROBE_BACKOFF_SCALE": "0"].merging(extra) { _, new in new }
        return ProviderMock.environment(origin: "http://127.0.0.1:\(port)", extra: settings)
    }
}
