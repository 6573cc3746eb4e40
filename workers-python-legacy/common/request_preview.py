"""The request body a probe would send, without sending it: for `probe models`-style checks and
the tests that validate every body the profile table can produce (DECISIONS D14)."""
from __future__ import annotations

import json
from typing import Any, Mapping, Optional

from common.llm_adapters import adapter
from common.model_config import resolve_options
from common.parameter_plan import Plan, plan_for
from common.validation import parse_and_validate

MESSAGES = [{"role": "system", "content": "Answer briefly."}, {"role": "user", "content": "Do you pull the lever?"}]


def preview(provider: str, model: str, model_config: Optional[dict[str, Any]] = None, *,
            temperature: float = 0.7, max_tokens: int = 1024,
            env: Optional[Mapping[str, str]] = None) -> tuple[dict[str, Any], Plan]:
    """(body, plan) for one turn of `model` on `provider` with config and modelConfig as given.
    Raises ProbeError for an unusable profile file."""
    raw = {"runId": "preview", "scenarioId": "preview", "modelId": f"{provider}:{model}",
           "scenario": {"prompt": MESSAGES[1]["content"]},
           "config": {"temperature": temperature, "maxTokens": max_tokens}, "modelConfig": model_config or {}}
    probe = parse_and_validate(json.dumps(raw).encode())
    plan = plan_for(provider, model, resolve_options(provider, probe, lambda *a, **k: None), env or {})
    request = adapter(provider, plan.options.endpoint).build_request(provider, model, MESSAGES, plan.options, "https://example.invalid",
                                               "sk-test-FAKE-preview")
    return request.body, plan
