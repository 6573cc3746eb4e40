"""Strict JSON input (SPEC §1): what makes an input invalid, and what is tolerated."""
from __future__ import annotations

import pytest
import responses

from common.strict_json import JSONRejected, check_depth, parse_strict
from tests.conftest import URLS, make_input, openai_reply, run, sent_json

VALID = (b'{"runId":"r","scenarioId":"s","modelId":"gpt-4o","scenario":{"prompt":"p"},'
         b'"config":{}%s}')


def error_of(raw: bytes, env) -> dict:
    out = run(raw, env)
    assert out["success"] is False
    return out["error"]


@pytest.mark.parametrize("extra", [
    b',"x":NaN', b',"x":Infinity', b',"x":-Infinity', b',"x":1e400', b',"x":-1e400',
    b',"x":1' + b"0" * 400, b',"x":"\\ud800"', b',"x":"a\\udc00b"', b',"\\udbff":1',
    b',"x":[1,]', b',"x":\'s\'', b',"x":"tab\there"', b',"x":01',
])
def test_not_strict_json_is_rejected_with_a_reason(env, extra):
    error = error_of(VALID % extra, env)
    assert error["message"] == "input is not valid JSON"
    assert error["code"] == "VALIDATION_ERROR" and error["retryable"] is False
    assert isinstance(error["details"], str) and error["details"]


def test_depth_64_is_accepted_and_65_rejected(env):
    deep64 = b"[" * 63 + b"]" * 63
    assert run(VALID % (b',"x":' + deep64), env)["error"]["message"] != "input is not valid JSON"
    deep65 = b"[" * 64 + b"]" * 64
    assert error_of(VALID % (b',"x":' + deep65), env)["message"] == "input is not valid JSON"


def test_very_deep_nesting_does_not_crash(env):
    raw = b'{"a":' + b"[" * 200_000 + b"]" * 200_000 + b"}"
    assert error_of(raw, env)["message"] == "input is not valid JSON"


def test_brackets_inside_strings_do_not_count_as_depth():
    parse_strict('{"x":"' + "[" * 100 + '\\"{{{"}')
    with pytest.raises(JSONRejected):
        check_depth("[" * 65)


def test_invalid_utf8_is_invalid_json(env):
    assert error_of(VALID.replace(b'"p"', b'"\xff\xfe"') % b"", env)["message"] == "input is not valid JSON"
    assert error_of(b"\xc3\x28", env)["message"] == "input is not valid JSON"
    assert error_of(b"\xed\xa0\x80", env)["message"] == "input is not valid JSON"


def test_size_emptiness_and_top_level_rules(env):
    big = b'{"x":"' + b"a" * (10 * 1024 * 1024) + b'"}'
    assert error_of(big, env) == {"message": "input is larger than 10 MiB",
                                  "code": "VALIDATION_ERROR", "retryable": False, "details": None}
    exactly = b" " * (10 * 1024 * 1024)
    assert error_of(exactly, env)["message"] == "no input provided"
    for blank in (b"", b" \n\t", "\u3000\u00a0".encode(), b"\xef\xbb\xbf", b"\xef\xbb\xbf  "):
        assert error_of(blank, env)["message"] == "no input provided"
    for top in (b"[]", b"1", b'"s"', b"null", b"true"):
        assert error_of(top, env)["message"] == "input must be a JSON object"
    assert error_of(b"\x1c", env)["message"] == "input is not valid JSON"


@responses.activate
def test_bom_is_ignored_and_duplicate_keys_last_wins(env):
    responses.post(URLS["openai"], json=openai_reply())
    raw = (b'\xef\xbb\xbf{"runId":"r","scenarioId":"s","modelId":"claude-x","modelId":"gpt-4o",'
           b'"scenario":{"prompt":"first","prompt":"second"},"config":{"maxTokens":0,"maxTokens":5},'
           b'"x":1e-400, "y": -0, "z": 1.5e308}')
    out = run(raw, env)
    assert out["success"] is True
    body = sent_json(responses.calls[0])
    assert body["messages"] == [{"role": "user", "content": "second"}] and body["max_tokens"] == 5


def test_second_bom_is_invalid(env):
    assert error_of(b"\xef\xbb\xbf\xef\xbb\xbf{}", env)["message"] == "input is not valid JSON"


def test_integer_tokens_versus_fraction_and_exponent(env):
    for token in (b"1024.0", b"1e3", b"-0", b"1E1"):
        raw = VALID.replace(b'"config":{}', b'"config":{"maxTokens":' + token + b"}") % b""
        assert error_of(raw, env)["message"] == "config.maxTokens must be an integer >= 1"


def test_paired_surrogate_escape_is_fine():
    assert parse_strict('{"e":"\\ud83d\\ude00"}') == {"e": "\U0001F600"}
