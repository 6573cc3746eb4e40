"""OpenAI chat completions and the compatible APIs (xAI, DeepSeek, Mistral): request body
and reply parsing (SPEC §4, DECISIONS D2, D3)."""
from __future__ import annotations

from typing import Any

from common.model_config import RequestOptions
from common.providers.base import (HttpRequest, Message, ParsedReply, ShapeError,
                                   normalize_finish_reason, pick_raw, require_object,
                                   usage_count, nonempty_string, detail, usage_sum)
from common.text import is_blank

PATH = "/chat/completions"
RAW_KEYS = ("id", "model", "finish_reason", "system_fingerprint", "refusal")


def build_body(provider: str, model: str, messages: list[Message],
               options: RequestOptions) -> dict[str, Any]:
    """The body as the model profile shaped `options` (DECISIONS D14): no model-name rules here."""
    body: dict[str, Any] = {"model": model,
                            "messages": [{"role": m["role"], "content": m["content"]} for m in messages]}
    if options.send_temperature:
        body["temperature"] = options.temperature
    if options.max_tokens is not None:
        body[options.max_tokens_param or "max_tokens"] = options.max_tokens
    optional = (("top_p", options.top_p), ("frequency_penalty", options.frequency_penalty),
                ("presence_penalty", options.presence_penalty), ("stop", options.stop_sequences),
                (options.seed_field, options.seed), ("reasoning_effort", options.reasoning_effort))
    for key, value in optional:
        if value is not None:
            body[key] = value
    return body


def build_request(provider: str, model: str, messages: list[Message], options: RequestOptions,
                  base_url: str, key: str) -> HttpRequest:
    headers = {"Content-Type": "application/json", "Authorization": f"Bearer {key}"}
    return HttpRequest(base_url + PATH, headers, build_body(provider, model, messages, options))


def _content(content: Any) -> tuple[str, list[str]]:
    """(text, reasoning parts) from `message.content` (string, null or Mistral's chunk array)."""
    if content is None:
        return "", []
    if isinstance(content, str):
        return content, []
    if not isinstance(content, list):
        raise ShapeError("content is not a string, null or an array")
    texts: list[str] = []
    thinking: list[str] = []
    for chunk in content:
        if not isinstance(chunk, dict):
            continue
        if chunk.get("type") == "text" and isinstance(chunk.get("text"), str):
            texts.append(chunk["text"])
        elif chunk.get("type") == "thinking" and isinstance(chunk.get("thinking"), list):
            for inner in chunk["thinking"]:
                if (isinstance(inner, dict) and inner.get("type") == "text"
                        and isinstance(inner.get("text"), str)):
                    thinking.append(inner["text"])
    return "\n".join(texts), thinking


def parse_reply(body: Any, reasoning_outside_completion: bool = False) -> ParsedReply:
    """`reasoning_outside_completion`: xAI's `completion_tokens` leaves out the reasoning tokens
    it bills, so they are added to the output (DECISIONS D7); openai's include them."""
    reply = require_object(body)
    choices = reply.get("choices")
    if not isinstance(choices, list) or not choices:
        raise ShapeError("choices missing or empty")
    choice = require_object(choices[0])
    message = require_object(choice.get("message"))
    text, thinking = _content(message.get("content"))
    if isinstance(message.get("reasoning_content"), str):
        thinking.append(message["reasoning_content"])
    raw = pick_raw(reply, ("id", "model"))
    raw.update(pick_raw(choice, ("finish_reason",)))
    raw.update(pick_raw(reply, ("system_fingerprint",)))
    raw.update(pick_raw(message, ("refusal",)))
    usage = reply.get("usage") if isinstance(reply.get("usage"), dict) else {}
    reasoning_tokens = usage_count(detail(usage, "completion_tokens_details", "reasoning_tokens"))
    completion = usage_count(usage.get("completion_tokens"))
    parsed = ParsedReply(
        text=text, finish_reason=normalize_finish_reason(choice.get("finish_reason")), raw=raw,
        reasoning="\n".join(thinking),
        input_tokens=usage_count(usage.get("prompt_tokens")),
        output_tokens=usage_sum(completion, reasoning_tokens) if reasoning_outside_completion else completion,
        model_version=nonempty_string(reply.get("model")),
        cached_input_tokens=usage_count(detail(usage, "prompt_tokens_details", "cached_tokens")),
        reasoning_tokens=reasoning_tokens)
    # A refusal is data (DECISIONS D3): its text is the reply when there is no other text.
    refusal = message.get("refusal")
    if is_blank(text) and isinstance(refusal, str) and not is_blank(refusal):
        parsed.text = refusal
        parsed.finish_reason = "refusal"
    return parsed


def parse_xai_reply(body: Any) -> ParsedReply:
    return parse_reply(body, reasoning_outside_completion=True)
