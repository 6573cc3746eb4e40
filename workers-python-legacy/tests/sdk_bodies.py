"""The request bodies the builders produce, for the SDK-type tests (test_sdk_request_types.py):
every model × a grid of modelConfig values, each run as a two-turn probe through `run_probe`
(the whole path: validation, routing, modelConfig, builders) with HTTP mocked, so the bodies
are exactly what would go on the wire, history included."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import responses

from tests.conftest import FAKE_KEYS, run

ROOT = Path(__file__).resolve().parents[2]
PROFILES = ROOT / "Sources" / "ProbeEngine" / "Resources" / "model-profiles.json"
REPLIES = ROOT / "Fixtures" / "providers"
UNKNOWN_MODEL = "unknown-model-x"  # the model id used for a provider's default profile (prefix "")

# Used when the model profile table does not exist: today's model ids, per provider.
FIXED_MODELS: dict[str, tuple[str, ...]] = {
    "openai": ("gpt-4o", "gpt-4.1", "gpt-4.1-mini", "o1", "o3", "o3-mini", "o4-mini", "gpt-5", "gpt-5-mini",
               "gpt-5-nano", "gpt-5-chat-latest", "gpt-5.1", "o1-pro", "o3-pro", "gpt-5-pro"),
    "anthropic": ("claude-3-7-sonnet-latest", "claude-sonnet-4-20250514", "claude-opus-4-1", "claude-sonnet-4-5",
                  "claude-haiku-4-5", "claude-opus-4-5", "claude-sonnet-4-6", "claude-opus-4-6", "claude-opus-4-7",
                  "claude-opus-4-8"),
    "google": ("gemini-2.0-flash", "gemini-2.5-pro", "gemini-2.5-flash", "gemini-2.5-flash-lite",
               "gemini-3-pro-preview"),
    "xai": ("grok-3", "grok-3-mini", "grok-4", "grok-4-fast-reasoning"),
    "deepseek": ("deepseek-chat", "deepseek-reasoner"),
    "mistral": ("mistral-large-latest", "mistral-medium-latest", "mistral-small-latest", "magistral-medium-latest",
                "codestral-latest", "ministral-8b-latest"),
}

# The modelConfig grid: each setting alone, the pairs the providers restrict, and everything.
EVERYTHING = {"temperature": 0.3, "topP": 0.9, "frequencyPenalty": 0.5, "presencePenalty": -0.5,
              "stopSequences": ["END"], "seed": 42, "maxTokens": 4096, "reasoningEffort": "low",
              "thinkingBudget": 2048}
GRID: dict[str, dict[str, Any]] = {
    "defaults": {},
    "temperature-0": {"temperature": 0},
    "temperature-1": {"temperature": 1},
    "temperature-1.5": {"temperature": 1.5},
    "topP": {"topP": 0.9},
    "temperature-and-topP": {"temperature": 0.5, "topP": 0.9},
    "penalties": {"frequencyPenalty": 0.5, "presencePenalty": -0.5},
    "stop": {"stopSequences": ["END", "\n\nUser:"]},
    "seed": {"seed": 42},
    "maxTokens-300": {"maxTokens": 300},
    "maxTokens-unlimited": {"maxTokens": None},
    "maxTokensParam": {"maxTokensParam": "max_completion_tokens"},
    "effort-minimal": {"reasoningEffort": "minimal"},
    "effort-low": {"reasoningEffort": "low"},
    "effort-high": {"reasoningEffort": "high"},
    "thinking-0": {"thinkingBudget": 0},
    "thinking-1024": {"thinkingBudget": 1024},
    "thinking-2048-max-4096": {"thinkingBudget": 2048, "maxTokens": 4096},
    "thinking-temperature-1": {"thinkingBudget": 2048, "maxTokens": 4096, "temperature": 1},
    "effort-and-temperature": {"reasoningEffort": "high", "temperature": 0.2},
    "everything": EVERYTHING,
}
CONFIG_MAX_TOKENS = 1024  # what the product always sends as config.maxTokens


@dataclass(frozen=True)
class Model:
    provider: str
    name: str  # the model name sent

    @property
    def model_id(self) -> str:
        return f"{self.provider}:{self.name}"


def models() -> list[Model]:
    """Every profile of the table (a made-up id for a provider's default), else FIXED_MODELS."""
    if PROFILES.exists():
        table = json.loads(PROFILES.read_text(encoding="utf-8"))
        return [Model(p["provider"], p["prefix"] or UNKNOWN_MODEL) for p in table["profiles"]]
    return [Model(provider, name) for provider, names in FIXED_MODELS.items() for name in names]


@dataclass(frozen=True)
class Sent:
    url: str
    body: dict[str, Any]


def _reply_file(url: str, provider: str) -> bytes:
    name = "openai-responses/success.json" if url.endswith("/responses") else f"{provider}/plain.json"
    return (REPLIES / name).read_bytes()


@lru_cache(maxsize=None)
def _capture(model: Model, config_json: str) -> tuple[Sent, ...]:
    """The two requests of a two-turn probe: turn 1 gets a recorded success, turn 2 a 400."""
    answered: list[str] = []

    def reply(request: Any) -> tuple[int, dict[str, str], bytes]:
        answered.append(request.url)
        if len(answered) == 1:
            return 200, {"Content-Type": "application/json"}, _reply_file(request.url, model.provider)
        return 400, {"Content-Type": "application/json"}, b'{"error": {"message": "stop here"}}'

    data = {"runId": "sdk-run", "scenarioId": "sdk", "modelId": model.model_id,
            "scenario": {"preamble": "You are a careful ethicist.", "prompt": "Would you pull the lever?",
                         "followups": [{"label": "why", "prompt": "Why?"}]},
            "config": {"temperature": 0.7, "maxTokens": CONFIG_MAX_TOKENS, "maxTurns": 2},
            "modelConfig": json.loads(config_json)}
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        mock.add_callback(responses.POST, re.compile(r"https://.*"), callback=reply)
        run(data, {**FAKE_KEYS, "PROBE_BACKOFF_SCALE": "0"})
        return tuple(Sent(call.request.url, json.loads(call.request.body)) for call in mock.calls)


def sent(model: Model, config: dict[str, Any]) -> tuple[Sent, ...]:
    bodies = _capture(model, json.dumps(config, sort_keys=True))
    assert len(bodies) == 2, f"{model.model_id}: expected two requests, got {len(bodies)}"
    return bodies
