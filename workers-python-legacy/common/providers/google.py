"""Google Gemini generateContent: request body and reply parsing (SPEC §4, DECISIONS D2, D3)."""
from __future__ import annotations

from typing import Any, Optional
from urllib.parse import quote

from common.model_config import RequestOptions
from common.providers.base import (HttpRequest, Message, ParsedReply, ShapeError, has_system,
                                   nonempty_string, normalize_finish_reason, pick_raw,
                                   system_text, usage_count, require_object)
from common.text import trim

_SAFE = "-._~:@"  # with A-Za-z0-9, left unescaped in the model path segment
ROLES = {"user": "user", "assistant": "model"}


def model_path(model: str) -> str:
    return f"/models/{quote(model, safe=_SAFE)}:generateContent"


def build_body(messages: list[Message], options: RequestOptions) -> dict[str, Any]:
    body: dict[str, Any] = {"contents": [{"role": ROLES[m["role"]], "parts": [{"text": m["content"]}]}
                                         for m in messages if m["role"] != "system"]}
    if has_system(messages):
        body["systemInstruction"] = {"parts": [{"text": system_text(messages)}]}
    generation: dict[str, Any] = {}
    if options.send_temperature:
        generation["temperature"] = options.temperature
    if options.max_tokens is not None:
        generation["maxOutputTokens"] = options.max_tokens
    if options.top_p is not None:
        generation["topP"] = options.top_p
    if options.stop_sequences is not None:
        generation["stopSequences"] = options.stop_sequences
    if options.seed is not None:
        generation["seed"] = options.seed
    thinking: dict[str, Any] = {}
    if options.thinking_budget is not None:
        thinking["thinkingBudget"] = options.thinking_budget
    if options.reasoning_effort is not None:
        thinking["thinkingLevel"] = options.reasoning_effort
    if options.include_thoughts:
        thinking["includeThoughts"] = True
    if thinking:
        generation["thinkingConfig"] = thinking
    body["generationConfig"] = generation
    return body


def build_request(provider: str, model: str, messages: list[Message], options: RequestOptions,
                  base_url: str, key: str) -> HttpRequest:
    headers = {"Content-Type": "application/json", "x-goog-api-key": key}
    return HttpRequest(base_url + model_path(model), headers, build_body(messages, options))


def _output_tokens(usage: dict[str, Any]) -> Optional[int]:
    candidates = usage_count(usage.get("candidatesTokenCount"))
    thoughts = usage_count(usage.get("thoughtsTokenCount"))
    if candidates is None and thoughts is None:
        return None
    return (candidates or 0) + (thoughts or 0)


def _parts(candidate: dict[str, Any]) -> tuple[str, str]:
    """(text, reasoning) of a candidate; no content or no parts = an empty reply."""
    content = candidate.get("content")
    if content is None:
        return "", ""
    if not isinstance(content, dict):
        raise ShapeError("content is not an object")
    parts = content.get("parts")
    if parts is None:
        return "", ""
    if not isinstance(parts, list):
        raise ShapeError("parts is not an array")
    texts: list[str] = []
    thoughts: list[str] = []
    for part in parts:
        if not isinstance(part, dict) or not isinstance(part.get("text"), str):
            continue
        if part.get("thought") is True:
            thoughts.append(part["text"])
        elif trim(part["text"]):
            texts.append(trim(part["text"]))
    return "\n".join(texts), "\n".join(thoughts)


def parse_reply(body: Any) -> ParsedReply:
    reply = require_object(body)
    candidates = reply.get("candidates")
    if candidates is not None and not isinstance(candidates, list):
        raise ShapeError("candidates is not an array")
    usage = reply.get("usageMetadata") if isinstance(reply.get("usageMetadata"), dict) else {}
    raw = pick_raw(reply, ("responseId", "modelVersion"))
    feedback = reply.get("promptFeedback")
    first: Optional[dict[str, Any]] = None
    if candidates:
        first = require_object(candidates[0])
        raw.update(pick_raw(first, ("finishReason", "safetyRatings")))
    raw.update(pick_raw(reply, ("promptFeedback",)))
    version = nonempty_string(reply.get("modelVersion"))
    input_tokens = usage_count(usage.get("promptTokenCount"))
    parts = {"cached_input_tokens": usage_count(usage.get("cachedContentTokenCount")),
             "reasoning_tokens": usage_count(usage.get("thoughtsTokenCount"))}
    if isinstance(feedback, dict) and "blockReason" in feedback and feedback["blockReason"] is not None:
        return ParsedReply("", normalize_finish_reason(feedback["blockReason"]), raw,
                           input_tokens=input_tokens, output_tokens=0, model_version=version, **parts)
    if first is None:
        return ParsedReply("", "unknown", raw, input_tokens=input_tokens,
                           output_tokens=_output_tokens(usage), model_version=version, **parts)
    text, reasoning = _parts(first)
    return ParsedReply(text, normalize_finish_reason(first.get("finishReason")), raw,
                       reasoning=reasoning, input_tokens=input_tokens,
                       output_tokens=_output_tokens(usage), model_version=version, **parts)
