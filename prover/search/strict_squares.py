"""Strict squares from `≠` hypotheses for a strict polynomial inequality (untrusted proposer
for `reconstruct_leaf`; every line is checked by the kernel checker).

`nlinarith` multiplies hypotheses, but a disequality `x ≠ y` is no comparison to it. For each
`h : u ≠ v` (ℤ, ℚ, ℝ) the script states the square it gives:

    have hne : u - v ≠ 0 := by exact sub_ne_zero.mpr h
    have hsq : 0 < (u - v) ^ 2 := by positivity

(`sub_ne_zero : a - b ≠ 0 ↔ a ≠ b`; Mathlib's positivity proves an even power nonnegative and,
with the hypothesis `u - v ≠ 0` (`compareHyp`), nonzero, hence positive), then the leaf
finders on the goal with these facts: `(x - y) ^ 2 + (y - z) ^ 2 + (z - x) ^ 2 > 0` from
`x ≠ y` closes `a ^ 2 < 3 * b ^ 2` for `a = x + y + z`, `b ^ 2 = x ^ 2 + y ^ 2 + z ^ 2`.
"""

from __future__ import annotations

import time

from prover.checkers.base import Closed, Subgoals
from prover.checkers.kernel_checker import KernelChecker
from prover.state import Goal
from prover.syntax.ast import INT, RAT, REAL
from prover.syntax.printer import show

TYPES = (INT, RAT, REAL)
MAX_FACTS = 4


def _pairs(goal: Goal) -> list:
    out = []
    for n, h in goal.hypotheses:
        if h.op == "ne" and h.value in TYPES and "✝" not in n \
                and not any(a.op == "num" and a.value == 0 for a in h.args):
            out.append((n, h))
    return out[:MAX_FACTS]


def applies(goal: Goal) -> bool:
    t = goal.target
    return t.op in ("lt", "gt") and t.value in TYPES and bool(_pairs(goal))


def strict_square_leaf(goal: Goal, checker: KernelChecker, deadline: float, finders) -> list[str] | None:
    """A checked script for a strict inequality with `≠` hypotheses, or None. `finders` is
    `prover.search.reconstruct` (passed in to avoid an import cycle)."""
    if not applies(goal) or time.monotonic() >= deadline:
        return None
    lines: list[str] = []
    g = goal
    for n, h in _pairs(goal):
        u, v = show(h.args[0], 65), show(h.args[1], 66)   # `u - (y + z)`
        hne, hsq = g.fresh_name("hne"), g.fresh_name("hsq")
        for line in (f"have {hne} : {u} - {v} ≠ 0 := by exact sub_ne_zero.mpr {n}",
                     f"have {hsq} : 0 < ({u} - {v}) ^ 2 := by positivity"):
            r = checker.apply(g, line, budget_s=1.0)
            if not (isinstance(r, Subgoals) and len(r.goals) == 1):
                return None
            g = r.goals[0]
            lines.append(line)
    found = finders._first_checked(g, finders.leaf_candidates(g, "", "z3", deadline), checker, deadline)
    if found is None:
        return None
    if isinstance(checker.close(goal, found), Closed):   # the facts were not needed
        return [found]
    return lines + [found]
