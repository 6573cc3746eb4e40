/// The six providers as the mock serves them: a path prefix per provider, under which the
/// provider's real paths (SPEC §4) follow, so `baseURL(for:)` is origin + `basePath`.
public enum MockProvider: String, Sendable, CaseIterable {
    case openai, anthropic, google, xai, deepseek, mistral

    /// The path of the base URL: the prefix and the real API's own base path.
    public var basePath: String {
        switch self {
        case .openai: "/openai/v1"
        case .anthropic: "/anthropic"
        case .google: "/google/v1beta"
        case .xai: "/xai/v1"
        case .deepseek: "/deepseek"
        case .mistral: "/mistral/v1"
        }
    }

    /// The variable holding the base URL.
    public var baseURLVariable: String { "\(rawValue.uppercased())_BASE_URL" }

    /// The variable holding the API key.
    public var keyVariable: String { "\(rawValue.uppercased())_API_KEY" }

    /// An obviously fake key, recognisable if it ever leaks.
    public var fakeKey: String { "sk-test-fake-\(rawValue)-3c9e" }

    /// True for the four that speak OpenAI's chat-completions format.
    public var isOpenAICompatible: Bool {
        switch self {
        case .openai, .xai, .deepseek, .mistral: true
        case .anthropic, .google: false
        }
    }

    /// The provider whose real request path `path` is, with the model named in a google path;
    /// `responses` is true for openai's Responses API (`/responses`, DECISIONS D15).
    public static func route(_ path: String) -> (provider: MockProvider, pathModel: String?, responses: Bool)? {
        for provider in allCases where path.hasPrefix(provider.basePath + "/") {
            let rest = path.dropFirst(provider.basePath.count)
            switch provider {
            case .openai, .xai, .deepseek, .mistral:
                if rest == "/chat/completions" { return (provider, nil, false) }
                if provider == .openai && rest == "/responses" { return (provider, nil, true) }
            case .anthropic:
                if rest == "/v1/messages" { return (provider, nil, false) }
            case .google:
                let prefix = "/models/", suffix = ":generateContent"
                if rest.hasPrefix(prefix), rest.hasSuffix(suffix), rest.count > prefix.count + suffix.count {
                    return (provider, String(rest.dropFirst(prefix.count).dropLast(suffix.count)), false)
                }
            }
        }
        return nil
    }
}
