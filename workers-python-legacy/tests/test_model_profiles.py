"""DECISIONS D14: the profile table and the rules the SDK request types cannot express
(exclusive pairs, budget ranges, refused fields, room to answer), over every shipped profile
and a grid of modelConfig values."""
from __future__ import annotations

import itertools
import json

import pytest

from common.errors import ProbeError
from common.profiles import SHIPPED, ModelProfileError, decode, load
from common.request_preview import preview

TABLE = load({})
GRID = [
    {}, {"temperature": 0}, {"temperature": 1}, {"topP": 0.9}, {"topP": 0.97, "temperature": 0.3},
    {"frequencyPenalty": 0.5, "presencePenalty": -0.5}, {"stopSequences": ["END"]}, {"seed": 42},
    {"maxTokens": 300}, {"maxTokens": None}, {"maxTokens": 500000},
    {"maxTokensParam": "max_completion_tokens"}, {"maxTokensParam": "max_tokens"},
    *({"reasoningEffort": e} for e in ("none", "minimal", "low", "medium", "high", "xhigh", "max")),
    *({"thinkingBudget": b} for b in (-1, 0, 100, 1024, 5000, 20000, 40000)),
    {"thinkingBudget": 4000, "reasoningEffort": "low"}, {"thinkingBudget": 2000, "maxTokens": 1500},
    {"thinkingBudget": 2048, "temperature": 1, "topP": 0.5},
]


def model_name(profile) -> str:
    return profile.prefix + ("-test" if profile.prefix else {
        "openai": "gpt-unknown", "anthropic": "claude-unknown", "google": "gemini-unknown",
        "xai": "grok-unknown", "deepseek": "deepseek-unknown", "mistral": "mistral-unknown"}[profile.provider])


def all_bodies():
    for profile, config in itertools.product(TABLE.profiles, GRID):
        model = model_name(profile)
        if TABLE.lookup(profile.provider, model) != profile:
            continue
        body, plan = preview(profile.provider, model, config)
        yield profile, config, body, plan


BODIES = list(all_bodies())


def test_the_shipped_table_has_a_default_per_provider_and_no_duplicates():
    providers = {p.provider for p in TABLE.profiles}
    assert providers == {"openai", "anthropic", "google", "xai", "deepseek", "mistral"}
    for provider in providers:
        assert TABLE.lookup(provider, "no-such-model-xyz").prefix == ""
    keys = [(p.provider, p.prefix) for p in TABLE.profiles]
    assert len(keys) == len(set(keys))
    assert len(BODIES) > 1500


def test_every_limit_sent_is_within_the_models_maximum():
    for profile, config, body, plan in BODIES:
        limit = body.get("max_tokens", body.get("max_completion_tokens", body.get(
            "max_output_tokens", body.get("generationConfig", {}).get("maxOutputTokens"))))
        if limit is not None:
            assert 1 <= limit <= profile.max_output, (profile.prefix, config)
        if config.get("maxTokens") and config["maxTokens"] <= profile.max_output:
            assert limit == config["maxTokens"], "an explicit maxTokens is sent as given"


def test_refused_sampling_fields_are_never_sent():
    for profile, config, body, plan in BODIES:
        flat = {**body, **body.get("generationConfig", {})}
        if profile.temperature == "none":
            assert "temperature" not in flat, (profile.prefix, config)
        if profile.temperature == "one":
            assert flat.get("temperature", 1) == 1
        if not profile.top_p:
            assert "top_p" not in flat and "topP" not in flat
        if profile.exclusive_sampling:
            assert not ("temperature" in body and "top_p" in body), (profile.prefix, config)
        if not profile.penalties:
            assert not {"frequency_penalty", "presence_penalty", "frequencyPenalty", "presencePenalty"} & set(flat)
        if not profile.stop:
            assert "stop" not in body
        if profile.seed is None:
            assert "seed" not in flat and "random_seed" not in body
        if profile.provider == "mistral":
            assert "seed" not in body and "max_completion_tokens" not in body
        if profile.provider in ("openai", "xai", "deepseek", "mistral"):
            fields = {"max_tokens", "max_completion_tokens"} & set(body)
            assert fields <= set(profile.limit_fields)


def test_reasoning_settings_stay_within_what_the_model_takes():
    for profile, config, body, plan in BODIES:
        effort = body.get("reasoning_effort") or body.get("output_config", {}).get("effort") \
            or body.get("generationConfig", {}).get("thinkingConfig", {}).get("thinkingLevel")
        if effort is not None:
            assert effort in profile.efforts, (profile.prefix, config)
        thinking = body.get("thinking")
        if thinking is not None:
            if thinking["type"] == "enabled":
                assert profile.reasoning == "anthropic-budget" or profile.manual_budget
                assert 1024 <= thinking["budget_tokens"] < body["max_tokens"]
            else:
                assert thinking == {"type": "adaptive", "display": "summarized"}
                assert profile.reasoning == "anthropic-adaptive"
            assert body.get("temperature", 1) == 1 and body.get("top_p", 1) >= 0.95
        google = body.get("generationConfig", {}).get("thinkingConfig", {})
        if "thinkingBudget" in google:
            budget, rng = google["thinkingBudget"], profile.budget
            assert (budget == 0 and rng["off"]) or (budget == -1 and rng["dynamic"]) \
                or rng["min"] <= budget <= rng["max"], (profile.prefix, config)
            assert "thinkingLevel" not in google


def test_the_record_names_what_went_on_the_wire():
    for profile, config, body, plan in BODIES:
        sent = plan.record["sent"]
        flat = {**body, **body.get("generationConfig", {})}
        assert sent.get("temperature") == flat.get("temperature")
        assert sent.get("topP") == flat.get("top_p", flat.get("topP"))
        asked = {k for k, v in config.items() if v is not None} - {"maxTokens"}
        named = set(sent) | {d["name"] for d in plan.record["dropped"]}
        assert asked <= named | {"maxTokensParam"}, (profile.prefix, config, plan.record)


@pytest.mark.parametrize("model, config, wanted, absent", [
    ("claude-opus-4-7", {"thinkingBudget": 5000}, {"thinking": {"type": "adaptive", "display": "summarized"},
                                                   "output_config": {"effort": "medium"}}, ["temperature"]),
    ("claude-opus-4-8", {"temperature": 0}, {}, ["temperature", "thinking"]),
    ("claude-sonnet-4-5", {"topP": 0.9}, {"top_p": 0.9}, ["temperature"]),
    ("claude-haiku-4-5", {"thinkingBudget": 0}, {"temperature": 0.7}, ["thinking"]),
    ("claude-sonnet-4-20250514", {"thinkingBudget": 50000, "maxTokens": 4000}, {"max_tokens": 4000}, ["thinking"]),
])
def test_issue_examples_for_anthropic(model, config, wanted, absent):
    body, _ = preview("anthropic", model, config)
    for key, value in wanted.items():
        assert body[key] == value
    for key in absent:
        assert key not in body


@pytest.mark.parametrize("provider, model, config, wanted, absent", [
    ("mistral", "mistral-large-latest", {"seed": 5}, {"random_seed": 5}, ["seed"]),
    ("openai", "gpt-5", {"reasoningEffort": "none", "topP": 0.5}, {}, ["reasoning_effort", "top_p", "temperature"]),
    ("openai", "gpt-5.1", {"reasoningEffort": "none"}, {"reasoning_effort": "none"}, []),
    ("openai", "o3", {"stopSequences": ["x"], "presencePenalty": 1}, {}, ["stop", "presence_penalty"]),
    ("xai", "grok-4-0709", {"reasoningEffort": "low", "stopSequences": ["x"]}, {}, ["reasoning_effort", "stop"]),
    ("xai", "grok-3-mini", {"reasoningEffort": "high"}, {"reasoning_effort": "high"}, []),
])
def test_issue_examples_for_chat_completions(provider, model, config, wanted, absent):
    body, _ = preview(provider, model, config)
    for key, value in wanted.items():
        assert body[key] == value
    for key in absent:
        assert key not in body


def test_gemini_budgets_follow_each_models_range():
    pro, _ = preview("google", "gemini-2.5-pro", {"thinkingBudget": 0})
    assert pro["generationConfig"]["thinkingConfig"] == {"includeThoughts": True}
    flash, _ = preview("google", "gemini-2.5-flash", {"thinkingBudget": 0})
    assert flash["generationConfig"]["thinkingConfig"] == {"thinkingBudget": 0}
    dynamic, _ = preview("google", "gemini-2.5-pro", {"thinkingBudget": -1})
    assert dynamic["generationConfig"]["thinkingConfig"] == {"thinkingBudget": -1, "includeThoughts": True}
    level, _ = preview("google", "gemini-3-pro-preview", {"reasoningEffort": "high"})
    assert level["generationConfig"]["thinkingConfig"] == {"thinkingLevel": "high", "includeThoughts": True}


def test_room_to_answer_adds_the_allowance_or_the_budget_for_models_that_reason():
    assert preview("openai", "gpt-5", {}, max_tokens=1024)[0]["max_completion_tokens"] == 1024 + 8192
    assert preview("openai", "gpt-4o", {}, max_tokens=1024)[0]["max_tokens"] == 1024
    assert preview("google", "gemini-2.5-flash", {"thinkingBudget": 3000})[0]["generationConfig"]["maxOutputTokens"] == 4024
    assert preview("deepseek", "deepseek-reasoner", {})[0]["max_tokens"] == 1024 + 16384
    assert preview("anthropic", "claude-sonnet-4-5", {"thinkingBudget": 2000})[0]["max_tokens"] == 3024
    assert preview("openai", "gpt-5", {"maxTokens": 700})[0]["max_completion_tokens"] == 700


def entry(**changes):
    base = {"provider": "openai", "prefix": "gpt-9", "family": "test", "endpoint": "chat", "maxOutput": 4000,
            "limitFields": ["max_tokens"], "temperature": "any", "topP": True, "exclusiveSampling": False,
            "penalties": True, "stop": True, "seed": "seed", "reasoning": "none", "efforts": [], "budget": None,
            "manualBudget": False, "reasonsByDefault": False, "reasoningAllowance": 0, "source": "test"}
    base.update(changes)
    return {k: v for k, v in base.items() if v != "<drop>"}


@pytest.mark.parametrize("changes, message", [
    ({"maxOutput": 0}, 'profiles[0] (openai "gpt-9"): maxOutput must be an integer >= 1'),
    ({"temperature": "cold"}, 'profiles[0] (openai "gpt-9"): temperature must be one of any, one, none'),
    ({"limitFields": []}, "limitFields must name at least one field for openai"),
    ({"seed": "randomSeed"}, 'seed must be "seed", "random_seed" or null'),
    ({"reasoning": "openai-effort"}, "efforts must list the accepted values for reasoning openai-effort"),
    ({"efforts": ["extreme"]}, "efforts 'extreme' is not one of none, minimal, low, medium, high, xhigh, max"),
    ({"endpoint": "responses", "provider": "xai"}, "endpoint responses is only for openai"),
    ({"reasoning": "gemini-budget", "provider": "google", "limitFields": []}, "budget must be an object"),
    ({"source": "<drop>"}, "source is required"),
    ({"budget": {"min": 10, "max": 5, "off": False, "dynamic": False}}, "budget.max must be an integer >= 10"),
])
def test_a_bad_overlay_entry_names_the_file_the_entry_and_the_field(tmp_path, changes, message):
    path = tmp_path / "mine.json"
    path.write_text(json.dumps({"profiles": [entry(**changes)]}))
    with pytest.raises(ModelProfileError) as caught:
        load({"PROBE_MODELS_FILE": str(path)})
    assert str(caught.value).startswith(f"model profiles file {path}: ")
    assert message in str(caught.value)


def test_bad_files_as_a_whole(tmp_path):
    for text, problem in (("{", "not valid JSON"), ("[]", "the top level must be an object"),
                          ('{"profiles": 3}', '"profiles" must be an array'),
                          ('{"profiles": [1]}', "profiles[0]: must be an object")):
        with pytest.raises(ModelProfileError, match="model profiles file .*" + problem.replace("[", r"\[").replace("]", r"\]")):
            decode(text.encode(), "f.json")
    with pytest.raises(ModelProfileError, match="cannot be read"):
        load({"PROBE_MODELS_FILE": str(tmp_path / "missing.json")})
    twice = json.dumps({"profiles": [entry(), entry()]}).encode()
    with pytest.raises(ModelProfileError, match=r'profiles\[1\] \(openai "gpt-9"\): prefix is listed twice'):
        decode(twice, "f.json")


def test_an_overlay_replaces_and_adds_profiles(tmp_path):
    path = tmp_path / "mine.json"
    path.write_text(json.dumps({"profiles": [entry(), entry(prefix="gpt-4o", maxOutput=1000)]}))
    table = load({"PROBE_MODELS_FILE": str(path)})
    assert table.lookup("openai", "gpt-9-turbo").family == "test"
    assert table.lookup("openai", "gpt-4o-mini").max_output == 1000
    assert len(table.profiles) == len(TABLE.profiles) + 1


def test_a_probe_with_a_bad_overlay_fails_validation_before_any_request(tmp_path):
    from tests.conftest import FAKE_KEYS
    from probe import run_probe
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({"profiles": [entry(maxOutput=-1)]}))
    raw = json.dumps({"runId": "r", "scenarioId": "s", "modelId": "gpt-4o", "scenario": {"prompt": "p"},
                      "config": {}}).encode()
    out = run_probe(raw, {**FAKE_KEYS, "PROBE_MODELS_FILE": str(path), "OPENAI_BASE_URL": "http://127.0.0.1:9"})
    assert out["error"]["code"] == "VALIDATION_ERROR" and out["error"]["retryable"] is False
    assert out["error"]["message"] == (f'model profiles file {path}: profiles[0] (openai "gpt-9"): '
                                       "maxOutput must be an integer >= 1")


def test_the_shipped_file_is_the_one_swift_reads():
    assert SHIPPED.parts[-3:] == ("ProbeEngine", "Resources", "model-profiles.json")
    assert decode(SHIPPED.read_bytes(), str(SHIPPED)) == TABLE.profiles
    with pytest.raises(ProbeError):
        preview("openai", "gpt-4o", env={"PROBE_MODELS_FILE": "/nonexistent/x.json"})
