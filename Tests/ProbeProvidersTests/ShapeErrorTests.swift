import ProbeCore
import ProbeProviders
import Testing

/// Whether `provider`'s parser rejects `body` as a wrong shape.
func rejects(_ provider: Provider, _ body: String) throws -> Bool {
    let value = try json(body)
    do {
        _ = try Providers.adapter(for: provider).parseReply(value)
        return false
    } catch {
        return true
    }
}

@Test(arguments: Provider.allCases)
func bodyThatIsNotAnObjectIsAShapeError(provider: Provider) throws {
    for body in ["[]", "null", "\"ok\"", "42", "true", "[{\"choices\": []}]"] {
        #expect(try rejects(provider, body), "\(provider) accepted \(body)")
    }
}

@Test(arguments: [Provider.openai, .xai, .deepseek, .mistral])
func compatibleWrongShapesAreShapeErrors(provider: Provider) throws {
    let shapes = [
        #"{}"#,
        #"{"choices": null}"#,
        #"{"choices": {}}"#,
        #"{"choices": []}"#,
        #"{"choices": ["x"]}"#,
        #"{"choices": [null]}"#,
        #"{"choices": [{}]}"#,
        #"{"choices": [{"message": null}]}"#,
        #"{"choices": [{"message": "hi"}]}"#,
        #"{"choices": [{"message": {"content": 5}}]}"#,
        #"{"choices": [{"message": {"content": {"text": "x"}}}]}"#,
        #"{"choices": [{"message": {"content": true}}]}"#,
        #"{"error": {"message": "overloaded"}}"#,
    ]
    for shape in shapes {
        #expect(try rejects(provider, shape), "\(provider) accepted \(shape)")
    }
}

@Test func anthropicWrongShapesAreShapeErrors() throws {
    for shape in [#"{}"#, #"{"content": null}"#, #"{"content": "text"}"#, #"{"content": {"type": "text"}}"#,
                  #"{"type": "error", "error": {"type": "overloaded_error"}}"#] {
        #expect(try rejects(.anthropic, shape), "accepted \(shape)")
    }
    #expect(try !rejects(.anthropic, #"{"content": []}"#))
}

@Test func googleWrongShapesAreShapeErrors() throws {
    for shape in [#"{"candidates": {}}"#, #"{"candidates": "x"}"#, #"{"candidates": [null]}"#,
                  #"{"candidates": [[]]}"#, #"{"candidates": [{"content": "x"}]}"#,
                  #"{"candidates": [{"content": {"parts": {}}}]}"#,
                  #"{"candidates": [{"content": {"parts": "text"}}]}"#] {
        #expect(try rejects(.google, shape), "accepted \(shape)")
    }
    #expect(try !rejects(.google, #"{}"#))
}
