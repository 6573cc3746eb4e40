"""The output object (SPEC §2, DECISIONS D5): envelopes, timestamps, cost snapshot and the
one-line JSON encoding."""
from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import Any, Optional

from common.errors import ProbeError


def timestamp(epoch_seconds: float) -> str:
    """RFC 3339, UTC, milliseconds, `Z`."""
    millis = int(epoch_seconds * 1000)
    moment = datetime.fromtimestamp(millis // 1000, timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%S") + f".{millis % 1000:03d}Z"


def cost_snapshot(cost: dict[str, float], input_tokens: int, output_tokens: int,
                  cached_input_tokens: int = 0) -> dict[str, Any]:
    """SPEC §6; with `costCachedInputPerMillion` the cached input is priced at that rate and the
    rest of the input at costInputPerMillion (DECISIONS D7)."""
    cost_in = cost["costInputPerMillion"]
    cost_out = cost["costOutputPerMillion"]
    snapshot: dict[str, Any] = {"costInputPerMillion": cost_in, "costOutputPerMillion": cost_out,
                                "inputTokens": input_tokens, "outputTokens": output_tokens}
    cost_cached = cost.get("costCachedInputPerMillion")
    if cost_cached is None:
        snapshot["estimatedCost"] = (input_tokens / 1e6) * cost_in + (output_tokens / 1e6) * cost_out
        return snapshot
    cached = min(max(cached_input_tokens, 0), input_tokens)
    snapshot["costCachedInputPerMillion"] = cost_cached
    snapshot["cachedInputTokens"] = cached
    snapshot["estimatedCost"] = ((input_tokens - cached) / 1e6) * cost_in + (cached / 1e6) * cost_cached \
        + (output_tokens / 1e6) * cost_out
    return snapshot


def transcript(turns: list[dict[str, Any]], model_version: Optional[str], started_at: str,
               completed_at: str, cost: Optional[dict[str, float]]) -> dict[str, Any]:
    total_in = sum(t["inputTokens"] for t in turns)
    total_out = sum(t["outputTokens"] for t in turns)
    result: dict[str, Any] = {"turns": turns, "totalInputTokens": total_in,
                              "totalOutputTokens": total_out, "modelVersion": model_version,
                              "startedAt": started_at, "completedAt": completed_at}
    if cost is not None:
        cached = sum(t["providerMetadata"].get("cachedInputTokens", 0) for t in turns)
        result["costSnapshot"] = cost_snapshot(cost, total_in, total_out, cached)
    return result


def success(transcript_value: dict[str, Any]) -> dict[str, Any]:
    return {"success": True, "transcript": transcript_value}


def failure(error: ProbeError, partial: Optional[dict[str, Any]] = None) -> dict[str, Any]:
    out: dict[str, Any] = {"success": False, "error": error.to_output()}
    if partial is not None:
        out["partialTranscript"] = partial
    return out


def encode(output: dict[str, Any]) -> bytes:
    """One line of compact JSON, non-ASCII as UTF-8, U+0000–U+001F escaped, then `\\n`."""
    text = json.dumps(output, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return text.encode("utf-8") + b"\n"
