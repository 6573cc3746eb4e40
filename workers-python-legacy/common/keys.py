"""The provider key variables (SPEC §4 table, google's alias included): the one list that both
the configuration and the logs' redaction read. Kept apart from `config` so the logger can hide
keys from the first line without importing the rest of the configuration."""
from __future__ import annotations

from typing import Mapping

KEY_VARIABLES: dict[str, tuple[str, ...]] = {
    "openai": ("OPENAI_API_KEY",),
    "anthropic": ("ANTHROPIC_API_KEY",),
    "google": ("GOOGLE_API_KEY", "GEMINI_API_KEY"),
    "xai": ("XAI_API_KEY",),
    "deepseek": ("DEEPSEEK_API_KEY",),
    "mistral": ("MISTRAL_API_KEY",),
}


def key_values(env: Mapping[str, str]) -> list[str]:
    """Every non-empty key value of every provider variable, longest first, for redaction."""
    values = {env.get(v, "") for variables in KEY_VARIABLES.values() for v in variables}
    return sorted((v for v in values if v), key=len, reverse=True)
