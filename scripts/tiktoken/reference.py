"""Python tiktoken built from the committed vocabularies and model table (no download).

Shared by the fixture generator, the differential test and the benchmark.
"""
import base64
import hashlib
import json
import pathlib

import tiktoken

ROOT = pathlib.Path(__file__).resolve().parents[2]
RESOURCES = ROOT / "Sources" / "Tiktoken" / "Resources"
ENCODINGS = ("cl100k_base", "o200k_base")


def model_table() -> dict:
    return json.loads((RESOURCES / "models.json").read_text())


def load(name: str) -> tiktoken.Encoding:
    spec = model_table()["encodings"][name]
    data = (RESOURCES / spec["file"]).read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if digest != spec["sha256"]:
        raise SystemExit(f"{spec['file']}: sha256 {digest}, expected {spec['sha256']}")
    ranks = {}
    for line in data.splitlines():
        if line:
            token, rank = line.split()
            ranks[base64.b64decode(token)] = int(rank)
    return tiktoken.Encoding(
        name=name,
        pat_str=spec["pattern"],
        mergeable_ranks=ranks,
        special_tokens=spec["specialTokens"],
    )
