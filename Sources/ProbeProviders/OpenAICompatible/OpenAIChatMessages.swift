import ProbeCore

/// Our messages → the chat-completions `messages` array: role and content, verbatim.
enum OpenAIChatMessages {
    static func convert(_ messages: [ChatMessage]) -> JSONValue {
        .array(messages.map { message in
            .object(["role": .string(message.role.rawValue), "content": .string(message.content)])
        })
    }
}
