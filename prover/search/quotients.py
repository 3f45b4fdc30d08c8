"""A quotient on one side of an inequality over ℚ or ℝ, cleared by Mathlib's `div_le_iff₀`
family (untrusted proposer for `reconstruct_leaf`; every line is checked by the kernel).

    b / c ≤ a   ↤ (div_le_iff₀ hc).mpr (hkey : b ≤ a * c)      (hc : 0 < c)
    a ≤ b / c   ↤ (le_div_iff₀ hc).mpr (hkey : a * c ≤ b)
    b / c < a   ↤ (div_lt_iff₀ hc).mpr (hkey : b < a * c)
    a < b / c   ↤ (lt_div_iff₀ hc).mpr (hkey : a * c < b)

(`Mathlib/Algebra/Order/GroupWithZero/Unbundled/Basic.lean`; ℕ and ℤ have no such lemma: their
`/` truncates). `hc : 0 < c` by positivity or (n)linarith, `hkey` by the leaf finders. This
reaches denominators that `field_simp`'s model does not clear (`x ^ 2 + x * y + y ^ 2`), and
keeps the cleared goal a plain polynomial inequality for the Positivstellensatz finders.
"""

from __future__ import annotations

import time

from prover.checkers.base import Subgoals
from prover.checkers.kernel_checker import KernelChecker
from prover.state import Goal
from prover.syntax.ast import PROP, RAT, REAL, Expr, free_vars
from prover.syntax.printer import show

FIELDS = (RAT, REAL)
LEMMAS = {("le", 0): "div_le_iff₀", ("le", 1): "le_div_iff₀", ("lt", 0): "div_lt_iff₀", ("lt", 1): "lt_div_iff₀"}


def _cleared(rel: str, side: int, lhs: Expr, rhs: Expr) -> tuple[Expr, Expr] | None:
    """(c, key) for `lhs rel rhs` with the quotient `b / c` on `side`."""
    q = (lhs, rhs)[side]
    if q.op != "div" or q.ty not in FIELDS or not free_vars(q.args[1]):
        return None
    b, c = q.args
    if side == 0:   # b / c ≤ a  ↔  b ≤ a * c
        key = Expr(rel, (b, Expr("mul", (rhs, c), ty=q.ty)), value=q.ty, ty=PROP)
    else:           # a ≤ b / c  ↔  a * c ≤ b
        key = Expr(rel, (Expr("mul", (lhs, c), ty=q.ty), b), value=q.ty, ty=PROP)
    return c, key


def quotient_leaf(goal: Goal, checker: KernelChecker, deadline: float, finders, method: str = "") -> list[str] | None:
    """A checked script for `b / c ≤ a` (`<`, `≥`, `>`, or the quotient on the right), or None.
    `finders` is `prover.search.reconstruct` (passed in to avoid an import cycle)."""
    t = goal.target
    if t.op not in ("le", "lt", "ge", "gt") or t.value not in FIELDS or time.monotonic() >= deadline:
        return None
    rel = "le" if t.op in ("le", "ge") else "lt"
    lhs, rhs = (t.args[1], t.args[0]) if t.op in ("ge", "gt") else t.args
    for side in (0, 1):
        found = _cleared(rel, side, lhs, rhs)
        if found is None or time.monotonic() >= deadline:
            continue
        c, key = found
        hc, hkey = goal.fresh_name("hc"), goal.fresh_name("hkey")
        pos_text = f"0 < {show(c)}"
        pos_line = None
        for tac in ("positivity", "linarith", "nlinarith"):
            line = f"have {hc} : {pos_text} := by {tac}"
            r = checker.apply(goal, line, budget_s=2.0)
            if isinstance(r, Subgoals) and len(r.goals) == 1:
                pos_line, g = line, r.goals[0]
                break
        if pos_line is None:
            continue
        key_goal = g.with_target(key)
        leaf = finders.reconstruct_leaf(key_goal, "", method or "z3", deadline, checker, 1)
        if leaf.missing:
            continue
        lemma = LEMMAS[(rel, side)]
        key_lines = [f"have {hkey} : {show(key)} := by"] + ["  " + x for x in leaf.lines]
        script = [pos_line] + key_lines + [f"exact ({lemma} {hc}).mpr {hkey}"]
        from prover.checkers.replay import replay
        if replay(goal, "\n".join(script), checker=checker).ok:
            return script
    return None
