"""Identities involving sums and products with symbolic bounds, by closed forms.

`∑ k ∈ Finset.range n, (2 * k + 1) = n ^ 2` is decided by SymPy's `summation` (Gosper's
algorithm) and simplification. Lean's meaning is kept: ℕ subtraction and division by a
non-constant translate only where Z3 proves them exact (`b ≤ a`, `d ≠ 0`, for every index
in the range), and a range's upper bound must be proved ≥ its lower bound - 1 (SymPy's
convention for reversed ranges differs from Lean's empty sum). Every identity is also
spot-checked by exact evaluation at small values of its variables.

>>> from prover.state import load_theorem
>>> closed_form_identity(load_theorem("theorem t (n : ℕ) : ∑ k ∈ Finset.range n, (2 * k + 1) = n ^ 2").goal)
True
>>> closed_form_identity(load_theorem("theorem t (n : ℕ) : ∑ k ∈ Finset.range n, (2 * k + 1) = n ^ 2 + 1").goal)
False
"""

from __future__ import annotations

import itertools

import sympy

from prover.decide.evaluate import Evaluator, NotEvaluable, to_sympy
from prover.decide.z3_encode import refute
from prover.state import Goal
from prover.syntax.ast import INT, NAT, PROP, Expr, free_vars, substitute

SPOT_VALUES = range(0, 7)


class NotClosedForm(Exception):
    pass


class _Translator:
    def __init__(self, goal: Goal):
        self.goal = goal
        self.symbols: dict[str, sympy.Symbol] = {}
        self.index_context: list[tuple[str, object, Expr]] = []  # (name, type, membership hyp)
        self.indices = 0

    def _proves(self, target: Expr) -> bool:
        extra_vars = tuple((n, t) for n, t, _ in self.index_context)
        extra_hyps = tuple((f"idx{i}", h) for i, (_, _, h) in enumerate(self.index_context))
        probe = Goal(self.goal.variables + extra_vars, self.goal.hypotheses + extra_hyps, target)
        return refute(probe, timeout_ms=2000).status == "proved"

    def sym(self, name: str, ty) -> sympy.Symbol:
        if name not in self.symbols:
            self.symbols[name] = sympy.Symbol(name, integer=ty in (NAT, INT), nonnegative=ty == NAT)
        return self.symbols[name]

    def __call__(self, e: Expr):
        op = e.op
        if op == "num":
            return to_sympy(e.value)
        if op == "var":
            return self.sym(e.value, e.ty)
        if op == "cast":
            return self(e.args[0])  # casts are ring homomorphisms; ℕ sub/div inside are checked below
        if op in ("add", "mul"):
            a, b = self(e.args[0]), self(e.args[1])
            return a + b if op == "add" else a * b
        if op == "neg":
            return -self(e.args[0])
        if op == "sub":
            if e.ty == NAT and not self._proves(Expr("le", (e.args[1], e.args[0]), value=NAT, ty=PROP)):
                raise NotClosedForm("ℕ subtraction that may truncate")
            return self(e.args[0]) - self(e.args[1])
        if op == "div":
            if e.ty in (NAT, INT):
                raise NotClosedForm("integer division")
            den = e.args[1]
            if not (den.op == "num" and den.value != 0):
                zero = Expr("num", value=0, ty=den.ty)
                if not self._proves(Expr("ne", (den, zero), value=den.ty, ty=PROP)):
                    raise NotClosedForm("denominator not known to be nonzero")
            if den.op == "num" and den.value == 0:
                return sympy.Integer(0)
            return self(e.args[0]) / self(den)
        if op == "pow":
            if e.args[1].ty != NAT:
                raise NotClosedForm("non-ℕ exponent")
            return self(e.args[0]) ** self(e.args[1])
        if op == "call" and e.value == "Nat.choose":
            return sympy.binomial(self(e.args[0]), self(e.args[1]))
        if op == "call" and e.value == "Nat.factorial":
            return sympy.factorial(self(e.args[0]))
        if op in ("sum", "prod"):
            return self._big_operator(e)
        raise NotClosedForm(op)

    def _big_operator(self, e: Expr):
        bound_name, ty = e.value
        s, body = e.args
        # The index is its own variable, whatever it is called: `∑ k ∈ Finset.range k, f k`
        # has a bound k and a free k (in the range), and the index hypothesis is about the bound
        # one. `✝` is in no name the parser accepts, so the new name is no user's.
        self.indices += 1   # one name per sum, so two sums never share a symbol (or its assumptions)
        name = f"{bound_name}✝idx{self.indices}"
        body = substitute(body, bound_name, Expr("var", value=name, ty=ty))
        if s.op != "set" or s.value not in ("Finset.range", "Finset.Icc"):
            raise NotClosedForm("sum over an unsupported set")
        if s.value == "Finset.range":
            lo_e, hi_e = Expr("num", value=0, ty=NAT), Expr("sub", (s.args[0], Expr("num", value=1, ty=NAT)), ty=NAT)
            lo, hi = sympy.Integer(0), self(s.args[0]) - 1
            member = Expr("lt", (Expr("var", value=name, ty=ty), s.args[0]), value=ty, ty=PROP)
        else:
            lo_e, hi_e = s.args
            lo, hi = self(lo_e), self(hi_e)
            if not free_vars(lo_e) | free_vars(hi_e):
                pass
            elif not self._proves(Expr("le", (lo_e, Expr("add", (hi_e, Expr("num", value=1, ty=ty)), ty=ty)),
                                       value=ty, ty=PROP)):
                raise NotClosedForm("range may be reversed")
            kv = Expr("var", value=name, ty=ty)
            member = Expr("and", (Expr("le", (lo_e, kv), value=ty, ty=PROP), Expr("le", (kv, hi_e), value=ty, ty=PROP)),
                          ty=PROP)
        self.index_context.append((name, ty, member))
        try:
            k = self.sym(name, ty)
            f = self(body)
        finally:
            self.index_context.pop()
        result = sympy.summation(f, (k, lo, hi)) if e.op == "sum" else sympy.product(f, (k, lo, hi))
        if result.has(sympy.Sum, sympy.Product):
            raise NotClosedForm("no closed form")
        return result


def _spot_check(goal: Goal) -> bool:
    """Exact evaluation of the goal at small values of its (ℕ/ℤ) variables where the
    hypotheses hold; False at the first counterexample or unevaluable point."""
    names = [n for n, t in goal.variables]
    if any(t not in (NAT, INT) for _, t in goal.variables) or len(names) > 3:
        return True  # nothing cheap to check; the symbolic identity stands alone
    domain = [SPOT_VALUES if t == NAT else range(-3, 4) for _, t in goal.variables]
    for point in itertools.product(*domain):
        ev = Evaluator(dict(zip(names, point)))
        try:
            if not all(ev.prop(h) for _, h in goal.hypotheses):
                continue
            if not ev.prop(goal.target):
                return False
        except (NotEvaluable, ZeroDivisionError, ValueError, TypeError):
            return False
    return True


def closed_form_identity(goal: Goal) -> bool:
    t = goal.target
    if t.op != "eq" or not any(n.op in ("sum", "prod") and free_vars(n.args[0]) for n in t.walk()):
        return False
    tr = _Translator(goal)
    try:
        diff = tr(t.args[0]) - tr(t.args[1])
    except (NotClosedForm, ValueError, TypeError):
        return False
    if sympy.simplify(sympy.expand(sympy.expand_func(diff))) != 0:
        return False
    return _spot_check(goal)
