"""Which OpenAI models are asked through the Responses API (`POST /v1/responses`) instead of
chat completions (DECISIONS D15): these models exist only there. To be replaced by the model
profile's `endpoint` field."""
from __future__ import annotations

PREFIXES = ("o1-pro", "o3-pro", "gpt-5-pro")


def uses_responses(model: str) -> bool:
    """Whether an openai model named `model` (the name sent; case-sensitive prefix, snapshots
    included) is asked through the Responses API."""
    return model.startswith(PREFIXES)
