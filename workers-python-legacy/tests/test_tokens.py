"""Token counts: exact BPE for openai from the committed vocabularies and model table, the
estimate elsewhere, the fallback when a vocabulary is missing or corrupt."""
from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import responses

from common import tokens
from tests.conftest import URLS, make_input, run

WORKER = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("model,encoding", [
    ("gpt-4o", "o200k_base"), ("gpt-4o-mini", "o200k_base"), ("gpt-4", "cl100k_base"),
    ("gpt-4-turbo", "cl100k_base"), ("gpt-3.5-turbo-0125", "cl100k_base"), ("o1", "o200k_base"),
    ("o3-mini", "o200k_base"), ("gpt-5-nano", "o200k_base"), ("ft:gpt-4o-mini:org:x", "o200k_base"),
    ("ft:gpt-4:org", "cl100k_base"), ("chatgpt-4o-latest", "o200k_base"), ("o4-mini", "o200k_base"),
    ("text-davinci-003", "cl100k_base"), ("GPT-4o", "cl100k_base"), ("o3", "o200k_base"),
])
def test_encoding_comes_from_the_committed_table(model, encoding):
    table = tokens.load_table(tokens.DEFAULT_RESOURCES)
    assert tokens.encoding_name(model, table) == encoding


def test_exact_counts_match_known_tiktoken_ids():
    cl100k = tokens.load_encoding("cl100k_base", tokens.DEFAULT_RESOURCES)
    assert cl100k.encode_ordinary("tiktoken is great!") == [83, 1609, 5963, 374, 2294, 0]
    assert cl100k.encode_ordinary("hello world") == [15339, 1917]
    o200k = tokens.load_encoding("o200k_base", tokens.DEFAULT_RESOURCES)
    assert o200k.encode_ordinary("hello world") == [24912, 2375]
    assert o200k.encode_ordinary("<|endoftext|>") != [199999]  # specials are ordinary text


def test_estimate_rule():
    assert [tokens.estimate(t) for t in ("", "a", "abcd", "abcdefgh", "😀" * 9)] == [0, 1, 1, 2, 2]


@responses.activate
def test_openai_counts_exactly_when_usage_is_missing(env):
    responses.post(URLS["openai"], json={"choices": [{"message": {"content": "hello world"},
                                                      "finish_reason": "stop"}]})
    data = make_input("gpt-4")
    data["scenario"] = {"preamble": "tiktoken is great!", "prompt": "hello world"}
    turn = run(data, env)["transcript"]["turns"][0]
    assert (turn["inputTokens"], turn["outputTokens"]) == (8, 2)
    assert turn["providerMetadata"]["tokensEstimated"] is True


@responses.activate
def test_corrupt_vocabulary_falls_back_to_the_estimate(env, tmp_path):
    for name in ("models.json", "cl100k_base.tiktoken"):
        shutil.copy(tokens.DEFAULT_RESOURCES / name, tmp_path / name)
    (tmp_path / "cl100k_base.tiktoken").write_bytes(b"garbage")
    env["PROBE_TIKTOKEN_DIR"] = str(tmp_path)
    responses.post(URLS["openai"], json={"choices": [{"message": {"content": "abcdefgh"}}]})
    data = make_input("gpt-4")
    data["scenario"] = {"prompt": "abcd"}
    logs = io.StringIO()
    turn = run(data, env, logs=logs)["transcript"]["turns"][0]
    assert (turn["inputTokens"], turn["outputTokens"]) == (1, 2)
    errors = [json.loads(line) for line in logs.getvalue().splitlines()]
    assert any(e["level"] == "error" and "sha256" in e["reason"] for e in errors)


def test_missing_table_is_reported():
    report = tokens.check_tokenizer({"PROBE_TIKTOKEN_DIR": "/nonexistent/dir"})
    assert report["ok"] is False and "models.json" in report["error"]
    assert tokens.check_tokenizer({})["ok"] is True


def test_rejected_input_never_loads_requests_or_tiktoken():
    code = ("import sys; sys.path.insert(0, %r); from probe import run_probe; "
            "out = run_probe(b'{}', {}); "
            "print(out['success'], 'tiktoken' in sys.modules, 'requests' in sys.modules)") % str(WORKER)
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.split() == ["False", "False", "False"]
