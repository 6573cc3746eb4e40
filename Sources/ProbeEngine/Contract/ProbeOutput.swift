/// One completed turn of a transcript (SPEC §2).
public struct Turn: Sendable, Equatable {
    public var turnNumber: Int
    public var promptLabel: String
    public var probePrompt: String
    public var targetResponse: String
    public var inputTokens: Int
    public var outputTokens: Int
    public var durationMs: Int
    /// `provider`, `finishReason`, `raw`, and when they apply `reasoning`, `tokensEstimated`,
    /// `truncated`, `originalBytes`.
    public var providerMetadata: JSONObject

    public var json: JSONValue {
        .object([
            "turnNumber": .int(turnNumber),
            "promptLabel": .string(promptLabel),
            "probePrompt": .string(probePrompt),
            "targetResponse": .string(targetResponse),
            "inputTokens": .int(inputTokens),
            "outputTokens": .int(outputTokens),
            "durationMs": .int(durationMs),
            "providerMetadata": .object(providerMetadata),
        ])
    }
}

/// The cost of a transcript (SPEC §6).
public struct CostSnapshot: Sendable, Equatable {
    public var cost: ModelCost
    public var inputTokens: Int
    public var outputTokens: Int
    /// The input tokens read from the provider's cache (the turns' `cachedInputTokens`, part of
    /// `inputTokens`); priced at `costCachedInputPerMillion` when the cost has it (D7).
    public var cachedInputTokens: Int

    public init(cost: ModelCost, inputTokens: Int, outputTokens: Int, cachedInputTokens: Int = 0) {
        self.cost = cost
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
        self.cachedInputTokens = min(max(cachedInputTokens, 0), inputTokens)
    }

    /// `(in / 1e6) × costIn + (out / 1e6) × costOut`, in that order, unrounded; with a cached
    /// price, `((in − cached) / 1e6) × costIn + (cached / 1e6) × costCached + (out / 1e6) × costOut`.
    public var estimatedCost: Double {
        guard let cachedPrice = cost.costCachedInputPerMillion else {
            return (Double(inputTokens) / 1e6) * cost.costInputPerMillion + (Double(outputTokens) / 1e6) * cost.costOutputPerMillion
        }
        return (Double(inputTokens - cachedInputTokens) / 1e6) * cost.costInputPerMillion
            + (Double(cachedInputTokens) / 1e6) * cachedPrice
            + (Double(outputTokens) / 1e6) * cost.costOutputPerMillion
    }

    public var json: JSONValue {
        var object: JSONObject = [
            "costInputPerMillion": .double(cost.costInputPerMillion),
            "costOutputPerMillion": .double(cost.costOutputPerMillion),
            "inputTokens": .int(inputTokens),
            "outputTokens": .int(outputTokens),
        ]
        if let cachedPrice = cost.costCachedInputPerMillion {
            object["costCachedInputPerMillion"] = .double(cachedPrice)
            object["cachedInputTokens"] = .int(cachedInputTokens)
        }
        object["estimatedCost"] = .double(estimatedCost)
        return .object(object)
    }
}

/// The turns of a probe with their totals (the `transcript` or `partialTranscript`).
public struct Transcript: Sendable, Equatable {
    public var turns: [Turn]
    public var modelVersion: String?
    /// RFC 3339 UTC with milliseconds.
    public var startedAt: String
    public var completedAt: String
    public var costSnapshot: CostSnapshot?

    public var totalInputTokens: Int { turns.reduce(0) { $0 + $1.inputTokens } }
    public var totalOutputTokens: Int { turns.reduce(0) { $0 + $1.outputTokens } }

    public var json: JSONValue {
        var object: JSONObject = [
            "turns": .array(turns.map(\.json)),
            "totalInputTokens": .int(totalInputTokens),
            "totalOutputTokens": .int(totalOutputTokens),
            "modelVersion": modelVersion.map(JSONValue.string) ?? .null,
            "startedAt": .string(startedAt),
            "completedAt": .string(completedAt),
        ]
        if let costSnapshot { object["costSnapshot"] = costSnapshot.json }
        return .object(object)
    }
}

/// What a probe produced: a transcript, or an error with the turns that were paid for.
public enum ProbeOutput: Sendable, Equatable {
    case success(Transcript)
    case failure(ProbeError, partial: Transcript?)

    public var isSuccess: Bool {
        if case .success = self { return true }
        return false
    }

    /// The error, on failure.
    public var error: ProbeError? {
        if case .failure(let error, _) = self { return error }
        return nil
    }

    /// The transcript on success, the partial transcript (if any) on failure.
    public var transcript: Transcript? {
        switch self {
        case .success(let transcript): return transcript
        case .failure(_, let partial): return partial
        }
    }

    /// The contract object of SPEC §2.
    public var json: JSONValue {
        switch self {
        case .success(let transcript):
            return .object(["success": .bool(true), "transcript": transcript.json])
        case .failure(let error, let partial):
            var object: JSONObject = ["success": .bool(false), "error": error.json]
            if let partial, !partial.turns.isEmpty { object["partialTranscript"] = partial.json }
            return .object(object)
        }
    }

    /// One line of compact JSON, newline-terminated: what `probe` prints.
    public var jsonLine: [UInt8] {
        var bytes = JSONWriter.bytes(json)
        bytes.append(0x0A)
        return bytes
    }
}
