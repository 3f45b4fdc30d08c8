"""Cast normal form, as `norm_cast` computes it: casts moved up toward the root through the
operations they commute with, then removed from relations between two casts from one type.

A cast crosses `+`, `*`, `^` (the exponent stays ℕ) always; `-` and negation only from ℤ, ℚ
or ℝ (ℕ subtraction truncates); `/` only from ℚ or ℝ into a field (ℕ and ℤ division floors);
`%` never. A relation between two casts from `S` is the relation at `S` (every cast here is
injective; `<`/`≤` also need the target ordered, so not ℂ). Numerals join the smallest type
among their neighbours' sources that holds them. `exact_mod_cast h` checks that `h` and the
goal have the same normal form.

>>> from prover.state import load_theorem
>>> g = load_theorem("theorem t (n m : ℕ) (h : n + 1 = m) : (n : ℝ) + 1 = (m : ℝ)").goal
>>> cast_normal(g.target) == cast_normal(g.hypothesis("h"))
True
>>> g = load_theorem("theorem t (n m : ℕ) (h : n - 1 = m) : (n : ℝ) - 1 = (m : ℝ)").goal
>>> cast_normal(g.target) == cast_normal(g.hypothesis("h"))
False
"""

from __future__ import annotations

from fractions import Fraction

from prover.syntax.ast import COMPLEX, INT, NAT, RAT, REAL, Expr

_ORDER = (NAT, INT, RAT, REAL, COMPLEX)
_RELATIONS = ("eq", "ne", "lt", "le")
_FLIP = {"gt": "lt", "ge": "le"}


def _rank(ty) -> int:
    return _ORDER.index(ty) if ty in _ORDER else -1


def _source(e: Expr):
    """The type `e` is a cast from (a numeral: the smallest type holding it), else None."""
    if e.op == "cast" and _rank(e.args[0].ty) >= 0:
        return e.args[0].ty
    if e.op == "num":
        v = e.value
        if isinstance(v, int) or (isinstance(v, Fraction) and v.denominator == 1):
            return NAT if v >= 0 else INT
        if isinstance(v, Fraction):
            return RAT
    return None


def _at(e: Expr, ty) -> Expr:
    """`e` (a cast or a numeral) seen at `ty`, a type between its source and its own type."""
    if e.op == "num":
        return Expr("num", value=e.value, ty=ty)
    inner = e.args[0]
    return inner if inner.ty == ty else Expr("cast", (inner,), value=ty, ty=ty)


def _crosses(op: str, source, target) -> bool:
    if op in ("add", "mul", "pow"):
        return True
    if op in ("sub", "neg"):
        return source != NAT
    if op == "div":
        return source in (RAT, REAL) and target in (RAT, REAL, COMPLEX)
    return False


def _lift(e: Expr) -> Expr:
    if e.op == "pow" and e.args[1].ty != NAT:      # a real exponent (rpow) is no monoid power
        return e
    parts = [a for a in (e.args[:1] if e.op == "pow" else e.args)]
    sources = [_source(a) for a in parts]
    if any(s is None for s in sources):
        return e
    source = max(sources, key=_rank)
    if _rank(source) >= _rank(e.ty) or not _crosses(e.op, source, e.ty):
        return e
    inner_args = [_at(a, source) for a in parts] + list(e.args[len(parts):])
    inner = Expr(e.op, tuple(inner_args), value=e.value, ty=source)
    return Expr("cast", (inner,), value=e.ty, ty=e.ty)


def cast_normal(e: Expr) -> Expr:
    """`e` with casts moved up and dropped between relation sides, `>`/`≥` read as `<`/`≤`."""
    if e.op in _FLIP and len(e.args) == 2:
        e = Expr(_FLIP[e.op], (e.args[1], e.args[0]), value=e.value, ty=e.ty)
    args = tuple(cast_normal(a) for a in e.args)
    e = e.with_args(*args) if args else e
    if e.op == "cast":
        inner = e.args[0]
        if inner.op == "num":                      # Nat.cast_ofNat: a cast numeral is the numeral
            return Expr("num", value=inner.value, ty=e.ty)
        if inner.op == "cast":                     # ↑(↑n : ℤ) : ℝ is ↑n : ℝ
            return Expr("cast", (inner.args[0],), value=e.ty, ty=e.ty)
        return e
    if e.op == "neg" and args[0].op == "num" and _rank(e.ty) > 0:   # `-3` is the numeral -3 (`Int.cast_neg`)
        return Expr("num", value=-args[0].value, ty=e.ty)
    if e.op in ("add", "mul", "sub", "div", "neg", "pow") and _rank(e.ty) > 0:
        return _lift(e)
    if e.op in _RELATIONS and len(args) == 2:
        sources = [_source(a) for a in args]
        if None in sources or all(a.op == "num" for a in args):
            return e
        source = max(sources, key=_rank)
        side_ty = args[0].ty
        if _rank(source) >= _rank(side_ty) or (e.op in ("lt", "le") and side_ty == COMPLEX):
            return e
        lowered = Expr(e.op, (_at(args[0], source), _at(args[1], source)),
                       value=source if e.value == side_ty else e.value, ty=e.ty)
        return cast_normal(lowered)
    return e


# `exact_mod_cast h` in the kernel: the fragment whose cast lemmas are unconditional simp lemmas
# of `norm_cast` (`Nat.cast_add`, `Nat.cast_mul`, `Nat.cast_pow`, `Nat.cast_ofNat`,
# `Nat.cast_inj`, `Nat.cast_le`, `Nat.cast_lt`, `Int.cast_*`, `Int.cast_natCast`, `Int.cast_sub`,
# `Int.cast_neg`): no division, `%`, fraction numerals or functions, whose cast lemmas need
# side conditions (`Nat.cast_sub`, `Nat.cast_div`) or are not modelled.
_FRAGMENT = {"var", "num", "add", "mul", "sub", "neg", "pow", "cast"}
_RELATION = {"eq", "ne", "lt", "le", "gt", "ge"}


def in_cast_fragment(p: Expr) -> bool:
    """`p` is a comparison of terms built from variables, integer numerals, `+ - * ^ -x` (ℕ
    literal exponents) and casts from ℕ/ℤ."""
    if p.op not in _RELATION or len(p.args) != 2:
        return False
    for side in p.args:
        for x in side.walk():
            if x.op not in _FRAGMENT:
                return False
            if x.op == "num" and not (isinstance(x.value, int) or (isinstance(x.value, Fraction) and x.value.denominator == 1)):
                return False
            if x.op == "pow" and not (x.args[1].op == "num" and x.args[1].ty == NAT):
                return False
            if x.op == "cast" and x.args[0].ty not in (NAT, INT):
                return False
            if x.ty not in (NAT, INT, RAT, REAL):
                return False
    return True


def mod_cast_equal(fact: Expr, target: Expr) -> bool:
    """`exact_mod_cast h` with `h : fact` closes `target`: both in the fragment above and equal
    after `cast_normal` (each step an unconditional cast lemma, so `fact ↔ target` holds)."""
    return in_cast_fragment(fact) and in_cast_fragment(target) and cast_normal(fact) == cast_normal(target)
