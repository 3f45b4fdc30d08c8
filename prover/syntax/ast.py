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

    def walk(self) -> Iterator["Expr"]:
        """Yield this node and all its descendants, parents first."""
        yield self
        for a in self.args:
            yield from a.walk()

    def with_args(self, *args: "Expr") -> "Expr":
        return replace(self, args=tuple(args))

    def with_type(self, ty: Type) -> "Expr":
        return replace(self, ty=ty)


def num(value: int | Fraction, ty: Type = None) -> Expr:
    """A numeral; `value` is an int or an exact Fraction (decimals are exact)."""
    return Expr("num", value=value, ty=ty)


def var(name: str, ty: Type = None) -> Expr:
    return Expr("var", value=name, ty=ty)


def binder_name(e: Expr) -> str:
    """The bound name of a `forall`/`exists`/`lambda`/big-operator node."""
    return e.value[0]


def free_vars(e: Expr) -> set[str]:
    """Names of variables free in `e`.

    >>> free_vars(Expr("forall", (Expr("eq", (var("x"), var("y"))),), value=("x", "ℝ")))
    {'y'}
    """
    if e.op == "var":
        return {e.value}
    if e.op == "apply":
        out = {e.value}
    else:
        out = set()
    if e.op in ("forall", "exists", "exists_unique", "lambda"):
        return free_vars(e.args[0]) - {binder_name(e)}
    if e.op in ("sum", "prod"):
        return free_vars(e.args[0]) | (free_vars(e.args[1]) - {binder_name(e)})
    for a in e.args:
        out |= free_vars(a)
    return out


def substitute(e: Expr, name: str, replacement: Expr) -> Expr:
    """Replace free occurrences of variable `name` by `replacement` (capture-avoiding
    only in the sense that bound occurrences are left alone; callers substitute closed
    or fresh terms)."""
    if e.op == "var":
        return replacement if e.value == name else e
    if e.op in ("forall", "exists", "exists_unique", "lambda") and binder_name(e) == name:
        return e
    if e.op in ("sum", "prod") and binder_name(e) == name:
        return e.with_args(substitute(e.args[0], name, replacement), e.args[1])
    if not e.args:
        return e
    return e.with_args(*(substitute(a, name, replacement) for a in e.args))


def is_function_type(ty: Type) -> bool:
    return isinstance(ty, tuple) and ty[0] == "→"


def function_type(domain: tuple, codomain: Type) -> tuple:
    return ("→", tuple(domain), codomain)
