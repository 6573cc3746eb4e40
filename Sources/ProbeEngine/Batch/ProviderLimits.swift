/// How hard one provider may be driven during a batch (SPEC §9): requests in flight and
/// requests per minute. `nil` = no limit beyond the batch's concurrency.
public struct ProviderLimit: Sendable, Equatable {
    /// The most requests to this provider in flight at once.
    public var maxInFlight: Int?
    /// The most requests started per minute (spaced evenly: one every 60 s / N).
    public var requestsPerMinute: Int?

    public init(maxInFlight: Int? = nil, requestsPerMinute: Int? = nil) {
        self.maxInFlight = maxInFlight
        self.requestsPerMinute = requestsPerMinute
    }

    /// This limit with the fields `override` sets replacing ours (flags over environment).
    public func overridden(by override: ProviderLimit) -> ProviderLimit {
        ProviderLimit(maxInFlight: override.maxInFlight ?? maxInFlight,
                      requestsPerMinute: override.requestsPerMinute ?? requestsPerMinute)
    }
}

/// Reading provider limits from the environment (`PROBE_MAX_INFLIGHT_<PROVIDER>`,
/// `PROBE_RPM_<PROVIDER>`) and from `PROVIDER=N` flag values.
public enum ProviderLimits {
    /// A `PROVIDER=N` value that is not one.
    public struct SyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
        public var description: String
    }

    /// The limits set in `environment`, and a warning for each value that is set but not an
    /// integer >= 1 (that value is ignored).
    public static func from(environment: [String: String]) -> (limits: [Provider: ProviderLimit], warnings: [String]) {
        var limits: [Provider: ProviderLimit] = [:]
        var warnings: [String] = []
        func read(_ name: String) -> Int? {
            guard let raw = environment[name], !raw.isEmpty else { return nil }
            if let value = positiveInteger(raw) { return value }
            warnings.append("\(name) '\(raw)' is not an integer >= 1; ignored")
            return nil
        }
        for provider in Provider.allCases {
            let limit = ProviderLimit(maxInFlight: read("PROBE_MAX_INFLIGHT_\(provider.upperName)"),
                                      requestsPerMinute: read("PROBE_RPM_\(provider.upperName)"))
            if limit != ProviderLimit() { limits[provider] = limit }
        }
        return (limits, warnings)
    }

    /// `OPENAI=8` → (.openai, 8). The provider name is any case of SPEC §9's names.
    public static func parseAssignment(_ text: String) throws(SyntaxError) -> (provider: Provider, value: Int) {
        let parts = text.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
        let names = Provider.allCases.map(\.upperName).joined(separator: ", ")
        guard parts.count == 2 else { throw SyntaxError(description: "'\(text)' is not PROVIDER=N") }
        guard let provider = Provider.allCases.first(where: { $0.upperName == parts[0].uppercased() }) else {
            throw SyntaxError(description: "unknown provider '\(parts[0])' in '\(text)' (one of \(names))")
        }
        guard let value = positiveInteger(String(parts[1])) else {
            throw SyntaxError(description: "'\(parts[1])' in '\(text)' is not an integer >= 1")
        }
        return (provider, value)
    }

    /// Decimal digits only, at least 1, fitting an Int.
    static func positiveInteger(_ text: String) -> Int? {
        guard !text.isEmpty, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let value = Int(text), value >= 1 else {
            return nil
        }
        return value
    }
}
