"""The parity cases of issue 14's reply half (DECISIONS D3, D7): usage as billed with its parts,
refusals and stops as data, and no answer after reasoning as a failure. Written by generate.py
into cases/usage/. Bodies are the recorded ones of Fixtures/providers/ (each provider's
documented shape) or generate.reply()."""
from __future__ import annotations

from generate import BASE_ENV, MODEL, expect_fail, expect_ok, ok, probe_input, reply

ABSENT = "<absent>"
FOLLOWUP = [{"label": "why", "prompt": "Why?"}]


def file_step(path: str) -> dict:
    return {"status": 200, "file": f"providers/{path}"}


def turn(index: int, **fields) -> dict:
    """`fields` of transcript turn `index` as dotted paths; `meta_X` is providerMetadata.X."""
    out = {}
    for key, value in fields.items():
        path = f"providerMetadata.{key[5:]}" if key.startswith("meta_") else key
        out[f"transcript.turns.{index}.{path}"] = value
    return out


def with_fields(expect: dict, fields: dict) -> dict:
    return {**expect, "fields": fields}


def cost(cost_in: float, cost_out: float, cost_cached: float, tokens_in: int, tokens_out: int, cached: int) -> dict:
    """The snapshot of DECISIONS D7: cached input at its own price, the rest at costInputPerMillion."""
    estimated = ((tokens_in - cached) / 1e6) * cost_in + (cached / 1e6) * cost_cached + (tokens_out / 1e6) * cost_out
    return {"transcript.costSnapshot.cachedInputTokens": cached,
            "transcript.costSnapshot.costCachedInputPerMillion": cost_cached,
            "transcript.costSnapshot.estimatedCost": estimated}


def usage_cases() -> dict[str, dict]:
    cases: dict[str, dict] = {}

    def case(name, provider, script, expect, **input_extra):
        model = input_extra.pop("model", MODEL[provider])
        followups = input_extra.pop("followups", [])
        cases[name] = {"name": f"usage/{name}",
                       "input": probe_input(provider, f"usage-{name}", model=model, followups=followups, **input_extra),
                       "env": dict(BASE_ENV), "script": script, "expect": expect}

    # ---- usage as billed, with its parts ----
    model_cost = {"costInputPerMillion": 3, "costOutputPerMillion": 15, "costCachedInputPerMillion": 0.3}
    case("anthropic-cache-usage", "anthropic", [file_step("anthropic/cache-usage.json")],
         with_fields(expect_ok(1, 1), {
             **turn(0, inputTokens=1012, outputTokens=9, meta_cachedInputTokens=800, meta_cacheWriteInputTokens=200,
                    meta_reasoningTokens=ABSENT, meta_tokensEstimated=ABSENT),
             "transcript.totalInputTokens": 1012, **cost(3, 15, 0.3, 1012, 9, 800)}),
         modelCost=model_cost)
    case("openai-reasoning-usage", "openai", [file_step("openai/reasoning-usage.json")],
         with_fields(expect_ok(1, 1), {
             **turn(0, inputTokens=1312, outputTokens=420, meta_cachedInputTokens=1024, meta_reasoningTokens=384,
                    meta_cacheWriteInputTokens=ABSENT),
             **cost(1.1, 4.4, 0.55, 1312, 420, 1024)}),
         model="o3-mini", modelCost={"costInputPerMillion": 1.1, "costOutputPerMillion": 4.4,
                                     "costCachedInputPerMillion": 0.55})
    case("xai-reasoning-outside-completion", "xai", [file_step("xai/plain.json")],
         with_fields(expect_ok(1, 1), {
             **turn(0, inputTokens=32, outputTokens=103, meta_reasoningTokens=94, meta_cachedInputTokens=6),
             "transcript.costSnapshot.estimatedCost": (32 / 1e6) * 3 + (103 / 1e6) * 15,
             "transcript.costSnapshot.cachedInputTokens": ABSENT}),
         modelCost={"costInputPerMillion": 3, "costOutputPerMillion": 15})
    case("google-cached-and-thoughts", "google", [file_step("google/cached-usage.json")],
         with_fields(expect_ok(1, 1), turn(0, inputTokens=2100, outputTokens=127, meta_cachedInputTokens=2048,
                                           meta_reasoningTokens=120)),
         model="gemini-2.5-flash")

    # ---- refusals and stops are data ----
    case("openai-refusal-is-the-reply", "openai",
         [file_step("openai/refusal.json"), ok(reply("openai", "Because it could cause harm."))],
         with_fields({**expect_ok(2, 2), "reply": "I'm sorry, I can't assist with that request."},
                     turn(0, meta_finishReason="refusal", **{"meta_raw.finish_reason": "stop"})),
         followups=FOLLOWUP)
    case("xai-refusal-is-the-reply", "xai", [file_step("xai/refusal.json")],
         with_fields({**expect_ok(1, 1), "reply": "I can't help with that."}, turn(0, meta_finishReason="refusal")))
    case("anthropic-refusal", "anthropic", [file_step("anthropic/refusal.json")],
         with_fields({**expect_ok(1, 1), "reply": ""}, turn(0, meta_finishReason="refusal")),
         followups=FOLLOWUP)
    case("anthropic-pause-turn", "anthropic", [file_step("anthropic/pause-turn.json")],
         with_fields({**expect_ok(1, 1), "reply": "Let me search for that."}, turn(0, meta_finishReason="pause_turn")))
    case("google-prohibited-content", "google", [file_step("google/prompt-blocked-prohibited.json")],
         with_fields({**expect_ok(1, 1), "reply": ""},
                     turn(0, outputTokens=0, meta_finishReason="prohibited_content")),
         model="gemini-2.5-flash", followups=FOLLOWUP)
    case("google-spii", "google", [file_step("google/spii-finish.json")],
         with_fields({**expect_ok(1, 1), "reply": ""}, turn(0, meta_finishReason="spii")), model="gemini-2.5-flash")
    case("mistral-model-length", "mistral", [file_step("mistral/model-length.json")],
         with_fields({**expect_ok(1, 1), "reply": "And so"},
                     turn(0, meta_finishReason="max_tokens", **{"meta_raw.finish_reason": "model_length"})))

    # ---- no answer after reasoning is a failure (with the earlier turns) ----
    case("openai-no-answer-after-reasoning", "openai",
         [ok(reply("openai", "Yes.", model="o3-mini-2025-01-31")), file_step("openai/length-reasoning-only.json")],
         with_fields(expect_fail("INVALID_RESPONSE", "o3-mini gave no answer: it spent its output limit reasoning "
                                 "(limit 8704 tokens, 512 reasoning tokens used); raise maxTokens", 2, turns=1),
                     {"partialTranscript.turns.0.targetResponse": "Yes.", "error.retryable": False}),
         model="o3-mini", followups=FOLLOWUP)
    case("google-no-answer-after-thinking", "google", [file_step("google/max-tokens-thinking-only.json")],
         with_fields(expect_fail("INVALID_RESPONSE", "gemini-2.5-pro gave no answer: it spent its output limit "
                                 "reasoning (limit 8704 tokens, 1023 reasoning tokens used); raise maxTokens", 1),
                     {"partialTranscript": ABSENT}),
         model="gemini-2.5-pro")
    case("anthropic-context-window-after-thinking", "anthropic",
         [file_step("anthropic/context-window-exceeded.json")],
         expect_fail("INVALID_RESPONSE", "claude-sonnet-4-20250514 gave no answer: it spent its output limit "
                     "reasoning (limit 512 tokens, 1000 reasoning tokens used); raise maxTokens", 1))
    case("openai-empty-length-without-reasoning-is-a-turn", "openai", [ok(reply("openai", "", finish="length"))],
         with_fields({**expect_ok(1, 1), "reply": ""}, turn(0, meta_finishReason="max_tokens")),
         followups=FOLLOWUP)

    # ---- the cached price is validated like the others ----
    case("cached-price-negative", "openai", [],
         expect_fail("VALIDATION_ERROR", "modelCost.costCachedInputPerMillion must be a number >= 0", 0),
         modelCost={"costInputPerMillion": 1, "costOutputPerMillion": 2, "costCachedInputPerMillion": -1})
    return cases
