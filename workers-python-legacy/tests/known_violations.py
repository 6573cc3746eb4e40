"""What today's builders are known to get wrong (issue 13), by input: which (model, modelConfig)
make them send a body that breaks a rule of provider_rules.py or an SDK type. The tests mark
exactly these cases `xfail(strict=True)`: once the model-profile work fixes a rule, its cases
pass, strict xfail turns that into a failure, and the mark is removed. A case that fails in a
way not listed here is an ordinary failure."""
from __future__ import annotations

from typing import Any

from common.providers.responses_routing import uses_responses
from tests import provider_rules as rules
from tests.sdk_bodies import CONFIG_MAX_TOKENS, Model

MISTRAL_SEED = "mistral: the seed field is random_seed (seed is refused, 422)"
MISTRAL_LIMIT = "mistral: max_completion_tokens is not a Mistral field (422)"


def _anthropic_max_tokens(config: dict[str, Any]) -> int:
    if "maxTokens" in config:
        return 8192 if config["maxTokens"] is None else config["maxTokens"]
    return CONFIG_MAX_TOKENS


def _anthropic_temperature(config: dict[str, Any]) -> float:
    value = config.get("temperature")
    return value if value is not None and 0 <= value <= 1 else 0.7


def _gemini_budget_refused(name: str, budget: int) -> bool:
    for prefix, (low, high, zero) in rules.GEMINI_BUDGETS:
        if name.startswith(prefix):
            return not ((budget == 0 and zero) or (budget != 0 and low <= budget <= high))
    return False


def rule_failures(model: Model, config: dict[str, Any]) -> list[str]:
    """The rules of provider_rules.RULES the current builders break for this input, in RULES order."""
    p, name = model.provider, model.name
    responses_api = p == "openai" and uses_responses(name)  # no penalty or stop fields there (D15)
    penalties = not responses_api and any(key in config for key in ("frequencyPenalty", "presencePenalty"))
    sampling = penalties or "topP" in config or config.get("temperature", 1) != 1
    thinking = "thinkingBudget" in config
    budget = config.get("thinkingBudget")
    reasons_by_default = ((p == "openai" and rules.openai_reasons(name))
                          or (p == "google" and name.startswith(rules.GEMINI_THINKS_BY_DEFAULT) and budget != 0)
                          or (p == "deepseek" and "reasoner" in name))
    known = {
        "openai: reasoning models take no top_p, penalties or temperature but 1":
            p == "openai" and rules.openai_reasons(name) and sampling,
        "openai: o3/o4-mini take no stop":
            p == "openai" and name.startswith(("o3", "o4")) and not responses_api and "stopSequences" in config,
        "openai: reasoning_effort only for reasoning models":
            p == "openai" and not rules.openai_reasons(name) and "reasoningEffort" in config,
        "openai: o-series take no minimal effort":
            p == "openai" and name.startswith(("o1", "o3", "o4")) and config.get("reasoningEffort") == "minimal",
        "room to answer: a reasoning model's limit exceeds config.maxTokens":
            reasons_by_default and "maxTokens" not in config,
        "anthropic: Opus 4.7+ take no temperature or top_p":
            p == "anthropic" and name.startswith(rules.ANTHROPIC_NO_SAMPLING),
        "anthropic: Claude 4.5+ take temperature or top_p, not both":
            p == "anthropic" and name.startswith(rules.ANTHROPIC_EXCLUSIVE_SAMPLING) and "topP" in config,
        "anthropic: 1024 <= budget_tokens < max_tokens":
            p == "anthropic" and thinking and not 1024 <= budget < _anthropic_max_tokens(config),
        "anthropic: thinking needs temperature 1 or none":
            p == "anthropic" and thinking and _anthropic_temperature(config) != 1,
        "anthropic: adaptive-only models refuse thinking.type enabled":
            p == "anthropic" and name.startswith(rules.ANTHROPIC_ADAPTIVE_ONLY) and thinking,
        "google: thinkingBudget within the model's range":
            p == "google" and thinking and _gemini_budget_refused(name, budget),
        "xai: grok-4+ reasoning models take no penalties, stop or reasoning_effort":
            p == "xai" and rules.xai_reasons(name)
            and any(key in config for key in ("frequencyPenalty", "presencePenalty", "stopSequences")),
    }
    return [rule for rule, _ in rules.RULES if known[rule]]


def sdk_failures(model: Model, config: dict[str, Any], sdk_type: str) -> list[str]:
    """The SDK-type refusals the current builders cause for this input and type."""
    if sdk_type != "mistral.ChatCompletionRequest":
        return []
    known = []
    if "seed" in config:
        known.append(MISTRAL_SEED)
    if config.get("maxTokensParam") == "max_completion_tokens":
        known.append(MISTRAL_LIMIT)
    return known


def sdk_refused_fields(reasons: list[str]) -> set[str]:
    """The body fields an SDK type refuses for these known reasons."""
    return {{MISTRAL_SEED: "seed", MISTRAL_LIMIT: "max_completion_tokens"}[reason] for reason in reasons}
