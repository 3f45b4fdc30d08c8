"""A synthetic theorem generator: statements with known proofs, by family.

Families: polynomial identities (`ring`), linear systems (`linear_combination` with exact
coefficients), sum-of-squares inequalities (`nlinarith [sq_nonneg (…)]`), modular facts
(`omega`), closed-form sums and divisibility by induction, and two families whose proofs need
a library lemma as a hint (`Nat.lt_two_pow_self`, `Nat.one_le_two_pow`, whose `n` is implicit in Lean core and is given by name): linear recurrences with
closed forms under ℕ's truncated subtraction, and bounds between `2 ^ n` and linear terms.
The automation portfolio never proposes library hints, so these are steps only a learned
proposer supplies. Every generated proof is replayed by the checker and kept only if it
checks (a hint family's proof also only if it fails without its hint); each step yields a
(state, tactic) pair.

>>> ts = generate(per_family=2, seed=0)
>>> len(ts) >= 8 and all(t.proof for t in ts)
True
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from fractions import Fraction


@dataclass(frozen=True)
class SyntheticTheorem:
    name: str
    statement: str
    proof: str
    family: str


def _poly_identity(rng: random.Random, i: int) -> SyntheticTheorem:
    a, b = rng.randint(1, 5), rng.randint(-5, 5)
    c, d = rng.randint(1, 5), rng.randint(-5, 5)
    # (a x + b)(c x + d) = ac x² + (ad + bc) x + bd
    lhs = f"({a} * x + {b}) * ({c} * x + {d})".replace("+ -", "- ")
    rhs = f"{a * c} * x ^ 2 + {a * d + b * c} * x + {b * d}".replace("+ -", "- ")
    return SyntheticTheorem(f"syn_ring_{i}", f"theorem syn_ring_{i} (x : ℝ) : {lhs} = {rhs}", "ring", "ring")


def _linear_system(rng: random.Random, i: int) -> SyntheticTheorem:
    x0, y0 = rng.randint(-9, 9), rng.randint(-9, 9)
    while True:
        a, b, c, d = (rng.randint(1, 6) for _ in range(4))
        if a * d - b * c != 0:
            break
    e, f = a * x0 + b * y0, c * x0 + d * y0
    det = a * d - b * c
    # x = (d·h₀ - b·h₁) / det
    p, q = Fraction(d, det), Fraction(-b, det)
    coef = lambda v: f"({v.numerator} / {v.denominator})" if v.denominator != 1 else f"({v.numerator})"  # noqa: E731
    stmt = (f"theorem syn_lin_{i} (x y : ℝ) (h₀ : {a} * x + {b} * y = {e}) (h₁ : {c} * x + {d} * y = {f}) : x = {x0}")
    return SyntheticTheorem(f"syn_lin_{i}", stmt, f"linear_combination {coef(p)} * h₀ + {coef(q)} * h₁", "linear")


def _sos(rng: random.Random, i: int) -> SyntheticTheorem:
    p, q = rng.randint(1, 4), rng.randint(1, 4)
    # 0 ≤ (p a - q b)² ⇔ 2 p q a b ≤ p² a² + q² b²
    stmt = f"theorem syn_sos_{i} (a b : ℝ) : {2 * p * q} * a * b ≤ {p * p} * a ^ 2 + {q * q} * b ^ 2"
    return SyntheticTheorem(f"syn_sos_{i}", stmt, f"nlinarith [sq_nonneg ({p} * a - {q} * b)]", "sos")


def _modular(rng: random.Random, i: int) -> SyntheticTheorem:
    m = rng.randint(3, 11)
    r = rng.randint(0, m - 1)
    c, d = rng.randint(2, 9), rng.randint(0, 20)
    e = (c * r + d) % m
    stmt = f"theorem syn_mod_{i} (n : ℕ) (h : n % {m} = {r}) : ({c} * n + {d}) % {m} = {e}"
    return SyntheticTheorem(f"syn_mod_{i}", stmt, "omega", "modular")


def _sum(rng: random.Random, i: int) -> SyntheticTheorem:
    c, d = rng.randint(1, 5) * 2, rng.randint(0, 6)
    # ∑_{k<n} (c k + d) = c n (n - 1) / 2 + d n, written without division: (c/2) n² + (d - c/2) n
    h = c // 2
    rhs = f"{h} * n ^ 2 + {d - h} * n" if d - h >= 0 else None
    if rhs is None:
        return _sum(rng, i)
    stmt = f"theorem syn_sum_{i} (n : ℕ) : ∑ k ∈ Finset.range n, ({c} * k + {d}) = {rhs}"
    return SyntheticTheorem(f"syn_sum_{i}", stmt, _induction_proof("norm_num", "rw [Finset.sum_range_succ]\n    nlinarith"),
                            "sum")


def _divisibility(rng: random.Random, i: int) -> SyntheticTheorem:
    m = rng.randint(2, 9)
    a = m * rng.randint(1, 3) + 1
    stmt = f"theorem syn_dvd_{i} (n : ℕ) : {m} ∣ {a} ^ n - 1"
    return SyntheticTheorem(f"syn_dvd_{i}", stmt, _induction_proof("norm_num", "rw [pow_succ]\n    omega"), "induction")


def _two_pow(k: int, exp: str) -> str:
    """`A * 2 ^ n` written as Lean users write it: `2 ^ (n + k)` when A = 2 ^ k."""
    return f"2 ^ ({exp} + {k})" if k else f"2 ^ {exp}"


def _recurrence(rng: random.Random, i: int) -> SyntheticTheorem:
    """u 0 = 0, u (n + 1) = 2 u n + (a n + b): u n = (a + b) 2 ^ n - (a n + a + b), which is ≥ 0
    only because n < 2 ^ n; the induction step needs that fact (or 1 ≤ 2 ^ n when a = 0).
    Names vary (sequence, index, hypotheses) so that a model learns the shape, not the names."""
    a, b = rng.randint(0, 4), rng.randint(0, 9)
    if a == b == 0:
        b = 1
    v, u = rng.choice(["n", "m", "k"]), rng.choice(["u", "a", "f", "s", "x"])
    base, rec = rng.choice([("h₀", "h₁"), ("h0", "h1"), ("hu0", "hu")])
    big = a + b
    k = big.bit_length() - 1
    lead = _two_pow(k, v) if big == 1 << k else f"{big} * 2 ^ {v}"
    stmt = (f"theorem syn_rec_{i} ({v} : ℕ) ({u} : ℕ → ℕ) ({base} : {u} 0 = 0) "
            f"({rec} : ∀ {v}, {u} ({v} + 1) = 2 * {u} {v} + ({_linear(a, b, v)})) : "
            f"{u} {v} = {lead} - ({_linear(a, a + b, v)})")
    hint = "Nat.one_le_two_pow" if a == 0 else "Nat.lt_two_pow_self"
    # `v < 2 ^ v` clears both truncations: A 2^v ≥ A (v + 1) ≥ a v + A for the hypothesis, and
    # 2 A 2^v ≥ a (v + 1) + A for the goal, since A ≥ a. One hint keeps the step within the
    # LM's 16 new tokens (two hints did not).
    return SyntheticTheorem(f"syn_rec_{i}", stmt, _induction_proof(f"simp [{base}]", f"nlinarith [{hint} (n := {v})]", v), "hint")


def _pow_bound(rng: random.Random, i: int) -> SyntheticTheorem:
    """Bounds between `2 ^ n` and a linear term (`n < 2 ^ n`, `1 ≤ 2 ^ n` at a shifted argument)."""
    c, d = rng.randint(1, 4), rng.randint(1, 6)
    kind = rng.randrange(4)
    if kind == 0:
        stmt, hint = f"theorem syn_pow_{i} (n m : ℕ) (h : 2 ^ (n + {d}) ≤ m) : n + {d} < m", f"Nat.lt_two_pow_self (n := n + {d})"
    elif kind == 1:
        stmt, hint = f"theorem syn_pow_{i} (n : ℕ) : {c} * (n + {d}) < {c} * 2 ^ (n + {d})", f"Nat.lt_two_pow_self (n := n + {d})"
    elif kind == 2:
        stmt, hint = (f"theorem syn_pow_{i} (n : ℕ) : (2 ^ (n + {d}) - 1) * {c} + {c} = {c} * 2 ^ (n + {d})",
                      f"Nat.one_le_two_pow (n := n + {d})")
    else:
        stmt, hint = (f"theorem syn_pow_{i} (n m : ℕ) (h : m = 2 ^ n - 1) : m + {d + 1} = 2 ^ n + {d}",
                      "Nat.one_le_two_pow (n := n)")
    return SyntheticTheorem(f"syn_pow_{i}", stmt, f"nlinarith [{hint}]", "hint")


def _linear(a: int, b: int, v: str = "n") -> str:
    """`a * n + b` as written by hand: `n + 3`, `2 * n`, `5`."""
    head = "" if a == 0 else (v if a == 1 else f"{a} * {v}")
    return f"{head} + {b}" if head and b else (head or f"{b}")


def _induction_proof(base: str, step: str, v: str = "n") -> str:
    return f"induction {v} with\n| zero =>\n    {base}\n| succ {v} ih =>\n    {step}"


def _needs_its_hint(theorem: SyntheticTheorem) -> bool:
    """The last step fails with its hint list dropped: the hint is what the proof needs."""
    from prover.checkers.replay import replay
    from prover.state import load_theorem
    last = theorem.proof.splitlines()[-1]
    bare = last[: last.index("[")].rstrip() if "[" in last else last
    proof = "\n".join(theorem.proof.splitlines()[:-1] + [bare])
    return not replay(load_theorem(theorem.statement).goal, proof, budget_s=2).ok


FAMILIES = (_poly_identity, _linear_system, _sos, _modular, _sum, _divisibility, _recurrence, _pow_bound)


def generate(per_family: int = 20, seed: int = 0, verify: bool = True,
             held_out: set[str] = frozenset()) -> list[SyntheticTheorem]:
    """Theorems with proofs, each statement once; with `verify`, only those whose proof replays
    in the checker. A statement whose canonical form is in `held_out` (an evaluation suite's,
    see `held_out_forms`) is never generated, so no evaluated theorem is trained on."""
    from prover.checkers.replay import replay
    from prover.state import load_theorem
    rng = random.Random(seed)
    out = []
    seen = set(held_out)
    for family in FAMILIES:
        for i in range(per_family):
            t = family(rng, len(out))
            form = _canonical(t.statement)
            if form in seen:
                continue
            seen.add(form)
            if verify and not replay(load_theorem(t.statement).goal, t.proof, budget_s=5).ok:
                continue
            if verify and t.family == "hint" and not _needs_its_hint(t):
                continue
            out.append(t)
    return out


def _canonical(statement: str) -> str:
    from prover.memory.graph import canonical_form
    return canonical_form(statement)


def held_out_forms(entries) -> set[str]:
    """Canonical forms of the statements of suite entries (`load_suite`), to keep out of training."""
    return {_canonical(item.statement) for item in entries}


def state_tactic_pairs(theorem: SyntheticTheorem) -> list[tuple[str, str]]:
    """(state, tactic) for each step of the theorem's proof, states from replaying it."""
    from prover.checkers.base import Subgoals
    from prover.checkers.sympy_checker import SympyChecker
    from prover.state import load_theorem
    checker = SympyChecker()
    goal = load_theorem(theorem.statement).goal
    lines = [l.strip() for l in theorem.proof.splitlines() if l.strip()]
    pairs: list[tuple[str, str]] = []
    if lines[0].startswith("induction"):
        var = lines[0].split()[1]
        pairs.append((str(goal), f"induction {var}"))
        res = checker.apply(goal, f"induction' {var} with {var} ih")   # the names the proof's `| succ` gives
        if not isinstance(res, Subgoals):
            return pairs
        base, step = res.goals
        pairs.append((str(base), lines[2]))
        cur = step
        for tac in lines[4:]:
            pairs.append((str(cur), tac))
            r = checker.apply(cur, tac)
            if isinstance(r, Subgoals):
                cur = r.goals[0]
        return pairs
    return [(str(goal), lines[0])]
