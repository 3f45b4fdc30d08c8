"""Robustness of the front end as a property: random well-formed statements from a small Lean
grammar, and random mutations of real ones (deleted tokens, swapped operators, huge numerals,
deep nesting, stray Unicode, non-UTF-8 bytes). Every input must end within 1 s with a parse or
a `LeanSyntaxError` (a subclass with a line and column), never another exception.

    python -m bench.fuzz_frontend --n 100000 --seed 1

The benchmark statements that are mutated are read from `../shared/benchmarks/` (never copied).
`tests/syntax/test_fuzz_frontend.py` runs a small sample of the same generator in CI.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time

VARS = ["x", "y", "n", "a", "b", "k", "x'", "x₁", "pi", "abs", "sqrt"]
TYPES = ["ℝ", "ℕ", "ℤ", "ℚ", "ℂ", "ℝ → ℝ", "ℕ → ℕ", "Finset ℕ", "Set ℝ", "Prop", "NNReal"]
FUNS = ["Real.sqrt", "Real.log", "Nat.factorial", "Nat.choose", "Nat.gcd", "abs", "max", "min", "Int.floor",
        "Nat.fib", "φ", "Real.sin", "f", "Nat.digits 10", "Int.natAbs", "sqrt", "exp"]
BINOPS = ["+", "-", "*", "/", "%", "^", "∣", "•"]
RELS = ["=", "≠", "<", "≤", ">", "≥", "∣"]
NOISE = ["⁻¹", "!", "'", "‖", "∘", "×", "ᶜ", "∑'", "⟨", "⟩", "·", "$", "@", "#", "\u200b", "\ufeff", "𝓝", "∫",
         "\x00", "\udc80", "λ", "fun", "=>", "↦", "in", "if", "then", "else", ":=", "by", "sorry", "(", ")", "{", "}"]


def random_term(rng: random.Random, depth: int = 0) -> str:
    r = rng.random()
    if depth > 4 or r < 0.25:
        return rng.choice([str(rng.randint(0, 20)), rng.choice(VARS), "π", f"({rng.randint(0, 9)} : ℝ)",
                           f"{rng.randint(1, 9)}.{rng.randint(0, 99)}", str(10 ** rng.randint(1, 60))])
    if r < 0.55:
        return f"{random_term(rng, depth + 1)} {rng.choice(BINOPS[:6])} {random_term(rng, depth + 1)}"
    if r < 0.7:
        return f"{rng.choice(FUNS)} ({random_term(rng, depth + 1)})"
    if r < 0.75:
        return f"|{random_term(rng, depth + 1)}|"
    if r < 0.8:
        return f"({random_term(rng, depth + 1)})⁻¹"
    if r < 0.85:
        v = rng.choice(["i", "k"])
        return f"∑ {v} {rng.choice(['in', '∈'])} Finset.range {rng.randint(0, 9)}, {random_term(rng, depth + 1)}"
    if r < 0.9:
        return f"(if {random_prop(rng, depth + 1)} then {random_term(rng, depth + 1)} else {random_term(rng, depth + 1)})"
    if r < 0.95:
        return f"({random_term(rng, depth + 1)}, {random_term(rng, depth + 1)}).{rng.choice(['1', '2'])}"
    return f"{rng.choice(VARS)}.{rng.choice(['choose 2', 'factorial', 'natAbs', 'Prime', 'gcd 4', 'succ'])}"


def random_prop(rng: random.Random, depth: int = 0) -> str:
    r = rng.random()
    if depth > 3 or r < 0.5:
        return f"{random_term(rng, depth + 1)} {rng.choice(RELS)} {random_term(rng, depth + 1)}"
    if r < 0.65:
        return f"{random_prop(rng, depth + 1)} {rng.choice(['∧', '∨', '→', '↔'])} {random_prop(rng, depth + 1)}"
    if r < 0.8:
        q = rng.choice(["∀", "∃", "∃!"])
        binder = rng.choice([f"{rng.choice(VARS)}", f"{rng.choice(VARS)} : {rng.choice(TYPES)}",
                             f"{rng.choice(VARS)} > 0", "{a b : ℕ}"])
        return f"{q} {binder}, {random_prop(rng, depth + 1)}"
    if r < 0.9:
        return f"¬ ({random_prop(rng, depth + 1)})"
    return f"{rng.choice(['Even', 'Odd', 'Nat.Prime', 'StrictMono', 'Function.Injective'])} {random_term(rng, depth + 1)}"


def random_statement(rng: random.Random) -> str:
    binders = []
    for _ in range(rng.randint(0, 4)):
        if rng.random() < 0.6:
            binders.append(f"({' '.join(rng.sample(VARS, rng.randint(1, 2)))} : {rng.choice(TYPES)})")
        else:
            binders.append(f"(h{rng.randint(0, 9)} : {random_prop(rng, 2)})")
    header = rng.choice(["", "", "open Nat\n", "open Real\n", "variable (pi : ℝ)\n", "open Nat hiding sqrt\n"])
    return f"{header}theorem t {' '.join(binders)} : {random_prop(rng)} :="


def mutate(text: str, rng: random.Random) -> str:
    tokens = text.split(" ")
    for _ in range(rng.randint(1, 4)):
        kind = rng.randrange(7)
        i = rng.randrange(len(tokens)) if tokens else 0
        if kind == 0 and tokens:
            del tokens[i]
        elif kind == 1 and tokens:
            tokens[i] = rng.choice(BINOPS + RELS + ["∧", "↔", ","])
        elif kind == 2:
            tokens.insert(i, "9" * rng.choice([20, 400, 3000, 5000, 20000]))
        elif kind == 3:
            depth = rng.choice([50, 150, 500, 5000])
            tokens.insert(i, "(" * depth + "1" + ")" * depth)
        elif kind == 4:
            tokens.insert(i, rng.choice(NOISE))
        elif kind == 5 and tokens:
            j = rng.randrange(len(tokens))
            tokens[i], tokens[j] = tokens[j], tokens[i]
        else:
            raw = " ".join(tokens).encode("utf-8", errors="surrogateescape")
            k = rng.randrange(len(raw) + 1)
            raw = raw[:k] + bytes([rng.choice([0x80, 0xC3, 0xFF, 0xE2])]) + raw[k:]
            tokens = raw.decode("utf-8", errors="surrogateescape").split(" ")
    return " ".join(tokens)


def check_one(text: str, limit_s: float = 1.0) -> str | None:
    """None when the input ends well (a parse or a positioned LeanSyntaxError within the time
    limit), else a description of the failure."""
    from prover.errors import LeanSyntaxError
    from prover.state import load_theorem
    t0 = time.perf_counter()
    try:
        load_theorem(text)
        outcome = None
    except LeanSyntaxError as err:
        outcome = None if err.line is not None and err.column is not None and "\n" not in str(err) \
            else f"error without a position or on several lines: {type(err).__name__}: {err}"
    except Exception as err:   # noqa: BLE001 - what this benchmark hunts
        outcome = f"crash {type(err).__name__}: {str(err)[:200]}"
    dt = time.perf_counter() - t0
    if outcome is None and dt > limit_s:
        outcome = f"slow: {dt:.2f}s"
    return outcome


def real_statements() -> list[str]:
    from bench.frontend import SETS, bench_root
    out = []
    for rel in SETS.values():
        path = bench_root() / rel
        if path.exists():
            out += [json.loads(l)["statement"] for l in path.read_text(encoding="utf-8").splitlines() if l.strip()]
    return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)
    rng = random.Random(args.seed)
    real = real_statements()
    failures: list[tuple[str, str]] = []
    t0 = time.time()
    for i in range(args.n):
        text = random_statement(rng) if (i % 2 == 0 or not real) else mutate(rng.choice(real), rng)
        problem = check_one(text)
        if problem is not None:
            failures.append((problem, text))
        if (i + 1) % 10_000 == 0:
            print(f"{i + 1} inputs, {len(failures)} failures, {time.time() - t0:.0f}s", flush=True)
    print(f"{args.n} inputs in {time.time() - t0:.0f}s: {len(failures)} failures")
    for problem, text in failures[:20]:
        print(f"  {problem}\n    {text[:200]!r}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
