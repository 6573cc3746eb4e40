"""Token counts (SPEC §7, DECISIONS D7): exact BPE for openai from the committed vocabularies
and model table, loaded lazily; the code-point estimate for everyone else."""
from __future__ import annotations

import base64
import hashlib
import json
import os
from pathlib import Path
from typing import Any, Callable, Mapping, Optional

DEFAULT_RESOURCES = Path(__file__).resolve().parents[2] / "Sources" / "Tiktoken" / "Resources"

_table_cache: dict[str, dict[str, Any]] = {}
_encoding_cache: dict[tuple[str, str], Any] = {}


class TokenizerDataError(RuntimeError):
    """A vocabulary or the model table is missing or corrupt."""


def resources_dir(env: Mapping[str, str]) -> Path:
    """PROBE_TIKTOKEN_DIR when set, else the project's committed resources."""
    override = env.get("PROBE_TIKTOKEN_DIR")
    return Path(override) if override else DEFAULT_RESOURCES


def estimate(text: str) -> int:
    """0 for an empty text, else max(1, ⌊code points / 4⌋)."""
    return 0 if not text else max(1, len(text) // 4)


def load_table(directory: Path) -> dict[str, Any]:
    key = str(directory)
    if key not in _table_cache:
        try:
            table = json.loads((directory / "models.json").read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise TokenizerDataError(f"cannot read {directory / 'models.json'}: {exc}") from None
        if not isinstance(table, dict) or not isinstance(table.get("encodings"), dict):
            raise TokenizerDataError("models.json has an unexpected shape")
        _table_cache[key] = table
    return _table_cache[key]


def encoding_name(model: str, table: dict[str, Any]) -> str:
    """Exact names first, then prefixes (longest first), else the table's default."""
    exact = table.get("exact", {})
    if model in exact:
        return exact[model]
    for prefix in sorted(table.get("prefixes", {}), key=len, reverse=True):
        if model.startswith(prefix):
            return table["prefixes"][prefix]
    return table.get("default", "cl100k_base")


def read_vocabulary(directory: Path, spec: dict[str, Any]) -> dict[bytes, int]:
    """Parse a `.tiktoken` file after checking its sha256."""
    path = directory / spec["file"]
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise TokenizerDataError(f"cannot read {path}: {exc.strerror}") from None
    if hashlib.sha256(data).hexdigest() != spec["sha256"]:
        raise TokenizerDataError(f"{path} does not match its sha256")
    ranks: dict[bytes, int] = {}
    for line in data.splitlines():
        if line:
            token, rank = line.split()
            ranks[base64.b64decode(token)] = int(rank)
    return ranks


def load_encoding(name: str, directory: Path) -> Any:
    """A tiktoken Encoding built from the committed files (nothing downloaded)."""
    key = (str(directory), name)
    if key not in _encoding_cache:
        import tiktoken  # lazily: start-up stays fast when no count is needed

        table = load_table(directory)
        spec = table["encodings"].get(name)
        if not isinstance(spec, dict):
            raise TokenizerDataError(f"models.json has no encoding {name}")
        _encoding_cache[key] = tiktoken.Encoding(
            name=name, pat_str=spec["pattern"], mergeable_ranks=read_vocabulary(directory, spec),
            special_tokens=dict(spec["specialTokens"]))
    return _encoding_cache[key]


class TokenCounter:
    """Counts texts for one probe: exact for openai, estimated otherwise (or on a load error)."""

    def __init__(self, provider: str, model: str, env: Mapping[str, str],
                 on_error: Callable[[str], None]) -> None:
        self.provider = provider
        self.model = model
        self.directory = resources_dir(env)
        self.on_error = on_error
        self._encoding: Optional[Any] = None
        self._failed = provider != "openai"

    def _exact(self) -> Optional[Any]:
        if self._failed:
            return None
        if self._encoding is None:
            try:
                table = load_table(self.directory)
                self._encoding = load_encoding(encoding_name(self.model, table), self.directory)
            except (TokenizerDataError, KeyError, ValueError, OSError) as exc:
                self._failed = True
                self.on_error(str(exc))
                return None
        return self._encoding

    def count(self, text: str) -> int:
        encoding = self._exact()
        if encoding is None:
            return estimate(text)
        return len(encoding.encode_ordinary(text))

    def count_messages(self, messages: list[dict[str, str]]) -> int:
        """The input count: the sum over every message's content, no chat-format overhead."""
        return sum(self.count(m["content"]) for m in messages)


def check_tokenizer(env: Mapping[str, str]) -> dict[str, Any]:
    """For health checks: each encoding's file present and matching its sha256."""
    directory = resources_dir(env)
    report: dict[str, Any] = {"directory": str(directory), "encodings": {}, "ok": True}
    try:
        table = load_table(directory)
    except TokenizerDataError as exc:
        return {**report, "ok": False, "error": str(exc)}
    for name, spec in table["encodings"].items():
        path = directory / spec.get("file", "")
        ok = os.path.isfile(path) and hashlib.sha256(path.read_bytes()).hexdigest() == spec.get("sha256")
        report["encodings"][name] = {"file": spec.get("file"), "ok": ok}
        report["ok"] = report["ok"] and ok
    return report
