import ProbeJSON

extension GeneratedReply {
    /// The success reply to a Responses API request (`/openai/v1/responses`, DECISIONS D15),
    /// deterministic like the others: turn K (the user messages in `input`) answers
    /// `Mock openai reply to turn K.` with usage 12·K in and 5+K out, for the requested model.
    public static func responsesBody(requestBody: [UInt8]) -> [UInt8] {
        let request = (try? JSONParser.parse(requestBody, maxDepth: 512)) ?? .null
        let users = (request["input"]?.arrayValue ?? []).filter { $0["role"]?.stringValue == "user" }.count
        let turn = max(1, users)
        let model = request["model"]?.stringValue ?? "mock-model"
        return JSONWriter.bytes(responsesReply(text: "Mock openai reply to turn \(turn).", model: model,
                                               input: 12 * turn, output: 5 + turn))
    }

    /// A completed Response in the shape of openai-python's `types/responses/response.py`: one
    /// `message` output item with one `output_text` part, and its usage.
    public static func responsesReply(text: String, model: String, input: Int, output: Int) -> JSONValue {
        .object([
            "id": .string("resp_mock_generated"), "object": .string("response"), "created_at": .int(1_750_000_000),
            "status": .string("completed"), "error": .null, "incomplete_details": .null, "model": .string(model),
            "output": .array([.object([
                "type": .string("message"), "id": .string("msg_mock_generated"), "status": .string("completed"),
                "role": .string("assistant"),
                "content": .array([.object([
                    "type": .string("output_text"), "text": .string(text), "annotations": .array([]),
                ])]),
            ])]),
            "parallel_tool_calls": .bool(true), "tool_choice": .string("auto"), "tools": .array([]),
            "usage": .object([
                "input_tokens": .int(input),
                "input_tokens_details": .object(["cached_tokens": .int(0), "cache_write_tokens": .int(0)]),
                "output_tokens": .int(output), "output_tokens_details": .object(["reasoning_tokens": .int(0)]),
                "total_tokens": .int(input + output),
            ]),
        ])
    }
}
