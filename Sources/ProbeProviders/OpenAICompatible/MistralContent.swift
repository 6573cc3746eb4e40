import ProbeCore

/// Mistral's array `content`: `{"type":"text","text":…}` chunks are the reply, and the
/// `{"type":"text"}` items inside `{"type":"thinking","thinking":[…]}` chunks are reasoning.
enum MistralContent {
    /// The text chunks' texts joined with `\n`, and the thinking chunks' inner texts in order.
    /// Non-object elements, other chunk types and texts that are not strings are ignored.
    static func split(_ chunks: [JSONValue]) -> (text: String, thinking: [String]) {
        var texts: [String] = []
        var thoughts: [String] = []
        for chunk in chunks {
            guard let object = chunk.objectValue else { continue }
            switch object["type"]?.stringValue {
            case "text":
                if let text = object["text"]?.stringValue { texts.append(text) }
            case "thinking":
                thoughts += innerTexts(object["thinking"])
            default:
                continue
            }
        }
        return (texts.joined(separator: "\n"), thoughts)
    }

    /// The texts of the `{"type":"text"}` items of a thinking chunk's array.
    private static func innerTexts(_ value: JSONValue?) -> [String] {
        guard let items = value?.arrayValue else { return [] }
        return items.compactMap { item in
            guard let object = item.objectValue, object["type"]?.stringValue == "text" else { return nil }
            return object["text"]?.stringValue
        }
    }
}
