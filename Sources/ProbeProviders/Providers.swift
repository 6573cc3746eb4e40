import ProbeCore

/// The adapter table: one pure request builder and reply parser per provider (SPEC §4).
public enum Providers {
    /// The adapter that speaks `provider`'s API.
    public static func adapter(for provider: Provider) -> any ProviderAdapter.Type {
        switch provider {
        case .openai: return OpenAIAdapter.self
        case .anthropic: return AnthropicAdapter.self
        case .google: return GoogleAdapter.self
        case .xai, .mistral: return PlainChatAdapter.self
        case .deepseek: return DeepSeekAdapter.self
        }
    }

    /// The adapter for a model of `provider` named `modelName`: openai's Responses-only models
    /// are asked through the Responses API (DECISIONS D15), everything else as `adapter(for:)`.
    public static func adapter(for provider: Provider, modelName: String) -> any ProviderAdapter.Type {
        if provider == .openai && ResponsesRouting.usesResponses(modelName) { return OpenAIResponsesAdapter.self }
        return adapter(for: provider)
    }

    /// The part of a request `url` after `baseURL` as the adapters join them (`/chat/completions`,
    /// `/models/gemini-2.0-flash:generateContent`); the whole URL when it does not start with it.
    public static func endpointPath(url: String, baseURL: String) -> String {
        let base = Endpoint.url(baseURL: baseURL, path: "")
        return url.hasPrefix(base) ? String(url.dropFirst(base.count)) : url
    }
}
