import ProbeCore
import ProbeProviders
import Testing

/// CJK, right-to-left, an emoji ZWJ sequence, combining marks, U+0000 and other controls.
let unicodeSamples = [
    "电车难题：你会拉动拉杆吗？", "هل ستسحب الرافعة؟ שלום", "👩‍👩‍👧‍👦 and 🏳️‍🌈", "e\u{301} Z\u{335}\u{30C}a\u{300}\u{318}",
    "nul\u{0}byte\u{1}\u{1F}", "\u{FEFF}bom \u{200B}zwsp \u{2028} \u{10FFFF}",
]

@Test(arguments: Provider.allCases)
func messageTextPassesThroughUnchanged(provider: Provider) throws {
    let messages = [ChatMessage(role: .system, content: unicodeSamples[0])]
        + unicodeSamples.dropFirst().map { ChatMessage(role: .user, content: $0) }
    let built = body(call(provider, model: "m", messages: messages))
    let text = JSONWriter.string(built)
    // Round trip through the wire bytes gives back the same values.
    #expect(try JSONParser.parse(JSONWriter.bytes(built)) == built)
    var sent: [String] = []
    collectStrings(built, into: &sent)
    for sample in unicodeSamples {
        #expect(sent.contains(sample), "\(provider) lost \(sample.unicodeScalars.map(\.value))")
    }
    #expect(text.contains("\\u0000"))
}

@Test(arguments: [Provider.openai, .anthropic, .google])
func replyTextPassesThroughUnchanged(provider: Provider) throws {
    let sample = "电车 هل 👩‍👩‍👧‍👦 e\u{301} \u{0} end"
    let escaped = JSONWriter.string(.string(sample))
    let body: String
    switch provider {
    case .anthropic: body = #"{"content": [{"type": "text", "text": \#(escaped)}]}"#
    case .google: body = #"{"candidates": [{"content": {"parts": [{"text": \#(escaped)}]}}]}"#
    default: body = #"{"choices": [{"message": {"content": \#(escaped)}}]}"#
    }
    let parsed = try Providers.adapter(for: provider).parseReply(try json(body))
    #expect(parsed.text == sample)
    #expect(parsed.text.unicodeScalars.elementsEqual(sample.unicodeScalars))
}

/// Every string value inside `value`, depth first.
func collectStrings(_ value: JSONValue, into out: inout [String]) {
    switch value {
    case .string(let text): out.append(text)
    case .array(let items): items.forEach { collectStrings($0, into: &out) }
    case .object(let object): object.entries.forEach { collectStrings($0.value, into: &out) }
    default: break
    }
}
