"""Identities involving sums and products with symbolic bounds, by certified closed forms.

`∑ k ∈ Finset.range n, (2 * k + 1) = n ^ 2` is decided by a closed form that SymPy's
`summation` proposes and that is then *proved*, never taken on SymPy's word: F(h) stands
for `∑ k ∈ [lo, h], f k` when F(lo - 1) = 0 and F(h) - F(h - 1) = f(h) are exact identities
(for products F(lo - 1) = 1 and F(h) = F(h - 1) · f(h)), by induction on h ≥ lo - 1. F must
be built from ring operations, powers with a nonzero rational base, and denominators in h
that vanish at no integer where F is used. Lean's meaning of the index set is kept:
`Finset.Icc a b`, `Ico`, `Ioc`, `Ioo`, `range` are integer intervals, empty when reversed; a
symbolic interval is used only when Z3 proves it is not reversed by more than one (where
F(lo - 1) = 0 gives the empty sum), a constant one is summed term by term. ℕ subtraction and
division by a non-constant translate only where Z3 proves them exact (`b ≤ a`, `d ≠ 0`, for
every index in the range). Every identity is also spot-checked by exact evaluation at small
values of all its variables, whatever their type (a spot check is never sufficient alone).

>>> from prover.state import load_theorem
>>> closed_form_identity(load_theorem("theorem t (n : ℕ) : ∑ k ∈ Finset.range n, (2 * k + 1) = n ^ 2").goal)
True
>>> closed_form_identity(load_theorem("theorem t (n : ℕ) : ∑ k ∈ Finset.range n, (2 * k + 1) = n ^ 2 + 1").goal)
False
>>> closed_form_identity(load_theorem("theorem t : ∑ k ∈ Finset.Icc 5 2, (k : ℤ) = -7").goal)
False
"""

from __future__ import annotations

import itertools
import random
from fractions import Fraction

import sympy

from prover.decide.evaluate import Evaluator, NotEvaluable, to_sympy
from prover.decide.z3_encode import refute
from prover.state import Goal
from prover.syntax.ast import INT, NAT, PROP, RAT, REAL, Expr, free_vars, substitute

SPOT_VALUES = {NAT: tuple(range(7)), INT: tuple(range(-3, 4)),
               RAT: (Fraction(0), Fraction(1), Fraction(-1), Fraction(2), Fraction(1, 2), Fraction(-3, 2), Fraction(3))}
SPOT_VALUES[REAL] = tuple(sympy.Rational(v.numerator, v.denominator) for v in SPOT_VALUES[RAT])
MAX_SPOT_POINTS = 400
EXPLICIT_TERMS = 200     # a sum over a constant interval is expanded term by term up to this size
INTERVALS = ("Finset.range", "Finset.Icc", "Finset.Ico", "Finset.Ioc", "Finset.Ioo")


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
        if s.op != "set" or s.value not in INTERVALS or ty not in (NAT, INT):
            raise NotClosedForm("sum over an unsupported set")
        lo, hi, member, not_reversed = self._interval(s, name, ty)
        self.index_context.append((name, ty, member))
        try:
            k = self.sym(name, ty)
            f = self(body)
        finally:
            self.index_context.pop()
        is_sum = e.op == "sum"
        if (hi - lo).is_Integer:
            if int(hi - lo) + 1 > EXPLICIT_TERMS:
                raise NotClosedForm("interval too long to expand")
            terms = [f.subs(k, lo + j) for j in range(int(hi - lo) + 1)]  # none when reversed
            return sympy.Add(*terms) if is_sum else sympy.Mul(*terms)
        if not_reversed.op != "true" and not self._proves(not_reversed):
            raise NotClosedForm("range may be reversed")
        return certified_closed_form(f, k, lo, hi, is_sum, self._lowest(s, ty))

    def _interval(self, s: Expr, name: str, ty):
        """(lo, hi) as SymPy integers with the set = [lo, hi] ∩ ℤ (empty when hi < lo), the
        membership proposition, and the proposition lo ≤ hi + 1."""
        one = Expr("num", value=1, ty=ty)
        kv = Expr("var", value=name, ty=ty)
        rel = lambda op, a, b: Expr(op, (a, b), value=ty, ty=PROP)
        add1 = lambda a: Expr("add", (a, one), ty=ty)
        if s.value == "Finset.range":
            m = s.args[0]
            return sympy.Integer(0), self(m) - 1, rel("lt", kv, m), Expr("true", ty=PROP)
        a_e, b_e = s.args
        a, b = self(a_e), self(b_e)
        if s.value == "Finset.Icc":
            return a, b, Expr("and", (rel("le", a_e, kv), rel("le", kv, b_e)), ty=PROP), rel("le", a_e, add1(b_e))
        if s.value == "Finset.Ico":
            return a, b - 1, Expr("and", (rel("le", a_e, kv), rel("lt", kv, b_e)), ty=PROP), rel("le", a_e, b_e)
        if s.value == "Finset.Ioc":
            return a + 1, b, Expr("and", (rel("lt", a_e, kv), rel("le", kv, b_e)), ty=PROP), rel("le", a_e, b_e)
        return a + 1, b - 1, Expr("and", (rel("lt", a_e, kv), rel("lt", kv, b_e)), ty=PROP), rel("le", add1(a_e), b_e)

    def _lowest(self, s: Expr, ty) -> int | None:
        """A constant lower bound of the interval's first element, or None."""
        if s.value == "Finset.range":
            return 0
        try:
            a = Evaluator().term(s.args[0]) if not free_vars(s.args[0]) else (0 if ty == NAT else None)
        except NotEvaluable:
            a = 0 if ty == NAT else None
        if a is None:
            return None
        return a if s.value in ("Finset.Icc", "Finset.Ico") else a + 1


def certified_closed_form(f, k, lo, hi, is_sum: bool, lowest: int | None):
    """F(hi), where F(h) = ∑ (or ∏) of f over k ∈ [lo, h], for hi ≥ lo - 1, proved by the
    recurrence; raises NotClosedForm when SymPy proposes nothing or its proposal fails.

    >>> k, n = sympy.Symbol("k", integer=True), sympy.Symbol("n", integer=True)
    >>> sympy.expand(certified_closed_form(2 * k + 1, k, 0, n - 1, True, 0))
    n**2
    """
    h = sympy.Dummy("h", integer=True)
    try:   # SymPy is an untrusted proposer: its own failures (KeyError: zoo in `telescopic`) propose nothing
        proposal = sympy.summation(f, (k, lo, h)) if is_sum else sympy.product(f, (k, lo, h))
    except Exception as err:
        raise NotClosedForm(f"SymPy failed: {type(err).__name__}") from None
    if proposal.has(sympy.Sum, sympy.Product):
        raise NotClosedForm("no closed form")
    _admissible(proposal, h, None if lowest is None else lowest - 1)
    fh = f.subs(k, h)
    base = proposal.subs(h, lo - 1) - (0 if is_sum else 1)
    step = proposal - proposal.subs(h, h - 1) - fh if is_sum else proposal - proposal.subs(h, h - 1) * fh
    if not (certified_zero(base) and certified_zero(step)):
        raise NotClosedForm("closed form not proved by its recurrence")
    return proposal.subs(h, hi)


def _admissible(F, h, lowest: int | None) -> None:
    """F is a well-defined real for every integer h ≥ lowest: only +, ·, numbers, symbols,
    powers of a nonzero rational base (a negative base only to integer exponents), and
    denominators that are numbers or polynomials in h alone with no integer root ≥ lowest."""
    for node in sympy.preorder_traversal(F):
        if node.is_Symbol or node.is_Rational or node.is_Add or node.is_Mul:
            continue
        if not node.is_Pow:
            raise NotClosedForm(f"closed form uses {type(node).__name__}")
        base, ex = node.args
        if ex.is_Integer:
            if ex < 0:
                _denominator_ok(base, h, lowest)
            continue
        if not (base.is_Rational and base != 0):
            raise NotClosedForm("power with a non-rational base")
        if base < 0 and not (ex.is_polynomial() and all(s.is_integer for s in ex.free_symbols)
                             and all(c.is_Integer for c in sympy.Poly(ex, *ex.free_symbols).coeffs())):
            raise NotClosedForm("negative base to a non-integer exponent")


def _denominator_ok(d, h, lowest):
    if d.is_number:
        if d == 0 or not d.is_Rational:
            raise NotClosedForm("denominator not a nonzero rational")
        return
    if d.free_symbols != {h} or not d.is_polynomial(h) or lowest is None:
        raise NotClosedForm("denominator with other variables")
    roots = sympy.Poly(d, h).ground_roots()
    if any(r.is_Integer and r >= lowest for r in roots):
        raise NotClosedForm("denominator vanishes in the range")


def certified_zero(e) -> bool:
    """e = 0 identically: it expands to 0, its numerator over a common denominator does, or
    SymPy simplifies it to 0 (the caller runs under a hard limit)."""
    e = sympy.expand(e, power_exp=True)
    if e == 0:
        return True
    num, _ = sympy.fraction(sympy.together(e))
    if sympy.expand(num, power_exp=True) == 0:
        return True
    return sympy.simplify(e) == 0


def _spot_check(goal: Goal) -> bool:
    """Exact evaluation of the goal at small values of all its variables where the
    hypotheses hold; False at the first counterexample or unevaluable point, and for a
    variable whose type has no spot values (the check is never skipped)."""
    names = [n for n, _ in goal.variables]
    if any(t not in SPOT_VALUES for _, t in goal.variables):
        return False
    domains = [SPOT_VALUES[t] for _, t in goal.variables]
    total = 1
    for d in domains:
        total *= len(d)
    if total <= MAX_SPOT_POINTS:
        points = itertools.product(*domains)
    else:
        rng = random.Random(0)
        points = (tuple(rng.choice(d) for d in domains) for _ in range(MAX_SPOT_POINTS))
    for point in points:
        ev = Evaluator(dict(zip(names, point)))
        try:
            if not all(ev.prop(h) for _, h in goal.hypotheses):
                continue
            if not ev.prop(goal.target):
                return False
        except (NotEvaluable, ZeroDivisionError, ValueError, TypeError, OverflowError):
            return False
    return True


def closed_form_identity(goal: Goal) -> bool:
    t = goal.target
    if t.op != "eq" or not any(n.op in ("sum", "prod") for n in t.walk()):
        return False
    tr = _Translator(goal)
    try:
        diff = tr(t.args[0]) - tr(t.args[1])
        if not certified_zero(diff):
            return False
    except (NotClosedForm, ValueError, TypeError, ArithmeticError, sympy.polys.polyerrors.PolynomialError):
        return False
    return _spot_check(goal)
