"""Integer bounds on a variable, read off hypotheses `c ≤ x`, `x < c`, `x = c` (also inside ∧).

>>> from prover.state import load_theorem
>>> g = load_theorem("theorem t (x : ℕ) (h : x < 5 ∧ 2 ≤ x) : x ≠ 7").goal
>>> variable_bounds(g, "x")
(2, 4)
"""

from __future__ import annotations

import math
from fractions import Fraction

from prover.decide.evaluate import Evaluator, NotEvaluable
from prover.decide.preprocess import conjuncts
from prover.syntax.ast import NAT, free_vars


def variable_bounds(goal, var: str) -> tuple[int, int] | None:
    """(lo, hi) with lo ≤ var ≤ hi implied by the hypotheses (ℕ: lo ≥ 0); None if unbounded."""
    lo = 0 if goal.context.get(var) == NAT else None
    hi = None
    for _, h in goal.hypotheses:
        for p in conjuncts(h):
            if p.op not in ("lt", "le", "gt", "ge", "eq"):
                continue
            a, b, op = p.args[0], p.args[1], p.op
            if op in ("gt", "ge"):
                a, b, op = b, a, {"gt": "lt", "ge": "le"}[op]
            for x, c, var_on_left in ((a, b, True), (b, a, False)):
                if x.op == "cast":
                    x = x.args[0]
                if not (x.op == "var" and x.value == var) or free_vars(c):
                    continue
                try:
                    v = Evaluator().term(c)
                except NotEvaluable:
                    continue
                if not isinstance(v, (int, Fraction)):
                    continue
                if op == "eq":
                    if v != int(v):
                        return None
                    lo, hi = (int(v), int(v))
                elif var_on_left:  # var < v  or  var ≤ v
                    bound = math.ceil(v) - 1 if op == "lt" else math.floor(v)
                    hi = bound if hi is None else min(hi, bound)
                else:              # v < var  or  v ≤ var
                    bound = math.floor(v) + 1 if op == "lt" else math.ceil(v)
                    lo = bound if lo is None else max(lo, bound)
    return (lo, hi) if lo is not None and hi is not None else None
