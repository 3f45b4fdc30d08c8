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
from prover.syntax.ast import INT, NAT, Expr, binder_name, bound_args, free_vars, substitute

MAX_INSTANCES = 300
MAX_WITNESSES = 3        # values tried per ∀-hypothesis with a decidable premise
WITNESS_SEARCH = 1000    # how far from 0 they are looked for
WITNESS_SECONDS = 0.3


def _strip_foralls(h: Expr) -> tuple[list[tuple[str, object]], Expr]:
    params = []
    while h.op == "forall":
        params.append(h.value)
        h = h.args[0]
    return params, h


def _ground_applications(exprs, bound: set[str]) -> dict[str, list[Expr]]:
    """Applications `f t` whose variables are not bound inside the expressions they occur in
    (an instance at a bound variable would speak of another variable of the same name)."""
    out: dict[str, list[Expr]] = {}

    def visit(n: Expr, bound: frozenset) -> None:
        if n.op == "apply" and not (free_vars(n) & bound):
            lst = out.setdefault(n.value, [])
            if n not in lst:
                lst.append(n)
        inner = bound_args(n)
        for i, a in enumerate(n.args):
            visit(a, bound | {binder_name(n)} if i in inner else bound)

    for e in exprs:
        visit(e, frozenset(bound))
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
        if value.denominator != 1 and params[name] in (NAT, INT):
            return False
        candidate = Expr("num", value=int(value) if value.denominator == 1 else value, ty=params[name])
        prev = subst.get(name)
        if prev is not None and prev != candidate:
            return False
        subst[name] = candidate
        return True
    return not (free_vars(pattern) & set(params)) and pattern == ground


def witness_instances(goal: Goal) -> list[Expr]:
    """For `∀ w, P w ∧ Q → R` over ℕ or ℤ where P mentions only w and can be evaluated, the
    instances at the first values of w (nearest 0) that satisfy P: `IsLeast S u` gives
    `∀ w ∈ S, u ≤ w`, and the members of S found here bound u."""
    import time

    from prover.decide.evaluate import Evaluator, NotEvaluable
    from prover.decide.preprocess import conjuncts
    out = []
    deadline = time.monotonic() + WITNESS_SECONDS
    for _, h in goal.hypotheses:
        if h.op != "forall" or h.value[1] not in (NAT, INT) or h.args[0].op != "imp":
            continue
        (name, ty), body = h.value, h.args[0]
        conditions = [c for c in conjuncts(body.args[0]) if free_vars(c) == {name}]
        if not conditions:
            continue
        candidates = range(WITNESS_SEARCH) if ty == NAT else \
            (v for k in range(WITNESS_SEARCH) for v in ((k, -k) if k else (0,)))
        found = []
        for v in candidates:
            if len(found) >= MAX_WITNESSES or time.monotonic() > deadline:
                break
            try:
                if all(Evaluator({name: v}).prop(c) for c in conditions):
                    found.append(v)
            except (NotEvaluable, ZeroDivisionError, ValueError, TypeError, OverflowError):
                break
        out += [substitute(body, name, Expr("num", value=v, ty=ty)) for v in found]
    return out


def ground_instances(goal: Goal, rounds: int = 2) -> list[Expr]:
    """Instances of the ∀-hypotheses at ground applications occurring in the goal, and at
    values that satisfy their premises (`witness_instances`)."""
    quantified = [(n, h) for n, h in goal.hypotheses if h.op == "forall"]
    if not quantified:
        return []
    known: list[Expr] = witness_instances(goal)
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
