/// One input of a batch: raw JSON (a line of `probe batch`'s stdin) or a `ProbeInput` built in
/// Swift, with the index its output will carry.
public struct BatchInput: Sendable {
    enum Payload: Sendable {
        case json(ArraySlice<UInt8>)
        case value(ProbeInput)
    }

    /// The number echoed in the output (`probe batch`: the line number from 0).
    public let index: Int
    let payload: Payload

    /// Raw JSON, validated when its probe starts (a bad one fails alone).
    public init(index: Int, json: [UInt8]) {
        self.init(index: index, json: json[...])
    }

    /// Raw JSON that is part of a larger buffer (a line of stdin), kept without a copy.
    public init(index: Int, json: ArraySlice<UInt8>) {
        self.index = index
        payload = .json(json)
    }

    /// The ids this input carries, as far as it has them.
    var identity: BatchIdentity {
        switch payload {
        case .json(let bytes): BatchIdentity(json: Array(bytes))
        case .value(let value): BatchIdentity(value)
        }
    }

    /// An input built in Swift, validated by the same rules as JSON.
    public init(index: Int, input: ProbeInput) {
        self.index = index
        payload = .value(input)
    }
}

/// How a batch runs. Provider limits given here win over the engine environment's
/// `PROBE_MAX_INFLIGHT_<PROVIDER>` / `PROBE_RPM_<PROVIDER>`, field by field.
public struct BatchOptions: Sendable {
    /// The most probes in flight at once (at least 1).
    public var concurrency: Int
    /// Per-provider limits over the environment's.
    public var limits: [Provider: ProviderLimit]

    public init(concurrency: Int = 64, limits: [Provider: ProviderLimit] = [:]) {
        self.concurrency = max(1, concurrency)
        self.limits = limits
    }
}

/// The ids a batch output carries: the input's `runId`, `scenarioId`, `modelId`, each null
/// when the input could not provide it as a string.
public struct BatchIdentity: Sendable, Equatable {
    public var runId: String?
    public var scenarioId: String?
    public var modelId: String?

    public init(runId: String?, scenarioId: String?, modelId: String?) {
        self.runId = runId
        self.scenarioId = scenarioId
        self.modelId = modelId
    }

    /// The ids of a validated input.
    init(_ input: ProbeInput) {
        self.init(runId: input.runId, scenarioId: input.scenarioId, modelId: input.modelId)
    }

    /// The ids of raw JSON, as far as it has them: each field that is a string in a JSON
    /// object, else nil (DECISIONS D11).
    public init(json: [UInt8]) {
        let object = (try? InputDecoder.parseDocument(json))?.objectValue
        self.init(object: object)
    }

    /// The ids in an object's `runId`, `scenarioId`, `modelId` fields, when strings.
    public init(object: JSONObject?) {
        self.init(runId: object?["runId"]?.stringValue, scenarioId: object?["scenarioId"]?.stringValue,
                  modelId: object?["modelId"]?.stringValue)
    }
}

/// One finished input of a batch.
public struct BatchResult: Sendable {
    public let index: Int
    public let identity: BatchIdentity
    public let output: ProbeOutput
    /// The validated input; nil when the line failed validation or never started.
    public let input: ProbeInput?
    /// The retries the engine took for this probe.
    public let retryCount: Int

    public init(index: Int, identity: BatchIdentity, output: ProbeOutput, input: ProbeInput? = nil, retryCount: Int = 0) {
        self.index = index
        self.identity = identity
        self.output = output
        self.input = input
        self.retryCount = retryCount
    }

    /// The result as a store keeps it.
    public var record: ProbeRecord {
        ProbeRecord(input: input, output: output, retryCount: retryCount)
    }

    /// The output object of SPEC §2 plus `index`, `runId`, `scenarioId`, `modelId` (SPEC §9).
    public var json: JSONValue {
        guard case .object(var object) = output.json else { return output.json }
        object["index"] = .int(index)
        object["runId"] = identity.runId.map(JSONValue.string) ?? .null
        object["scenarioId"] = identity.scenarioId.map(JSONValue.string) ?? .null
        object["modelId"] = identity.modelId.map(JSONValue.string) ?? .null
        return .object(object)
    }

    /// `json` as one line of compact JSON, newline-terminated: what `probe batch` prints.
    public var jsonLine: [UInt8] {
        var bytes = JSONWriter.bytes(json)
        bytes.append(0x0A)
        return bytes
    }
}
