"""`simp only [Finset.mem_filter, Finset.mem_range, Finset.mem_Icc, h₀]` on the goal, as a goal
transformation (the step after `ext n` in a proof that a membership-defined set is a filter).

Each listed lemma is a rewrite rule on Finset memberships, applied to a fixpoint through the
logical connectives of the goal (Mathlib statements):
- `Finset.mem_filter : a ∈ s.filter p ↔ a ∈ s ∧ p a`
- `Finset.mem_range : m ∈ range n ↔ m < n`
- `Finset.mem_Icc : a ∈ Icc l u ↔ l ≤ a ∧ a ≤ u`
- a local `h₀ : ∀ n, n ∈ S ↔ P n` (S a local set variable, P not mentioning S): `a ∈ S ↦ P a`;
- a local `h : ∀ x, f x = e` (f a local function): every `f a ↦ e[a]` (`kernel.tactics`'s
  reading of simp with local function equations).

Refused (not modelled, so never accepted where Lean may differ): a location (`at`), any other
lemma, a membership inside a term (under `∑`, a `filter` predicate's body), no progress (simp
fails), a result whose two sides are the same (simp might close it), and a result with closed
literal arithmetic (simp's default simprocs would reduce it).
"""

from __future__ import annotations

import re

from prover.checkers.base import Rejected, Subgoals, TacticResult
from prover.kernel.terms import accessible, alpha_equal
from prover.state import Goal
from prover.syntax.ast import ARITH_OPS, LOGIC_OPS, PROP, Expr, free_vars, set_equation, substitute

SET_SIMP = re.compile(r"simp only \[\s*([^\[\]]+?)\s*\]")
LEMMAS = ("Finset.mem_filter", "Finset.mem_range", "Finset.mem_Icc")


def _is_function_equation(h: Expr) -> bool:
    while h.op == "forall" and not set_equation(h):
        h = h.args[0]
    return h.op == "eq" and h.args[0].op == "apply"


def _rules(goal: Goal, names: list[str]):
    """The local rules `S ↦ (binder, P)` of the listed hypotheses; a reason string otherwise.
    Function equations `∀ x, f x = e` are read by `kernel.tactics._function_equations`."""
    rules = {}
    for name in names:
        if name in LEMMAS:
            continue
        h = goal.hypothesis(name) if accessible(name) and name not in goal.context else None
        if h is None:
            return f"simp only: {name} is not modelled (only {', '.join(LEMMAS)} and local `∀ n, n ∈ S ↔ P n`)"
        if _is_function_equation(h):
            continue
        if set_equation(h) or h.op != "forall" or h.args[0].op != "iff":
            return f"simp only: {name} is not `∀ n, n ∈ S ↔ P n` (not modelled)"
        bound = h.value[0]
        lhs, rhs = h.args[0].args
        if lhs.op != "mem" or lhs.args[0] != Expr("var", value=bound, ty=lhs.args[0].ty) or lhs.args[1].op != "var" \
                or lhs.args[1].value in rules or lhs.args[1].value in free_vars(rhs):
            return f"simp only: {name} is not `∀ n, n ∈ S ↔ P n` with S a local set (not modelled)"
        rules[lhs.args[1].value] = (bound, rhs)
    return rules


def _step(e: Expr, lemmas: set, rules: dict) -> Expr:
    """One membership rewritten by the rules, or `e` itself."""
    x, s = e.args
    if s.op == "set" and s.value == "Finset.filter" and "Finset.mem_filter" in lemmas:
        lam, inner = s.args
        pred = substitute(lam.args[0], lam.value[0], x)
        return Expr("and", (Expr("mem", (x, inner), ty=PROP), pred), ty=PROP)
    if s.op == "set" and s.value == "Finset.range" and "Finset.mem_range" in lemmas:
        return Expr("lt", (x, s.args[0]), value=x.ty, ty=PROP)
    if s.op == "set" and s.value == "Finset.Icc" and "Finset.mem_Icc" in lemmas:
        lo, hi = s.args
        return Expr("and", (Expr("le", (lo, x), value=x.ty, ty=PROP), Expr("le", (x, hi), value=x.ty, ty=PROP)), ty=PROP)
    if s.op == "var" and s.value in rules:
        bound, rhs = rules[s.value]
        return substitute(rhs, bound, x)
    return e


def _normal_literal(x: Expr) -> bool:
    """`-12`, and a reduced fraction `7 / 2` of a field: no default simproc rewrites them (Lean's
    literal simprocs are ℕ/ℤ ones; a fraction in lowest terms is norm_num's own normal form)."""
    from math import gcd
    from prover.syntax.ast import INVERSE, RAT, REAL
    if x.op == "neg" and x.args[0].op == "num":
        return True
    return (x.op == "div" and x.ty in (REAL, RAT) and x.value != INVERSE
            and all(a.op == "num" and isinstance(a.value, int) for a in x.args)
            and x.args[1].value > 1 and gcd(x.args[0].value, x.args[1].value) == 1)


class _Unmodelled(Exception):
    pass


def _rewrite(e: Expr, lemmas: set, rules: dict, depth: int = 0) -> Expr:
    if depth > 50:
        raise _Unmodelled("simp only: rewriting does not terminate here")
    if e.op == "mem":
        out = _step(e, lemmas, rules)
        return e if out is e else _rewrite(out, lemmas, rules, depth + 1)
    if e.op in LOGIC_OPS and not set_equation(e):
        return e.with_args(*(_rewrite(a, lemmas, rules, depth) for a in e.args))
    if e.op in ("true", "false") or e.ty == PROP and not any(x.op == "mem" for x in e.walk()):
        return e
    if any(x.op == "mem" for x in e.walk()):
        raise _Unmodelled("simp only: a membership inside a term or a set equation (not modelled)")
    return e


def simp_membership(goal: Goal, tactic: str) -> TacticResult | None:
    """The goal after the simp step; None when `tactic` is not of this form."""
    m = SET_SIMP.fullmatch(tactic.strip())
    if m is None:
        return None
    names = [n.strip() for n in m.group(1).split(",")]
    if len(set(names)) != len(names):
        return Rejected("simp only: a lemma is listed twice")
    rules = _rules(goal, names)
    if isinstance(rules, str):
        return Rejected(rules)
    from prover.kernel.lemmas import BadHint
    from prover.kernel.tactics import _function_equations, _rewrite_applications
    functions = [n for n in names if n not in LEMMAS and _is_function_equation(goal.hypothesis(n))]
    fun_rules = _function_equations(goal, functions) if functions else {}
    if isinstance(fun_rules, str):
        return Rejected(fun_rules)
    outer = set(fun_rules)
    for params, rhs in fun_rules.values():
        outer |= free_vars(rhs) - set(params)
    try:
        target = goal.target
        for _ in range(3):   # simp rewrites to a fixpoint: memberships, then the functions they expose
            target = _rewrite(target, set(names) & set(LEMMAS), rules)
            if fun_rules:
                target = _rewrite_applications(target, fun_rules, outer)
        if target != _rewrite(target, set(names) & set(LEMMAS), rules):
            raise _Unmodelled("simp only: rewriting does not settle here (not modelled)")
    except (_Unmodelled, BadHint) as err:
        return Rejected(str(err))
    if target == goal.target:
        return Rejected("simp made no progress")
    if target.op in ("iff", "eq") and alpha_equal(target.args[0], target.args[1]):
        return Rejected("simp only: the rewritten goal may be closed by simp (not modelled)")
    if any(x.op in ARITH_OPS | {"pow"} and not free_vars(x) and not _normal_literal(x)
           for x in target.walk()):   # `-12` is a literal (simp's normal form), `2 + 3` is not
        return Rejected("simp only: closed literal arithmetic would be reduced by simprocs (not modelled)")
    return Subgoals((goal.with_target(target),))
