"""Text passes through unchanged; trimming uses SPEC's whitespace set; truncation at 102,400
bytes on a code-point boundary; the output line's encoding."""
from __future__ import annotations

import json

import pytest
import responses

from common.output import encode, timestamp
from common.text import MAX_REPLY_TEXT_BYTES, WHITESPACE, trim, truncate_utf8
from tests.conftest import URLS, make_input, openai_reply, run, sent_json

SAMPLES = [
    "道德困境：你会说实话吗？",                      # CJK
    "هل ستقول الحقيقة؟ שאלה קשה",                  # RTL
    "👩‍👩‍👧‍👦 family 🏳️‍🌈",                               # emoji ZWJ sequences
    "e\u0301 n\u0303 a\u030a\u0323",                # combining marks
    "nul\u0000inside \u001f and \u2028 sep",        # U+0000 and friends
]


@pytest.mark.parametrize("text", SAMPLES)
@responses.activate
def test_text_round_trips_through_request_reply_and_output(env, text):
    responses.post(URLS["openai"], json=openai_reply(text))
    data = make_input()
    data["scenario"]["followups"] = []
    data["scenario"]["prompt"] = text
    data["scenario"]["preamble"] = text
    out = run(data, env)
    assert [m["content"] for m in sent_json(responses.calls[0])["messages"]] == [text, text]
    turn = out["transcript"]["turns"][0]
    assert turn["targetResponse"] == text and turn["probePrompt"] == text
    line = encode(out)
    assert line.endswith(b"\n") and line.count(b"\n") == 1
    assert json.loads(line) == out


def test_output_line_escapes_controls_and_keeps_utf8():
    line = encode({"t": "é\u0000\n\u001f😀"})
    assert line == '{"t":"é\\u0000\\n\\u001f😀"}\n'.encode()


def test_trim_uses_only_spec_whitespace():
    assert trim("\u0085\u00a0\u1680\u2000\u200a\u2028\u2029\u202f\u205f\u3000 x \t\n\r\x0b\x0c") == "x"
    assert trim("\x1cx\x1f") == "\x1cx\x1f"  # Python's str.strip() would remove these
    assert trim("\u200bx\ufeff") == "\u200bx\ufeff"  # zero-width space and BOM are not whitespace
    assert len(WHITESPACE) == 25


@pytest.mark.parametrize("filler,size", [("a", 1), ("é", 2), ("中", 3), ("😀", 4)])
def test_truncation_cuts_on_a_code_point_boundary(filler, size):
    text = "x" + filler * (MAX_REPLY_TEXT_BYTES // size + 5)
    cut, original, truncated = truncate_utf8(text)
    assert truncated and original == len(text.encode())
    encoded = cut.encode()
    assert len(encoded) <= MAX_REPLY_TEXT_BYTES < len(encoded) + size
    assert text.startswith(cut)


def test_exactly_the_limit_is_not_cut():
    text = "a" * MAX_REPLY_TEXT_BYTES
    assert truncate_utf8(text) == (text, MAX_REPLY_TEXT_BYTES, False)


@responses.activate
def test_long_reply_is_truncated_with_metadata_and_history_uses_the_cut_text(env):
    long_text = "  " + "😀" * 30_000 + "  "
    responses.post(URLS["openai"], json=openai_reply(long_text))
    responses.post(URLS["openai"], json=openai_reply("short"))
    out = run(make_input(), env)
    first = out["transcript"]["turns"][0]
    assert len(first["targetResponse"].encode()) == 102_400
    assert first["providerMetadata"]["truncated"] is True
    assert first["providerMetadata"]["originalBytes"] == 120_000
    assert sent_json(responses.calls[1])["messages"][2]["content"] == first["targetResponse"]


@responses.activate
def test_lone_surrogate_in_a_reply_is_an_invalid_response(env):
    body = json.dumps(openai_reply("a\ud800b")).encode()
    assert b"\\ud800" in body
    responses.post(URLS["openai"], body=body)
    data = make_input()
    data["scenario"]["followups"] = []
    out = run(data, env)
    assert out["error"]["code"] == "INVALID_RESPONSE"
    assert out["error"]["details"] == body.decode()[:500]
    encode(out)


@responses.activate
def test_replies_may_nest_to_512(env):
    deep = json.loads(json.dumps(openai_reply("ok")))
    deep["extra"] = json.loads("[" * 500 + "]" * 500)
    too_deep = dict(deep, extra=json.loads("[" * 520 + "]" * 520))
    responses.post(URLS["openai"], body=json.dumps(deep))
    responses.post(URLS["openai"], body=json.dumps(too_deep))
    data = make_input()
    data["scenario"]["followups"] = []
    assert run(data, env)["success"] is True
    assert run(data, env)["error"]["code"] == "INVALID_RESPONSE"


def test_timestamps_are_rfc3339_millis_utc():
    assert timestamp(1_795_000_000.1234) == "2026-11-18T11:06:40.123Z"
    assert timestamp(0) == "1970-01-01T00:00:00.000Z"
