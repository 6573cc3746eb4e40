import ProbeJSON
import ProbeTestSupport

/// One scripted answer of the mock to one provider request.
public indirect enum MockStep: Sendable {
    /// A reply with `status`, `headers` and `body` (`Content-Length` is added).
    case reply(status: Int, headers: [(name: String, value: String)], body: [UInt8])
    /// The generated success reply in the provider's format (`GeneratedReply`).
    case generated
    /// Waits `ms` milliseconds, then answers as `then`.
    case delayed(ms: Int, then: MockStep)
    /// Resets the connection before any byte of the reply.
    case resetBeforeHeaders
    /// Sends a 200's headers and part of the declared body, then resets.
    case resetMidBody
    /// Sends a 200's headers and part of the declared body, then closes normally.
    case cutShort
    /// Sends a 200's headers, then one body byte every `intervalMs` milliseconds.
    case drip(intervalMs: Int)

    /// A JSON reply (`Content-Type: application/json`).
    public static func json(_ text: String, status: Int = 200, headers: [(name: String, value: String)] = []) -> MockStep {
        .reply(status: status, headers: [("Content-Type", "application/json")] + headers, body: Array(text.utf8))
    }

    /// A reply whose body is `text` as is (e.g. not JSON).
    public static func text(_ text: String, status: Int = 200, headers: [(name: String, value: String)] = []) -> MockStep {
        .reply(status: status, headers: headers, body: Array(text.utf8))
    }

    /// True for the steps that end the connection instead of replying.
    public var isFault: Bool {
        switch self {
        case .reply, .generated: false
        case .delayed(_, let then): then.isFault
        case .resetBeforeHeaders, .resetMidBody, .cutShort, .drip: true
        }
    }

    /// What the server does for a request to `provider` (body `requestBody`; `responses`: to
    /// openai's Responses API).
    func behaviour(_ provider: MockProvider, requestBody: [UInt8], pathModel: String?, responses: Bool = false) -> ServerBehaviour {
        switch self {
        case .reply(let status, let headers, let body):
            return .reply(status: status, headers: headers, body: body)
        case .generated:
            let body = responses
                ? GeneratedReply.responsesBody(requestBody: requestBody)
                : GeneratedReply.body(for: provider, requestBody: requestBody, pathModel: pathModel)
            return .reply(status: 200, headers: [("Content-Type", "application/json")], body: body)
        case .delayed(let ms, let then):
            return .delayed(ms: ms, then: then.behaviour(provider, requestBody: requestBody, pathModel: pathModel, responses: responses))
        case .resetBeforeHeaders:
            return .resetBeforeHeaders
        case .resetMidBody:
            return .resetMidBody(declaredLength: 4000, sentBytes: 120)
        case .cutShort:
            return .closeMidBody(declaredLength: 4000, sentBytes: 120)
        case .drip(let intervalMs):
            return .dripBody(totalBytes: 100_000, intervalMs: intervalMs)
        }
    }
}

/// Why a script step could not be read.
public struct MockStepError: Error, Sendable, CustomStringConvertible {
    public var description: String

    public init(description: String) {
        self.description = description
    }
}

extension MockStep {
    /// A step from its JSON form, as fixture cases write it:
    ///
    ///     {"status": 429, "headers": {"Retry-After": "0"}, "json": {...}}   // body: the value, compact
    ///     {"status": 200, "text": "not json"}            // body: the text as is
    ///     {"status": 200, "file": "providers/openai/plain.json"}   // body: a file's bytes
    ///     {"generated": true}
    ///     {"fault": "resetBeforeHeaders" | "resetMidBody" | "cutShort" | "drip", "intervalMs": 50}
    ///
    /// and `"delayMs": N` on any of them. `readFile` loads a `file` body.
    public static func parse(_ value: JSONValue, readFile: (String) throws(MockStepError) -> [UInt8]) throws(MockStepError) -> MockStep {
        guard let object = value.objectValue else { throw MockStepError(description: "a script step must be an object") }
        let step = try parseUndelayed(object, readFile: readFile)
        if let delay = object["delayMs"] {
            guard let ms = delay.numberValue?.intValue, ms >= 0 else { throw MockStepError(description: "delayMs must be an integer >= 0") }
            return .delayed(ms: ms, then: step)
        }
        return step
    }

    private static func parseUndelayed(_ object: JSONObject, readFile: (String) throws(MockStepError) -> [UInt8]) throws(MockStepError) -> MockStep {
        if object["generated"]?.boolValue == true { return .generated }
        if let fault = object["fault"] {
            switch fault.stringValue {
            case "resetBeforeHeaders": return .resetBeforeHeaders
            case "resetMidBody": return .resetMidBody
            case "cutShort": return .cutShort
            case "drip": return .drip(intervalMs: object["intervalMs"]?.numberValue?.intValue ?? 50)
            default: throw MockStepError(description: "unknown fault \(JSONWriter.string(fault))")
            }
        }
        guard let status = object["status"]?.numberValue?.intValue, (100...599).contains(status) else {
            throw MockStepError(description: "a reply step needs a status (100-599)")
        }
        var headers: [(name: String, value: String)] = []
        for (name, value) in object["headers"]?.objectValue?.entries ?? [] {
            guard let text = value.stringValue else { throw MockStepError(description: "header \(name) must be a string") }
            headers.append((name, text))
        }
        let hasType = headers.contains { $0.name.lowercased() == "content-type" }
        if let json = object["json"] {
            if !hasType { headers.insert(("Content-Type", "application/json"), at: 0) }
            return .reply(status: status, headers: headers, body: JSONWriter.bytes(json))
        }
        if let file = object["file"]?.stringValue {
            if !hasType { headers.insert(("Content-Type", "application/json"), at: 0) }
            return .reply(status: status, headers: headers, body: try readFile(file))
        }
        return .reply(status: status, headers: headers, body: Array((object["text"]?.stringValue ?? "").utf8))
    }
}
