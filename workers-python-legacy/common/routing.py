"""Which provider serves a modelId and which model name is sent (SPEC §4). The only routing table."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

from common.errors import ErrorCode, ProbeError

PREFIXES: tuple[str, ...] = ("openai", "anthropic", "google", "xai", "deepseek", "mistral")

# Lower-cased modelId starts → provider, checked in this order.
NAME_STARTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("openai", ("gpt-", "chatgpt-", "o1", "o3", "o4", "ft:gpt", "text-", "davinci", "babbage")),
    ("anthropic", ("claude",)),
    ("google", ("gemini", "gemma")),
    ("xai", ("grok",)),
    ("deepseek", ("deepseek",)),
    ("mistral", ("mistral", "mixtral", "codestral", "pixtral", "ministral", "magistral",
                 "devstral", "open-mistral", "open-mixtral")),
)


@dataclass(frozen=True)
class Route:
    provider: str
    model: str  # the model name sent


def route(model_id: str, model_version: Optional[str]) -> Route:
    """Provider and model name sent; raises UNSUPPORTED_PROVIDER."""
    lowered = model_id.lower()
    provider: Optional[str] = None
    name = model_id
    for prefix in PREFIXES:
        if lowered.startswith(prefix + ":"):
            provider, name = prefix, model_id[len(prefix) + 1:]
            break
    if provider is None:
        for candidate, starts in NAME_STARTS:
            if lowered.startswith(starts):
                provider = candidate
                break
    if provider is None:
        raise ProbeError(
            ErrorCode.UNSUPPORTED_PROVIDER,
            f"cannot tell the provider of model '{model_id}': use a known model name or a "
            "prefix such as 'openai:'")
    return Route(provider, model_version if model_version else name)
