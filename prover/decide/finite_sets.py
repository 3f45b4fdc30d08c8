"""Finite sets given by membership: `h : ∀ n, n ∈ S ↔ P n` with P bounding its members.

When Z3 proves every member lies in an integer interval [lo, hi], S is exactly the list
of n in that interval with P n (evaluated exactly), and S can be replaced by that literal.

>>> from prover.state import load_theorem
>>> g = load_theorem("theorem t (S : Finset ℕ) (h : ∀ n : ℕ, n ∈ S ↔ n ∣ 12) : S.card = 6").goal
>>> from prover.syntax.printer import show
>>> show(resolve_sets(g).target)
'Finset.card {1, 2, 3, 4, 6, 12} = 6'
"""

from __future__ import annotations

from prover.decide.evaluate import Evaluator, NotEvaluable
from prover.decide.z3_encode import refute
from prover.state import Goal
from prover.syntax.ast import INT, NAT, PROP, Expr, free_vars, substitute

ENUMERATION_LIMIT = 20_000
BOUND_CANDIDATES = (10, 100, 1000, 10_000)


def _definition(h: Expr, sname: str) -> tuple[str, object, Expr] | None:
    if h.op != "forall":
        return None
    x, ty = h.value
    body = h.args[0]
    if body.op != "iff":
        return None
    for mem, pred in ((body.args[0], body.args[1]), (body.args[1], body.args[0])):
        if mem.op == "mem" and mem.args[0] == Expr("var", value=x, ty=ty) and mem.args[1].op == "var" \
                and mem.args[1].value == sname:
            return x, ty, pred
    return None


def _bound(x: str, ty, pred: Expr, upper: bool) -> int | None:
    numerals = sorted({abs(int(n.value)) for n in pred.walk() if n.op == "num" and n.value == int(n.value)})
    candidates = sorted(set(numerals + [c * c for c in numerals if c < 200] + list(BOUND_CANDIDATES)))
    xv = Expr("var", value=x, ty=ty)
    for c in candidates:
        if c > ENUMERATION_LIMIT:
            break
        target = Expr("le", (xv, Expr("num", value=c, ty=ty)), value=ty, ty=PROP) if upper else \
            Expr("ge", (xv, Expr("num", value=-c, ty=ty)), value=ty, ty=PROP)
        probe = Goal(((x, ty),), (("member", pred),), target)
        if refute(probe, timeout_ms=1500).status == "proved":
            return c if upper else -c
    return None


def resolve_sets(goal: Goal) -> Goal | None:
    """Replace every membership-defined finite set by its elements; None if none resolves."""
    changed = False
    for sname, sty in goal.variables:
        if not (isinstance(sty, tuple) and sty[0] in ("Finset", "Set") and sty[1] in (NAT, INT)):
            continue
        for hname, h in goal.hypotheses:
            d = _definition(h, sname)
            if d is None:
                continue
            x, ty, pred = d
            if free_vars(pred) - {x}:
                continue
            hi = _bound(x, ty, pred, upper=True)
            lo = 0 if ty == NAT else _bound(x, ty, pred, upper=False)
            if hi is None or lo is None or hi - lo > ENUMERATION_LIMIT:
                continue
            members = []
            try:
                for v in range(lo, hi + 1):
                    if Evaluator({x: v}).prop(pred):
                        members.append(v)
            except (NotEvaluable, ZeroDivisionError, ValueError, TypeError):
                continue
            literal = Expr("set", tuple(Expr("num", value=v, ty=ty) for v in members), value="literal", ty=sty)
            hyps = tuple((n, substitute(e, sname, literal)) for n, e in goal.hypotheses if n != hname)
            goal = Goal(tuple(v for v in goal.variables if v[0] != sname), hyps, substitute(goal.target, sname, literal))
            changed = True
            break
    return goal if changed else None
