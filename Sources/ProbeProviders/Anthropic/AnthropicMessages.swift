import ProbeCore

/// Our messages → the Messages API's top-level `system` and `messages`.
enum AnthropicMessages {
    /// The system messages' contents joined with a blank line; nil when there are none.
    static func system(_ messages: [ChatMessage]) -> String? {
        let parts = messages.filter { $0.role == .system }.map(\.content)
        return parts.isEmpty ? nil : parts.joined(separator: "\n\n")
    }

    /// The user and assistant messages, role and content verbatim.
    static func conversation(_ messages: [ChatMessage]) -> JSONValue {
        .array(messages.filter { $0.role != .system }.map { message in
            .object(["role": .string(message.role.rawValue), "content": .string(message.content)])
        })
    }
}
