/// What the engine reads from its environment for one probe (SPEC §4, §5): read per probe,
/// so a rotated key or changed limit is picked up without a restart.
struct EngineSettings: Sendable {
    var backoffScale: Double = 1
    var requestTimeoutMs: Int = 120_000
    var probeTimeoutMs: Int = 300_000
    /// Values that were set but unusable, for warn logs.
    var warnings: [String] = []

    init(environment: [String: String]) {
        if let raw = environment["PROBE_BACKOFF_SCALE"], !raw.isEmpty {
            if let value = UnsignedNumber.parse(raw) {
                backoffScale = value
            } else {
                warnings.append("PROBE_BACKOFF_SCALE '\(raw)' is not a number >= 0; using 1")
            }
        }
        requestTimeoutMs = Self.positive("PROBE_REQUEST_TIMEOUT_MS", in: environment, default: 120_000, warnings: &warnings)
        probeTimeoutMs = Self.positive("PROBE_TIMEOUT_MS", in: environment, default: 300_000, warnings: &warnings)
    }

    private static func positive(_ name: String, in environment: [String: String], default value: Int, warnings: inout [String]) -> Int {
        guard let raw = environment[name], !raw.isEmpty else { return value }
        if raw.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let parsed = Int(raw), parsed >= 1 { return parsed }
        warnings.append("\(name) '\(raw)' is not an integer >= 1; using \(value)")
        return value
    }
}

/// Keys and base URLs of the providers, from an environment (SPEC §4).
struct ProviderCredentials: Sendable {
    let environment: [String: String]

    /// The key and the variable it came from; nil when missing or empty.
    func apiKey(for provider: Provider) -> (value: String, variable: String)? {
        for variable in provider.keyVariables {
            if let value = environment[variable], !value.isEmpty { return (value, variable) }
        }
        return nil
    }

    /// The base URL (variable when set and non-empty, else the default).
    func baseURL(for provider: Provider) -> String {
        if let value = environment[provider.baseURLVariable], !value.isEmpty { return value }
        return provider.defaultBaseURL
    }

    /// Every key value set for any provider, longest first, for redaction.
    var secrets: [String] {
        let all = Provider.allCases.flatMap(\.keyVariables).compactMap { environment[$0] }.filter { !$0.isEmpty }
        return Array(Set(all)).sorted { $0.count > $1.count }
    }
}
