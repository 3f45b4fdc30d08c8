"""The decision-procedure portfolio: try each sound procedure on a goal within a budget.

Every success returns a `Certificate` naming the method, what it established and the time
it took. Procedures never claim a goal they did not decide; a procedure that cannot model
part of a goal declines (or, for Z3, drops a hypothesis, which only weakens it).

>>> from prover.state import load_theorem
>>> cert = decide(load_theorem("theorem t : (2 : ℕ) ^ 10 - 24 = 1000").goal, budget_s=5)
>>> cert.method
'evaluation'
"""

from __future__ import annotations

import itertools
import logging
import time
from dataclasses import dataclass

from prover.decide import algebra
from prover.decide.bounds import variable_bounds
from prover.decide.evaluate import Evaluator, NotEvaluable, evaluate_prop
from prover.decide.finite_sets import resolve_sets
from prover.decide.instantiate import ground_instances
from prover.decide.recurrence import evaluate_with_tables
from prover.decide.sums import closed_form_identity
from prover.decide.limits import run_with_limit
from prover.decide.preprocess import simplify_goal
from prover.decide.z3_encode import refute
from prover.state import Goal
from prover.syntax.ast import INT, NAT, Expr, free_vars

log = logging.getLogger(__name__)

METHODS = ("evaluation", "polynomial-identity", "polynomial-divisibility", "congruence-combination", "interval-split",
           "z3", "groebner", "closed-form-sum", "finite-check")
BOX_LIMIT = 20_000
MAX_SPLIT_CASES = 120


@dataclass(frozen=True)
class Certificate:
    method: str
    detail: str
    time_s: float


def decide(goal: Goal, budget_s: float = 10.0, methods=METHODS, hints: tuple[Expr, ...] = ()) -> Certificate | None:
    """Try the methods in order (cheap first); None when none closes the goal in time."""
    start = time.monotonic()
    left = lambda: budget_s - (time.monotonic() - start)  # noqa: E731
    if hints:
        goal = Goal(goal.variables, goal.hypotheses + tuple((f"hint{i}", h) for i, h in enumerate(hints)), goal.target)
    try:
        simple = simplify_goal(goal)
    except Exception as err:  # noqa: BLE001 - a rewrite that fails leaves the goal as stated
        log.debug("simplification declined after an error: %s: %s", type(err).__name__, err)
        simple = goal
    for method in methods:
        if left() <= 0:
            return None
        t0 = time.monotonic()
        try:
            detail = _METHODS[method](simple, goal, left())
        except Exception as err:  # noqa: BLE001 - a procedure that fails on its input declines
            # (SymPy's coercion errors, a child's reported error, …); declining is always sound.
            log.debug("%s declined after an error: %s: %s", method, type(err).__name__, err)
            detail = None
        if detail:
            return Certificate(method, detail, round(time.monotonic() - t0, 4))
    return None


def _evaluation(g: Goal, original: Goal, budget: float) -> str | None:
    note = ""
    if any(isinstance(t, tuple) and t[0] in ("Finset", "Set") for _, t in g.variables):
        resolved = run_with_limit(resolve_sets, (g,), seconds=min(budget, 10))
        if isinstance(resolved, Goal):
            g, note = resolved, " (membership-defined sets enumerated within Z3-proved bounds)"
    if free_vars(g.target) - _function_names(g):
        return None
    if not free_vars(g.target):
        result = run_with_limit(_evaluate_safely, (evaluate_prop, g.target), seconds=min(budget, 10))
        return "closed term evaluated exactly under Lean semantics" + note if result is True else None
    result = run_with_limit(_evaluate_safely, (evaluate_with_tables, g), seconds=min(budget, 10))
    if result is True:
        return "evaluated exactly, function values computed from the hypotheses"
    from prover.decide.linear_values import linear_decide, linear_shape
    if not linear_shape(g):
        return None
    result = run_with_limit(_evaluate_safely, (linear_decide, g), seconds=min(budget, 5))
    if result is True:
        return "evaluated exactly, function values and constants fixed by the linear hypotheses"
    return None


def _evaluate_safely(fn, arg):
    try:
        return fn(arg)
    except (NotEvaluable, ZeroDivisionError, ValueError, TypeError, OverflowError, RecursionError):
        return None


def _function_names(g: Goal) -> set[str]:
    return {n for n, t in g.variables if isinstance(t, tuple)}


def _z3(g: Goal, original: Goal, budget: float) -> str | None:
    deadline = time.monotonic() + budget
    left_ms = lambda share, cap: int(max(min((deadline - time.monotonic()) * share, cap), 0) * 1000)  # noqa: E731
    instances = ground_instances(g)
    if instances:
        # Quantifier-free first, with the ∀-hypotheses replaced by their ground instances.
        r = refute(g, timeout_ms=left_ms(0.5, 5.0), extra_hyps=instances, quantified_hyps=False)
        if r.status == "proved":
            return r.detail + f", {len(instances)} ground instances of ∀-hypotheses"
    r = refute(g, timeout_ms=left_ms(0.7 if g is not original else 1.0, 8.0))
    if r.status == "proved":
        return r.detail
    if g is not original and left_ms(1.0, 4.0) > 200:
        r = refute(original, timeout_ms=left_ms(1.0, 4.0))
        if r.status == "proved":
            return r.detail
    return None


def _nonzero_oracle(goal: Goal):
    def nonzero(d: Expr) -> bool:
        probe = Goal(goal.variables, goal.hypotheses, Expr("ne", (d, Expr("num", value=0, ty=d.ty)), value=d.ty, ty="Prop"))
        return refute(probe, timeout_ms=1000).status == "proved"
    return nonzero


def _polynomial(g: Goal, original: Goal, budget: float) -> str | None:
    # On the goal as stated (like `ring`), not after substituting hypotheses.
    if original.target.op != "eq":
        return None
    ok = run_with_limit(algebra.polynomial_identity, (original, _nonzero_oracle(original)), seconds=min(budget, 5))
    return "sides equal as polynomials (sympy expand)" if ok is True else None


def _groebner(g: Goal, original: Goal, budget: float) -> str | None:
    if g.target.op not in ("eq", "false", "or"):
        return None
    ok = run_with_limit(algebra.groebner_entails, (g, _nonzero_oracle(g)), seconds=min(budget, 8))
    return "target in the radical of the hypotheses' ideal (Gröbner basis)" if ok is True else None


def _closed_form(g: Goal, original: Goal, budget: float) -> str | None:
    if not any(n.op in ("sum", "prod") for n in g.target.walk()):
        return None
    ok = run_with_limit(closed_form_identity, (g,), seconds=min(budget, 10))
    return ("sums in closed form, each proved by its recurrence and base case; identity simplified, "
            "spot-checked exactly") if ok is True else None


def _box_bounds(g: Goal) -> dict[str, tuple[int, int]] | None:
    """Integer bounds for every variable, all of which must be ℕ/ℤ."""
    if any(t not in (NAT, INT) for _, t in g.variables):
        return None
    bounds = {n: variable_bounds(g, n) for n, _ in g.variables}
    return None if any(b is None for b in bounds.values()) else bounds


def _finite_check(g: Goal, original: Goal, budget: float) -> str | None:
    bounds = _box_bounds(original)
    if bounds is None:
        return None
    size = 1
    for a, b in bounds.values():
        size *= max(b - a + 1, 0)
    if size > BOX_LIMIT:
        return None
    ok = run_with_limit(_check_box, (original, bounds), seconds=min(budget, 10))
    return f"checked all {size} points of the integer box {bounds}" if ok is True else None


def _check_box(goal: Goal, bounds) -> bool:
    names = list(bounds)
    for point in itertools.product(*(range(a, b + 1) for a, b in bounds.values())):
        ev = Evaluator(dict(zip(names, point)))
        try:
            if not all(ev.prop(h) for _, h in goal.hypotheses):
                continue
        except (NotEvaluable, ZeroDivisionError, ValueError, TypeError):
            pass  # a hypothesis we cannot evaluate cannot exclude the point
        try:
            if not ev.prop(goal.target):
                return False
        except (NotEvaluable, ZeroDivisionError, ValueError, TypeError):
            return False
    return True


SPLIT_SHARE = 0.4   # of a decision budget the split may use (it runs before Z3 on the whole goal)


def _nonlinear_in(g: Goal, name: str) -> bool:
    """`name` is a modulus, a divisor, or a factor next to another variable somewhere."""
    for e in [g.target] + [h for _, h in g.hypotheses]:
        for n in e.walk():
            if n.op in ("mod", "div") and name in free_vars(n.args[1]) and free_vars(n.args[0]) - {name}:
                return True
            if n.op == "dvd" and name in free_vars(n.args[0]) and free_vars(n.args[1]) - {name}:
                return True
            if n.op == "mul" and any(name in free_vars(a) and free_vars(b) - {name}
                                     for a, b in ((n.args[0], n.args[1]), (n.args[1], n.args[0]))):
                return True
    return False


def _interval_split(g: Goal, original: Goal, budget: float) -> str | None:
    """`interval_cases v <;> omega`: for the ℕ/ℤ variable with the fewest values allowed by the
    hypotheses (at most MAX_SPLIT_CASES), Z3 on each case with v fixed (a modulus or factor
    that becomes a constant makes the rest linear)."""
    deadline = time.monotonic() + SPLIT_SHARE * budget
    ranges = []
    for name, ty in g.variables:
        if ty in (NAT, INT) and _nonlinear_in(g, name):
            b = variable_bounds(g, name)
            if b is not None and 2 <= b[1] - b[0] + 1 <= MAX_SPLIT_CASES:
                ranges.append((b[1] - b[0], name, ty, b))
    if not ranges or len(g.variables) < 2:
        return None  # one bounded variable alone is the finite check's
    _, name, ty, (lo, hi) = min(ranges)
    for value in range(lo, hi + 1):
        left = deadline - time.monotonic()
        if left <= 0:
            return None
        case = g.substituted(name, Expr("num", value=value, ty=ty), drop=True)
        if refute(case, timeout_ms=int(1000 * max(left / (hi - value + 1), 0.02))).status != "proved":
            return None
    return f"split on {name} ∈ [{lo}, {hi}]: z3 unsat in each of {hi - lo + 1} cases"


def _polynomial_divisibility(g: Goal, original: Goal, budget: float) -> str | None:
    """`d ∣ e` over ℕ/ℤ with `e = d * q` identically, q with integer coefficients (nonnegative
    over ℕ, whose terms here have no truncated `-`): true at every point, whatever the
    hypotheses (`prover.decide.divisibility`). The statement as written is read, not the
    simplified one; anything that is not such a polynomial declines at once."""
    from prover.decide.divisibility import exact_quotient, polynomials
    t = original.target
    if t.op != "dvd" or t.value not in (INT, NAT):
        return None
    try:
        e, d, gens = polynomials(t.args[1], t.args[0])
    except ValueError:
        return None
    q = run_with_limit(exact_quotient, (e, d, gens, t.value), seconds=min(budget, 2.0))
    if q is None or not hasattr(q, "free_symbols"):
        return None
    return f"exact polynomial division: quotient {q}"


def _congruence_combination(g: Goal, original: Goal, budget: float) -> str | None:
    """`(a + c) % n = (b + d) % n` (or `*`) over ℕ/ℤ from hypotheses `a % n = b % n` and
    `c % n = d % n` (`Int.ModEq.add`/`mul`, `Nat.ModEq.add`/`mul`: congruence is preserved by
    sums and products), matched syntactically up to α; anything else declines."""
    from prover.kernel.terms import alpha_equal
    t = original.target

    def congruence(p):
        if p.op == "eq" and p.value in (INT, NAT) and all(a.op == "mod" for a in p.args) \
                and alpha_equal(p.args[0].args[1], p.args[1].args[1]):
            return p.args[0].args[0], p.args[1].args[0], p.args[0].args[1]
        return None

    goal = congruence(t)
    if goal is None:
        return None
    x, y, n = goal
    facts = [c for c in (congruence(h) for _, h in original.hypotheses) if c and alpha_equal(c[2], n)]
    for a, b, _ in facts:
        for c, d, _ in facts:
            for op in ("add", "mul"):
                if x.op == op == y.op and all(alpha_equal(p, q) for p, q in zip((*x.args, *y.args), (a, c, b, d))):
                    return f"congruences combined by {op}"
    return None


_METHODS = {"evaluation": _evaluation, "polynomial-divisibility": _polynomial_divisibility,
            "congruence-combination": _congruence_combination, "interval-split": _interval_split, "z3": _z3, "polynomial-identity": _polynomial, "groebner": _groebner,
            "finite-check": _finite_check, "closed-form-sum": _closed_form}
