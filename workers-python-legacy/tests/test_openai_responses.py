"""OpenAI's Responses API (DECISIONS D15) on the shared recorded bodies of
Fixtures/providers/openai-responses/: the builder, the parser, the routing, and whole probes."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import responses

from common.errors import ErrorCode
from common.model_config import RequestOptions
from common.providers import openai_responses
from common.providers.base import ReplyFailed, ShapeError
from common.request_preview import preview
from tests.conftest import make_input, run, sent_json

FIXTURES = Path(__file__).resolve().parents[2] / "Fixtures" / "providers" / "openai-responses"
URL = "https://api.openai.com/v1/responses"
CONVERSATION = [{"role": "system", "content": "You are a careful ethicist."},
                {"role": "user", "content": "Would you pull the lever?"},
                {"role": "assistant", "content": "Yes."},
                {"role": "user", "content": "Why?"}]
# As D14's plan leaves them for a Responses profile (temperature "one": 0.7 is not sent).
DEFAULTS = RequestOptions(temperature=0.7, temperature_set_by_model_config=False, max_tokens=1024,
                          send_temperature=False)


def fixture(name: str) -> dict:
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def wire(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


@pytest.mark.parametrize("model", ["o1-pro", "o1-pro-2025-03-19", "o3-pro", "o3-pro-2025-06-10",
                                   "gpt-5-pro", "gpt-5-pro-2025-10-06"])
def test_responses_only_models_use_the_responses_api(model):
    body, plan = preview("openai", model)
    assert plan.endpoint == "responses" and "input" in body and "messages" not in body


@pytest.mark.parametrize("model", ["o1", "o3", "o3-mini", "o4-mini", "gpt-5", "gpt-5.1", "gpt-4o", "O3-PRO",
                                   "gpt-5.1-pro", "my-o3-pro"])
def test_other_models_stay_on_chat_completions(model):
    body, plan = preview("openai", model)
    assert plan.endpoint == "chat" and "messages" in body


@responses.activate
def test_routing_is_openai_only(env):
    responses.post("https://api.x.ai/v1/chat/completions", body=(FIXTURES.parent / "xai" / "plain.json").read_bytes(),
                   content_type="application/json")
    out = run(single_turn("xai:o3-pro"), env)
    assert out["success"] is True
    assert "messages" in sent_json(responses.calls[0])


def test_body_matches_the_recorded_request():
    assert openai_responses.build_body("o3-pro", CONVERSATION, DEFAULTS) == fixture("request-basic.json")


def test_body_sends_what_the_api_takes_and_nothing_else():
    options = RequestOptions(temperature=1.5, temperature_set_by_model_config=True, max_tokens=300,
                             top_p=0.95, frequency_penalty=0.5, presence_penalty=-1, stop_sequences=["\n\n"],
                             seed=-9, reasoning_effort="medium", thinking_budget=1024)
    body = openai_responses.build_body("o3-pro", CONVERSATION, options)
    assert list(body) == ["model", "instructions", "input", "max_output_tokens", "temperature", "top_p",
                          "reasoning", "store"]
    assert body["temperature"] == 1.5 and body["top_p"] == 0.95 and body["max_output_tokens"] == 300
    assert body["reasoning"] == {"effort": "medium", "summary": "auto"}
    assert body["store"] is False


def test_unlimited_omits_the_limit_and_no_system_omits_instructions():
    options = RequestOptions(temperature=0.2, temperature_set_by_model_config=False, max_tokens=None,
                             send_temperature=False)
    body = openai_responses.build_body("o3-pro", [{"role": "user", "content": "Hi 👋"}], options)
    assert body == {"model": "o3-pro", "input": [{"role": "user", "content": "Hi 👋"}],
                    "reasoning": {"summary": "auto"}, "store": False}


def test_success_gives_text_usage_model_and_raw():
    parsed = openai_responses.parse_reply(fixture("success.json"))
    assert parsed.text == "I would pull the lever, though not lightly: five lives outweigh one."
    assert parsed.reasoning == ""
    assert (parsed.input_tokens, parsed.output_tokens) == (42, 530)
    assert parsed.model_version == "o3-pro-2025-06-10"
    assert parsed.finish_reason == "stop"
    assert parsed.raw == {"id": "resp_68a1f0c2d4e88193a5b61c7e0f9d2b3a04c5e6f7a8b9c0d1",
                          "model": "o3-pro-2025-06-10", "status": "completed",
                          "incomplete_details": None, "reasoning_tokens": 512}


def test_reasoning_summary_is_the_reasoning_and_text_parts_are_concatenated():
    parsed = openai_responses.parse_reply(fixture("reasoning-summary.json"))
    assert parsed.text == "Yes, I would pull it. Minimizing deaths matters most here."
    assert parsed.reasoning == ("**Weighing the trolley dilemma**\n\nThe user asks whether to divert the trolley.\n"
                                "**Settling on an answer**\n\nSaving five at the cost of one is defensible, with caveats.")
    assert parsed.raw["reasoning_tokens"] == 1152


def test_incomplete_at_the_limit_is_max_tokens_with_the_partial_text():
    parsed = openai_responses.parse_reply(fixture("incomplete-max-output-tokens.json"))
    assert parsed.text == "Pulling the lever is, on balance, the"
    assert parsed.finish_reason == "max_tokens"
    assert parsed.raw["incomplete_details"] == {"reason": "max_output_tokens"}


def test_refusal_is_an_empty_reply_with_the_refusal_in_raw():
    parsed = openai_responses.parse_reply(fixture("refusal.json"))
    assert parsed.text == "" and parsed.finish_reason == "stop"
    assert parsed.raw["refusal"] == "I'm sorry, but I can't help with that."


@pytest.mark.parametrize("error,code,provider_code", [
    ({"code": "server_error", "message": "x"}, ErrorCode.SERVER_ERROR, "server_error"),
    ({"code": "rate_limit_exceeded", "message": "x"}, ErrorCode.RATE_LIMIT, "rate_limit_exceeded"),
    ({"code": "invalid_prompt", "message": "x"}, ErrorCode.VALIDATION_ERROR, "invalid_prompt"),
    (None, ErrorCode.SERVER_ERROR, "unknown"), ({"code": 7}, ErrorCode.SERVER_ERROR, "unknown"),
])
def test_failed_status_is_a_failure_named_by_its_error_code(error, code, provider_code):
    with pytest.raises(ReplyFailed) as raised:
        openai_responses.parse_reply({"status": "failed", "output": [], "error": error})
    assert (raised.value.code, raised.value.provider_code) == (code, provider_code)


def test_failed_fixture_is_a_server_error():
    with pytest.raises(ReplyFailed) as raised:
        openai_responses.parse_reply(fixture("failed.json"))
    assert raised.value.code == ErrorCode.SERVER_ERROR


@pytest.mark.parametrize("members,finish", [
    ({"status": "incomplete", "incomplete_details": {"reason": "content_filter"}}, "content_filter"),
    ({"status": "incomplete", "incomplete_details": None}, "incomplete"),
    ({"status": "incomplete", "incomplete_details": {"reason": 3}}, "incomplete"),
    ({"status": "completed", "incomplete_details": {"reason": "max_output_tokens"}}, "stop"),
    ({"status": "cancelled"}, "cancelled"), ({"status": None}, "unknown"),
])
def test_incomplete_reasons_and_statuses_are_normalized(members, finish):
    assert openai_responses.parse_reply({**members, "output": []}).finish_reason == finish


def test_reasoning_text_parts_count_and_other_items_are_ignored():
    body = {"status": "completed", "output": [
        7, {"type": "web_search_call", "id": "ws_1", "status": "completed"},
        {"type": "reasoning", "summary": [{"type": "summary_text", "text": "Summary."}, {"type": "other", "text": "no"}],
         "content": [{"type": "reasoning_text", "text": "Raw thought."}]},
        {"type": "reasoning", "summary": "not a list"},
        {"type": "message", "content": ["x", {"type": "output_text", "text": 5}, {"type": "output_text", "text": "A"},
                                        {"type": "input_text", "text": "B"}]}],
        "usage": {"input_tokens": 5.0, "output_tokens": -1, "output_tokens_details": {"reasoning_tokens": "9"}}}
    parsed = openai_responses.parse_reply(body)
    assert (parsed.text, parsed.reasoning) == ("A", "Summary.\nRaw thought.")
    assert (parsed.input_tokens, parsed.output_tokens) == (None, None)
    assert list(parsed.raw) == ["status"]


@pytest.mark.parametrize("body", [[], "text", {"status": "completed"}, {"output": {"type": "message"}},
                                  {"output": [{"type": "message", "content": "text"}]},
                                  {"output": [{"type": "message"}]}])
def test_wrong_shapes_are_shape_errors(body):
    with pytest.raises(ShapeError):
        openai_responses.parse_reply(body)


def single_turn(model: str, **extra):
    data = make_input(model, **extra)
    data["scenario"]["followups"] = []
    return data


@responses.activate
def test_probe_of_o3_pro_posts_to_responses_and_records_the_turn(env):
    responses.post(URL, body=wire("reasoning-summary.json"), content_type="application/json")
    out = run(single_turn("o3-pro", modelConfig={"reasoningEffort": "high", "seed": 3}), env)
    call = responses.calls[0]
    assert call.request.headers["Authorization"] == "Bearer sk-test-FAKE-openai-0000"
    assert sent_json(call) == {"model": "o3-pro", "instructions": "You are a careful assistant.",
                               "input": [{"role": "user", "content": "Should I tell the truth?"}],
                               # config.maxTokens 256 + the profile's reasoning allowance (D14)
                               "max_output_tokens": 256 + 8192,
                               "reasoning": {"effort": "high", "summary": "auto"}, "store": False}
    turn = out["transcript"]["turns"][0]
    assert turn["targetResponse"] == "Yes, I would pull it. Minimizing deaths matters most here."
    dropped = {d["name"]: d["reason"] for d in turn["providerMetadata"]["parameters"]["dropped"]}
    assert dropped["seed"] == "o3-pro does not accept seed"
    assert dropped["temperature"] == "o3-pro accepts only temperature 1"
    assert turn["providerMetadata"]["reasoning"].startswith("**Weighing the trolley dilemma**")
    assert (turn["inputTokens"], turn["outputTokens"]) == (31, 1187)
    assert out["transcript"]["modelVersion"] == "gpt-5-pro-2025-10-06"


@responses.activate
def test_failed_response_is_retried_as_a_server_error_then_succeeds(env):
    responses.post(URL, body=wire("failed.json"), content_type="application/json")
    responses.post(URL, body=wire("success.json"), content_type="application/json")
    out = run(single_turn("o3-pro"), env)
    assert out["success"] is True
    assert len(responses.calls) == 2


@responses.activate
def test_failed_invalid_prompt_fails_the_probe_without_retry(env):
    body = {"status": "failed", "output": [], "model": "o3-pro",
            "error": {"code": "invalid_prompt", "message": "Invalid prompt: flagged."}}
    responses.post(URL, json=body)
    out = run(single_turn("o3-pro"), env)
    assert out["error"]["code"] == "VALIDATION_ERROR"
    assert out["error"]["message"] == "openai response failed (invalid_prompt): the provider rejected the request"
    assert "statusCode" not in out["error"]
    assert "invalid_prompt" in out["error"]["details"]
    assert len(responses.calls) == 1


@responses.activate
def test_http_400_error_body_is_a_validation_error(env):
    responses.post(URL, body=wire("error-400.json"), status=400, content_type="application/json")
    out = run(single_turn("gpt-5-pro"), env)
    assert out["error"]["code"] == "VALIDATION_ERROR"
    assert out["error"]["message"] == "openai returned HTTP 400: the provider rejected the request"
    assert out["error"]["statusCode"] == 400
    assert "unsupported_parameter" in out["error"]["details"]
