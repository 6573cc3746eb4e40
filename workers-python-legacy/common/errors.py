"""The closed set of error codes (SPEC §5), the retryable set, and the mapping from an HTTP
status to a code and its exact message. Each rule lives here once."""
from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any, Optional

from common.error_body import ErrorFacts
from common.error_body import read as read_error_body


class ErrorCode(str, Enum):
    RATE_LIMIT = "RATE_LIMIT"
    SERVER_ERROR = "SERVER_ERROR"
    TIMEOUT = "TIMEOUT"
    NETWORK_ERROR = "NETWORK_ERROR"
    AUTH_ERROR = "AUTH_ERROR"
    NOT_FOUND = "NOT_FOUND"
    VALIDATION_ERROR = "VALIDATION_ERROR"
    UNSUPPORTED_PROVIDER = "UNSUPPORTED_PROVIDER"
    MISSING_API_KEY = "MISSING_API_KEY"
    INVALID_RESPONSE = "INVALID_RESPONSE"
    CANCELLED = "CANCELLED"
    UNKNOWN = "UNKNOWN"


# SPEC §5 "retryable" column: the only definition.
RETRYABLE: frozenset[ErrorCode] = frozenset({
    ErrorCode.RATE_LIMIT, ErrorCode.SERVER_ERROR, ErrorCode.TIMEOUT,
    ErrorCode.NETWORK_ERROR, ErrorCode.CANCELLED, ErrorCode.UNKNOWN,
})

# Codes the engine itself retries (UNKNOWN and CANCELLED are retryable for the caller only).
RETRIED_IN_ENGINE: frozenset[ErrorCode] = frozenset({
    ErrorCode.RATE_LIMIT, ErrorCode.SERVER_ERROR, ErrorCode.TIMEOUT, ErrorCode.NETWORK_ERROR,
})

RATE_LIMIT_PHRASES: tuple[str, ...] = (
    "rate limit", "rate_limit", "ratelimit", "too many requests", "quota exceeded",
    "resource_exhausted", "requests per minute", "tokens per minute",
)

# SPEC §5 transport failure wording.
CONNECTION_REFUSED = "connection refused"
CONNECTION_RESET = "connection reset"
TIMED_OUT = "timed out"
DNS_FAILED = "DNS lookup failed"
TLS_FAILED = "TLS handshake failed"
CUT_SHORT = "reply cut short"


class ProbeCancelled(BaseException):
    """Raised (e.g. from a signal handler) to stop a probe; its output is CANCELLED."""


@dataclass
class ProbeError(Exception):
    """An error that ends a request or a probe, in the output's shape."""

    code: ErrorCode
    message: str
    details: Optional[str] = None
    status_code: Optional[int] = None
    # Headers of the HTTP reply that caused it (for Retry-After), never output.
    headers: Optional[dict[str, str]] = None
    # Google's RetryInfo.retryDelay in seconds (DECISIONS D4), never output.
    retry_delay_s: Optional[float] = None
    # The reply body as text (to find a refused parameter, D4), never output.
    body: Optional[str] = None

    def __str__(self) -> str:
        return self.message

    @property
    def retryable(self) -> bool:
        return self.code in RETRYABLE

    def to_output(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "message": self.message, "code": self.code.value,
            "retryable": self.retryable, "details": self.details,
        }
        if self.status_code is not None:
            out["statusCode"] = self.status_code
        return out


def validation_error(message: str, details: Optional[str] = None) -> ProbeError:
    return ProbeError(ErrorCode.VALIDATION_ERROR, message, details)


def transport_error(provider: str, what: str) -> ProbeError:
    code = ErrorCode.TIMEOUT if what == TIMED_OUT else ErrorCode.NETWORK_ERROR
    return ProbeError(code, f"{provider} request failed: {what}")


def shape_error(provider: str, details: Optional[str]) -> ProbeError:
    return ProbeError(ErrorCode.INVALID_RESPONSE, f"{provider} reply has an unexpected shape", details)


def too_large_error(provider: str) -> ProbeError:
    return ProbeError(ErrorCode.INVALID_RESPONSE, f"{provider} reply is larger than 32 MiB")


def has_rate_limit_phrase(body: str) -> bool:
    lowered = body.lower()
    return any(phrase in lowered for phrase in RATE_LIMIT_PHRASES)


# DECISIONS D4: what an error body means, whatever its status.
QUOTA_CODES: frozenset[str] = frozenset({
    "insufficient_quota", "credit_balance_exhausted", "organization_spend_limit_exceeded",
    "project_spend_limit_exceeded", "organization_usage_limit_exceeded", "billing_error",
})
AUTH_REASONS: frozenset[str] = frozenset({"api_key_invalid", "api_key_expired", "authentication_error"})
AUTH_PHRASES: tuple[str, ...] = ("incorrect api key provided", "api key not valid", "invalid api key",
                                 "invalid x-api-key")
CONTEXT_PHRASES: tuple[str, ...] = (
    "context_length_exceeded", "maximum context length", "context window", "prompt is too long",
    "input token count", "exceeds the maximum number of tokens", "too many input tokens",
)
QUOTA_HINT = "quota or balance exhausted, not a rate limit: check the account's plan and billing"
CONTEXT_HINT = "the conversation is longer than the model's context window"
OVERLOADED_STATUS = 529


def is_quota(status: int, facts: ErrorFacts) -> bool:
    """Exhausted quota or balance: billing, not pacing (OpenAI insufficient_quota, a Gemini per-day
    quota, DeepSeek 402)."""
    if status == 402 or facts.codes & QUOTA_CODES:
        return True
    return status == 429 and any("perday" in q.lower() for q in facts.quota_ids)


def is_auth(status: int, facts: ErrorFacts) -> bool:
    if status in (401, 403):
        return True
    text = facts.text()
    return 400 <= status <= 499 and (bool(facts.codes & AUTH_REASONS) or any(p in text for p in AUTH_PHRASES))


def is_context(status: int, facts: ErrorFacts, body: str) -> bool:
    lowered = body.lower()
    return status in (400, 413, 422) and any(p in lowered for p in CONTEXT_PHRASES)


def code_for_status(status: int, body: str, facts: Optional[ErrorFacts] = None) -> ErrorCode:
    """DECISIONS D4 status mapping, in its order."""
    facts = facts if facts is not None else read_error_body(body)
    if status == 408:
        return ErrorCode.TIMEOUT
    if is_quota(status, facts):
        return ErrorCode.VALIDATION_ERROR
    if is_auth(status, facts):
        return ErrorCode.AUTH_ERROR
    if status == 429:
        return ErrorCode.RATE_LIMIT
    if status in (400, 503, 529) and has_rate_limit_phrase(body):
        return ErrorCode.RATE_LIMIT
    if status == 404:
        return ErrorCode.NOT_FOUND
    if 500 <= status <= 599:
        return ErrorCode.SERVER_ERROR
    if 400 <= status <= 499:
        return ErrorCode.VALIDATION_ERROR
    if 300 <= status <= 399:
        return ErrorCode.INVALID_RESPONSE
    return ErrorCode.UNKNOWN


def http_error(provider: str, status: int, body: str, details: str, *, key_variable: str,
               model: str, headers: Optional[dict[str, str]] = None) -> ProbeError:
    """The error for a non-2xx reply with the exact SPEC §5 message (D4's hints)."""
    facts = read_error_body(body)
    code = code_for_status(status, body, facts)
    hints = {
        ErrorCode.AUTH_ERROR: f"check {key_variable}",
        ErrorCode.RATE_LIMIT: "rate limited, retry later",
        ErrorCode.SERVER_ERROR: "provider error, retry later",
        ErrorCode.TIMEOUT: "request timed out",
        ErrorCode.NOT_FOUND: f"check the model name '{model}'",
        ErrorCode.VALIDATION_ERROR: "the provider rejected the request",
        ErrorCode.INVALID_RESPONSE: "redirects are not followed",
    }
    hint = hints.get(code)
    if code == ErrorCode.VALIDATION_ERROR and is_quota(status, facts):
        hint = QUOTA_HINT
    elif code == ErrorCode.VALIDATION_ERROR and is_context(status, facts, body):
        hint = CONTEXT_HINT
    message = f"{provider} returned HTTP {status}" + (f": {hint}" if hint else "")
    return ProbeError(code, message, details, status, headers, facts.retry_delay_s, body)
