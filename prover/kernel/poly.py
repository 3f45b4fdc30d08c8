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

from prover.errors import ProverError

from prover.kernel.terms import BIG_OPERATORS, BINDERS, canonical
from prover.syntax.ast import INT, NAT, NUMBER_TYPES, Expr, free_vars

Monomial = tuple[tuple[int, int], ...]
Poly = dict  # Monomial -> Fraction, no zero coefficients

MAX_EXPONENT = 64  # larger numeral exponents stay atoms (norm_num's job, not linarith's)
MAX_TERMS = 5_000  # a bigger intermediate polynomial is refused rather than expanded
ONE: Monomial = ()


class TooLarge(ProverError):
    """A normal form beyond `MAX_TERMS` monomials: the rule refuses instead of hanging."""


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
        if len(out) > MAX_TERMS:
            raise TooLarge(f"a polynomial with more than {MAX_TERMS} monomials")
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


def cast_numeral(e: Expr) -> int | None:
    """The value of a cast of an integer literal, `((3 : ℕ) : ℝ)`, `((-2 : ℤ) : ℝ)`, nested casts
    included; None for anything else. `Mathlib.Tactic.Ring`'s `eval` sends a term it does not
    parse to `NormNum.derive`, whose `Nat.cast`/`Int.cast` extensions evaluate exactly these
    (`linarith`'s parser does not: there the cast stays an atom)."""
    while e.op == "cast":
        e = e.args[0]
    sign = 1
    if e.op == "neg" and e.ty == INT:
        sign, e = -1, e.args[0]
    if e.op == "num" and e.ty in (NAT, INT) and Fraction(e.value).denominator == 1:
        return sign * int(e.value)
    return None


LITERAL_OPS = ("num", "add", "sub", "mul", "div", "mod", "neg", "cast")


def _literal(e: Expr) -> bool:
    """Closed ℕ/ℤ literal arithmetic (powers with a numeral exponent included)."""
    if e.op == "pow":
        return e.args[1].op == "num" and _literal(e.args[0])
    return e.op in LITERAL_OPS and e.ty in (NAT, INT) and all(_literal(a) for a in e.args)


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
        key = self._atom_key(e) if self.field_mode == "ring" else canonical(e)
        return {((self.atoms(("atom", key)), 1),): Fraction(1)}

    def _atom_key(self, e: Expr):
        """`ring` falls back to `ring_nf`, which normalizes inside atoms: `f (2 + 1)` and
        `f 3` are one atom. Arguments of a number type are keyed by their normal form."""
        if e.op in ("var", "num") or not e.args or e.op in BINDERS + BIG_OPERATORS:
            return canonical(e)
        keys = []
        for a in e.args:
            if a.ty in NUMBER_TYPES:
                keys.append(("poly", tuple(sorted(self.poly(a).items()))))
            else:
                keys.append(a)
        return (e.op, e.value, e.ty, tuple(keys))

    def poly(self, e: Expr) -> Poly:
        op, ty = e.op, e.ty
        if op == "num":
            if ty in (NAT, INT) and Fraction(e.value).denominator != 1:
                return self.atom(e)  # not an integer numeral: never trust it as one
            return const(e.value)
        if op == "add":
            return add(self.poly(e.args[0]), self.poly(e.args[1]))
        if op == "sub" and ty != NAT:
            return add(self.poly(e.args[0]), self.poly(e.args[1]), -1)
        if op == "neg" and ty != NAT:
            return scale(self.poly(e.args[0]), -1)
        if op == "mul":
            return mul(self.poly(e.args[0]), self.poly(e.args[1]))
        if op == "pow" and e.args[1].ty == NAT:
            return self._power(e)
        if op == "div" and ty not in (NAT, INT):
            return self._divide(e)
        if op == "cast" and self.field_mode == "ring":
            k = cast_numeral(e)
            if k is not None:   # `ring` evaluates `((3 : ℕ) : ℝ)` by `norm_num` (`derive`, `evalCast`)
                return const(k)
        if self.field_mode == "ring" and ty in (NAT, INT) and op in ("sub", "div", "mod") and _literal(e):
            # ℕ `-`, ℕ/ℤ `/` `%` of literals: `ring`'s fallback `derive` (norm_num's `Nat.sub`,
            # `Nat.div`, `Int.ediv`, … evaluators) gives the value: `x ^ (1 / 3)` is `x ^ 0`
            from prover.kernel.evaluate import NotEvaluable, value
            try:
                return const(value(e))
            except (NotEvaluable, ZeroDivisionError, OverflowError, ValueError):
                pass
        return self.atom(e)

    def _power(self, e: Expr) -> Poly:
        """`x ^ n`, `n : ℕ`. A numeral exponent multiplies out. For `ring`, a closed exponent
        is evaluated (`x ^ (2 + 2)`, `X ^ 2 ^ 3`) and `x ^ (n + k) = x ^ n * x ^ k`
        (`pow_add`), with `x ^ n` an atom keyed by the normal forms of `x` and `n`."""
        base, exponent = e.args
        if exponent.op == "num":
            if exponent.value > MAX_EXPONENT:
                return self.atom(e)
            return power(self.poly(base), int(exponent.value))
        if self.field_mode != "ring":
            return self.atom(e)
        n = Normalizer(self.atoms, "ring").poly(exponent)
        c = n.get(ONE, Fraction(0))
        if c > MAX_EXPONENT:
            return self.atom(e)
        out = power(self.poly(base), int(c))
        base_key = ("poly", tuple(sorted(self.poly(base).items())))
        for m, k in sorted(n.items()):
            if m != ONE:
                i = self.atoms(("pow", base_key, m))
                out = mul(out, {((i, int(k)),): Fraction(1)})
        return out

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
        entry = atoms.atoms[i]
        if entry[0] == "atom" and isinstance(entry[1], Expr):
            return show(entry[1])
        if entry[0] == "inv":
            return f"({atom_text(entry[1])})⁻¹"
        return f"a{i}"

    if not p:
        return "0"
    parts = []
    for m, c in sorted(p.items()):
        mono = " * ".join(atom_text(i) + (f" ^ {k}" if k > 1 else "") for i, k in m)
        parts.append(f"{c}" if not mono else (mono if c == 1 else f"{c} * {mono}"))
    return " + ".join(parts)
