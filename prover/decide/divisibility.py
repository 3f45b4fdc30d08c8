"""Divisibility of ℕ/ℤ polynomial terms by exact polynomial division (SymPy, exact rationals).

`d ∣ e` holds for every value of the variables when `e = d * q` as polynomials with `q` having
integer coefficients (nonnegative over ℕ, where the terms have no truncated `-`): at each point
`e(v) = d(v) * q(v)` with `q(v)` an integer. Used as an oracle (`prover.decide.auto`) and by the
witness finder (`prover.search.numtheory`), whose `refine ⟨q, ?_⟩` the kernel then checks.

>>> from prover.state import load_theorem
>>> g = load_theorem("theorem t (x : ℤ) : x ^ 2 + x + 1 ∣ x ^ 7 + x ^ 2 + 1").goal
>>> str(exact_quotient(*polynomials(g.target.args[1], g.target.args[0])))
'x**5 - x**4 + x**2 - x + 1'
"""

from __future__ import annotations

from fractions import Fraction

from prover.syntax.ast import INT, NAT, Expr

INTEGRAL = (NAT, INT)
MAX_DEGREE = 12          # exponents expanded
MAX_TERMS = 400          # expanded size beyond which nothing is divided


def integral_poly(e: Expr, symbols: dict):
    """An ℕ/ℤ polynomial term as a SymPy expression; ValueError for anything else (ℕ `-`,
    `/`, `%`, casts, applications, exponents above `MAX_DEGREE`)."""
    import sympy
    if e.op == "num" and Fraction(e.value).denominator == 1:
        return sympy.Integer(int(e.value))
    if e.op == "var" and e.ty in INTEGRAL and "✝" not in e.value:
        return symbols.setdefault(e.value, sympy.Symbol(e.value))
    if e.op not in ("add", "sub", "mul", "neg", "pow"):
        raise ValueError(e.op)
    if e.op == "pow":
        if not (e.args[1].op == "num" and e.args[1].ty == NAT and int(e.args[1].value) <= MAX_DEGREE):
            raise ValueError("pow")
        return integral_poly(e.args[0], symbols) ** int(e.args[1].value)
    args = [integral_poly(a, symbols) for a in e.args]
    if e.op == "add":
        return args[0] + args[1]
    if e.op == "sub" and e.ty == INT:
        return args[0] - args[1]
    if e.op == "mul":
        return args[0] * args[1]
    if e.op == "neg" and e.ty == INT:
        return -args[0]
    raise ValueError(e.op)


def polynomials(e: Expr, d: Expr) -> tuple:
    """(e, d, generators) as SymPy polynomials (ValueError when either is not one)."""
    symbols: dict = {}
    pe, pd = integral_poly(e, symbols), integral_poly(d, symbols)
    return pe, pd, [symbols[k] for k in sorted(symbols)]


def exact_quotient(e, d, gens, ty=INT):
    """q with `e = d * q` identically, integer coefficients (nonnegative for ℕ), or None."""
    import sympy
    e, d = sympy.expand(e), sympy.expand(d)
    if d == 0 or len(sympy.Add.make_args(e)) > MAX_TERMS:
        return None
    if not gens:
        if not (e.is_integer and d.is_integer) or e % d != 0:
            return None
        q = e / d
    else:
        q, r = sympy.div(e, d, *gens)
        if r != 0:
            return None
        q = sympy.expand(q)
    if not integral(q, ty):
        return None
    return q


def integral(q, ty) -> bool:
    """Integer coefficients, nonnegative over ℕ."""
    import sympy
    if q.is_number:
        return bool(q.is_integer) and (ty != NAT or q >= 0)
    coeffs = sympy.Poly(q, *sorted(q.free_symbols, key=str)).coeffs()
    return all(c.is_integer for c in coeffs) and (ty != NAT or all(c >= 0 for c in coeffs))
