import ProbeCore
import ProbeProviders
import Testing

@Test(arguments: [
    ("stop", "stop"), ("length", "max_tokens"), ("content_filter", "content_filter"),
    ("tool_calls", "tool_use"), ("function_call", "tool_use"), ("insufficient_system_resource", "system_error"),
    ("end_turn", "stop"), ("max_tokens", "max_tokens"), ("stop_sequence", "stop_sequence"), ("tool_use", "tool_use"),
    ("refusal", "refusal"), ("pause_turn", "pause_turn"), ("STOP", "stop"), ("MAX_TOKENS", "max_tokens"),
    ("SAFETY", "safety"), ("RECITATION", "recitation"), ("BLOCKLIST", "blocklist"), ("model_length", "max_tokens"),
    ("model_context_window_exceeded", "max_tokens"), ("PROHIBITED_CONTENT", "prohibited_content"), ("SPII", "spii"),
    ("LENGTH", "length"), ("End_Turn", "end_turn"), ("", ""),
])
func finishReasonIsNormalizedByOneTable(wire: String, normalized: String) {
    #expect(FinishReason.normalize(.string(wire)) == normalized)
}

@Test func missingOrNonStringFinishReasonIsUnknown() {
    #expect(FinishReason.normalize(nil) == "unknown")
    #expect(FinishReason.normalize(.null) == "unknown")
    #expect(FinishReason.normalize(.int(1)) == "unknown")
    #expect(FinishReason.normalize(.bool(true)) == "unknown")
    #expect(FinishReason.normalize(.array([.string("stop")])) == "unknown")
}
