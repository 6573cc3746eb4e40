/// Turns stdin bytes into a `ProbeInput`, applying SPEC §1's checks in SPEC's order and with
/// its exact messages (DECISIONS D1). Every failure is a `VALIDATION_ERROR`.
public enum InputDecoder {
    /// The most stdin may hold.
    public static let maxInputBytes = 10 * 1024 * 1024

    /// Validates raw input bytes.
    public static func decode(_ bytes: [UInt8]) throws(ProbeError) -> ProbeInput {
        try decode(value: parseDocument(bytes))
    }

    /// Steps 1–4: size, emptiness, JSON, top-level object.
    public static func parseDocument(_ bytes: [UInt8]) throws(ProbeError) -> JSONValue {
        guard bytes.count <= maxInputBytes else { throw .validation("input is larger than 10 MiB") }
        var body = bytes[...]
        if body.starts(with: [0xEF, 0xBB, 0xBF]) { body = body.dropFirst(3) }
        if isBlank(body) { throw .validation("no input provided") }
        let value: JSONValue
        do {
            value = try JSONParser.parse(Array(body))
        } catch {
            throw .validation("input is not valid JSON", details: error.reason)
        }
        guard case .object = value else { throw .validation("input must be a JSON object") }
        return value
    }

    /// Step 5: the fields, in SPEC's table order.
    public static func decode(value: JSONValue) throws(ProbeError) -> ProbeInput {
        guard case .object(let root) = value else { throw .validation("input must be a JSON object") }
        let fields = FieldReader(root)
        let runId = try fields.requiredString("runId")
        let scenarioId = try fields.requiredString("scenarioId")
        let modelId = try fields.requiredString("modelId")
        let modelVersion = try fields.optionalString("modelVersion")

        let scenarioFields = FieldReader(try fields.requiredObject("scenario"), path: "scenario")
        let preamble = try scenarioFields.optionalString("preamble") ?? ""
        let prompt = try scenarioFields.requiredString("prompt")
        let followups = try decodeFollowups(scenarioFields.optionalArray("followups") ?? [])

        let configFields = FieldReader(try fields.requiredObject("config"), path: "config")
        let temperature = try configFields.temperature("temperature") ?? JSONNumber(0.7)
        let maxTokens = try configFields.positiveInteger("maxTokens") ?? 1024
        let maxTurns = try configFields.positiveInteger("maxTurns") ?? 10

        var modelCost: ModelCost?
        if let costObject = try fields.optionalObject("modelCost") {
            let costFields = FieldReader(costObject, path: "modelCost")
            modelCost = ModelCost(
                costInputPerMillion: try costFields.requiredNonNegative("costInputPerMillion"),
                costOutputPerMillion: try costFields.requiredNonNegative("costOutputPerMillion"),
                costCachedInputPerMillion: try costFields.optionalNonNegative("costCachedInputPerMillion")
            )
        }
        let modelConfig = try fields.optionalObject("modelConfig")
        let snapshot = root["definitionSnapshot"].flatMap { $0.isNull ? nil : $0 }

        return ProbeInput(
            runId: runId, scenarioId: scenarioId, modelId: modelId,
            modelVersion: modelVersion.flatMap { $0.isEmpty || Whitespace.isBlank($0) ? nil : $0 },
            scenario: Scenario(preamble: preamble, prompt: prompt, followups: followups),
            config: ProbeConfig(temperatureNumber: temperature, maxTokens: maxTokens, maxTurns: maxTurns),
            modelCost: modelCost, modelConfig: modelConfig, definitionSnapshot: snapshot
        )
    }

    private static func decodeFollowups(_ items: [JSONValue]) throws(ProbeError) -> [Followup] {
        var followups: [Followup] = []
        followups.reserveCapacity(items.count)
        for (position, item) in items.enumerated() {
            let path = "scenario.followups[\(position)]"
            guard case .object(let object) = item else { throw .validation("\(path) must be an object") }
            let reader = FieldReader(object, path: path)
            let prompt = try reader.requiredString("prompt", allowBlank: true)
            let label = try reader.optionalString("label")
            followups.append(Followup(label: label, prompt: prompt))
        }
        return followups
    }

    /// Empty or SPEC-whitespace only. Invalid UTF-8 is never blank (step 3 rejects it).
    private static func isBlank(_ bytes: ArraySlice<UInt8>) -> Bool {
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar): if !Whitespace.contains(scalar) { return false }
            case .emptyInput: return true
            case .error: return false
            }
        }
    }
}

/// Reads the members of one object with SPEC §1's messages, naming each field's path.
struct FieldReader {
    private let object: JSONObject
    private let prefix: String

    init(_ object: JSONObject, path: String = "") {
        self.object = object
        self.prefix = path.isEmpty ? "" : path + "."
    }

    /// The value, with `null` counted as absent.
    private func value(_ key: String) -> JSONValue? {
        guard let value = object[key], !value.isNull else { return nil }
        return value
    }

    private func fail(_ key: String, _ rule: String) -> ProbeError {
        .validation("\(prefix)\(key) \(rule)")
    }

    func requiredString(_ key: String, allowBlank: Bool = false) throws(ProbeError) -> String {
        guard let value = value(key) else { throw fail(key, "is required") }
        guard case .string(let text) = value else { throw fail(key, "must be a string") }
        if !allowBlank && Whitespace.isBlank(text) { throw fail(key, "must not be empty") }
        return text
    }

    func optionalString(_ key: String) throws(ProbeError) -> String? {
        guard let value = value(key) else { return nil }
        guard case .string(let text) = value else { throw fail(key, "must be a string") }
        return text
    }

    func requiredObject(_ key: String) throws(ProbeError) -> JSONObject {
        guard let value = value(key) else { throw fail(key, "is required") }
        guard case .object(let object) = value else { throw fail(key, "must be an object") }
        return object
    }

    func optionalObject(_ key: String) throws(ProbeError) -> JSONObject? {
        guard let value = value(key) else { return nil }
        guard case .object(let object) = value else { throw fail(key, "must be an object") }
        return object
    }

    func optionalArray(_ key: String) throws(ProbeError) -> [JSONValue]? {
        guard let value = value(key) else { return nil }
        guard case .array(let items) = value else { throw fail(key, "must be an array") }
        return items
    }

    func temperature(_ key: String) throws(ProbeError) -> JSONNumber? {
        guard let value = value(key) else { return nil }
        guard case .number(let number) = value, number.double >= 0, number.double <= 2 else {
            throw fail(key, "must be a number between 0 and 2")
        }
        return number
    }

    func positiveInteger(_ key: String) throws(ProbeError) -> Int? {
        guard let value = value(key) else { return nil }
        guard let integer = IntegerRule.positiveInt32(value) else { throw fail(key, "must be an integer >= 1") }
        return integer
    }

    func optionalNonNegative(_ key: String) throws(ProbeError) -> Double? {
        guard value(key) != nil else { return nil }
        return try requiredNonNegative(key)
    }

    func requiredNonNegative(_ key: String) throws(ProbeError) -> Double {
        guard let value = value(key) else { throw fail(key, "is required") }
        guard case .number(let number) = value, number.double >= 0 else { throw fail(key, "must be a number >= 0") }
        return number.double
    }
}

/// SPEC §1's integer: a number token without fraction or exponent, within a range.
enum IntegerRule {
    /// An integer token in 1 … 2³¹−1.
    static func positiveInt32(_ value: JSONValue) -> Int? {
        integer(value, in: 1...Int(Int32.max))
    }

    /// An integer token within `range`.
    static func integer(_ value: JSONValue, in range: ClosedRange<Int>) -> Int? {
        guard case .number(let number) = value, let integer = number.intValue, range.contains(integer) else {
            return nil
        }
        return integer
    }
}
