import ProbeCore

/// DeepSeek's addition to chat completions: `deepseek-reasoner` returns its chain of thought in
/// `message.reasoning_content`. Its limits are the model profile's (DECISIONS D14).
enum DeepSeekAdapter {
    /// `message.reasoning_content` when it is a string.
    static func reasoningContent(of message: JSONObject) -> String? {
        message["reasoning_content"]?.stringValue
    }
}
