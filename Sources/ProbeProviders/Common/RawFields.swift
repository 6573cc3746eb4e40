import ProbeCore

/// The `raw` part of provider metadata: listed keys copied verbatim when present.
struct RawFields {
    private(set) var object = JSONObject()

    /// Copies `key` from `source` when the key is present, `null` values included.
    mutating func copy(_ key: String, from source: JSONObject?) {
        if let value = source?[key] { object[key] = value }
    }
}
