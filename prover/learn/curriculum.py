"""A generated curriculum: families of a base lemma and its consequences, for measuring
whether what the prover proves helps it prove what comes next.

Each base lemma needs induction (Bernoulli-type bounds on ℕ and ℝ, divisibility of
`a ^ n - 1`); each consequence states the lemma at another argument, shifted, scaled or
inside a contradiction, where induction on the consequence itself does not go through. With
the base lemma in memory, one `have h := base (m + k)` step and arithmetic close it. Every
statement is true; the parameters are random (seeded), so the suite is not written around
the prover.

    python -m prover.learn.curriculum --families 12 --seed 0 --out bench/suites/curriculum.jsonl
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path


def _bernoulli_nat(rng: random.Random, i: int) -> list[dict]:
    c = rng.randint(2, 7)
    base = f"cur{i}_pow_ge_{c}"
    out = [(base, f"theorem {base} (n : ℕ) : {c} ^ n ≥ {c - 1} * n + 1")]
    k = rng.randint(1, 3)
    j = rng.randint(1, (c - 1) * k)   # c^(m+k) ≥ (c-1)(m+k)+1 > (c-1)m + j
    out.append((f"{base}_shift", f"theorem {base}_shift (m : ℕ) (h : {c} ^ (m + {k}) ≤ {c - 1} * m + {j}) : False"))
    a = rng.randint(2, 4)
    out.append((f"{base}_scale", f"theorem {base}_scale (m : ℕ) (h : {c} ^ ({a} * m) < {a * (c - 1)} * m) : False"))
    return out


def _bernoulli_real(rng: random.Random, i: int) -> list[dict]:
    c = rng.randint(1, 5)
    base = f"cur{i}_one_add_mul_pow_{c}"
    out = [(base, f"theorem {base} (n : ℕ) (x : ℝ) (hx : 0 ≤ x) : (1 + {c} * x) ^ n ≥ 1 + {c} * n * x")]
    k = rng.randint(1, 3)
    out.append((f"{base}_shift", f"theorem {base}_shift (m : ℕ) (y : ℝ) (hy : 0 ≤ y) "
                                 f"(h : (1 + {c} * y) ^ (m + {k}) < 1 + {c} * (m + {k}) * y) : False"))
    a = rng.randint(2, 4)
    out.append((f"{base}_scale", f"theorem {base}_scale (m : ℕ) (y : ℝ) (hy : 0 ≤ y) "
                                 f"(h : (1 + {c} * y) ^ ({a} * m) < 1 + {c} * ({a} * m) * y) : False"))
    return out


def _power_residue(rng: random.Random, i: int) -> list[dict]:
    d = rng.randint(3, 13)
    a = d * rng.randint(1, 3) + 1     # a ≡ 1 (mod d), so d ∣ a ^ n - 1
    base = f"cur{i}_dvd_pow_sub_one_{d}_{a}"
    out = [(base, f"theorem {base} (n : ℕ) : {d} ∣ {a} ^ n - 1")]
    k, r = rng.randint(1, 3), rng.choice([0] + list(range(2, d)))
    out.append((f"{base}_mod", f"theorem {base}_mod (m : ℕ) (h : {a} ^ (m + {k}) % {d} = {r}) : False"))
    r2 = rng.randint(2, d - 1)
    out.append((f"{base}_eq", f"theorem {base}_eq (m q : ℕ) (h : {a} ^ m = {d} * q + {r2}) : False"))
    return out


FAMILIES = (_bernoulli_nat, _bernoulli_real, _power_residue)


def curriculum(families: int = 12, seed: int = 0) -> list[dict]:
    """`families` families (base lemma first, then its consequences), as suite entries."""
    rng = random.Random(seed)
    out = []
    bases: set[str] = set()
    for i in range(families):
        make = FAMILIES[i % len(FAMILIES)]
        family = make(rng, i)
        for _ in range(50):  # distinct base lemmas, so no family's lemma is another's
            if family[0][1].split(" ", 2)[2] not in bases:
                break
            family = make(rng, i)
        bases.add(family[0][1].split(" ", 2)[2])
        for role, (name, statement) in zip(["base", "use", "use"], family):
            out.append({"name": name, "statement": statement, "family": f"cur{i}", "role": role})
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--families", type=int, default=12)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--out", type=Path, required=True)
    args = ap.parse_args()
    rows = curriculum(args.families, args.seed)
    args.out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    print(f"{len(rows)} statements in {args.families} families -> {args.out}")


if __name__ == "__main__":
    main()
