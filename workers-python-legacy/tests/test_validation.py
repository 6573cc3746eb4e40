"""Input validation: every field's exact message, in the table's order, before any request."""
from __future__ import annotations

import copy

import pytest
import responses

from tests.conftest import make_input, run


def fails_with(data, env, message):
    out = run(data, env)
    assert out["success"] is False, out
    assert out["error"] == {"message": message, "code": "VALIDATION_ERROR", "retryable": False,
                            "details": None}
    assert "partialTranscript" not in out


def with_path(path: str, value):
    data = make_input()
    target = data
    keys = path.split(".")
    for key in keys[:-1]:
        target = target[key]
    if value is DELETE:
        target.pop(keys[-1], None)
    else:
        target[keys[-1]] = value
    return data


DELETE = object()

CASES = [
    ("runId", DELETE, "runId is required"),
    ("runId", None, "runId is required"),
    ("runId", 5, "runId must be a string"),
    ("runId", " \u3000\t", "runId must not be empty"),
    ("scenarioId", DELETE, "scenarioId is required"),
    ("scenarioId", [], "scenarioId must be a string"),
    ("scenarioId", "", "scenarioId must not be empty"),
    ("modelId", DELETE, "modelId is required"),
    ("modelId", True, "modelId must be a string"),
    ("modelId", "\u2028", "modelId must not be empty"),
    ("modelVersion", 3, "modelVersion must be a string"),
    ("scenario", DELETE, "scenario is required"),
    ("scenario", None, "scenario is required"),
    ("scenario", "x", "scenario must be an object"),
    ("scenario.preamble", 1, "scenario.preamble must be a string"),
    ("scenario.prompt", DELETE, "scenario.prompt is required"),
    ("scenario.prompt", {}, "scenario.prompt must be a string"),
    ("scenario.prompt", "\u00a0\u205f", "scenario.prompt must not be empty"),
    ("scenario.followups", {}, "scenario.followups must be an array"),
    ("scenario.followups", [None], "scenario.followups[0] must be an object"),
    ("scenario.followups", [{"prompt": "a"}, "b"], "scenario.followups[1] must be an object"),
    ("scenario.followups", [{"label": "x"}], "scenario.followups[0].prompt is required"),
    ("scenario.followups", [{"prompt": 1, "label": 2}], "scenario.followups[0].prompt must be a string"),
    ("scenario.followups", [{"prompt": "", "label": 2}], "scenario.followups[0].label must be a string"),
    ("config", DELETE, "config is required"),
    ("config", [], "config must be an object"),
    ("config.temperature", "0.5", "config.temperature must be a number between 0 and 2"),
    ("config.temperature", True, "config.temperature must be a number between 0 and 2"),
    ("config.temperature", 2.0001, "config.temperature must be a number between 0 and 2"),
    ("config.temperature", -0.1, "config.temperature must be a number between 0 and 2"),
    ("config.maxTokens", 0, "config.maxTokens must be an integer >= 1"),
    ("config.maxTokens", 1.0, "config.maxTokens must be an integer >= 1"),
    ("config.maxTokens", "5", "config.maxTokens must be an integer >= 1"),
    ("config.maxTokens", 2147483648, "config.maxTokens must be an integer >= 1"),
    ("config.maxTokens", False, "config.maxTokens must be an integer >= 1"),
    ("config.maxTurns", -1, "config.maxTurns must be an integer >= 1"),
    ("modelCost", 3, "modelCost must be an object"),
    ("modelCost", {"costOutputPerMillion": 1}, "modelCost.costInputPerMillion is required"),
    ("modelCost", {"costInputPerMillion": -1, "costOutputPerMillion": 1},
     "modelCost.costInputPerMillion must be a number >= 0"),
    ("modelCost", {"costInputPerMillion": 1, "costOutputPerMillion": None},
     "modelCost.costOutputPerMillion is required"),
    ("modelCost", {"costInputPerMillion": 1, "costOutputPerMillion": "2"},
     "modelCost.costOutputPerMillion must be a number >= 0"),
    ("modelConfig", [1], "modelConfig must be an object"),
]


@pytest.mark.parametrize("path,value,message", CASES)
@responses.activate
def test_each_field_gets_its_exact_message(env, path, value, message):
    fails_with(with_path(path, value), env, message)
    assert len(responses.calls) == 0


def test_first_failure_in_table_order_wins(env):
    data = make_input()
    data.pop("runId")
    data["config"] = "nope"
    data["scenario"]["prompt"] = ""
    fails_with(data, env, "runId is required")
    data["runId"] = "r"
    fails_with(data, env, "scenario.prompt must not be empty")
    data["scenario"]["prompt"] = "p"
    fails_with(data, env, "config must be an object")


def test_config_order_is_temperature_then_max_tokens_then_max_turns(env):
    data = make_input()
    data["config"] = {"temperature": 3, "maxTokens": 0, "maxTurns": 0}
    fails_with(data, env, "config.temperature must be a number between 0 and 2")
    data["config"]["temperature"] = 1
    fails_with(data, env, "config.maxTokens must be an integer >= 1")


def test_followups_past_max_turns_are_still_validated(env):
    data = make_input()
    data["config"]["maxTurns"] = 1
    data["scenario"]["followups"] = [{"prompt": "a"}, {"prompt": "b"}, {"prompt": 5}]
    fails_with(data, env, "scenario.followups[2].prompt must be a string")


@responses.activate
def test_nulls_count_as_absent_and_defaults_apply(env):
    from tests.conftest import URLS, openai_reply, sent_json
    responses.post(URLS["openai"], json=openai_reply())
    data = make_input(modelVersion=None, modelCost=None, modelConfig=None, definitionSnapshot=[1, {"a": None}])
    data["scenario"] = {"prompt": "p", "preamble": None, "followups": None}
    data["config"] = {"temperature": None, "maxTokens": None, "maxTurns": None, "extra": "ignored"}
    data["unknownField"] = {"deep": True}
    out = run(data, env)
    assert out["success"] is True
    body = sent_json(responses.calls[0])
    assert body["temperature"] == 0.7 and body["max_tokens"] == 1024
    assert body["messages"] == [{"role": "user", "content": "p"}]


@responses.activate
def test_boundary_values_are_accepted(env):
    from tests.conftest import URLS, openai_reply, sent_json
    responses.post(URLS["openai"], json=openai_reply())
    data = make_input(modelVersion="  ")
    data["config"] = {"temperature": 2, "maxTokens": 2147483647, "maxTurns": 1}
    out = run(data, env)
    assert out["success"] is True
    body = sent_json(responses.calls[0])
    # Accepted; the limit sent is capped at gpt-4o's maximum output (DECISIONS D14).
    assert body["temperature"] == 2 and body["max_tokens"] == 16384
    assert out["transcript"]["turns"][0]["providerMetadata"]["parameters"]["dropped"] == [
        {"name": "maxTokens", "reason": "capped at 16384, the most gpt-4o can output"}]
    assert out["transcript"]["modelVersion"] == "gpt-4o-2024-08-06"


def test_unsupported_provider_and_missing_key(env):
    out = run(make_input("llama-3-70b"), env)
    assert out["error"] == {
        "message": "cannot tell the provider of model 'llama-3-70b': use a known model name or "
                   "a prefix such as 'openai:'",
        "code": "UNSUPPORTED_PROVIDER", "retryable": False, "details": None}
    out = run(make_input(" gpt-4o"), env)
    assert out["error"]["code"] == "UNSUPPORTED_PROVIDER"
    env.pop("OPENAI_API_KEY")
    out = run(make_input(), env)
    assert out["error"] == {"message": "OPENAI_API_KEY is not set", "code": "MISSING_API_KEY",
                            "retryable": False, "details": None}
    env["ANTHROPIC_API_KEY"] = ""
    assert run(make_input("claude-3"), env)["error"]["message"] == "ANTHROPIC_API_KEY is not set"
    env.pop("GOOGLE_API_KEY")
    assert run(make_input("gemini-pro"), env)["error"]["message"] == "GOOGLE_API_KEY is not set"


def test_anthropic_temperature_above_one_is_rejected_before_the_key(env):
    env.pop("ANTHROPIC_API_KEY")
    data = make_input("claude-3-5-sonnet")
    data["config"]["temperature"] = 1.5
    fails_with(data, env, "config.temperature must be between 0 and 1 for anthropic")
    data = copy.deepcopy(data)
    data["config"]["temperature"] = 1
    assert run(data, env)["error"]["code"] == "MISSING_API_KEY"
