/// Reasoning text as the reply carries it: nil when there is none (SPEC §4).
enum Reasoning {
    /// The non-empty pieces joined with `\n`; nil when nothing non-empty is left.
    static func join(_ pieces: [String?]) -> String? {
        let present = pieces.compactMap { $0 }.filter { !$0.isEmpty }
        return present.isEmpty ? nil : present.joined(separator: "\n")
    }
}
