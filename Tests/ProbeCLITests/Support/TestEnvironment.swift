/// The six providers as the tests drive them: variables, base paths and wire details.
struct ProviderCase: Sendable, CustomStringConvertible {
    var name: String
    var modelId: String
    var keyVariable: String
    var baseURLVariable: String
    /// The path part of the default base URL (`/v1`, `/v1beta` or empty).
    var basePath: String
    /// The request path below the base URL.
    var requestPath: String

    var description: String { name }

    static let openai = ProviderCase(name: "openai", modelId: "gpt-4o", keyVariable: "OPENAI_API_KEY",
                                     baseURLVariable: "OPENAI_BASE_URL", basePath: "/v1", requestPath: "/chat/completions")
    static let anthropic = ProviderCase(name: "anthropic", modelId: "claude-sonnet-4-20250514", keyVariable: "ANTHROPIC_API_KEY",
                                        baseURLVariable: "ANTHROPIC_BASE_URL", basePath: "", requestPath: "/v1/messages")
    static let google = ProviderCase(name: "google", modelId: "gemini-2.0-flash", keyVariable: "GOOGLE_API_KEY",
                                     baseURLVariable: "GOOGLE_BASE_URL", basePath: "/v1beta",
                                     requestPath: "/models/gemini-2.0-flash:generateContent")
    static let xai = ProviderCase(name: "xai", modelId: "grok-4", keyVariable: "XAI_API_KEY",
                                  baseURLVariable: "XAI_BASE_URL", basePath: "/v1", requestPath: "/chat/completions")
    static let deepseek = ProviderCase(name: "deepseek", modelId: "deepseek-chat", keyVariable: "DEEPSEEK_API_KEY",
                                       baseURLVariable: "DEEPSEEK_BASE_URL", basePath: "", requestPath: "/chat/completions")
    static let mistral = ProviderCase(name: "mistral", modelId: "mistral-large-latest", keyVariable: "MISTRAL_API_KEY",
                                      baseURLVariable: "MISTRAL_BASE_URL", basePath: "/v1", requestPath: "/chat/completions")

    static let all = [openai, anthropic, google, xai, deepseek, mistral]

    /// A fake key, recognisable if it ever leaks.
    var fakeKey: String { "sk-test-\(name)-7f3a9c2e1b8d4f60" }

    /// The path the loopback server sees.
    var wirePath: String { basePath + requestPath }
}

/// Child environments built from nothing, so no real key or proxy of the developer's leaks in.
enum TestEnvironment {
    /// Every provider's base URL at `origin` (`http://127.0.0.1:<port>`), no waits between
    /// retries, and fake keys for all six when `withKeys`.
    static func all(origin: String, withKeys: Bool, extra: [String: String] = [:]) -> [String: String] {
        var environment = ["PROBE_BACKOFF_SCALE": "0", "PROBE_LOG_LEVEL": "info"]
        for provider in ProviderCase.all {
            environment[provider.baseURLVariable] = origin + provider.basePath
            if withKeys { environment[provider.keyVariable] = provider.fakeKey }
        }
        return environment.merging(extra) { _, new in new }
    }
}
