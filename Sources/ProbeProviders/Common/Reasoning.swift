/// Reasoning text from its pieces (thinking blocks, thought parts, thinking chunks,
/// `reasoning_content`): all pieces joined with `\n`, nil when that is empty (SPEC §4).
enum Reasoning {
    static func join(_ pieces: [String]) -> String? {
        let joined = pieces.joined(separator: "\n")
        return joined.isEmpty ? nil : joined
    }
}
