"""The probe loop: labels, skipped followups, maxTurns, empty replies, modelVersion, tokens
estimated, modelConfig and modelCost."""
from __future__ import annotations

import io
import json

import responses

from tests.conftest import URLS, make_input, openai_reply, run, sent_json

OPENAI = URLS["openai"]


@responses.activate
def test_labels_skips_and_max_turns(env):
    for i in range(5):
        responses.post(OPENAI, json=openai_reply(f"r{i}"))
    data = make_input()
    data["scenario"]["followups"] = [{"prompt": "a", "label": ""}, {"prompt": " \u3000"},
                                     {"prompt": "c", "label": "  "}, {"prompt": "d", "label": "D"},
                                     {"prompt": "e"}]
    data["config"]["maxTurns"] = 4
    out = run(data, env)
    turns = out["transcript"]["turns"]
    assert [t["promptLabel"] for t in turns] == ["scenario_prompt", "followup_1", "  ", "D"]
    assert [t["turnNumber"] for t in turns] == [1, 2, 3, 4]
    assert len(responses.calls) == 4


@responses.activate
def test_empty_reply_ends_the_probe_successfully(env):
    responses.post(OPENAI, json=openai_reply(" \n", finish="content_filter"))
    out = run(make_input(), env)
    assert out["success"] is True
    turns = out["transcript"]["turns"]
    assert len(turns) == 1 and turns[0]["targetResponse"] == ""
    assert turns[0]["providerMetadata"]["finishReason"] == "content_filter"
    assert len(responses.calls) == 1


@responses.activate
def test_null_content_and_missing_usage_are_estimated(env):
    reply = {"choices": [{"message": {"content": None, "refusal": None},
                          "finish_reason": "length"}], "usage": {"prompt_tokens": 5.0}}
    responses.post(URLS["mistral"], json=reply)
    data = make_input("mistral-large-latest")
    data["scenario"]["preamble"] = "abcdefgh"  # 8 code points → 2
    data["scenario"]["prompt"] = "abc"          # → 1 (at least one)
    out = run(data, env)
    turn = out["transcript"]["turns"][0]
    assert turn["inputTokens"] == 3 and turn["outputTokens"] == 0
    meta = turn["providerMetadata"]
    assert meta["tokensEstimated"] is True and meta["finishReason"] == "max_tokens"
    assert meta["raw"] == {"finish_reason": "length", "refusal": None}
    assert out["transcript"]["modelVersion"] is None


@responses.activate
def test_model_version_falls_back_to_the_requested_snapshot(env):
    reply = openai_reply()
    reply["model"] = ""
    responses.post(OPENAI, json=reply)
    responses.post(OPENAI, json=openai_reply(model="late-model"))
    out = run(make_input("openai:GPT-4o", modelVersion="gpt-4o-2024-11-20"), env)
    assert sent_json(responses.calls[0])["model"] == "gpt-4o-2024-11-20"
    assert out["transcript"]["modelVersion"] == "late-model"
    responses.calls.reset()


@responses.activate
def test_requested_version_when_no_turn_reports_one(env):
    reply = openai_reply()
    del reply["model"]
    responses.post(OPENAI, json=reply)
    data = make_input("gpt-4o", modelVersion="gpt-4o-2024-11-20")
    data["scenario"]["followups"] = []
    assert run(data, env)["transcript"]["modelVersion"] == "gpt-4o-2024-11-20"


@responses.activate
def test_cost_snapshot_over_totals(env):
    responses.post(OPENAI, json=openai_reply(prompt_tokens=1000, completion_tokens=500))
    responses.post(OPENAI, json=openai_reply(prompt_tokens=2000, completion_tokens=250))
    out = run(make_input(modelCost={"costInputPerMillion": 2.5, "costOutputPerMillion": 10}), env)
    assert out["transcript"]["costSnapshot"] == {
        "costInputPerMillion": 2.5, "costOutputPerMillion": 10, "inputTokens": 3000,
        "outputTokens": 750, "estimatedCost": (3000 / 1e6) * 2.5 + (750 / 1e6) * 10}


@responses.activate
def test_invalid_model_config_values_are_ignored_with_warnings(env):
    responses.post(URLS["anthropic"], json={"content": [{"type": "text", "text": "ok"}, "junk",
                                                        {"type": "text", "text": 5}],
                                            "stop_reason": "refusal", "usage": {}})
    logs = io.StringIO()
    data = make_input("claude-3-opus", modelConfig={
        "temperature": 1.5, "maxTokens": 0, "topP": 2, "stopSequences": [], "seed": 3,
        "frequencyPenalty": 0.1, "maxTokensParam": "max_tokens", "reasoningEffort": "high",
        "thinkingBudget": -1, "whatever": 1})
    data["scenario"]["followups"] = []
    out = run(data, env, logs=logs)
    body = sent_json(responses.calls[0])
    assert body == {"model": "claude-3-opus", "system": "You are a careful assistant.",
                    "messages": [{"role": "user", "content": "Should I tell the truth?"}],
                    "max_tokens": 256, "temperature": 0.7}
    lines = [json.loads(line) for line in logs.getvalue().splitlines()]
    warned = {line.get("key") for line in lines}
    assert {"temperature", "maxTokens", "topP", "stopSequences", "maxTokensParam"} <= warned
    assert "whatever" not in warned
    # Valid values the model does not take: one warn line for the probe (DECISIONS D14).
    dropped = [line["dropped"] for line in lines if line.get("msg") == "settings not sent as given"]
    assert len(dropped) == 1
    for name in ("seed", "frequencyPenalty", "reasoningEffort", "thinkingBudget"):
        assert f"{name}: claude-3-opus does not accept {name}" in dropped[0]
    turn = out["transcript"]["turns"][0]
    assert turn["providerMetadata"]["finishReason"] == "refusal"
    assert turn["providerMetadata"]["tokensEstimated"] is True


@responses.activate
def test_model_config_overrides_config(env):
    responses.post(URLS["anthropic"], json={"content": [], "stop_reason": "end_turn"})
    data = make_input("claude-3-opus", modelConfig={"temperature": 0, "maxTokens": 77})
    data["scenario"]["followups"] = []
    run(data, env)
    body = sent_json(responses.calls[0])
    assert body["temperature"] == 0 and body["max_tokens"] == 77


@responses.activate
def test_logs_carry_probe_ids_and_never_keys(env):
    env["PROBE_LOG_LEVEL"] = "debug"
    responses.post(OPENAI, json=openai_reply(f"echo {env['OPENAI_API_KEY']}"))
    logs = io.StringIO()
    data = make_input()
    data["scenario"]["followups"] = []
    run(data, env, logs=logs)
    lines = [json.loads(line) for line in logs.getvalue().splitlines()]
    assert lines and all(line["runId"] == "run-1" and line["modelId"] == "gpt-4o" for line in lines)
    assert all(line["context"] == "probe" and isinstance(line["time"], int) for line in lines)
    assert "sk-test" not in logs.getvalue()


def test_log_thresholds():
    from common.logging import LEVELS, threshold_from_env
    assert threshold_from_env({}) == LEVELS["info"]
    assert threshold_from_env({"PYTHON_WORKER_DEBUG": "1"}) == LEVELS["debug"]
    assert threshold_from_env({"PYTHON_WORKER_DEBUG": "1", "PROBE_LOG_LEVEL": "warn"}) == LEVELS["warn"]
    assert threshold_from_env({"PROBE_LOG_LEVEL": "loud"}) == LEVELS["info"]
