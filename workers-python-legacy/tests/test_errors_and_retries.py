"""HTTP error classes with their exact messages, the retry schedule (computed waits, never
wall time), Retry-After forms, and the probe deadline."""
from __future__ import annotations

import io

import pytest
import requests
import responses
import urllib3.exceptions as u3

from common.errors import ErrorCode, ProbeError, code_for_status
from common.retry import RetryState, header_wait, next_wait, parse_imf_fixdate
from tests.conftest import FakeClock, URLS, make_input, openai_reply, run

OPENAI = URLS["openai"]


def one_turn(model: str = "gpt-4o"):
    data = make_input(model)
    data["scenario"]["followups"] = []
    return data


@pytest.mark.parametrize("status,body,code,message", [
    (401, '{"error":{"message":"Incorrect API key provided"}}', "AUTH_ERROR",
     "openai returned HTTP 401: check OPENAI_API_KEY"),
    (403, "forbidden", "AUTH_ERROR", "openai returned HTTP 403: check OPENAI_API_KEY"),
    (404, '{"error":{"code":"model_not_found"}}', "NOT_FOUND",
     "openai returned HTTP 404: check the model name 'gpt-4o'"),
    (400, '{"error":{"message":"bad"}}', "VALIDATION_ERROR",
     "openai returned HTTP 400: the provider rejected the request"),
    (422, "unprocessable", "VALIDATION_ERROR",
     "openai returned HTTP 422: the provider rejected the request"),
    (418, "teapot", "VALIDATION_ERROR", "openai returned HTTP 418: the provider rejected the request"),
    (301, "", "INVALID_RESPONSE", "openai returned HTTP 301: redirects are not followed"),
    (307, "moved", "INVALID_RESPONSE", "openai returned HTTP 307: redirects are not followed"),
])
@responses.activate
def test_non_retryable_statuses_fail_at_once(env, status, body, code, message):
    responses.post(OPENAI, body=body, status=status, headers={"Location": "https://elsewhere.test/"})
    out = run(one_turn(), env)
    assert out["error"] == {"message": message, "code": code, "retryable": False,
                            "details": body, "statusCode": status}
    assert len(responses.calls) == 1


@pytest.mark.parametrize("status,body,code,message", [
    (429, "slow down", "RATE_LIMIT", "openai returned HTTP 429: rate limited, retry later"),
    (400, '{"error":"Rate Limit reached"}', "RATE_LIMIT", "openai returned HTTP 400: rate limited, retry later"),
    (503, "RESOURCE_EXHAUSTED", "RATE_LIMIT", "openai returned HTTP 503: rate limited, retry later"),
    (529, '{"type":"overloaded_error"}', "SERVER_ERROR", "openai returned HTTP 529: provider error, retry later"),
    (500, "oops", "SERVER_ERROR", "openai returned HTTP 500: provider error, retry later"),
    (408, "", "TIMEOUT", "openai returned HTTP 408: request timed out"),
])
@responses.activate
def test_retryable_statuses_are_retried_then_the_last_message_stands(env, clock, status, body, code, message):
    for _ in range(6):
        responses.post(OPENAI, body=body, status=status)
    out = run(one_turn(), env, clock)
    assert out["error"]["code"] == code and out["error"]["message"] == message
    assert out["error"]["retryable"] is True and out["error"]["statusCode"] == status
    assert len(responses.calls) == (5 if code == "RATE_LIMIT" else 3)


@responses.activate
def test_default_schedule_scaled(env, clock):
    env["PROBE_BACKOFF_SCALE"] = "0.5"
    for _ in range(5):
        responses.post(OPENAI, status=429, body="{}")
    run(one_turn(), env, clock)
    assert clock.sleeps == [15.0, 30.0, 45.0, 60.0]


@responses.activate
def test_server_timeout_and_network_share_a_counter(env, clock):
    env["PROBE_BACKOFF_SCALE"] = "1"
    responses.post(OPENAI, status=500, body="x")
    responses.post(OPENAI, body=requests.ConnectionError(
        u3.ProtocolError("Connection aborted.", ConnectionResetError(104, "Connection reset by peer"))))
    responses.post(OPENAI, status=502, body="x")
    out = run(one_turn(), env, clock)
    assert clock.sleeps == [2.0, 4.0]
    assert out["error"]["message"] == "openai returned HTTP 502: provider error, retry later"


@responses.activate
def test_rate_limit_and_server_counters_are_separate(env, clock):
    env["PROBE_BACKOFF_SCALE"] = "1"
    responses.post(OPENAI, status=500, body="x")
    responses.post(OPENAI, status=429, body="x")
    responses.post(OPENAI, status=500, body="x")
    responses.post(OPENAI, status=429, body="x")
    responses.post(OPENAI, json=openai_reply())
    out = run(one_turn(), env, clock)
    assert out["success"] is True
    assert clock.sleeps == [2.0, 30.0, 4.0, 60.0]


@responses.activate
def test_retry_after_headers_win_over_the_schedule(env, clock):
    env["PROBE_BACKOFF_SCALE"] = "2"
    responses.post(OPENAI, status=429, body="x", headers={"retry-after-ms": "1500"})
    responses.post(OPENAI, status=503, body="x", headers={"Retry-After": "7"})
    responses.post(OPENAI, status=429, body="x", headers={"Retry-After": "soon"})
    responses.post(OPENAI, status=429, body="x", headers={"RETRY-AFTER": "2.5", "retry-after-ms": "abc"})
    responses.post(OPENAI, json=openai_reply())
    assert run(one_turn(), env, clock)["success"] is True
    assert clock.sleeps == [3.0, 14.0, 120.0, 5.0]


def test_retry_after_http_date_future_and_past():
    now = parse_imf_fixdate("Sun, 06 Nov 1994 08:49:37 GMT")
    assert now == 784111777.0
    assert header_wait({"retry-after": "Sun, 06 Nov 1994 08:50:07 GMT"}, now) == 30.0
    assert header_wait({"retry-after": "Sun, 06 Nov 1994 08:00:00 GMT"}, now) == 0.0
    assert header_wait({"retry-after": "Sunday, 06-Nov-94 08:49:37 GMT"}, now) is None
    assert header_wait({"retry-after": "Sun, 31 Feb 1994 08:49:37 GMT"}, now) is None
    assert header_wait({"retry-after": "-1"}, now) is None
    assert header_wait({"retry-after-ms": "250"}, now) == 0.25
    assert header_wait({"retry-after-ms": "inf"}, now) is None
    assert header_wait({}, now) is None


def test_unknown_and_non_retryable_errors_are_not_retried():
    state = RetryState()
    assert next_wait(ProbeError(ErrorCode.UNKNOWN, "x"), state, 0) is None
    assert next_wait(ProbeError(ErrorCode.AUTH_ERROR, "x"), state, 0) is None
    assert state.total == 0


def test_status_mapping_covers_odd_statuses():
    assert code_for_status(102, "") == ErrorCode.UNKNOWN
    assert code_for_status(400, "tokens per minute exceeded") == ErrorCode.RATE_LIMIT
    assert code_for_status(502, "rate limit") == ErrorCode.SERVER_ERROR


@responses.activate
def test_1xx_like_status_is_unknown_with_bare_message(env):
    from common.llm_adapters import ProviderContext, interpret
    from common.transport import HttpReply
    ctx = ProviderContext("openai", "gpt-4o", "k", "OPENAI_API_KEY", "u", None, ())
    with pytest.raises(ProbeError) as info:
        interpret(ctx, HttpReply(199, {}, b""))
    assert info.value.message == "openai returned HTTP 199" and info.value.code == ErrorCode.UNKNOWN


@responses.activate
def test_details_are_redacted_and_cut_to_500_code_points(env):
    body = ("é" * 10 + env["OPENAI_API_KEY"] + " " + env["ANTHROPIC_API_KEY"] + "🙂" * 600)
    responses.post(OPENAI, body=body.encode() + b"\xff", status=400)
    out = run(one_turn(), env)
    details = out["error"]["details"]
    assert "sk-test" not in details and details.startswith("é" * 10 + "[REDACTED] [REDACTED]")
    assert len(details) == 500


@responses.activate
def test_invalid_utf8_in_error_body_becomes_replacement_characters(env):
    responses.post(OPENAI, body=b"bad \xff\xfe body", status=400)
    assert run(one_turn(), env)["error"]["details"] == "bad \ufffd\ufffd body"


@pytest.mark.parametrize("body", [b"<html>oops</html>", b"[]", b'{"choices":[]}', b'{"choices":{}}',
                                  b'{"choices":[1]}', b'{"choices":[{"message":"x"}]}',
                                  b'{"choices":[{"message":{"content":5}}]}', b"", b"NaN",
                                  b'{"choices":[{"message":{"content":1e999}}]}'])
@responses.activate
def test_2xx_of_the_wrong_shape_is_invalid_response_without_status(env, body):
    responses.post(OPENAI, body=body, status=200)
    out = run(one_turn(), env)
    assert out["error"] == {"message": "openai reply has an unexpected shape",
                            "code": "INVALID_RESPONSE", "retryable": False,
                            "details": body.decode()}


@responses.activate
def test_failure_after_a_paid_turn_keeps_the_partial_transcript(env):
    responses.post(OPENAI, json=openai_reply("first"))
    responses.post(OPENAI, status=401, body="no")
    data = make_input(modelCost={"costInputPerMillion": 2.5, "costOutputPerMillion": 10})
    out = run(data, env)
    partial = out["partialTranscript"]
    assert [t["targetResponse"] for t in partial["turns"]] == ["first"]
    assert partial["costSnapshot"]["inputTokens"] == 12
    assert out["error"]["code"] == "AUTH_ERROR"


@responses.activate
def test_no_retry_when_the_wait_would_pass_the_deadline(env, clock):
    env.update(PROBE_BACKOFF_SCALE="1", PROBE_TIMEOUT_MS="20000")
    responses.post(OPENAI, status=429, body="x")
    out = run(one_turn(), env, clock)
    assert out["error"]["code"] == "RATE_LIMIT" and clock.sleeps == []
    assert len(responses.calls) == 1


@responses.activate
def test_request_cut_off_by_the_deadline_is_a_timeout(env):
    clock = FakeClock()
    env.update(PROBE_TIMEOUT_MS="5000", PROBE_REQUEST_TIMEOUT_MS="100000")

    def slow(request):
        clock.advance(6)  # the reply arrives after the probe's deadline
        return 200, {}, '{"choices":[]}'

    responses.add_callback(responses.POST, OPENAI, callback=slow)
    out = run(one_turn(), env, clock)
    assert out["error"] == {"message": "openai request failed: timed out", "code": "TIMEOUT",
                            "retryable": True, "details": None}
    assert len(responses.calls) == 1


@responses.activate
def test_request_timeout_retries_within_the_deadline(env):
    clock = FakeClock()
    env.update(PROBE_REQUEST_TIMEOUT_MS="1000")
    calls = []

    def slow_then_fast(request):
        calls.append(1)
        if len(calls) == 1:
            clock.advance(2)
        return 200, {}, '{"choices":[{"message":{"content":"ok"},"finish_reason":"stop"}]}'

    responses.add_callback(responses.POST, OPENAI, callback=slow_then_fast)
    out = run(one_turn(), env, clock)
    assert out["success"] is True and len(calls) == 2
    assert out["transcript"]["turns"][0]["durationMs"] == 2000


@responses.activate
def test_bad_env_settings_fall_back_with_a_warning(env, clock):
    env.update(PROBE_BACKOFF_SCALE="fast", PROBE_TIMEOUT_MS="0", PROBE_REQUEST_TIMEOUT_MS="1.5")
    responses.post(OPENAI, status=500, body="x")
    responses.post(OPENAI, json=openai_reply())
    logs = io.StringIO()
    assert run(one_turn(), env, clock, logs)["success"] is True
    assert clock.sleeps == [2.0]
    text = logs.getvalue()
    assert "invalid PROBE_BACKOFF_SCALE" in text and "invalid PROBE_TIMEOUT_MS" in text
    assert "sk-test" not in text


@responses.activate
def test_unexpected_exception_is_unknown_and_not_retried(env, monkeypatch):
    from common.providers import openai_compat

    def boom(body):
        raise RuntimeError("parser exploded\nsecond line")

    monkeypatch.setattr(openai_compat, "parse_reply", boom)
    responses.post(OPENAI, json=openai_reply())
    out = run(one_turn(), env)
    assert out["error"] == {"message": "RuntimeError: parser exploded", "code": "UNKNOWN",
                            "retryable": True, "details": None}
    assert len(responses.calls) == 1


@responses.activate
def test_cancellation_keeps_paid_turns(env, monkeypatch):
    from common.errors import ProbeCancelled
    responses.post(OPENAI, json=openai_reply("paid"))

    def cancel(request):
        raise ProbeCancelled()

    responses.add_callback(responses.POST, OPENAI, callback=cancel)
    out = run(make_input(), env)
    assert out["error"] == {"message": "probe cancelled", "code": "CANCELLED", "retryable": True,
                            "details": None}
    assert len(out["partialTranscript"]["turns"]) == 1


@responses.activate
def test_transport_failure_outside_the_list_is_unknown_and_not_retried(env):
    responses.post(OPENAI, body=requests.exceptions.InvalidSchema("No connection adapters"))
    out = run(one_turn(), env)
    assert out["error"] == {"message": "openai request failed: InvalidSchema: No connection adapters",
                            "code": "UNKNOWN", "retryable": True, "details": None}
    assert len(responses.calls) == 1


@pytest.mark.parametrize("exc,arrived,wording", [
    (requests.exceptions.SSLError(u3.SSLError("CERTIFICATE_VERIFY_FAILED")), False, "TLS handshake failed"),
    (requests.ConnectTimeout(u3.ConnectTimeoutError("x")), False, "timed out"),
    (requests.ConnectionError(u3.ReadTimeoutError(None, "/", "read timed out")), True, "timed out"),
    (requests.exceptions.ChunkedEncodingError(u3.ProtocolError("Connection broken")), True, "reply cut short"),
    (requests.ConnectionError(u3.ProtocolError("aborted", ConnectionResetError())), True, "reply cut short"),
    (requests.ConnectionError(u3.ProtocolError("aborted", BrokenPipeError())), False, "connection reset"),
    (requests.exceptions.ContentDecodingError("bad gzip"), True, None),
    (requests.ConnectionError(u3.NewConnectionError(None, "Network is unreachable")), False, None),
])
def test_transport_wording(exc, arrived, wording):
    from common.transport import classify
    assert classify(exc, headers_arrived=arrived) == wording
