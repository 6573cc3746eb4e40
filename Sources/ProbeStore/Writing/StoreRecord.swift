import ProbeEngine

/// One probe's result as the store writes it: the ids, what the input gave, the output object
/// of SPEC §2 and the retries. The same record comes from a finished probe or a spool line, so
/// a flushed write is exactly the write that could not happen at the time.
public struct StoreRecord: Sendable, Equatable {
    public var runId: String
    public var scenarioId: String
    public var modelId: String
    /// The input's `definitionSnapshot`, stored with the transcript.
    public var definitionSnapshot: JSONValue?
    /// The output object of SPEC §2 (`success`, `transcript` or `error` and `partialTranscript`).
    public var output: JSONValue
    public var retryCount: Int
    /// When the probe finished (RFC 3339): `completed_at` of a failure without turns.
    public var finishedAt: String

    public init(runId: String, scenarioId: String, modelId: String, definitionSnapshot: JSONValue?,
                output: JSONValue, retryCount: Int, finishedAt: String = WallClock.rfc3339Now()) {
        self.runId = runId
        self.scenarioId = scenarioId
        self.modelId = modelId
        self.definitionSnapshot = definitionSnapshot
        self.output = output
        self.retryCount = retryCount
        self.finishedAt = finishedAt
    }

    /// Why a result is not written (DECISIONS D12).
    public enum Skip: Error, Sendable, Equatable {
        /// CANCELLED results are not written (SPEC §11): the probe did not finish.
        case cancelled
        /// The input did not give all three ids as non-blank strings, so there is no row to write.
        case missingIds
    }

    /// The record of a finished probe. `identity` supplies the ids when the input failed
    /// validation (a failure row is still written when the line had all three ids).
    public static func make(_ record: ProbeRecord, identity: BatchIdentity? = nil) throws(Skip) -> StoreRecord {
        if record.output.error?.code == .cancelled { throw .cancelled }
        let ids = record.input.map { BatchIdentity(runId: $0.runId, scenarioId: $0.scenarioId, modelId: $0.modelId) }
            ?? identity
        guard let runId = nonBlank(ids?.runId), let scenarioId = nonBlank(ids?.scenarioId),
              let modelId = nonBlank(ids?.modelId) else { throw .missingIds }
        return StoreRecord(runId: runId, scenarioId: scenarioId, modelId: modelId,
                           definitionSnapshot: record.input?.definitionSnapshot, output: record.output.json,
                           retryCount: record.retryCount)
    }

    /// The record of a batch result.
    public static func make(_ result: BatchResult) throws(Skip) -> StoreRecord {
        try make(result.record, identity: result.identity)
    }

    private static func nonBlank(_ text: String?) -> String? {
        guard let text, text.unicodeScalars.contains(where: { !$0.properties.isWhitespace }) else { return nil }
        return text
    }

    var succeeded: Bool { output["success"]?.boolValue == true }

    // MARK: Spool lines

    /// The record as one spool line's object.
    var json: JSONValue {
        .object([
            "runId": .string(runId), "scenarioId": .string(scenarioId), "modelId": .string(modelId),
            "definitionSnapshot": definitionSnapshot ?? .null, "output": output,
            "retryCount": .int(retryCount), "finishedAt": .string(finishedAt),
        ])
    }

    /// A record read back from a spool line's object; nil when it is not one.
    init?(json: JSONValue) {
        guard let object = json.objectValue,
              let runId = object["runId"]?.stringValue, let scenarioId = object["scenarioId"]?.stringValue,
              let modelId = object["modelId"]?.stringValue, let output = object["output"], output.objectValue != nil,
              output["success"]?.boolValue != nil,
              let retryCount = object["retryCount"]?.numberValue?.intValue,
              let finishedAt = object["finishedAt"]?.stringValue else { return nil }
        let snapshot = object["definitionSnapshot"].flatMap { $0.isNull ? nil : $0 }
        self.init(runId: runId, scenarioId: scenarioId, modelId: modelId, definitionSnapshot: snapshot,
                  output: output, retryCount: retryCount, finishedAt: finishedAt)
    }
}
