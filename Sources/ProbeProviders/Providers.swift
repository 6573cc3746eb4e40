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
}
