#!/usr/bin/env python3
"""The Python half of tiktoken-bench: builds the benchmark text and times tiktoken on it.

    bench_reference.py OUT-FILE [MEGABYTES]

Writes the text (Python standard library source, with the multi-script corpus mixed in
every so often) to OUT-FILE, then prints one line per encoding:
`name tokens seconds` for the best of three `encode_ordinary` calls over the whole text.
"""
import pathlib
import sys
import sysconfig
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import reference  # noqa: E402


def benchmark_text(megabytes: float) -> str:
    target = int(megabytes * 1_000_000)
    corpus = [p.read_text() for p in sorted((reference.ROOT / "Fixtures/tokens/corpus").glob("*.txt"))
              if p.stem != "long"]
    stdlib = sorted(pathlib.Path(sysconfig.get_paths()["stdlib"]).glob("*.py"))
    parts, size = [], 0
    for n, path in enumerate(stdlib * 10):
        text = path.read_text(errors="replace")
        parts.append(text)
        mixed = corpus[n % len(corpus)]
        parts.append(mixed)
        size += len(text.encode()) + len(mixed.encode())
        if size >= target:
            break
    return "".join(parts)


def main() -> None:
    out = pathlib.Path(sys.argv[1])
    megabytes = float(sys.argv[2]) if len(sys.argv) > 2 else 4.5
    text = benchmark_text(megabytes)
    out.write_bytes(text.encode())
    for name in reference.ENCODINGS:
        encoding = reference.load(name)
        best, tokens = float("inf"), 0
        for _ in range(3):
            start = time.perf_counter()
            tokens = len(encoding.encode_ordinary(text))
            best = min(best, time.perf_counter() - start)
        print(name, tokens, f"{best:.6f}", flush=True)


if __name__ == "__main__":
    main()
