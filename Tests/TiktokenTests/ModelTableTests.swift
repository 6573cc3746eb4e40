import Testing
@testable import Tiktoken

/// The committed models.json: tiktoken 0.14's model → encoding table.
struct ModelTableTests {
    let table: ModelTable

    init() throws {
        table = try ModelTable.load(directory: TestSupport.resources)
    }

    @Test(arguments: [
        ("gpt-4", "cl100k_base"), ("gpt-4-0613", "cl100k_base"), ("gpt-4-turbo", "cl100k_base"),
        ("gpt-3.5-turbo", "cl100k_base"), ("gpt-3.5-turbo-16k", "cl100k_base"), ("gpt-35-turbo", "cl100k_base"),
        ("ft:gpt-3.5-turbo:org:x:1", "cl100k_base"), ("ft:gpt-4-0613:org", "cl100k_base"),
        ("gpt-4o", "o200k_base"), ("gpt-4o-mini", "o200k_base"), ("gpt-4o-2024-08-06", "o200k_base"),
        ("chatgpt-4o-latest", "o200k_base"), ("gpt-4.1", "o200k_base"), ("gpt-4.1-nano", "o200k_base"),
        ("gpt-4.5-preview", "o200k_base"), ("gpt-5", "o200k_base"), ("gpt-5-mini", "o200k_base"),
        ("o1", "o200k_base"), ("o1-mini", "o200k_base"), ("o3", "o200k_base"), ("o3-mini", "o200k_base"),
        ("o4-mini", "o200k_base"), ("o4-mini-2025-04-16", "o200k_base"), ("ft:gpt-4o-mini:org", "o200k_base"),
        ("some-unknown-model", "cl100k_base"), ("", "cl100k_base"),
    ])
    func modelsMapToTiktokensEncoding(model: String, encoding: String) {
        #expect(table.encodingName(forModel: model) == encoding)
    }

    @Test func everyEncodingInTheTableHasAPreTokenizer() {
        for spec in table.encodings.values {
            #expect(Encoding.knownPatterns[spec.pattern] != nil, "\(spec.name)")
        }
    }

    @Test func longerPrefixesComeFirst() {
        let lengths = table.prefixes.map { $0.prefix.utf8.count }
        #expect(lengths == lengths.sorted(by: >))
    }

    @Test func malformedTableIsAnErrorNotACrash() {
        for text in ["", "{", "[]", #"{"default":1}"#, #"{"default":"a","exact":{},"prefixes":{},"encodings":{}}"#] {
            #expect(throws: TiktokenError.self) { try ModelTable.parse(Array(text.utf8), path: "m") }
        }
    }
}
