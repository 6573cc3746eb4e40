import ProbeCore

/// URL and header assembly shared by every provider: the key travels only in a header.
enum Endpoint {
    /// `baseURL` without its trailing slashes, followed by `path` (which starts with `/`).
    static func url(baseURL: String, path: String) -> String {
        var base = Substring(baseURL)
        while base.last == "/" { base = base.dropLast() }
        return String(base) + path
    }

    /// `Content-Type: application/json` followed by the provider's auth headers.
    static func headers(_ auth: [(name: String, value: String)]) -> [(name: String, value: String)] {
        [(name: "Content-Type", value: "application/json")] + auth
    }

    /// `Authorization: Bearer KEY`, the OpenAI-compatible auth.
    static func bearer(_ apiKey: String) -> [(name: String, value: String)] {
        [(name: "Authorization", value: "Bearer \(apiKey)")]
    }
}
