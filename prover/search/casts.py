"""An ℕ/ℤ goal from facts about its variables' casts into ℚ or ℝ: the goal is stated at the
facts' type (`(↑a : ℚ) = 42`), proved there by the leaf finders (linarith, linear_combination,
…), and carried back by `exact_mod_cast`:

    have hcast : (↑a : ℚ) = 42 := by linarith
    exact_mod_cast hcast

Only goals whose cast image `norm_cast` moves back by unconditional lemmas (`+ * ^`, numerals;
no ℕ subtraction, division or `%`) are lifted; the kernel's `exact_mod_cast` checks that the two
statements have the same cast normal form. Nothing here is trusted.

>>> import time
>>> from prover.checkers.kernel_checker import KernelChecker
>>> from prover.state import load_theorem
>>> from prover.search import reconstruct
>>> g = load_theorem("theorem t (a : ℕ) (h : (a : ℚ) / 3 = 5) : a = 15").goal
>>> cast_leaf(g, KernelChecker(), time.monotonic() + 10, reconstruct)
['have hcast : (↑a : ℚ) = 15 := by linarith', 'exact_mod_cast hcast']
"""

from __future__ import annotations

import time

from prover.kernel.casts import in_cast_fragment, mod_cast_equal
from prover.state import Goal
from prover.syntax.ast import INT, NAT, PROP, RAT, REAL, Expr
from prover.syntax.printer import show

_RANK = {NAT: 0, INT: 1, RAT: 2, REAL: 3}


def _lift(e: Expr, ty) -> Expr:
    """The term `e` (ℕ/ℤ, in the cast fragment) with its variables cast to `ty` and its
    operations at `ty`."""
    if e.op == "var":
        return Expr("cast", (e,), value=ty, ty=ty)
    if e.op == "cast":
        return Expr("cast", (e.args[0],), value=ty, ty=ty)
    if e.op == "num":
        return Expr("num", value=e.value, ty=ty)
    if e.op == "pow":
        return Expr("pow", (_lift(e.args[0], ty), e.args[1]), value=e.value, ty=ty)
    return Expr(e.op, tuple(_lift(a, ty) for a in e.args), value=e.value, ty=ty)


def _cast_type(goal: Goal):
    """The largest type (ℚ or ℝ, or ℤ above an ℕ goal) that a hypothesis casts a variable into."""
    best = None
    for _, h in goal.hypotheses:
        for x in h.walk():
            if x.op == "cast" and x.args[0].op == "var" and x.ty in _RANK:
                if best is None or _RANK[x.ty] > _RANK[best]:
                    best = x.ty
    return best


def cast_leaf(goal: Goal, checker, deadline: float, finders, depth: int = 0) -> list[str] | None:
    """`have hcast : <goal at the facts' type> := by …` then `exact_mod_cast hcast`; None unless
    the lifted goal is closed by the finders (`finders`: `prover.search.reconstruct`)."""
    t = goal.target
    if t.value not in (NAT, INT) or not in_cast_fragment(t) or "hcast" in goal.names:
        return None
    ty = _cast_type(goal)
    if ty is None or _RANK[ty] <= _RANK[t.value] or time.monotonic() >= deadline:
        return None
    if any(x.op == "sub" for x in t.walk()) and t.value == NAT:
        return None   # ℕ subtraction: `Nat.cast_sub` needs its hypothesis
    lifted = Expr(t.op, (_lift(t.args[0], ty), _lift(t.args[1], ty)), value=ty, ty=PROP)
    if not mod_cast_equal(lifted, t):
        return None
    mine = time.monotonic() + (deadline - time.monotonic()) / 3   # the finders after it keep the rest
    inner = finders.reconstruct_leaf(goal.with_target(lifted), "", "", mine, checker, depth + 1)
    if inner.missing:
        return None
    head = f"have hcast : {show(lifted)} := by"
    lines = [f"{head} {inner.lines[0]}"] if len(inner.lines) == 1 else [head] + ["  " + x for x in inner.lines]
    return lines + ["exact_mod_cast hcast"]
