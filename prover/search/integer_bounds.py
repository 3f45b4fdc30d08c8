"""Bounded ℕ/ℤ equations: bound a variable, then `interval_cases` (Diophantine-style goals).

For an integral goal whose hypotheses multiply variables (`x + y + x * y = 80`), omega sees
the products as atoms and fails; once one variable is fixed, the products with it become
literal multiples and omega decides each case. This finder writes

    have hb : y ≤ 8 := by nlinarith
    interval_cases y <;> omega

Where the bound comes from: an untrusted search proposes candidate bounds (Z3, asked whether
`y ≤ c` follows, by bracketing and bisection; the constants of the hypotheses and their
integer square roots; the largest bound the case cap allows), and each candidate is offered
to the kernel as `have … := by nlinarith`, smallest first; the first the kernel accepts is
kept. `interval_cases` reads only hypotheses that are bounds themselves, so conjunctions are
named first (`obtain`). Each case is closed by `omega`, else `nlinarith` (a case where the
other variable's square must equal the square of its value: omega sees `y ^ 2` as an atom),
else a second `interval_cases` on another bounded variable. Nothing here is trusted: every
line is a step the kernel checks, and the whole script is replayed before a verdict.

>>> import time
>>> from prover.state import load_theorem
>>> g = load_theorem("theorem t (x y : ℤ) (h₀ : 0 < y) (h₁ : y < x) (h₂ : x + y + x * y = 50) : x = 16").goal
>>> integer_bounds_leaf(g, KernelChecker(), time.monotonic() + 30)
['have hb : y ≤ 7 := by nlinarith', 'interval_cases y <;> omega']
"""

from __future__ import annotations

import itertools
import math
import time

from prover.checkers.base import Closed, Subgoals
from prover.checkers.kernel_checker import KernelChecker, certify
from prover.search.conjunctions import split_comparisons
from prover.state import Goal
from prover.syntax.ast import INT, NAT, PROP, Expr, free_vars

MAX_CASES = 120            # the kernel's interval_cases cap (MAX_INTERVAL_CASES + 1 values)
MAX_PRODUCT_CASES = 400    # two nested interval_cases: at most this many cases in all
Z3_PROBE_MS = 300          # one untrusted Z3 question `hyps ⊢ v ≤ c`
MAX_CANDIDATES = 5         # candidate bounds offered to nlinarith, per side
MAX_STEP = 2 ** 8          # Z3's bound is looked for within this distance of the other bound
QUICK_NLINARITH_S = 3.0    # bare nlinarith first only with this much time left


def _nonlinear(e: Expr) -> bool:
    """A product of two non-constant terms, or a power of one (omega's atoms)."""
    for x in e.walk():
        if x.op == "mul" and all(free_vars(a) for a in x.args[:2]):
            return True
        if x.op == "pow" and free_vars(x.args[0]):
            return True
    return False


def applies(goal: Goal) -> bool:
    """ℕ/ℤ variables only, an integral target, and a hypothesis with a product of variables."""
    if not goal.variables or any(ty not in (NAT, INT) for _, ty in goal.variables):
        return False
    if not any(x.op in ("eq", "ne", "lt", "le", "gt", "ge", "dvd", "false") for x in goal.target.walk()):
        return False
    return any(_nonlinear(h) for _, h in goal.hypotheses)


def _split_conjunctions(goal: Goal, checker: KernelChecker) -> tuple[list[str], Goal]:
    """`obtain ⟨h_0, h_1⟩ := h` for each hypothesis that is a conjunction of comparisons."""
    return split_comparisons(goal, checker, ("lt", "le", "gt", "ge", "eq", "ne"))


def _fresh(goal: Goal, stem: str = "hb") -> str:
    return next(n for n in (stem + "'" * i for i in itertools.count()) if n not in goal.names)


def _bound_expr(var: str, ty, c: int, upper: bool) -> Expr:
    v = Expr("var", value=var, ty=ty)
    n = Expr("num", value=c, ty=ty)
    return Expr("le", (v, n) if upper else (n, v), value=ty, ty=PROP)


def _bound_text(var: str, c: int, upper: bool) -> str:
    return f"{var} ≤ {c}" if upper else (f"{c} ≤ {var}" if c >= 0 else f"-{-c} ≤ {var}")


def _z3_holds(goal: Goal, target: Expr, deadline: float) -> bool:
    """Untrusted: whether Z3 finds `hyps ⊢ target` valid within a short limit."""
    from prover.decide.z3_encode import refute
    left_ms = int((deadline - time.monotonic()) * 1000)
    if left_ms < 50:
        return False
    try:
        return refute(goal.with_target(target), timeout_ms=min(Z3_PROBE_MS, left_ms)).status == "proved"
    except Exception:   # noqa: BLE001 -- an untrusted probe that fails proposes nothing
        return False


_TIGHT: dict = {}   # (goal, var, upper, start) -> Z3's bound (untrusted; a memo for one search)


def _tight_bound(goal: Goal, var: str, ty, upper: bool, start: int, deadline: float) -> int | None:
    key = (goal, var, upper, start)
    if key not in _TIGHT:
        if len(_TIGHT) > 256:
            _TIGHT.clear()
        found = _z3_bound(goal, var, ty, upper, start, deadline)
        if found is None and time.monotonic() >= deadline:
            return None   # ran out of time: not remembered
        _TIGHT[key] = found
    return _TIGHT[key]


def _z3_bound(goal: Goal, var: str, ty, upper: bool, start: int, deadline: float) -> int | None:
    """Untrusted: the least upper (greatest lower) bound c of `var` with |c - start| < MAX_STEP
    that Z3 confirms, by doubling steps from `start`, then bisection."""
    sign = 1 if upper else -1
    prev, step, found = start - sign, 1, None
    while step <= MAX_STEP and time.monotonic() < deadline:
        c = start + sign * (step - 1)
        if _z3_holds(goal, _bound_expr(var, ty, c, upper), deadline):
            found = c
            break
        prev, step = c, step * 2
    if found is None:
        return None
    lo, hi = sorted((prev, found))   # prev fails (or is outside), found holds
    while hi - lo > 1 and time.monotonic() < deadline:
        mid = (lo + hi) // 2
        holds = _z3_holds(goal, _bound_expr(var, ty, mid, upper), deadline)
        if upper:
            lo, hi = (lo, mid) if holds else (mid, hi)
        else:
            lo, hi = (mid, hi) if holds else (lo, mid)
    return hi if upper else lo


def _constants(goal: Goal) -> set[int]:
    out = set()
    for _, h in goal.hypotheses:
        for x in h.walk():
            if x.op == "num" and isinstance(x.value, int) and x.value > 0:
                out |= {x.value, math.isqrt(x.value)}
    return out


def _candidates(goal: Goal, var: str, ty, upper: bool, other: int | None, deadline: float) -> list[int]:
    """Candidate bounds: the hypotheses' constants and their square roots (negated for a lower
    bound) at least as loose as Z3's bound, tightest first, then the loosest the case cap allows
    given the other bound, then Z3's bound itself."""
    start = other if other is not None else 0
    tight = _tight_bound(goal, var, ty, upper, start, deadline)
    sign = 1 if upper else -1
    pool = {sign * k for k in _constants(goal)} | ({tight} if tight is not None else set())
    if other is not None:
        pool.add(other + sign * (MAX_CASES - 1))
    if tight is not None:
        pool = {c for c in pool if (c >= tight if upper else c <= tight)}
    if other is not None:
        pool = {c for c in pool if 0 <= sign * (c - other) < MAX_CASES}
    # Z3's exact bound last: nlinarith rarely proves a bound that only integrality gives, and
    # its failures are the slowest steps here
    return sorted(pool, key=lambda c: (c == tight, sign * c))[:MAX_CANDIDATES]


def _missing(goal: Goal, var: str, checker: KernelChecker) -> tuple[bool, bool, int | None]:
    """(lower missing, upper missing, number of cases) as the kernel's interval_cases reads
    the hypotheses."""
    r = checker.apply(goal, f"interval_cases {var}")
    if isinstance(r, Subgoals):
        return False, False, len(r.goals)
    reason = getattr(r, "reason", "")
    if "could not find lower" in reason:
        return True, True, None   # an upper one may be missing too: found after the lower
    if "could not find upper" in reason:
        return False, True, None
    return False, False, None     # too many cases, or not modelled: no bound to add helps here


def _exponent_bounds(goal: Goal, var: str) -> list[tuple[int, list[str]]]:
    """For each `b ^ var` (b a numeral ≥ 2) in a hypothesis: the bound `var ≤ k - 1`, k the
    least exponent with `b ^ k` above every constant of the hypotheses (untrusted), and its
    proof: by contradiction, `b ^ k ≤ b ^ var` by `Nat.pow_le_pow_right`, then nlinarith with
    the positivity of the other powers `b' ^ w` (`pow_pos`)."""
    bases, others = set(), set()
    for _, h in goal.hypotheses:
        for x in h.walk():
            if x.op == "pow" and x.ty == NAT and x.args[0].op == "num" and isinstance(x.args[0].value, int) \
                    and x.args[0].value >= 1 and x.args[1].op == "var":
                (bases if x.args[1].value == var and x.args[0].value >= 2 else others).add(
                    (x.args[0].value, x.args[1].value))
    top = max(_constants(goal), default=0)
    if not bases or top <= 0 or {"hc", "hc'", "hp"} & goal.names:
        return []
    hints = ", ".join(f"pow_pos (by norm_num : (0 : ℕ) < {b}) {w}" for b, w in sorted(others))
    out = []
    for b, _ in sorted(bases):
        k = 1
        while b ** k <= top:
            k += 1
        if k - 1 >= MAX_CASES:
            continue
        out.append((k - 1, ["by_contra hc", "push_neg at hc", f"have hc' : {k} ≤ {var} := by omega",
                            f"have hp : {b} ^ {k} ≤ {b} ^ {var} := by exact Nat.pow_le_pow_right (by norm_num : {b} > 0) hc'",
                            f"nlinarith [{hints}]" if hints else "nlinarith"]))
    return out


def _prove_bound(goal: Goal, var: str, ty, upper: bool, other: int | None, checker: KernelChecker,
                 deadline: float) -> tuple[str, Goal] | None:
    """`have hb : var ≤ c := by nlinarith` (or `c ≤ var`) for the tightest candidate c the
    kernel accepts; the line and the goal with the new hypothesis."""
    name = _fresh(goal)
    if upper and ty == NAT:   # `b ^ var` in a hypothesis: nlinarith sees the power as an atom
        for c, inner in _exponent_bounds(goal, var):
            if deadline - time.monotonic() < STEP_S:
                return None
            bound = _bound_expr(var, ty, c, True)
            if certify(goal.with_target(bound), "\n".join(inner), KernelChecker(checker.cache)).ok:
                block = [f"have {name} : {_bound_text(var, c, True)} := by"] + ["  " + x for x in inner]
                return "\n".join(block), goal.with_hypothesis(name, bound)
    for c in _candidates(goal, var, ty, upper, other, deadline):
        if deadline - time.monotonic() < STEP_S:
            return None
        for closer in ("nlinarith", "linarith"):
            line = f"have {name} : {_bound_text(var, c, upper)} := by {closer}"
            r = checker.apply(goal, line)
            if isinstance(r, Subgoals) and len(r.goals) == 1:
                return line, r.goals[0]
    return None


def _bounded(goal: Goal, var: str, checker: KernelChecker, deadline: float) -> tuple[list[str], Goal, int] | None:
    """Lines that give `var` both bounds interval_cases reads, the goal after them, and the
    number of cases."""
    ty = goal.context[var]
    lines: list[str] = []
    need_lo, need_hi, n = _missing(goal, var, checker)
    if n is not None:
        return lines, goal, n
    if not need_hi:
        return None
    if need_lo:
        found = _prove_bound(goal, var, ty, False, _known_bound_side(goal, var, True), checker, deadline)
        if found is None:
            return None
        lines.extend(found[0].split("\n"))
        goal = found[1]
        need_lo, need_hi, n = _missing(goal, var, checker)
        if n is not None:
            return lines, goal, n
        if need_lo or not need_hi:
            return None
    lo = _known_bound_side(goal, var, False)
    found = _prove_bound(goal, var, ty, True, lo, checker, deadline)
    if found is None:
        return None
    lines.extend(found[0].split("\n"))
    goal = found[1]
    _, _, n = _missing(goal, var, checker)
    return (lines, goal, n) if n is not None else None


def _known_bound_side(goal: Goal, var: str, upper: bool) -> int | None:
    """The bound on one side the hypotheses state directly (ℕ: 0 below), or None."""
    from prover.decide.bounds import variable_bounds
    ty = goal.context[var]
    probe = _bound_expr(var, ty, 0, not upper)   # a dummy bound on the other side, to read this one
    sentinel = "hb_probe"
    while sentinel in goal.names:
        sentinel += "'"
    b = variable_bounds(goal.with_hypothesis(sentinel, probe), var)
    if b is None:
        return 0 if (ty == NAT and not upper) else None
    return b[1] if upper else b[0]


def _truncations(goal: Goal) -> list[tuple[str, int]]:
    """ℕ truncated subtractions `v - k` (v a variable, k a literal 1..MAX_CASES-1) inside a product
    of a hypothesis: nlinarith sees `v - k` as an atom unrelated to v."""
    found: list[tuple[str, int]] = []
    for _, h in goal.hypotheses:
        for x in h.walk():
            if x.op != "mul":
                continue
            for f in x.args[:2]:
                for y in f.walk():
                    if (y.op == "sub" and y.ty == NAT and y.args[0].op == "var" and y.args[1].op == "num"
                            and isinstance(y.args[1].value, int) and 0 < y.args[1].value < MAX_CASES
                            and goal.context.get(y.args[0].value) == NAT):
                        key = (y.args[0].value, y.args[1].value)
                        if key not in found:
                            found.append(key)
    return found


def _truncation_facts(goal: Goal, deadline: float) -> tuple[list[str], Goal]:
    """For each `v - k` of `_truncations`: `have hs : k ≤ v` (by contradiction: each value below
    k is refuted by omega) and `have ht : v - k + k = v := by omega`, which ties the atom to v.
    A fact whose proof the kernel refuses (a value below k fits the hypotheses: the truncation
    matters) is left out."""
    from prover.checkers.kernel_checker import certify
    lines: list[str] = []
    for var, k in _truncations(goal):
        if time.monotonic() >= deadline:
            break
        hs = _fresh(goal, "hs")
        low = _bound_expr(var, NAT, k, False)
        inner = ["by_contra hc", "push_neg at hc", f"interval_cases {var} <;> omega"]
        if "hc" in goal.names or not certify(goal.with_target(low), "\n".join(inner), KernelChecker()).ok:
            continue
        richer = goal.with_hypothesis(hs, low)
        ht = _fresh(richer, "ht")
        line = f"have {ht} : {var} - {k} + {k} = {var} := by omega"
        r = KernelChecker().apply(richer, line)
        if not (isinstance(r, Subgoals) and len(r.goals) == 1):
            continue
        lines += [f"have {hs} : {k} ≤ {var} := by"] + ["  " + t for t in inner] + [line]
        goal = r.goals[0]
    return lines, goal


def _estimate(goal: Goal, var: str, deadline: float) -> float:
    """Untrusted: how many values Z3 leaves `var` between a stated bound (ℕ: 0 below) and Z3's
    bound on the other side; variables with few values are tried first, those with no stated
    bound not at all."""
    lo = _known_bound_side(goal, var, False)
    if lo is not None:
        hi = _tight_bound(goal, var, goal.context[var], True, lo, deadline)
        return math.inf if hi is None else hi - lo
    hi = _known_bound_side(goal, var, True)   # ℤ: a stated upper bound, Z3's lower one
    if hi is None:
        return math.inf
    lo = _tight_bound(goal, var, goal.context[var], False, hi, deadline)
    return math.inf if lo is None else hi - lo


CLOSERS = ("omega", "nlinarith")
STEP_S = 0.2                                   # time a `have … := by nlinarith` bound needs, about
CASE_S = {"omega": 0.005, "nlinarith": 0.025}   # and one case of interval_cases, per closer


def evaluation_closers(goal: Goal, var: str) -> tuple[str, ...]:
    """`norm_num at h₁ … ⊢` over the hypotheses that mention `var` (other than its bounds): once
    `interval_cases` fixes `var` they are closed arithmetic, and the kernel's `norm_num at`
    closes a case where one evaluates to False (a function omega does not read: `Nat.sqrt`,
    `Nat.lcm`, `%` of a power) or the goal evaluates to True."""
    from prover.kernel.terms import accessible
    names = [n for n, h in goal.hypotheses if var in free_vars(h) and accessible(n)
             and not (h.op in ("lt", "le", "gt", "ge") and free_vars(h) == {var})]
    if not names:
        return ()
    locs = " ".join(names)
    return (f"norm_num at {locs} ⊢", f"norm_num at {locs}")


def integer_bounds_leaf(goal: Goal, checker: KernelChecker, deadline: float) -> list[str] | None:
    """`have` bounds, then `interval_cases v <;> omega` (or `<;> nlinarith`, or a nested
    `interval_cases w`), for a ℕ/ℤ goal with products of variables in its hypotheses; None
    when no such script is checked by the kernel before the deadline."""
    if not applies(goal) or time.monotonic() >= deadline:
        return None
    for quick in ("omega", "nlinarith"):   # no case split where one closer does (cached for the finders after)
        if quick == "nlinarith" and deadline - time.monotonic() < QUICK_NLINARITH_S:
            continue   # near the deadline only the bounded search below: its steps are small
        if isinstance(checker.apply(goal, quick), Closed):
            return [quick]
    start = goal
    lines, goal = _split_conjunctions(goal, checker)
    facts, goal = _truncation_facts(goal, deadline)
    if facts:   # ℕ subtraction tied to its variable: nlinarith may close at once
        lines += facts
        if isinstance(checker.apply(goal, "nlinarith"), Closed) and (script := _replayed(start, lines + ["nlinarith"], checker, bool(facts))):
            return script
    estimates = {n: _estimate(goal, n, deadline) for n, _ in goal.variables}
    for n in estimates:   # Z3 gives no bound through `b ^ n`: the exponent bound's case count
        if estimates[n] == math.inf and (found := _exponent_bounds(goal, n)):
            estimates[n] = min(c for c, _ in found) + 1
    names = sorted((n for n in estimates if estimates[n] < math.inf), key=estimates.get)
    bounded: list[tuple[int, str, list[str], Goal]] = []
    for var in names:
        if time.monotonic() >= deadline:
            break
        b = _bounded(goal, var, checker, deadline)
        if b is None:
            continue
        more, richer, n = b
        bounded.append((n, var, more, richer))
        for closer in CLOSERS + evaluation_closers(richer, var):
            if deadline - time.monotonic() < n * CASE_S.get(closer, CASE_S["nlinarith"]):
                break   # a step the kernel cannot finish in time: none is begun
            tactic = f"interval_cases {var} <;> {closer}"
            if isinstance(checker.apply(richer, tactic), Closed) and (
                    script := _replayed(start, lines + more + [tactic], checker, bool(facts))):
                return script
    # two variables, each bounded: nested case splits, when the cases are few enough
    bounded.sort(key=lambda t: t[0])
    for (n1, v1, more1, g1), (n2, v2, _, _) in itertools.combinations(bounded, 2):
        if n1 * n2 > MAX_PRODUCT_CASES or deadline - time.monotonic() < n1 * n2 * CASE_S["omega"]:
            continue
        b2 = _bounded(g1, v2, checker, deadline)   # the second variable's bounds, on top of the first's
        if b2 is None:
            continue
        more2, start_, _ = b2
        tactic = f"interval_cases {v1} <;> interval_cases {v2} <;> omega"
        if isinstance(checker.apply(start_, tactic), Closed) and (
                script := _replayed(start, lines + more1 + more2 + [tactic], checker, bool(facts))):
            return script
    return None


def _replayed(goal: Goal, script: list[str], checker: KernelChecker, whole: bool) -> list[str] | None:
    """The script, replayed whole on `goal` by the kernel when it has a multi-line `have` block
    (checked here, not step by step); every other line was one kernel step already."""
    from prover.checkers.kernel_checker import certify
    if not whole and not any(line.endswith(":= by") for line in script):
        return script
    return script if certify(goal, "\n".join(script), KernelChecker(checker.cache)).ok else None
