"""DECISIONS D4 (issue 14): errors by what they mean, and requests that heal, on bodies in each
provider's documented shape (the same bodies as Fixtures/parity/error_cases.py)."""
from __future__ import annotations

import io
import json

import pytest
import responses

from common.error_body import read
from common.errors import ErrorCode, http_error
from common.healing import LEARNED, rejected_setting
from common.retry import RetryState, next_wait
from tests.conftest import URLS, FakeClock, google_url, make_input, openai_reply, run, sent_json

QUOTA = "quota or balance exhausted, not a rate limit: check the account's plan and billing"
CONTEXT = "the conversation is longer than the model's context window"
INFO = "type.googleapis.com/google.rpc."
TOP_P = "Unsupported parameter: 'top_p' is not supported with this model."
REFUSAL = json.dumps({"error": {"message": TOP_P, "type": "invalid_request_error", "param": "top_p",
                                "code": "unsupported_parameter"}})


def google_quota(per: str, delay: str) -> str:
    return json.dumps({"error": {"code": 429, "message": "You exceeded your current quota.", "status": "RESOURCE_EXHAUSTED",
                                 "details": [{"@type": INFO + "QuotaFailure", "violations": [
                                     {"quotaId": f"GenerateRequestsPer{per}PerProjectPerModel-FreeTier"}]},
                                     {"@type": INFO + "RetryInfo", "retryDelay": delay}]}})


def error(provider: str, status: int, body: str, headers=None):
    return http_error(provider, status, body, body, key_variable=f"{provider.upper()}_API_KEY", model="m", headers=headers)


def test_a_bad_key_in_any_shape_is_auth_error_naming_the_variable():
    google = json.dumps({"error": {"code": 400, "message": "API key not valid. Please pass a valid API key.",
                                   "status": "INVALID_ARGUMENT", "details": [
                                       {"@type": INFO + "ErrorInfo", "reason": "API_KEY_INVALID", "domain": "googleapis.com"}]}})
    assert error("google", 400, google).message == "google returned HTTP 400: check GOOGLE_API_KEY"
    assert error("google", 403, '{"error":{"code":403,"status":"PERMISSION_DENIED"}}').code == ErrorCode.AUTH_ERROR
    xai = json.dumps({"code": "Client specified an invalid argument",
                      "error": "Incorrect API key provided: xa***FA. You can obtain an API key from https://console.x.ai."})
    assert error("xai", 400, xai).message == "xai returned HTTP 400: check XAI_API_KEY"
    assert not error("xai", 400, xai).retryable


@pytest.mark.parametrize("provider,status,body", [
    ("openai", 429, json.dumps({"error": {"message": "You exceeded your current quota, please check your plan and billing details.",
                                          "type": "insufficient_quota", "param": None, "code": "insufficient_quota"}})),
    ("google", 429, google_quota("Day", "43s")),
    ("deepseek", 402, json.dumps({"error": {"message": "Insufficient Balance", "type": "unknown_error"}})),
])
def test_exhausted_quota_or_balance_is_not_retryable_and_says_quota(provider, status, body):
    err = error(provider, status, body)
    assert (err.code, err.retryable) == (ErrorCode.VALIDATION_ERROR, False)
    assert err.message == f"{provider} returned HTTP {status}: {QUOTA}"
    assert next_wait(err, RetryState(), 0.0) is None


def test_retry_info_delay_is_the_wait_and_a_header_still_wins():
    assert next_wait(error("google", 429, google_quota("Minute", "43s")), RetryState(), 0.0) == 43.0
    assert next_wait(error("google", 429, google_quota("Minute", "0.5s")), RetryState(), 0.0) == 0.5
    assert next_wait(error("google", 429, google_quota("Minute", "soon")), RetryState(), 0.0) == 30.0
    assert next_wait(error("google", 429, google_quota("Minute", "43s"), {"retry-after": "2"}), RetryState(), 0.0) == 2.0


def test_overloaded_waits_on_its_own_longer_schedule():
    state = RetryState()
    body = '{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}'
    assert [next_wait(error("anthropic", 529, body), state, 0.0) for _ in range(3)] == [15.0, 30.0, None]
    assert next_wait(error("anthropic", 500, body), RetryState(), 0.0) == 2.0


@pytest.mark.parametrize("provider,body", [
    ("openai", '{"error":{"message":"This model\'s maximum context length is 128000 tokens.","code":"context_length_exceeded"}}'),
    ("anthropic", '{"type":"error","error":{"type":"invalid_request_error","message":"prompt is too long: 208310 tokens > 200000 maximum"}}'),
    ("google", '{"error":{"code":400,"message":"The input token count (1200000) exceeds the maximum number of tokens allowed (1048576).","status":"INVALID_ARGUMENT"}}'),
])
def test_context_too_long_says_so(provider, body):
    assert error(provider, 400, body).message == f"{provider} returned HTTP 400: {CONTEXT}"


def test_bodies_that_are_not_json_or_odd_shapes_read_as_nothing():
    assert read("not json").codes == set() and read("[1,2]").messages == []
    assert read('{"error":{"details":[1,"x",{"@type":7}],"detail":"x"}}').codes == set()


@pytest.mark.parametrize("status,body,name", [
    (400, REFUSAL, "topP"),
    (400, '{"type":"error","error":{"type":"invalid_request_error","message":"`temperature` is deprecated for this model."}}', "temperature"),
    (400, '{"type":"error","error":{"type":"invalid_request_error","message":"`temperature` and `top_p` cannot both be specified for this model."}}', "topP"),
    (422, '{"object":"error","message":{"detail":[{"type":"extra_forbidden","loc":["body","random_seed"],"msg":"Extra inputs are not permitted"}]}}', "seed"),
    (400, '{"error":{"code":400,"message":"Unknown name \\"topP\\"","status":"INVALID_ARGUMENT","details":[{"@type":"type.googleapis.com/google.rpc.BadRequest","fieldViolations":[{"field":"generation_config.top_p"}]}]}}', "topP"),
    (400, '{"error":{"message":"Unsupported parameter: \'max_tokens\'","param":"max_tokens","code":"unsupported_parameter"}}', None),
    (400, '{"error":{"message":"bad \'top_p\' value","param":"top_p","code":"invalid_value"}}', None),
    (500, REFUSAL, None),
])
def test_which_refusal_names_which_setting(status, body, name):
    found = rejected_setting(status, read(body))
    assert (found[0] if found else None) == name


@responses.activate
def test_the_same_turn_is_sent_once_more_without_the_refused_parameter(env):
    responses.post(URLS["openai"], body=REFUSAL, status=400)
    responses.post(URLS["openai"], json=openai_reply("Yes."))
    logs = io.StringIO()
    out = run(make_input(modelConfig={"topP": 0.9}, scenario={"preamble": "", "prompt": "p", "followups": []}), env, logs=logs)
    assert out["success"]
    first, second = (sent_json(c) for c in responses.calls)
    assert "top_p" in first and "top_p" not in second
    assert {k: v for k, v in first.items() if k != "top_p"} == second  # never the model, messages or limit
    params = out["transcript"]["turns"][0]["providerMetadata"]["parameters"]
    assert params["dropped"] == [{"name": "topP", "reason": TOP_P}] and "topP" not in params["sent"]
    assert '"level":"warn"' in logs.getvalue() and "parameter refused" in logs.getvalue()
    assert LEARNED.drops("openai", "gpt-4o") == [("topP", TOP_P)]


@responses.activate
def test_once_per_parameter_per_turn_and_remembered_for_the_process(env):
    for _ in range(2):
        responses.post(URLS["openai"], body=REFUSAL, status=400)
    out = run(make_input(modelConfig={"topP": 0.9}), env)
    assert out["error"]["code"] == "VALIDATION_ERROR" and len(responses.calls) == 2
    responses.replace(responses.POST, URLS["openai"], json=openai_reply("Yes."))
    again = run(make_input(modelConfig={"topP": 0.9}, scenario={"preamble": "", "prompt": "p", "followups": []}), env)
    assert again["success"] and len(responses.calls) == 3
    assert "top_p" not in sent_json(responses.calls[2])
    assert again["transcript"]["turns"][0]["providerMetadata"]["parameters"]["dropped"][0]["name"] == "topP"


@responses.activate
def test_google_retry_delay_past_the_deadline_fails_at_once(env):
    responses.post(google_url("gemini-2.0-flash"), body=google_quota("Minute", "43s"), status=429)
    clock = FakeClock()
    out = run(make_input("gemini-2.0-flash"), {**env, "PROBE_BACKOFF_SCALE": "1", "PROBE_TIMEOUT_MS": "35000"}, clock)
    assert out["error"]["code"] == "RATE_LIMIT" and len(responses.calls) == 1 and clock.sleeps == []
