"""Polynomials over atoms with exact rational coefficients: the normal form shared by the
`ring`, `linarith` and `nlinarith` rules.

A monomial is a sorted tuple of (atom index, exponent); a polynomial maps monomials to
nonzero `Fraction`s (the empty monomial is the constant). Atoms are whatever the caller's
`Normalizer` does not interpret, numbered by first appearance in an `AtomTable` and compared
syntactically (as `ring1`/`linarith` compare atoms up to reducible defeq).

>>> from prover.state import load_theorem
>>> t = load_theorem("theorem t (x y : ℝ) : (x + y) ^ 2 = x ^ 2 + 2 * x * y + y ^ 2").goal.target
>>> n = Normalizer(AtomTable(), field_mode="ring")
>>> n.poly(t.args[0]) == n.poly(t.args[1])
True
"""

from __future__ import annotations

from fractions import Fraction

from prover.syntax.ast import INT, NAT, Expr, free_vars

Monomial = tuple[tuple[int, int], ...]
Poly = dict  # Monomial -> Fraction, no zero coefficients

MAX_EXPONENT = 64  # larger numeral exponents stay atoms (norm_num's job, not linarith's)
ONE: Monomial = ()


def const(c) -> Poly:
    c = Fraction(c)
    return {ONE: c} if c else {}


def add(p: Poly, q: Poly, scale=1) -> Poly:
    out = dict(p)
    for m, c in q.items():
        v = out.get(m, 0) + scale * c
        if v:
            out[m] = Fraction(v)
        else:
            out.pop(m, None)
    return out


def scale(p: Poly, c) -> Poly:
    return {m: v * c for m, v in p.items()} if c else {}


def _mono_mul(a: Monomial, b: Monomial) -> Monomial:
    exps = dict(a)
    for i, k in b:
        exps[i] = exps.get(i, 0) + k
    return tuple(sorted(exps.items()))


def mul(p: Poly, q: Poly) -> Poly:
    out: Poly = {}
    for m1, c1 in p.items():
        for m2, c2 in q.items():
            m = _mono_mul(m1, m2)
            v = out.get(m, 0) + c1 * c2
            if v:
                out[m] = v
            else:
                out.pop(m, None)
    return out


def power(p: Poly, n: int) -> Poly:
    out = const(1)
    for _ in range(n):
        out = mul(out, p)
    return out


def constant_of(p: Poly) -> Fraction | None:
    """The value of a constant polynomial, else None."""
    if not p:
        return Fraction(0)
    if set(p) == {ONE}:
        return p[ONE]
    return None


class AtomTable:
    """Numbers atoms by first appearance; equal expressions share an index."""

    def __init__(self):
        self.index: dict = {}
        self.atoms: list = []

    def __call__(self, key) -> int:
        if key not in self.index:
            self.index[key] = len(self.atoms)
            self.atoms.append(key)
        return self.index[key]


class Normalizer:
    """Expr → Poly over an `AtomTable`.

    `field_mode` says what `/` means in ℚ, ℝ, ℂ:
    - "ring": `a / b = a * b⁻¹`; the inverse of a monomial distributes over its factors, the
      inverse of anything else is an atom (`Mathlib.Tactic.Ring`: `ExSum.evalInv`).
    - "linarith": division by a closed numeral expression (`x / (2 / 3)`, `10 / (8 + 2)`) is
      multiplication by its inverse (`cancelDenoms`, whose `derive` runs `norm_num` on the
      denominator); any other quotient is an atom (`Linarith.linearFormOfExpr`).
    Over ℕ and ℤ, `/` and `%` are atoms, and so is ℕ subtraction (commutative semiring).
    """

    def __init__(self, atoms: AtomTable, field_mode: str = "linarith"):
        self.atoms, self.field_mode = atoms, field_mode

    def atom(self, e: Expr) -> Poly:
        return {((self.atoms(("atom", e)), 1),): Fraction(1)}

    def poly(self, e: Expr) -> Poly:
        op, ty = e.op, e.ty
        if op == "num":
            return const(e.value)
        if op == "add":
            return add(self.poly(e.args[0]), self.poly(e.args[1]))
        if op == "sub" and ty != NAT:
            return add(self.poly(e.args[0]), self.poly(e.args[1]), -1)
        if op == "neg" and ty != NAT:
            return scale(self.poly(e.args[0]), -1)
        if op == "mul":
            return mul(self.poly(e.args[0]), self.poly(e.args[1]))
        if op == "pow" and e.args[1].op == "num" and e.args[1].ty == NAT and e.args[1].value <= MAX_EXPONENT:
            return power(self.poly(e.args[0]), int(e.args[1].value))
        if op == "div" and ty not in (NAT, INT):
            return self._divide(e)
        return self.atom(e)

    def _divide(self, e: Expr) -> Poly:
        num, den = e.args
        if self.field_mode == "linarith":
            c = constant_of(self.poly(den)) if not free_vars(den) else None
            if c is None or c == 0:
                return self.atom(e)
            return scale(self.poly(num), 1 / c)
        return mul(self.poly(num), self.inverse(self.poly(den), den))

    def inverse(self, p: Poly, den: Expr) -> Poly:
        """`p⁻¹` as `ring` computes it in a field (`0⁻¹ = 0`)."""
        if not p:
            return {}
        if len(p) == 1:
            (m, c), = p.items()
            out = const(1 / c)
            for i, k in m:
                inv = self.atoms(("inv", i))
                out = mul(out, {((inv, k),): Fraction(1)})
            return out
        return {((self.atoms(("inv-sum", tuple(sorted(p.items())))), 1),): Fraction(1)}


def show_poly(p: Poly, atoms: AtomTable) -> str:
    """Readable text of a polynomial (for certificates and messages)."""
    from prover.syntax.printer import show

    def atom_text(i):
        kind, key = atoms.atoms[i]
        if kind == "atom":
            return show(key)
        return f"({atom_text(key) if kind == 'inv' else '…'})⁻¹"

    if not p:
        return "0"
    parts = []
    for m, c in sorted(p.items()):
        mono = " * ".join(atom_text(i) + (f" ^ {k}" if k > 1 else "") for i, k in m)
        parts.append(f"{c}" if not mono else (mono if c == 1 else f"{c} * {mono}"))
    return " + ".join(parts)
