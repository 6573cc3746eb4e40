"""Retries inside the engine (SPEC §5, DECISIONS D4): separate counters per class, waits from
the reply's headers or the default schedule, scaled by PROBE_BACKOFF_SCALE, never past the
probe's deadline."""
from __future__ import annotations

import calendar
import re
import time
from dataclasses import dataclass
from typing import Callable, Mapping, Optional, TypeVar

from common.config import parse_number
from common.errors import OVERLOADED_STATUS, RETRIED_IN_ENGINE, ErrorCode, ProbeError
from common.logging import Logger

MAX_RATE_LIMIT_RETRIES = 4
MAX_OTHER_RETRIES = 2  # SERVER_ERROR, TIMEOUT and NETWORK_ERROR together
OVERLOADED_WAIT_S = 15.0  # retry k of a 529 waits 15·k s (D4, guess)
_SECONDS = re.compile(r"^[0-9]+(\.[0-9]+)?$")
_IMF_FIXDATE = re.compile(
    r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), ([0-9]{2}) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) "
    r"([0-9]{4}) ([0-9]{2}):([0-9]{2}):([0-9]{2}) GMT$")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

T = TypeVar("T")


def parse_imf_fixdate(value: str) -> Optional[float]:
    """Epoch seconds of an IMF-fixdate, or None when it is not one (or not a real date)."""
    match = _IMF_FIXDATE.match(value)
    if not match:
        return None
    _, day, month, year, hour, minute, second = match.groups()
    fields = (int(year), _MONTHS.index(month) + 1, int(day), int(hour), int(minute), int(second))
    try:
        import datetime as dt
        dt.datetime(*fields)
    except ValueError:
        return None
    return float(calendar.timegm((*fields, 0, 0, 0)))


def header_wait(headers: Mapping[str, str], now_epoch: float) -> Optional[float]:
    """Seconds to wait from `retry-after-ms` or `Retry-After` (names lower-cased), else None."""
    millis = headers.get("retry-after-ms")
    if millis is not None:
        parsed = parse_number(millis)
        if parsed is not None:
            return parsed / 1000
    after = headers.get("retry-after")
    if after is None:
        return None
    after = after.strip()
    if _SECONDS.match(after):
        return float(after)
    when = parse_imf_fixdate(after)
    if when is None:
        return None
    return max(0.0, when - now_epoch)


@dataclass
class RetryState:
    rate_limit: int = 0
    other: int = 0

    @property
    def total(self) -> int:
        return self.rate_limit + self.other


def next_wait(error: ProbeError, state: RetryState, now_epoch: float) -> Optional[float]:
    """Unscaled wait before the next retry, or None when no retry is left (counts the retry)."""
    if error.code not in RETRIED_IN_ENGINE:
        return None
    if error.code == ErrorCode.RATE_LIMIT:
        if state.rate_limit >= MAX_RATE_LIMIT_RETRIES:
            return None
        state.rate_limit += 1
        default = 30.0 * state.rate_limit
    else:
        if state.other >= MAX_OTHER_RETRIES:
            return None
        state.other += 1
        # Anthropic's 529 overloaded_error: capacity for everyone, a longer schedule (D4).
        per_retry = OVERLOADED_WAIT_S if error.status_code == OVERLOADED_STATUS else 2.0
        default = per_retry * state.other
    from_headers = header_wait(error.headers, now_epoch) if error.headers is not None else None
    if from_headers is None:
        from_headers = error.retry_delay_s  # Google's RetryInfo.retryDelay, like Retry-After
    return default if from_headers is None else from_headers


@dataclass
class RetryClock:
    """The time sources of the retry loop, injectable by tests."""

    monotonic: Callable[[], float] = time.monotonic
    wall: Callable[[], float] = time.time
    sleep: Callable[[float], None] = time.sleep


def with_retries(attempt: Callable[[], T], *, state: RetryState, scale: float, deadline: float,
                 clock: RetryClock, log: Logger) -> T:
    """Run `attempt` until it succeeds, a non-retried error, no retry left or no time left."""
    while True:
        try:
            return attempt()
        except ProbeError as error:
            wait = next_wait(error, state, clock.wall())
            if wait is None:
                raise
            wait *= scale
            if clock.monotonic() + wait >= deadline:
                log.warn("no time left for a retry", code=error.code.value, waitSeconds=wait)
                raise
            log.warn("retrying", code=error.code.value, message=error.message,
                     waitSeconds=wait, retry=state.total)
            if wait > 0:
                clock.sleep(wait)
