"""The transport on real loopback sockets: redirects, cut-short bodies, resets, refusals,
the 32 MiB cap, the deadline inside a body, and proxies."""
from __future__ import annotations

import json
import socket
import time

import pytest

from common import config
from common.errors import ErrorCode, ProbeError
from common.transport import MAX_REPLY_BYTES, Transport
from tests.conftest import make_input, run
from tests.local_server import LocalServer, chunks, closed_port, cut_short, drip, hang_up, reply

OK = json.dumps({"choices": [{"message": {"content": "fine"}, "finish_reason": "stop"}],
                 "usage": {"prompt_tokens": 1, "completion_tokens": 1}}).encode()


def one_turn():
    data = make_input()
    data["scenario"]["followups"] = []
    return data


def probe_against(server_url: str, env: dict[str, str]) -> dict:
    env["OPENAI_BASE_URL"] = server_url + "/v1"
    return run(one_turn(), env)


def test_success_over_a_real_socket(env):
    with LocalServer(reply(200, OK)) as server:
        out = probe_against(server.url, env)
    assert out["success"] is True
    method, path, headers, body = server.requests[0]
    assert (method, path) == ("POST", "/v1/chat/completions")
    assert headers["Content-Type"] == "application/json"
    assert json.loads(body)["model"] == "gpt-4o"


def test_redirect_is_not_followed(env):
    with LocalServer(reply(302, b"moved", {"Location": "/elsewhere"})) as server:
        out = probe_against(server.url, env)
    assert out["error"]["message"] == "openai returned HTTP 302: redirects are not followed"
    assert out["error"]["statusCode"] == 302 and len(server.requests) == 1


def test_body_cut_short_is_a_network_error(env):
    with LocalServer(cut_short) as server:
        out = probe_against(server.url, env)
    assert out["error"]["message"] == "openai request failed: reply cut short"
    assert out["error"]["code"] == "NETWORK_ERROR" and len(server.requests) == 3


def test_hang_up_before_headers_is_a_reset(env):
    with LocalServer(hang_up) as server:
        out = probe_against(server.url, env)
    assert out["error"]["message"] == "openai request failed: connection reset"


def test_refused_connection(env):
    out = probe_against(f"http://127.0.0.1:{closed_port()}", env)
    assert out["error"] == {"message": "openai request failed: connection refused",
                            "code": "NETWORK_ERROR", "retryable": True, "details": None}


def test_reply_over_32_mib_is_invalid_response(env):
    with LocalServer(reply(200, b" " * (MAX_REPLY_BYTES + 1))) as server:
        out = probe_against(server.url, env)
    assert out["error"] == {"message": "openai reply is larger than 32 MiB",
                            "code": "INVALID_RESPONSE", "retryable": False, "details": None}


def test_deadline_is_checked_between_body_chunks():
    ticks = iter([0.0, 0.0, 0.5, 0.5, 5.0, 5.0, 5.0, 5.0])
    transport = Transport("openai", clock=lambda: next(ticks, 9.0))
    with LocalServer(chunks([b'{"a":', b"1", b"}"])) as server:
        with pytest.raises(ProbeError) as info:
            transport.post(server.url + "/x", {}, b"{}", end=1.0, proxy=None)
    assert info.value.code == ErrorCode.TIMEOUT
    assert info.value.message == "openai request failed: timed out"


def test_body_dripping_slower_than_the_time_limit_times_out():
    # SPEC §5: the limit is the whole request, connect to last byte, even while bytes keep
    # coming (each read is quick; a full 64 KiB chunk never arrives). Real clock.
    transport = Transport("openai")
    with LocalServer(drip(0.05, total=2000)) as server:  # 100 s of body against a 0.3 s limit
        with pytest.raises(ProbeError) as info:
            transport.post(server.url + "/x", {}, b"{}", end=time.monotonic() + 0.3, proxy=None)
    assert info.value.code == ErrorCode.TIMEOUT
    assert info.value.message == "openai request failed: timed out"


def test_no_time_left_sends_nothing():
    transport = Transport("openai", clock=lambda: 10.0)
    with pytest.raises(ProbeError) as info:
        transport.post("http://127.0.0.1:9/x", {}, b"{}", end=5.0, proxy=None)
    assert info.value.code == ErrorCode.TIMEOUT


def test_proxy_is_used_for_remote_hosts(env):
    with LocalServer(reply(200, OK)) as proxy:
        env.update(OPENAI_BASE_URL="http://api.example.test/v1", http_proxy=proxy.url)
        out = run(one_turn(), env)
    assert out["success"] is True
    assert proxy.requests[0][1] == "http://api.example.test/v1/chat/completions"


def test_loopback_is_never_proxied(env):
    with LocalServer(reply(200, OK)) as server:
        env.update(http_proxy=f"http://127.0.0.1:{closed_port()}", ALL_PROXY="http://127.0.0.1:1")
        out = probe_against(server.url, env)
    assert out["success"] is True and len(server.requests) == 1


@pytest.mark.parametrize("url,variables,expected", [
    ("https://api.openai.com/v1", {"https_proxy": "http://p:1"}, "http://p:1"),
    ("https://api.openai.com/v1", {"HTTPS_PROXY": "http://P:1"}, "http://P:1"),
    ("https://api.openai.com/v1", {"ALL_PROXY": "socks5://a:1"}, "socks5://a:1"),
    ("https://api.openai.com/v1", {"http_proxy": "http://h:1"}, None),
    ("http://api.openai.com/v1", {"HTTP_PROXY": "http://h:1"}, None),
    ("http://api.openai.com/v1", {"http_proxy": "http://h:1"}, "http://h:1"),
    ("https://api.openai.com/v1", {"https_proxy": "http://p:1", "no_proxy": "openai.com"}, None),
    ("https://api.openai.com/v1", {"https_proxy": "http://p:1", "NO_PROXY": ".api.openai.com:443"}, None),
    ("https://api.openai.com/v1", {"https_proxy": "http://p:1", "no_proxy": "*"}, None),
    ("https://api.openai.com/v1", {"https_proxy": "http://p:1", "no_proxy": "ai.com,, [::1]"}, "http://p:1"),
    ("http://localhost:8080", {"http_proxy": "http://h:1"}, None),
    ("http://[::1]:8080", {"http_proxy": "http://h:1"}, None),
    ("http://127.1.2.3", {"http_proxy": "http://h:1"}, None),
])
def test_proxy_selection(url, variables, expected):
    assert config.proxy_for(url, variables) == expected


def _closing(handler) -> None:
    handler.close_connection = True
    handler.connection.shutdown(socket.SHUT_RDWR)
    handler.connection.close()


@pytest.mark.parametrize("death", [hang_up, _closing], ids=["reset", "close"])
def test_a_kept_alive_connection_that_dies_is_one_counted_attempt(env, death):
    """DECISIONS D4: nothing re-sends a request unseen. The first connection answers turn 1 and
    stays open, reads turn 2's request, then dies without a reply: the server's request count is
    the number of attempts the probe logged, and the dead one went through the retry rules."""
    import io
    from tests.conftest import FakeClock
    from probe import run_probe

    connections: list[object] = []

    def behave(handler) -> None:
        if handler not in connections:
            connections.append(handler)
        served = handler.__dict__.setdefault("served", 0)
        handler.served = served + 1
        if connections.index(handler) == 0 and served == 1:
            death(handler)
        else:
            reply(200, OK, {"Connection": "keep-alive"})(handler)

    with LocalServer(behave) as server:
        env["OPENAI_BASE_URL"] = server.url + "/v1"
        env["PROBE_LOG_LEVEL"] = "debug"
        logs = io.StringIO()
        data = make_input()
        data["scenario"]["followups"] = [{"prompt": "Why?"}, {"prompt": "Sure?"}]
        out = run_probe(json.dumps(data).encode(), env, clock=FakeClock(), log_stream=logs)
    lines = [json.loads(line) for line in logs.getvalue().splitlines()]
    attempts = [line for line in lines if line["msg"] in ("attempt finished", "attempt failed")]
    retries = [line for line in lines if line["msg"] == "retrying"]
    assert out["success"] is True and len(out["transcript"]["turns"]) == 3
    assert len(server.requests) == 4
    assert len(attempts) == len(server.requests)
    assert [r["code"] for r in retries] == ["NETWORK_ERROR"]
