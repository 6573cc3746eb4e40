"""Our own checks of a request body, for the rules the SDK types cannot express (issue 13).
Each rule is a name (used in xfail reasons), the models it applies to, and its source. Model
families are matched on the model name sent, case-sensitively, longest name first where it
matters; an id no family knows gets no family rule (the table's conservative default is the
profile work's business, not this oracle's)."""
from __future__ import annotations

from typing import Any, Callable, Optional

OPENAI_REASONING = ("o1", "o3", "o4", "gpt-5")
OPENAI_CHAT_ONLY = ("gpt-5-chat",)  # gpt-5-chat-latest: the ChatGPT model, not a reasoning model
# Claude models that no longer take temperature / top_p (provider-notes; issue 13: Opus 4.7, 4.8).
ANTHROPIC_NO_SAMPLING = ("claude-opus-4-7", "claude-opus-4-8", "claude-opus-5", "claude-sonnet-5", "claude-fable-5")
# Claude 4.5 and later: temperature and top_p are exclusive (issue 13).
ANTHROPIC_EXCLUSIVE_SAMPLING = ("claude-sonnet-4-5", "claude-haiku-4-5", "claude-opus-4-5", "claude-opus-4-6",
                                "claude-sonnet-4-6") + ANTHROPIC_NO_SAMPLING
# Adaptive thinking only: `thinking: {type: "enabled"}` is refused (issue 13 for Opus 4.7/4.8;
# simstudioai/sim PR 5559 for Fable 5).
ANTHROPIC_ADAPTIVE_ONLY = ("claude-opus-4-7", "claude-opus-4-8", "claude-fable-5")
# Gemini thinking budget ranges (ai.google.dev/gemini-api/docs/thinking, as restated in issue
# 13): (low, high, zero allowed); -1 (dynamic) is valid everywhere. Longest prefix first.
GEMINI_BUDGETS: tuple[tuple[str, tuple[int, int, bool]], ...] = (
    ("gemini-2.5-flash-lite", (512, 24576, True)),
    ("gemini-2.5-flash", (0, 24576, True)),
    ("gemini-2.5-pro", (128, 32768, False)),
)
# Flash-Lite does not think unless given a budget (ai.google.dev/gemini-api/docs/thinking: its
# default is "Model does not think").
GEMINI_THINKS_BY_DEFAULT = ("gemini-2.5-pro", "gemini-2.5-flash", "gemini-3")
GEMINI_THINKS_ONLY_WHEN_ASKED = ("gemini-2.5-flash-lite",)
XAI_REASONING = ("grok-4", "grok-code")  # grok-4 and later reasoning models, not *-non-reasoning
# Later grok-4.x take reasoning_effort again (vercel/ai @ai-sdk/xai changelog for grok-4.3;
# docs.x.ai/developers/grok-4-5 as quoted in public issue threads; both "(guess)"-graded in D14).
XAI_EFFORT_AGAIN = ("grok-4.3", "grok-4.5")
# gpt-5.1 and later 5.x default to reasoning_effort "none" (openai-python
# types/shared/reasoning_effort.py); their pro models always reason.
OPENAI_EFFORT_NONE_BY_DEFAULT = ("gpt-5.",)


def _is(name: str, prefixes: tuple[str, ...]) -> bool:
    return name.startswith(prefixes)


def openai_reasons(name: str) -> bool:
    return _is(name, OPENAI_REASONING) and not _is(name, OPENAI_CHAT_ONLY)


def xai_reasons(name: str) -> bool:
    return _is(name, XAI_REASONING) and "non-reasoning" not in name


def _limit(body: dict[str, Any]) -> Optional[int]:
    for key in ("max_completion_tokens", "max_output_tokens", "max_tokens"):
        if key in body:
            return body[key]
    return body.get("generationConfig", {}).get("maxOutputTokens")


Rule = tuple[str, Callable[[str, str, dict[str, Any], dict[str, Any]], bool]]


def _openai_sampling(provider: str, name: str, body: dict[str, Any], config: dict[str, Any]) -> bool:
    """OpenAI reasoning models refuse top_p, penalties and any temperature but 1 (issue 13,
    400 "unsupported_parameter"; openai-openapi CreateChatCompletionRequest notes)."""
    if provider != "openai" or not openai_reasons(name):
        return True
    return (body.get("temperature", 1) == 1 and "top_p" not in body
            and "frequency_penalty" not in body and "presence_penalty" not in body)


def _openai_stop(provider: str, name: str, body: dict[str, Any], config: dict[str, Any]) -> bool:
    """o3 and o4-mini refuse `stop` (issue 13)."""
    return not (provider == "openai" and _is(name, ("o3", "o4")) and "stop" in body)


def _openai_effort_needs_reasoning(provider: str, name: str, body: dict[str, Any], config: dict[str, Any]) -> bool:
    """`reasoning_effort` only for reasoning models; gpt-4o/gpt-4.1 refuse it (provider-notes)."""
    return not (provider == "openai" and "reasoning_effort" in body and not openai_reasons(name))


def _openai_minimal_effort(provider: str, name: str, body: dict[str, Any], config: dict[str, Any]) -> bool:
    """`minimal` exists for the gpt-5 family, not for the o-series (issue 13)."""
    effort = body.get("reasoning_effort", body.get("reasoning", {}).get("effort"))
    return not (provider == "openai" and _is(name, ("o1", "o3", "o4")) and effort == "minimal")


def _room_to_answer(provider: str, name: str, body: dict[str, Any], config: dict[str, Any]) -> bool:
    """A model that reasons counts its reasoning in the limit (openai-python: max_completion_tokens
    and max_output_tokens "including ... reasoning tokens"; Gemini and deepseek-reasoner per
    issue 13): without an explicit modelConfig.maxTokens the limit sent must leave room beyond
    config.maxTokens (issue 13, "Room to answer")."""
    thinking = body.get("generationConfig", {}).get("thinkingConfig", {})
    effort_off_by_default = _is(name, OPENAI_EFFORT_NONE_BY_DEFAULT) and "-pro" not in name
    reasons = ((provider == "openai" and openai_reasons(name)
                and (not effort_off_by_default or body.get("reasoning_effort", "none") != "none"))
               or (provider == "google" and _is(name, GEMINI_THINKS_BY_DEFAULT)
                   and not _is(name, GEMINI_THINKS_ONLY_WHEN_ASKED) and thinking.get("thinkingBudget") != 0)
               or (provider == "google" and _is(name, GEMINI_THINKS_ONLY_WHEN_ASKED)
                   and thinking.get("thinkingBudget", 0) != 0)
               or (provider == "deepseek" and "reasoner" in name))
    limit = _limit(body)
    return not reasons or "maxTokens" in config or limit is None or limit > config["__configMaxTokens"]


def _anthropic_no_sampling(provider: str, name: str, body: dict[str, Any], config: dict[str, Any]) -> bool:
    """Opus 4.7 and later answer 400 "`temperature` is deprecated for this model" (and top_p)."""
    return not (provider == "anthropic" and _is(name, ANTHROPIC_NO_SAMPLING)
                and ("temperature" in body or "top_p" in body))


def _anthropic_exclusive(provider: str, name: str, body: dict[str, Any], config: dict[str, Any]) -> bool:
    """Claude 4.5 and later: temperature and top_p "cannot both be specified" (issue 13)."""
    return not (provider == "anthropic" and _is(name, ANTHROPIC_EXCLUSIVE_SAMPLING)
                and "temperature" in body and "top_p" in body)


def _anthropic_budget(provider: str, name: str, body: dict[str, Any], config: dict[str, Any]) -> bool:
    """budget_tokens "Must be ≥1024 and less than `max_tokens`" (anthropic-sdk-python
    src/anthropic/types/thinking_config_enabled_param.py)."""
    thinking = body.get("thinking", {}) if provider == "anthropic" else {}
    if thinking.get("type") != "enabled":
        return True
    return 1024 <= thinking["budget_tokens"] < body["max_tokens"]


def _anthropic_thinking_temperature(provider: str, name: str, body: dict[str, Any], config: dict[str, Any]) -> bool:
    """With extended thinking, temperature must be 1 or absent (issue 13)."""
    if provider != "anthropic" or body.get("thinking", {}).get("type") != "enabled":
        return True
    return body.get("temperature", 1) == 1


def _anthropic_adaptive_only(provider: str, name: str, body: dict[str, Any], config: dict[str, Any]) -> bool:
    """Adaptive-only models refuse `thinking: {type: "enabled"}` (issue 13)."""
    return not (provider == "anthropic" and _is(name, ANTHROPIC_ADAPTIVE_ONLY)
                and body.get("thinking", {}).get("type") == "enabled")


def _gemini_budget(provider: str, name: str, body: dict[str, Any], config: dict[str, Any]) -> bool:
    """thinkingBudget within the model's range; 0 only where thinking can be turned off."""
    budget = body.get("generationConfig", {}).get("thinkingConfig", {}).get("thinkingBudget") \
        if provider == "google" else None
    if budget is None or budget == -1:
        return True
    for prefix, (low, high, zero) in GEMINI_BUDGETS:
        if name.startswith(prefix):
            return (budget == 0 and zero) or low <= budget <= high and budget != 0
    return True


def _xai_reasoning_fields(provider: str, name: str, body: dict[str, Any], config: dict[str, Any]) -> bool:
    """grok-4 and later reasoning models refuse presence_penalty, frequency_penalty, stop and
    reasoning_effort (issue 13; docs.cloud.google.com Grok reasoning: "Grok reasoning models
    don't support reasoning_effort")."""
    refused = ("presence_penalty", "frequency_penalty", "stop") + (() if _is(name, XAI_EFFORT_AGAIN) else ("reasoning_effort",))
    return not (provider == "xai" and xai_reasons(name) and any(key in body for key in refused))


RULES: tuple[Rule, ...] = (
    ("openai: reasoning models take no top_p, penalties or temperature but 1", _openai_sampling),
    ("openai: o3/o4-mini take no stop", _openai_stop),
    ("openai: reasoning_effort only for reasoning models", _openai_effort_needs_reasoning),
    ("openai: o-series take no minimal effort", _openai_minimal_effort),
    ("room to answer: a reasoning model's limit exceeds config.maxTokens", _room_to_answer),
    ("anthropic: Opus 4.7+ take no temperature or top_p", _anthropic_no_sampling),
    ("anthropic: Claude 4.5+ take temperature or top_p, not both", _anthropic_exclusive),
    ("anthropic: 1024 <= budget_tokens < max_tokens", _anthropic_budget),
    ("anthropic: thinking needs temperature 1 or none", _anthropic_thinking_temperature),
    ("anthropic: adaptive-only models refuse thinking.type enabled", _anthropic_adaptive_only),
    ("google: thinkingBudget within the model's range", _gemini_budget),
    ("xai: grok-4+ reasoning models take no penalties, stop or reasoning_effort", _xai_reasoning_fields),
)


def violations(provider: str, name: str, body: dict[str, Any], config: dict[str, Any],
               config_max_tokens: int) -> list[str]:
    """The names of the rules `body` breaks."""
    facts = {**config, "__configMaxTokens": config_max_tokens}
    return [rule for rule, holds in RULES if not holds(provider, name, body, facts)]
