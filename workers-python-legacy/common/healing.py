"""Requests that heal (DECISIONS D4): a 400 or 422 that names a parameter the model will not
take is answered by the same turn once more without it, recorded in parameters.dropped with the
provider's words, and remembered for that model for the life of the process. Step for step the
Swift engine's `ParameterRejection` and `LearnedDrops`."""
from __future__ import annotations

import re
import threading
from dataclasses import replace
from typing import Optional

from common.error_body import ErrorFacts
from common.model_config import RequestOptions

# A field name as a provider spells it (snake, camel, dotted path) → modelConfig's name. The model,
# the messages and the token limit are never healed away.
_SETTINGS = {
    "temperature": "temperature", "topp": "topP", "frequencypenalty": "frequencyPenalty",
    "presencepenalty": "presencePenalty", "stop": "stopSequences", "stopsequences": "stopSequences",
    "seed": "seed", "randomseed": "seed", "reasoningeffort": "reasoningEffort", "effort": "reasoningEffort",
    "thinkinglevel": "reasoningEffort",
}
_REFUSALS = ("unsupported", "not supported", "deprecated", "cannot both be specified", "extra inputs",
             "not permitted", "unknown name", "does not support", "is not allowed", "extra_forbidden")
_QUOTED = re.compile(r"[`'\"]([A-Za-z_][A-Za-z0-9_.]*)[`'\"]")


def setting_name(field: str) -> Optional[str]:
    last = field.rsplit(".", 1)[-1]
    return _SETTINGS.get(last.replace("_", "").lower())


def rejected_setting(status: int, facts: ErrorFacts) -> Optional[tuple[str, str]]:
    """(modelConfig name, the provider's words) when the body refuses one parameter, else None."""
    if status not in (400, 422):
        return None
    text = facts.text()
    codes = facts.codes
    refused = "unsupported_parameter" in codes or "unsupported_value" in codes or "extra_forbidden" in codes \
        or any(p in text for p in _REFUSALS)
    if not refused:
        return None
    names = [n for n in (setting_name(f) for f in facts.fields) if n]
    for message in facts.messages:
        names += [n for n in (setting_name(q) for q in _QUOTED.findall(message)) if n]
    if not names:
        return None
    # "`temperature` and `top_p` cannot both be specified": temperature is kept, as D14's step 3 keeps it.
    name = "topP" if "cannot both be specified" in text and "topP" in names else names[0]
    reason = next((m for m in facts.messages if m.strip()), "refused by the provider").strip()
    return name, " ".join(reason.split())


def without(options: RequestOptions, name: str) -> RequestOptions:
    """The options with the setting `name` left out."""
    if name == "temperature":
        return replace(options, send_temperature=False)
    field = {"topP": "top_p", "frequencyPenalty": "frequency_penalty", "presencePenalty": "presence_penalty",
             "stopSequences": "stop_sequences", "seed": "seed", "reasoningEffort": "reasoning_effort"}[name]
    return replace(options, **{field: None})


class LearnedDrops:
    """Per process: (provider, model) → the settings it refused, in the order learned."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._drops: dict[tuple[str, str], list[tuple[str, str]]] = {}

    def learn(self, provider: str, model: str, name: str, reason: str) -> None:
        with self._lock:
            known = self._drops.setdefault((provider, model), [])
            if all(n != name for n, _ in known):
                known.append((name, reason))

    def drops(self, provider: str, model: str) -> list[tuple[str, str]]:
        with self._lock:
            return list(self._drops.get((provider, model), []))

    def clear(self) -> None:
        with self._lock:
            self._drops.clear()


LEARNED = LearnedDrops()
