/// The six providers and their settings from SPEC §4: one table, read by everything.
public enum Provider: String, Sendable, CaseIterable, Equatable {
    case openai, anthropic, google, xai, deepseek, mistral

    /// Environment variables holding the API key, in the order they are tried.
    public var keyVariables: [String] {
        switch self {
        case .openai: return ["OPENAI_API_KEY"]
        case .anthropic: return ["ANTHROPIC_API_KEY"]
        case .google: return ["GOOGLE_API_KEY", "GEMINI_API_KEY"]
        case .xai: return ["XAI_API_KEY"]
        case .deepseek: return ["DEEPSEEK_API_KEY"]
        case .mistral: return ["MISTRAL_API_KEY"]
        }
    }

    /// The variable that overrides the base URL.
    public var baseURLVariable: String {
        switch self {
        case .openai: return "OPENAI_BASE_URL"
        case .anthropic: return "ANTHROPIC_BASE_URL"
        case .google: return "GOOGLE_BASE_URL"
        case .xai: return "XAI_BASE_URL"
        case .deepseek: return "DEEPSEEK_BASE_URL"
        case .mistral: return "MISTRAL_BASE_URL"
        }
    }

    /// The base URL used when the variable is unset or empty.
    public var defaultBaseURL: String {
        switch self {
        case .openai: return "https://api.openai.com/v1"
        case .anthropic: return "https://api.anthropic.com"
        case .google: return "https://generativelanguage.googleapis.com/v1beta"
        case .xai: return "https://api.x.ai/v1"
        case .deepseek: return "https://api.deepseek.com"
        case .mistral: return "https://api.mistral.ai/v1"
        }
    }

    /// Whether the provider speaks the OpenAI chat-completions dialect.
    public var isOpenAICompatible: Bool {
        switch self {
        case .openai, .xai, .deepseek, .mistral: return true
        case .anthropic, .google: return false
        }
    }

    /// The name used in `PROBE_MAX_INFLIGHT_<NAME>` and messages' upper-case forms.
    public var upperName: String { rawValue.uppercased() }
}

/// Where a probe goes: the provider and the model name sent (SPEC §4).
public struct Route: Sendable, Equatable {
    public var provider: Provider
    /// modelVersion when given, else modelId without its prefix.
    public var modelName: String

    public init(provider: Provider, modelName: String) {
        self.provider = provider
        self.modelName = modelName
    }
}

/// SPEC §4 routing on modelId.
public enum Router {
    private static let prefixes: [(String, Provider)] = [
        ("gpt-", .openai), ("chatgpt-", .openai), ("o1", .openai), ("o3", .openai), ("o4", .openai),
        ("ft:gpt", .openai), ("text-", .openai), ("davinci", .openai), ("babbage", .openai),
        ("claude", .anthropic),
        ("gemini", .google), ("gemma", .google),
        ("grok", .xai),
        ("deepseek", .deepseek),
        ("mistral", .mistral), ("mixtral", .mistral), ("codestral", .mistral), ("pixtral", .mistral),
        ("ministral", .mistral), ("magistral", .mistral), ("devstral", .mistral),
        ("open-mistral", .mistral), ("open-mixtral", .mistral),
    ]

    /// The route for `modelId`, with `modelVersion` (non-empty) as the name sent.
    public static func route(modelId: String, modelVersion: String?) throws(ProbeError) -> Route {
        let (provider, stripped) = try providerAndName(modelId: modelId)
        let name = modelVersion.flatMap { $0.isEmpty ? nil : $0 } ?? stripped
        return Route(provider: provider, modelName: name)
    }

    /// The provider of `modelId` and the modelId without an explicit prefix.
    public static func providerAndName(modelId: String) throws(ProbeError) -> (Provider, String) {
        if let colon = modelId.firstIndex(of: ":") {
            let head = modelId[..<colon].lowercased()
            if let provider = Provider(rawValue: head) {
                return (provider, String(modelId[modelId.index(after: colon)...]))
            }
        }
        let lower = modelId.lowercased()
        for (prefix, provider) in prefixes where lower.hasPrefix(prefix) {
            return (provider, modelId)
        }
        throw ProbeError(
            code: .unsupportedProvider,
            message: "cannot tell the provider of model '\(modelId)': use a known model name or a prefix such as 'openai:'"
        )
    }
}
