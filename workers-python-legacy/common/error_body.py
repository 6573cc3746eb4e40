"""What a provider's error body says, read in each provider's documented shape (DECISIONS D4):
the codes and types it names, its messages, Google's ErrorInfo reasons, QuotaFailure quota ids
and RetryInfo delay, and the request field it blames. Step for step the Swift engine's
`ErrorBody`."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any, Optional

_DELAY = re.compile(r"^([0-9]+(\.[0-9]+)?)s$")


@dataclass
class ErrorFacts:
    codes: set[str] = field(default_factory=set)  # lower-cased type/code/status/reason strings
    messages: list[str] = field(default_factory=list)
    quota_ids: list[str] = field(default_factory=list)
    retry_delay_s: Optional[float] = None
    # The request fields the body blames: OpenAI's `param`, Mistral's `loc`, Google's fieldViolations.
    fields: list[str] = field(default_factory=list)

    def text(self) -> str:
        return " ".join(self.messages).lower()


def _strings(obj: dict[str, Any], *names: str) -> list[str]:
    return [obj[n] for n in names if isinstance(obj.get(n), str)]


def _details(facts: ErrorFacts, details: Any) -> None:
    """google.rpc details: ErrorInfo, QuotaFailure, RetryInfo, BadRequest."""
    if not isinstance(details, list):
        return
    for item in details:
        if not isinstance(item, dict):
            continue
        kind = item.get("@type") if isinstance(item.get("@type"), str) else ""
        if kind.endswith("google.rpc.ErrorInfo") and isinstance(item.get("reason"), str):
            facts.codes.add(item["reason"].lower())
        elif kind.endswith("google.rpc.QuotaFailure") and isinstance(item.get("violations"), list):
            facts.quota_ids += [v["quotaId"] for v in item["violations"]
                                if isinstance(v, dict) and isinstance(v.get("quotaId"), str)]
        elif kind.endswith("google.rpc.RetryInfo") and isinstance(item.get("retryDelay"), str):
            match = _DELAY.match(item["retryDelay"])
            if match:
                facts.retry_delay_s = float(match.group(1))
        elif kind.endswith("google.rpc.BadRequest") and isinstance(item.get("fieldViolations"), list):
            facts.fields += [v["field"] for v in item["fieldViolations"]
                             if isinstance(v, dict) and isinstance(v.get("field"), str)]


def _detail_list(facts: ErrorFacts, detail: Any) -> None:
    """Mistral's (pydantic's) 422 `detail: [{type, loc, msg}]`."""
    if not isinstance(detail, list):
        return
    for item in detail:
        if not isinstance(item, dict):
            continue
        facts.codes.update(s.lower() for s in _strings(item, "type"))
        facts.messages += _strings(item, "msg")
        loc = item.get("loc")
        if isinstance(loc, list) and loc and isinstance(loc[-1], str):
            facts.fields.append(loc[-1])


def _object(facts: ErrorFacts, obj: dict[str, Any], depth: int) -> None:
    facts.codes.update(s.lower() for s in _strings(obj, "type", "code", "status"))
    facts.messages += _strings(obj, "message", "error")
    facts.fields += _strings(obj, "param")
    _details(facts, obj.get("details"))
    _detail_list(facts, obj.get("detail"))
    if depth < 2:
        for name in ("error", "message"):
            inner = obj.get(name)
            if isinstance(inner, str) and inner.lstrip().startswith("{"):
                try:
                    inner = json.loads(inner)
                except ValueError:
                    continue
            if isinstance(inner, dict):
                _object(facts, inner, depth + 1)


def read(body: str) -> ErrorFacts:
    """The facts of an error body; an empty set for a body that is not a JSON object."""
    facts = ErrorFacts()
    try:
        value = json.loads(body)
    except ValueError:
        return facts
    if isinstance(value, list) and value and isinstance(value[0], dict):
        value = value[0]  # Google may wrap the status in a one-element array
    if isinstance(value, dict):
        _object(facts, value, 0)
    return facts
