"""Values shared by the provider modules: the request and parsed-reply types, the
finish-reason map (the only one) and small readers for reply fields."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional

from common.errors import ErrorCode

Message = dict[str, str]  # {"role": "system"|"user"|"assistant", "content": text}

# SPEC §4 finishReason normalization; anything else is lower-cased, non-strings → unknown.
FINISH_REASONS: dict[str, str] = {
    "stop": "stop", "length": "max_tokens", "content_filter": "content_filter",
    "tool_calls": "tool_use", "function_call": "tool_use",
    "insufficient_system_resource": "system_error",
    "end_turn": "stop", "max_tokens": "max_tokens", "stop_sequence": "stop_sequence",
    # A context window filled up is a length finish (DECISIONS D3); raw keeps the provider's word.
    "model_length": "max_tokens", "model_context_window_exceeded": "max_tokens",
    "tool_use": "tool_use", "refusal": "refusal",
    "STOP": "stop", "MAX_TOKENS": "max_tokens",
    # The Responses API (DECISIONS D15): its `status` and `incomplete_details.reason`.
    "completed": "stop", "max_output_tokens": "max_tokens",
}


def normalize_finish_reason(value: Any) -> str:
    if not isinstance(value, str):
        return "unknown"
    return FINISH_REASONS.get(value, value.lower())


class ShapeError(ValueError):
    """The reply is JSON but not of the expected shape."""


class ReplyFailed(Exception):
    """A 2xx reply saying the provider failed to answer (the Responses API's `status:
    "failed"`, DECISIONS D15): the probe fails with `code`, like an HTTP error."""

    def __init__(self, code: ErrorCode, provider_code: str) -> None:
        super().__init__(provider_code)
        self.code = code
        self.provider_code = provider_code


@dataclass(frozen=True)
class HttpRequest:
    url: str
    headers: dict[str, str]
    body: dict[str, Any]


@dataclass
class ParsedReply:
    text: str
    finish_reason: str
    raw: dict[str, Any]
    reasoning: str = ""
    input_tokens: Optional[int] = None  # None = not given: estimate
    output_tokens: Optional[int] = None
    model_version: Optional[str] = None
    extra: dict[str, Any] = field(default_factory=dict)
    # The parts of the billed usage the provider reports (DECISIONS D7); None = not reported.
    cached_input_tokens: Optional[int] = None
    cache_write_input_tokens: Optional[int] = None
    reasoning_tokens: Optional[int] = None


def usage_count(value: Any) -> Optional[int]:
    """A usage number counts only as a JSON integer token in 0 … 2**31-1 (DECISIONS D3, D9)."""
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 2**31 - 1:
        return value
    return None


def detail(usage: dict[str, Any], group: str, key: str) -> Any:
    """`usage[group][key]` when `usage[group]` is an object, else None."""
    inner = usage.get(group)
    return inner.get(key) if isinstance(inner, dict) else None


def usage_sum(base: Optional[int], *parts: Optional[int]) -> Optional[int]:
    """`base` plus the reported parts (a missing part counts 0); None when `base` is None or
    the sum passes 2**31-1 (the count is then estimated)."""
    if base is None:
        return None
    total = base + sum(p or 0 for p in parts)
    return total if total <= 2**31 - 1 else None


def nonempty_string(value: Any) -> Optional[str]:
    return value if isinstance(value, str) and value != "" else None


def pick_raw(source: dict[str, Any], keys: tuple[str, ...]) -> dict[str, Any]:
    """The listed keys the reply has, null values included, verbatim."""
    return {k: source[k] for k in keys if k in source}


def require_object(value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ShapeError("not an object")
    return value


def system_text(messages: list[Message]) -> str:
    """The system messages joined with a blank line (anthropic and google)."""
    return "\n\n".join(m["content"] for m in messages if m["role"] == "system")


def has_system(messages: list[Message]) -> bool:
    return any(m["role"] == "system" for m in messages)
