"""Everything read from the environment (SPEC §4, §5, §8), read per probe from a mapping so a
rotated key is picked up without a restart. Nothing reads a `.env` file."""
from __future__ import annotations

import ipaddress
import math
import re
from dataclasses import dataclass
from typing import Callable, Mapping, Optional
from urllib.parse import urlsplit

from common.keys import KEY_VARIABLES, key_values

VERSION = "0.1.0"

OPENAI_COMPATIBLE: frozenset[str] = frozenset({"openai", "xai", "deepseek", "mistral"})


@dataclass(frozen=True)
class ProviderEnv:
    """Where a provider's key and base URL come from (SPEC §4 table)."""

    name: str
    key_variables: tuple[str, ...]
    base_url_variable: str
    default_base_url: str


PROVIDERS: dict[str, ProviderEnv] = {
    p.name: p for p in (
        ProviderEnv("openai", KEY_VARIABLES["openai"], "OPENAI_BASE_URL", "https://api.openai.com/v1"),
        ProviderEnv("anthropic", KEY_VARIABLES["anthropic"], "ANTHROPIC_BASE_URL", "https://api.anthropic.com"),
        ProviderEnv("google", KEY_VARIABLES["google"], "GOOGLE_BASE_URL",
                    "https://generativelanguage.googleapis.com/v1beta"),
        ProviderEnv("xai", KEY_VARIABLES["xai"], "XAI_BASE_URL", "https://api.x.ai/v1"),
        ProviderEnv("deepseek", KEY_VARIABLES["deepseek"], "DEEPSEEK_BASE_URL", "https://api.deepseek.com"),
        ProviderEnv("mistral", KEY_VARIABLES["mistral"], "MISTRAL_BASE_URL", "https://api.mistral.ai/v1"),
    )
}

DEFAULT_REQUEST_TIMEOUT_MS = 120_000
DEFAULT_PROBE_TIMEOUT_MS = 300_000
_NUMBER = re.compile(r"^[0-9]+(\.[0-9]+)?([eE][+-]?[0-9]+)?$")
_INTEGER = re.compile(r"^[0-9]+$")


def api_key(provider: str, env: Mapping[str, str]) -> tuple[Optional[str], str]:
    """(key or None, the variable it came from, or the one to name when missing)."""
    spec = PROVIDERS[provider]
    for variable in spec.key_variables:
        value = env.get(variable)
        if value:
            return value, variable
    return None, spec.key_variables[0]


def base_url(provider: str, env: Mapping[str, str]) -> str:
    """The base URL without a trailing `/` (an empty variable counts as unset)."""
    spec = PROVIDERS[provider]
    value = env.get(spec.base_url_variable) or spec.default_base_url
    return value.rstrip("/")


def all_key_values(env: Mapping[str, str]) -> list[str]:
    """Every non-empty key value of every provider variable, for redaction."""
    return key_values(env)


def parse_number(text: str) -> Optional[float]:
    """A finite number ≥ 0 written as a JSON number without sign, else None."""
    text = text.strip()
    if not _NUMBER.match(text):
        return None
    value = float(text)
    return value if math.isfinite(value) else None


@dataclass(frozen=True)
class Settings:
    backoff_scale: float
    request_timeout_s: float
    probe_timeout_s: float


def load_settings(env: Mapping[str, str], warn: Callable[..., None]) -> Settings:
    """PROBE_BACKOFF_SCALE, PROBE_REQUEST_TIMEOUT_MS, PROBE_TIMEOUT_MS (DECISIONS D4)."""
    scale = 1.0
    raw = env.get("PROBE_BACKOFF_SCALE")
    if raw:
        parsed = parse_number(raw)
        if parsed is None:
            warn("invalid PROBE_BACKOFF_SCALE, using 1", value=raw)
        else:
            scale = parsed

    def millis(name: str, default: int) -> float:
        value = env.get(name)
        if not value:
            return default / 1000
        if _INTEGER.match(value.strip()) and int(value.strip()) >= 1:
            return int(value.strip()) / 1000
        warn(f"invalid {name}, using the default", value=value, default=default)
        return default / 1000

    return Settings(scale, millis("PROBE_REQUEST_TIMEOUT_MS", DEFAULT_REQUEST_TIMEOUT_MS),
                    millis("PROBE_TIMEOUT_MS", DEFAULT_PROBE_TIMEOUT_MS))


def _is_loopback(host: str) -> bool:
    host = host.strip("[]").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _no_proxy_matches(host: str, no_proxy: str) -> bool:
    host = host.strip("[]").lower()
    for entry in (e.strip().lower() for e in no_proxy.split(",")):
        if not entry:
            continue
        if entry == "*":
            return True
        entry = entry.lstrip(".")
        if entry.startswith("["):
            entry = entry[1:].split("]")[0]
        elif entry.count(":") == 1:
            entry = entry.split(":")[0]
        if host == entry or host.endswith("." + entry):
            return True
    return False


def proxy_for(url: str, env: Mapping[str, str]) -> Optional[str]:
    """The proxy for `url` (curl's variables and order), or None (loopback never proxied)."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if _is_loopback(host):
        return None
    no_proxy = env.get("no_proxy") or env.get("NO_PROXY") or ""
    if no_proxy and _no_proxy_matches(host, no_proxy):
        return None
    if parts.scheme == "https":
        names = ("https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY")
    else:
        names = ("http_proxy", "all_proxy", "ALL_PROXY")
    for name in names:
        if env.get(name):
            return env[name]
    return None
