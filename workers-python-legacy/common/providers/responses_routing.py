"""Which OpenAI models are asked through the Responses API (`POST /v1/responses`) instead of
chat completions (DECISIONS D15): these models exist only there. To be replaced by the model
profile's `endpoint` field."""
from __future__ import annotations

PREFIXES = ("o1-pro", "o3-pro", "gpt-5-pro")


def uses_responses(provider: str, model: str) -> bool:
    """Case-sensitive prefix of the model name sent (snapshots included), openai only."""
    return provider == "openai" and model.startswith(PREFIXES)
