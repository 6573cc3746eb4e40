"""The probe loop (SPEC §3): the turns of one conversation, each request retried inside the
engine, turned into the output's transcript."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Optional

from common import healing, llm_adapters, output
from common.error_body import read as read_error_body
from common.parameter_plan import sent
from common.config import Settings
from common.errors import ErrorCode, ProbeCancelled, ProbeError
from common.llm_adapters import ProviderContext
from common.logging import Logger
from common.model_config import RequestOptions
from common.providers.base import Message, ParsedReply
from common.retry import RetryClock, RetryState, with_retries
from common.text import is_blank, trim, truncate_utf8
from common.tokens import TokenCounter
from common.transport import Transport
from common.validation import ProbeInput


@dataclass(frozen=True)
class PlannedTurn:
    label: str
    prompt: str


def plan_turns(probe: ProbeInput) -> list[PlannedTurn]:
    """Turn 1 then the non-empty followups, at most maxTurns (SPEC §3.2–3.3)."""
    planned = [PlannedTurn("scenario_prompt", probe.prompt)]
    for position, followup in enumerate(probe.followups, start=1):
        if is_blank(followup.prompt):
            continue
        # DECISIONS D1: a non-empty label is used verbatim, even whitespace only.
        label = followup.label if followup.label else f"followup_{position}"
        planned.append(PlannedTurn(label, followup.prompt))
    return planned[:probe.max_turns]


def initial_messages(probe: ProbeInput) -> list[Message]:
    return [] if is_blank(probe.preamble) else [{"role": "system", "content": probe.preamble}]


@dataclass
class ProbeRun:
    """One probe's collaborators."""

    probe: ProbeInput
    ctx: ProviderContext
    options: RequestOptions
    transport: Transport
    counter: TokenCounter
    settings: Settings
    clock: RetryClock
    log: Logger
    parameters: Optional[dict[str, Any]] = None  # providerMetadata.parameters (DECISIONS D14)

    def _turn(self, number: int, planned: PlannedTurn, messages: list[Message],
              reply: ParsedReply, duration_ms: int) -> dict[str, Any]:
        # A reply that echoes a key keeps it out of the output, the history sent next and the
        # database (SPEC: no key in output; DECISIONS D5).
        text = self.ctx.redact(trim(reply.text))
        estimated = reply.input_tokens is None or reply.output_tokens is None
        input_tokens = reply.input_tokens if reply.input_tokens is not None \
            else self.counter.count_messages(messages)
        output_tokens = reply.output_tokens if reply.output_tokens is not None \
            else self.counter.count(text)
        target, original_bytes, truncated = truncate_utf8(text)
        metadata: dict[str, Any] = {"provider": self.ctx.provider,
                                    "finishReason": reply.finish_reason, "raw": self.ctx.redact_json(reply.raw)}
        if reply.reasoning:
            metadata["reasoning"] = self.ctx.redact(reply.reasoning)
        if self.parameters is not None:
            metadata["parameters"] = self.parameters
        for key, value in (("cachedInputTokens", reply.cached_input_tokens),
                           ("cacheWriteInputTokens", reply.cache_write_input_tokens),
                           ("reasoningTokens", reply.reasoning_tokens)):
            if value is not None:  # the billed usage's parts, as reported (DECISIONS D7)
                metadata[key] = value
        if estimated:
            metadata["tokensEstimated"] = True
        if truncated:
            metadata["truncated"] = True
            metadata["originalBytes"] = original_bytes
            self.log.warn("reply truncated", turnNumber=number, originalBytes=original_bytes)
        self.log.debug("turn completed", turnNumber=number, reply=target)
        return {"turnNumber": number, "promptLabel": planned.label, "probePrompt": planned.prompt,
                "targetResponse": target, "inputTokens": input_tokens,
                "outputTokens": output_tokens, "durationMs": duration_ms,
                "providerMetadata": metadata}

    def _drop(self, name: str, reason: str) -> bool:
        """Leaves the setting out from now on and records it (D14's record); False when it is
        not being sent."""
        if name not in sent(self.options):
            return False
        self.options = healing.without(self.options, name)
        if self.parameters is not None:
            dropped = list(self.parameters["dropped"]) + [{"name": name, "reason": reason}]
            self.parameters = {"sent": sent(self.options), "dropped": dropped}
        return True

    def _apply_learned(self) -> None:
        """What this process already learned the model refuses is not sent again (D4)."""
        for name, reason in healing.LEARNED.drops(self.ctx.provider, self.ctx.model):
            self._drop(name, reason)

    def _no_answer(self, turn: dict[str, Any], reply: ParsedReply) -> Optional[ProbeError]:
        """INVALID_RESPONSE when the turn is empty, finished on a length limit and the model spent
        reasoning on it (reasoning tokens reported above 0, or reasoning text): the answer never
        came (DECISIONS D3). The reasoning count is the reported one, else the turn's output."""
        if turn["targetResponse"] != "" or reply.finish_reason != "max_tokens":
            return None
        if not (reply.reasoning_tokens or 0) > 0 and not reply.reasoning:
            return None
        spent = reply.reasoning_tokens if reply.reasoning_tokens is not None else turn["outputTokens"]
        limit = f"limit {self.options.max_tokens} tokens" if self.options.max_tokens is not None else "no limit set"
        return ProbeError(ErrorCode.INVALID_RESPONSE,
                          f"{self.ctx.model} gave no answer: it spent its output limit reasoning "
                          f"({limit}, {spent} reasoning tokens used); raise maxTokens")

    def _request(self, messages: list[Message], state: RetryState, deadline: float) -> ParsedReply:
        healed: set[str] = set()
        while True:
            self._apply_learned()
            request = llm_adapters.build_request(self.ctx, messages, self.options)

            def attempt() -> ParsedReply:
                end = min(self.clock.monotonic() + self.settings.request_timeout_s, deadline)
                return llm_adapters.send(self.ctx, self.transport, request, end=end, log=self.log,
                                         endpoint=self.options.endpoint)

            try:
                return with_retries(attempt, state=state, scale=self.settings.backoff_scale,
                                    deadline=deadline, clock=self.clock, log=self.log)
            except ProbeError as err:
                refused = None
                if err.code == ErrorCode.VALIDATION_ERROR and err.status_code is not None and err.body:
                    refused = healing.rejected_setting(err.status_code, read_error_body(err.body))
                # Once per parameter per turn, and only a parameter that is being sent.
                if refused is None or refused[0] in healed:
                    raise
                name, reason = self.ctx.redact(refused[0]), self.ctx.redact(refused[1])
                if not self._drop(name, reason):
                    raise
                healed.add(name)
                healing.LEARNED.learn(self.ctx.provider, self.ctx.model, name, reason)
                self.log.warn("parameter refused: the turn is sent again without it", name=name, reason=reason)

    def run(self) -> dict[str, Any]:
        started_at = output.timestamp(self.clock.wall())
        deadline = self.clock.monotonic() + self.settings.probe_timeout_s
        messages = initial_messages(self.probe)
        turns: list[dict[str, Any]] = []
        version: Optional[str] = None
        state = RetryState()
        self._apply_learned()
        try:
            for number, planned in enumerate(plan_turns(self.probe), start=1):
                messages.append({"role": "user", "content": planned.prompt})
                self.log.debug("sending turn", turnNumber=number, prompt=planned.prompt)
                began = self.clock.monotonic()
                reply = self._request(messages, state, deadline)
                duration = int((self.clock.monotonic() - began) * 1000)
                turn = self._turn(number, planned, messages, reply, duration)
                no_answer = self._no_answer(turn, reply)
                if no_answer is not None:
                    raise no_answer
                turns.append(turn)
                version = version or reply.model_version
                if turn["targetResponse"] == "":
                    break
                messages.append({"role": "assistant", "content": turn["targetResponse"]})
        except ProbeError as err:
            return self._failed(err, turns, version, started_at, state)
        except (ProbeCancelled, KeyboardInterrupt):
            return self._failed(ProbeError(ErrorCode.CANCELLED, "probe cancelled"), turns,
                                version, started_at, state)
        except Exception as exc:  # an unexpected fault still yields an output object
            line = self.ctx.redact(f"{type(exc).__name__}: {exc}".splitlines()[0])
            return self._failed(ProbeError(ErrorCode.UNKNOWN, line), turns, version,
                                started_at, state)
        self.log.info("probe succeeded", turns=len(turns), retries=state.total)
        return output.success(self._transcript(turns, version, started_at))

    def _transcript(self, turns: list[dict[str, Any]], version: Optional[str],
                    started_at: str) -> dict[str, Any]:
        return output.transcript(turns, version or self.probe.model_version, started_at,
                                 output.timestamp(self.clock.wall()), self.probe.model_cost)

    def _failed(self, err: ProbeError, turns: list[dict[str, Any]], version: Optional[str],
                started_at: str, state: RetryState) -> dict[str, Any]:
        # A failure's text may quote a key (a URL in a transport error): never in the output
        # (SPEC §5; the engine redacts it where the error is made, issue 17).
        err.message = self.ctx.redact(err.message)
        self.log.error("probe failed", code=err.code.value, message=err.message,
                       turnsCompleted=len(turns), retries=state.total)
        partial = self._transcript(turns, version, started_at) if turns else None
        return output.failure(err, partial)
