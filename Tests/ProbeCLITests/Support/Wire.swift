import ProbeEngine
import ProbeTestSupport
import Testing

/// Inputs and request checks shared by the end-to-end transport tests.
enum Wire {
    static let prompt = "Would you pull the lever?"

    /// A one-turn openai probe.
    static let openAIInput = Array(#"""
        {"runId":"run-e2e","scenarioId":"trolley","modelId":"gpt-4o","scenario":{"prompt":"Would you pull the lever?"},"config":{"maxTokens":64}}
        """#.utf8)

    /// The request body as JSON, or a recorded issue.
    static func body(_ request: RecordedRequest, sourceLocation: SourceLocation = #_sourceLocation) -> JSONValue? {
        do {
            return try JSONParser.parse(request.body, maxDepth: 512)
        } catch {
            Issue.record("request body is not JSON (\(error.reason)): \(request.bodyText)", sourceLocation: sourceLocation)
            return nil
        }
    }

    /// SPEC §4's wire form of `openAIInput`: POST to /v1/chat/completions with the bearer key
    /// and the JSON body `{model, messages, temperature, max_tokens}`.
    static func expectOpenAIRequest(_ request: RecordedRequest, sourceLocation: SourceLocation = #_sourceLocation) {
        let key = ProviderCase.openai.fakeKey
        #expect(request.method == "POST", sourceLocation: sourceLocation)
        #expect(request.target == "/v1/chat/completions", sourceLocation: sourceLocation)
        #expect(request.header("Authorization") == "Bearer \(key)", sourceLocation: sourceLocation)
        #expect(request.header("Content-Type")?.hasPrefix("application/json") == true, sourceLocation: sourceLocation)
        guard let body = body(request, sourceLocation: sourceLocation) else { return }
        let expected: JSONValue = .object([
            "model": .string("gpt-4o"),
            "messages": .array([.object(["role": .string("user"), "content": .string(prompt)])]),
            "temperature": .double(0.7),
            "max_tokens": .int(64),
        ])
        #expect(JSONCompare.equal(body, expected), "body: \(request.bodyText)", sourceLocation: sourceLocation)
    }
}

/// SPEC §2's comparison: numbers by value, key order free.
enum JSONCompare {
    static func equal(_ lhs: JSONValue, _ rhs: JSONValue) -> Bool {
        switch (lhs, rhs) {
        case (.number(let a), .number(let b)): return a.double == b.double
        case (.array(let a), .array(let b)): return a.count == b.count && zip(a, b).allSatisfy { equal($0, $1) }
        case (.object(let a), .object(let b)):
            return Set(a.keys) == Set(b.keys) && a.keys.allSatisfy { key in
                guard let x = a[key], let y = b[key] else { return false }
                return equal(x, y)
            }
        default: return lhs == rhs
        }
    }
}
