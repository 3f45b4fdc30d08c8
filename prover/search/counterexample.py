"""`disproved`: a counterexample from the oracle, confirmed by the kernel's evaluator.

Z3 (the full Lean-faithful encoding) is asked for a model of `hypotheses ∧ ¬goal`; the model's
values for the goal's variables (integers and rationals only) are substituted into every
hypothesis and the target, and `prover.kernel.evaluate.holds` decides them under Lean's
semantics (truncated ℕ subtraction, ℕ/ℤ division and modulo, `x / 0 = 0`). Only when every
hypothesis is true and the target false is the statement `disproved`. A hypothesis the
evaluator cannot decide (a function, a quantifier, a real root) means no verdict.

>>> from prover.state import load_theorem
>>> counterexample(load_theorem("theorem t (x : ℕ) (h : 3 < x) (h' : x < 5) : x ^ 2 < 16").goal)
{'x': 4}
"""

from __future__ import annotations

import threading
from fractions import Fraction

from prover.kernel.evaluate import NotEvaluable, holds
from prover.state import Goal
from prover.syntax.ast import INT, NAT, RAT, REAL, Expr, substitute

NUMERIC = (NAT, INT, RAT, REAL)


def _model(goal: Goal, timeout_ms: int, negate: bool = True) -> dict | None:
    import z3

    from prover.decide.z3_encode import Encoder, Unencodable
    try:
        enc = Encoder(goal)
        facts = []
        for _, h in goal.hypotheses:
            try:
                facts.append(enc.prop(h))
            except Unencodable:
                continue   # the evaluator checks every hypothesis below anyway
        negated = z3.Not(enc.prop(goal.target)) if negate else z3.BoolVal(True, ctx=enc.ctx)
    except (Unencodable, z3.Z3Exception, RecursionError):
        return None
    if enc.huge:
        return None
    solver = z3.Solver(ctx=enc.ctx)
    solver.set("timeout", int(timeout_ms))
    solver.add(*enc.side, *facts, negated)
    alarm = threading.Timer(timeout_ms / 1000 + 0.5, enc.ctx.interrupt)
    alarm.daemon = True
    alarm.start()
    try:
        if solver.check() != z3.sat:
            return None
        model = solver.model()
    except (z3.Z3Exception, RuntimeError):
        return None
    finally:
        alarm.cancel()
    values = {}
    for name, v in enc.vars.items():
        x = model.eval(v, model_completion=True)
        if z3.is_int_value(x):
            values[name] = x.as_long()
        elif z3.is_rational_value(x):
            values[name] = Fraction(x.numerator_as_long(), x.denominator_as_long())
        else:
            return None   # an algebraic number: not evaluated exactly here
    return values


def model_of_hypotheses(goal: Goal, timeout_ms: int = 500) -> dict | None:
    """Values (untrusted) satisfying the hypotheses as Z3 reads them: a guess for finders."""
    if any(ty not in NUMERIC for _, ty in goal.variables):
        return None
    return _model(goal, timeout_ms, negate=False)


def _literal(v, ty) -> Expr:
    v = Fraction(v)
    if v < 0:
        return Expr("neg", (_literal(-v, ty),), ty=ty)
    if v.denominator == 1:
        return Expr("num", value=v.numerator, ty=ty)
    return Expr("div", (Expr("num", value=v.numerator, ty=ty), Expr("num", value=v.denominator, ty=ty)), ty=ty)


def confirm(goal: Goal, values: dict) -> bool:
    """The kernel's evaluator: every hypothesis true and the target false at `values`."""
    types = dict(goal.variables)
    if any(types.get(n) not in NUMERIC for n in types) or set(values) != set(types):
        return False
    if any(types[n] == NAT and Fraction(v) < 0 or types[n] in (NAT, INT) and Fraction(v).denominator != 1
           for n, v in values.items()):
        return False

    def closed(e: Expr) -> Expr:
        for n, v in values.items():
            e = substitute(e, n, _literal(v, types[n]))
        return e
    try:
        return all(holds(closed(h)) for _, h in goal.hypotheses) and not holds(closed(goal.target))
    except (NotEvaluable, ZeroDivisionError, RecursionError, ValueError, OverflowError):
        return False


def counterexample(goal: Goal, timeout_ms: int = 1000) -> dict | None:
    """Values (int or Fraction per variable) disproving `goal`, confirmed by the kernel, or None."""
    if not goal.variables or any(ty not in NUMERIC for _, ty in goal.variables):
        return None
    values = _model(goal, timeout_ms)
    if values is None or not confirm(goal, values):
        return None
    return values


def show_values(values: dict) -> str:
    """`x = 37, a = 1480`"""
    return ", ".join(f"{n} = {v}" for n, v in values.items())
