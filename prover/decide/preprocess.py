"""Sound goal rewrites applied before the decision procedures.

Each step replaces a goal by one that is equivalent given the hypotheses: splitting
conjunctions, unfolding function definitions stated as hypotheses (`∀ x, f x = e`), and
substituting variables fixed by an equation (`x = t`, x not in t).

>>> from prover.state import load_theorem
>>> g = load_theorem("theorem t (f : ℝ → ℝ) (h : ∀ x, f x = 2 * x + 3) : f 2 = 7").goal
>>> from prover.syntax.printer import show
>>> show(simplify_goal(g).target)
'(2 * 2 + 3 : ℝ) = 7'
"""

from __future__ import annotations

from prover.state import Goal
from prover.syntax.ast import NUMBER_TYPES, Expr, avoid_capture, binds, free_vars, substitute


def split_conjunctions(goal: Goal) -> Goal:
    hyps = []
    for name, h in goal.hypotheses:
        parts = conjuncts(h)
        if len(parts) == 1:
            hyps.append((name, h))
        else:
            hyps += [(f"{name}.{i + 1}", p) for i, p in enumerate(parts)]
    return Goal(goal.variables, tuple(hyps), goal.target)


def conjuncts(e: Expr) -> list[Expr]:
    """The parts of a right- or left-nested conjunction."""
    if e.op == "and":
        return conjuncts(e.args[0]) + conjuncts(e.args[1])
    return [e]


def definition_of(h: Expr) -> tuple[str, list[str], Expr] | None:
    """`∀ x y, f x y = body` with distinct bound arguments and f not in body."""
    params = []
    while h.op == "forall":
        params.append(h.value[0])
        h = h.args[0]
    if h.op != "eq" or h.args[0].op != "apply":
        return None
    lhs, body = h.args
    names = [a.value if a.op == "var" else None for a in lhs.args]
    if None in names or sorted(names) != sorted(params) or len(set(names)) != len(names):
        return None
    if any(n.op == "apply" and n.value == lhs.value for n in body.walk()):
        return None
    return lhs.value, names, body


def unfold(e: Expr, fname: str, params: list[str], body: Expr) -> Expr:
    if not e.args or binds(e, fname):
        return e  # a binder that rebinds f
    # The body's own free variables must not be captured by a binder they are put under.
    e = avoid_capture(e, free_vars(body) - set(params))
    e = e.with_args(*(unfold(a, fname, params, body) for a in e.args))
    if e.op == "apply" and e.value == fname:
        out = body
        # Substitute through fresh placeholders so a parameter named like an argument's
        # variable is not captured.
        for i, p in enumerate(params):
            out = substitute(out, p, Expr("var", value=f"#arg{i}", ty=e.args[i].ty))
        for i, _ in enumerate(params):
            out = substitute(out, f"#arg{i}", e.args[i])
        return out
    return e


def _unfold_everywhere(goal: Goal, definition, rewrite) -> Goal:
    """For each hypothesis that `definition` recognizes, `rewrite` the others and the target."""
    for name, h in goal.hypotheses:
        d = definition(h)
        if d is None:
            continue
        hyps = tuple((n, x if n == name else rewrite(x, *d)) for n, x in goal.hypotheses)
        goal = Goal(goal.variables, hyps, rewrite(goal.target, *d))
    return goal


def unfold_definitions(goal: Goal) -> Goal:
    """Unfold `f` wherever a hypothesis states `∀ x, f x = e`."""
    return _unfold_everywhere(goal, definition_of, unfold)


def set_definition_of(h: Expr) -> tuple[str, str, Expr] | None:
    """`∀ n, n ∈ S ↔ P n` for a set variable S not used in P: (S, n, P n)."""
    if h.op != "forall" or h.args[0].op != "iff":
        return None
    name = h.value[0]
    lhs, rhs = h.args[0].args
    if not (lhs.op == "mem" and lhs.args[0].op == "var" and lhs.args[0].value == name and lhs.args[1].op == "var"):
        return None
    s = lhs.args[1].value
    if any(n.op == "mem" and n.args[1].op == "var" and n.args[1].value == s for n in rhs.walk()):
        return None
    return s, name, rhs


def _unfold_membership(e: Expr, s: str, param: str, body: Expr) -> Expr:
    if not e.args or binds(e, s):
        return e  # a binder that rebinds S
    e = avoid_capture(e, free_vars(body) - {param})
    e = e.with_args(*(_unfold_membership(a, s, param, body) for a in e.args))
    if e.op == "mem" and e.args[1].op == "var" and e.args[1].value == s:
        return substitute(substitute(body, param, Expr("var", value="#elem", ty=e.args[0].ty)), "#elem", e.args[0])
    return e


def unfold_set_definitions(goal: Goal) -> Goal:
    """Replace `x ∈ S` by `P x` wherever a hypothesis states `∀ n, n ∈ S ↔ P n`."""
    return _unfold_everywhere(goal, set_definition_of, _unfold_membership)


def substitute_equalities(goal: Goal) -> Goal:
    """Replace each variable `x` fixed by a hypothesis `x = t` (x not free in t) by t."""
    types = goal.context
    for _ in range(len(goal.hypotheses)):
        found = None
        for name, h in goal.hypotheses:
            if h.op != "eq":
                continue
            for lhs, rhs in ((h.args[0], h.args[1]), (h.args[1], h.args[0])):
                if lhs.op == "var" and types.get(lhs.value) in NUMBER_TYPES and lhs.value not in free_vars(rhs) \
                        and lhs.ty == types.get(lhs.value):
                    found = (name, lhs.value, rhs)
                    break
            if found:
                break
        if not found:
            return goal
        hname, x, t = found
        hyps = tuple((n, substitute(h, x, t)) for n, h in goal.hypotheses if n != hname)
        variables = tuple((n, ty) for n, ty in goal.variables if n != x)
        goal = Goal(variables, hyps, substitute(goal.target, x, t))
    return goal


def integer_powers(e: Expr) -> Expr:
    """`x ^ (k : ℤ)` with a literal k: `x ^ k` for k ≥ 0 and `1 / x ^ (-k)` for k < 0 (Mathlib's
    `zpow_natCast` and `zpow_neg`; `0⁻¹ = 0` agrees with `1 / 0 = 0`)."""
    if not e.args:
        return e
    e = e.with_args(*(integer_powers(a) for a in e.args))
    if e.op == "pow" and e.args[1].ty == "ℤ":
        k = _literal_int(e.args[1])
        if k is not None:
            nat_pow = Expr("pow", (e.args[0], Expr("num", value=abs(k), ty="ℕ")), ty=e.ty)
            return nat_pow if k >= 0 else Expr("div", (Expr("num", value=1, ty=e.ty), nat_pow), ty=e.ty)
    return e


def _literal_int(e: Expr) -> int | None:
    if e.op == "num" and e.value == int(e.value):
        return int(e.value)
    if e.op == "neg":
        inner = _literal_int(e.args[0])
        return None if inner is None else -inner
    return None


def simplify_goal(goal: Goal) -> Goal:
    """All the rewrites above, in order."""
    goal = Goal(goal.variables, tuple((n, integer_powers(h)) for n, h in goal.hypotheses), integer_powers(goal.target))
    return substitute_equalities(unfold_definitions(split_conjunctions(unfold_set_definitions(goal))))
