"""Integer bounds on a variable, read off hypotheses `c ≤ x`, `x < c`, `x = c` (also inside ∧).

>>> from prover.state import load_theorem
>>> g = load_theorem("theorem t (x : ℕ) (h : x < 5 ∧ 2 ≤ x) : x ≠ 7").goal
>>> variable_bounds(g, "x")
(2, 4)
"""

from __future__ import annotations

import math
from fractions import Fraction

from prover.decide.evaluate import Evaluator, NotEvaluable, rational_value
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
    if hi is None and goal.context.get(var) == NAT:
        hi = exponent_bound(goal, var)
    return (lo, hi) if lo is not None and hi is not None else None


def _factors(e):
    if e.op == "mul":
        return _factors(e.args[0]) + _factors(e.args[1])
    return [e]


def _constant(e) -> int | None:
    v = rational_value(e)
    return int(v) if v is not None and v.denominator == 1 else None


def exponent_bound(goal, var: str) -> int | None:
    """For ℕ `var` in `c ^ var` (c ≥ 2): the largest `var` allowed by a hypothesis `P = K`,
    `P ≤ K`, `P < K` or `P ∣ K` (K a positive constant) where P is a product of ℕ factors, one
    being `c ^ var` (for ≤ and <, P must be `c ^ var` alone): every factor of a positive ℕ
    product is at most the product."""
    best = None
    for _, h in goal.hypotheses:
        for p in conjuncts(h):
            if p.op not in ("eq", "le", "lt", "ge", "gt", "dvd") or p.value != NAT:
                continue
            a, b = p.args
            sides = {"eq": ((a, b), (b, a)), "le": ((a, b),), "lt": ((a, b),), "ge": ((b, a),), "gt": ((b, a),),
                     "dvd": ((a, b),)}[p.op]
            for product, bound in sides:
                k = _constant(bound)
                if k is None or k <= 0:
                    continue
                factors = _factors(product)
                if p.op not in ("eq", "dvd") and len(factors) > 1:
                    continue  # `0 * 2 ^ x ≤ 5`: an order bound on a product says nothing of a factor
                for f in factors:
                    if f.op == "pow" and f.args[1].op == "var" and f.args[1].value == var:
                        c = _constant(f.args[0])
                        if c is not None and c >= 2:
                            # c ^ var ∣ K: var is at most c's multiplicity in K; otherwise c ^ var ≤ K.
                            fits = (lambda m: k % c ** m == 0) if p.op == "dvd" else (lambda m: c ** m <= k)
                            n = 0
                            while c ** (n + 1) <= k and fits(n + 1):
                                n += 1
                            best = n if best is None else min(best, n)
    return best
