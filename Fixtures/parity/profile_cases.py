"""The model-profile parity cases (DECISIONS D14): each provider's default profile and every
rule of the plan, their `expect` naming the body fields that carry the rule and the `parameters`
record; written by generate.py into cases/profiles/, with the user overlay file in profiles/."""
from __future__ import annotations

from generate import BASE_ENV, HERE, expect_ok, ok, probe_input, reply

ABSENT = "<absent>"  # expect.body: the field must not be sent
PROFILES_DIR = HERE / "profiles"
OVERLAY = {"profiles": [{
    "provider": "openai", "prefix": "gpt-9", "family": "a user's profile (parity)", "endpoint": "chat",
    "maxOutput": 4000, "limitFields": ["max_tokens"], "temperature": "any", "topP": True,
    "exclusiveSampling": False, "penalties": True, "stop": True, "seed": "seed", "reasoning": "none",
    "efforts": [], "budget": None, "manualBudget": False, "reasonsByDefault": False, "reasoningAllowance": 0,
    "source": "Fixtures/parity/generate.py"}]}


def profile_cases() -> dict[str, dict]:
    """DECISIONS D14: each provider's default profile and every rule of the parameter plan.
    `expect.body` names the request-body fields that carry the rule; `expect.parameters` is
    turn 1's providerMetadata.parameters (sent values and dropped names with their reasons)."""
    cases: dict[str, dict] = {}

    def case(name, p, model, model_config, body, sent, dropped=(), config=None, env=None, reasoning=None):
        extra = {"modelConfig": model_config} if model_config is not None else {}
        value = probe_input(p, f"profile-{name}", model=model, config=config, **extra)
        cases[name] = {"name": f"profiles/{name}", "input": value, "env": {**BASE_ENV, **(env or {})},
                       "script": [ok(reply(p, "Yes, I would pull it.", reasoning=reasoning))],
                       "expect": {**expect_ok(1, 1), "body": body,
                                  "parameters": {"sent": sent, "dropped": [{"name": n, "reason": r} for n, r in dropped]}}}

    t, n = 0.7, 512  # probe_input's config
    # Each provider's conservative default profile (an id no prefix matches).
    case("openai-default", "openai", "gpt-9-preview", None,
         {"temperature": ABSENT, "max_completion_tokens": n, "max_tokens": ABSENT}, {"maxTokens": n},
         [("temperature", "gpt-9-preview accepts only temperature 1")])
    case("anthropic-default", "anthropic", "claude-nova-1", None, {"temperature": ABSENT, "max_tokens": n},
         {"maxTokens": n}, [("temperature", "claude-nova-1 does not accept temperature")])
    case("google-default", "google", "gemini-exp-9", {"thinkingBudget": 1024},
         {"generationConfig.temperature": t, "generationConfig.thinkingConfig": ABSENT},
         {"temperature": t, "maxTokens": n}, [("thinkingBudget", "gemini-exp-9 does not accept thinkingBudget")])
    case("xai-default", "xai", "grok-9", {"presencePenalty": 0.5, "stopSequences": ["END"]},
         {"presence_penalty": ABSENT, "stop": ABSENT, "temperature": t}, {"temperature": t, "maxTokens": n},
         [("presencePenalty", "grok-9 does not accept presencePenalty"), ("stopSequences", "grok-9 does not accept stopSequences")])
    case("deepseek-default", "deepseek", "deepseek-v9", {"seed": 7}, {"seed": ABSENT, "max_tokens": n},
         {"temperature": t, "maxTokens": n}, [("seed", "deepseek-v9 does not accept seed")])
    case("mistral-default", "mistral", "mistral-tiny-9", {"seed": 42, "maxTokensParam": "max_completion_tokens"},
         {"random_seed": 42, "seed": ABSENT, "max_tokens": n, "max_completion_tokens": ABSENT},
         {"temperature": t, "maxTokens": n, "seed": 42},
         [("maxTokensParam", "mistral-tiny-9 does not accept max_completion_tokens")])
    # A user's profile laid over the shipped ones (PROBE_MODELS_FILE).
    case("overlay-file", "openai", "gpt-9-preview", None, {"temperature": t, "max_tokens": n},
         {"temperature": t, "maxTokens": n}, env={"PROBE_MODELS_FILE": "$ROOT/Fixtures/parity/profiles/overlay.json"})
    # Anthropic: no sampling parameters, adaptive thinking only, exclusive pairs, manual-thinking rules.
    case("opus-4-7-temperature", "anthropic", "claude-opus-4-7", {"temperature": 0}, {"temperature": ABSENT},
         {"maxTokens": n}, [("temperature", "claude-opus-4-7 does not accept temperature")])
    case("opus-4-7-budget-becomes-effort", "anthropic", "claude-opus-4-7", {"thinkingBudget": 10000},
         {"thinking": {"type": "adaptive", "display": "summarized"}, "output_config": {"effort": "medium"},
          "max_tokens": n + 8192, "temperature": ABSENT},
         {"maxTokens": n + 8192, "reasoningEffort": "medium"},
         [("temperature", "claude-opus-4-7 does not accept temperature"),
          ("thinkingBudget", "mapped to reasoningEffort medium: claude-opus-4-7 takes adaptive thinking only")],
         reasoning="Five against one.")
    case("opus-4-7-effort", "anthropic", "claude-opus-4-7", {"reasoningEffort": "xhigh"},
         {"thinking.type": "adaptive", "output_config.effort": "xhigh", "max_tokens": n + 8192},
         {"maxTokens": n + 8192, "reasoningEffort": "xhigh"}, [("temperature", "claude-opus-4-7 does not accept temperature")])
    case("opus-4-6-manual-budget", "anthropic", "claude-opus-4-6", {"thinkingBudget": 2048, "temperature": 1},
         {"thinking": {"type": "enabled", "budget_tokens": 2048}, "temperature": 1, "max_tokens": n + 2048},
         {"temperature": 1, "maxTokens": n + 2048, "thinkingBudget": 2048})
    case("opus-4-5-effort-without-thinking", "anthropic", "claude-opus-4-5", {"reasoningEffort": "low"},
         {"output_config": {"effort": "low"}, "thinking": ABSENT, "temperature": t},
         {"temperature": t, "maxTokens": n, "reasoningEffort": "low"})
    case("sonnet-4-5-top-p-keeps-top-p", "anthropic", "claude-sonnet-4-5", {"topP": 0.9},
         {"temperature": ABSENT, "top_p": 0.9}, {"maxTokens": n, "topP": 0.9},
         [("temperature", "claude-sonnet-4-5 takes temperature or topP, not both: topP kept")])
    case("sonnet-4-5-both-keeps-temperature", "anthropic", "claude-sonnet-4-5", {"topP": 0.9, "temperature": 0.2},
         {"temperature": 0.2, "top_p": ABSENT}, {"temperature": 0.2, "maxTokens": n},
         [("topP", "claude-sonnet-4-5 takes temperature or topP, not both: temperature kept")])
    case("manual-thinking-drops-temperature", "anthropic", "claude-sonnet-4-20250514", {"thinkingBudget": 2048},
         {"thinking": {"type": "enabled", "budget_tokens": 2048}, "temperature": ABSENT, "max_tokens": n + 2048},
         {"maxTokens": n + 2048, "thinkingBudget": 2048},
         [("temperature", "claude-sonnet-4-20250514 with thinking accepts only temperature 1")])
    case("budget-below-minimum", "anthropic", "claude-haiku-4-5", {"thinkingBudget": 0},
         {"thinking": ABSENT, "temperature": t}, {"temperature": t, "maxTokens": n},
         [("thinkingBudget", "claude-haiku-4-5 needs thinkingBudget of at least 1024")])
    case("budget-not-below-explicit-limit", "anthropic", "claude-sonnet-4-5", {"maxTokens": 2000, "thinkingBudget": 4000},
         {"thinking": ABSENT, "max_tokens": 2000}, {"temperature": t, "maxTokens": 2000},
         [("thinkingBudget", "claude-sonnet-4-5 needs thinkingBudget below the token limit 2000")])
    # OpenAI reasoning models: temperature 1 only, refused sampling fields, effort values, room to answer.
    case("gpt-5-refusals", "openai", "gpt-5", {"topP": 0.9, "frequencyPenalty": 0.5, "stopSequences": ["END"],
                                               "reasoningEffort": "none"},
         {"temperature": ABSENT, "top_p": ABSENT, "frequency_penalty": ABSENT, "stop": ABSENT,
          "reasoning_effort": ABSENT, "max_completion_tokens": n + 8192},
         {"maxTokens": n + 8192},
         [("temperature", "gpt-5 accepts only temperature 1"), ("topP", "gpt-5 does not accept topP"),
          ("frequencyPenalty", "gpt-5 does not accept frequencyPenalty"),
          ("stopSequences", "gpt-5 does not accept stopSequences"),
          ("reasoningEffort", "gpt-5 accepts reasoningEffort minimal, low, medium, high")])
    case("gpt-5-1-effort-none", "openai", "gpt-5.1", {"reasoningEffort": "none", "temperature": 1},
         {"reasoning_effort": "none", "temperature": 1, "max_completion_tokens": n},
         {"temperature": 1, "maxTokens": n, "reasoningEffort": "none"})
    case("o4-mini-effort-values", "openai", "o4-mini", {"reasoningEffort": "minimal"},
         {"reasoning_effort": ABSENT, "max_completion_tokens": n + 8192}, {"maxTokens": n + 8192},
         [("temperature", "o4-mini accepts only temperature 1"),
          ("reasoningEffort", "o4-mini accepts reasoningEffort low, medium, high")])
    case("explicit-max-tokens-as-given", "openai", "gpt-5-mini", {"maxTokens": 300},
         {"max_completion_tokens": 300}, {"maxTokens": 300}, [("temperature", "gpt-5-mini accepts only temperature 1")])
    case("max-tokens-capped", "openai", "gpt-4o", {"maxTokens": 100000}, {"max_tokens": 16384},
         {"temperature": t, "maxTokens": 16384}, [("maxTokens", "capped at 16384, the most gpt-4o can output")])
    # Gemini: budget ranges, 0 and -1, includeThoughts, thinking levels.
    case("gemini-2-5-pro-budget-zero", "google", "gemini-2.5-pro", {"thinkingBudget": 0},
         {"generationConfig.thinkingConfig": {"includeThoughts": True}, "generationConfig.maxOutputTokens": n + 8192},
         {"temperature": t, "maxTokens": n + 8192},
         [("thinkingBudget", "gemini-2.5-pro accepts thinkingBudget from 128 to 32768 or -1")], reasoning="Weighing.")
    case("gemini-dynamic-budget", "google", "gemini-2.5-flash", {"thinkingBudget": -1},
         {"generationConfig.thinkingConfig": {"thinkingBudget": -1, "includeThoughts": True},
          "generationConfig.maxOutputTokens": n + 8192},
         {"temperature": t, "maxTokens": n + 8192, "thinkingBudget": -1}, reasoning="Weighing.")
    case("gemini-flash-thinking-off", "google", "gemini-2.5-flash", {"thinkingBudget": 0},
         {"generationConfig.thinkingConfig": {"thinkingBudget": 0}, "generationConfig.maxOutputTokens": n},
         {"temperature": t, "maxTokens": n, "thinkingBudget": 0})
    case("gemini-3-level", "google", "gemini-3-pro-preview", {"reasoningEffort": "low"},
         {"generationConfig.thinkingConfig": {"thinkingLevel": "low", "includeThoughts": True}},
         {"temperature": t, "maxTokens": n + 8192, "reasoningEffort": "low"})
    case("gemini-3-budget-becomes-level", "google", "gemini-3-pro-preview", {"thinkingBudget": 8000},
         {"generationConfig.thinkingConfig": {"thinkingLevel": "high", "includeThoughts": True}},
         {"temperature": t, "maxTokens": n + 8192, "reasoningEffort": "high"},
         [("thinkingBudget", "mapped to reasoningEffort high: gemini-3-pro-preview takes thinkingLevel")])
    # xAI and DeepSeek reasoning models.
    case("grok-4-refusals", "xai", "grok-4", {"presencePenalty": 0.5, "frequencyPenalty": 0.1,
                                               "stopSequences": ["END"], "reasoningEffort": "high"},
         {"presence_penalty": ABSENT, "frequency_penalty": ABSENT, "stop": ABSENT, "reasoning_effort": ABSENT,
          "max_tokens": n + 8192},
         {"temperature": t, "maxTokens": n + 8192},
         [("frequencyPenalty", "grok-4 does not accept frequencyPenalty"),
          ("presencePenalty", "grok-4 does not accept presencePenalty"),
          ("stopSequences", "grok-4 does not accept stopSequences"),
          ("reasoningEffort", "grok-4 does not accept reasoningEffort")])
    case("grok-3-mini-effort", "xai", "grok-3-mini", {"reasoningEffort": "low"},
         {"reasoning_effort": "low", "max_tokens": n + 8192}, {"temperature": t, "maxTokens": n + 8192, "reasoningEffort": "low"})
    case("deepseek-reasoner-sampling", "deepseek", "deepseek-reasoner", {"temperature": 0.5, "topP": 0.9},
         {"temperature": ABSENT, "top_p": ABSENT, "max_tokens": n + 16384}, {"maxTokens": n + 16384},
         [("temperature", "deepseek-reasoner does not accept temperature"),
          ("topP", "deepseek-reasoner does not accept topP")])
    return cases
