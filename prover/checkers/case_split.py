"""Case splits on a disjunction, as Mathlib's `rcases`/`obtain` and `cases'` perform them.

`rcases e with p₁ | p₂ | …` (and `obtain p₁ | p₂ | … := e`, `cases' e with h₁ h₂`) takes a
proof `e` of `P₁ ∨ P₂ ∨ …` (right-nested, as `∨` associates) and leaves one goal per
alternative, the i-th with `Pᵢ` named by its pattern; the last pattern receives the rest of
the disjunction. A pattern is a name, `_` (an inaccessible name), or `⟨a, b, …⟩` on a
right-nested conjunction (the last name receives the rest). When `e` is a local hypothesis it
is cleared, as `rcases` clears a local it destructs (Lean: `RCases`, `subst`/`clear` of the
fvar); a term leaves the context as it was.

The sources modelled, each with its exact Mathlib statement:
- a local hypothesis `h : P ∨ Q`;
- `mul_eq_zero.mp h` / `mul_eq_zero.1 h` (`Mathlib/Algebra/GroupWithZero/Defs.lean`,
  `[MulZeroClass M₀] [NoZeroDivisors M₀] {a b : M₀} : a * b = 0 ↔ a = 0 ∨ b = 0`): h a
  hypothesis that is syntactically `a * b = 0` over ℕ ℤ ℚ ℝ ℂ (Lean unifies `?a * ?b = 0`
  with h's type; `x ^ 2 - x = 0` is not a product and is refused);
- `abs_cases t` (`Mathlib/Algebra/Order/Group/Abs.lean`, `(a : α) : |a| = a ∧ 0 ≤ a ∨
  |a| = -a ∧ a < 0` for a linearly ordered additive group: ℤ ℚ ℝ).
Anything else, a pattern shape not listed, or a pattern with more alternatives than the
disjunction has, is refused with its reason: refusing costs proofs, never soundness.

>>> from prover.state import load_theorem
>>> g = load_theorem("theorem t (x : ℝ) (h : x = 1 ∨ x = 2) : x > 0").goal
>>> [s.hypothesis("h").args[1].value for s in split(g, "h", "h | h")]
[1, 2]
"""

from __future__ import annotations

import re

from prover.errors import ProverError
from prover.state import Goal
from prover.syntax.ast import COMPLEX, INT, NAT, PROP, RAT, REAL, Expr, inaccessible_name, rename_free

ABS_TYPES = (INT, RAT, REAL)                       # LinearOrderedAddCommGroup among our types
NO_ZERO_DIVISORS = (NAT, INT, RAT, REAL, COMPLEX)  # MulZeroClass + NoZeroDivisors
_NAME = re.compile(r"[^\W\d][\w'₀-₉ᵢ!?]*")
_MUL_EQ_ZERO = re.compile(r"^mul_eq_zero\.(?:mp|1)\s+(\S+)$")
_ABS_CASES = re.compile(r"^abs_cases\s+(.+)$", re.S)


class CaseSplitError(ProverError):
    """A case split Lean would refuse, or one not modelled (the reason says which)."""


def _top_split(text: str, sep: str) -> list[str]:
    parts, depth, cur = [], 0, ""
    for ch in text:
        depth += ch in "([{⟨"
        depth -= ch in ")]}⟩"
        if ch == sep and depth == 0:
            parts.append(cur.strip())
            cur = ""
        else:
            cur += ch
    return parts + [cur.strip()]


def parse_alternatives(text: str) -> list[list[str]]:
    """`"⟨a, b⟩ | c"` ↦ `[["a", "b"], ["c"]]`: each alternative's names (one for a name)."""
    text = text.strip()
    if text.startswith("(") and text.endswith(")") and len(_top_split(text[1:-1], "|")) > 1:
        text = text[1:-1]
    alternatives = []
    for alt in _top_split(text, "|"):
        if alt.startswith("⟨") and alt.endswith("⟩"):
            names = _top_split(alt[1:-1], ",")
        else:
            names = [alt]
        for n in names:
            if n != "_" and not _NAME.fullmatch(n):
                raise CaseSplitError(f"rcases: the pattern `{n}` is not modelled (only names, `_` and ⟨…⟩)")
            if "✝" in n:
                raise CaseSplitError("rcases: an inaccessible name cannot be written")
        alternatives.append(names)
    return alternatives


def _unwrap(text: str) -> str:
    """`(e)` ↦ `e` when the outer parentheses enclose the whole text."""
    text = text.strip()
    while text.startswith("(") and text.endswith(")"):
        depth = 0
        for i, ch in enumerate(text):
            depth += ch == "("
            depth -= ch == ")"
            if depth == 0 and i < len(text) - 1:
                return text
        text = text[1:-1].strip()
    return text


def _abs(t: Expr) -> Expr:
    return Expr("call", (t,), value="abs", ty=t.ty)


def _rel(op: str, a: Expr, b: Expr) -> Expr:
    return Expr(op, (a, b), value=a.ty, ty=PROP)


def source(goal: Goal, text: str) -> tuple[Expr, str | None]:
    """The disjunction a source term proves, and the local hypothesis it clears (or None)."""
    from prover.syntax.elaborate import Elaborator
    from prover.syntax.parser import parse_term
    text = _unwrap(text)
    if "✝" in text:
        raise CaseSplitError("rcases: an inaccessible name cannot be written")
    h = goal.hypothesis(text) if _NAME.fullmatch(text) else None
    if h is not None:
        return h, text
    m = _MUL_EQ_ZERO.match(text)
    if m:
        name = m.group(1)
        h = goal.hypothesis(name)
        if h is None:
            raise CaseSplitError(f"rcases: mul_eq_zero.mp needs a hypothesis, {name} is none")
        if h.op != "eq" or h.args[0].op != "mul" or not (h.args[1].op == "num" and h.args[1].value == 0):
            raise CaseSplitError(f"rcases: {name} is not `a * b = 0` (mul_eq_zero.mp cannot unify it)")
        a, b = h.args[0].args
        if a.ty not in NO_ZERO_DIVISORS:
            raise CaseSplitError(f"rcases: mul_eq_zero needs NoZeroDivisors, not {a.ty}")
        zero = h.args[1]
        return Expr("or", (_rel("eq", a, zero), _rel("eq", b, zero)), ty=PROP), None
    m = _ABS_CASES.match(text)
    if m:
        t = Elaborator(goal.context).term(parse_term(m.group(1)))
        if t.ty not in ABS_TYPES:
            raise CaseSplitError(f"rcases: abs_cases needs a linearly ordered additive group, not {t.ty}")
        zero = Expr("num", value=0, ty=t.ty)
        pos = Expr("and", (_rel("eq", _abs(t), t), _rel("le", zero, t)), ty=PROP)
        neg = Expr("and", (_rel("eq", _abs(t), Expr("neg", (t,), ty=t.ty)), _rel("lt", t, zero)), ty=PROP)
        return Expr("or", (pos, neg), ty=PROP), None
    raise CaseSplitError(f"rcases: the term `{text}` is not modelled (a hypothesis, `mul_eq_zero.mp h`, "
                         "`abs_cases t`)")


def _parts(prop: Expr, op: str, count: int, what: str) -> list[Expr]:
    """The first `count - 1` components of a right-nested `op` and the rest. A disjunction that
    is a set membership (`x ∈ {a, b}`, marked by the elaborator) is refused: Lean's whnf gives
    `x = a ∨ x ∈ {b}`, whose right part stays an opaque membership, not the elaborated `x = b`."""
    parts = []
    while len(parts) < count - 1:
        if prop.op != op:
            raise CaseSplitError(f"rcases: the pattern has {count} {what}s, the proposition fewer")
        if op == "or" and prop.origin:
            raise CaseSplitError("rcases: splitting a set membership is not modelled (its parts stay memberships)")
        parts.append(prop.args[0])
        prop = prop.args[1]
    return parts + [prop]


def split(goal: Goal, src: str, pattern: str) -> tuple[Goal, ...]:
    """The goals `rcases SRC with PATTERN` leaves (SRC proving a disjunction)."""
    prop, cleared = source(goal, src)
    alternatives = parse_alternatives(pattern)
    if len(alternatives) < 2:
        raise CaseSplitError("rcases: not an alternative pattern (`a | b`)")
    if prop.op != "or":
        raise CaseSplitError(f"rcases: {src} is not a disjunction")
    rest = goal if cleared is None else Goal(goal.variables, tuple((n, x) for n, x in goal.hypotheses
                                                                   if n != cleared), goal.target)
    return tuple(introduce(rest, names, part)
                 for names, part in zip(alternatives, _parts(prop, "or", len(alternatives), "alternative")))


def introduce(goal: Goal, names: list[str], prop: Expr) -> Goal:
    """`names` bound to the conjuncts of `prop` (one name: the whole), each shadowing an
    existing local of that name (renamed inaccessible everywhere, the pending conjuncts too)."""
    props = _parts(prop, "and", len(names), "conjunct") if len(names) > 1 else [prop]
    for i, n in enumerate(names):
        if n == "_":
            n = inaccessible_name("h", goal.names)
        goal, renaming = goal.shadow(n)
        for old, new in renaming.items():
            props = props[:i] + [rename_free(p, old, new) for p in props[i:]]
        goal = Goal(goal.variables, goal.hypotheses + ((n, props[i]),), goal.target)
    return goal


def cases_prime(goal: Goal, text: str) -> tuple[Goal, ...]:
    """Mathlib's `cases' e with h₁ h₂`: on `P ∨ Q` two goals (h₁ : P, h₂ : Q), on `P ∧ Q` one
    (h₁ : P, h₂ : Q); a missing name is inaccessible; a local e is cleared."""
    src, _, names_text = text.partition(" with ")
    names = names_text.split()
    if any(n != "_" and not _NAME.fullmatch(n) or "✝" in n for n in names) or len(names) > 2:
        raise CaseSplitError(f"cases': the names `{names_text}` are not modelled")
    prop, cleared = source(goal, src)
    if prop.op not in ("or", "and"):
        raise CaseSplitError(f"cases': {src.strip()} is not ∨ or ∧ (only these are modelled)")
    if prop.origin:
        raise CaseSplitError("cases': splitting a set membership is not modelled (its parts stay memberships)")
    rest = goal if cleared is None else Goal(goal.variables, tuple((n, x) for n, x in goal.hypotheses
                                                                   if n != cleared), goal.target)
    names = names + ["_"] * (2 - len(names))
    if prop.op == "and":
        return (introduce(rest, names, prop),)
    return tuple(introduce(rest, [n], p) for n, p in zip(names, prop.args))
