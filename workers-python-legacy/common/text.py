"""Text rules shared by validation and the probe loop: SPEC's whitespace set, trimming,
truncation on a code-point boundary and cutting to a number of code points."""
from __future__ import annotations

import re

# SPEC "Terms": the Unicode White_Space code points. The only definition in this package.
WHITESPACE: frozenset[str] = frozenset(
    [chr(c) for c in range(0x09, 0x0E)]
    + ["\u0020", "\u0085", "\u00a0", "\u1680"]
    + [chr(c) for c in range(0x2000, 0x200B)]
    + ["\u2028", "\u2029", "\u202f", "\u205f", "\u3000"]
)
_WHITESPACE_CHARS = "".join(sorted(WHITESPACE))

_SURROGATE = re.compile("[\ud800-\udfff]")

# SPEC §3.5: a reply longer than this many UTF-8 bytes is cut.
MAX_REPLY_TEXT_BYTES = 102_400


def trim(text: str) -> str:
    """Remove SPEC whitespace (and only that) from both ends."""
    return text.strip(_WHITESPACE_CHARS)


def is_blank(text: str) -> bool:
    """True when the text is empty after trimming."""
    return trim(text) == ""


def truncate_utf8(text: str, limit: int = MAX_REPLY_TEXT_BYTES) -> tuple[str, int, bool]:
    """Cut `text` at the last code-point boundary at or below `limit` UTF-8 bytes.

    Returns (text, original byte size, whether it was cut)."""
    encoded = text.encode("utf-8")
    if len(encoded) <= limit:
        return text, len(encoded), False
    # A prefix of valid UTF-8 can only end inside one incomplete sequence: drop it.
    return encoded[:limit].decode("utf-8", errors="ignore"), len(encoded), True


def cut_code_points(text: str, limit: int) -> str:
    """The first `limit` code points (a Python str has no surrogate pairs once decoded)."""
    return text[:limit]


def has_lone_surrogate(text: str) -> bool:
    """True when the str holds a surrogate code point (only possible from a JSON escape)."""
    return _SURROGATE.search(text) is not None
