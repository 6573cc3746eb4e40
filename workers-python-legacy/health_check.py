#!/usr/bin/env python3
"""Worker health (the plan's Phase 5, in the shape of `probe health`, SPEC §9): Python
version, packages, each provider's key presence and base URL, the tokenizer data. Keys are
reported as present or not, never shown. `success` is false only when the worker cannot work."""
from __future__ import annotations

import importlib.util
import os
import sys
from typing import Any, Mapping, Optional

from common import config
from common.output import encode
from common.tokens import check_tokenizer

REQUIRED_PACKAGES = ("requests", "tiktoken")
MIN_PYTHON = (3, 10)


def health(env: Optional[Mapping[str, str]] = None) -> dict[str, Any]:
    env = os.environ if env is None else env
    warnings: list[str] = []
    providers: dict[str, Any] = {}
    for name in config.PROVIDERS:
        key, variable = config.api_key(name, env)
        providers[name] = {"apiKey": key is not None, "baseURL": config.base_url(name, env)}
        if key is None:
            warnings.append(f"{variable} is not set")
    packages = {name: importlib.util.find_spec(name) is not None for name in REQUIRED_PACKAGES}
    tokenizer = check_tokenizer(env)
    python_ok = sys.version_info[:2] >= MIN_PYTHON
    if not python_ok:
        warnings.append(f"Python {MIN_PYTHON[0]}.{MIN_PYTHON[1]}+ is required")
    for name, present in packages.items():
        if not present:
            warnings.append(f"package {name} is not installed")
    if not tokenizer["ok"]:
        warnings.append("tokenizer data is missing or corrupt")
    success = python_ok and all(packages.values()) and tokenizer["ok"]
    report: dict[str, Any] = {
        "success": success,
        "health": {"version": config.VERSION, "python": sys.version.split()[0],
                   "packages": packages, "providers": providers, "tokenizer": tokenizer,
                   "warnings": warnings,
                   # The fields the product's health check reads (DECISIONS D10), as `probe health`.
                   "apiKeys": {name: entry["apiKey"] for name, entry in providers.items()},
                   "pythonVersion": sys.version.split()[0]}}
    if not success:
        report["error"] = {"message": "; ".join(warnings[-1:]) or "worker cannot work", "code": "UNKNOWN",
                           "retryable": True, "details": None}
    return report


def main() -> int:
    sys.stdout.buffer.write(encode(health()))
    sys.stdout.buffer.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
