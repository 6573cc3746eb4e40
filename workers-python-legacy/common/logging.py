"""Structured logs (SPEC §8): one JSON object a line on stderr, never stdout, never a key."""
from __future__ import annotations

import json
import sys
import time
from typing import Any, Mapping, Optional, TextIO

LEVELS: dict[str, int] = {"trace": 0, "debug": 1, "info": 2, "warn": 3, "error": 4}


def threshold_from_env(env: Mapping[str, str]) -> int:
    """PROBE_LOG_LEVEL (unknown → info); PYTHON_WORKER_DEBUG=1 means debug unless it is set."""
    level = env.get("PROBE_LOG_LEVEL")
    if level:
        return LEVELS.get(level.strip().lower(), LEVELS["info"])
    if env.get("PYTHON_WORKER_DEBUG") == "1":
        return LEVELS["debug"]
    return LEVELS["info"]


def _redacted(value: Any, secrets: tuple[str, ...]) -> Any:
    """`value` with every secret replaced by `[REDACTED]` in its strings, at any depth."""
    if not secrets:
        return value
    if isinstance(value, str):
        for secret in secrets:
            value = value.replace(secret, "[REDACTED]")
        return value
    if isinstance(value, dict):
        return {_redacted(str(k), secrets): _redacted(v, secrets) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_redacted(item, secrets) for item in value]
    if isinstance(value, (int, float, bool)) or value is None:
        return value
    return _redacted(str(value), secrets)


class Logger:
    """A JSON-lines logger with fields bound to every line (runId, scenarioId, modelId)."""

    def __init__(self, threshold: int = LEVELS["info"], context: str = "probe",
                 fields: Optional[dict[str, Any]] = None, stream: Optional[TextIO] = None,
                 redact: tuple[str, ...] = ()) -> None:
        self.threshold = threshold
        self.context = context
        self.fields = dict(fields or {})
        self.stream = stream
        self.redact = redact

    def bind(self, **fields: Any) -> "Logger":
        return Logger(self.threshold, self.context, {**self.fields, **fields}, self.stream, self.redact)

    def with_redaction(self, values: list[str]) -> "Logger":
        """This logger hiding `values` (longest first, so a key inside another goes whole)."""
        ordered = tuple(sorted({v for v in values if v}, key=len, reverse=True))
        return Logger(self.threshold, self.context, self.fields, self.stream, ordered)

    def log(self, level: str, msg: str, **fields: Any) -> None:
        if LEVELS[level] < self.threshold:
            return
        record = {"level": level, "time": int(time.time() * 1000), "context": self.context,
                  "msg": msg, **self.fields, **fields}
        # Every key value is replaced in every field (names too, nested values included) before
        # encoding, so a key that JSON would escape is still found; then on the line as a whole.
        record = _redacted(record, self.redact)
        line = json.dumps(record, ensure_ascii=False, separators=(",", ":"), default=str)
        for value in self.redact:
            line = line.replace(value, "[REDACTED]")
        stream = self.stream or sys.stderr
        try:
            stream.write(line + "\n")
            stream.flush()
        except (OSError, ValueError, UnicodeEncodeError):
            pass

    def trace(self, msg: str, **fields: Any) -> None:
        self.log("trace", msg, **fields)

    def debug(self, msg: str, **fields: Any) -> None:
        self.log("debug", msg, **fields)

    def info(self, msg: str, **fields: Any) -> None:
        self.log("info", msg, **fields)

    def warn(self, msg: str, **fields: Any) -> None:
        self.log("warn", msg, **fields)

    def error(self, msg: str, **fields: Any) -> None:
        self.log("error", msg, **fields)
