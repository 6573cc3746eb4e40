"""The URL case of the redaction rule (SPEC §5, issue 17): a key inside a URL (a `Location`
header, a link in an error body, a connection failure naming the URL it tried) is redacted in
every log line and the output, at every log level, for every key variable (aliases included)."""
from __future__ import annotations

import json

import pytest
import requests
import responses

from tests.test_log_redaction import (CASES, SETTINGS, VERBOSE, assert_no_key, environment, fake_key, probe,
                                      reply_body, url)


def key_url(variable: str) -> str:
    return f"https://api.example.invalid/v1/keys?key={fake_key(variable)}&next=1"


@pytest.mark.parametrize("setting", SETTINGS, ids=lambda s: ",".join(f"{k}={v}" for k, v in s.items()))
@pytest.mark.parametrize("variable,model", CASES)
@responses.activate
def test_url_with_the_key_in_a_header_and_an_error_body_is_redacted(variable, model, setting):
    env = environment(variable, setting)
    link = key_url(variable)
    body = json.dumps({"error": {"message": "key revoked, see " + link}})
    responses.post(url(model), body=body, status=503, headers={"Location": link})
    responses.post(url(model), body=body, status=401, headers={"Location": link})
    out, logs = probe(env, model)
    assert out["error"]["code"] == "AUTH_ERROR"
    assert fake_key(variable) not in json.dumps(out)
    assert_no_key(logs, env)
    if setting in VERBOSE:
        attempts = [json.loads(line) for line in logs.splitlines() if '"attempt finished"' in line]
        assert len(attempts) == 2
        assert all("keys?key=[REDACTED]&next=1" in json.dumps(a) for a in attempts)


@pytest.mark.parametrize("setting", SETTINGS, ids=lambda s: ",".join(f"{k}={v}" for k, v in s.items()))
@pytest.mark.parametrize("variable,model", CASES)
@responses.activate
def test_url_with_the_key_in_a_connection_failure_is_redacted(variable, model, setting):
    env = environment(variable, setting)
    failure = requests.exceptions.ConnectionError("could not resolve " + key_url(variable))
    responses.post(url(model), body=failure)
    out, logs = probe(env, model)
    assert out["error"]["code"] == "UNKNOWN"
    assert fake_key(variable) not in json.dumps(out)
    assert_no_key(logs, env)
    if setting in VERBOSE:
        assert "keys?key=[REDACTED]&next=1" in logs


@responses.activate
def test_every_occurrence_of_a_key_is_redacted():
    env = environment("OPENAI_API_KEY", {"PROBE_LOG_LEVEL": "trace"})
    twice = f"{fake_key('OPENAI_API_KEY')} then {fake_key('OPENAI_API_KEY')} again"
    responses.post(url("gpt-4o"), body=reply_body("gpt-4o", twice))
    out, logs = probe(env, "gpt-4o")
    assert out["transcript"]["turns"][0]["targetResponse"] == "[REDACTED] then [REDACTED] again"
    assert_no_key(logs, env)
