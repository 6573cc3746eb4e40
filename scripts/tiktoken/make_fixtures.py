#!/usr/bin/env python3
"""Regenerates Fixtures/tokens/expected/ from Fixtures/tokens/corpus/ with Python tiktoken.

Each corpus file NAME.txt gets NAME.<encoding>.ids: its `encode_ordinary` ids, space-separated.

    .venv/bin/python scripts/tiktoken/make_fixtures.py
"""
import pathlib
import sys

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import reference  # noqa: E402

FIXTURES = reference.ROOT / "Fixtures" / "tokens"


def main() -> None:
    expected = FIXTURES / "expected"
    expected.mkdir(exist_ok=True)
    for name in reference.ENCODINGS:
        encoding = reference.load(name)
        for corpus in sorted((FIXTURES / "corpus").glob("*.txt")):
            text = corpus.read_bytes().decode("utf-8")
            ids = encoding.encode_ordinary(text)
            (expected / f"{corpus.stem}.{name}.ids").write_text(" ".join(map(str, ids)) + "\n")
            print(f"{corpus.name} {name}: {len(ids)} tokens")


if __name__ == "__main__":
    main()
