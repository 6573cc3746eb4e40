/// Who said a message.
public enum ChatRole: String, Sendable, Equatable {
    case system, user, assistant
}

/// One message of the conversation, sent verbatim.
public struct ChatMessage: Sendable, Equatable {
    public var role: ChatRole
    public var content: String

    public init(role: ChatRole, content: String) {
        self.role = role
        self.content = content
    }
}
