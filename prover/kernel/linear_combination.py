"""`linear_combination e` on equality goals (`Mathlib/Tactic/LinearCombination.lean`).

`e` is built from hypotheses `h : a = b` (proofs) and terms with `+ - *`, `/` and negation;
a proof may be multiplied or divided by a term, never by a proof ("supports only linear
operations"). Expanding `e` side by side gives a proof of `a' = b'` (`e` with every proof
replaced by its left side, then by its right side: `add_pf`, `mul_const_pf`, …); the goal
`a = b` then reduces to `a - b - (a' - b') = 0`, closed by `ring1`, so the certificate is the
expression `e` and the check is a normal form. Only commutative rings (ℤ ℚ ℝ ℂ) are modelled;
proofs must be equalities of the goal's type, as Lean's elaborator requires.

>>> from prover.state import load_theorem
>>> g = load_theorem("theorem t (x y : ℤ) (h1 : x + 2 = -3) (h2 : y = 10) : 2 * x + 4 - y = -16").goal
>>> combination_closes(g, "2 * h1 - h2")
True
"""

from __future__ import annotations

from prover.errors import ProverError
from prover.kernel import poly as P
from prover.kernel.terms import BIG_OPERATORS, BINDERS
from prover.state import Goal
from prover.syntax.ast import COMPLEX, INT, RAT, REAL, Expr, substitute
from prover.syntax.elaborate import elaborate_term
from prover.syntax.parser import parse_term

RINGS = (INT, RAT, REAL, COMPLEX)


class NotLinear(ProverError):
    """The combination multiplies or divides by a proof, or names something it cannot use."""


def _proof_names(goal: Goal, raw: Expr, library=None) -> dict[str, Expr]:
    """The proofs `raw` names: hypotheses, and library lemmas without explicit arguments
    (`Complex.I_sq : Complex.I ^ 2 = -1`), each with the statement it proves (`library(name)`:
    the lemma's exact Mathlib statement, `lemmas.nullary_statement`; None for any other name).
    A local shadows a lemma, as in Lean."""
    names = {}
    for e in raw.walk():
        if e.op in ("var", "app") and isinstance(e.value, str) and e.value not in goal.context:
            if goal.hypothesis(e.value) is not None:
                prop = goal.hypothesis(e.value)
            elif library is not None and (prop := library(e.value)) is not None:
                pass
            else:
                continue
            if e.op == "app":
                raise NotLinear(f"{e.value} is applied to arguments (not modelled)")
            names[e.value] = prop
    return names


def _check_linear(e: Expr, proofs: set[str]) -> bool:
    """True when `e` mentions a proof; raises when a proof is multiplied by a proof or divides."""
    if e.op == "var":
        return e.value in proofs
    flags = [_check_linear(a, proofs) for a in e.args]
    if e.op == "mul" and all(flags) and len(flags) == 2:
        raise NotLinear("'linear_combination' supports only linear operations")
    if e.op == "div" and flags[1]:
        raise NotLinear("'linear_combination' supports only linear operations")
    if any(flags) and e.op not in ("add", "sub", "mul", "div", "neg"):
        raise NotLinear(f"a proof under {e.op}")
    return any(flags)


def combination_closes(goal: Goal, text: str, library=None) -> bool:
    """Does `linear_combination text` close `goal` (an equality in a commutative ring)?
    `library`: name ↦ statement of a binder-free library lemma, or None (see `_proof_names`)."""
    t = goal.target
    if t.op != "eq" or t.value not in RINGS:
        raise NotLinear("the goal is not an equality in a commutative ring")
    ty = t.value
    lhs_e, rhs_e = Expr("num", value=0, ty=ty), Expr("num", value=0, ty=ty)
    if text.strip():
        raw = parse_term(text)
        proofs = _proof_names(goal, raw, library)
        for name, prop in proofs.items():
            if prop.op != "eq" or prop.value != ty:
                raise NotLinear(f"{name} is not an equality in {ty}")
        ctx = dict(goal.context)
        ctx.update({name: ty for name in proofs})
        e = elaborate_term(raw, ctx, expected=ty)
        if any(x.op in BINDERS + BIG_OPERATORS for x in e.walk()):
            raise NotLinear("a binder in the combination (not modelled)")  # no capture possible
        if e.ty != ty:
            raise NotLinear(f"the combination has type {e.ty}, the goal {ty}")
        _check_linear(e, set(proofs))
        lhs_e, rhs_e = e, e
        for name, prop in proofs.items():
            lhs_e = substitute(lhs_e, name, prop.args[0])
            rhs_e = substitute(rhs_e, name, prop.args[1])
    atoms = P.AtomTable()
    norm = P.Normalizer(atoms, field_mode="ring")
    goal_diff = P.add(norm.poly(t.args[0]), norm.poly(t.args[1]), -1)
    comb_diff = P.add(norm.poly(lhs_e), norm.poly(rhs_e), -1)
    return not P.add(goal_diff, comb_diff, -1)
