"""Values of a sequence fixed by linear hypotheses: `h₀ : ∀ n, a (n + 2) - a (n + 1) = a (n + 1) - a n`
with `a 1 = p`, `a 2 = 9`, `a 3 = 3 * p - q`, `a 4 = 3 * p + q` fix p, q and every `a i`.
Untrusted (an oracle): exact rational linear algebra over the instances of the hypotheses.

The unknowns are the values `f i` (f : ℕ → R, R one of ℤ ℚ ℝ) and the scalar variables of type
R; the equations are the hypotheses linear in them (ground ones, and `∀ n, [c ≤ n →] lhs = rhs`
at n = 0, 1, …, top). An equation left with one unknown fixes it; the others wait, and a small
elimination over the waiting ones fixes what they determine together. Only consequences of the
hypotheses are returned.

>>> from prover.state import load_theorem
>>> g = load_theorem("theorem t (a : ℕ → ℝ) (p : ℝ) (h₀ : ∀ n, a (n + 2) - a (n + 1) = a (n + 1) - a n) "
...                  "(h₁ : a 0 = p) (h₂ : a 1 = 2 * p) (h₃ : a 2 = 6) : a 10 = 22").goal
>>> values, scalars = linear_values(g, "a", 10)
>>> values[10], scalars["p"]
(Fraction(22, 1), Fraction(2, 1))
>>> linear_decide(g)
True
"""

from __future__ import annotations

from fractions import Fraction

from prover.state import Goal
from prover.syntax.ast import INT, NAT, RAT, REAL, Expr

FIELDS = (RAT, REAL)
MAX_TOP = 5000          # instances of a ∀-hypothesis
MAX_WAITING = 40        # equations in one elimination


class _NotLinear(Exception):
    pass


def _index(e: Expr, env: dict) -> int:
    if e.op == "num" and e.ty == NAT:
        return int(e.value)
    if e.op == "var" and e.value in env:
        return env[e.value]
    if e.op in ("add", "sub", "mul") and e.ty == NAT:
        a, b = _index(e.args[0], env), _index(e.args[1], env)
        return a + b if e.op == "add" else max(a - b, 0) if e.op == "sub" else a * b
    raise _NotLinear(e.op)


def _linear(e: Expr, f: str, ty, scalars: set, env: dict) -> dict:
    """{key: coefficient} with key ("f", i), ("v", name) or 1 for the constant."""
    op = e.op
    if op == "num" and isinstance(e.value, (int, Fraction)) and e.ty == ty:
        return {1: Fraction(e.value)} if e.value else {}
    if op == "var" and e.value in scalars and e.value not in env and e.ty == ty:
        return {("v", e.value): Fraction(1)}
    if op == "apply" and e.value == f and len(e.args) == 1:
        return {("f", _index(e.args[0], env)): Fraction(1)}
    if op in ("add", "sub") and e.ty == ty and ty != NAT:
        a, b = _linear(e.args[0], f, ty, scalars, env), _linear(e.args[1], f, ty, scalars, env)
        return _combine(a, b, 1 if op == "add" else -1)
    if op == "neg" and e.ty == ty:
        return {k: -c for k, c in _linear(e.args[0], f, ty, scalars, env).items()}
    if op == "mul" and e.ty == ty:
        a, b = _linear(e.args[0], f, ty, scalars, env), _linear(e.args[1], f, ty, scalars, env)
        if set(a) <= {1}:
            return {k: c * a.get(1, 0) for k, c in b.items() if c * a.get(1, 0)}
        if set(b) <= {1}:
            return {k: c * b.get(1, 0) for k, c in a.items() if c * b.get(1, 0)}
        raise _NotLinear("product")
    if op == "div" and e.ty == ty and ty in FIELDS:
        a, b = _linear(e.args[0], f, ty, scalars, env), _linear(e.args[1], f, ty, scalars, env)
        if set(b) == {1}:
            return {k: c / b[1] for k, c in a.items()}
        raise _NotLinear("quotient")
    raise _NotLinear(op)


def _combine(a: dict, b: dict, sign: int) -> dict:
    out = dict(a)
    for k, c in b.items():
        out[k] = out.get(k, 0) + sign * c
        if not out[k]:
            del out[k]
    return out


def _equation(e: Expr, f: str, ty, scalars: set, env: dict) -> dict | None:
    if e.op != "eq" or e.value != ty:
        return None
    try:
        return _combine(_linear(e.args[0], f, ty, scalars, env), _linear(e.args[1], f, ty, scalars, env), -1)
    except (_NotLinear, ZeroDivisionError):
        return None


def _codomain(goal: Goal, f: str):
    ty = goal.context.get(f)
    if isinstance(ty, tuple) and len(ty) == 3 and ty[0] == "→" and ty[1] == (NAT,) and ty[2] in (INT, RAT, REAL):
        return ty[2]
    return None


def linear_values(goal: Goal, f: str, top: int) -> tuple[dict, dict] | None:
    """({i: value of f i}, {scalar: value}) for what the linear hypotheses fix, instances of
    the ∀-hypotheses taken at n ≤ top; None when f is not ℕ → ℤ/ℚ/ℝ or top is too large."""
    ty = _codomain(goal, f)
    if ty is None or top > MAX_TOP:
        return None
    scalars = {n for n, t in goal.variables if t == ty}
    equations: list[dict] = []
    rules = []
    for _, h in goal.hypotheses:
        if h.op == "forall" and h.value[1] == NAT:
            var, body, guard = h.value[0], h.args[0], 0
            if body.op == "imp":
                p = body.args[0]
                x = Expr("var", value=var, ty=NAT)
                if p.op == "le" and p.args[1] == x and p.args[0].op == "num":
                    guard = int(p.args[0].value)
                elif p.op == "ge" and p.args[0] == x and p.args[1].op == "num":
                    guard = int(p.args[1].value)
                else:
                    continue
                body = body.args[1]
            if body.op == "eq" and _equation(body, f, ty, scalars, {var: guard}) is not None:
                rules.append((var, body, guard))
        else:
            eq = _equation(h, f, ty, scalars, {})
            if eq is not None:
                equations.append(eq)
    if not rules and not equations:
        return None
    known: dict = {}
    waiting: list[dict] = []

    def reduce(eq: dict) -> dict:
        out = {}
        for k, c in eq.items():
            if k != 1 and k in known:
                out[1] = out.get(1, 0) + c * known[k]
            else:
                out[k] = out.get(k, 0) + c
        return {k: c for k, c in out.items() if c}

    def settle(eq: dict) -> None:
        queue = [eq]
        while queue:
            e = reduce(queue.pop())
            unknown = [k for k in e if k != 1]
            if len(unknown) == 1:
                known[unknown[0]] = -e.get(1, 0) / e[unknown[0]]
                queue += waiting
                waiting.clear()
            elif len(unknown) > 1:
                waiting.append(e)
        if 1 < len(waiting) <= MAX_WAITING:
            for k, v in _eliminate(waiting).items():
                known[k] = v
            if any(k in known for w in waiting for k in w if k != 1):
                rest = list(waiting)
                waiting.clear()
                for w in rest:
                    settle(w)

    for eq in equations:
        settle(eq)
    for n in range(top + 1):
        for var, body, guard in rules:
            if n >= guard:
                eq = _equation(body, f, ty, scalars, {var: n})
                if eq is not None:
                    settle(eq)
    return ({k[1]: v for k, v in known.items() if k[0] == "f"},
            {k[1]: v for k, v in known.items() if k[0] == "v"})


def _eliminate(rows: list[dict]) -> dict:
    """The unknowns a set of linear equations fixes (Gauss–Jordan over ℚ)."""
    keys = sorted({k for r in rows for k in r if k != 1}, key=str)
    m = [[r.get(k, Fraction(0)) for k in keys] + [-r.get(1, Fraction(0))] for r in rows]
    pivots = []
    row = 0
    for col in range(len(keys)):
        p = next((i for i in range(row, len(m)) if m[i][col]), None)
        if p is None:
            continue
        m[row], m[p] = m[p], m[row]
        inv = 1 / m[row][col]
        m[row] = [x * inv for x in m[row]]
        for i in range(len(m)):
            if i != row and m[i][col]:
                factor = m[i][col]
                m[i] = [a - factor * b for a, b in zip(m[i], m[row])]
        pivots.append((row, col))
        row += 1
    out = {}
    for r, col in pivots:
        if all(not m[r][c] for c in range(len(keys)) if c != col):
            out[keys[col]] = m[r][-1]
    return out


def linear_shape(goal: Goal) -> bool:
    """Cheap: the target compares values of one function ℕ → ℤ/ℚ/ℝ at numerals and a hypothesis
    is a ∀ over ℕ (the only goals `linear_decide` may decide)."""
    t = goal.target
    if t.op not in ("eq", "ne", "lt", "le", "gt", "ge"):
        return False
    names = {x.value for x in t.walk() if x.op == "apply"}
    return len(names) == 1 and _codomain(goal, next(iter(names))) is not None \
        and any(h.op == "forall" for _, h in goal.hypotheses)


def linear_decide(goal: Goal) -> bool | None:
    """True when the target, a comparison linear in values `f c` (c numerals) and scalars, holds
    at the values the linear hypotheses fix; None when something is not fixed or not linear."""
    t = goal.target
    if t.op not in ("eq", "ne", "lt", "le", "gt", "ge"):
        return None
    calls = [x for x in t.walk() if x.op == "apply"]
    names = {x.value for x in calls}
    if len(names) != 1:
        return None
    f = names.pop()
    ty = _codomain(goal, f)
    if ty is None or t.value != ty:
        return None
    scalars = {n for n, v in goal.variables if v == ty}
    form = _equation(Expr("eq", t.args, value=ty), f, ty, scalars, {})
    if form is None:
        return None
    top = max((k[1] for k in form if k != 1 and k[0] == "f"), default=0)
    solved = linear_values(goal, f, top)
    if solved is None:
        return None
    values, fixed = solved
    total = form.get(1, Fraction(0))
    for k, c in form.items():
        if k == 1:
            continue
        v = values.get(k[1]) if k[0] == "f" else fixed.get(k[1])
        if v is None:
            return None
        total += c * v
    op = {"gt": "lt", "ge": "le"}.get(t.op, t.op)
    sign = -1 if t.op in ("gt", "ge") else 1
    total *= sign
    return {"eq": total == 0, "ne": total != 0, "lt": total < 0, "le": total <= 0}[op]
