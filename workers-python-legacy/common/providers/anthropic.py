"""Anthropic messages API: request body and reply parsing (SPEC §4, DECISIONS D2, D3)."""
from __future__ import annotations

from typing import Any

from common.model_config import RequestOptions
from common.providers.base import (HttpRequest, Message, ParsedReply, ShapeError, has_system,
                                   nonempty_string, normalize_finish_reason, pick_raw,
                                   require_object, system_text, usage_count, detail, usage_sum)

PATH = "/v1/messages"
API_VERSION = "2023-06-01"
UNLIMITED_MAX_TOKENS = 8192
RAW_KEYS = ("id", "model", "stop_reason", "stop_sequence")


def build_body(model: str, messages: list[Message], options: RequestOptions) -> dict[str, Any]:
    body: dict[str, Any] = {"model": model}
    if has_system(messages):
        body["system"] = system_text(messages)
    body["messages"] = [{"role": m["role"], "content": m["content"]}
                        for m in messages if m["role"] != "system"]
    body["max_tokens"] = options.max_tokens if options.max_tokens is not None else UNLIMITED_MAX_TOKENS
    if options.send_temperature:
        body["temperature"] = options.temperature
    if options.top_p is not None:
        body["top_p"] = options.top_p
    if options.stop_sequences is not None:
        body["stop_sequences"] = options.stop_sequences
    if options.thinking_budget is not None:
        body["thinking"] = {"type": "enabled", "budget_tokens": options.thinking_budget}
    elif options.adaptive_thinking:
        # Opus 4.7 and later omit the thinking text unless asked for a summary.
        body["thinking"] = {"type": "adaptive", "display": "summarized"}
    if options.reasoning_effort is not None:
        body["output_config"] = {"effort": options.reasoning_effort}
    return body


def build_request(provider: str, model: str, messages: list[Message], options: RequestOptions,
                  base_url: str, key: str) -> HttpRequest:
    headers = {"Content-Type": "application/json", "x-api-key": key,
               "anthropic-version": API_VERSION}
    return HttpRequest(base_url + PATH, headers, build_body(model, messages, options))


def parse_reply(body: Any) -> ParsedReply:
    reply = require_object(body)
    content = reply.get("content")
    if not isinstance(content, list):
        raise ShapeError("content is not an array")
    texts: list[str] = []
    thinking: list[str] = []
    for block in content:
        if not isinstance(block, dict):
            continue
        if block.get("type") == "text" and isinstance(block.get("text"), str):
            texts.append(block["text"])
        elif block.get("type") == "thinking" and isinstance(block.get("thinking"), str):
            thinking.append(block["thinking"])
    usage = reply.get("usage") if isinstance(reply.get("usage"), dict) else {}
    # Billed input is `input_tokens` plus the cache writes and reads it leaves out (D7).
    writes = usage_count(usage.get("cache_creation_input_tokens"))
    reads = usage_count(usage.get("cache_read_input_tokens"))
    return ParsedReply(
        text="\n".join(texts), finish_reason=normalize_finish_reason(reply.get("stop_reason")),
        raw=pick_raw(reply, RAW_KEYS), reasoning="\n".join(thinking),
        input_tokens=usage_sum(usage_count(usage.get("input_tokens")), writes, reads),
        output_tokens=usage_count(usage.get("output_tokens")),
        model_version=nonempty_string(reply.get("model")),
        cached_input_tokens=reads, cache_write_input_tokens=writes,
        reasoning_tokens=usage_count(detail(usage, "output_tokens_details", "thinking_tokens")))
