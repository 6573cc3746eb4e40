import ProbeCore

/// `usageMetadata` → token counts (DECISIONS D3).
enum GoogleUsage {
    /// `promptTokenCount`.
    static func input(_ usage: JSONObject?) -> Int? {
        TokenCount.of(usage?["promptTokenCount"])
    }

    /// `candidatesTokenCount + thoughtsTokenCount`, a missing addend counting 0; nil when
    /// both are missing (the output is then estimated).
    static func output(_ usage: JSONObject?) -> Int? {
        let candidates = TokenCount.of(usage?["candidatesTokenCount"])
        let thoughts = TokenCount.of(usage?["thoughtsTokenCount"])
        if candidates == nil && thoughts == nil { return nil }
        let (sum, overflow) = (candidates ?? 0).addingReportingOverflow(thoughts ?? 0)
        return overflow ? nil : sum
    }
}
