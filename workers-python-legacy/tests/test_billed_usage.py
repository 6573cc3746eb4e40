"""Issue 14's reply half (DECISIONS D3, D7) on the shared recorded bodies of Fixtures/providers/:
usage as billed with its parts, refusals and stops as data, the cached price in the cost
snapshot, and no answer after reasoning as a failure."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import responses

from common import output
from common.providers import anthropic, google, openai_compat, xai
from common.providers.base import normalize_finish_reason
from tests.conftest import URLS, google_url, make_input, openai_reply, run

FIXTURES = Path(__file__).resolve().parents[2] / "Fixtures" / "providers"


def fixture(path: str) -> dict:
    return json.loads((FIXTURES / path).read_text(encoding="utf-8"))


def wire(path: str) -> bytes:
    return (FIXTURES / path).read_bytes()


def test_anthropic_input_includes_cache_writes_and_reads():
    parsed = anthropic.parse_reply(fixture("anthropic/cache-usage.json"))
    assert (parsed.input_tokens, parsed.output_tokens) == (1012, 9)
    assert (parsed.cached_input_tokens, parsed.cache_write_input_tokens, parsed.reasoning_tokens) == (800, 200, None)


def test_anthropic_odd_cache_part_counts_zero_and_missing_input_is_estimated():
    assert anthropic.parse_reply({"content": [], "usage": {"input_tokens": 5, "cache_read_input_tokens": "7"}}
                                 ).input_tokens == 5
    assert anthropic.parse_reply({"content": [], "usage": {"cache_read_input_tokens": 7}}).input_tokens is None


def test_anthropic_stops_are_data():
    assert anthropic.parse_reply(fixture("anthropic/refusal.json")).finish_reason == "refusal"
    paused = anthropic.parse_reply(fixture("anthropic/pause-turn.json"))
    assert (paused.text, paused.finish_reason) == ("Let me search for that.", "pause_turn")
    full = anthropic.parse_reply(fixture("anthropic/context-window-exceeded.json"))
    assert full.finish_reason == "max_tokens" and full.raw["stop_reason"] == "model_context_window_exceeded"
    assert full.reasoning_tokens == 1000


def test_openai_output_includes_reasoning_and_parts_are_recorded():
    parsed = openai_compat.parse_reply(fixture("openai/reasoning-usage.json"))
    assert (parsed.input_tokens, parsed.output_tokens) == (1312, 420)
    assert (parsed.cached_input_tokens, parsed.reasoning_tokens, parsed.cache_write_input_tokens) == (1024, 384, None)


def test_xai_adds_reasoning_to_completion_tokens():
    parsed = xai.parse_reply(fixture("xai/plain.json"))
    assert (parsed.output_tokens, parsed.reasoning_tokens, parsed.cached_input_tokens) == (103, 94, 6)
    body = {"choices": [{"message": {"content": "x"}}], "usage": {"completion_tokens_details": {"reasoning_tokens": 4}}}
    assert xai.parse_reply(body).output_tokens is None


def test_refusal_text_is_the_reply_only_when_there_is_no_other_text():
    refused = openai_compat.parse_reply(fixture("openai/refusal.json"))
    assert (refused.text, refused.finish_reason) == ("I'm sorry, I can't assist with that request.", "refusal")
    both = {"choices": [{"message": {"content": "Here it is.", "refusal": "no"}, "finish_reason": "stop"}]}
    assert openai_compat.parse_reply(both).text == "Here it is."
    blank = {"choices": [{"message": {"content": None, "refusal": "  "}, "finish_reason": "stop"}]}
    assert openai_compat.parse_reply(blank).finish_reason == "stop"


def test_google_parts_block_reasons_and_safety_finishes():
    parsed = google.parse_reply(fixture("google/cached-usage.json"))
    assert (parsed.input_tokens, parsed.output_tokens, parsed.cached_input_tokens, parsed.reasoning_tokens) == \
        (2100, 127, 2048, 120)
    blocked = google.parse_reply(fixture("google/prompt-blocked-prohibited.json"))
    assert (blocked.text, blocked.finish_reason, blocked.output_tokens) == ("", "prohibited_content", 0)
    assert google.parse_reply(fixture("google/spii-finish.json")).finish_reason == "spii"


@pytest.mark.parametrize("wire_value,normalized", [
    ("model_length", "max_tokens"), ("model_context_window_exceeded", "max_tokens"), ("pause_turn", "pause_turn"),
    ("refusal", "refusal"), ("RECITATION", "recitation"), ("BLOCKLIST", "blocklist"), ("SPII", "spii"),
    ("PROHIBITED_CONTENT", "prohibited_content")])
def test_finish_reasons_of_issue_14(wire_value, normalized):
    assert normalize_finish_reason(wire_value) == normalized


def test_cost_snapshot_prices_cached_input_apart():
    cost = {"costInputPerMillion": 3, "costOutputPerMillion": 15, "costCachedInputPerMillion": 0.3}
    snap = output.cost_snapshot(cost, 1012, 9, 800)
    assert snap["estimatedCost"] == (212 / 1e6) * 3 + (800 / 1e6) * 0.3 + (9 / 1e6) * 15
    assert (snap["cachedInputTokens"], snap["costCachedInputPerMillion"]) == (800, 0.3)
    plain = output.cost_snapshot({"costInputPerMillion": 3, "costOutputPerMillion": 15}, 1012, 9, 800)
    assert "cachedInputTokens" not in plain and plain["estimatedCost"] == (1012 / 1e6) * 3 + (9 / 1e6) * 15


@responses.activate
def test_anthropic_probe_reports_billed_input_and_cached_cost(env):
    responses.post(URLS["anthropic"], body=wire("anthropic/cache-usage.json"))
    data = make_input("claude-sonnet-4-20250514", modelCost={"costInputPerMillion": 3, "costOutputPerMillion": 15,
                                                             "costCachedInputPerMillion": 0.3})
    data["scenario"]["followups"] = []
    out = run(data, env)
    turn = out["transcript"]["turns"][0]
    assert turn["inputTokens"] == 1012
    assert (turn["providerMetadata"]["cachedInputTokens"], turn["providerMetadata"]["cacheWriteInputTokens"]) == (800, 200)
    assert out["transcript"]["costSnapshot"]["cachedInputTokens"] == 800


@responses.activate
def test_empty_length_reply_after_reasoning_fails_with_the_earlier_turns(env):
    responses.post(URLS["openai"], json=openai_reply("Yes.", model="o3-mini-2025-01-31"))
    responses.post(URLS["openai"], body=wire("openai/length-reasoning-only.json"))
    data = make_input("o3-mini")
    data["scenario"]["followups"] = [{"prompt": "Why?"}, {"prompt": "Sure?"}]
    out = run(data, env)
    assert out["success"] is False
    assert out["error"]["code"] == "INVALID_RESPONSE" and out["error"]["retryable"] is False
    assert out["error"]["message"].startswith("o3-mini gave no answer: it spent its output limit reasoning (limit ")
    assert out["error"]["message"].endswith(" tokens, 512 reasoning tokens used); raise maxTokens")
    assert [t["targetResponse"] for t in out["partialTranscript"]["turns"]] == ["Yes."]
    assert len(responses.calls) == 2


@responses.activate
def test_google_thinking_only_reply_is_no_answer(env):
    responses.post(google_url("gemini-2.5-pro"), body=wire("google/max-tokens-thinking-only.json"))
    out = run(make_input("gemini-2.5-pro"), env)
    assert out["error"]["code"] == "INVALID_RESPONSE" and "1023 reasoning tokens used" in out["error"]["message"]
    assert "partialTranscript" not in out


@responses.activate
def test_empty_length_reply_without_reasoning_is_still_a_turn(env):
    responses.post(URLS["openai"], json=openai_reply("", finish="length"))
    out = run(make_input("gpt-4o"), env)
    assert out["success"] is True and len(out["transcript"]["turns"]) == 1


def test_negative_cached_price_is_a_validation_error(env):
    data = make_input(modelCost={"costInputPerMillion": 1, "costOutputPerMillion": 2, "costCachedInputPerMillion": -1})
    out = run(data, env)
    assert out["error"]["message"] == "modelCost.costCachedInputPerMillion must be a number >= 0"
