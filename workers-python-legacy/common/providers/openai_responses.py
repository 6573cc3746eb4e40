"""OpenAI's Responses API (`POST /v1/responses`) for the models that live only there: request
body and reply parsing, with the same transcript as chat completions (DECISIONS D15)."""
from __future__ import annotations

from typing import Any, Optional

from common.errors import ErrorCode
from common.model_config import RequestOptions
from common.providers.base import (HttpRequest, Message, ParsedReply, ReplyFailed, ShapeError,
                                   has_system, nonempty_string, normalize_finish_reason,
                                   pick_raw, require_object, system_text, usage_count, detail)

PATH = "/responses"
REASONING_SUMMARY = "auto"
RAW_KEYS = ("id", "model", "status", "incomplete_details")


def build_body(model: str, messages: list[Message], options: RequestOptions) -> dict[str, Any]:
    """Keys in D15's order; temperature and top_p as D14's plan leaves them; the
    chat settings the API has no field for (penalties, stop, seed) are not sent."""
    body: dict[str, Any] = {"model": model}
    if has_system(messages):
        body["instructions"] = system_text(messages)
    body["input"] = [{"role": m["role"], "content": m["content"]}
                     for m in messages if m["role"] != "system"]
    if options.max_tokens is not None:
        body["max_output_tokens"] = options.max_tokens
    if options.send_temperature:
        body["temperature"] = options.temperature
    if options.top_p is not None:
        body["top_p"] = options.top_p
    reasoning: dict[str, Any] = {}
    if options.reasoning_effort is not None:
        reasoning["effort"] = options.reasoning_effort
    reasoning["summary"] = REASONING_SUMMARY
    body["reasoning"] = reasoning
    body["store"] = False
    return body


def build_request(provider: str, model: str, messages: list[Message], options: RequestOptions,
                  base_url: str, key: str) -> HttpRequest:
    headers = {"Content-Type": "application/json", "Authorization": f"Bearer {key}"}
    return HttpRequest(base_url + PATH, headers, build_body(model, messages, options))


def _inner_texts(value: Any, kind: str) -> list[str]:
    if not isinstance(value, list):
        return []
    return [part["text"] for part in value
            if isinstance(part, dict) and part.get("type") == kind and isinstance(part.get("text"), str)]


def _failure(error: Any) -> ReplyFailed:
    code = error.get("code") if isinstance(error, dict) else None
    provider_code = code if isinstance(code, str) else "unknown"
    if provider_code == "rate_limit_exceeded":
        return ReplyFailed(ErrorCode.RATE_LIMIT, provider_code)
    if provider_code in ("server_error", "unknown"):
        return ReplyFailed(ErrorCode.SERVER_ERROR, provider_code)
    return ReplyFailed(ErrorCode.VALIDATION_ERROR, provider_code)


def _finish_reason(reply: dict[str, Any]) -> str:
    details = reply.get("incomplete_details")
    if reply.get("status") == "incomplete" and isinstance(details, dict) \
            and isinstance(details.get("reason"), str):
        return normalize_finish_reason(details["reason"])
    return normalize_finish_reason(reply.get("status"))


def _raw(reply: dict[str, Any], refusals: list[str], usage: dict[str, Any]) -> dict[str, Any]:
    raw = pick_raw(reply, RAW_KEYS)
    if refusals:
        raw["refusal"] = "\n".join(refusals)
    details = usage.get("output_tokens_details")
    reasoning_tokens: Optional[int] = usage_count(details.get("reasoning_tokens")) \
        if isinstance(details, dict) else None
    if reasoning_tokens is not None:
        raw["reasoning_tokens"] = reasoning_tokens
    return raw


def parse_reply(body: Any) -> ParsedReply:
    reply = require_object(body)
    usage = reply.get("usage") if isinstance(reply.get("usage"), dict) else {}
    if reply.get("status") == "failed":
        raise _failure(reply.get("error"))
    output = reply.get("output")
    if not isinstance(output, list):
        raise ShapeError("output is missing or not an array")
    texts: list[str] = []
    refusals: list[str] = []
    thoughts: list[str] = []
    for item in output:
        if not isinstance(item, dict):
            continue
        if item.get("type") == "message":
            parts = item.get("content")
            if not isinstance(parts, list):
                raise ShapeError("a message item's content is not an array")
            for part in parts:
                if not isinstance(part, dict):
                    continue
                if part.get("type") == "output_text" and isinstance(part.get("text"), str):
                    texts.append(part["text"])
                elif part.get("type") == "refusal" and isinstance(part.get("refusal"), str):
                    refusals.append(part["refusal"])
        elif item.get("type") == "reasoning":
            thoughts += _inner_texts(item.get("summary"), "summary_text")
            thoughts += _inner_texts(item.get("content"), "reasoning_text")
    return ParsedReply(
        text="".join(texts), finish_reason=_finish_reason(reply), raw=_raw(reply, refusals, usage),
        reasoning="\n".join(thoughts),
        input_tokens=usage_count(usage.get("input_tokens")),
        output_tokens=usage_count(usage.get("output_tokens")),
        model_version=nonempty_string(reply.get("model")),
        # The parts of the billed usage (D7); `output_tokens` already includes the reasoning.
        cached_input_tokens=usage_count(detail(usage, "input_tokens_details", "cached_tokens")),
        reasoning_tokens=usage_count(detail(usage, "output_tokens_details", "reasoning_tokens")))
