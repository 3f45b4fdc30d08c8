"""Literal ℕ exponents: `x ^ (5 / 3)`, `b ^ (1 / 2)` (untrusted proposer for `reconstruct_leaf`).

In Lean 4 with Mathlib, the exponent of `x ^ (1 / 2)` written with numerals elaborates in ℕ
(`Monoid.npow`), where `1 / 2 = 0`: the term is `x ^ 0 = 1`, not a square root. Lean's
`linarith`/`nlinarith` read `x ^ (1 / 2)` as an atom, so the goal must be rewritten first.
The script, each line checked by the kernel checker before it is returned:

    have hexp0 : (a ^ 2 + 2 * (a * b) ^ (5 / 3) : ℝ) = a ^ 2 + 2 * (a * b) ^ 1 := by norm_num
    rw [hexp0]                 -- one `have` per side of the comparison
    rw [pow_one]               -- `(a * b) ^ 1` (one `rw` per base: Lean's `rw` rewrites the
                               -- instances of the first match only)
    nlinarith [...]            -- the goal left, by `reconstruct_leaf`

The equation is stated for a whole side, not for the exponent: `rw [h]` with `h : 1 / 2 = 0`
would also meet `1 / 3` (defeq at reducible transparency, both reduce to `0`), which the
checker does not model. `norm_num` proves the side equation as simp does: both sides
normalize to the same term. When the whole goal closes that way, `norm_num` alone.

`pow_zero`/`pow_one` are the Monoid lemmas (`Mathlib/Algebra/Group/Defs.lean`). Exponents
under a binder are rewritten only where `rw` can (the closed exponent itself; a base with a
bound variable cannot be rewritten, and the script then stops).
"""

from __future__ import annotations

import time
from fractions import Fraction

from prover.checkers.base import Closed, Subgoals
from prover.checkers.kernel_checker import KernelChecker
from prover.state import Goal
from prover.syntax.ast import INT, NAT, RAT, REAL, Expr, free_vars
from prover.syntax.printer import show

ARITHMETIC = {"num", "add", "sub", "mul", "div", "mod", "pow"}
MAX_EXPONENTS = 6
MAX_REWRITES = 12
COMPARISONS = ("eq", "ne", "le", "lt", "ge", "gt")


def literal_exponents(e: Expr) -> list[Expr]:
    """The distinct closed ℕ exponents of `e` that are not numerals (`5 / 3`, `4 + 5 - 1`)."""
    found: list[Expr] = []
    for x in e.walk():
        if x.op != "pow" or len(x.args) != 2:
            continue
        k = x.args[1]
        if k.ty != NAT or k.op == "num" or free_vars(k) or not all(y.op in ARITHMETIC for y in k.walk()):
            continue
        if k not in found:
            found.append(k)
    return found


def _value(k: Expr) -> int | None:
    from prover.kernel.evaluate import NotEvaluable, value
    try:
        v = value(k)
    except (NotEvaluable, ZeroDivisionError, OverflowError, ValueError):
        return None
    return int(v) if v == int(v) and 0 <= v <= 64 else None


def _apply(goal: Goal, line: str, checker: KernelChecker):
    try:
        return checker.apply(goal, line, budget_s=1.0)
    except Exception:   # a line the checker cannot read proposes nothing
        return None


def _literal_powers(e: Expr) -> set:
    return {x.args[1].value for x in e.walk() if x.op == "pow" and len(x.args) == 2
            and x.args[1].op == "num" and x.args[1].ty == NAT and x.args[1].value in (0, 1)}


def evaluated_exponents(e: Expr) -> Expr | None:
    """`e` with each literal ℕ exponent replaced by its value and `t ^ 0` by `1` (what
    norm_num's simp set does: `Nat.reduceDiv`, `pow_zero`); None when one is not evaluable."""
    if not e.args:
        return e
    args = []
    for a in e.args:
        b = evaluated_exponents(a)
        if b is None:
            return None
        args.append(b)
    out = e.with_args(*args)
    if out.op == "pow" and len(out.args) == 2 and out.args[1] in literal_exponents(out):
        v = _value(out.args[1])
        if v is None:
            return None
        if v == 0:
            return Expr("num", value=Fraction(1), ty=out.ty)
        return out.with_args(out.args[0], Expr("num", value=Fraction(v), ty=NAT))
    return out


def _fresh(taken: set) -> str:
    name = next(f"hexp{j}" for j in range(100) if f"hexp{j}" not in taken)
    taken.add(name)
    return name


def closed_zpowers(goal: Goal) -> list[Expr]:
    """The distinct closed powers `c ^ (-k : ℤ)` over ℚ/ℝ (an integer exponent) in the goal."""
    found: list[Expr] = []
    for e in [goal.target] + [h for n, h in goal.hypotheses if not n.startswith("hzp")]:   # not its own equations
        for x in e.walk():
            if x.op == "pow" and len(x.args) == 2 and x.args[1].ty == INT and x.ty in (RAT, REAL) \
                    and not free_vars(x) and x not in found:
                found.append(x)
    return found[:MAX_EXPONENTS]


def _zpow_leaf(goal: Goal, checker: KernelChecker, deadline: float, finders, method: str,
               depth: int) -> list[str] | None:
    """`have hzpK : (10 : ℝ) ^ (-2 : ℤ) = 1 / 100 := by norm_num`, then `rw [hzpK] at h` for
    each hypothesis stating it and `rw [hzpK]` for the target, then the leaf finders."""
    from fractions import Fraction as F

    from prover.kernel.evaluate import NotEvaluable, value
    lines: list[str] = []
    g = goal
    taken = {n for n, _ in goal.hypotheses} | set(goal.context)
    for x in closed_zpowers(goal):
        try:
            v = F(value(x))
        except (NotEvaluable, ZeroDivisionError, OverflowError, ValueError, TypeError):
            return None
        name = next(f"hzp{j}" for j in range(100) if f"hzp{j}" not in taken)
        taken.add(name)
        text = str(v.numerator) if v.denominator == 1 else f"{v.numerator} / {v.denominator}"
        have = f"have {name} : ({show(x)} : {x.ty}) = {text} := by norm_num"
        r = _apply(g, have, checker)
        if not (isinstance(r, Subgoals) and len(r.goals) == 1):
            return None
        g = r.goals[0]
        lines.append(have)
        for n, h in list(g.hypotheses):
            if not n.startswith("hzp") and "✝" not in n and any(y == x for y in h.walk()):
                r = _apply(g, f"rw [{name}] at {n}", checker)
                if isinstance(r, Subgoals) and len(r.goals) == 1:
                    g = r.goals[0]
                    lines.append(f"rw [{name}] at {n}")
        if any(y == x for y in g.target.walk()):
            r = _apply(g, f"rw [{name}]", checker)
            if isinstance(r, Closed):
                return lines + [f"rw [{name}]"]
            if isinstance(r, Subgoals) and len(r.goals) == 1:
                g = r.goals[0]
                lines.append(f"rw [{name}]")
    if closed_zpowers(g) or time.monotonic() >= deadline:
        return None
    leaf = finders.reconstruct_leaf(g, "", method, deadline, checker, depth + 1)
    return None if leaf.missing else lines + leaf.lines


def exponent_leaf(goal: Goal, checker: KernelChecker, deadline: float, finders, method: str = "",
                  depth: int = 0) -> list[str] | None:
    """A checked script for a goal with literal ℕ-division exponents in its target (or closed
    integer powers `10 ^ (-2 : ℤ)` anywhere), or None. `finders` is `prover.search.reconstruct`
    (passed in to avoid an import cycle)."""
    t = goal.target
    exponents = literal_exponents(t)
    if not exponents and closed_zpowers(goal) and time.monotonic() < deadline:
        return _zpow_leaf(goal, checker, deadline, finders, method, depth)
    if not exponents or len(exponents) > MAX_EXPONENTS or time.monotonic() >= deadline:
        return None
    if isinstance(checker.close(goal, "norm_num"), Closed):   # closed once exponents are evaluated
        return ["norm_num"]
    if t.op not in COMPARISONS:
        return None
    lines: list[str] = []
    g = goal
    taken = {n for n, _ in goal.hypotheses} | set(goal.context)
    for side in t.args:
        if not literal_exponents(side):
            continue
        new = evaluated_exponents(side)
        if new is None:
            return None
        name = _fresh(taken)
        have = f"have {name} : ({show(side)} : {side.ty}) = {show(new)} := by norm_num"   # typed: `3 ^ (1 / 2)` alone is ℕ
        r = _apply(g, have, checker)
        if not (isinstance(r, Subgoals) and len(r.goals) == 1):
            return None
        g = r.goals[0]
        lines.append(have)
        r = _apply(g, f"rw [{name}]", checker)
        if isinstance(r, Closed):   # Lean's rw closes the goal by rfl: nothing may follow
            return lines + [f"rw [{name}]"]
        if isinstance(r, Subgoals) and len(r.goals) == 1:
            g = r.goals[0]
            lines.append(f"rw [{name}]")
        # else: the equation stays a hypothesis for the closer
    for _ in range(MAX_REWRITES):   # `t ^ 1`: pow_one, one base per rw
        if 1 not in _literal_powers(g.target):
            break
        r = _apply(g, "rw [pow_one]", checker)
        if isinstance(r, Closed):
            return lines + ["rw [pow_one]"]
        if not (isinstance(r, Subgoals) and len(r.goals) == 1 and r.goals[0] != g):
            break
        g = r.goals[0]
        lines.append("rw [pow_one]")
    if time.monotonic() >= deadline:
        return None
    leaf = finders.reconstruct_leaf(g, "", method, deadline, checker, depth + 1)
    if leaf.missing:
        return None
    return lines + leaf.lines
