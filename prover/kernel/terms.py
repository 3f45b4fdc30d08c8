"""Terms up to α-equivalence: a locally nameless view of `Expr`.

`canonical(e)` renames every bound variable (in `var` nodes and as the head of an application)
to its de Bruijn level (`#0`, `#1`, …, outermost
first), so two terms are α-equivalent exactly when their canonical forms are equal. Free
variables keep their names; a free name can never collide with a level name (`#` is not an
identifier character in Lean). Atoms, hypotheses and sides of goals are compared this way.

>>> from prover.state import load_theorem
>>> t = load_theorem("theorem t (f : ℕ → ℝ) : ∑ i ∈ Finset.range 3, f i = ∑ j ∈ Finset.range 3, f j").goal.target
>>> canonical(t.args[0]) == canonical(t.args[1])
True
"""

from __future__ import annotations

from dataclasses import replace

from prover.syntax.ast import INACCESSIBLE, Expr

BINDERS = ("forall", "exists", "exists_unique", "lambda", "setof")
BIG_OPERATORS = ("sum", "prod")
APPLICATIONS = ("apply", "app")  # heads in `value`: a bound function variable is renamed there too


def canonical(e: Expr) -> Expr:
    return _canon(e, {}, 0)


def _canon(e: Expr, bound: dict, depth: int) -> Expr:
    if e.op == "var":
        return replace(e, value=bound[e.value], pos=None) if e.value in bound else replace(e, pos=None)
    if e.op in BINDERS:
        name, ty = e.value
        inner = {**bound, name: f"#{depth}"}
        return replace(e, value=(f"#{depth}", ty), args=(_canon(e.args[0], inner, depth + 1),), pos=None)
    if e.op in BIG_OPERATORS:
        name, ty = e.value
        inner = {**bound, name: f"#{depth}"}
        return replace(e, value=(f"#{depth}", ty), args=(_canon(e.args[0], bound, depth),
                                                          _canon(e.args[1], inner, depth + 1)), pos=None)
    if e.op in APPLICATIONS and e.value in bound:  # an applied bound function variable
        return replace(e, value=bound[e.value], args=tuple(_canon(a, bound, depth) for a in e.args), pos=None)
    if not e.args:
        return replace(e, pos=None)
    return replace(e, args=tuple(_canon(a, bound, depth) for a in e.args), pos=None)


def alpha_equal(a: Expr, b: Expr) -> bool:
    return canonical(a) == canonical(b)


def accessible(name: str) -> bool:
    """Whether user text can refer to the local `name`: not an inaccessible `h✝` (Lean shows
    it but the name cannot be written) and not the anonymous `_` of `intro _`."""
    return name != "_" and INACCESSIBLE not in name
