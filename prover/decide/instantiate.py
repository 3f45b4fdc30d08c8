"""Instances of ∀-hypotheses at the ground terms of a goal (E-matching by hand).

For `h : ∀ x, f x = x ^ 3 - 8` and a goal mentioning `f (g 19)`, the instance
`f (g 19) = (g 19) ^ 3 - 8` is a consequence of `h`; adding such instances lets Z3 work
quantifier-free, where its nonlinear arithmetic is complete. Patterns `f (n + c)` match a
numeral argument `k` with `n := k - c` when that is a valid value of n's type.

>>> from prover.state import load_theorem
>>> from prover.syntax.printer import show
>>> g = load_theorem("theorem t (f : ℝ → ℝ) (h : ∀ x > 0, f x = 2 * x) : f 3 = 6").goal
>>> [show(p) for p in ground_instances(g)]
['(3 : ℝ) > 0 → f 3 = 2 * 3']
"""

from __future__ import annotations

from fractions import Fraction

from prover.state import Goal
from prover.syntax.ast import NAT, Expr, free_vars, substitute

MAX_INSTANCES = 300


def _strip_foralls(h: Expr) -> tuple[list[tuple[str, object]], Expr]:
    params = []
    while h.op == "forall":
        params.append(h.value)
        h = h.args[0]
    return params, h


def _ground_applications(exprs, bound: set[str]) -> dict[str, list[Expr]]:
    out: dict[str, list[Expr]] = {}
    for e in exprs:
        for n in e.walk():
            if n.op == "apply" and not (free_vars(n) & bound):
                lst = out.setdefault(n.value, [])
                if n not in lst:
                    lst.append(n)
    return out


def _match_arg(pattern: Expr, ground: Expr, params: dict[str, object], subst: dict[str, Expr]) -> bool:
    if pattern.op == "var" and pattern.value in params:
        prev = subst.get(pattern.value)
        if prev is not None and prev != ground:
            return False
        subst[pattern.value] = ground
        return True
    if pattern.op in ("add", "sub") and pattern.args[0].op == "var" and pattern.args[0].value in params \
            and pattern.args[1].op == "num" and ground.op == "num":
        name = pattern.args[0].value
        c = Fraction(pattern.args[1].value)
        value = Fraction(ground.value) - c if pattern.op == "add" else Fraction(ground.value) + c
        if params[name] == NAT and (value < 0 or pattern.op == "sub"):
            return False  # n - c on ℕ truncates: no unique preimage
        if value.denominator != 1 and params[name] in (NAT, "ℤ"):
            return False
        candidate = Expr("num", value=int(value) if value.denominator == 1 else value, ty=params[name])
        prev = subst.get(name)
        if prev is not None and prev != candidate:
            return False
        subst[name] = candidate
        return True
    return not (free_vars(pattern) & set(params)) and pattern == ground


def ground_instances(goal: Goal, rounds: int = 2) -> list[Expr]:
    """Instances of the ∀-hypotheses at ground applications occurring in the goal."""
    quantified = [(n, h) for n, h in goal.hypotheses if h.op == "forall"]
    if not quantified:
        return []
    known: list[Expr] = []
    pool = [goal.target] + [h for _, h in goal.hypotheses if h.op != "forall"]
    for _ in range(rounds):
        ground = _ground_applications(pool + known, set())
        added = False
        for _, h in quantified:
            params_list, body = _strip_foralls(h)
            params = dict(params_list)
            triggers = [n for n in body.walk() if n.op == "apply" and free_vars(n) & set(params)]
            for trig in triggers:
                for g in ground.get(trig.value, []):
                    subst: dict[str, Expr] = {}
                    if not all(_match_arg(p, a, params, subst) for p, a in zip(trig.args, g.args)):
                        continue
                    if set(subst) != set(params):
                        continue
                    inst = body
                    for i, (name, _) in enumerate(params_list):
                        inst = substitute(inst, name, Expr("var", value=f"#inst{i}", ty=params[name]))
                    for i, (name, _) in enumerate(params_list):
                        inst = substitute(inst, f"#inst{i}", subst[name])
                    if inst not in known:
                        known.append(inst)
                        added = True
                    if len(known) >= MAX_INSTANCES:
                        return known
        if not added:
            break
    return known
