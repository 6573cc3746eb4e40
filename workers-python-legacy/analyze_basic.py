#!/usr/bin/env python3
"""Tier 1 analysis stub (the plan's Phase 5): reads a run summary on stdin and answers a
success placeholder in the probe worker's envelope. Input rules are the probe's (strict JSON,
an object, a non-empty `runId`)."""
from __future__ import annotations

import sys
import time
from typing import Any

from common.errors import ProbeError, validation_error
from common.output import encode, failure, timestamp
from common.text import is_blank
from common.validation import parse_input_bytes


def analyze(raw: bytes) -> dict[str, Any]:
    try:
        summary = parse_input_bytes(raw)
        run_id = summary.get("runId")
        if run_id is None:
            raise validation_error("runId is required")
        if not isinstance(run_id, str):
            raise validation_error("runId must be a string")
        if is_blank(run_id):
            raise validation_error("runId must not be empty")
    except ProbeError as err:
        return failure(err)
    return {"success": True, "analysis": {
        "schemaVersion": 1, "runId": run_id, "tier": 1, "status": "not_implemented",
        "message": "Tier 1 analysis is not implemented yet", "computedAt": timestamp(time.time())}}


def main() -> int:
    sys.stdout.buffer.write(encode(analyze(sys.stdin.buffer.read(10 * 1024 * 1024 + 1))))
    sys.stdout.buffer.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
