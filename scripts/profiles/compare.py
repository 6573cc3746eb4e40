#!/usr/bin/env python3
"""Swift and Python apply the model profiles alike (DECISIONS D14): for every shipped profile
× a grid of modelConfig values, `probe validate`'s request body and `parameters` record must equal
the Python reference's (`common.request_preview.preview`). Run from the repository root:
`.venv/bin/python scripts/profiles/compare.py PATH/TO/probe`. Exit 1 on any difference."""
from __future__ import annotations

import json
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "workers-python-legacy"))
sys.path.insert(0, str(ROOT / "workers-python-legacy" / "tests"))

from common.profiles import load  # noqa: E402
from common.request_preview import MESSAGES, preview  # noqa: E402
from test_model_profiles import GRID, model_name  # noqa: E402

KEYS = {f"{p.upper()}_API_KEY": f"sk-test-FAKE-{p}" for p in ("openai", "anthropic", "google", "xai", "deepseek", "mistral")}


def swift(binary: str, provider: str, model: str, config: dict) -> dict:
    raw = {"runId": "preview", "scenarioId": "preview", "modelId": f"{provider}:{model}",
           "scenario": {"preamble": MESSAGES[0]["content"], "prompt": MESSAGES[1]["content"]},
           "config": {"temperature": 0.7, "maxTokens": 1024}, "modelConfig": config}
    done = subprocess.run([binary, "validate"], input=json.dumps(raw).encode(), capture_output=True,
                          env={"PROBE_LOG_LEVEL": "error", **KEYS}, check=True)
    return json.loads(done.stdout)


def main() -> int:
    binary = sys.argv[1]
    table = load({})
    jobs = [(p.provider, model_name(p), c) for p in table.profiles for c in GRID
            if table.lookup(p.provider, model_name(p)) == p]
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda job: swift(binary, *job), jobs))
    differences = 0
    for (provider, model, config), out in zip(jobs, results):
        body, plan = preview(provider, model, config)
        if out.get("request", {}).get("body") != body or out.get("parameters") != plan.record:
            differences += 1
            if differences <= 5:
                print(f"DIFF {provider} {model} {json.dumps(config)}\n  swift  {json.dumps(out.get('request', {}).get('body'))}"
                      f" {json.dumps(out.get('parameters'))}\n  python {json.dumps(body)} {json.dumps(plan.record)}")
    print(f"profiles compare: {len(jobs)} bodies ({len(table.profiles)} profiles x {len(GRID)} modelConfig values), "
          f"{differences} differences")
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main())
