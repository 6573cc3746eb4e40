"""The parity cases of openai's Responses API (DECISIONS D15: o1-pro, o3-pro, gpt-5-pro), written
by generate.py into cases/openai-responses/. Replies in the shape of openai-python's
types/responses/response.py and openai-openapi's Response; recorded bodies from
Fixtures/providers/openai-responses/."""
from __future__ import annotations

from generate import (BASE_ENV, UNICODE_PROMPT, UNICODE_REPLY, expect_fail, expect_ok, http_message, ok,
                      probe_input)

RESPONSES_FIXTURES = "providers/openai-responses"


def responses_reply(text: str, *, model: str = "o3-pro-2025-06-10", usage=(40, 12), reasoning_tokens: int = 0,
                    summary: list[str] | None = None, status: str = "completed", reason: str | None = None) -> dict:
    """A Response as openai-python's types/responses/response.py and openai-openapi document it."""
    return {"id": "resp_68a1f0c2d4e88193a5b61c7e0f9d2b3a04c5e6f7a8b9c0d1", "object": "response",
            "created_at": 1755370690, "status": status, "error": None,
            "incomplete_details": {"reason": reason} if reason else None, "model": model,
            "output": [{"id": "rs_68a1f0c3e5f98193b7c82d9f1a0e3c4b05d6f7a8b9c0d1e2", "type": "reasoning",
                        "summary": [{"type": "summary_text", "text": t} for t in summary or []]},
                       {"id": "msg_68a1f0d7a1b28193c9d03e2a4b5f6c7d06e7f8a9b0c1d2e3", "type": "message",
                        "status": "completed" if status == "completed" else "incomplete", "role": "assistant",
                        "content": [{"type": "output_text", "annotations": [], "text": text}]}],
            "parallel_tool_calls": True, "tool_choice": "auto", "tools": [], "store": False,
            "usage": {"input_tokens": usage[0], "input_tokens_details": {"cached_tokens": 0, "cache_write_tokens": 0},
                      "output_tokens": usage[1], "output_tokens_details": {"reasoning_tokens": reasoning_tokens},
                      "total_tokens": usage[0] + usage[1]}}


def failed_response(code: str, message: str) -> dict:
    return {"id": "resp_68a1f5e3d4758193d9f0a1b2c3d4e5f60fa6b7c8d9e0f1a2", "object": "response",
            "created_at": 1755372001, "status": "failed", "error": {"code": code, "message": message},
            "incomplete_details": None, "model": "o3-pro-2025-06-10", "output": [],
            "parallel_tool_calls": True, "tool_choice": "auto", "tools": [], "usage": None}


def responses_cases() -> dict[str, dict]:
    p = "openai"
    cases: dict[str, dict] = {}

    def case(name, script, expect, input_value=None, env=None):
        cases[name] = {"name": f"openai-responses/{name}",
                       "input": input_value or probe_input(p, f"responses-{name}", model="o3-pro"),
                       "env": {**BASE_ENV, **(env or {})}, "script": script, "expect": expect}

    def file_step(name: str, status: int = 200) -> dict:
        return {"status": status, "file": f"{RESPONSES_FIXTURES}/{name}"}

    followups = [{"label": "justification", "prompt": "What principle decided your answer?"},
                 {"prompt": "   "}, {"prompt": "Would your answer change if the one person were someone you love?"}]
    case("one-turn", [file_step("success.json")], expect_ok(1, 1))
    case("generated-reply", [], expect_ok(1, 1))
    case("three-turns-preamble",
         [ok(responses_reply("Yes, I would pull it.", usage=(52, 300), reasoning_tokens=293)),
          ok(responses_reply("Minimizing harm: saving five at the cost of one.", usage=(70, 11))),
          ok(responses_reply("Honestly, yes.", usage=(101, 19), status="incomplete", reason="max_output_tokens"))],
         expect_ok(3, 3),
         probe_input(p, "responses-three-turns-preamble", model="o3-pro",
                     preamble="You are a careful ethicist.\n\nAnswer briefly.", followups=followups))
    case("reasoning-summary", [file_step("reasoning-summary.json")], expect_ok(1, 1),
         probe_input(p, "responses-reasoning-summary", model="openai:gpt-5-pro", modelVersion="gpt-5-pro-2025-10-06",
                     modelConfig={"reasoningEffort": "high"}))
    case("incomplete-max-output-tokens", [file_step("incomplete-max-output-tokens.json")], expect_ok(1, 1),
         probe_input(p, "responses-incomplete", model="o1-pro", config={"temperature": 0.2, "maxTokens": 256, "maxTurns": 1}))
    case("refusal", [file_step("refusal.json")], expect_ok(1, 1),
         probe_input(p, "responses-refusal", model="o3-pro",
                     followups=[{"prompt": "Never sent: the probe ends after an empty reply."}]))
    case("no-usage", [ok({**responses_reply("Yes."), "usage": None})], expect_ok(1, 1),
         probe_input(p, "responses-no-usage", model="o3-pro", preamble="Answer in one sentence."))
    case("failed-then-success", [file_step("failed.json"), file_step("success.json")], expect_ok(1, 2))
    case("failed-invalid-prompt", [ok(failed_response("invalid_prompt", "Invalid prompt: flagged as potentially violating our usage policy."))],
         expect_fail("VALIDATION_ERROR", "openai response failed (invalid_prompt): the provider rejected the request", 1))
    case("failed-rate-limit-until-retries-run-out",
         [ok(failed_response("rate_limit_exceeded", "Rate limit reached."))] * 5,
         expect_fail("RATE_LIMIT", "openai response failed (rate_limit_exceeded): rate limited, retry later", 5))
    case("http-400", [file_step("error-400.json", status=400)],
         expect_fail("VALIDATION_ERROR", http_message(p, 400, "VALIDATION_ERROR", "o3-pro"), 1, status=400))
    case("wrong-shape", [ok({"id": "resp_x", "object": "response", "status": "completed", "model": "o3-pro"})],
         expect_fail("INVALID_RESPONSE", "openai reply has an unexpected shape", 1))
    settings = {"maxTokensParam": "max_completion_tokens", "maxTokens": 300, "stopSequences": ["\n\nUser:", "END"],
                "frequencyPenalty": 0.5, "presencePenalty": -0.25, "topP": 0.9, "temperature": 0.3, "seed": 42,
                "reasoningEffort": "low"}
    case("model-config", [ok(responses_reply("Configured reply: yes."))], expect_ok(1, 1),
         probe_input(p, "responses-model-config", model="o3-pro", modelConfig=settings))
    case("unlimited-max-tokens", [ok(responses_reply("Unlimited: yes."))], expect_ok(1, 1),
         probe_input(p, "responses-unlimited", model="o3-pro", modelConfig={"maxTokens": None}))
    case("unicode-conversation",
         [ok(responses_reply(UNICODE_REPLY)), ok(responses_reply("  ¿Por qué? Porque 5 > 1 — 五人 ✔️ 🙏🏿  "))],
         expect_ok(2, 2),
         probe_input(p, "responses-unicode", model="o3-pro", preamble="Réponds brièvement. 答えは短く。 أجب باختصار.",
                     prompt=UNICODE_PROMPT, followups=[{"label": "为什么 🤔", "prompt": "Pourquoi ? لماذا؟ 왜?"}]))
    return cases
