import ProbeCore

/// The model name a reply reports (DECISIONS D5).
enum ModelVersion {
    /// `value` when it is a non-empty string; else nil.
    static func of(_ value: JSONValue?) -> String? {
        guard let name = value?.stringValue, !name.isEmpty else { return nil }
        return name
    }
}
