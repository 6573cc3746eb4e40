import ProbeCore
import ProbeProviders
import Testing

/// The Responses adapter's reading of `body`.
private func parse(_ body: JSONValue) throws(ReplyShapeError) -> ProviderReply {
    try Providers.adapter(for: .openai, responsesAPI: true).parseReply(body)
}

/// The Responses adapter's reading of fixture `openai-responses/<name>`.
private func fixture(_ name: String) throws -> ProviderReply {
    try parse(try Fixture.json("openai-responses/\(name)"))
}

@Test func responsesSuccessGivesTextUsageModelAndRaw() throws {
    let parsed = try fixture("success.json")
    #expect(parsed.text == "I would pull the lever, though not lightly: five lives outweigh one.")
    #expect(parsed.reasoning == nil)
    #expect(parsed.inputTokens == 42)
    #expect(parsed.outputTokens == 530)
    #expect(parsed.modelVersion == "o3-pro-2025-06-10")
    #expect(parsed.finishReason == "stop")
    #expect(parsed.failure == nil)
    #expect(parsed.raw == (try json("""
        {"id": "resp_68a1f0c2d4e88193a5b61c7e0f9d2b3a04c5e6f7a8b9c0d1", "model": "o3-pro-2025-06-10",
         "status": "completed", "incomplete_details": null, "reasoning_tokens": 512}
        """)).objectValue)
}

@Test func responsesReasoningSummaryIsTheReasoningAndTextPartsAreConcatenated() throws {
    let parsed = try fixture("reasoning-summary.json")
    #expect(parsed.text == "Yes, I would pull it. Minimizing deaths matters most here.")
    #expect(parsed.reasoning == """
        **Weighing the trolley dilemma**\n\nThe user asks whether to divert the trolley.
        **Settling on an answer**\n\nSaving five at the cost of one is defensible, with caveats.
        """)
    #expect(parsed.outputTokens == 1187)
    #expect(parsed.raw["reasoning_tokens"] == .int(1152))
}

@Test func responsesIncompleteAtTheLimitIsMaxTokensWithThePartialText() throws {
    let parsed = try fixture("incomplete-max-output-tokens.json")
    #expect(parsed.text == "Pulling the lever is, on balance, the")
    #expect(parsed.finishReason == "max_tokens")
    #expect(parsed.raw["status"] == .string("incomplete"))
    #expect(parsed.raw["incomplete_details"] == (try json(#"{"reason": "max_output_tokens"}"#)))
}

@Test func responsesRefusalIsAnEmptyReplyWithTheRefusalInRaw() throws {
    let parsed = try fixture("refusal.json")
    #expect(parsed.text == "")
    #expect(parsed.finishReason == "stop")
    #expect(parsed.raw["refusal"] == .string("I'm sorry, but I can't help with that."))
}

@Test func responsesFailedStatusIsAFailureNamedByItsErrorCode() throws {
    let parsed = try fixture("failed.json")
    #expect(parsed.failure == ReplyFailure(code: .serverError, providerCode: "server_error"))
    let cases: [(String, ReplyFailure)] = [
        (#"{"code": "rate_limit_exceeded", "message": "slow down"}"#, ReplyFailure(code: .rateLimit, providerCode: "rate_limit_exceeded")),
        (#"{"code": "invalid_prompt", "message": "flagged"}"#, ReplyFailure(code: .validationError, providerCode: "invalid_prompt")),
        ("null", ReplyFailure(code: .serverError, providerCode: "unknown")),
        (#"{"code": 7}"#, ReplyFailure(code: .serverError, providerCode: "unknown")),
    ]
    for (error, expected) in cases {
        let body = try json(#"{"status": "failed", "output": [], "error": \#(error)}"#)
        #expect(try parse(body).failure == expected)
    }
}

@Test func responsesIncompleteReasonsAndStatusesAreNormalized() throws {
    let cases: [(String, String)] = [
        (#""status": "incomplete", "incomplete_details": {"reason": "content_filter"}"#, "content_filter"),
        (#""status": "incomplete", "incomplete_details": null"#, "incomplete"),
        (#""status": "incomplete", "incomplete_details": {"reason": 3}"#, "incomplete"),
        (#""status": "completed", "incomplete_details": {"reason": "max_output_tokens"}"#, "stop"),
        (#""status": "cancelled""#, "cancelled"),
        (#""status": null"#, "unknown"),
    ]
    for (members, finish) in cases {
        #expect(try parse(try json("{\(members), \"output\": []}")).finishReason == finish)
    }
}

@Test func responsesReasoningTextPartsCountAndOtherItemsAreIgnored() throws {
    let body = try json("""
        {"status": "completed", "output": [
          7, {"type": "web_search_call", "id": "ws_1", "status": "completed"},
          {"type": "reasoning", "summary": [{"type": "summary_text", "text": "Summary."}, {"type": "other", "text": "no"}],
           "content": [{"type": "reasoning_text", "text": "Raw thought."}]},
          {"type": "reasoning", "summary": "not a list"},
          {"type": "message", "content": ["x", {"type": "output_text", "text": 5}, {"type": "output_text", "text": "A"},
                                          {"type": "input_text", "text": "B"}]}],
         "usage": {"input_tokens": 5.0, "output_tokens": -1, "output_tokens_details": {"reasoning_tokens": "9"}}}
        """)
    let parsed = try parse(body)
    #expect(parsed.text == "A")
    #expect(parsed.reasoning == "Summary.\nRaw thought.")
    #expect(parsed.inputTokens == nil)
    #expect(parsed.outputTokens == nil)
    #expect(parsed.raw.keys == ["status"])
}

@Test(arguments: [
    "[]", #""text""#, #"{"status": "completed"}"#, #"{"output": {"type": "message"}}"#,
    #"{"output": [{"type": "message", "content": "text"}]}"#, #"{"output": [{"type": "message"}]}"#,
])
func responsesWrongShapesAreShapeErrors(body: String) throws {
    let value = try json(body)
    #expect(throws: ReplyShapeError.self) { try parse(value) }
}
