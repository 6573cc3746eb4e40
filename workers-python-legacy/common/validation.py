"""Input validation (SPEC §1, DECISIONS D1): in the table's order, stopping at the first
failure with the exact message."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Optional

from common.errors import ProbeError, validation_error
from common.strict_json import JSONRejected, decode_json_bytes
from common.text import is_blank

MAX_INPUT_BYTES = 10 * 1024 * 1024
MAX_INT32 = 2**31 - 1
_ASCII_WHITESPACE = b" \t\n\r\x0b\x0c"
_MISSING = object()


@dataclass(frozen=True)
class Followup:
    label: Optional[str]
    prompt: str


@dataclass(frozen=True)
class ProbeInput:
    run_id: str
    scenario_id: str
    model_id: str
    model_version: Optional[str]
    preamble: str
    prompt: str
    followups: list[Followup]
    temperature: float
    max_tokens: int
    max_turns: int
    model_cost: Optional[dict[str, float]] = None
    model_config: dict[str, Any] = field(default_factory=dict)
    definition_snapshot: Any = None


def is_number(value: Any) -> bool:
    """A JSON number (booleans are never numbers)."""
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def is_integer_token(value: Any, low: int, high: int) -> bool:
    """A JSON number token without fraction or exponent, within [low, high]."""
    return isinstance(value, int) and not isinstance(value, bool) and low <= value <= high


def parse_input_bytes(raw: bytes) -> Any:
    """Steps 1–4: size, emptiness, strict JSON, top-level object."""
    if len(raw) > MAX_INPUT_BYTES:
        raise validation_error("input is larger than 10 MiB")
    body = raw[3:] if raw.startswith(b"\xef\xbb\xbf") else raw
    try:
        blank = is_blank(body.decode("utf-8"))
    except UnicodeDecodeError:
        blank = body.strip(_ASCII_WHITESPACE) == b""
    if blank:
        raise validation_error("no input provided")
    try:
        value = decode_json_bytes(raw)
    except JSONRejected as exc:
        raise validation_error("input is not valid JSON", str(exc) or "invalid JSON") from None
    if not isinstance(value, dict):
        raise validation_error("input must be a JSON object")
    return value


def _get(obj: dict[str, Any], key: str) -> Any:
    value = obj.get(key, _MISSING)
    return _MISSING if value is None else value


def _required_string(obj: dict[str, Any], key: str, path: str, allow_blank: bool = False) -> str:
    value = _get(obj, key)
    if value is _MISSING:
        raise validation_error(f"{path} is required")
    if not isinstance(value, str):
        raise validation_error(f"{path} must be a string")
    if not allow_blank and is_blank(value):
        raise validation_error(f"{path} must not be empty")
    return value


def _optional_string(obj: dict[str, Any], key: str, path: str) -> Optional[str]:
    value = _get(obj, key)
    if value is _MISSING:
        return None
    if not isinstance(value, str):
        raise validation_error(f"{path} must be a string")
    return value


def _required_object(obj: dict[str, Any], key: str) -> dict[str, Any]:
    value = _get(obj, key)
    if value is _MISSING:
        raise validation_error(f"{key} is required")
    if not isinstance(value, dict):
        raise validation_error(f"{key} must be an object")
    return value


def _followups(scenario: dict[str, Any]) -> list[Followup]:
    value = _get(scenario, "followups")
    if value is _MISSING:
        return []
    if not isinstance(value, list):
        raise validation_error("scenario.followups must be an array")
    result: list[Followup] = []
    for index, element in enumerate(value):
        path = f"scenario.followups[{index}]"
        if not isinstance(element, dict):
            raise validation_error(f"{path} must be an object")
        prompt = _required_string(element, "prompt", f"{path}.prompt", allow_blank=True)
        label = _optional_string(element, "label", f"{path}.label")
        result.append(Followup(label, prompt))
    return result


def _config(config: dict[str, Any]) -> tuple[float, int, int]:
    temperature = _get(config, "temperature")
    if temperature is _MISSING:
        temperature = 0.7
    elif not is_number(temperature) or not 0 <= temperature <= 2:
        raise validation_error("config.temperature must be a number between 0 and 2")
    limits = []
    for key, default in (("maxTokens", 1024), ("maxTurns", 10)):
        value = _get(config, key)
        if value is _MISSING:
            value = default
        elif not is_integer_token(value, 1, MAX_INT32):
            raise validation_error(f"config.{key} must be an integer >= 1")
        limits.append(value)
    return temperature, limits[0], limits[1]


def _model_cost(obj: dict[str, Any]) -> Optional[dict[str, float]]:
    cost = _get(obj, "modelCost")
    if cost is _MISSING:
        return None
    if not isinstance(cost, dict):
        raise validation_error("modelCost must be an object")
    result: dict[str, float] = {}
    for key in ("costInputPerMillion", "costOutputPerMillion"):
        value = _get(cost, key)
        if value is _MISSING:
            raise validation_error(f"modelCost.{key} is required")
        if not is_number(value) or value < 0:
            raise validation_error(f"modelCost.{key} must be a number >= 0")
        result[key] = value
    cached = _get(cost, "costCachedInputPerMillion")  # optional (DECISIONS D7)
    if cached is not _MISSING:
        if not is_number(cached) or cached < 0:
            raise validation_error("modelCost.costCachedInputPerMillion must be a number >= 0")
        result["costCachedInputPerMillion"] = cached
    return result


def validate(obj: dict[str, Any]) -> ProbeInput:
    """Step 5: the fields, in the table's order."""
    run_id = _required_string(obj, "runId", "runId")
    scenario_id = _required_string(obj, "scenarioId", "scenarioId")
    model_id = _required_string(obj, "modelId", "modelId")
    model_version = _optional_string(obj, "modelVersion", "modelVersion")
    if model_version is not None and is_blank(model_version):
        model_version = None
    scenario = _required_object(obj, "scenario")
    preamble = _optional_string(scenario, "preamble", "scenario.preamble") or ""
    prompt = _required_string(scenario, "prompt", "scenario.prompt")
    followups = _followups(scenario)
    config = _required_object(obj, "config")
    temperature, max_tokens, max_turns = _config(config)
    model_cost = _model_cost(obj)
    model_config = _get(obj, "modelConfig")
    if model_config is _MISSING:
        model_config = {}
    elif not isinstance(model_config, dict):
        raise validation_error("modelConfig must be an object")
    snapshot = obj.get("definitionSnapshot")
    return ProbeInput(run_id, scenario_id, model_id, model_version, preamble, prompt, followups,
                      temperature, max_tokens, max_turns, model_cost, model_config, snapshot)


def parse_and_validate(raw: bytes) -> ProbeInput:
    """Steps 1–5; raises ProbeError(VALIDATION_ERROR)."""
    return validate(parse_input_bytes(raw))


__all__ = ["ProbeInput", "Followup", "ProbeError", "parse_and_validate", "is_number",
           "is_integer_token", "MAX_INT32"]
