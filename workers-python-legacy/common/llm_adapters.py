"""The six providers behind one call: pick the provider module, read its key and base URL
from the probe's environment, send one turn's request and map the reply or the error."""
from __future__ import annotations

import json
from dataclasses import dataclass
from types import ModuleType
from typing import Any, Mapping, Optional

from common import config
from common.errors import ErrorCode, ProbeError, http_error, shape_error
from common.model_config import RequestOptions
from common.providers import anthropic, google, openai_compat, openai_responses, xai
from common.providers.base import HttpRequest, Message, ParsedReply, ReplyFailed, ShapeError
from common.routing import Route
from common.strict_json import MAX_REPLY_DEPTH, JSONRejected, decode_json_bytes
from common.text import cut_code_points
from common.logging import Logger
from common.transport import HttpReply, Transport

ADAPTERS: dict[str, ModuleType] = {
    "openai": openai_compat, "xai": xai, "deepseek": openai_compat,
    "mistral": openai_compat, "anthropic": anthropic, "google": google,
}
DETAILS_LIMIT = 500
FAILED_HINTS = {ErrorCode.RATE_LIMIT: "rate limited, retry later",
                ErrorCode.SERVER_ERROR: "provider error, retry later"}


def adapter(provider: str, endpoint: str = "chat") -> ModuleType:
    """The provider's module; a model whose profile's endpoint is "responses" (openai's
    Responses-only models, D14/D15) uses the Responses API."""
    return openai_responses if provider == "openai" and endpoint == "responses" else ADAPTERS[provider]


@dataclass(frozen=True)
class ProviderContext:
    """What one probe needs to talk to its provider, read from the environment once per probe."""

    provider: str
    model: str
    key: str
    key_variable: str
    base_url: str
    proxy: Optional[str]
    secrets: tuple[str, ...]

    def redact(self, text: str) -> str:
        for value in self.secrets:
            text = text.replace(value, "[REDACTED]")
        return text

    def redact_json(self, value: Any) -> Any:
        """`value` with every key value replaced in each string and object key, at any depth."""
        if isinstance(value, str):
            return self.redact(value)
        if isinstance(value, list):
            return [self.redact_json(item) for item in value]
        if isinstance(value, dict):
            return {self.redact(key): self.redact_json(item) for key, item in value.items()}
        return value

    def details(self, body: bytes) -> str:
        """A reply body for `details`: UTF-8 (invalid → U+FFFD), keys redacted, 500 code points."""
        return cut_code_points(self.redact(body.decode("utf-8", errors="replace")), DETAILS_LIMIT)


def prepare(route: Route, env: Mapping[str, str]) -> ProviderContext:
    """Read the key (MISSING_API_KEY when absent), base URL and proxy for the route."""
    key, variable = config.api_key(route.provider, env)
    if key is None:
        raise ProbeError(ErrorCode.MISSING_API_KEY, f"{variable} is not set")
    url = config.base_url(route.provider, env)
    return ProviderContext(route.provider, route.model, key, variable, url,
                           config.proxy_for(url, env), tuple(config.all_key_values(env)))


def build_request(ctx: ProviderContext, messages: list[Message],
                  options: RequestOptions) -> HttpRequest:
    return adapter(ctx.provider, options.endpoint).build_request(ctx.provider, ctx.model, messages, options,
                                                          ctx.base_url, ctx.key)


def encode_body(body: dict[str, Any]) -> bytes:
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def interpret(ctx: ProviderContext, reply: HttpReply, endpoint: str = "chat") -> ParsedReply:
    """A 2xx reply → ParsedReply; anything else → the ProbeError of SPEC §5."""
    if not 200 <= reply.status <= 299:
        body_text = reply.body.decode("utf-8", errors="replace")
        raise http_error(ctx.provider, reply.status, body_text, ctx.details(reply.body),
                         key_variable=ctx.key_variable, model=ctx.model, headers=reply.headers)
    try:
        parsed = decode_json_bytes(reply.body, max_depth=MAX_REPLY_DEPTH)
        return adapter(ctx.provider, endpoint).parse_reply(parsed)
    except (JSONRejected, ShapeError):
        raise shape_error(ctx.provider, ctx.details(reply.body)) from None
    except ReplyFailed as failed:
        hint = FAILED_HINTS.get(failed.code, "the provider rejected the request")
        raise ProbeError(failed.code, f"{ctx.provider} response failed ({failed.provider_code}): {hint}",
                         ctx.details(reply.body)) from None


def send(ctx: ProviderContext, transport: Transport, request: HttpRequest, *, end: float,
         log: Optional[Logger] = None, endpoint: str = "chat") -> ParsedReply:
    """One attempt: POST the request and interpret the reply; each attempt is a debug line."""
    try:
        reply = transport.post(request.url, request.headers, encode_body(request.body),
                               end=end, proxy=ctx.proxy)
    except ProbeError as err:
        if log:
            log.debug("attempt failed", provider=ctx.provider, failure=err.message)
        raise
    if log:
        log.debug("attempt finished", provider=ctx.provider, status=reply.status,
                  bytes=len(reply.body), headers=reply.headers)
    return interpret(ctx, reply, endpoint)
