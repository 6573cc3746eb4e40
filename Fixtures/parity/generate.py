#!/usr/bin/env python3
"""Writes the parity harness's cases: Fixtures/parity/cases/<group>/<name>.json.

Run from anywhere: `python3 Fixtures/parity/generate.py`. The output is committed; rerun after
editing this file. Each case: name, input (inline object, `inputText` raw text or
`inputBase64` raw bytes), env, script (the mock's replies, SPEC §4 real formats), expect.
Keys are ProbeMock's fake keys (`sk-test-fake-<provider>-3c9e`); the harness sets them."""
from __future__ import annotations

import base64
import json
import shutil
from pathlib import Path

HERE = Path(__file__).resolve().parent
CASES = HERE / "cases"
REPLIES = HERE / "replies"

PROVIDERS = ["openai", "anthropic", "google", "xai", "deepseek", "mistral"]
MODEL = {"openai": "gpt-4o", "anthropic": "claude-sonnet-4-20250514", "google": "gemini-2.0-flash",
         "xai": "grok-4", "deepseek": "deepseek-chat", "mistral": "mistral-large-latest"}
SNAPSHOT = {"openai": "gpt-4o-2024-08-06", "anthropic": "claude-sonnet-4-20250514",
            "google": "gemini-2.0-flash-001", "xai": "grok-4-0709", "deepseek": "deepseek-chat",
            "mistral": "mistral-large-2411"}
REASONING_MODEL = {"openai": "o3-mini", "anthropic": "claude-sonnet-4-20250514", "google": "gemini-2.5-flash",
                   "xai": "grok-3-mini", "deepseek": "deepseek-reasoner", "mistral": "magistral-medium-latest"}
KEY_VAR = {p: f"{p.upper()}_API_KEY" for p in PROVIDERS}
BASE_ENV = {"PROBE_BACKOFF_SCALE": "0"}


def fake_key(provider: str) -> str:
    return f"sk-test-fake-{provider}-3c9e"


def probe_input(provider: str, name: str, prompt: str = "A runaway trolley will hit five people. Do you pull the lever?",
                preamble: str = "", followups: list | None = None, config: dict | None = None,
                model: str | None = None, **extra) -> dict:
    value = {"runId": "parity-run", "scenarioId": f"{provider}-{name}", "modelId": model or MODEL[provider],
             "scenario": {"preamble": preamble, "prompt": prompt, "followups": followups or []},
             "config": config or {"temperature": 0.7, "maxTokens": 512, "maxTurns": 5}}
    value.update(extra)
    return value


# ---- replies in each provider's real format ----

def reply(provider: str, text, *, model: str | None = None, usage=(40, 12), finish: str | None = None,
          reasoning: str | None = None, extra_message: dict | None = None) -> dict:
    model = model or SNAPSHOT[provider]
    if provider == "anthropic":
        content = []
        if reasoning is not None:
            content.append({"type": "thinking", "thinking": reasoning, "signature": "EqQBCgIYAhIM1gbcDa9GJwZA2b3h"})
        content.append({"type": "text", "text": text})
        body = {"id": "msg_01XFDUDYJgAACzvnptvVoYEL", "type": "message", "role": "assistant", "model": model,
                "content": content, "stop_reason": finish or "end_turn", "stop_sequence": None}
        if usage is not None:
            body["usage"] = {"input_tokens": usage[0], "output_tokens": usage[1],
                             "cache_creation_input_tokens": 0, "cache_read_input_tokens": 0}
        return body
    if provider == "google":
        parts = []
        if reasoning is not None:
            parts.append({"text": reasoning, "thought": True})
        parts.append({"text": text})
        body = {"candidates": [{"content": {"parts": parts, "role": "model"}, "finishReason": finish or "STOP",
                                "avgLogprobs": -0.21, "index": 0}],
                "modelVersion": model, "responseId": "mDXDaOyiHcWnz7IPqN6d4Qs"}
        if usage is not None:
            meta = {"promptTokenCount": usage[0], "candidatesTokenCount": usage[1],
                    "totalTokenCount": usage[0] + usage[1]}
            if reasoning is not None:
                meta["thoughtsTokenCount"] = 64
                meta["totalTokenCount"] += 64
            body["usageMetadata"] = meta
        return body
    message = {"role": "assistant", "content": text}
    if provider == "openai":
        message.update({"refusal": None, "annotations": []})
    if reasoning is not None:
        if provider == "mistral":
            message["content"] = [{"type": "thinking", "thinking": [{"type": "text", "text": reasoning}]},
                                  {"type": "text", "text": text}]
        else:
            message["reasoning_content"] = reasoning
    message.update(extra_message or {})
    body = {"id": "chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT", "object": "chat.completion", "created": 1741569952,
            "model": model, "choices": [{"index": 0, "message": message, "logprobs": None,
                                         "finish_reason": finish or "stop"}]}
    if usage is not None:
        body["usage"] = {"prompt_tokens": usage[0], "completion_tokens": usage[1], "total_tokens": usage[0] + usage[1]}
    if provider == "openai":
        body["system_fingerprint"] = "fp_50cad350e4"
    return body


def ok(body: dict, headers: dict | None = None) -> dict:
    step = {"status": 200, "json": body}
    if headers:
        step["headers"] = headers
    return step


def error_body(provider: str, status: int, message: str) -> dict:
    if provider == "anthropic":
        kind = {400: "invalid_request_error", 401: "authentication_error", 404: "not_found_error",
                429: "rate_limit_error", 500: "api_error", 529: "overloaded_error"}.get(status, "api_error")
        return {"type": "error", "error": {"type": kind, "message": message}}
    if provider == "google":
        kind = {400: "INVALID_ARGUMENT", 401: "UNAUTHENTICATED", 404: "NOT_FOUND", 429: "RESOURCE_EXHAUSTED",
                500: "INTERNAL", 503: "UNAVAILABLE"}.get(status, "UNKNOWN")
        return {"error": {"code": status, "message": message, "status": kind}}
    if provider == "xai":
        return {"code": "Client specified an invalid argument" if status < 500 else "Internal", "error": message}
    if provider == "mistral":
        return {"object": "error", "message": message, "type": "invalid_request_error", "param": None,
                "code": str(status)}
    return {"error": {"message": message, "type": "invalid_request_error" if status < 500 else "server_error",
                      "param": None, "code": None}}


def err(provider: str, status: int, message: str, headers: dict | None = None) -> dict:
    step = {"status": status, "json": error_body(provider, status, message)}
    if headers:
        step["headers"] = headers
    return step


HINT = {"AUTH_ERROR": lambda p, m: f"check {KEY_VAR[p]}", "RATE_LIMIT": lambda p, m: "rate limited, retry later",
        "SERVER_ERROR": lambda p, m: "provider error, retry later", "NOT_FOUND": lambda p, m: f"check the model name '{m}'",
        "VALIDATION_ERROR": lambda p, m: "the provider rejected the request"}


def http_message(provider: str, status: int, code: str, model: str) -> str:
    return f"{provider} returned HTTP {status}: {HINT[code](provider, model)}"


def expect_ok(turns: int, requests: int) -> dict:
    return {"success": True, "turns": turns, "requests": requests}


def expect_fail(code: str, message: str, requests: int, turns: int = 0, status: int | None = None) -> dict:
    value = {"success": False, "code": code, "message": message, "turns": turns, "requests": requests}
    if status is not None:
        value["statusCode"] = status
    return value


UNICODE_PROMPT = ("指示：如果一辆电车冲向五个人，你会拉动拉杆吗？ — "
                  "هل تسحب الرافعة لإنقاذ خمسة أشخاص؟ — "
                  "עברית: האם היית מושך בידית? — "
                  "👩‍👩‍👧‍👦 👨🏽‍⚕️ 🏳️‍🌈 🧑‍🚒 — "
                  "Zalgo: Z̷̛͇a̸̱͝l̶̹̾g̸͔̈o̵̫͒ — café vs café — ﷽ — \u200fRTL mark")
UNICODE_REPLY = ("  是的，我会拉动拉杆。 نعم، سأسحبها. כן. 👩‍👩‍👧‍👦 ❤️‍🔥 é̂ ǹ̈ — 五 > 一.  ")


def provider_cases(p: str) -> dict[str, dict]:
    m = MODEL[p]
    cases: dict[str, dict] = {}
    three_followups = [{"label": "justification", "prompt": "What principle decided your answer?"},
                       {"prompt": "   "},
                       {"prompt": "Would your answer change if the one person were someone you love?"}]

    def case(name, script, expect, input_value=None, env=None, **more):
        cases[name] = {"name": f"{p}/{name}", "input": input_value or probe_input(p, name), "env": {**BASE_ENV, **(env or {})},
                       "script": script, "expect": expect, **more}

    case("one-turn", [ok(reply(p, "  I would pull the lever: five lives outweigh one.\n"))], expect_ok(1, 1))
    case("three-turns-preamble",
         [ok(reply(p, "Yes, I would pull it.", usage=(52, 7))),
          ok(reply(p, "Minimizing harm: saving five at the cost of one.", usage=(70, 11))),
          ok(reply(p, "Honestly, yes: partiality is human, but I would still try to follow the principle.",
                   usage=(101, 19), finish="length" if p not in ("anthropic", "google") else None))],
         expect_ok(3, 3),
         probe_input(p, "three-turns-preamble", preamble="You are a careful ethicist.\n\nAnswer briefly.",
                     followups=three_followups))
    case("no-usage", [ok(reply(p, "Without counting tokens: yes, I pull it. Five people matter.", usage=None))],
         expect_ok(1, 1), probe_input(p, "no-usage", preamble="Answer in one sentence."))
    rm = REASONING_MODEL[p]
    if p == "openai":
        body = reply(p, "Yes. Pulling the lever saves more lives.", model="o3-mini-2025-01-31", usage=(30, 210))
        body["usage"]["completion_tokens_details"] = {"reasoning_tokens": 192, "accepted_prediction_tokens": 0}
        reasoning_input = probe_input(p, "reasoning", model=rm, modelConfig={"reasoningEffort": "high"})
    else:
        body = reply(p, "Yes. Pulling the lever saves more lives.", model=rm if p != "google" else "gemini-2.5-flash",
                     usage=(30, 210), reasoning="The user asks a classic dilemma.\nWeigh five against one.")
        reasoning_input = probe_input(p, "reasoning", model=rm,
                                      modelConfig={"thinkingBudget": 1024} if p in ("anthropic", "google") else {})
        if p == "anthropic":
            reasoning_input["config"]["temperature"] = 1
    case("reasoning", [ok(body)], expect_ok(1, 1), reasoning_input)

    # Safety block, content filter or refusal: an empty reply is a turn and ends the probe (§3.6).
    if p == "openai":
        safety = reply(p, None, extra_message={"refusal": "I'm sorry, I can't assist with that request."}, usage=(41, 11))
    elif p == "anthropic":
        safety = reply(p, "", finish="refusal", usage=(41, 0))
    elif p == "google":
        safety = {"promptFeedback": {"blockReason": "SAFETY", "safetyRatings": [
            {"category": "HARM_CATEGORY_DANGEROUS_CONTENT", "probability": "HIGH"}]},
            "usageMetadata": {"promptTokenCount": 17, "totalTokenCount": 17},
            "modelVersion": SNAPSHOT[p], "responseId": "blocked01"}
    elif p == "xai":
        safety = reply(p, "", extra_message={"refusal": "I can't help with that."}, usage=(41, 0))
    else:
        safety = reply(p, "", finish="content_filter", usage=(41, 0))
    if p in ("openai", "xai"):
        # A refusal's text is the reply (D3, issue 14): the conversation goes on.
        refusal = safety["choices"][0]["message"]["refusal"]
        case("safety", [ok(safety), ok(reply(p, "Because it could cause harm."))],
             {**expect_ok(2, 2), "reply": refusal},
             probe_input(p, "safety", followups=[{"prompt": "Why not?"}]))
    else:
        case("safety", [ok(safety)], expect_ok(1, 1),
             probe_input(p, "safety", followups=[{"prompt": "Never sent: the probe ends after an empty reply."}]))
    finish_max = {"anthropic": "max_tokens", "google": "MAX_TOKENS"}.get(p, "length")
    case("max-tokens", [ok(reply(p, "Pulling the lever is, on balance, the choice that", usage=(40, 16), finish=finish_max))],
         {**expect_ok(1, 1), "body": MAX_TOKENS_BODY[p]}, probe_input(p, "max-tokens", config={"temperature": 0.2, "maxTokens": 16, "maxTurns": 1}))
    wrong = {"anthropic": {"id": "msg_01", "type": "message", "model": SNAPSHOT[p], "content": "not a list"},
             "google": {"candidates": {"content": "not an array"}, "modelVersion": SNAPSHOT[p]}}.get(
        p, {"id": "chatcmpl-x", "object": "chat.completion", "model": SNAPSHOT[p], "choices": []})
    case("wrong-shape", [ok(wrong)], expect_fail("INVALID_RESPONSE", f"{p} reply has an unexpected shape", 1))
    # A reply that echoes the key: [REDACTED] in the transcript, as everywhere in the output (D5).
    echo = f"You sent {fake_key(p)} as your key; I would pull the lever."
    case("key-echo", [ok(reply(p, echo, usage=(30, 12)))],
         {**expect_ok(1, 1), "reply": echo.replace(fake_key(p), "[REDACTED]")},
         probe_input(p, "key-echo", followups=[]))
    case("http-401", [err(p, 401, f"Incorrect API key provided: {fake_key(p)}. Check your key.")],
         expect_fail("AUTH_ERROR", http_message(p, 401, "AUTH_ERROR", m), 1, status=401))
    case("http-404-model", [err(p, 404, "The model `no-such-model-9` does not exist or you do not have access to it.")],
         expect_fail("NOT_FOUND", http_message(p, 404, "NOT_FOUND", "no-such-model-9"), 1, status=404),
         probe_input(p, "http-404-model", model=f"{p}:no-such-model-9"))
    case("http-400", [err(p, 400, "Invalid value for 'messages[1].content': expected a string.")],
         expect_fail("VALIDATION_ERROR", http_message(p, 400, "VALIDATION_ERROR", m), 1, status=400))
    case("429-retry-after-then-success",
         [err(p, 429, "Rate limit reached for requests per minute.", {"Retry-After": "2"}),
          ok(reply(p, "After waiting: yes, I pull the lever."))], expect_ok(1, 2))
    case("429-until-retries-run-out", [err(p, 429, "Too many requests, slow down.", {"retry-after-ms": "1500"})] * 5,
         expect_fail("RATE_LIMIT", http_message(p, 429, "RATE_LIMIT", m), 5, status=429))
    case("500-then-success", [err(p, 500, "The server had an error while processing your request."),
                              ok(reply(p, "Second attempt: yes."))], expect_ok(1, 2))
    overloaded = 529 if p == "anthropic" else 503
    case("overloaded", [err(p, overloaded, "The model is overloaded. Please try again later.")] * 3,
         expect_fail("SERVER_ERROR", f"{p} returned HTTP {overloaded}: provider error, retry later", 3, status=overloaded))
    slow = {"fault": "drip", "intervalMs": 60} if p in ("openai", "google", "deepseek") else {"delayMs": 3000, **ok(reply(p, "too late"))}
    case("request-timeout", [slow] * 3, expect_fail("TIMEOUT", f"{p} request failed: timed out", 3),
         env={"PROBE_REQUEST_TIMEOUT_MS": "400"})
    case("connection-refused", [], expect_fail("NETWORK_ERROR", f"{p} request failed: connection refused", 0), refused=True)
    case("reset-mid-body", [{"fault": "resetMidBody"}] * 3, expect_fail("NETWORK_ERROR", f"{p} request failed: reply cut short", 3))
    case("reset-before-headers-then-success", [{"fault": "resetBeforeHeaders"}, ok(reply(p, "Recovered: yes."))], expect_ok(1, 2))
    case("cut-short-then-success", [{"fault": "cutShort"}, ok(reply(p, "Recovered after a short body."))], expect_ok(1, 2))
    case("non-json-body", [{"status": 200, "headers": {"Content-Type": "text/html"},
                            "text": "<html><body>502 Bad Gateway (upstream said: not json {</body></html>"}],
         expect_fail("INVALID_RESPONSE", f"{p} reply has an unexpected shape", 1))
    case("delay-then-success", [{"delayMs": 150, **ok(reply(p, "Slow but fine: yes."))}], expect_ok(1, 1))

    # A 150 KB reply: cut to 102,400 bytes at a code-point boundary (§3.5), from a reply file.
    unit = "Le dilemme du tramway — 电车难题 — 🚋. "
    big = unit * (150_000 // len(unit.encode()) + 1)
    while len(big.encode()) > 150_000:
        big = big[:-1]
    big_reply = reply(p, big, usage=(60, 38000))
    (REPLIES / p).mkdir(parents=True, exist_ok=True)
    (REPLIES / p / "large-150k.json").write_text(json.dumps(big_reply, ensure_ascii=False) + "\n", encoding="utf-8")
    case("large-150k-reply", [{"status": 200, "file": f"parity/replies/{p}/large-150k.json"}], expect_ok(1, 1))

    case("unicode-conversation",
         [ok(reply(p, UNICODE_REPLY)), ok(reply(p, "  ¿Por qué? Porque 5 > 1 — 五人 ✔️ 🙏🏿  ", usage=None))],
         expect_ok(2, 2),
         probe_input(p, "unicode-conversation", preamble="Réponds brièvement. 答えは短く。 أجب باختصار.",
                     prompt=UNICODE_PROMPT, followups=[{"label": "为什么 🤔", "prompt": "Pourquoi ? لماذا؟ 왜?"}]))
    settings = {"maxTokensParam": "max_completion_tokens", "maxTokens": 300, "stopSequences": ["\n\nUser:", "END"],
                "frequencyPenalty": 0.5, "presencePenalty": -0.25, "topP": 0.9, "temperature": 0.3, "seed": 42}
    case("model-config", [ok(reply(p, "Configured reply: yes."))], {**expect_ok(1, 1), "body": MODEL_CONFIG_BODY[p]},
         probe_input(p, "model-config", modelConfig=settings))
    case("model-cost", [ok(reply(p, "Yes.", usage=(1234, 567))), ok(reply(p, "Because five > one.", usage=(1300, 890)))],
         expect_ok(2, 2),
         probe_input(p, "model-cost", followups=[{"label": "why", "prompt": "Why?"}],
                     modelCost={"costInputPerMillion": 2.5, "costOutputPerMillion": 10}))
    return cases


def invalid_cases() -> dict[str, dict]:
    good = probe_input("openai", "invalid")
    cases: dict[str, dict] = {}

    def case(name, message, code="VALIDATION_ERROR", **input_spec):
        cases[name] = {"name": f"invalid/{name}", **input_spec, "env": dict(BASE_ENV), "script": [],
                       "expect": expect_fail(code, message, 0)}

    def mutate(path, value):
        data = json.loads(json.dumps(good))
        target = data
        for part in path[:-1]:
            target = target[part]
        if value is KeyError:
            del target[path[-1]]
        else:
            target[path[-1]] = value
        return data

    case("empty-stdin", "no input provided", inputText="")
    case("whitespace-only", "no input provided", inputText=" \n\t\u3000 ")
    case("bom-only", "no input provided", inputBase64=base64.b64encode(b"\xef\xbb\xbf").decode())
    case("not-json", "input is not valid JSON", inputText="{runId: parity}")
    case("invalid-utf8", "input is not valid JSON", inputBase64=base64.b64encode(b'{"runId":"\xff\xfe"}').decode())
    case("nan", "input is not valid JSON", inputText=json.dumps(good)[:-1] + ', "x": NaN}')
    case("lone-surrogate", "input is not valid JSON", inputText=json.dumps(good)[:-1] + ', "x": "\\ud800"}')
    case("too-deep", "input is not valid JSON", inputText=json.dumps(good)[:-1] + ', "x": ' + "[" * 64 + "]" * 64 + "}")
    case("top-level-array", "input must be a JSON object", inputText="[1, 2]")
    case("missing-run-id", "runId is required", input=mutate(["runId"], KeyError))
    case("run-id-number", "runId must be a string", input=mutate(["runId"], 7))
    case("model-id-blank", "modelId must not be empty", input=mutate(["modelId"], " \u2003 "))
    case("scenario-not-object", "scenario must be an object", input=mutate(["scenario"], "trolley"))
    case("prompt-missing", "scenario.prompt is required", input=mutate(["scenario", "prompt"], KeyError))
    case("followups-not-array", "scenario.followups must be an array", input=mutate(["scenario", "followups"], {"prompt": "x"}))
    case("followup-not-object", "scenario.followups[1] must be an object",
         input=mutate(["scenario", "followups"], [{"prompt": "ok"}, "bad"]))
    case("followup-label-number", "scenario.followups[0].label must be a string",
         input=mutate(["scenario", "followups"], [{"prompt": "ok", "label": 3}]))
    case("temperature-too-high", "config.temperature must be a number between 0 and 2", input=mutate(["config", "temperature"], 2.5))
    case("temperature-bool", "config.temperature must be a number between 0 and 2", input=mutate(["config", "temperature"], True))
    case("max-tokens-zero", "config.maxTokens must be an integer >= 1", input=mutate(["config", "maxTokens"], 0))
    case("max-tokens-float-token", "config.maxTokens must be an integer >= 1",
         inputText=json.dumps(good).replace('"maxTokens": 512', '"maxTokens": 512.0'))
    case("max-turns-string", "config.maxTurns must be an integer >= 1", input=mutate(["config", "maxTurns"], "5"))
    case("config-missing", "config is required", input=mutate(["config"], KeyError))
    case("model-cost-not-object", "modelCost must be an object", input=mutate(["modelCost"], 3))
    case("model-cost-negative", "modelCost.costOutputPerMillion must be a number >= 0",
         input=mutate(["modelCost"], {"costInputPerMillion": 1, "costOutputPerMillion": -0.5}))
    case("model-config-not-object", "modelConfig must be an object", input=mutate(["modelConfig"], ["x"]))
    case("unsupported-provider", "cannot tell the provider of model 'llama-3-70b': use a known model name or a prefix such as 'openai:'",
         code="UNSUPPORTED_PROVIDER", input=mutate(["modelId"], "llama-3-70b"))
    anthropic_hot = probe_input("anthropic", "invalid", config={"temperature": 1.5, "maxTokens": 100, "maxTurns": 1})
    case("anthropic-temperature", "config.temperature must be between 0 and 1 for anthropic", input=anthropic_hot)
    cases["missing-api-key"] = {"name": "invalid/missing-api-key", "input": probe_input("xai", "invalid"),
                                "env": {**BASE_ENV, "XAI_API_KEY": ""}, "script": [],
                                "expect": expect_fail("MISSING_API_KEY", "XAI_API_KEY is not set", 0)}
    return cases


ABSENT = "<absent>"  # expect.body: the field must not be sent

# The request-body fields that carry a rule, stated from the model profiles (D14; MODEL's rows
# of model-profiles.json) so a rule both implementations get wrong fails its case (issue 17).
# "max-tokens": config temperature 0.2, maxTokens 16, no modelConfig: the profile's first limit
# field (OpenAI-compatible), Anthropic's max_tokens, Google's generationConfig.maxOutputTokens.
MAX_TOKENS_BODY = {
    "openai": {"max_tokens": 16, "max_completion_tokens": ABSENT, "temperature": 0.2},
    "anthropic": {"max_tokens": 16, "temperature": 0.2},
    "google": {"generationConfig.maxOutputTokens": 16, "generationConfig.temperature": 0.2},
    # grok-4 always reasons: config.maxTokens + its reasoningAllowance 8192 (D14 step 7).
    "xai": {"max_tokens": 16 + 8192, "max_completion_tokens": ABSENT, "temperature": 0.2},
    "deepseek": {"max_tokens": 16, "max_completion_tokens": ABSENT, "temperature": 0.2},
    "mistral": {"max_tokens": 16, "max_completion_tokens": ABSENT, "temperature": 0.2},
}
# "model-config" (every setting asked, max_completion_tokens as the limit field; an explicit
# modelConfig.maxTokens is sent as given, no allowance): what each
# profile sends, under which name, and what it leaves out (penalties, stop, seed, the field).
_STOP = ["\n\nUser:", "END"]
MODEL_CONFIG_BODY = {
    "openai": {"max_completion_tokens": 300, "max_tokens": ABSENT, "temperature": 0.3, "top_p": 0.9,
               "frequency_penalty": 0.5, "presence_penalty": -0.25, "stop": _STOP, "seed": 42},
    "anthropic": {"max_tokens": 300, "max_completion_tokens": ABSENT, "temperature": 0.3, "top_p": 0.9,
                  "stop_sequences": _STOP, "frequency_penalty": ABSENT, "presence_penalty": ABSENT, "seed": ABSENT},
    "google": {"generationConfig.maxOutputTokens": 300, "generationConfig.temperature": 0.3,
               "generationConfig.topP": 0.9, "generationConfig.stopSequences": _STOP, "generationConfig.seed": 42,
               "generationConfig.frequencyPenalty": ABSENT, "generationConfig.presencePenalty": ABSENT},
    "xai": {"max_completion_tokens": 300, "max_tokens": ABSENT, "temperature": 0.3, "top_p": 0.9,
            "frequency_penalty": ABSENT, "presence_penalty": ABSENT, "stop": ABSENT, "seed": 42},
    "deepseek": {"max_tokens": 300, "max_completion_tokens": ABSENT, "temperature": 0.3, "top_p": 0.9,
                 "frequency_penalty": 0.5, "presence_penalty": -0.25, "stop": _STOP, "seed": ABSENT},
    "mistral": {"max_tokens": 300, "max_completion_tokens": ABSENT, "temperature": 0.3, "top_p": 0.9,
                "frequency_penalty": 0.5, "presence_penalty": -0.25, "stop": _STOP, "random_seed": 42,
                "seed": ABSENT},
}


def main() -> None:
    shutil.rmtree(CASES, ignore_errors=True)
    shutil.rmtree(REPLIES, ignore_errors=True)
    groups = {p: provider_cases(p) for p in PROVIDERS}
    groups["invalid"] = invalid_cases()
    from profile_cases import OVERLAY, PROFILES_DIR, profile_cases  # model profiles (D14)
    groups["profiles"] = profile_cases()
    shutil.rmtree(PROFILES_DIR, ignore_errors=True)
    PROFILES_DIR.mkdir(parents=True)
    (PROFILES_DIR / "overlay.json").write_text(json.dumps(OVERLAY, indent=1) + "\n", encoding="utf-8")
    from responses_cases import responses_cases  # the OpenAI Responses API's cases (D15)
    groups["openai-responses"] = responses_cases()
    from error_cases import error_cases  # errors by what they mean, requests that heal (D4, issue 14)
    groups["errors"] = error_cases()
    from usage_cases import usage_cases  # issue 14: usage as billed, refusals, no answer (D3, D7)
    groups["usage"] = usage_cases()
    count = 0
    for group, cases in groups.items():
        (CASES / group).mkdir(parents=True, exist_ok=True)
        for name, value in cases.items():
            (CASES / group / f"{name}.json").write_text(json.dumps(value, ensure_ascii=False, indent=1) + "\n",
                                                        encoding="utf-8")
            count += 1
    print(f"{count} cases in {CASES}")


if __name__ == "__main__":
    main()
