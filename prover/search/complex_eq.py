"""Equations over ℂ whose hypotheses define variables (`q = 2 - 2 * Complex.I`), possibly inside
conjunctions: the definitions are eliminated, then the goal is closed by a kernel rule.

Untrusted proposer for `reconstruct_leaf` (every line is checked by the kernel checker before it
is returned). `Complex.I` is an atom to `ring` (Mathlib's `ring` never reduces `I ^ 2`); the
cofactor finder (`reconstruct.linear_combination_candidates`) adds `I ^ 2 + 1` to the ideal as
the library proof `Complex.I_sq : I ^ 2 = -1`. The leaf candidates already try that on the goal
as stated; this module covers what they cannot:

- definitions inside conjunctions: `obtain ⟨h₁, h₂⟩ := h` first;
- definitions under an inverse (`b / a` with `a = 7 + 6 * I`): `linear_combination` cannot
  relate the atoms `a⁻¹` and `(7 + 6 * I)⁻¹`, so each `v = e` (v a variable free in neither
  side's other half) is eliminated by `subst`, as in Lean, and the rest closed by `rfl`, `ring`
  or `linear_combination e` (with `Complex.I_sq`).
"""

from __future__ import annotations

import time

from prover.checkers.base import Closed, Subgoals
from prover.checkers.kernel_checker import KernelChecker
from prover.state import Goal
from prover.syntax.ast import COMPLEX, Expr, free_vars

MAX_SUBST = 8


def _definition(h: Expr, goal: Goal) -> bool:
    """`h : v = e` or `e = v` with v a ℂ variable of the context not free in e."""
    if h.op != "eq" or h.value != COMPLEX:
        return False
    for x, other in ((h.args[0], h.args[1]), (h.args[1], h.args[0])):
        if x.op == "var" and goal.context.get(x.value) == COMPLEX and x.value not in free_vars(other):
            return True
    return False


def complex_leaf(goal: Goal, checker: KernelChecker, deadline: float, finders) -> list[str] | None:
    """`obtain` on conjunctions, `subst` of the definitions, then `rfl`/`ring`/`linear_combination`
    (`finders`: `prover.search.reconstruct`, passed in to avoid an import cycle)."""
    t = goal.target
    if t.op != "eq" or t.value != COMPLEX or time.monotonic() >= deadline:
        return None
    lines, g = finders._name_conjuncts(goal)
    for _ in range(MAX_SUBST):
        name = next((n for n, h in g.hypotheses if _definition(h, g)), None)
        if name is None:
            break
        line = f"subst {name}"
        r = checker.apply(g, line)
        if isinstance(r, Closed):
            return lines + [line]
        if not isinstance(r, Subgoals) or len(r.goals) != 1:
            break
        lines.append(line)
        g = r.goals[0]
    if not lines:
        return None   # nothing to eliminate: the leaf candidates have seen this goal already
    found = finders._first_checked(
        g, ["rfl", "ring", lambda: finders.linear_combination_candidates(g, deadline=deadline)], checker, deadline)
    return lines + [found] if found else None
