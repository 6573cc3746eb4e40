"""HTTP for every provider, written once: a POST with a whole-request time limit enforced
here (requests' own timeout is per read), no redirects, proxies from the probe's environment,
and the reply capped at 32 MiB while reading (SPEC §4, §5; DECISIONS D4)."""
from __future__ import annotations

import http.client
import socket
import ssl
import time
from dataclasses import dataclass
from typing import Any, Callable, Iterator, Optional

import requests
import urllib3.exceptions as u3

from common.errors import (CONNECTION_REFUSED, CONNECTION_RESET, CUT_SHORT, DNS_FAILED,
                           TIMED_OUT, TLS_FAILED, ErrorCode, ProbeError, too_large_error,
                           transport_error)

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


def classify(exc: BaseException, headers_arrived: bool) -> Optional[str]:
    """The SPEC §5 transport wording for a failure, or None when it is none of them."""
    chain = list(_chain(exc))
    if any(_is_timeout(e) for e in chain):
        return TIMED_OUT
    if headers_arrived:
        if any(isinstance(e, (requests.exceptions.ContentDecodingError, u3.DecodeError)) for e in chain):
            return None
        return CUT_SHORT  # DECISIONS D4: closed or reset after the headers, whatever the socket said
    kinds: tuple[tuple[str, tuple[type[BaseException], ...]], ...] = (
        (TLS_FAILED, (ssl.SSLError, u3.SSLError, requests.exceptions.SSLError)),
        (DNS_FAILED, (socket.gaierror, u3.NameResolutionError)),
        (CONNECTION_REFUSED, (ConnectionRefusedError,)),
        (CONNECTION_RESET, (ConnectionResetError, BrokenPipeError, ConnectionAbortedError,
                            http.client.RemoteDisconnected)),
    )
    for wording, types in kinds:
        if any(isinstance(e, types) for e in chain):
            return wording
    return None


def failure(provider: str, exc: BaseException, headers_arrived: bool) -> ProbeError:
    """The ProbeError for a transport failure; outside SPEC's list it is UNKNOWN (DECISIONS D4)."""
    wording = classify(exc, headers_arrived)
    if wording is not None:
        return transport_error(provider, wording)
    text = str(exc).splitlines()[0] if str(exc) else ""
    description = f"{type(exc).__name__}: {text}" if text else type(exc).__name__
    return ProbeError(ErrorCode.UNKNOWN, f"{provider} request failed: {description[:300]}")


def _set_read_timeout(response: requests.Response, seconds: float) -> None:
    """Best effort: bound the next socket read by the time left."""
    connection = getattr(response.raw, "_connection", None)
    sock = getattr(connection, "sock", None)
    if sock is not None:
        try:
            sock.settimeout(max(seconds, 0.001))
        except OSError:
            pass


def _chunks(response: requests.Response) -> Iterator[bytes]:
    """The body, one socket read per chunk (read1), so a body that drips in byte by byte still
    meets the time limit: iter_content would wait for a full chunk. requests has already read
    a redirect's body (to release the connection); that comes as one chunk."""
    if getattr(response, "_content_consumed", False):
        yield response.content or b""
        return
    while chunk := response.raw.read1(CHUNK_BYTES, decode_content=True):
        yield chunk


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
            raise failure(self.provider, exc, headers_arrived=False) from None
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
            for chunk in _chunks(response):
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
            raise failure(self.provider, exc, headers_arrived=True) from None
        return b"".join(chunks)
