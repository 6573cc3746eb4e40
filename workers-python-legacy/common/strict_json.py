"""Strict RFC 8259 JSON (SPEC §1): no NaN/Infinity, no number overflowing a double, no lone
surrogate, nesting at most 64, duplicate keys → last wins."""
from __future__ import annotations

import json
import math
import re
from typing import Any

from common.text import has_lone_surrogate, replace_lone_surrogates

MAX_DEPTH = 64
_TOKENS = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]', re.DOTALL)


class JSONRejected(ValueError):
    """The text is not strict JSON; the message is the parser's reason (free text)."""


def _reject_constant(name: str) -> Any:
    raise JSONRejected(f"{name} is not a JSON value")


def _parse_float(token: str) -> float:
    value = float(token)
    if math.isinf(value):
        raise JSONRejected(f"number {token[:40]} overflows a double")
    return value


def _parse_int(token: str) -> int:
    try:
        value = int(token)
        float(value)
    except (ValueError, OverflowError):
        raise JSONRejected(f"number {token[:40]}... overflows a double") from None
    return value


def check_depth(text: str, limit: int = MAX_DEPTH) -> None:
    """Raise when arrays/objects nest deeper than `limit` (the top-level container is depth 1)."""
    if text.count("[") + text.count("{") <= limit:
        return
    depth = 0
    for match in _TOKENS.finditer(text):
        token = match.group()
        if token in ("[", "{"):
            depth += 1
            if depth > limit:
                raise JSONRejected(f"nesting deeper than {limit}")
        elif token in ("]", "}"):
            depth -= 1


def _walk_strings(value: Any, repair: bool) -> Any:
    """Reject (or, with `repair`, replace by U+FFFD) lone surrogates in keys and strings."""
    if isinstance(value, str):
        if has_lone_surrogate(value):
            if not repair:
                raise JSONRejected("lone surrogate in a string")
            return replace_lone_surrogates(value)
        return value
    if isinstance(value, list):
        return [_walk_strings(item, repair) for item in value]
    if isinstance(value, dict):
        return {_walk_strings(k, repair): _walk_strings(v, repair) for k, v in value.items()}
    return value


def parse_strict(text: str, *, repair_surrogates: bool = False) -> Any:
    """Parse `text` (BOM already removed) strictly; raise JSONRejected with a reason."""
    check_depth(text)
    try:
        value = json.loads(
            text,
            parse_constant=_reject_constant,
            parse_float=_parse_float,
            parse_int=_parse_int,
            object_pairs_hook=dict,
        )
    except JSONRejected:
        raise
    except (ValueError, RecursionError) as exc:
        raise JSONRejected(str(exc).splitlines()[0] if str(exc) else type(exc).__name__) from None
    return _walk_strings(value, repair_surrogates)


def decode_json_bytes(raw: bytes, *, repair_surrogates: bool = False) -> Any:
    """Decode UTF-8 (a leading BOM ignored) and parse strictly."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise JSONRejected(f"not UTF-8: {exc.reason} at byte {exc.start}") from None
    return parse_strict(text, repair_surrogates=repair_surrogates)
