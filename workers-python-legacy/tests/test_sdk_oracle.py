"""The oracle of test_sdk_request_types.py can fail: each SDK validator refuses a body with an
unknown or wrong field, and each rule of provider_rules.py catches a body that breaks it."""
from __future__ import annotations

import os

import pytest

try:
    from pydantic import ValidationError

    from tests import sdk_types
except ImportError as missing:  # pragma: no cover - depends on the environment
    if os.environ.get("PROBE_REQUIRE_SDKS") == "1":
        raise
    pytest.skip(f"the SDKs of requirements-sdk.txt are not installed ({missing})", allow_module_level=True)

from tests import provider_rules

CHAT = {"model": "gpt-4o", "messages": [{"role": "system", "content": "s"}, {"role": "user", "content": "u"},
                                        {"role": "assistant", "content": "a"}], "temperature": 0.7, "max_tokens": 5}
RESPONSES = {"model": "o3-pro", "instructions": "s", "input": [{"role": "user", "content": "u"}],
             "max_output_tokens": 5, "reasoning": {"effort": "high", "summary": "auto"}, "store": False}
ANTHROPIC = {"model": "claude-sonnet-4-5", "system": "s", "messages": [{"role": "user", "content": "u"}],
             "max_tokens": 2048, "temperature": 1, "thinking": {"type": "enabled", "budget_tokens": 1024}}
GOOGLE = {"contents": [{"role": "user", "parts": [{"text": "u"}]}, {"role": "model", "parts": [{"text": "a"}]}],
          "systemInstruction": {"parts": [{"text": "s"}]},
          "generationConfig": {"temperature": 0.7, "maxOutputTokens": 5, "topP": 0.9, "stopSequences": ["x"],
                               "seed": 1, "thinkingConfig": {"thinkingBudget": 0}}}
MISTRAL = {"model": "mistral-large-latest", "messages": [{"role": "user", "content": "u"}], "temperature": 0.7,
           "max_tokens": 5, "random_seed": 3, "stop": ["x"]}
GOOD = [("openai.CompletionCreateParamsNonStreaming", CHAT), ("openai.ResponseCreateParamsNonStreaming", RESPONSES),
        ("anthropic.MessageCreateParamsNonStreaming", ANTHROPIC), ("google.Content (contents)", GOOGLE),
        ("google.GenerateContentConfig", GOOGLE), ("google.GenerationConfig", GOOGLE),
        ("mistral.ChatCompletionRequest", MISTRAL)]


@pytest.mark.parametrize("sdk_type,body", GOOD, ids=[t for t, _ in GOOD])
def test_a_documented_body_passes(sdk_type, body):
    sdk_types.VALIDATORS[sdk_type](body)


def _with(body, **changes):
    return {**body, **changes}


BAD = [
    ("openai.CompletionCreateParamsNonStreaming", _with(CHAT, max_output_tokens=5), "unknown top-level field"),
    ("openai.CompletionCreateParamsNonStreaming", _with(CHAT, messages=[{"role": "user", "content": "u", "x": 1}]),
     "unknown field inside a message"),
    ("openai.CompletionCreateParamsNonStreaming", _with(CHAT, messages=[{"role": "robot", "content": "u"}]), "role"),
    ("openai.CompletionCreateParamsNonStreaming", _with(CHAT, reasoning_effort="ultra"), "effort value"),
    ("openai.ResponseCreateParamsNonStreaming", _with(RESPONSES, messages=[]), "chat field on Responses"),
    ("openai.ResponseCreateParamsNonStreaming", _with(RESPONSES, reasoning={"summary": "always"}), "summary value"),
    ("openai.ResponseCreateParamsNonStreaming", _with(RESPONSES, stop=["x"]), "no stop on Responses"),
    ("anthropic.MessageCreateParamsNonStreaming", _with(ANTHROPIC, seed=1), "unknown top-level field"),
    ("anthropic.MessageCreateParamsNonStreaming", _with(ANTHROPIC, thinking={"type": "enabled"}), "budget missing"),
    ("anthropic.MessageCreateParamsNonStreaming", _with(ANTHROPIC, stop=["x"]), "stop is stop_sequences"),
    ("google.Content (contents)", _with(GOOGLE, contents=[{"role": "user", "parts": [{"txt": "u"}]}]), "part field"),
    ("google.GenerateContentConfig", _with(GOOGLE, generationConfig={"maxTokens": 5}), "unknown config field"),
    ("google.GenerationConfig", _with(GOOGLE, generationConfig={"thinkingConfig": {"budget": 5}}), "thinking field"),
    ("mistral.ChatCompletionRequest", _with(MISTRAL, seed=3), "seed is random_seed"),
    ("mistral.ChatCompletionRequest", _with(MISTRAL, max_completion_tokens=5), "no max_completion_tokens"),
]


@pytest.mark.parametrize("sdk_type,body,why", BAD, ids=[f"{t}-{why}" for t, _, why in BAD])
def test_a_wrong_body_is_refused(sdk_type, body, why):
    with pytest.raises(ValidationError):
        sdk_types.VALIDATORS[sdk_type](body)


BROKEN = [
    ("openai", "o3", {"model": "o3", "temperature": 0.2}, {}, "openai: reasoning models"),
    ("openai", "gpt-5", {"model": "gpt-5", "top_p": 0.9, "max_completion_tokens": 5000}, {}, "openai: reasoning models"),
    ("openai", "o4-mini", {"model": "o4-mini", "stop": ["x"], "max_completion_tokens": 5000}, {}, "openai: o3/o4-mini"),
    ("openai", "gpt-4o", {"model": "gpt-4o", "reasoning_effort": "low"}, {}, "openai: reasoning_effort only"),
    ("openai", "o3-pro", {"model": "o3-pro", "reasoning": {"effort": "minimal"}, "max_output_tokens": 9000}, {},
     "openai: o-series take no minimal"),
    ("openai", "gpt-5-pro", {"model": "gpt-5-pro", "max_output_tokens": 1024}, {}, "room to answer"),
    ("google", "gemini-2.5-flash", {"generationConfig": {"maxOutputTokens": 1024}}, {}, "room to answer"),
    ("deepseek", "deepseek-reasoner", {"model": "deepseek-reasoner", "max_tokens": 1024}, {}, "room to answer"),
    ("anthropic", "claude-opus-4-7", {"max_tokens": 5, "temperature": 0.7}, {}, "anthropic: Opus 4.7+"),
    ("anthropic", "claude-haiku-4-5", {"max_tokens": 5, "temperature": 0.7, "top_p": 0.9}, {}, "anthropic: Claude 4.5+"),
    ("anthropic", "claude-sonnet-4", {"max_tokens": 2000, "thinking": {"type": "enabled", "budget_tokens": 2000}}, {},
     "anthropic: 1024 <= budget_tokens"),
    ("anthropic", "claude-sonnet-4", {"max_tokens": 4000, "thinking": {"type": "enabled", "budget_tokens": 512}}, {},
     "anthropic: 1024 <= budget_tokens"),
    ("anthropic", "claude-sonnet-4", {"max_tokens": 4000, "temperature": 0.7,
                                      "thinking": {"type": "enabled", "budget_tokens": 2000}}, {}, "anthropic: thinking"),
    ("anthropic", "claude-opus-4-8", {"max_tokens": 4000, "thinking": {"type": "enabled", "budget_tokens": 2000}}, {},
     "anthropic: adaptive-only"),
    ("google", "gemini-2.5-pro", {"generationConfig": {"maxOutputTokens": 9000, "thinkingConfig": {"thinkingBudget": 0}}},
     {}, "google: thinkingBudget"),
    ("google", "gemini-2.5-flash-lite", {"generationConfig": {"thinkingConfig": {"thinkingBudget": 100}}}, {},
     "google: thinkingBudget"),
    ("xai", "grok-4", {"model": "grok-4", "presence_penalty": 0.5}, {}, "xai: grok-4+"),
]


@pytest.mark.parametrize("provider,name,body,config,rule", BROKEN, ids=[f"{n}-{r}" for _, n, _, _, r in BROKEN])
def test_a_broken_rule_is_caught(provider, name, body, config, rule):
    broken = provider_rules.violations(provider, name, body, config, 1024)
    assert [found for found in broken if found.startswith(rule)], broken


KEPT = [
    ("openai", "o3", {"model": "o3", "temperature": 1, "max_completion_tokens": 5000}),
    ("openai", "gpt-4o", {"model": "gpt-4o", "temperature": 0.2, "top_p": 0.5, "stop": ["x"], "max_tokens": 5}),
    ("anthropic", "claude-sonnet-4-20250514", {"max_tokens": 4000, "temperature": 1, "top_p": 0.9,
                                               "thinking": {"type": "enabled", "budget_tokens": 1024}}),
    ("google", "gemini-2.5-pro", {"generationConfig": {"maxOutputTokens": 9000, "thinkingConfig": {"thinkingBudget": -1}}}),
    ("google", "gemini-2.5-flash", {"generationConfig": {"maxOutputTokens": 5, "thinkingConfig": {"thinkingBudget": 0}}}),
    ("xai", "grok-4-fast-non-reasoning", {"model": "grok-4-fast-non-reasoning", "presence_penalty": 0.5}),
    ("xai", "grok-3-mini", {"model": "grok-3-mini", "reasoning_effort": "high"}),
]


@pytest.mark.parametrize("provider,name,body", KEPT, ids=[n for _, n, _ in KEPT])
def test_a_body_that_keeps_the_rules_passes(provider, name, body):
    assert provider_rules.violations(provider, name, body, {}, 1024) == []
