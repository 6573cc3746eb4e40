"""Strict RFC 8259 JSON (SPEC §1): no NaN/Infinity, no number overflowing a double, no lone
surrogate, nesting at most 64, duplicate keys → last wins."""
from __future__ import annotations

import json
import math
import re
from typing import Any

from common.text import has_lone_surrogate

MAX_DEPTH = 64
MAX_REPLY_DEPTH = 512  # DECISIONS D3: provider replies may nest deeper than inputs
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


def _check_strings(value: Any) -> None:
    """Reject lone surrogates in keys and strings (json lets `"\\ud800"` through)."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if has_lone_surrogate(item):
                raise JSONRejected("lone surrogate in a string")
        elif isinstance(item, list):
            stack.extend(item)
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())


def parse_strict(text: str, *, max_depth: int = MAX_DEPTH) -> Any:
    """Parse `text` (BOM already removed) strictly; raise JSONRejected with a reason."""
    check_depth(text, max_depth)
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
    _check_strings(value)
    return value


def decode_json_bytes(raw: bytes, *, max_depth: int = MAX_DEPTH) -> Any:
    """Decode UTF-8 (a leading BOM ignored) and parse strictly."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise JSONRejected(f"not UTF-8: {exc.reason} at byte {exc.start}") from None
    return parse_strict(text, max_depth=max_depth)
