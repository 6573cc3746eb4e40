/// Everything a provider's request builder needs for one turn.
public struct ProviderCall: Sendable, Equatable {
    public var route: Route
    /// The whole conversation so far, system message first when there is one.
    public var messages: [ChatMessage]
    public var settings: ModelSettings
    public var apiKey: String
    /// The provider's base URL, possibly with a trailing `/`.
    public var baseURL: String

    public init(route: Route, messages: [ChatMessage], settings: ModelSettings, apiKey: String, baseURL: String) {
        self.route = route
        self.messages = messages
        self.settings = settings
        self.apiKey = apiKey
        self.baseURL = baseURL
    }
}

/// A request as a provider wants it: always a POST with a JSON body.
public struct ProviderRequest: Sendable, Equatable {
    public var url: String
    /// Header name/value pairs, `Content-Type: application/json` included.
    public var headers: [(name: String, value: String)]
    public var body: JSONValue

    public init(url: String, headers: [(name: String, value: String)], body: JSONValue) {
        self.url = url
        self.headers = headers
        self.body = body
    }

    public static func == (lhs: ProviderRequest, rhs: ProviderRequest) -> Bool {
        lhs.url == rhs.url && lhs.body == rhs.body
            && lhs.headers.map { "\($0.name)\u{0}\($0.value)" } == rhs.headers.map { "\($0.name)\u{0}\($0.value)" }
    }
}

/// What a provider's reply parser extracts from a 2xx body (SPEC §4).
public struct ProviderReply: Sendable, Equatable {
    /// The reply text, before the probe loop trims it.
    public var text: String
    /// Reasoning/thinking text, nil when there is none or it is empty.
    public var reasoning: String?
    /// Usage counts when the reply gives them as non-negative integer tokens.
    public var inputTokens: Int?
    public var outputTokens: Int?
    /// The model name the provider reports, when a non-empty string.
    public var modelVersion: String?
    /// The normalized finish reason.
    public var finishReason: String
    /// The provider's listed keys present in the reply, values verbatim.
    public var raw: JSONObject
    /// Set when the reply says the provider failed to answer; the probe then fails with it.
    public var failure: ReplyFailure?
    /// The parts of the billed usage the provider reports (DECISIONS D7): input read from its
    /// cache, input written to its cache, output spent on reasoning. nil = not reported.
    public var cachedInputTokens: Int?
    public var cacheWriteInputTokens: Int?
    public var reasoningTokens: Int?

    public init(text: String, reasoning: String? = nil, inputTokens: Int? = nil, outputTokens: Int? = nil,
                modelVersion: String? = nil, finishReason: String, raw: JSONObject, failure: ReplyFailure? = nil) {
        self.text = text
        self.reasoning = reasoning
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
        self.modelVersion = modelVersion
        self.finishReason = finishReason
        self.raw = raw
        self.failure = failure
    }
}

/// A 2xx reply whose JSON is not what the provider documents.
public struct ReplyShapeError: Error, Sendable, Equatable {
    /// What was wrong (for logs; the output message is fixed by SPEC §5).
    public var reason: String
    public init(_ reason: String) { self.reason = reason }
}

/// A provider: a pure request builder and a pure reply parser.
public protocol ProviderAdapter: Sendable {
    /// Builds the HTTP request for one turn.
    static func buildRequest(_ call: ProviderCall) -> ProviderRequest
    /// Extracts the reply from a 2xx JSON body.
    static func parseReply(_ body: JSONValue) throws(ReplyShapeError) -> ProviderReply
}
