import ProbeCore

/// Usage numbers as SPEC §2 and DECISIONS D3/D9 count them.
enum TokenCount {
    /// The largest usage count taken from a reply (2³¹−1); sums over turns then stay far from
    /// overflow.
    static let maximum = Int(Int32.max)

    /// The count when `value` is a JSON integer token in 0 … 2³¹−1; else nil
    /// (so `5.0`, `"5"`, `-1`, `true`, `null` and absurd sizes all mean "not given").
    static func of(_ value: JSONValue?) -> Int? {
        guard let count = value?.numberValue?.intValue, (0...maximum).contains(count) else { return nil }
        return count
    }
}
