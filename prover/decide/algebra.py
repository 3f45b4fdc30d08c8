"""Polynomial identities and Gröbner-basis ideal membership, with SymPy.

Only ring operations translate: `+ - *`, `^` with a literal ℕ exponent, division by a
nonzero constant, casts (ring homomorphisms, except ℕ subtraction which is refused), and
`Complex.I`. Division by a non-constant `d` translates only when the caller proves `d ≠ 0`
(then `d⁻¹` is a new symbol `v` with `d * v = 1`). Anything else raises `NotPolynomial`.

>>> from prover.state import load_theorem
>>> g = load_theorem("theorem t (a b : ℂ) : (a + b) ^ 2 = a ^ 2 + 2 * a * b + b ^ 2").goal
>>> polynomial_identity(g)
True
"""

from __future__ import annotations


import sympy

from prover.decide.evaluate import to_sympy
from prover.syntax.ast import INT, NAT, Expr

MAX_DEGREE = 40
DOMAINS = ("ℤ", "ℚ", "ℝ", "ℂ")   # integral domains (ℕ too, but its `-` truncates: left out)


class NotPolynomial(Exception):
    pass


class PolyTranslator:
    def __init__(self, nonzero=None):
        self.symbols: dict[str, sympy.Symbol] = {}
        self.inverses: dict[str, sympy.Symbol] = {}
        self.relations: list = []
        self.nonzero = nonzero  # callback: Expr -> bool (is this denominator provably ≠ 0?)

    def sym(self, name: str) -> sympy.Symbol:
        if name not in self.symbols:
            self.symbols[name] = sympy.Symbol(name)
        return self.symbols[name]

    def __call__(self, e: Expr):
        op = e.op
        if op == "num":
            return to_sympy(e.value)
        if op == "var":
            return self.sym(e.value)
        if op == "imag_unit":
            return sympy.I
        if op == "cast":
            if e.args[0].ty == NAT and any(n.op in ("sub", "div", "mod") for n in e.args[0].walk()):
                raise NotPolynomial("cast of truncated ℕ arithmetic")
            return self(e.args[0])
        if op in ("add", "mul"):
            a, b = self(e.args[0]), self(e.args[1])
            return a + b if op == "add" else a * b
        if op == "sub":
            if e.ty == NAT:
                raise NotPolynomial("ℕ subtraction")
            return self(e.args[0]) - self(e.args[1])
        if op == "neg":
            return -self(e.args[0])
        if op == "pow":
            if e.args[1].op != "num" or e.args[1].ty != NAT or e.args[1].value > MAX_DEGREE:
                raise NotPolynomial("non-literal exponent")
            return self(e.args[0]) ** int(e.args[1].value)
        if op == "div":
            if e.ty in (NAT, INT):
                raise NotPolynomial("integer division")
            num, den = self(e.args[0]), self(e.args[1])
            den = sympy.expand(den)
            if den.is_number:
                if den == 0:
                    return sympy.Integer(0)  # Lean: x / 0 = 0
                return num / den
            key = den   # the expression, not its text: a Dummy prints like a user symbol `_inv0`
            if key not in self.inverses:
                if self.nonzero is None or not self.nonzero(e.args[1]):
                    raise NotPolynomial("denominator not known to be nonzero")
                v = sympy.Dummy(f"inv{len(self.inverses)}")   # a Dummy is never a user's variable
                self.inverses[key] = v
                self.relations.append(sympy.expand(den * v - 1))
            return num * self.inverses[key]
        raise NotPolynomial(op)


def polynomial_identity(goal, nonzero=None) -> bool:
    """The target is an equation whose sides are equal as polynomials."""
    t = goal.target
    if t.op != "eq":
        return False
    tr = PolyTranslator(nonzero)
    try:
        diff = sympy.expand(tr(t.args[0]) - tr(t.args[1]))
    except NotPolynomial:
        return False
    if diff == 0:
        return True
    if tr.relations:
        return _in_ideal(diff, tr.relations, list(tr.symbols.values()) + list(tr.inverses.values()))
    return False


def _in_ideal(p, generators, gens) -> bool:
    """p (or p²) lies in the ideal of `generators` over ℚ. `Complex.I` becomes a generator
    `i` with `i² + 1` among the generators (every common zero has i = ±I, so membership in
    the larger ideal still means p vanishes wherever the hypotheses hold); the ring is
    always ℚ[gens], so rational coefficients never leave its domain. Any SymPy failure is a
    decline (False), never an error.

    >>> x, y = sympy.symbols("x y")
    >>> _in_ideal(x - sympy.Rational(4, 3) * y, [3 * x - 4 * y], [x, y])
    True
    >>> _in_ideal(x ** 2 + 4, [x - 2 * sympy.I], [x]), _in_ideal(x - 2 * sympy.I, [x ** 2 + 4], [x])
    (True, False)
    """
    try:
        return _in_ideal_over_q(p, generators, gens)
    except (sympy.polys.polyerrors.PolynomialError, sympy.polys.polyerrors.BasePolynomialError,
            ArithmeticError, ValueError, TypeError):
        return False


def _in_ideal_over_q(p, generators, gens) -> bool:
    generators = list(generators)
    if any(q.has(sympy.I) for q in [p, *generators]):
        i = sympy.Dummy("i")  # a Dummy never equals a user's or another generated symbol
        p = sympy.expand(p.subs(sympy.I, i))
        generators = [sympy.expand(q.subs(sympy.I, i)) for q in generators] + [i ** 2 + 1]
        gens = list(gens) + [i]
    if not all(q.is_polynomial(*gens) and q.free_symbols <= set(gens) for q in [p, *generators]):
        return False  # something that is not a polynomial over ℚ in gens: decline
    gens = [g for g in gens if any(g in q.free_symbols for q in [p, *generators])]
    if not gens:
        return sympy.expand(p) == 0
    basis = sympy.groebner(generators, *gens, order="grevlex", domain=sympy.QQ)
    if list(basis.exprs) == [1]:
        return True  # the hypotheses are contradictory over ℂ, hence over ℝ
    for k in (1, 2):
        _, r = basis.reduce(sympy.expand(p ** k))
        if r == 0:
            return True
    return False


def groebner_entails(goal, nonzero=None) -> bool:
    """The target equation lies in the radical of the ideal of the equational hypotheses
    (`≠` hypotheses enter by the Rabinowitsch trick). Sound over ℝ, ℚ, ℤ and ℂ."""
    t = goal.target
    tr = PolyTranslator(nonzero)
    try:
        if t.op == "eq":
            target = sympy.expand(tr(t.args[0]) - tr(t.args[1]))
        elif t.op == "or":
            # `a₁ = b₁ ∨ … ∨ aₙ = bₙ`: ℤ ℚ ℝ ℂ have no zero divisors, so the product of the
            # differences vanishing wherever the hypotheses hold proves the disjunction
            disjuncts, rest = [], t
            while rest.op == "or":
                disjuncts.append(rest.args[0])
                rest = rest.args[1]
            disjuncts.append(rest)
            if not all(d.op == "eq" and d.value in DOMAINS for d in disjuncts):
                return False
            target = sympy.Integer(1)
            for d in disjuncts:
                target = sympy.expand(target * (tr(d.args[0]) - tr(d.args[1])))
        elif t.op == "false":
            target = sympy.Integer(1)
        else:
            return False
    except NotPolynomial:
        return False
    generators = []
    for i, (_, h) in enumerate(goal.hypotheses):
        try:
            if h.op == "eq":
                generators.append(sympy.expand(tr(h.args[0]) - tr(h.args[1])))
            elif h.op == "ne" or (h.op == "not" and h.args[0].op == "eq"):
                inner = h if h.op == "ne" else h.args[0]
                d = sympy.expand(tr(inner.args[0]) - tr(inner.args[1]))
                w = sympy.Dummy(f"rab{i}")   # a Dummy is never a user's variable
                tr.symbols[f"rab✝{i}"] = w   # ✝: no user name contains it
                generators.append(sympy.expand(1 - w * d))
        except NotPolynomial:
            continue
    generators += tr.relations
    if not generators:   # hypotheses substituted away (`simplify_goal`): an identity or nothing
        return sympy.expand(target) == 0
    return _in_ideal(target, generators, list(tr.symbols.values()) + list(tr.inverses.values()))
