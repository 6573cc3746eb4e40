"""No log line ever carries a key (SPEC §5, issue 15): a provider that echoes every key back in
its reply text, an error body or a response header, at every log level (PROBE_LOG_LEVEL and
PYTHON_WORKER_DEBUG=1), for every key variable of SPEC §4, google's alias included."""
from __future__ import annotations

import io
import json

import pytest
import responses

from common.logging import Logger
from tests.conftest import FakeClock, URLS, google_url, make_input, run

CASES = [
    ("OPENAI_API_KEY", "gpt-4o"), ("ANTHROPIC_API_KEY", "claude-3-5-sonnet-latest"),
    ("GOOGLE_API_KEY", "gemini-2.0-flash"), ("GEMINI_API_KEY", "gemini-2.0-flash"),
    ("XAI_API_KEY", "grok-2"), ("DEEPSEEK_API_KEY", "deepseek-chat"),
    ("MISTRAL_API_KEY", "mistral-large-latest"),
]
SETTINGS = [{"PROBE_LOG_LEVEL": level} for level in ("trace", "debug", "info", "warn", "error")] + [
    {"PYTHON_WORKER_DEBUG": "1"}]
VERBOSE = ({"PROBE_LOG_LEVEL": "trace"}, {"PROBE_LOG_LEVEL": "debug"}, {"PYTHON_WORKER_DEBUG": "1"})


def fake_key(variable: str) -> str:
    return f"sk-test-FAKE-{variable}-9f1c"


def environment(variable: str, setting: dict[str, str]) -> dict[str, str]:
    """Every key variable set (but GOOGLE_API_KEY when the case is its alias), no waits."""
    env = {"PROBE_BACKOFF_SCALE": "0", **setting}
    for name, _ in CASES:
        if not (variable == "GEMINI_API_KEY" and name == "GOOGLE_API_KEY"):
            env[name] = fake_key(name)
    return env


def url(model: str) -> str:
    if model.startswith("gemini"):
        return google_url(model)
    provider = {"claude": "anthropic", "grok": "xai", "deepseek": "deepseek", "mistral": "mistral"}
    return URLS[next((p for prefix, p in provider.items() if model.startswith(prefix)), "openai")]


def reply_body(model: str, text: str) -> str:
    if model.startswith("claude"):
        return json.dumps({"id": "msg_1", "type": "message", "role": "assistant", "model": model,
                           "content": [{"type": "text", "text": text}], "stop_reason": "end_turn",
                           "usage": {"input_tokens": 3, "output_tokens": 2}})
    if model.startswith("gemini"):
        return json.dumps({"candidates": [{"content": {"role": "model", "parts": [{"text": text}]},
                                           "finishReason": "STOP"}],
                           "usageMetadata": {"promptTokenCount": 3, "candidatesTokenCount": 2}})
    return json.dumps({"id": "c1", "model": model, "choices": [{"index": 0, "message": {
        "role": "assistant", "content": text}, "finish_reason": "stop"}],
        "usage": {"prompt_tokens": 3, "completion_tokens": 2}})


def echo(env: dict[str, str]) -> str:
    return " | ".join(sorted(v for k, v in env.items() if k.endswith("_API_KEY")))


def assert_no_key(logs: str, env: dict[str, str]) -> None:
    for variable, value in env.items():
        if variable.endswith("_API_KEY"):
            assert value not in logs, f"{variable} leaked: {logs}"


def probe(env: dict[str, str], model: str) -> tuple[dict, str]:
    logs = io.StringIO()
    out = run(make_input(model), env, FakeClock(), logs)
    return out, logs.getvalue()


@pytest.mark.parametrize("setting", SETTINGS, ids=lambda s: ",".join(f"{k}={v}" for k, v in s.items()))
@pytest.mark.parametrize("variable,model", CASES)
@responses.activate
def test_reply_echoing_the_key_is_redacted(variable, model, setting):
    env = environment(variable, setting)
    responses.post(url(model), body=reply_body(model, "You sent " + echo(env)))
    responses.post(url(model), body=reply_body(model, "Because."))
    out, logs = probe(env, model)
    assert out["success"] is True
    assert_no_key(logs, env)
    if setting in VERBOSE:
        assert "You sent [REDACTED]" in logs


@pytest.mark.parametrize("setting", SETTINGS, ids=lambda s: ",".join(f"{k}={v}" for k, v in s.items()))
@pytest.mark.parametrize("variable,model", CASES)
@responses.activate
def test_error_body_echoing_the_key_is_redacted(variable, model, setting):
    env = environment(variable, setting)
    body = json.dumps({"error": {"message": "bad key " + echo(env)}})
    responses.post(url(model), body=body, status=500, headers={"x-echo": echo(env)})
    responses.post(url(model), body=body, status=400, headers={"x-echo": echo(env)})
    out, logs = probe(env, model)
    assert out["error"]["code"] == "VALIDATION_ERROR"
    assert_no_key(logs, env)
    assert '"msg":"probe failed"' in logs


@pytest.mark.parametrize("setting", SETTINGS, ids=lambda s: ",".join(f"{k}={v}" for k, v in s.items()))
@pytest.mark.parametrize("variable,model", CASES)
@responses.activate
def test_header_echoing_the_key_is_redacted(variable, model, setting):
    env = environment(variable, setting)
    headers = {"x-echo-key": echo(env), "x-request-id": "req-" + fake_key(variable)}
    responses.post(url(model), body=reply_body(model, "Yes."), headers=headers)
    responses.post(url(model), body=reply_body(model, "Because."), headers=headers)
    out, logs = probe(env, model)
    assert out["success"] is True
    assert_no_key(logs, env)
    if setting in VERBOSE:
        attempts = [json.loads(line) for line in logs.splitlines() if '"attempt finished"' in line]
        assert len(attempts) == 2
        assert all(a["headers"]["x-echo-key"].startswith("[REDACTED]") for a in attempts)
        assert all(a["headers"]["x-request-id"] == "req-[REDACTED]" for a in attempts)


def test_a_key_that_json_escapes_is_still_redacted():
    logs = io.StringIO()
    key = 'sk-test-FAKE-"quoted"\\slash'
    Logger(0, stream=logs).with_redaction([key]).error("probe failed", reply="x" + key,
                                                       nested={"list": [key], key: 1})
    assert "quoted" not in logs.getvalue() and logs.getvalue().count("[REDACTED]") == 3


def test_ids_and_rejections_that_carry_a_key_are_redacted():
    env = environment("OPENAI_API_KEY", {"PROBE_LOG_LEVEL": "trace"})
    key = fake_key("OPENAI_API_KEY")
    logs = io.StringIO()
    run(make_input("acme-" + key, runId="run-" + key), env, FakeClock(), logs)
    assert key not in logs.getvalue() and "run-[REDACTED]" in logs.getvalue()
