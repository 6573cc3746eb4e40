import ProbeCore

/// Our messages → generateContent's `contents` (roles `user`/`model`) and `systemInstruction`.
enum GoogleContents {
    /// `{parts:[{text}]}` from the system messages joined with a blank line; nil when none.
    static func systemInstruction(_ messages: [ChatMessage]) -> JSONValue? {
        let parts = messages.filter { $0.role == .system }.map(\.content)
        guard !parts.isEmpty else { return nil }
        return .object(["parts": .array([.object(["text": .string(parts.joined(separator: "\n\n"))])])])
    }

    /// The user and assistant messages as `{role, parts:[{text}]}`.
    static func contents(_ messages: [ChatMessage]) -> JSONValue {
        .array(messages.filter { $0.role != .system }.map { message in
            .object([
                "role": .string(message.role == .assistant ? "model" : "user"),
                "parts": .array([.object(["text": .string(message.content)])]),
            ])
        })
    }
}
