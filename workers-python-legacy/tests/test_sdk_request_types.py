"""Every request body the builders can produce (every model of the profile table, else a fixed
list of today's ids, × a grid of modelConfig values, each a two-turn probe) is validated
against the official SDKs' request types (sdk_types.py) and checked against the rules the types
cannot express (provider_rules.py). No case is exempt.

The SDKs are test-only (requirements-sdk.txt, installed by scripts/test). Without them this
module is skipped, unless PROBE_REQUIRE_SDKS=1 (scripts/test sets it), which makes it fail."""
from __future__ import annotations

import os
from typing import Any

import pytest

try:
    from pydantic import ValidationError

    from tests import sdk_types
except ImportError as missing:  # pragma: no cover - depends on the environment
    if os.environ.get("PROBE_REQUIRE_SDKS") == "1":
        raise
    pytest.skip(f"the SDKs of requirements-sdk.txt are not installed ({missing})", allow_module_level=True)

from tests import provider_rules
from tests.sdk_bodies import CONFIG_MAX_TOKENS, GRID, Model, models, sent

PROVIDERS = {"openai", "anthropic", "google", "xai", "deepseek", "mistral"}


def _sdk_cases() -> list[Any]:
    cases = []
    for model in models():
        for config_name, config in GRID.items():
            for sdk_type in _types_of(model):
                cases.append(pytest.param(model, config, sdk_type, id=f"{model.model_id}-{config_name}-{sdk_type}"))
    return cases


def _types_of(model: Model) -> tuple[str, ...]:
    """The SDK types for the model's endpoint (chat or Responses: known from a request's URL)."""
    return sdk_types.types_for(model.provider, sent(model, {})[0].url)


def _rule_cases() -> list[Any]:
    cases = []
    for model in models():
        for config_name, config in GRID.items():
            cases.append(pytest.param(model, config, id=f"{model.model_id}-{config_name}"))
    return cases


def test_every_provider_has_models_and_every_model_two_bodies():
    covered = {model.provider for model in models()}
    assert covered == PROVIDERS
    assert len(GRID) >= 20


@pytest.mark.parametrize("model,config,sdk_type", _sdk_cases())
def test_body_matches_the_sdk_request_type(model, config, sdk_type):
    for request in sent(model, config):
        assert sdk_type in sdk_types.types_for(model.provider, request.url)
        sdk_types.VALIDATORS[sdk_type](request.body)


@pytest.mark.parametrize("model,config", _rule_cases())
def test_body_keeps_the_provider_rules(model, config):
    broken: set[str] = set()
    for request in sent(model, config):
        broken |= set(provider_rules.violations(model.provider, model.name, request.body, config, CONFIG_MAX_TOKENS))
    assert [rule for rule, _ in provider_rules.RULES if rule in broken] == []
