#!/usr/bin/env python3
"""Probe worker: one input JSON on stdin → one output JSON line on stdout (SPEC §1–3, §6).

`run_probe(raw, env)` is the whole engine, callable in-process; `main()` is a thin CLI."""
from __future__ import annotations

import os
import signal
import sys
from typing import Any, Mapping, Optional, TextIO

from common.errors import ErrorCode, ProbeCancelled, ProbeError
from common.keys import key_values
from common.logging import Logger, threshold_from_env
from common.output import encode, failure
from common.validation import parse_and_validate


def run_probe(raw: bytes, env: Optional[Mapping[str, str]] = None, *, clock: Any = None,
              session: Any = None, log_stream: Optional[TextIO] = None) -> dict[str, Any]:
    """Run one probe: input bytes and an environment mapping (default os.environ) → output dict.

    `clock` (a common.retry.RetryClock) and `session` (a requests.Session) are for tests."""
    env = os.environ if env is None else env
    # Keys are hidden from the first line on, at every level (SPEC §5).
    log = Logger(threshold_from_env(env), stream=log_stream).with_redaction(key_values(env))
    try:
        probe = parse_and_validate(raw)
    except ProbeError as err:
        log.warn("invalid input", message=err.message)
        return failure(err)
    # Imported only once the input is valid: start-up stays fast for rejected inputs.
    from common import config
    from common.llm_adapters import prepare
    from common.model_config import check_provider_limits, resolve_options
    from common.parameter_plan import plan_for
    from common.probe_loop import ProbeRun
    from common.retry import RetryClock
    from common.routing import route
    from common.tokens import TokenCounter
    from common.transport import Transport

    log = log.bind(
        runId=probe.run_id, scenarioId=probe.scenario_id, modelId=probe.model_id)
    try:
        chosen = route(probe.model_id, probe.model_version)
        check_provider_limits(chosen.provider, probe)
        # The profile table is read only now: an input that failed validation never pays for it.
        plan = plan_for(chosen.provider, chosen.model, resolve_options(chosen.provider, probe, log.warn), env)
        ctx = prepare(chosen, env)
    except ProbeError as err:
        log.error("probe rejected", code=err.code.value, message=err.message)
        return failure(err)
    settings = config.load_settings(env, log.warn)
    if plan.dropped:
        # One line per probe: what the model does not accept was left out or mapped (D14).
        log.warn("settings not sent as given",
                 dropped="; ".join(f"{d['name']}: {d['reason']}" for d in plan.dropped))
    options = plan.options
    counter = TokenCounter(chosen.provider, chosen.model, env,
                           lambda reason: log.error("tokenizer unavailable, estimating", reason=reason))
    transport = Transport(chosen.provider, (clock or RetryClock()).monotonic, session)
    try:
        return ProbeRun(probe, ctx, options, transport, counter, settings,
                        clock or RetryClock(), log, plan.record).run()
    finally:
        transport.close()


def _cancel(signum: int, frame: Any) -> None:
    raise ProbeCancelled()


USAGE = "usage: probe.py < input.json  (one probe input on stdin, one output line on stdout; no arguments)"
EX_USAGE = 64


def main(argv: Optional[list[str]] = None) -> int:
    """The CLI. It takes no arguments (DECISIONS D8): `--help`/`-h` prints the usage line; any
    other argument is a usage error (exit 64, usage on stderr) and nothing is read or sent."""
    args = sys.argv[1:] if argv is None else argv
    if args in (["--help"], ["-h"]):
        sys.stdout.write(USAGE + "\n")
        return 0
    if args:
        sys.stderr.write(f"probe.py: unknown argument {args[0]!r}\n{USAGE}\n")
        return EX_USAGE
    signal.signal(signal.SIGTERM, _cancel)
    signal.signal(signal.SIGINT, _cancel)
    try:
        raw = sys.stdin.buffer.read(10 * 1024 * 1024 + 1)
        result = run_probe(raw)
    except (ProbeCancelled, KeyboardInterrupt, Exception) as exc:  # outside the loop
        cancelled = isinstance(exc, (ProbeCancelled, KeyboardInterrupt))
        result = failure(ProbeError(ErrorCode.CANCELLED, "probe cancelled") if cancelled
                         else ProbeError(ErrorCode.UNKNOWN, f"{type(exc).__name__}: {exc}".splitlines()[0]))
    sys.stdout.buffer.write(encode(result))
    sys.stdout.buffer.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
