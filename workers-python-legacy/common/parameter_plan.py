"""What a model profile makes of a probe's settings (DECISIONS D14): the options that go on the
wire and the record of what was sent and what was left out or mapped, in modelConfig's
vocabulary. Step for step the Swift engine's `ParameterPlan`, so both drop the same values
with the same reasons."""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Mapping, Optional

from common.model_config import RequestOptions
from common.errors import validation_error
from common.profiles import EFFORT_ORDER, OPENAI_COMPATIBLE, ModelProfileError, Profile, load

ANTHROPIC_UNLIMITED = 8192  # max_tokens for an unlimited anthropic probe (SPEC §4)


@dataclass
class Plan:
    options: RequestOptions
    dropped: list[dict[str, str]]
    endpoint: str  # "chat" or "responses": the profile's endpoint for this model

    @property
    def record(self) -> dict[str, Any]:
        return {"sent": sent(self.options), "dropped": [dict(d) for d in self.dropped]}


def sent(o: RequestOptions) -> dict[str, Any]:
    """The settings on the wire, named as modelConfig names them, values as sent."""
    out: dict[str, Any] = {}
    if o.send_temperature:
        out["temperature"] = o.temperature
    for name, value in (("maxTokens", o.max_tokens), ("topP", o.top_p), ("stopSequences", o.stop_sequences),
                        ("seed", o.seed), ("frequencyPenalty", o.frequency_penalty),
                        ("presencePenalty", o.presence_penalty), ("reasoningEffort", o.reasoning_effort),
                        ("thinkingBudget", o.thinking_budget)):
        if value is not None:
            out[name] = value
    return out


@dataclass
class _Planner:
    profile: Profile
    model: str
    o: dict[str, Any]
    dropped: list[dict[str, str]] = field(default_factory=list)
    reasons: bool = False
    budget_room: Optional[int] = None

    def drop(self, name: str, reason: str) -> None:
        self.dropped.append({"name": name, "reason": reason})

    def refuse(self, name: str) -> None:
        self.drop(name, f"{self.model} does not accept {name}")

    def sampling(self) -> None:
        p, o = self.profile, self.o
        if p.temperature == "none":
            o["send_temperature"] = False
            self.refuse("temperature")
        elif p.temperature == "one" and o["temperature"] != 1:
            o["send_temperature"] = False
            self.drop("temperature", f"{self.model} accepts only temperature 1")
        if o["top_p"] is not None and not p.top_p:
            o["top_p"] = None
            self.refuse("topP")
        if p.exclusive_sampling and o["send_temperature"] and o["top_p"] is not None:
            if o["temperature_set_by_model_config"]:
                o["top_p"] = None
                self.drop("topP", f"{self.model} takes temperature or topP, not both: temperature kept")
            else:
                o["send_temperature"] = False
                self.drop("temperature", f"{self.model} takes temperature or topP, not both: topP kept")
        if not p.penalties:
            for key, name in (("frequency_penalty", "frequencyPenalty"), ("presence_penalty", "presencePenalty")):
                if o[key] is not None:
                    o[key] = None
                    self.refuse(name)
        if o["stop_sequences"] is not None and not p.stop:
            o["stop_sequences"] = None
            self.refuse("stopSequences")
        if o["seed"] is not None and p.seed is None:
            o["seed"] = None
            self.refuse("seed")
        if p.provider not in OPENAI_COMPATIBLE or not p.limit_fields:
            o["max_tokens_param"] = None
            return
        asked = o["max_tokens_param"]
        if asked is not None and asked not in p.limit_fields:
            self.drop("maxTokensParam", f"{self.model} does not accept {asked}")
            o["max_tokens_param"] = p.limit_fields[0]
        elif asked is None:
            o["max_tokens_param"] = p.limit_fields[0]

    def accept_effort(self, effort: str) -> bool:
        if effort not in self.profile.efforts:
            self.drop("reasoningEffort", f"{self.model} accepts reasoningEffort " + ", ".join(self.profile.efforts))
            return False
        self.o["reasoning_effort"] = effort
        return True

    def manual_budget(self, budget: int) -> None:
        minimum = (self.profile.budget or {}).get("min", 1024)
        if budget < minimum:
            self.drop("thinkingBudget", f"{self.model} needs thinkingBudget of at least {minimum}")
            return
        self.o["thinking_budget"] = budget
        self.budget_room = budget
        self.reasons = True

    def map_budget(self, budget: int, why: str) -> None:
        if budget == 0:
            self.drop("thinkingBudget", f"{why}: 0 turns thinking off, nothing sent")
            return
        wanted = "high" if budget == -1 or budget > 16384 else "medium" if budget > 4096 else "low"
        start = EFFORT_ORDER.index(wanted)
        mapped = next((e for e in EFFORT_ORDER[start:] if e in self.profile.efforts),
                      self.profile.efforts[-1] if self.profile.efforts else wanted)
        self.o["reasoning_effort"] = mapped
        if self.profile.reasoning == "anthropic-adaptive":
            self.o["adaptive_thinking"] = True
        self.reasons = True
        self.drop("thinkingBudget", f"mapped to reasoningEffort {mapped}: {why}")

    def reasoning(self) -> None:
        p, o = self.profile, self.o
        effort, budget = o["reasoning_effort"], o["thinking_budget"]
        o["reasoning_effort"] = None
        o["thinking_budget"] = None
        self.reasons = p.reasons_by_default
        kind = p.reasoning
        if kind in ("none", "always", "deepseek-reasoner"):
            if effort is not None:
                self.refuse("reasoningEffort")
            if budget is not None:
                self.refuse("thinkingBudget")
        elif kind in ("openai-effort", "xai-effort"):
            if budget is not None:
                self.refuse("thinkingBudget")
            if effort is not None and self.accept_effort(effort):
                self.reasons = effort != "none"
        elif kind == "gemini-level":
            o["include_thoughts"] = True
            if effort is not None and self.accept_effort(effort):
                if budget is not None:
                    self.drop("thinkingBudget", f"{self.model} takes one thinking setting: reasoningEffort kept")
            elif budget is not None and effort is None:
                self.map_budget(budget, f"{self.model} takes thinkingLevel")
            elif budget is not None:
                self.refuse("thinkingBudget")
        elif kind == "gemini-budget":
            if effort is not None:
                self.refuse("reasoningEffort")
            rng = p.budget
            if budget is not None and rng is not None:
                high = rng["max"] if rng["max"] is not None else 2**31 - 1
                if (budget == 0 and rng["off"]) or (budget == -1 and rng["dynamic"]) or rng["min"] <= budget <= high:
                    o["thinking_budget"] = budget
                    self.reasons = budget != 0
                    if budget > 0:
                        self.budget_room = budget
                else:
                    self.drop("thinkingBudget", f"{self.model} accepts thinkingBudget from {rng['min']} to {high}"
                              + (" or 0" if rng["off"] else "") + (" or -1" if rng["dynamic"] else ""))
            o["include_thoughts"] = self.reasons
        elif kind == "anthropic-budget":
            if effort is not None:
                if not p.efforts:
                    self.refuse("reasoningEffort")
                else:
                    self.accept_effort(effort)
            if budget is not None:
                self.manual_budget(budget)
        elif kind == "anthropic-adaptive":
            if effort is not None and self.accept_effort(effort):
                o["adaptive_thinking"] = True
                self.reasons = True
                if budget is not None:
                    self.drop("thinkingBudget", f"{self.model} takes one thinking setting: reasoningEffort kept")
            elif budget is not None and effort is None:
                if p.manual_budget:
                    self.manual_budget(budget)
                else:
                    self.map_budget(budget, f"{self.model} takes adaptive thinking only")
            elif budget is not None:
                self.refuse("thinkingBudget")

    def limit(self, explicit: bool, base: Optional[int]) -> None:
        p, o = self.profile, self.o
        anthropic = p.provider == "anthropic"
        if base is None and not anthropic:
            o["max_tokens"] = None
            return
        given = explicit and base is not None
        start = base if base is not None else ANTHROPIC_UNLIMITED
        if start > p.max_output:
            self.drop("maxTokens", f"capped at {p.max_output}, the most {self.model} can output")
        room = (self.budget_room if self.budget_room is not None else p.reasoning_allowance) \
            if not given and self.reasons else 0
        o["max_tokens"] = min(start + room, p.max_output)
        budget = o["thinking_budget"]
        if anthropic and budget is not None and budget >= o["max_tokens"]:
            o["thinking_budget"] = None
            self.reasons = False
            self.drop("thinkingBudget", f"{self.model} needs thinkingBudget below the token limit {o['max_tokens']}")
            o["max_tokens"] = min(start, p.max_output)

    def thinking_constraints(self) -> None:
        o = self.o
        if self.profile.provider != "anthropic" or (o["thinking_budget"] is None and not o["adaptive_thinking"]):
            return
        if o["send_temperature"] and o["temperature"] != 1:
            o["send_temperature"] = False
            self.drop("temperature", f"{self.model} with thinking accepts only temperature 1")
        if o["top_p"] is not None and o["top_p"] < 0.95:
            o["top_p"] = None
            self.drop("topP", f"{self.model} with thinking accepts topP from 0.95 to 1")


def make(profile: Profile, model: str, options: RequestOptions) -> Plan:
    """The plan for `options` (config and a validated modelConfig, D2) on `profile`."""
    o = dict(options.__dict__)
    o.update(seed_field=profile.seed or "seed", send_temperature=True, adaptive_thinking=False,
             include_thoughts=False, endpoint=profile.endpoint)
    planner = _Planner(profile, model, o)
    planner.sampling()
    planner.reasoning()
    planner.limit(options.max_tokens_explicit, options.max_tokens)
    planner.thinking_constraints()
    return Plan(replace(options, **o), planner.dropped, profile.endpoint)


def profile_for(provider: str, model: str, env: Mapping[str, str]) -> Profile:
    """The profile of `model` (the model name sent); a profile file that cannot be used is a
    VALIDATION_ERROR naming the file, the entry and the field."""
    try:
        table = load(env)
    except ModelProfileError as err:
        raise validation_error(str(err)) from None
    profile = table.lookup(provider, model)
    if profile is None:
        raise validation_error(f"model profiles file: no profile for {provider} '{model}'")
    return profile


def plan_for(provider: str, model: str, options: RequestOptions, env: Mapping[str, str]) -> Plan:
    """The stable entry point: the profile of (`provider`, `model`) applied to `options`
    (from `common.model_config.resolve_options`). Its `.options` go to the request builders."""
    return make(profile_for(provider, model, env), model, options)
