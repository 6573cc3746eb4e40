import ProbeCore

/// Usage numbers as SPEC §2 and DECISIONS D3/D7/D9 count them.
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

    /// `base` plus the reported `parts` (a missing part counts 0); nil when `base` is nil or
    /// the sum passes `maximum` (the count is then estimated, like any unusable count).
    static func sum(_ base: Int?, _ parts: Int?...) -> Int? {
        guard let base else { return nil }
        let total = parts.reduce(base) { $0 + ($1 ?? 0) }
        return total <= maximum ? total : nil
    }
}
