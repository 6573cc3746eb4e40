"""The thin command lines: probe.py, health_check.py, analyze_basic.py, bench_startup.py."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import analyze_basic
import health_check

WORKER = Path(__file__).resolve().parents[1]


def spawn(script: str, stdin: bytes, env: dict[str, str] | None = None, *args: str):
    return subprocess.run([sys.executable, str(WORKER / script), *args], input=stdin,
                          capture_output=True, env=env or {"PATH": os.environ.get("PATH", "")})


def test_probe_cli_prints_one_line_and_exits_zero_on_failure():
    result = spawn("probe.py", b"{}")
    assert result.returncode == 0
    assert result.stdout == (b'{"success":false,"error":{"message":"runId is required",'
                             b'"code":"VALIDATION_ERROR","retryable":false,"details":null}}\n')
    assert json.loads(result.stderr.splitlines()[0])["level"] == "warn"


def test_probe_cli_reports_unicode_in_utf8():
    data = {"runId": "r", "scenarioId": "s", "modelId": "模型", "scenario": {"prompt": "p"}, "config": {}}
    result = spawn("probe.py", json.dumps(data).encode())
    assert "cannot tell the provider of model '模型'" in result.stdout.decode("utf-8")


def test_health_reports_keys_without_values():
    report = health_check.health({"OPENAI_API_KEY": "sk-test-FAKE-1", "GEMINI_API_KEY": "sk-test-FAKE-2",
                                  "XAI_BASE_URL": "http://127.0.0.1:1/"})
    assert report["success"] is True
    providers = report["health"]["providers"]
    assert providers["openai"]["apiKey"] is True and providers["google"]["apiKey"] is True
    assert providers["xai"] == {"apiKey": False, "baseURL": "http://127.0.0.1:1"}
    assert "ANTHROPIC_API_KEY is not set" in report["health"]["warnings"]
    assert "sk-test" not in json.dumps(report)
    assert report["health"]["apiKeys"]["openai"] is True and report["health"]["apiKeys"]["anthropic"] is False
    assert isinstance(report["health"]["pythonVersion"], str) and "error" not in report
    broken = health_check.health({"PROBE_TIKTOKEN_DIR": "/nonexistent"})
    assert broken["success"] is False
    assert broken["error"]["code"] == "UNKNOWN" and broken["error"]["retryable"] is True


def test_health_cli():
    result = spawn("health_check.py", b"")
    assert result.returncode == 0 and json.loads(result.stdout)["success"] is True


def test_analyze_stub_answers_a_placeholder():
    out = analyze_basic.analyze(b'{"runId":"run-9","probes":[]}')
    assert out["success"] is True and out["analysis"]["runId"] == "run-9"
    assert analyze_basic.analyze(b"[]")["error"]["message"] == "input must be a JSON object"
    assert analyze_basic.analyze(b"{}")["error"]["message"] == "runId is required"
    assert analyze_basic.analyze(b'{"runId":1}')["error"]["message"] == "runId must be a string"
    assert analyze_basic.analyze(b'{"runId":" "}')["error"]["message"] == "runId must not be empty"
    result = spawn("analyze_basic.py", b'{"runId":"x"}')
    assert json.loads(result.stdout)["analysis"]["status"] == "not_implemented"


def test_bench_measures_any_command():
    result = subprocess.run([sys.executable, str(WORKER / "bench_startup.py"), "--runs", "2",
                             "--warmup", "0", "--", sys.executable, "-c", "print('{}')"],
                            capture_output=True, text=True, check=True)
    assert "wall median:" in result.stdout and "peak RSS:" in result.stdout


def test_sigterm_during_a_request_prints_cancelled():
    import signal
    import threading

    from tests.local_server import LocalServer

    arrived = threading.Event()
    release = threading.Event()

    def hold(handler):
        arrived.set()
        release.wait()  # until the test is done with the child: an event, not a time

    with LocalServer(hold) as server:
        data = {"runId": "r", "scenarioId": "s", "modelId": "gpt-4o", "scenario": {"prompt": "p"},
                "config": {}}
        env = {"PATH": os.environ.get("PATH", ""), "OPENAI_API_KEY": "sk-test-FAKE-0",
               "OPENAI_BASE_URL": server.url}
        child = subprocess.Popen([sys.executable, str(WORKER / "probe.py")], stdin=subprocess.PIPE,
                                 stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
        child.stdin.write(json.dumps(data).encode())
        child.stdin.close()
        try:
            # The request arrived, so the child installed its handlers and waits for the reply.
            assert arrived.wait(120)  # a hang guard; the event ends the wait
            child.send_signal(signal.SIGTERM)
            out = child.stdout.read()
            assert child.wait(120) == 0
        finally:
            release.set()
    assert json.loads(out)["error"] == {"message": "probe cancelled", "code": "CANCELLED",
                                       "retryable": True, "details": None}


def test_probe_cli_refuses_arguments_before_reading_or_sending():
    """`probe.py validate` (or any argument) is a usage error: exit 64, usage on stderr, no request."""
    from tests.local_server import LocalServer, reply

    with LocalServer(reply(200, b"{}")) as server:
        env = {"PATH": os.environ.get("PATH", ""), "OPENAI_API_KEY": "sk-test-FAKE-usage",
               "OPENAI_BASE_URL": server.url}
        data = json.dumps({"runId": "r", "scenarioId": "s", "modelId": "gpt-4o",
                           "scenario": {"prompt": "p"}, "config": {}}).encode()
        for args in (["validate"], ["--bogus"], ["run", "extra"], ["-"]):
            result = spawn("probe.py", data, env, *args)
            assert result.returncode == 64, (args, result)
            assert result.stdout == b""
            assert b"usage: probe.py" in result.stderr
            assert args[0].encode() in result.stderr
        assert server.requests == []
        helped = spawn("probe.py", b"", env, "--help")
        assert helped.returncode == 0 and helped.stdout.startswith(b"usage: probe.py")
