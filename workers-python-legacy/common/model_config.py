"""modelConfig → the settings asked for (SPEC §6, DECISIONS D2). An invalid value is ignored
with a warn log, never an error; what the model accepts is decided afterwards by its profile
(common.parameter_plan, DECISIONS D14)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Optional

from common.config import OPENAI_COMPATIBLE
from common.errors import validation_error
from common.validation import MAX_INT32, ProbeInput, is_integer_token, is_number

_MISSING = object()
_EFFORTS = ("none", "minimal", "low", "medium", "high", "xhigh", "max")
_MAX_TOKEN_PARAMS = ("max_tokens", "max_completion_tokens")


@dataclass(frozen=True)
class RequestOptions:
    temperature: float
    temperature_set_by_model_config: bool
    max_tokens: Optional[int]  # None = unlimited
    max_tokens_param: Optional[str] = None
    top_p: Optional[float] = None
    frequency_penalty: Optional[float] = None
    presence_penalty: Optional[float] = None
    stop_sequences: Optional[list[str]] = None
    seed: Optional[int] = None
    reasoning_effort: Optional[str] = None
    thinking_budget: Optional[int] = None
    # Decided by the model profile (DECISIONS D14); the builders follow these.
    max_tokens_explicit: bool = False  # modelConfig set maxTokens (a number or null)
    send_temperature: bool = True
    seed_field: str = "seed"  # or Mistral's random_seed
    adaptive_thinking: bool = False  # anthropic thinking {type: adaptive, display: summarized}
    include_thoughts: bool = False  # google thinkingConfig.includeThoughts
    endpoint: str = "chat"  # the profile's: "chat" or "responses" (OpenAI's Responses API)


def _in_range(low: float, high: float) -> Callable[[Any], bool]:
    return lambda v: is_number(v) and low <= v <= high


def _stop_list(value: Any) -> bool:
    return isinstance(value, list) and len(value) > 0 and all(isinstance(s, str) for s in value)


def check_provider_limits(provider: str, probe: ProbeInput) -> None:
    """SPEC §4 provider-specific limits, checked after routing."""
    if provider == "anthropic" and probe.temperature > 1:
        raise validation_error("config.temperature must be between 0 and 1 for anthropic")


def resolve_options(provider: str, probe: ProbeInput, warn: Callable[..., None]) -> RequestOptions:
    """The effective settings for `provider` from config and modelConfig."""
    mc = probe.model_config
    openai_like = provider in OPENAI_COMPATIBLE
    # key → (validity check, providers it applies to: None = all)
    rules: dict[str, tuple[Callable[[Any], bool], Optional[bool]]] = {
        "maxTokensParam": (lambda v: v in _MAX_TOKEN_PARAMS, openai_like),
        "maxTokens": (lambda v: v is None or is_integer_token(v, 1, MAX_INT32), None),
        "temperature": (_in_range(0, 1 if provider == "anthropic" else 2), None),
        "topP": (_in_range(0, 1), None),
        "frequencyPenalty": (_in_range(-2, 2), None),
        "presencePenalty": (_in_range(-2, 2), None),
        "stopSequences": (_stop_list, None),
        "seed": (lambda v: is_integer_token(v, -2**63, 2**63 - 1), None),
        "reasoningEffort": (lambda v: isinstance(v, str) and v in _EFFORTS, None),
        "thinkingBudget": (lambda v: is_integer_token(v, -1, MAX_INT32), None),
    }
    valid: dict[str, Any] = {}
    for key, (check, applies) in rules.items():
        if key not in mc or (mc[key] is None and key != "maxTokens"):
            continue
        value = mc[key]
        if applies is False:
            warn("modelConfig key does not apply to this provider, ignored", key=key, provider=provider)
        elif not check(value):
            warn("invalid modelConfig value, ignored", key=key)
        else:
            valid[key] = value
    return RequestOptions(
        temperature=valid.get("temperature", probe.temperature),
        temperature_set_by_model_config="temperature" in valid,
        max_tokens=valid["maxTokens"] if "maxTokens" in valid else probe.max_tokens,
        max_tokens_explicit="maxTokens" in valid,
        max_tokens_param=valid.get("maxTokensParam"),
        top_p=valid.get("topP"),
        frequency_penalty=valid.get("frequencyPenalty"),
        presence_penalty=valid.get("presencePenalty"),
        stop_sequences=valid.get("stopSequences"),
        seed=valid.get("seed"),
        reasoning_effort=valid.get("reasoningEffort"),
        thinking_budget=valid.get("thinkingBudget"),
    )
