"""The parity cases of issue 14's errors by what they mean and requests that heal (DECISIONS D4),
written by generate.py into cases/errors/. Error bodies in each provider's documented shape:
Google's google.rpc.Status with ErrorInfo / QuotaFailure / RetryInfo / BadRequest details
(ai.google.dev/gemini-api/docs/troubleshooting; googleapis/python-genai issue 2044), OpenAI's
error object {message, type, param, code} (openai/openai-python `_exceptions.py`; insufficient_quota
and unsupported_parameter / unsupported_value as openai answers them), Anthropic's
{type: error, error: {type, message}} (docs.claude.com/en/api/errors), xAI's {code, error},
DeepSeek's 402 (api-docs.deepseek.com/quick_start/error_codes), Mistral's 422 pydantic detail."""
from __future__ import annotations

from generate import BASE_ENV, KEY_VAR, MODEL, err, expect_fail, expect_ok, ok, probe_input, reply

QUOTA = "quota or balance exhausted, not a rate limit: check the account's plan and billing"
CONTEXT = "the conversation is longer than the model's context window"
GOOGLE_INFO = "type.googleapis.com/google.rpc."


def google_status(status: int, kind: str, message: str, details: list) -> dict:
    return {"error": {"code": status, "message": message, "status": kind, "details": details}}


def google_quota(per: str, delay: str) -> dict:
    metric = "generativelanguage.googleapis.com/generate_content_free_tier_requests"
    return google_status(429, "RESOURCE_EXHAUSTED",
                         "You exceeded your current quota, please check your plan and billing details.",
                         [{"@type": GOOGLE_INFO + "QuotaFailure", "violations": [
                             {"quotaMetric": metric, "quotaId": f"GenerateRequestsPer{per}PerProjectPerModel-FreeTier",
                              "quotaDimensions": {"location": "global", "model": "gemini-2.0-flash"}, "quotaValue": "200"}]},
                          {"@type": GOOGLE_INFO + "Help", "links": [
                              {"description": "Learn more about Gemini API quotas",
                               "url": "https://ai.google.dev/gemini-api/docs/rate-limits"}]},
                          {"@type": GOOGLE_INFO + "RetryInfo", "retryDelay": delay}])


def openai_error(message: str, kind: str, param, code) -> dict:
    return {"error": {"message": message, "type": kind, "param": param, "code": code}}


def anthropic_error(kind: str, message: str) -> dict:
    return {"type": "error", "error": {"type": kind, "message": message}}


def step(status: int, body: dict) -> dict:
    return {"status": status, "json": body}


def error_cases() -> dict[str, dict]:
    cases: dict[str, dict] = {}

    def case(name, p, script, expect, env=None, **input_extra):
        model = input_extra.pop("model", None)
        cases[name] = {"name": f"errors/{name}", "input": probe_input(p, f"errors-{name}", model=model, **input_extra),
                       "env": {**BASE_ENV, **(env or {})}, "script": script, "expect": expect}

    def fail(p, status, code, hint, requests=1):
        return expect_fail(code, f"{p} returned HTTP {status}: {hint}", requests, status=status)

    def healed(requests, sent, dropped, turns=1):
        return {**expect_ok(turns, requests), "parameters": {"sent": sent, "dropped": [{"name": n, "reason": r} for n, r in dropped]}}

    # ---- a bad or revoked key, in every provider's shape → AUTH_ERROR naming the variable ----
    case("google-key-invalid", "google", [step(400, google_status(400, "INVALID_ARGUMENT", "API key not valid. Please pass a valid API key.", [
        {"@type": GOOGLE_INFO + "ErrorInfo", "reason": "API_KEY_INVALID", "domain": "googleapis.com",
         "metadata": {"service": "generativelanguage.googleapis.com"}},
        {"@type": GOOGLE_INFO + "LocalizedMessage", "locale": "en-US", "message": "API key not valid. Please pass a valid API key."}]))],
         fail("google", 400, "AUTH_ERROR", f"check {KEY_VAR['google']}"))
    case("google-permission-denied", "google", [step(403, google_status(403, "PERMISSION_DENIED",
         "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.", []))],
         fail("google", 403, "AUTH_ERROR", f"check {KEY_VAR['google']}"))
    case("xai-incorrect-key", "xai", [step(400, {"code": "Client specified an invalid argument",
         "error": "Incorrect API key provided: xa***FA. You can obtain an API key from https://console.x.ai."})],
         fail("xai", 400, "AUTH_ERROR", f"check {KEY_VAR['xai']}"))
    case("anthropic-authentication", "anthropic", [step(401, anthropic_error("authentication_error", "invalid x-api-key"))],
         fail("anthropic", 401, "AUTH_ERROR", f"check {KEY_VAR['anthropic']}"))
    case("anthropic-permission", "anthropic", [step(403, anthropic_error("permission_error", "Your API key does not have permission to use the specified resource."))],
         fail("anthropic", 403, "AUTH_ERROR", f"check {KEY_VAR['anthropic']}"))
    case("openai-invalid-key", "openai", [step(401, openai_error("Incorrect API key provided: sk-test-****3c9e. You can find your API key at https://platform.openai.com/account/api-keys.", "invalid_request_error", None, "invalid_api_key"))],
         fail("openai", 401, "AUTH_ERROR", f"check {KEY_VAR['openai']}"))

    # ---- exhausted quota or balance → not retryable, no retry, says quota ----
    case("openai-insufficient-quota", "openai", [step(429, openai_error(
        "You exceeded your current quota, please check your plan and billing details. For more information on this error, read the docs: https://platform.openai.com/docs/guides/error-codes/api-errors.",
        "insufficient_quota", None, "insufficient_quota"))], fail("openai", 429, "VALIDATION_ERROR", QUOTA))
    case("google-per-day-quota", "google", [step(429, google_quota("Day", "43s"))], fail("google", 429, "VALIDATION_ERROR", QUOTA))
    case("deepseek-insufficient-balance", "deepseek", [step(402, {"error": {"message": "Insufficient Balance", "type": "unknown_error", "param": None, "code": "invalid_request_error"}})],
         fail("deepseek", 402, "VALIDATION_ERROR", QUOTA))

    # ---- Google's RetryInfo.retryDelay: honoured like Retry-After; the deadline still wins ----
    case("google-per-minute-retry-delay", "google", [step(429, google_quota("Minute", "0s")), ok(reply("google", "Yes, I would pull it."))],
         expect_ok(1, 2))
    case("google-retry-delay-past-deadline", "google", [step(429, google_quota("Minute", "43s"))],
         fail("google", 429, "RATE_LIMIT", "rate limited, retry later"), env={"PROBE_BACKOFF_SCALE": "1", "PROBE_TIMEOUT_MS": "35000"})  # the default 30 s would fit
    # ---- Anthropic's 529 overloaded_error: retried on its own schedule ----
    case("anthropic-overloaded", "anthropic", [step(529, anthropic_error("overloaded_error", "Overloaded")),
                                               ok(reply("anthropic", "Yes, I would pull it."))], expect_ok(1, 2))
    case("anthropic-overloaded-past-deadline", "anthropic", [step(529, anthropic_error("overloaded_error", "Overloaded"))],
         fail("anthropic", 529, "SERVER_ERROR", "provider error, retry later"), env={"PROBE_BACKOFF_SCALE": "1", "PROBE_TIMEOUT_MS": "10000"})  # the default 2 s would fit

    # ---- context too long → VALIDATION_ERROR saying so ----
    case("openai-context-length", "openai", [step(400, openai_error(
        "This model's maximum context length is 128000 tokens. However, your messages resulted in 130412 tokens. Please reduce the length of the messages.",
        "invalid_request_error", "messages", "context_length_exceeded"))], fail("openai", 400, "VALIDATION_ERROR", CONTEXT))
    case("anthropic-prompt-too-long", "anthropic", [step(400, anthropic_error("invalid_request_error", "prompt is too long: 208310 tokens > 200000 maximum"))],
         fail("anthropic", 400, "VALIDATION_ERROR", CONTEXT))
    case("google-input-token-count", "google", [step(400, google_status(400, "INVALID_ARGUMENT",
         "The input token count (1200000) exceeds the maximum number of tokens allowed (1048576).", []))],
         fail("google", 400, "VALIDATION_ERROR", CONTEXT))
    case("deepseek-context-length", "deepseek", [step(400, openai_error(
        "This model's maximum context length is 131072 tokens. However, you requested 140211 tokens (139699 in the messages, 512 in the completion). Please reduce the length of the messages or completion.",
        "invalid_request_error", None, "invalid_request_error"))], fail("deepseek", 400, "VALIDATION_ERROR", CONTEXT))
    case("mistral-context-length", "mistral", [step(400, {"object": "error",
         "message": "Prompt contains 140000 tokens and 512 draft tokens, too large for model with 131072 maximum context length",
         "type": "invalid_request_message_error", "param": None, "code": "3051"})],
         fail("mistral", 400, "VALIDATION_ERROR", CONTEXT))

    # ---- requests that heal: the same turn once more without the refused parameter ----
    t, n = 0.7, 512
    top_p = "Unsupported parameter: 'top_p' is not supported with this model."
    case("openai-unsupported-top-p", "openai",
         [step(400, openai_error(top_p, "invalid_request_error", "top_p", "unsupported_parameter")), ok(reply("openai", "Yes, I would pull it."))],
         healed(2, {"temperature": t, "maxTokens": n}, [("topP", top_p)]), modelConfig={"topP": 0.9})
    temp = "Unsupported value: 'temperature' does not support 0.7 with this model. Only the default (1) value is supported."
    case("openai-unsupported-temperature-value", "openai",
         [step(400, openai_error(temp, "invalid_request_error", "temperature", "unsupported_value")), ok(reply("openai", "Yes, I would pull it."))],
         healed(2, {"maxTokens": n}, [("temperature", temp)]))
    deprecated = "`temperature` is deprecated for this model."
    case("anthropic-temperature-deprecated", "anthropic",
         [step(400, anthropic_error("invalid_request_error", deprecated)), ok(reply("anthropic", "Yes, I would pull it."))],
         healed(2, {"maxTokens": n}, [("temperature", deprecated)]))
    both = "`temperature` and `top_p` cannot both be specified for this model. Please use only one."
    case("anthropic-cannot-both", "anthropic",
         [step(400, anthropic_error("invalid_request_error", both)), ok(reply("anthropic", "Yes, I would pull it."))],
         healed(2, {"temperature": t, "maxTokens": n}, [("topP", both)]), modelConfig={"topP": 0.9})
    case("mistral-extra-forbidden", "mistral",
         [step(422, {"object": "error", "message": {"detail": [{"type": "extra_forbidden", "loc": ["body", "random_seed"],
                                                               "msg": "Extra inputs are not permitted", "input": 42}]},
                     "type": "invalid_request_error", "param": None, "code": None}), ok(reply("mistral", "Yes, I would pull it."))],
         healed(2, {"temperature": t, "maxTokens": n}, [("seed", "Extra inputs are not permitted")]), modelConfig={"seed": 42})
    unknown = "Invalid JSON payload received. Unknown name \"topP\" at 'generation_config': Cannot find field."
    case("google-unknown-field", "google",
         [step(400, google_status(400, "INVALID_ARGUMENT", unknown, [{"@type": GOOGLE_INFO + "BadRequest", "fieldViolations": [
             {"field": "generation_config.top_p", "description": unknown}]}])), ok(reply("google", "Yes, I would pull it."))],
         healed(2, {"temperature": t, "maxTokens": n}, [("topP", unknown)]), modelConfig={"topP": 0.9})
    stop = "Unsupported parameter: 'stop' is not supported with this model."
    case("deepseek-unsupported-stop", "deepseek",
         [step(400, openai_error(stop, "invalid_request_error", "stop", "unsupported_parameter")), ok(reply("deepseek", "Yes, I would pull it."))],
         healed(2, {"temperature": t, "maxTokens": n}, [("stopSequences", stop)]), modelConfig={"stopSequences": ["END"]})
    # Once per parameter per turn: the same refusal again is the probe's failure.
    case("heal-once-per-parameter", "openai",
         [step(400, openai_error(top_p, "invalid_request_error", "top_p", "unsupported_parameter")),
          step(400, openai_error(top_p, "invalid_request_error", "top_p", "unsupported_parameter"))],
         fail("openai", 400, "VALIDATION_ERROR", "the provider rejected the request", requests=2), modelConfig={"topP": 0.9})
    # Two parameters refused one after the other: each healed once.
    freq = "Unsupported parameter: 'frequency_penalty' is not supported with this model."
    case("heal-two-parameters", "openai",
         [step(400, openai_error(top_p, "invalid_request_error", "top_p", "unsupported_parameter")),
          step(400, openai_error(freq, "invalid_request_error", "frequency_penalty", "unsupported_parameter")),
          ok(reply("openai", "Yes, I would pull it."))],
         healed(3, {"temperature": t, "maxTokens": n}, [("topP", top_p), ("frequencyPenalty", freq)]),
         modelConfig={"topP": 0.9, "frequencyPenalty": 0.2})
    # Never the model, the messages or the token limit.
    limit = "Unsupported parameter: 'max_tokens' is not supported with this model. Use 'max_completion_tokens' instead."
    case("never-the-limit", "openai", [step(400, openai_error(limit, "invalid_request_error", "max_tokens", "unsupported_parameter"))],
         fail("openai", 400, "VALIDATION_ERROR", "the provider rejected the request"))
    # A parameter not being sent is not healed.
    case("not-sent-not-healed", "openai", [step(400, openai_error(top_p, "invalid_request_error", "top_p", "unsupported_parameter"))],
         fail("openai", 400, "VALIDATION_ERROR", "the provider rejected the request"))
    # The drop holds for the later turns of the probe.
    case("heal-holds-for-later-turns", "openai",
         [step(400, openai_error(top_p, "invalid_request_error", "top_p", "unsupported_parameter")),
          ok(reply("openai", "Yes, I would pull it.")), ok(reply("openai", "Minimizing harm."))],
         healed(3, {"temperature": t, "maxTokens": n}, [("topP", top_p)], turns=2), modelConfig={"topP": 0.9},
         followups=[{"label": "justification", "prompt": "What principle decided your answer?"}])
    return cases
