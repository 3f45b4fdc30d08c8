"""A bound on an ℕ/ℤ variable by contradiction and evaluation of each smaller value: the
`lowerBounds` half of `IsLeast {n | P n} a` (and `upperBounds` of `IsGreatest`), once
`constructor` and `intro t ht` have run, and any goal `c ≤ v` / `v ≤ c` whose hypotheses
about `v` are closed arithmetic once `v` is fixed (`Nat.lcm 12 t ^ 3 = (12 * t) ^ 2`, which
omega reads as atoms). It writes

    by_contra hc
    push_neg at hc
    interval_cases t <;> norm_num at ht

(or `<;> omega`): `push_neg` turns `¬c ≤ t` into `t < c`, the upper bound `interval_cases`
reads (ℕ: 0 below; ℤ needs a stated lower bound), and in each case the kernel's
`norm_num at ht` closes the goal when `ht` evaluates to False. Nothing here is trusted: the
script is replayed by the kernel checker before it is returned.

>>> import time
>>> from prover.state import load_theorem
>>> g = load_theorem("theorem t (n : ℕ) (h : 0 < n ∧ n ^ 2 % 7 = 2) : 3 ≤ n").goal
>>> bound_by_cases_leaf(g, KernelChecker(), time.monotonic() + 10)
['by_contra hc', 'push_neg at hc', 'interval_cases n <;> norm_num at h']
"""

from __future__ import annotations

import time

from prover.checkers.base import Closed
from prover.checkers.kernel_checker import KernelChecker, certify
from prover.checkers.sympy_checker import MAX_INTERVAL_CASES
from prover.kernel.terms import accessible
from prover.state import Goal
from prover.syntax.ast import INT, NAT, free_vars

FLIP = {"ge": "le", "gt": "lt"}


def _bound(goal: Goal):
    """(variable, its type, the case count) when the target is `c ≤ v`, `c < v`, `v ≤ c` or
    `v < c` (or `≥`/`>`) with `v` an ℕ/ℤ variable and `c` a numeral; None otherwise."""
    t = goal.target
    if t.op not in ("le", "lt", "ge", "gt") or t.value not in (NAT, INT):
        return None
    a, b = (t.args[1], t.args[0]) if t.op in FLIP else t.args
    for v, c, lower in ((b, a, True), (a, b, False)):
        if v.op == "var" and c.op == "num" and isinstance(c.value, int) and goal.context.get(v.value) in (NAT, INT):
            if lower and goal.context[v.value] == NAT and 0 <= c.value <= MAX_INTERVAL_CASES:
                return v.value, c.value
            return None   # an upper bound or ℤ: interval_cases needs a bound on the other side
    return None


def bound_by_cases_leaf(goal: Goal, checker: KernelChecker, deadline: float) -> list[str] | None:
    """`by_contra hc`, `push_neg at hc`, `interval_cases v <;> norm_num at …` (or `omega`) for
    a goal `c ≤ v` over ℕ (see the module docstring); None unless the kernel checks it."""
    found = _bound(goal)
    if found is None or time.monotonic() >= deadline:
        return None
    var, _ = found
    names = [n for n, h in goal.hypotheses if var in free_vars(h) and accessible(n)]
    if not names or "hc" in goal.names:
        return None
    if isinstance(checker.apply(goal, "omega"), Closed):
        return ["omega"]
    head = ["by_contra hc", "push_neg at hc"]
    for closer in (f"norm_num at {' '.join(names)}", "omega"):
        if time.monotonic() >= deadline:
            return None
        script = head + [f"interval_cases {var} <;> {closer}"]
        if certify(goal, "\n".join(script), KernelChecker(checker.cache)).ok:
            return script
    return None


def cases_evaluation_leaf(goal: Goal, checker: KernelChecker, deadline: float) -> list[str] | None:
    """One bounded ℕ/ℤ variable `v`, the only one the goal has: conjunctions of bounds named
    (`obtain`), then `interval_cases v <;> norm_num at h₁ … ⊢` over the hypotheses that mention
    `v` — each case closed arithmetic the kernel's `norm_num at` evaluates (sums over
    `Finset.range`, `Nat.sqrt`, `∣`, … that omega does not read). None unless checked."""
    from prover.search.conjunctions import split_comparisons
    if len(goal.variables) != 1 or goal.variables[0][1] not in (NAT, INT) or time.monotonic() >= deadline:
        return None
    var = goal.variables[0][0]
    lines, split = split_comparisons(goal, checker, ("lt", "le", "gt", "ge", "eq", "ne", "dvd"))
    names = [n for n, h in split.hypotheses if var in free_vars(h) and accessible(n)
             and not (h.op in ("lt", "le", "gt", "ge") and free_vars(h) == {var})]
    r = checker.apply(split, f"interval_cases {var}")
    if not names or not hasattr(r, "goals"):
        return None
    for closer in ("omega", f"norm_num at {' '.join(names)} ⊢", f"norm_num at {' '.join(names)}"):
        if time.monotonic() >= deadline:
            return None
        script = lines + [f"interval_cases {var} <;> {closer}"]
        if certify(goal, "\n".join(script), KernelChecker(checker.cache)).ok:
            return script
    return None
