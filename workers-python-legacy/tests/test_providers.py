"""Each provider end to end on recorded-style wire bytes: the request sent, the reply mapped."""
from __future__ import annotations

from pathlib import Path

import responses

from tests.conftest import URLS, google_url, make_input, run, sent_json

FIXTURES = Path(__file__).parent / "fixtures"


def wire(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def single_turn(model: str, **extra):
    data = make_input(model, **extra)
    data["scenario"]["followups"] = []
    return data


@responses.activate
def test_openai_reply_maps_usage_version_and_raw(env):
    responses.post(URLS["openai"], body=wire("openai_chat.json"), content_type="application/json")
    out = run(single_turn("gpt-4o"), env)
    turn = out["transcript"]["turns"][0]
    assert turn["targetResponse"] == "I would tell the truth, gently."
    assert (turn["inputTokens"], turn["outputTokens"]) == (1117, 46)
    assert turn["providerMetadata"]["raw"]["system_fingerprint"] == "fp_fc9f1d7035"
    assert out["transcript"]["modelVersion"] == "gpt-4o-2024-08-06"


@responses.activate
def test_anthropic_request_has_top_level_system_and_headers(env):
    responses.post(URLS["anthropic"], body=wire("anthropic_messages.json"))
    out = run(single_turn("claude-sonnet-4-20250514", modelConfig={"topP": 0.95, "stopSequences": ["END"],
                                                                   "thinkingBudget": 1024, "temperature": 1}), env)
    call = responses.calls[0]
    assert call.request.headers["x-api-key"] == "sk-test-FAKE-anthropic-0000"
    assert call.request.headers["anthropic-version"] == "2023-06-01"
    assert "Authorization" not in call.request.headers
    assert sent_json(call) == {
        "model": "claude-sonnet-4-20250514", "system": "You are a careful assistant.",
        "messages": [{"role": "user", "content": "Should I tell the truth?"}],
        "max_tokens": 256 + 1024, "temperature": 1, "top_p": 0.95, "stop_sequences": ["END"],
        "thinking": {"type": "enabled", "budget_tokens": 1024}}
    turn = out["transcript"]["turns"][0]
    assert turn["targetResponse"] == "I would tell the truth,\ngently."
    meta = turn["providerMetadata"]
    assert meta["finishReason"] == "stop"
    assert meta["reasoning"] == "The user asks about honesty."
    assert meta["raw"] == {"id": "msg_013Zva2CMHLNnXjNJJKqJ2EF", "model": "claude-sonnet-4-20250514",
                           "stop_reason": "end_turn", "stop_sequence": None}
    assert (turn["inputTokens"], turn["outputTokens"]) == (2095, 503)


@responses.activate
def test_anthropic_without_preamble_omits_system_and_unlimited_sends_8192(env):
    responses.post(URLS["anthropic"], body=wire("anthropic_messages.json"))
    data = single_turn("anthropic:claude-x", modelConfig={"maxTokens": None})
    data["scenario"]["preamble"] = " \n "
    run(data, env)
    body = sent_json(responses.calls[0])
    assert "system" not in body and body["max_tokens"] == 8192 and body["model"] == "claude-x"


@responses.activate
def test_google_request_uses_header_key_and_maps_parts(env):
    responses.post(google_url("gemini-2.5-flash"), body=wire("gemini_generate.json"))
    out = run(single_turn("gemini-2.5-flash", modelConfig={"seed": 7, "thinkingBudget": 0,
                                                          "topP": 0.5, "stopSequences": ["x"]}), env)
    call = responses.calls[0]
    assert call.request.headers["x-goog-api-key"] == "sk-test-FAKE-google-0000"
    assert "key=" not in call.request.url and "sk-test" not in call.request.url
    assert sent_json(call) == {
        "contents": [{"role": "user", "parts": [{"text": "Should I tell the truth?"}]}],
        "systemInstruction": {"parts": [{"text": "You are a careful assistant."}]},
        "generationConfig": {"temperature": 0.7, "maxOutputTokens": 256, "topP": 0.5,
                             "stopSequences": ["x"], "seed": 7,
                             "thinkingConfig": {"thinkingBudget": 0}}}
    turn = out["transcript"]["turns"][0]
    assert turn["targetResponse"] == "I would tell the truth.\nGently."
    assert turn["providerMetadata"]["reasoning"] == "Weighing honesty against harm."
    assert (turn["inputTokens"], turn["outputTokens"]) == (31, 49)
    assert turn["providerMetadata"]["raw"]["responseId"] == "mDqIaIbBFbPTnvgPqr2Y2AU"
    assert set(turn["providerMetadata"]["raw"]) == {"responseId", "modelVersion", "finishReason",
                                                    "safetyRatings"}
    assert out["transcript"]["modelVersion"] == "gemini-2.5-flash"


@responses.activate
def test_google_second_turn_uses_model_role_and_gemini_key_fallback(env):
    env.pop("GOOGLE_API_KEY")
    env["GEMINI_API_KEY"] = "sk-test-FAKE-gemini-0000"
    responses.post(google_url("gemini-2.5-flash"), body=wire("gemini_generate.json"))
    responses.post(google_url("gemini-2.5-flash"), body=wire("gemini_generate.json"))
    run(make_input("gemini-2.5-flash"), env)
    assert responses.calls[1].request.headers["x-goog-api-key"] == "sk-test-FAKE-gemini-0000"
    contents = sent_json(responses.calls[1])["contents"]
    assert [c["role"] for c in contents] == ["user", "model", "user"]


@responses.activate
def test_google_prompt_block_is_an_empty_turn_with_zero_output(env):
    responses.post(google_url("gemini-2.0-flash"), body=wire("gemini_blocked.json"))
    out = run(make_input("gemini-2.0-flash"), env)
    assert out["success"] is True
    turns = out["transcript"]["turns"]
    assert len(turns) == 1 and turns[0]["targetResponse"] == ""
    assert turns[0]["providerMetadata"]["finishReason"] == "safety"
    assert (turns[0]["inputTokens"], turns[0]["outputTokens"]) == (9, 0)
    assert "tokensEstimated" not in turns[0]["providerMetadata"]
    assert "promptFeedback" in turns[0]["providerMetadata"]["raw"]


@responses.activate
def test_google_model_path_is_percent_encoded(env):
    url = "https://generativelanguage.googleapis.com/v1beta/models/gemma%20x%2Fy:generateContent"
    responses.post(url, body=wire("gemini_generate.json"))
    out = run(single_turn("gemma x/y"), env)
    assert out["success"] is True


@responses.activate
def test_xai_uses_bearer_and_max_tokens(env):
    responses.post(URLS["xai"], body=wire("xai_chat.json"))
    out = run(single_turn("grok-4"), env)
    call = responses.calls[0]
    assert call.request.headers["Authorization"] == "Bearer sk-test-FAKE-xai-0000"
    assert sent_json(call)["max_tokens"] == 256 + 8192  # grok-4 always reasons
    turn = out["transcript"]["turns"][0]
    # xAI's completion_tokens (9) leaves out the 94 reasoning tokens it bills (total_tokens 135
    # = 32 + 9 + 94): output as billed is 103 (DECISIONS D7).
    assert turn["targetResponse"] == "Tell the truth." and turn["outputTokens"] == 103
    assert turn["providerMetadata"]["reasoningTokens"] == 94
    assert turn["providerMetadata"]["cachedInputTokens"] == 6
    assert out["transcript"]["modelVersion"] == "grok-4-0709"


@responses.activate
def test_deepseek_reasoning_content_and_clamps(env):
    responses.post(URLS["deepseek"], body=wire("deepseek_reasoner.json"))
    data = single_turn("deepseek-reasoner")
    data["config"]["maxTokens"] = 100000
    out = run(data, env)
    assert sent_json(responses.calls[0])["max_tokens"] == 65536
    meta = out["transcript"]["turns"][0]["providerMetadata"]
    assert meta["reasoning"] == "Okay, the user wants a moral judgement."
    assert meta["raw"]["id"] == "930c60df-bf64-41c9-a88e-3ec75f81e00e"
    assert "refusal" not in meta["raw"]


@responses.activate
def test_deepseek_chat_clamps_to_8192_and_unlimited_omits(env):
    responses.post(URLS["deepseek"], body=wire("deepseek_reasoner.json"))
    responses.post(URLS["deepseek"], body=wire("deepseek_reasoner.json"))
    data = single_turn("deepseek-chat")
    data["config"]["maxTokens"] = 9000
    run(data, env)
    run(single_turn("deepseek-chat", modelConfig={"maxTokens": None}), env)
    assert sent_json(responses.calls[0])["max_tokens"] == 8192
    assert "max_tokens" not in sent_json(responses.calls[1])


@responses.activate
def test_mistral_array_content_and_thinking_chunks(env):
    responses.post(URLS["mistral"], body=wire("mistral_thinking.json"))
    out = run(single_turn("magistral-medium-2506"), env)
    turn = out["transcript"]["turns"][0]
    assert turn["targetResponse"] == "Tell the truth.\nKindly."
    assert turn["providerMetadata"]["reasoning"] == "First, weigh the harm.\nThen decide."
    assert responses.calls[0].request.headers["Authorization"] == "Bearer sk-test-FAKE-mistral-0000"


@responses.activate
def test_base_url_from_env_with_trailing_slash(env):
    env["OPENAI_BASE_URL"] = "http://127.0.0.1:8080/v1/"
    responses.post("http://127.0.0.1:8080/v1/chat/completions", body=wire("openai_chat.json"))
    assert run(single_turn("gpt-4o"), env)["success"] is True


@responses.activate
def test_openai_reasoning_family_uses_max_completion_tokens_without_temperature(env):
    responses.post(URLS["openai"], body=wire("openai_chat.json"))
    responses.post(URLS["openai"], body=wire("openai_chat.json"))
    responses.post(URLS["openai"], body=wire("openai_chat.json"))
    run(single_turn("o3-mini", modelConfig={"reasoningEffort": "high"}), env)
    run(single_turn("gpt-5", modelConfig={"temperature": 1, "maxTokensParam": "max_tokens"}), env)
    run(single_turn("gpt-4o", modelConfig={"maxTokensParam": "max_completion_tokens", "seed": 42,
                                           "frequencyPenalty": 0.5, "presencePenalty": -0.5,
                                           "stopSequences": ["\n\n"], "topP": 1}), env)
    first, second, third = (sent_json(c) for c in responses.calls)
    # Room to answer: config.maxTokens plus the profile's reasoning allowance (DECISIONS D14).
    assert first == {"model": "o3-mini", "messages": first["messages"],
                     "max_completion_tokens": 256 + 8192, "reasoning_effort": "high"}
    # gpt-5 refuses max_tokens: the profile's field is sent instead.
    assert second["temperature"] == 1 and second["max_completion_tokens"] == 256 + 8192
    assert "max_tokens" not in second
    assert list(third)[2:] == ["temperature", "max_completion_tokens", "top_p", "frequency_penalty",
                               "presence_penalty", "stop", "seed"]


def test_usage_counts_only_integer_tokens_up_to_int32_max():
    from common.providers.base import usage_count
    assert usage_count(0) == 0
    assert usage_count(2**31 - 1) == 2**31 - 1
    for value in (2**31, 2**63, -1, 5.0, "5", True, None):
        assert usage_count(value) is None
