/// Which proxy to use for a URL, read from an environment dictionary (never the process's own,
/// unless that is what the caller passes). Loopback hosts are never proxied.
public struct ProxySettings: Sendable, Equatable {
    /// The proxy for `https://` URLs (`https_proxy`, `HTTPS_PROXY`, then `all_proxy`, `ALL_PROXY`; DECISIONS D8), or nil.
    public var httpsProxy: String?
    /// The proxy for `http://` URLs (`http_proxy`, then `all_proxy`, `ALL_PROXY`), or nil.
    public var httpProxy: String?
    /// The hosts never proxied, from `no_proxy` (else `NO_PROXY`), trimmed, empty entries dropped.
    public var noProxyHosts: [String]

    /// Hosts added to every no-proxy list so loopback traffic never goes through a proxy
    /// (curl matches `localhost` for its subdomains too, and CIDR ranges since 7.86).
    public static let loopbackHosts = ["localhost", "127.0.0.1", "127.0.0.0/8", "::1"]

    /// No proxy at all.
    public static let none = ProxySettings(environment: [:])

    /// Reads the proxy variables from `environment`; an empty value counts as unset.
    /// `HTTP_PROXY` (upper case) is ignored, like curl does, since CGI sets it from a request header.
    public init(environment: [String: String]) {
        func first(_ names: [String]) -> String? {
            for name in names {
                if let value = environment[name]?.trimmingASCIISpaces(), !value.isEmpty { return value }
            }
            return nil
        }
        httpsProxy = first(["https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"])
        httpProxy = first(["http_proxy", "all_proxy", "ALL_PROXY"])
        let list = first(["no_proxy", "NO_PROXY"]) ?? ""
        noProxyHosts = list.split(separator: ",").map { String($0).trimmingASCIISpaces() }.filter { !$0.isEmpty }
    }

    /// The proxy URL for `url` chosen by its scheme, or `""` for none (curl's spelling of "no proxy").
    public func proxy(for url: String) -> String {
        let lowered = asciiLowercased(String(url.prefix(8)))
        if lowered.hasPrefix("https://") { return httpsProxy ?? "" }
        if lowered.hasPrefix("http://") { return httpProxy ?? "" }
        return ""
    }

    /// The value for curl's `CURLOPT_NOPROXY`: the no-proxy hosts plus loopback, comma-separated;
    /// `*` alone when the list contains `*` (curl honours `*` only as the whole value).
    public var curlNoProxy: String {
        if noProxyHosts.contains("*") { return "*" }
        var hosts = noProxyHosts
        for host in Self.loopbackHosts where !hosts.contains(host) { hosts.append(host) }
        return hosts.joined(separator: ",")
    }
}

extension String {
    /// The string without leading and trailing spaces and tabs.
    func trimmingASCIISpaces() -> String {
        let bytes = Array(utf8)
        let isSpace: (UInt8) -> Bool = { $0 == 32 || $0 == 9 }
        guard let start = bytes.firstIndex(where: { !isSpace($0) }),
            let end = bytes.lastIndex(where: { !isSpace($0) })
        else { return "" }
        return String(decoding: bytes[start...end], as: UTF8.self)
    }
}
