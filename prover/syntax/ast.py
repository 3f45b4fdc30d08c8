"""The term language: one frozen node type for expressions and propositions.

`Expr` is a small s-expression: an operator name, child expressions, an optional payload
(`value`: a number, a name, a binder) and, after elaboration, a Lean type (`ty`).
Source positions are kept out of equality so identical terms compare equal.

Types are plain hashable values: the number types `NAT INT RAT REAL COMPLEX`, `PROP`,
and tuples for compound types: `("→", (ℕ,), ℝ)`, `("Finset", ℕ)`, `("Set", ℝ)`, `("List", ℕ)`.

>>> x = Expr("var", value="x", ty=REAL)
>>> Expr("add", (x, num(1, REAL)), ty=REAL) == Expr("add", (x, num(1, REAL)), ty=REAL)
True
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from fractions import Fraction
from typing import Any, Iterator

from prover.errors import UnsupportedSyntax

NAT, INT, RAT, REAL, COMPLEX, PROP = "ℕ", "ℤ", "ℚ", "ℝ", "ℂ", "Prop"
NUMBER_TYPES = (NAT, INT, RAT, REAL, COMPLEX)
Type = Any  # str for base types, tuple for compound ones

# Operators by family; the elaborator and backends dispatch on these.
ARITH_OPS = frozenset({"add", "sub", "mul", "div", "mod", "neg"})
REL_OPS = frozenset({"eq", "ne", "lt", "le", "gt", "ge"})
LOGIC_OPS = frozenset({"and", "or", "not", "imp", "iff", "forall", "exists", "exists_unique"})


@dataclass(frozen=True)
class Expr:
    op: str
    args: tuple["Expr", ...] = ()
    value: Any = None
    ty: Type = None
    pos: tuple[int, int] | None = field(default=None, compare=False, repr=False)
    # The set memberships this proposition was unfolded from (`("Set.Icc",)`, `("Set.preimage",
    # "Set.Icc")`): the elaborator represents `x ∈ Set.Icc a b` by `a ≤ x ∧ x ≤ b`, which is what
    # the oracle reads; the kernel reads the mark (`membership_marks`) because Lean's omega and
    # linarith do not unfold `Set.mem_Icc`. Outside equality like `pos`.
    origin: tuple[str, ...] | None = field(default=None, compare=False, repr=False)

    def walk(self) -> Iterator["Expr"]:
        """Yield this node and all its descendants, parents first."""
        yield self
        for a in self.args:
            yield from a.walk()

    def with_args(self, *args: "Expr") -> "Expr":
        return replace(self, args=tuple(args))

    def with_type(self, ty: Type) -> "Expr":
        return replace(self, ty=ty)


def marked_membership(e: Expr) -> Iterator[Expr]:
    """The membership-marked subformulas of a proposition reachable through the logical
    connectives and quantifiers (where omega and linarith would read an unfolded predicate);
    a mark inside a term (a set-builder under `Finset.filter`, …) is part of an atom anyway."""
    if e.origin:
        yield e
        return
    if e.op in LOGIC_OPS:
        for a in e.args:
            yield from marked_membership(a)


def unmark_membership(e: Expr, kinds: frozenset[str]) -> Expr:
    """`e` with the marks whose kinds are all in `kinds` removed (what `simp only [Set.mem_Icc,
    …]` does: the unfolded predicate becomes visible); other marks are kept. A set equation
    (`set_equation`) and a `lowerBounds`/`upperBounds` membership are left whole: simp's
    membership lemmas do not apply to `S = T` nor unfold `lowerBounds`."""
    if e.origin and set(e.origin) & set(SET_EXT + STRICT_IMPLICIT):
        return e   # `x ∈ lowerBounds s` is folded: simp's membership lemmas do not reach inside
    args = tuple(unmark_membership(a, kinds) for a in e.args)
    origin = e.origin
    if origin and set(origin) <= kinds:
        origin = None
    if origin == e.origin and all(x is y for x, y in zip(args, e.args)):
        return e
    return replace(e, args=args, origin=origin)


# A set or Finset equation `S = T` is elaborated as `∀ x, x ∈ S ↔ x ∈ T` (what the oracle
# reads, `Set.ext_iff`/`Finset.ext_iff`) with the family in the `value` of the `iff` node (part of
# `Expr` equality, like `INVERSE`) and in the `origin` of the `∀` (a mark `marked_membership`
# sees): Lean's `S = T` is an `Eq`, not a Π-type, so `intro` and `exact`/`assumption` with the
# pointwise statement fail on it until `ext x` (`Set.ext`, `Finset.ext`) turns it into the iff.
SET_EXT = ("Set.ext", "Finset.ext")


def set_equation(e: Expr) -> str | None:
    """"Set.ext" or "Finset.ext" when `e` is an elaborated set equation `S = T`, else None."""
    if e.op == "forall" and e.args and e.args[0].op == "iff" and e.args[0].value in SET_EXT:
        return e.args[0].value
    return None


def mark_set_equation(e: Expr, family: str) -> Expr:
    """The elaborated `∀ x, x ∈ S ↔ x ∈ T` marked as the equation `S = T` of `family`."""
    body = replace(e.args[0], value=family)
    return replace(e, args=(body,), origin=(family,))


def unmark_set_equation(e: Expr) -> Expr:
    """The pointwise statement `∀ x, x ∈ S ↔ x ∈ T` of a set equation (`Set.ext_iff`)."""
    return replace(e, args=(replace(e.args[0], value=None),), origin=None)


# A function equation `f = fun x => e` (or `f = g`) is elaborated as `∀ x, f x = e` (what the
# oracle reads, `funext_iff`) with "funext" in the `origin` of each of its `∀`s: Lean's `f = g` is
# an `Eq`, not a Π-type, so `intro`, `h a` and `exact`/`assumption` against the pointwise
# statement fail on it; `funext x` turns the goal into `f x = e`, `congrFun h a` gives `f a = e[a]`.
# (`f ≤ g` is `∀ x, f x ≤ g x` by `Pi.le_def`, definitionally: no mark.)
FUNEXT = "funext"


def function_equation(e: Expr) -> bool:
    """Whether `e` is an elaborated function equation `f = fun x => …` (see FUNEXT)."""
    return e.op == "forall" and bool(e.origin) and FUNEXT in e.origin


def mark_function_equation(e: Expr) -> Expr:
    """Each of the leading `∀`s of an elaborated `∀ x y, f x y = e` marked as `f = fun x y => e`."""
    if e.op != "forall":
        return e
    return replace(e, args=(mark_function_equation(e.args[0]),), origin=(FUNEXT,) + tuple(e.origin or ()))


def unmark_function_equation(e: Expr) -> Expr:
    """The pointwise statement `∀ x, f x = …` of a function equation (`funext_iff`): the outer
    `∀` unmarked (an inner one, for a function of several arguments, stays an equation)."""
    return replace(e, origin=tuple(k for k in e.origin if k != FUNEXT) or None)


# `lowerBounds s = {x | ∀ ⦃a⦄, a ∈ s → x ≤ a}` (and `upperBounds`) binds its element strict-
# implicitly (Mathlib/Order/Bounds/Defs.lean): `h hx` instantiates `a` by unifying `a ∈ s` with
# hx's type, and `h 11 hx` is refused (11 would be the proof of the membership). The elaborated
# `∀ a, a ∈ s → x ≤ a` of `IsLeast`/`IsGreatest` carries the set's name in its `origin` (outside
# equality: binder annotations are not part of Lean's definitional equality either); it is also
# a membership mark (`x ∈ lowerBounds s`), opaque to omega and linarith.
STRICT_IMPLICIT = ("lowerBounds", "upperBounds")


def strict_implicit(e: Expr) -> bool:
    """Whether `e` is a `∀` whose binder is strict-implicit (`lowerBounds`/`upperBounds`)."""
    return e.op == "forall" and bool(e.origin) and any(k in STRICT_IMPLICIT for k in e.origin)


def mark_strict_implicit(e: Expr, kind: str) -> Expr:
    """The elaborated `∀ a, a ∈ s → …` of `kind` (`"lowerBounds"`, `"upperBounds"`), marked."""
    if e.op != "forall" or kind not in STRICT_IMPLICIT:
        raise ValueError("only a ∀ of lowerBounds/upperBounds is strict-implicit")
    return replace(e, origin=(kind,) + tuple(k for k in (e.origin or ()) if k != kind))


def num(value: int | Fraction, ty: Type = None) -> Expr:
    """A numeral; `value` is an int or an exact Fraction (decimals are exact)."""
    return Expr("num", value=value, ty=ty)


def var(name: str, ty: Type = None) -> Expr:
    return Expr("var", value=name, ty=ty)


# Nodes that bind a name (`value[0]`) in some of their arguments. `sum`/`prod` bind in their
# body (second argument) only; the set they range over is outside the binder.
BINDER_OPS = frozenset({"forall", "exists", "exists_unique", "lambda", "setof", "sum", "prod"})
# The `value` of a `div` node `1 / x` that stands for Lean's `x⁻¹` (`Inv.inv x`). The value is
# exact for arithmetic (`x⁻¹ = 1 / x` in every field, `0⁻¹ = 0` included), but Lean's terms differ:
# `exact`, `rw` and `assumption` see another head, and `1 / x` is not `x⁻¹` up to the defeq
# they use. Being part of `Expr` equality, the mark keeps the two apart there too.
INVERSE = "⁻¹"
INACCESSIBLE = "✝"   # not a character of Lean identifiers: a name carrying it cannot be written
_SUPERSCRIPTS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def binder_name(e: Expr) -> str:
    """The bound name of a `forall`/`exists`/`lambda`/`setof`/big-operator node."""
    return e.value[0]


def bound_args(e: Expr) -> tuple[int, ...]:
    """Indices of the arguments of `e` in which its binder (if any) is in scope."""
    if e.op in ("sum", "prod"):
        return (1,)
    if e.op in BINDER_OPS:
        return tuple(range(len(e.args)))
    return ()


def binds(e: Expr, name: str) -> bool:
    """Whether `e` is a binder node binding `name`."""
    return e.op in BINDER_OPS and binder_name(e) == name


def free_vars(e: Expr) -> set[str]:
    """Names of variables free in `e` (applied user functions count by their name).

    >>> free_vars(Expr("forall", (Expr("eq", (var("x"), var("y"))),), value=("x", "ℝ")))
    {'y'}
    """
    return _free(e, ("apply",))


def _free_names(e: Expr) -> set[str]:
    """`free_vars` plus the heads of unelaborated applications (`app`), which may name a
    bound function variable before elaboration."""
    return _free(e, ("apply", "app"))


def _free(e: Expr, heads: tuple[str, ...]) -> set[str]:
    """Free variables of `e`, and the names of applications whose op is in `heads`."""
    if e.op == "var":
        return {e.value}
    out = {e.value} if e.op in heads and isinstance(e.value, str) else set()
    inner = bound_args(e)
    for i, a in enumerate(e.args):
        fv = _free(a, heads)
        if i in inner:
            fv.discard(binder_name(e))
        out |= fv
    return out


def all_names(e: Expr) -> set[str]:
    """Every name in `e`: variables, applied functions and binders, free or bound."""
    out: set[str] = set()
    for n in e.walk():
        if n.op in ("var", "apply", "app") and isinstance(n.value, str):
            out.add(n.value)
        if n.op in BINDER_OPS:
            out.add(binder_name(n))
    return out


def inaccessible_name(base: str, avoid) -> str:
    """A name no user can write (Lean's `x✝`, `x✝¹`, ...), not in `avoid`.

    >>> inaccessible_name("x", {"x", "x✝"})
    'x✝¹'
    """
    root = base.split(INACCESSIBLE)[0] or "x"
    candidate, i = root + INACCESSIBLE, 0
    while candidate in avoid:
        i += 1
        candidate = root + INACCESSIBLE + str(i).translate(_SUPERSCRIPTS)
    return candidate


def rename_free(e: Expr, old: str, new: str) -> Expr:
    """Rename the free variable (or applied function) `old` to `new`, capture-avoiding:
    variables keep their types, binders of `new` in scope of an `old` are renamed first.

    >>> from prover.syntax.printer import show
    >>> show(rename_free(Expr("forall", (Expr("eq", (var("x", "ℝ"), var("y", "ℝ")), ty="Prop"),),
    ...                       value=("y", "ℝ"), ty="Prop"), "x", "y"))
    '∀ y✝ : ℝ, y = y✝'
    """
    if old == new:
        return e
    return _replace_free(e, old, None, new, {new})


def _rebind(e: Expr, fresh: str) -> Expr:
    """The binder node `e` with its bound name changed to `fresh` (not free in `e`)."""
    b = binder_name(e)
    inner = bound_args(e)
    args = tuple(rename_free(a, b, fresh) if i in inner else a for i, a in enumerate(e.args))
    return replace(e, args=args, value=(fresh,) + tuple(e.value[1:]))


def _replace_free(e: Expr, name: str, replacement: Expr | None, new_name: str | None, incoming: set[str]) -> Expr:
    """Free `var name` ↦ `replacement` (or renamed to `new_name`, with applied heads too);
    `incoming` are the names free in what comes in, which no binder may capture."""
    if e.op == "var":
        if e.value != name:
            return e
        return replacement if replacement is not None else replace(e, value=new_name)
    if not e.args and not (e.op in ("apply", "app") and e.value == name):
        return e
    inner = bound_args(e)
    if inner:
        b = binder_name(e)
        if b == name:  # `name` is shadowed in the bound arguments
            return e.with_args(*(a if i in inner else _replace_free(a, name, replacement, new_name, incoming)
                                 for i, a in enumerate(e.args)))
        if b in incoming and any(name in _free_names(e.args[i]) for i in inner):
            e = _rebind(e, inaccessible_name(b, all_names(e) | incoming | {name}))
    args = tuple(_replace_free(a, name, replacement, new_name, incoming) for a in e.args)
    if e.op in ("apply", "app") and e.value == name:
        head = new_name if new_name is not None else _name_of(replacement)
        if head is None:
            # `f a` with f := an arbitrary term would need a β-redex, which Expr has no node for.
            raise SubstitutionError(f"cannot substitute a non-variable term for the applied function {name}")
        return replace(e, args=args, value=head)
    return e.with_args(*args)


def _name_of(e: Expr) -> str | None:
    """The name `e` stands for when it is a bare variable or an unapplied function/Prop name."""
    if e.op == "var" or (e.op in ("apply", "app") and not e.args and isinstance(e.value, str)):
        return e.value
    return None


class SubstitutionError(UnsupportedSyntax):
    """A substitution Expr cannot express (a term put in the head of an application)."""

    def __init__(self, message: str):
        super().__init__(message)


def substitute(e: Expr, name: str, replacement: Expr) -> Expr:
    """Replace the free occurrences of variable `name` by `replacement`, capture-avoiding:
    a binder whose name is free in `replacement` is renamed to an inaccessible name first.
    Applications of `name` (a function variable) get the replacement's name as their head;
    a replacement that is not a variable there raises `SubstitutionError`.

    >>> from prover.syntax.printer import show
    >>> body = Expr("gt", (var("p", "ℝ"), var("q", "ℝ")), ty="Prop")
    >>> e = Expr("forall", (body,), value=("q", "ℝ"), ty="Prop")
    >>> show(substitute(e, "p", Expr("add", (var("q", "ℝ"), num(1, "ℝ")), ty="ℝ")))
    '∀ q✝ : ℝ, q + 1 > q✝'
    """
    return _replace_free(e, name, replacement, None, _free_names(replacement))


def avoid_capture(e: Expr, names: set[str]) -> Expr:
    """`e` itself, or, when `e` is a binder of one of `names`, `e` with its binder renamed to
    an inaccessible name: a term with `names` free can then be put under it uncaptured."""
    if e.op in BINDER_OPS and binder_name(e) in names:
        return _rebind(e, inaccessible_name(binder_name(e), all_names(e) | set(names)))
    return e


def replace_subterm(e: Expr, old: Expr, new: Expr) -> Expr:
    """Every occurrence of `old` in `e` replaced by `new`, as Lean's `rw` abstracts a term:
    an occurrence under a binder of one of `old`'s variables is another term and stays, and
    binders of `new`'s variables are renamed so they do not capture it.

    >>> from prover.syntax.printer import show
    >>> x, y = var("x", "ℕ"), var("y", "ℕ")
    >>> e = Expr("and", (Expr("eq", (x, y), ty="Prop"),
    ...                  Expr("forall", (Expr("eq", (x, y), ty="Prop"),), value=("x", "ℕ"), ty="Prop")), ty="Prop")
    >>> show(replace_subterm(e, x, y))
    'y = y ∧ (∀ x : ℕ, x = y)'
    """
    return _replace_subterm(e, old, new, free_vars(old), _free_names(new))


def _replace_subterm(e: Expr, old: Expr, new: Expr, fv_old: set[str], fv_new: set[str]) -> Expr:
    if e == old:
        return new
    if not e.args:
        return e
    inner = bound_args(e)
    if inner and binder_name(e) in fv_old:
        return e.with_args(*(a if i in inner else _replace_subterm(a, old, new, fv_old, fv_new)
                             for i, a in enumerate(e.args)))
    e = avoid_capture(e, fv_new)
    return e.with_args(*(_replace_subterm(a, old, new, fv_old, fv_new) for a in e.args))


def canonical(e: Expr, depth: int = 0, prefix: str = "#bv") -> Expr:
    """`e` with every bound name replaced by one fixed by its binding depth, so that two
    terms are α-equivalent exactly when their canonical forms are equal (`prefix` must not
    begin any name of the terms compared: see `alpha_equal`)."""
    if not e.args:
        return e
    if e.op in BINDER_OPS:
        e = _rebind(e, f"{prefix}{depth}")
        inner = bound_args(e)
        return e.with_args(*(canonical(a, depth + 1 if i in inner else depth, prefix) for i, a in enumerate(e.args)))
    return e.with_args(*(canonical(a, depth, prefix) for a in e.args))


def alpha_equal(a: Expr, b: Expr) -> bool:
    """Equality up to the names of bound variables.

    >>> p = lambda n: Expr("forall", (Expr("eq", (var(n, "ℕ"), var(n, "ℕ")), ty="Prop"),), value=(n, "ℕ"), ty="Prop")
    >>> alpha_equal(p("x"), p("y")), p("x") == p("y")
    (True, False)
    """
    if a == b:
        return True
    names = all_names(a) | all_names(b)
    prefix = "#bv"
    while any(n.startswith(prefix) for n in names):   # a level name never meets a free name
        prefix += "#"
    return canonical(a, 0, prefix) == canonical(b, 0, prefix)


def is_fin(ty) -> bool:
    """`Fin n` (as `("Fin", n)`, n a typed ℕ term): only in a theorem's own elaboration."""
    return isinstance(ty, tuple) and len(ty) == 2 and ty[0] == "Fin"


def is_function_type(ty: Type) -> bool:
    return isinstance(ty, tuple) and ty[0] == "→"


def function_type(domain: tuple, codomain: Type) -> tuple:
    return ("→", tuple(domain), codomain)
