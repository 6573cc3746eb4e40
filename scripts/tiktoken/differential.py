#!/usr/bin/env python3
"""Differential test: the Swift Tiktoken target against Python tiktoken.

Generates seeded random strings from a weighted alphabet (Latin, CJK, Arabic, Hindi,
Thai, emoji with ZWJ and skin tones, combining marks, every kind of whitespace, digits,
contractions in any case, text that looks like special tokens, any code point assigned
in this Python's Unicode (<= 15.0)), encodes them with tiktoken, then runs the Swift
`tiktoken-oracle` on the same strings. Any mismatch prints the shortest failing string.

    .venv/bin/python scripts/tiktoken/differential.py [--count N] [--seed S]
"""
import argparse
import os
import pathlib
import random
import subprocess
import sys
import tempfile
import unicodedata

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
import reference  # noqa: E402


def assigned_code_points() -> list[str]:
    """Every code point this Python (Unicode 14/15) assigns, without surrogates."""
    out = []
    for cp in range(0x110000):
        if 0xD800 <= cp < 0xE000:
            continue
        if unicodedata.category(chr(cp)) != "Cn":
            out.append(chr(cp))
    return out


def chars(first: int, last: int) -> list[str]:
    return [chr(c) for c in range(first, last + 1) if unicodedata.category(chr(c)) != "Cn"]


def alphabet() -> list[tuple[int, list[str]]]:
    """(weight, atoms): an atom is a character or a short sequence."""
    contractions = [a + b for a in ["'"] for b in
                    ["s", "S", "t", "T", "d", "D", "m", "M", "ll", "LL", "Ll", "re", "RE", "rE",
                     "ve", "VE", "\u017f", "\u212a", "\u212al", "l\u017f", "x", "'"]]
    emoji = chars(0x1F600, 0x1F64F) + chars(0x1F300, 0x1F3FA) + ["\U0001F44D", "\u2764"]
    emoji_glue = ["\u200d", "\ufe0f"] + chars(0x1F3FB, 0x1F3FF) + chars(0x1F1E6, 0x1F1FF)
    families = ["\U0001F468\u200d\U0001F469\u200d\U0001F467\u200d\U0001F466",
                "\U0001F44D\U0001F3FD", "\U0001F3F3\ufe0f\u200d\U0001F308", "\U0001F1EB\U0001F1F7"]
    spaces = ["\u00a0", "\u0085", "\u1680", "\u2028", "\u2029", "\u202f", "\u205f", "\u3000",
              "\x0b", "\x0c"] + chars(0x2000, 0x200A)
    return [
        (20, list("abcdefghijklmnopqrstuvwxyz")),
        (8, list("ABCDEFGHIJKLMNOPQRSTUVWXYZ")),
        (16, [" "]),
        (8, list("0123456789")),
        (8, list("!\"#$%&()*+,-.:;<=>?@[\\]^_`{|}~")),
        (4, ["'"]),
        (3, ["/"]),
        (5, contractions),
        (3, ["\t"]), (4, ["\n"]), (2, ["\r"]), (2, ["\r\n"]),
        (2, spaces),
        (2, ["    ", "        ", "\n\n", "  \n", " \t ", "\n  "]),
        (4, list("éèàçñöüßøåæœÉÀÇÑÖÜıİſǅǈǋʰʲˆˇ") + chars(0x0100, 0x024F)),
        (3, chars(0x0300, 0x036F) + ["\u20dd", "\u0903", "\u093e", "\u0301", "\u0488"]),
        (4, chars(0x4E00, 0x9FFF) + chars(0x3040, 0x30FF) + chars(0xAC00, 0xD7A3) + list("。、「」・ー")),
        (3, chars(0x0600, 0x06FF)),
        (3, chars(0x0900, 0x097F)),
        (3, chars(0x0E00, 0x0E7F)),
        (3, chars(0x0370, 0x03FF) + chars(0x0400, 0x04FF)),
        (4, emoji + emoji_glue + families),
        (2, list("²³¹½¼¾ⅫⅠⅡ①②⑳") + chars(0x0660, 0x0669) + chars(0x0966, 0x096F)),
        (1, ["<|endoftext|>", "<|fim_prefix|>", "<|fim_middle|>", "<|fim_suffix|>",
             "<|endofprompt|>", "<|", "|>"]),
        (4, assigned_code_points()),
    ]


def generate(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    table = alphabet()
    weights = [w for w, _ in table]
    groups = [atoms for _, atoms in table]
    texts = []
    for n in range(count):
        if n % 100 == 99:  # long single-class runs: BPE on long pieces
            group = rng.choice(groups[:5] + groups[14:20])
            texts.append("".join(rng.choice(group) for _ in range(rng.randint(100, 1200))))
            continue
        length = rng.choice([rng.randint(1, 8), rng.randint(1, 40), rng.randint(1, 160)])
        picked = rng.choices(groups, weights, k=length)
        texts.append("".join(rng.choice(group) for group in picked))
    return texts


def build_oracle(scratch: str, configuration: str) -> pathlib.Path:
    command = ["swift", "build", "-c", configuration, "--scratch-path", scratch, "--product", "tiktoken-oracle"]
    subprocess.run(command, cwd=reference.ROOT, check=True, stdout=subprocess.DEVNULL)
    binary = subprocess.run(command + ["--show-bin-path"], cwd=reference.ROOT, check=True,
                            capture_output=True, text=True).stdout.strip()
    return pathlib.Path(binary) / "tiktoken-oracle"


def run_oracle(oracle: pathlib.Path, texts: list[str], encodings: list) -> tuple[str, list]:
    """Runs the Swift oracle on `texts`; returns its summary line and the failures
    as (length, index, encoding name, Swift's ids), shortest first."""
    with tempfile.TemporaryDirectory() as tmp:
        cases = pathlib.Path(tmp) / "cases.tsv"
        with cases.open("w") as out:
            for text in texts:
                ids = [",".join(map(str, enc.encode_ordinary(text))) for enc in encodings]
                out.write(f"{text.encode().hex()}\t{ids[0]}\t{ids[1]}\n")
        run = subprocess.run([str(oracle), str(cases)], capture_output=True, text=True)
    if run.returncode != 0:
        raise SystemExit(f"tiktoken-oracle failed:\n{run.stdout}\n{run.stderr}")
    lines = run.stdout.splitlines()
    failures = []
    for line in lines[:-1]:
        index, name, got = line.split("\t")
        failures.append((len(texts[int(index)]), int(index), name, got))
    return (lines[-1] if lines else "no output from the oracle"), sorted(failures)


def shrink(oracle: pathlib.Path, text: str, encodings: list) -> str:
    """A shorter string that still fails: drops chunks (halves down to single code points)
    while the Swift ids still differ from tiktoken's."""
    for _ in range(60):
        candidates = []
        size = max(1, len(text) // 2)
        while True:
            candidates += [text[:i] + text[i + size:] for i in range(0, len(text), size)]
            if size == 1:
                break
            size //= 2
        candidates = [c for c in dict.fromkeys(candidates) if c and c != text]
        if not candidates:
            return text
        _, failures = run_oracle(oracle, candidates, encodings)
        if not failures:
            return text
        text = candidates[failures[0][1]]
    return text


def report(text: str, encodings: list, oracle: pathlib.Path) -> None:
    _, failures = run_oracle(oracle, [text], encodings)
    for _, _, name, got in failures:
        enc = encodings[reference.ENCODINGS.index(name)]
        print(f"  {name} on {text!r}")
        print(f"    code points: {' '.join(f'U+{ord(c):04X}' for c in text)}")
        print(f"    tiktoken: {enc.encode_ordinary(text)}")
        print(f"    pieces:   {[enc.decode_single_token_bytes(t) for t in enc.encode_ordinary(text)]}")
        print(f"    swift:    {got}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=20240515)
    parser.add_argument("--scratch-path", default=os.environ.get("TIKTOKEN_SCRATCH_PATH", ".build"))
    parser.add_argument("--configuration", default="debug", choices=["debug", "release"])
    parser.add_argument("--oracle", help="prebuilt tiktoken-oracle binary (skips the build)")
    args = parser.parse_args()

    texts = generate(args.count, args.seed)
    encodings = [reference.load(name) for name in reference.ENCODINGS]
    oracle = pathlib.Path(args.oracle) if args.oracle else build_oracle(args.scratch_path, args.configuration)
    summary, failures = run_oracle(oracle, texts, encodings)
    print(summary)
    if not failures:
        print(f"differential: {len(texts)} strings x {len(encodings)} encodings identical to tiktoken")
        return 0
    shortest = texts[failures[0][1]]
    print(f"{len(failures)} mismatches; the shortest failing generated string:")
    report(shortest, encodings, oracle)
    smaller = shrink(oracle, shortest, encodings)
    if smaller != shortest:
        print("shrunk to:")
        report(smaller, encodings, oracle)
    return 1


if __name__ == "__main__":
    sys.exit(main())
