"""OpenAI end to end: the request on the wire, the reply mapped into the transcript."""
from __future__ import annotations

import responses

from tests.conftest import URLS, make_input, openai_reply, run, sent_json


@responses.activate
def test_two_turn_conversation_sends_history_and_maps_reply(env, clock):
    responses.post(URLS["openai"], json=openai_reply("  Yes, always.  "))
    responses.post(URLS["openai"], json=openai_reply("Because trust matters.", prompt_tokens=30,
                                                     completion_tokens=5))
    out = run(make_input(), env, clock)
    assert out["success"] is True
    transcript = out["transcript"]
    assert [t["promptLabel"] for t in transcript["turns"]] == ["scenario_prompt", "why"]
    first, second = transcript["turns"]
    assert first["targetResponse"] == "Yes, always."
    assert first["inputTokens"] == 12 and first["outputTokens"] == 3
    assert first["providerMetadata"] == {
        "provider": "openai", "finishReason": "stop",
        "raw": {"id": "chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT", "model": "gpt-4o-2024-08-06",
                "finish_reason": "stop", "system_fingerprint": "fp_fc9f1d7035", "refusal": None},
        "parameters": {"sent": {"temperature": 0.7, "maxTokens": 256}, "dropped": []},
        "cachedInputTokens": 0, "reasoningTokens": 0}
    assert transcript["totalInputTokens"] == 42 and transcript["totalOutputTokens"] == 8
    assert transcript["modelVersion"] == "gpt-4o-2024-08-06"
    assert "costSnapshot" not in transcript
    body = sent_json(responses.calls[1])
    assert body == {"model": "gpt-4o", "temperature": 0.7, "max_tokens": 256, "messages": [
        {"role": "system", "content": "You are a careful assistant."},
        {"role": "user", "content": "Should I tell the truth?"},
        {"role": "assistant", "content": "Yes, always."},
        {"role": "user", "content": "Why?"}]}
    headers = responses.calls[0].request.headers
    assert headers["Authorization"] == "Bearer sk-test-FAKE-openai-0000"
    assert headers["Content-Type"] == "application/json"
