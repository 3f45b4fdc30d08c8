"""Periodic recurrences: values far out (`x 531`) brought back to the first period, then computed.
Untrusted: it writes tactic text, kept only when the kernel replays it (`certify`).

For a function `f : ℕ → R` defined by a recurrence hypothesis `h : ∀ n, [c ≤ n →] f (n ± j) = …`
(indices `n`, `n + j`, `n - j`) and values, the values the hypotheses determine
(`prover.decide.recurrence.function_tables`, untrusted) are searched for a period P from a start
s (s past the recurrence's guard). The script:

1. `have hp : ∀ n : ℕ, f (n + (s + P)) = f (n + s)`: the recurrence's instances at `n + m`
   (`exact h (n + m) (by omega)`), each `f (n + m - j)` turned into `f (n + (m - j))` by
   `congrArg f (by omega : …)`, then `linarith` (a linear combination of instances: it exists
   when the recurrence is linear and its characteristic polynomial divides `z ^ P - 1`);
2. `have hr : ∀ k : ℕ, f (P * k + r) = f r` for each residue r the goal needs, by induction on k;
3. `have : f N = f r := by exact hr q` (ℕ literal arithmetic: `P * q + r` is `N`), then the goal
   with `f r` in place of `f N`, closed by the caller's `evaluation_chain` (values from the
   hypotheses, each kernel-checked), and `linarith`.

Shape first: a goal without a function applied to a numeral beyond `MIN_INDEX`, or without
such a recurrence, is declined before any evaluation.
"""

from __future__ import annotations

import time

from prover.checkers.kernel_checker import KernelChecker, certify
from prover.state import Goal
from prover.syntax.ast import NAT, PROP, Expr, free_vars
from prover.syntax.printer import show

MIN_INDEX = 40        # nearer values are the evaluation chain's
MAX_PERIOD = 12
MAX_ORDER = 6         # largest shift j in the recurrence
CHECK_SPAN = 40       # values compared to accept a period


def _recurrence(h: Expr, f: str):
    """(guard c, {shift: sign}) for `∀ n, [c ≤ n →] body` whose f-applications are all at `n`,
    `n + j`, `n - j` (j numerals); None otherwise."""
    if h.op != "forall" or h.value[1] != NAT:
        return None
    n, body = h.value[0], h.args[0]
    guard = 0
    if body.op == "imp":
        p = body.args[0]
        var = Expr("var", value=n, ty=NAT)
        if p.op == "le" and p.args[1] == var and p.args[0].op == "num":
            guard = int(p.args[0].value)
        elif p.op == "ge" and p.args[0] == var and p.args[1].op == "num":
            guard = int(p.args[1].value)
        else:
            return None
        body = body.args[1]
    if body.op != "eq":
        return None
    shifts = set()
    for x in body.walk():
        if x.op == "apply" and x.value == f:
            if len(x.args) != 1:
                return None
            a = x.args[0]
            if a.op == "var" and a.value == n:
                shifts.add(0)
            elif a.op in ("add", "sub") and a.args[0].op == "var" and a.args[0].value == n and a.args[1].op == "num":
                shifts.add(int(a.args[1].value) * (1 if a.op == "add" else -1))
            else:
                return None
        elif x.op in ("forall", "exists", "lambda", "sum", "prod"):
            return None
    if len(shifts) < 2 or max(shifts) - min(shifts) > MAX_ORDER:
        return None
    if any(x.op == "apply" and x.value != f and free_vars(x) & {n} for x in body.walk()) or not _linear_in(body, f):
        return None
    return guard, shifts


def _linear_in(e: Expr, f: str) -> bool:
    """No product, quotient or power of two terms applying f: `linarith` can combine instances."""
    def has(x: Expr) -> bool:
        return any(y.op == "apply" and y.value == f for y in x.walk())
    for x in e.walk():
        if x.op == "mul" and sum(has(a) for a in x.args) > 1:
            return False
        if x.op in ("div", "pow", "mod") and any(has(a) for a in x.args[1:]):
            return False
        if x.op == "pow" and has(x.args[0]):
            return False
        if x.op in ("call", "cast") and has(x):
            return False
    return True


def _shape(goal: Goal):
    """(f, hypothesis name, guard, shifts, far calls) or None: cheap, no evaluation."""
    for f, ty in goal.variables:
        if not (isinstance(ty, tuple) and ty[0] == "→" and ty[1] == (NAT,)):
            continue
        far = sorted({int(x.args[0].value) for x in goal.target.walk()
                      if x.op == "apply" and x.value == f and len(x.args) == 1 and x.args[0].op == "num"
                      and int(x.args[0].value) >= MIN_INDEX})
        if not far:
            continue
        for name, h in goal.hypotheses:
            found = _recurrence(h, f)
            if found:
                return f, name, found[0], found[1], far
    return None


def _period(table, start: int):
    """The least (P, s) with s ≥ start whose values repeat with period P over CHECK_SPAN terms."""
    from prover.decide.evaluate import NotEvaluable
    values = {}
    for i in range(start, start + 2 * MAX_PERIOD + CHECK_SPAN + 8):
        try:
            values[i] = table(i)
        except (NotEvaluable, RecursionError, ZeroDivisionError, ValueError):
            continue
    for period in range(1, MAX_PERIOD + 1):
        for s in range(start, start + MAX_PERIOD):
            if all(i in values and i + period in values and values[i] == values[i + period]
                   for i in range(s, s + CHECK_SPAN)):
                return s, period
    return None


def _idx(n: str, m: int) -> str:
    return n if m == 0 else f"{n} + {m}"


def periodic_leaf(goal: Goal, checker: KernelChecker, deadline: float, finders) -> list[str] | None:
    """A kernel-checked script (see the module docstring) or None. `finders`: the caller's
    module (`prover.search.reconstruct`), for its `evaluation_chain`."""
    shape = _shape(goal)
    if shape is None:
        return None
    f, hname, guard, shifts, far = shape
    from prover.decide.limits import TIMED_OUT, run_with_limit
    low, high = min(shifts), max(shifts)
    # the instance at n + m involves f (n + m + low) … f (n + m + high); the window from s to s + P
    # is covered by the points m with s ≤ m + low and m + high ≤ s + P, each past the guard
    start = max(0, guard + low)
    try:
        found = run_with_limit(_values_period, (goal, f, start), seconds=max(0.1, min(2.0, deadline - time.monotonic())))
    except RuntimeError:
        return None
    if found is None or found is TIMED_OUT:
        return None
    s, period = found
    n = goal.fresh_name("n")
    lines = [f"have hp : ∀ {n} : ℕ, {f} ({n} + {s + period}) = {f} ({_idx(n, s)}) := by", f"  intro {n}"]
    rec = goal.hypothesis(hname)
    from prover.kernel.lemmas import reduce_nat_literals
    from prover.syntax.ast import substitute
    points = list(range(max(s - low, guard, 0), s + period - high + 1))
    if not points:
        return None
    k = 0
    var = Expr("var", value=n, ty=NAT)
    bound = rec.value[0]
    for m in points:
        point = var if m == 0 else Expr("add", (var, Expr("num", value=m, ty=NAT)), ty=NAT)
        inst = substitute(rec.args[0], bound, point)
        premise = ""
        if inst.op == "imp":
            inst, premise = inst.args[1], " (by omega)"
        inst = reduce_nat_literals(inst)
        k += 1
        lines.append(f"  have i{k} : {show(inst)} := by exact {hname} ({show(point)}){premise}")
        for j in sorted({-d for d in shifts if d < 0}):
            lines.append(f"  have c{k}_{j} : {f} ({n} + {m} - {j}) = {f} ({_idx(n, m - j)}) := "
                         f"by exact congrArg {f} (by omega : {n} + {m} - {j} = {_idx(n, m - j)})")
    lines.append("  linarith")
    # residues of the far calls
    hr_lines: list[str] = []
    facts: list[tuple[int, int]] = []   # (N, r)
    for N in far:
        r = s + (N - s) % period
        q = (N - r) // period
        if not any(r == r2 for _, r2 in facts):
            name = f"hr{r}"
            hr_lines += [f"have {name} : ∀ k : ℕ, {f} ({period} * k + {r}) = {f} {r} := by",
                         "  intro k", "  induction k with", "  | zero =>",
                         f"    exact congrArg {f} (by omega : {period} * 0 + {r} = {r})",
                         "  | succ k ih =>",
                         f"    have e1 := hp ({period} * k + {r - s})",
                         f"    have e2 : {f} ({period} * (k + 1) + {r}) = {f} ({period} * k + {r - s} + {s + period}) := "
                         f"by exact congrArg {f} (by omega : {period} * (k + 1) + {r} = {period} * k + {r - s} + {s + period})",
                         f"    have e3 : {f} ({period} * k + {r - s} + {s}) = {f} ({period} * k + {r}) := "
                         f"by exact congrArg {f} (by omega : {period} * k + {r - s} + {s} = {period} * k + {r})"
                         if s else f"    have e3 : {f} ({period} * k + {r - s}) = {f} ({period} * k + {r}) := "
                         f"by exact congrArg {f} (by omega : {period} * k + {r - s} = {period} * k + {r})",
                         "    linarith"]
        facts.append((N, r))
    for N, r in facts:
        hr_lines.append(f"have v{N} : {f} {N} = {f} {r} := by exact hr{r} {(N - r) // period}")
    # the goal at the residues, by the caller's evaluation chain
    replaced = goal.target
    for N, r in facts:
        replaced = _replace_call(replaced, f, N, r)
    near = goal.with_target(replaced)
    from prover.checkers.base import Closed
    chain = ["linarith"] if isinstance(checker.close(near, "linarith"), Closed) else \
        finders.evaluation_chain(near, deadline, checker) if time.monotonic() < deadline else None
    if not chain:
        return None
    script = lines + hr_lines + [f"have hg : {show(replaced)} := by"] + ["  " + x for x in chain] + ["linarith"]
    if time.monotonic() >= deadline:
        return None
    return script if certify(goal, "\n".join(script), KernelChecker(checker.cache)).ok else None


def _values_period(goal: Goal, f: str, start: int):
    import sys
    from prover.decide.recurrence import function_tables
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 20000))
    return _period(function_tables(goal)[f], start)


def _replace_call(e: Expr, f: str, N: int, r: int) -> Expr:
    if e.op == "apply" and e.value == f and len(e.args) == 1 and e.args[0].op == "num" and int(e.args[0].value) == N:
        return e.with_args(Expr("num", value=r, ty=NAT))
    if not e.args:
        return e
    return e.with_args(*(_replace_call(a, f, N, r) for a in e.args))
