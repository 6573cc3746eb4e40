"""Shared fixtures: a fake environment (obviously fake keys), a fake clock that never sleeps,
and a helper that runs one probe in-process with all HTTP mocked by `responses`."""
from __future__ import annotations

import io
import json
from typing import Any, Optional

import pytest

from common.retry import RetryClock
from probe import run_probe

FAKE_KEYS = {
    "OPENAI_API_KEY": "sk-test-FAKE-openai-0000",
    "ANTHROPIC_API_KEY": "sk-test-FAKE-anthropic-0000",
    "GOOGLE_API_KEY": "sk-test-FAKE-google-0000",
    "XAI_API_KEY": "sk-test-FAKE-xai-0000",
    "DEEPSEEK_API_KEY": "sk-test-FAKE-deepseek-0000",
    "MISTRAL_API_KEY": "sk-test-FAKE-mistral-0000",
}

URLS = {
    "openai": "https://api.openai.com/v1/chat/completions",
    "anthropic": "https://api.anthropic.com/v1/messages",
    "xai": "https://api.x.ai/v1/chat/completions",
    "deepseek": "https://api.deepseek.com/chat/completions",
    "mistral": "https://api.mistral.ai/v1/chat/completions",
}


def google_url(model: str) -> str:
    return f"https://generativelanguage.googleapis.com/v1beta/models/{model}:generateContent"


class FakeClock(RetryClock):
    """Monotonic and wall time that only move when told to (or when something 'sleeps')."""

    def __init__(self, start_wall: float = 1_795_000_000.0) -> None:
        self.now = 1000.0
        self.start_wall = start_wall
        self.sleeps: list[float] = []
        super().__init__(monotonic=lambda: self.now, wall=lambda: self.start_wall + self.now,
                         sleep=self._sleep)

    def _sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def env() -> dict[str, str]:
    return {**FAKE_KEYS, "PROBE_BACKOFF_SCALE": "0"}


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def make_input(model: str = "gpt-4o", **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "runId": "run-1", "scenarioId": "scn-1", "modelId": model,
        "scenario": {"preamble": "You are a careful assistant.", "prompt": "Should I tell the truth?",
                     "followups": [{"label": "why", "prompt": "Why?"}]},
        "config": {"temperature": 0.7, "maxTokens": 256, "maxTurns": 10},
    }
    data.update(overrides)
    return data


def run(data: Any, env: dict[str, str], clock: Optional[FakeClock] = None,
        logs: Optional[io.StringIO] = None) -> dict[str, Any]:
    raw = data if isinstance(data, bytes) else json.dumps(data, ensure_ascii=False).encode("utf-8")
    return run_probe(raw, env, clock=clock or FakeClock(), log_stream=logs or io.StringIO())


def openai_reply(text: str = "Yes.", model: str = "gpt-4o-2024-08-06", prompt_tokens: int = 12,
                 completion_tokens: int = 3, finish: str = "stop") -> dict[str, Any]:
    """An OpenAI chat completion as the API reference documents it."""
    return {
        "id": "chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT", "object": "chat.completion",
        "created": 1741569952, "model": model,
        "choices": [{"index": 0, "message": {"role": "assistant", "content": text,
                                             "refusal": None, "annotations": []},
                     "logprobs": None, "finish_reason": finish}],
        "usage": {"prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens,
                  "total_tokens": prompt_tokens + completion_tokens,
                  "prompt_tokens_details": {"cached_tokens": 0, "audio_tokens": 0},
                  "completion_tokens_details": {"reasoning_tokens": 0, "audio_tokens": 0,
                                                "accepted_prediction_tokens": 0,
                                                "rejected_prediction_tokens": 0}},
        "service_tier": "default", "system_fingerprint": "fp_fc9f1d7035",
    }


def sent_json(call: Any) -> Any:
    return json.loads(call.request.body)


@pytest.fixture(autouse=True)
def _forget_learned_drops():
    """Requests that heal (D4) remember refused parameters per process: each test starts afresh."""
    from common.healing import LEARNED
    LEARNED.clear()
    yield
    LEARNED.clear()
