import ProbeCore

/// The adapter table: one pure request builder and reply parser per provider (SPEC §4).
public enum Providers {
    /// The adapter that speaks `provider`'s API.
    public static func adapter(for provider: Provider) -> any ProviderAdapter.Type {
        switch provider {
        case .openai: return OpenAIAdapter.self
        case .anthropic: return AnthropicAdapter.self
        case .google: return GoogleAdapter.self
        case .xai: return XAIAdapter.self
        case .deepseek, .mistral: return PlainChatAdapter.self
        }
    }

    /// The adapter for a model of `provider` whose profile names the Responses API (`responsesAPI`,
    /// DECISIONS D14/D15: openai's Responses-only models), else `adapter(for:)`.
    public static func adapter(for provider: Provider, responsesAPI: Bool) -> any ProviderAdapter.Type {
        provider == .openai && responsesAPI ? OpenAIResponsesAdapter.self : adapter(for: provider)
    }

    /// The part of a request `url` after `baseURL` as the adapters join them (`/chat/completions`,
    /// `/models/gemini-2.0-flash:generateContent`); the whole URL when it does not start with it.
    public static func endpointPath(url: String, baseURL: String) -> String {
        let base = Endpoint.url(baseURL: baseURL, path: "")
        return url.hasPrefix(base) ? String(url.dropFirst(base.count)) : url
    }
}
