/// Reasoning text from its pieces (thinking blocks, thought parts, thinking chunks,
/// `reasoning_content`), nil when there is none (SPEC §4). Empty pieces are dropped.
enum Reasoning {
    /// The non-empty pieces joined with `\n`; nil when nothing non-empty is left.
    static func join(_ pieces: [String?]) -> String? {
        let present = pieces.compactMap { $0 }.filter { !$0.isEmpty }
        return present.isEmpty ? nil : present.joined(separator: "\n")
    }
}
