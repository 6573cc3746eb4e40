import ProbeCore

/// Usage numbers as DECISIONS D3 accepts them.
enum TokenCount {
    /// The count when `value` is a JSON integer token ≥ 0 within `Int`'s range; else nil
    /// (so `5.0`, `"5"`, `-1`, `true` and `null` all mean "not given").
    static func of(_ value: JSONValue?) -> Int? {
        guard let count = value?.numberValue?.intValue, count >= 0 else { return nil }
        return count
    }
}
