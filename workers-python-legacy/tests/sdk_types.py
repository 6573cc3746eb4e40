"""The official SDKs' request types, as validators of our wire bodies (test-only: the SDKs are
in requirements-sdk.txt, never imported by the reference itself).

- OpenAI, xAI, DeepSeek chat completions: openai-python `CompletionCreateParamsNonStreaming`
  (src/openai/types/chat/completion_create_params.py); OpenAI Responses API:
  `ResponseCreateParamsNonStreaming` (src/openai/types/responses/response_create_params.py).
- Anthropic: anthropic-sdk-python `MessageCreateParamsNonStreaming`
  (src/anthropic/types/message_create_params.py). Since SDK 1.0 it has no `temperature`,
  `top_p`, `top_k` (MIGRATION.md, "Removed: deprecated request parameters": models that still
  take them get them through `extra_body`), so those three keys are checked by our own rules
  (provider_rules.py) and the rest of the body by the type.
- Google: the REST body `{contents, systemInstruction, generationConfig}` is what
  python-genai's converter writes from `generate_content(model, contents,
  config=GenerateContentConfig(...))` (google/genai/models.py `_GenerateContentParameters_to_mldev`
  and `_GenerateContentConfig_to_mldev`: `config.system_instruction` goes to the top-level
  `systemInstruction`, the sampling fields to `generationConfig`). We map it back that way:
  `contents` as `list[Content]`, `generationConfig` plus `systemInstruction` as one
  `GenerateContentConfig`; the
  SDK's models take the REST camelCase names as aliases (`alias_generator=to_camel`,
  `extra='forbid'` in google/genai/_common.py). `generationConfig` is also checked alone
  against `GenerationConfig`, the REST object's own type.
- Mistral: mistralai `ChatCompletionRequest` (mistralai/client/models/chatcompletionrequest.py),
  with unknown top-level fields forbidden as the API does (422); the SDK model itself ignores them.

TypedDict params are validated with pydantic's TypeAdapter in strict mode, after marking every
TypedDict reachable from the type `extra='forbid'` (pydantic reads `__pydantic_config__` on a
TypedDict), so an unknown key at any depth is an error. `Iterable[...]` fields validate lazily:
the result is walked to force them."""
from __future__ import annotations

import typing
from typing import Any, Callable

from pydantic import ConfigDict, TypeAdapter
from typing_extensions import is_typeddict

from anthropic.types.message_create_params import MessageCreateParamsNonStreaming
from google.genai import types as genai
from mistralai.client.models import ChatCompletionRequest
from openai.types.chat.completion_create_params import CompletionCreateParamsNonStreaming
from openai.types.responses.response_create_params import ResponseCreateParamsNonStreaming

ANTHROPIC_EXTRA_BODY_KEYS = ("temperature", "top_p", "top_k")
Validator = Callable[[dict[str, Any]], None]


def _forbid_extra(tp: Any, seen: set[Any]) -> None:
    if is_typeddict(tp):
        if tp in seen:
            return
        seen.add(tp)
        tp.__pydantic_config__ = ConfigDict(extra="forbid", arbitrary_types_allowed=True)
        for hint in typing.get_type_hints(tp, include_extras=True).values():
            _forbid_extra(hint, seen)
        return
    for arg in typing.get_args(tp):
        _forbid_extra(arg, seen)


def _consume(value: Any) -> None:
    """Iterate what pydantic left lazy (ValidatorIterator), recursively, so it is validated."""
    if isinstance(value, dict):
        for item in value.values():
            _consume(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            _consume(item)
    elif hasattr(value, "__next__"):
        for item in value:
            _consume(item)


def _typed_dict(tp: Any) -> Validator:
    _forbid_extra(tp, set())
    adapter = TypeAdapter(tp)
    return lambda body: _consume(adapter.validate_python(body, strict=True))


class _StrictMistralRequest(ChatCompletionRequest):
    model_config = ConfigDict(**{**ChatCompletionRequest.model_config, "extra": "forbid"})


def _anthropic(validate: Validator) -> Validator:
    return lambda body: validate({k: v for k, v in body.items() if k not in ANTHROPIC_EXTRA_BODY_KEYS})


_GOOGLE_CONTENTS = TypeAdapter(list[genai.Content])


def _google_config(body: dict[str, Any]) -> None:
    """`generationConfig` and `systemInstruction` as the one `GenerateContentConfig` they come from."""
    config = dict(body.get("generationConfig", {}))
    if "systemInstruction" in body:
        config["systemInstruction"] = body["systemInstruction"]
    genai.GenerateContentConfig.model_validate(_level_as_enum(config), strict=True)


def _level_as_enum(config: dict[str, Any]) -> dict[str, Any]:
    """The SDK's ThinkingLevel is a CaseInSensitiveEnum (types.py): "low" is LOW, as the REST
    docs write it; strict mode wants the enum instance, so the SDK's own enum converts it."""
    thinking = config.get("thinkingConfig")
    if isinstance(thinking, dict) and isinstance(thinking.get("thinkingLevel"), str):
        return {**config, "thinkingConfig": {**thinking, "thinkingLevel": genai.ThinkingLevel(thinking["thinkingLevel"])}}
    return config


def _build() -> dict[str, Validator]:
    chat = _typed_dict(CompletionCreateParamsNonStreaming)
    return {
        "openai.CompletionCreateParamsNonStreaming": chat,
        "openai.ResponseCreateParamsNonStreaming": _typed_dict(ResponseCreateParamsNonStreaming),
        "anthropic.MessageCreateParamsNonStreaming": _anthropic(_typed_dict(MessageCreateParamsNonStreaming)),
        "google.Content (contents)": lambda body: _GOOGLE_CONTENTS.validate_python(body["contents"], strict=True) and None,
        "google.GenerateContentConfig": _google_config,
        "google.GenerationConfig": lambda body: genai.GenerationConfig.model_validate(_level_as_enum(body.get("generationConfig", {})),
                                                                                     strict=True) and None,
        "mistral.ChatCompletionRequest": lambda body: _StrictMistralRequest.model_validate(body, strict=True) and None,
    }


VALIDATORS = _build()


def types_for(provider: str, url: str) -> tuple[str, ...]:
    """The SDK types that describe a request of `provider` to `url`."""
    if provider == "openai" and url.endswith("/responses"):
        return ("openai.ResponseCreateParamsNonStreaming",)
    if provider in ("openai", "xai", "deepseek"):
        return ("openai.CompletionCreateParamsNonStreaming",)
    if provider == "anthropic":
        return ("anthropic.MessageCreateParamsNonStreaming",)
    if provider == "google":
        return ("google.Content (contents)", "google.GenerateContentConfig", "google.GenerationConfig")
    return ("mistral.ChatCompletionRequest",)
