"""The model profile table (DECISIONS D14): what each model family accepts on the wire.

The same file as the Swift engine's, `Sources/ProbeEngine/Resources/model-profiles.json`, with
the user's `PROBE_MODELS_FILE` laid over it (same provider and prefix replaces, else added).
Matched by provider and the longest prefix of the model name sent (case-sensitive)."""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping, Optional

SHIPPED = Path(__file__).resolve().parents[2] / "Sources" / "ProbeEngine" / "Resources" / "model-profiles.json"
OVERLAY_VARIABLE = "PROBE_MODELS_FILE"
PROVIDERS = ("openai", "anthropic", "google", "xai", "deepseek", "mistral")
OPENAI_COMPATIBLE = ("openai", "xai", "deepseek", "mistral")
EFFORT_ORDER = ("none", "minimal", "low", "medium", "high", "xhigh", "max")
TEMPERATURES = ("any", "one", "none")
REASONING = ("none", "openai-effort", "anthropic-budget", "anthropic-adaptive", "gemini-budget",
             "gemini-level", "xai-effort", "deepseek-reasoner", "always")
ENDPOINTS = ("chat", "responses")
INT32_MAX = 2**31 - 1


class ModelProfileError(ValueError):
    """A profile file that cannot be used: the file, the entry and the field."""

    def __init__(self, file: str, entry: Optional[str], problem: str):
        self.file, self.entry, self.problem = file, entry, problem
        super().__init__(f"model profiles file {file}: " + (f"{entry}: " if entry else "") + problem)


@dataclass(frozen=True)
class Profile:
    provider: str
    prefix: str
    family: str
    endpoint: str
    max_output: int
    limit_fields: tuple[str, ...]
    temperature: str
    top_p: bool
    exclusive_sampling: bool
    penalties: bool
    stop: bool
    seed: Optional[str]
    reasoning: str
    efforts: tuple[str, ...]
    budget: Optional[dict[str, Any]]  # {"min", "max", "off", "dynamic"}
    manual_budget: bool
    reasons_by_default: bool
    reasoning_allowance: int
    source: str


class _Field(Exception):
    def __init__(self, field: str, problem: str):
        super().__init__(f"{field} {problem}")
        self.field, self.problem = field, problem


def _value(obj: dict, key: str) -> Any:
    if key not in obj:
        raise _Field(key, "is required")
    return obj[key]


def _string(obj: dict, key: str, allow_empty: bool = False) -> str:
    value = _value(obj, key)
    if not isinstance(value, str):
        raise _Field(key, "must be a string")
    if not allow_empty and value == "":
        raise _Field(key, "must not be empty")
    return value


def _bool(obj: dict, key: str, name: Optional[str] = None) -> bool:
    value = obj.get(key)
    if not isinstance(value, bool):
        raise _Field(name or key, "is required" if key not in obj and name is None else "must be true or false")
    return value


def _integer(obj: dict, key: str, low: int, name: Optional[str] = None) -> int:
    if key not in obj:
        raise _Field(name or key, "is required")
    value = obj[key]
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= INT32_MAX:
        raise _Field(name or key, f"must be an integer >= {low}")
    return value


def _strings(obj: dict, key: str) -> tuple[str, ...]:
    value = _value(obj, key)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _Field(key, "must be an array of strings")
    return tuple(value)


def _one_of(obj: dict, key: str, choices: tuple[str, ...]) -> str:
    value = _string(obj, key)
    if value not in choices:
        raise _Field(key, "must be one of " + ", ".join(choices))
    return value


def _budget(obj: dict) -> Optional[dict[str, Any]]:
    raw = _value(obj, "budget")
    if raw is None:
        return None
    if not isinstance(raw, dict):
        raise _Field("budget", "must be an object or null")
    low = _integer(raw, "min", 0, "budget.min")
    if "max" not in raw:
        raise _Field("budget.max", "is required (an integer or null)")
    high = None if raw["max"] is None else _integer(raw, "max", low, "budget.max")
    for key in ("off", "dynamic"):
        if not isinstance(raw.get(key), bool):
            raise _Field(f"budget.{key}", "must be true or false")
    return {"min": low, "max": high, "off": raw["off"], "dynamic": raw["dynamic"]}


def _entry(obj: dict) -> Profile:
    """One entry, fields checked in the Swift decoder's order (the same first error)."""
    provider = _string(obj, "provider")
    if provider not in PROVIDERS:
        raise _Field("provider", "must be one of " + ", ".join(PROVIDERS))
    limit_fields = _strings(obj, "limitFields")
    if any(f not in ("max_tokens", "max_completion_tokens") for f in limit_fields):
        raise _Field("limitFields", "must hold only max_tokens or max_completion_tokens")
    if provider in OPENAI_COMPATIBLE and not limit_fields:
        raise _Field("limitFields", f"must name at least one field for {provider}")
    if provider not in OPENAI_COMPATIBLE and limit_fields:
        raise _Field("limitFields", f"must be empty for {provider}")
    endpoint = _one_of(obj, "endpoint", ENDPOINTS)
    if endpoint == "responses" and provider != "openai":
        raise _Field("endpoint", "responses is only for openai")
    seed = _value(obj, "seed")
    if seed is not None and not isinstance(seed, str):
        raise _Field("seed", "must be a string or null")
    if seed is not None and seed not in ("seed", "random_seed"):
        raise _Field("seed", 'must be "seed", "random_seed" or null')
    reasoning = _one_of(obj, "reasoning", REASONING)
    efforts = _strings(obj, "efforts")
    for effort in efforts:
        if effort not in EFFORT_ORDER:
            raise _Field("efforts", f"'{effort}' is not one of " + ", ".join(EFFORT_ORDER))
    if reasoning in ("openai-effort", "anthropic-adaptive", "gemini-level", "xai-effort") and not efforts:
        raise _Field("efforts", f"must list the accepted values for reasoning {reasoning}")
    budget = _budget(obj)
    manual_budget = _bool(obj, "manualBudget")
    if (reasoning in ("anthropic-budget", "gemini-budget")
            or (reasoning == "anthropic-adaptive" and manual_budget)) and budget is None:
        raise _Field("budget", f"must be an object for reasoning {reasoning}")
    if reasoning == "gemini-budget" and budget is not None and budget["max"] is None:
        raise _Field("budget.max", "must be an integer for reasoning gemini-budget")
    return Profile(
        provider=provider, prefix=_string(obj, "prefix", allow_empty=True), family=_string(obj, "family"),
        endpoint=endpoint, max_output=_integer(obj, "maxOutput", 1), limit_fields=limit_fields,
        temperature=_one_of(obj, "temperature", TEMPERATURES), top_p=_bool(obj, "topP"),
        exclusive_sampling=_bool(obj, "exclusiveSampling"), penalties=_bool(obj, "penalties"),
        stop=_bool(obj, "stop"), seed=seed, reasoning=reasoning, efforts=efforts, budget=budget,
        manual_budget=manual_budget, reasons_by_default=_bool(obj, "reasonsByDefault"),
        reasoning_allowance=_integer(obj, "reasoningAllowance", 0), source=_string(obj, "source"))


def decode(data: bytes, file: str) -> list[Profile]:
    try:
        document = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise ModelProfileError(file, None, f"not valid JSON ({exc})") from None
    if not isinstance(document, dict):
        raise ModelProfileError(file, None, "the top level must be an object")
    entries = document.get("profiles")
    if not isinstance(entries, list):
        raise ModelProfileError(file, None, '"profiles" must be an array')
    profiles: list[Profile] = []
    seen: set[tuple[str, str]] = set()
    for index, obj in enumerate(entries):
        entry = f"profiles[{index}]"
        if not isinstance(obj, dict):
            raise ModelProfileError(file, entry, "must be an object")
        if isinstance(obj.get("provider"), str) and isinstance(obj.get("prefix"), str):
            entry += f' ({obj["provider"]} "{obj["prefix"]}")'
        try:
            profile = _entry(obj)
            if (profile.provider, profile.prefix) in seen:
                raise _Field("prefix", "is listed twice for this provider")
        except _Field as problem:
            raise ModelProfileError(file, entry, f"{problem.field} {problem.problem}") from None
        seen.add((profile.provider, profile.prefix))
        profiles.append(profile)
    return profiles


def _read(path: str) -> bytes:
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise ModelProfileError(path, None, f"cannot be read ({exc.strerror or exc})") from None


class ProfileTable:
    def __init__(self, profiles: list[Profile]):
        self.profiles = profiles

    def lookup(self, provider: str, model: str) -> Optional[Profile]:
        """The longest prefix of the provider's that starts `model`."""
        matches = [p for p in self.profiles if p.provider == provider and model.startswith(p.prefix)]
        return max(matches, key=lambda p: len(p.prefix)) if matches else None


_CACHE: dict[str, ProfileTable] = {}


def load(env: Mapping[str, str]) -> ProfileTable:
    """The shipped table with `PROBE_MODELS_FILE` laid over it (ModelProfileError when unusable)."""
    overlay = env.get(OVERLAY_VARIABLE) or ""
    if overlay in _CACHE:
        return _CACHE[overlay]
    merged = decode(_read(str(SHIPPED)), str(SHIPPED))
    if overlay:
        for profile in decode(_read(overlay), overlay):
            same = [i for i, p in enumerate(merged) if (p.provider, p.prefix) == (profile.provider, profile.prefix)]
            if same:
                merged[same[0]] = profile
            else:
                merged.append(profile)
    table = ProfileTable(merged)
    _CACHE[overlay] = table
    return table
