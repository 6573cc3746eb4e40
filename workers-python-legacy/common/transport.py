"""HTTP for every provider, written once: a POST with a whole-request time limit enforced
here (requests' own timeout is per read), no redirects, proxies from the probe's environment,
and the reply capped at 32 MiB while reading (SPEC §4, §5; DECISIONS D4)."""
from __future__ import annotations

import socket
import ssl
import time
from dataclasses import dataclass
from typing import Any, Callable, Iterator, Optional

import requests
import urllib3.exceptions as u3

from common.errors import (CONNECTION_REFUSED, CONNECTION_RESET, CUT_SHORT, DNS_FAILED,
                           TIMED_OUT, TLS_FAILED, ProbeError, too_large_error, transport_error)

MAX_REPLY_BYTES = 32 * 1024 * 1024
CHUNK_BYTES = 64 * 1024


@dataclass(frozen=True)
class HttpReply:
    status: int
    headers: dict[str, str]  # names lower-cased
    body: bytes


def _chain(exc: BaseException) -> Iterator[BaseException]:
    """The exception and everything it wraps (args, reason, cause, context)."""
    seen: set[int] = set()
    stack: list[Any] = [exc]
    while stack:
        item = stack.pop()
        if not isinstance(item, BaseException) or id(item) in seen:
            continue
        seen.add(id(item))
        yield item
        stack.extend([getattr(item, "reason", None), item.__cause__, item.__context__, *item.args])


def _is_timeout(exc: BaseException) -> bool:
    # urllib3 2 makes NewConnectionError a ConnectTimeoutError subclass: it is not a timeout.
    if isinstance(exc, u3.NewConnectionError):
        return False
    return isinstance(exc, (socket.timeout, TimeoutError, u3.TimeoutError, requests.Timeout))


def classify(exc: BaseException, headers_arrived: bool) -> str:
    """The SPEC §5 transport wording for a failure of requests/urllib3/socket."""
    chain = list(_chain(exc))
    if any(_is_timeout(e) for e in chain):
        return TIMED_OUT
    if headers_arrived:
        return CUT_SHORT
    if any(isinstance(e, (ssl.SSLError, u3.SSLError, requests.exceptions.SSLError)) for e in chain):
        return TLS_FAILED
    if any(isinstance(e, (socket.gaierror, u3.NameResolutionError)) for e in chain):
        return DNS_FAILED
    if any(isinstance(e, ConnectionRefusedError) for e in chain):
        return CONNECTION_REFUSED
    if any(isinstance(e, (ConnectionResetError, BrokenPipeError, u3.ProtocolError)) for e in chain):
        return CONNECTION_RESET
    if any(isinstance(e, u3.NewConnectionError) for e in chain):
        return CONNECTION_REFUSED
    return CONNECTION_RESET


def _set_read_timeout(response: requests.Response, seconds: float) -> None:
    """Best effort: bound the next socket read by the time left."""
    connection = getattr(response.raw, "_connection", None)
    sock = getattr(connection, "sock", None)
    if sock is not None:
        try:
            sock.settimeout(max(seconds, 0.001))
        except OSError:
            pass


class Transport:
    """One probe's HTTP client (a session for keep-alive; the environment is never consulted
    by requests itself: proxies are given per request)."""

    def __init__(self, provider: str, clock: Callable[[], float] = time.monotonic,
                 session: Optional[requests.Session] = None) -> None:
        self.provider = provider
        self.clock = clock
        self.session = session or requests.Session()
        self.session.trust_env = False

    def close(self) -> None:
        self.session.close()

    def post(self, url: str, headers: dict[str, str], body: bytes, *, end: float,
             proxy: Optional[str]) -> HttpReply:
        """POST and read the whole reply before the monotonic time `end`."""
        remaining = end - self.clock()
        if remaining <= 0:
            raise transport_error(self.provider, TIMED_OUT)
        proxies = {"http": proxy, "https": proxy} if proxy else {}
        try:
            response = self.session.post(url, data=body, headers=headers, stream=True,
                                         timeout=(remaining, remaining), allow_redirects=False,
                                         proxies=proxies)
        except Exception as exc:  # requests/urllib3/socket failures before the headers
            raise transport_error(self.provider, classify(exc, headers_arrived=False)) from None
        try:
            return HttpReply(response.status_code,
                             {k.lower(): v for k, v in response.headers.items()},
                             self._read_body(response, end))
        finally:
            response.close()

    def _read_body(self, response: requests.Response, end: float) -> bytes:
        chunks: list[bytes] = []
        total = 0
        try:
            if self.clock() >= end:
                raise transport_error(self.provider, TIMED_OUT)
            _set_read_timeout(response, end - self.clock())
            for chunk in response.iter_content(CHUNK_BYTES):
                total += len(chunk)
                if total > MAX_REPLY_BYTES:
                    raise too_large_error(self.provider)
                chunks.append(chunk)
                if self.clock() >= end:
                    raise transport_error(self.provider, TIMED_OUT)
                _set_read_timeout(response, end - self.clock())
        except ProbeError:
            raise
        except Exception as exc:  # a body cut short, or a read that timed out
            raise transport_error(self.provider, classify(exc, headers_arrived=True)) from None
        return b"".join(chunks)
