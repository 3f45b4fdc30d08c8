"""Recurrences: values far out (`x 531`, `a 2010`) brought back to the first values; bounds through a
square-root recurrence; the ∀-hypotheses at the first numerals. Untrusted: each finder writes
tactic text, kept only when the kernel replays it (`certify`).

`periodic_leaf`, for `f : ℕ → R` with a recurrence `h : ∀ n, [c ≤ n →] …` linear in f at `n`,
`n + j`, `n - j`, and values: the values the hypotheses fix (`function_tables`, else
`prover.decide.linear_values`) are searched for a quasi-period `f (i + P) = f i + D` from a start s.

1. `have hp : ∀ n : ℕ, f (n + (s + P)) = f (n + s) + D`: the recurrence's instances at `n + m`
   (`exact h (n + m) (by omega)`), each `f (n + m - j)` turned into `f (n + (m - j))` by
   `congrArg f (by omega : …)`, then `linarith` (when D = 0 and the characteristic polynomial
   divides `z ^ P - 1`); else by induction on n (the base from instances at numerals, the step
   from ih and instances, each closed as `have g : … := by linarith; exact g`, ℕ offsets unified);
2. `have hrᵣ : ∀ k : ℕ, f (P * k + r) = f r + D * k` for each residue r the goal needs, by
   induction on k (`((k + 1 : ℕ) : R) = k + 1` by `exact_mod_cast` of `k + 1 = k + 1`);
3. `have : f N = f r + D * q := by exact hrᵣ q` (ℕ literal arithmetic: `P * q + r` is `N`), then the
   goal at the residues by linarith, the numeral instances, or the caller's `evaluation_chain`.

Each finder checks its shape first and declines at once (no evaluation) when it does not fit.
"""

from __future__ import annotations

import time
from fractions import Fraction

from prover.checkers.kernel_checker import KernelChecker, certify
from prover.state import Goal
from prover.syntax.ast import NAT, Expr, free_vars
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


def _period(values: dict, start: int):
    """The least (s, P, D) with s ≥ start and `f (i + P) = f i + D` over CHECK_SPAN terms from s."""
    for period in range(1, MAX_PERIOD + 1):
        for s in range(start, start + MAX_PERIOD):
            if s not in values or s + period not in values:
                continue
            d = values[s + period] - values[s]
            if all(i in values and i + period in values and values[i + period] - values[i] == d
                   for i in range(s, s + CHECK_SPAN)):
                return s, period, d
    return None


def _values_period(goal: Goal, f: str, start: int):
    """Values from the hypotheses (`function_tables`, else the linear solver), and their period."""
    from prover.decide.linear_values import linear_values
    top = start + 2 * MAX_PERIOD + CHECK_SPAN + 8
    values = _exact_values(goal, f, start, top)
    found = _period(values, start)
    if found is None:
        solved = linear_values(goal, f, top)
        if solved:
            found = _period(solved[0], start)
    return found


def _idx(n: str, m: int) -> str:
    return n if m == 0 else f"{n} + {m}"


def _at(f: str, n: str, m: int) -> str:
    """`f n` or `f (n + m)`."""
    return f"{f} {n}" if m == 0 else f"{f} ({n} + {m})"


def _const(d: Fraction, ty) -> str:
    text = str(d.numerator) if d.denominator == 1 else f"({d.numerator} / {d.denominator} : {ty})"
    return text


def _plus(term: str, d: Fraction, ty, factor: str = "") -> str:
    """`term + d` (`term - |d|` for d < 0), `term + d * factor` with a factor."""
    if not d:
        return term
    body = _const(abs(d), ty) + (f" * {factor}" if factor else "")
    return f"{term} {'+' if d > 0 else '-'} {body}"


def _exact_values(goal: Goal, f: str, lo: int, hi: int) -> dict[int, Fraction]:
    """The exact values f(lo) … f(hi - 1) the oracle's function table computes from the
    hypotheses (untrusted: only guesses), skipping those it cannot evaluate."""
    import sys

    from prover.decide.evaluate import NotEvaluable
    from prover.decide.recurrence import function_tables
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 20000))
    table = function_tables(goal)[f]
    values = {}
    for i in range(lo, hi):
        try:
            v = table(i)
        except (NotEvaluable, RecursionError, ZeroDivisionError, ValueError, TypeError):
            continue
        if isinstance(v, (int, Fraction)):
            values[i] = Fraction(v)
        elif getattr(v, "is_Rational", False):   # SymPy's exact rationals
            values[i] = Fraction(int(v.p), int(v.q))
    return values


def periodic_leaf(goal: Goal, checker: KernelChecker, deadline: float, finders) -> list[str] | None:
    """A kernel-checked script (see the module docstring) or None. `finders`: the caller's
    module (`prover.search.reconstruct`), for its `evaluation_chain`."""
    shape = _shape(goal)
    if shape is None:
        return None
    f, hname, guard, shifts, far = shape
    ty = goal.context[f][2]
    from prover.decide.limits import TIMED_OUT, run_with_limit
    low = min(shifts)
    start = max(0, guard + low)
    try:
        found = run_with_limit(_values_period, (goal, f, start), seconds=max(0.1, min(2.0, deadline - time.monotonic())))
    except RuntimeError:
        return None
    if found is None or found is TIMED_OUT:
        return None
    s, period, d = found
    if d and (d.denominator != 1 and ty not in ("ℚ", "ℝ") or ty == NAT and d < 0):
        return None
    rec = goal.hypothesis(hname)
    n = goal.fresh_name("n")
    numerals = _numeral_instances(goal, rec, hname, guard, s + period)
    tails = _tails(goal, f, ty, far, s, period, d, numerals, checker, deadline, finders)
    if tails is None:
        return None
    head = f"have hp : ∀ {n} : ℕ, {f} ({n} + {s + period}) = {_plus(_at(f, n, s), d, ty)} := by"
    candidates = []
    if not d:   # a linear combination of instances at n + m
        candidates.append([head, f"  intro {n}"] + _instances(rec, hname, f, n, shifts, guard, s, s + period, "  ")
                          + ["  linarith"])
    # by induction on n: the base from instances at numerals, the step from ih and instances
    step_goal = f"{f} ({n} + {s + period + 1}) = {_plus(f'{f} ({n} + {s + 1})', d, ty)}"
    candidates.append([head, f"  intro {n}", f"  induction {n} with", "  | zero =>"]
                      + ["    " + x for x in numerals]
                      + [f"    have g : {f} {s + period} = {_plus(f'{f} {s}', d, ty)} := by linarith", "    exact g",
                         f"  | succ {n} ih =>"]
                      + _instances(rec, hname, f, n, shifts, guard, s, s + period + 1, "    ")
                      + [f"    have g : {step_goal} := by linarith", "    exact g"])
    for lines in candidates:
        if time.monotonic() >= deadline:
            return None
        script = lines + tails
        if certify(goal, "\n".join(script), KernelChecker(checker.cache)).ok:
            return script
    return None


def _numeral_instances(goal: Goal, rec: Expr, hname: str, guard: int, top: int) -> list[str]:
    """`have jₘ : <instance at m> := by exact h m [(by norm_num)]` for numerals m up to the
    largest index of a given value (they fix the first values and the constants)."""
    from prover.kernel.lemmas import reduce_nat_literals
    from prover.syntax.ast import substitute
    given = [int(x.args[0].value) for _, h in goal.hypotheses if h.op == "eq" for x in h.walk()
             if x.op == "apply" and len(x.args) == 1 and x.args[0].op == "num"]
    out = []
    for m in range(guard, max(given + [top]) + 1):
        inst = substitute(rec.args[0], rec.value[0], Expr("num", value=m, ty=NAT))
        premise = ""
        if inst.op == "imp":
            inst, premise = inst.args[1], " (by norm_num)"
        out.append(f"have j{m} : {show(reduce_nat_literals(inst))} := by exact {hname} {m}{premise}")
    return out


def _instances(rec: Expr, hname: str, f: str, n: str, shifts: set, guard: int, lo: int, hi: int,
               indent: str) -> list[str]:
    """The recurrence at n + m for the points m whose indices lie in [n + lo, n + hi], each
    `f (n + m - j)` turned into `f (n + (m - j))` by `congrArg f (by omega : …)`."""
    from prover.kernel.lemmas import reduce_nat_literals
    from prover.syntax.ast import substitute
    low, high = min(shifts), max(shifts)
    var = Expr("var", value=n, ty=NAT)
    lines = []
    for k, m in enumerate(range(max(lo - low, guard, 0), hi - high + 1), 1):
        point = var if m == 0 else Expr("add", (var, Expr("num", value=m, ty=NAT)), ty=NAT)
        inst = substitute(rec.args[0], rec.value[0], point)
        premise = ""
        if inst.op == "imp":
            inst, premise = inst.args[1], " (by omega)"
        arg = show(point) if m == 0 else f"({show(point)})"
        lines.append(f"{indent}have i{k} : {show(reduce_nat_literals(inst))} := by exact {hname} {arg}{premise}")
        for j in sorted({-d for d in shifts if d < 0}):
            lines.append(f"{indent}have c{k}_{j} : {f} ({n} + {m} - {j}) = {_at(f, n, m - j)} := "
                         f"by exact congrArg {f} (by omega : {n} + {m} - {j} = {_idx(n, m - j)})")
    return lines


def _tails(goal: Goal, f: str, ty, far: list, s: int, period: int, d: Fraction, numerals: list[str],
           checker: KernelChecker, deadline: float, finders) -> list[str] | None:
    """After `hp`: `hrᵣ : ∀ k, f (P * k + r) = f r + D * k` by induction on k, the far values
    through them, and the goal at the residues (linarith, the numeral instances, or the
    caller's evaluation chain)."""
    lines: list[str] = []
    done: set = set()
    replaced = goal.target
    for N in far:
        r = s + (N - s) % period
        q = (N - r) // period
        shift = f"{period} * k + {r - s}"
        if r not in done:
            done.add(r)
            e3_left = f"{shift} + {s}" if s else shift
            lines += [f"have hr{r} : ∀ k : ℕ, {f} ({period} * k + {r}) = {_plus(f'{f} {r}', d, ty, f'(k : {ty})')} := by",
                      "  intro k", "  induction k with", "  | zero =>",
                      f"    have z : {f} ({period} * 0 + {r}) = {f} {r} := by exact congrArg {f} (by omega : {period} * 0 + {r} = {r})"]
            lines += [f"    have c : ((0 : ℕ) : {ty}) = 0 := by norm_num", "    linarith"] if d else ["    exact z"]
            lines += ["  | succ k ih =>",
                      f"    have e1 := hp ({shift})",
                      f"    have e2 : {f} ({period} * (k + 1) + {r}) = {f} ({shift} + {s + period}) := "
                      f"by exact congrArg {f} (by omega : {period} * (k + 1) + {r} = {shift} + {s + period})",
                      f"    have e3 : {f} ({e3_left}) = {f} ({period} * k + {r}) := "
                      f"by exact congrArg {f} (by omega : {e3_left} = {period} * k + {r})"]
            if d:
                lines += ["    have q : k + 1 = k + 1 := by rfl",
                          f"    have c : ((k + 1 : ℕ) : {ty}) = (k : {ty}) + 1 := by exact_mod_cast q"]
            lines.append("    linarith")
        lines.append(f"have v{N} : {f} {N} = {_plus(f'{f} {r}', d, ty, f'(({q} : ℕ) : {ty})')} := by exact hr{r} {q}")
        if d:
            lines.append(f"have w{N} : (({q} : ℕ) : {ty}) = {q} := by norm_num")
        replaced = _replace_call(replaced, f, N, r, d * q)
    closing = _close_near(goal, replaced, numerals, checker, deadline, finders)
    return lines + closing if closing else None


def _replace_call(e: Expr, f: str, N: int, r: int, add: Fraction = Fraction(0)) -> Expr:
    if e.op == "apply" and e.value == f and len(e.args) == 1 and e.args[0].op == "num" and int(e.args[0].value) == N:
        near = e.with_args(Expr("num", value=r, ty=NAT))
        if not add:
            return near
        size = Expr("num", value=abs(add.numerator), ty=e.ty)
        if add.denominator != 1:
            size = Expr("div", (size, Expr("num", value=add.denominator, ty=e.ty)), ty=e.ty)
        return Expr("add" if add > 0 else "sub", (near, size), ty=e.ty)
    if not e.args:
        return e
    return e.with_args(*(_replace_call(a, f, N, r, add) for a in e.args))


# -- bounds through a square-root recurrence ---------------------------------------------
_FLIP = {"gt": "lt", "ge": "le"}


def sqrt_step_leaf(goal: Goal, checker: KernelChecker, deadline: float) -> list[str] | None:
    """`c < X` / `c ≤ X` / `X < c` / `X ≤ c` (c ≥ 0 a numeral, over ℝ) where a hypothesis, or an
    instance of `h : ∀ n, f (n + k) = √E`, states `X = √E`: `√(c²) = c` by norm_num and
    `Real.sqrt_lt_sqrt`/`Real.sqrt_le_sqrt` with `c² < E` (or `E < c²`, and `0 ≤ E`) by linarith,
    nlinarith or positivity, then linarith (the step of `∀ n, a n > 2` for
    `a (n + 1) = √(2 + a n)`). Declined at once without that shape."""
    t = goal.target
    if t.op not in ("lt", "le", "gt", "ge") or t.value != "ℝ":
        return None
    op = _FLIP.get(t.op, t.op)
    lo, hi = (t.args[1], t.args[0]) if t.op in _FLIP else t.args
    if lo.op == "num" and not free_vars(lo):
        c, x, below = lo, hi, True      # c < X
    elif hi.op == "num" and not free_vars(hi):
        c, x, below = hi, lo, False     # X < c
    else:
        return None
    value = Fraction(c.value)
    if value < 0 or x.op != "apply":
        return None
    found = _sqrt_definition(goal, x)
    if found is None:
        return None
    instance_line, radicand = found
    sq = value * value
    sq_text = str(sq.numerator) if sq.denominator == 1 else f"{sq.numerator} / {sq.denominator}"
    c_text = str(value.numerator) if value.denominator == 1 else f"{value.numerator} / {value.denominator}"
    e = show(radicand)
    lemma = "Real.sqrt_lt_sqrt" if op == "lt" else "Real.sqrt_le_sqrt"
    rel = "<" if op == "lt" else "≤"
    for tac in ("linarith", "nlinarith", "positivity"):
        if time.monotonic() >= deadline:
            return None
        if below:
            first = f"(by norm_num : (0 : ℝ) ≤ {sq_text}) " if op == "lt" else ""
            bound = f"{lemma} {first}(by {tac} : ({sq_text} : ℝ) {rel} {e})"
        else:
            first = f"(by {tac} : (0 : ℝ) ≤ {e}) " if op == "lt" else ""
            bound = f"{lemma} {first}(by {'linarith' if op == 'lt' else tac} : {e} {rel} ({sq_text} : ℝ))"
        script = [instance_line, f"have hs := {bound}", f"have hv : Real.sqrt {sq_text} = {c_text} := by norm_num",
                  "linarith"]
        if certify(goal, "\n".join(script), KernelChecker(checker.cache)).ok:
            return script
    return None


def _sqrt_definition(goal: Goal, x: Expr):
    """(`have he : X = √E := by exact …`, E) from a hypothesis `X = √E` or an instance of
    `∀ n, f (n + k) = √E` (f's argument in X `t + k`, or any t for the pattern `n`)."""
    from prover.kernel.lemmas import reduce_nat_literals
    from prover.kernel.terms import alpha_equal
    from prover.syntax.ast import substitute

    def is_sqrt(e: Expr) -> bool:
        return e.op == "call" and e.value == "Real.sqrt" and len(e.args) == 1

    for name, h in goal.hypotheses:
        if "✝" in name:
            continue
        if h.op == "eq" and alpha_equal(h.args[0], x) and is_sqrt(h.args[1]):
            return f"have he : {show(x)} = {show(h.args[1])} := by exact {name}", h.args[1].args[0]
        if h.op != "forall" or h.value[1] != NAT or h.args[0].op != "eq":
            continue
        var, body = h.value[0], h.args[0]
        left = body.args[0]
        if not is_sqrt(body.args[1]) or left.op != "apply" or left.value != x.value or len(left.args) != 1 \
                or len(x.args) != 1:
            continue
        pattern, arg = left.args[0], x.args[0]
        if pattern == Expr("var", value=var, ty=NAT):
            point = arg
        elif pattern.op == "add" and pattern.args[0] == Expr("var", value=var, ty=NAT) and pattern.args[1].op == "num" \
                and arg.op == "add" and arg.args[1].op == "num" and arg.args[1].ty == NAT \
                and int(arg.args[1].value) >= int(pattern.args[1].value):
            extra = int(arg.args[1].value) - int(pattern.args[1].value)   # `a (k + 2)` is `a (k + 1 + 1)`
            point = arg.args[0] if not extra else Expr("add", (arg.args[0], Expr("num", value=extra, ty=NAT)), ty=NAT)
        else:
            continue
        if free_vars(point) & {b.value[0] for b in body.walk() if b.op in ("forall", "exists", "lambda", "sum", "prod")}:
            continue
        inst = substitute(body, var, point)
        if not alpha_equal(reduce_nat_literals(inst.args[0]), reduce_nat_literals(x)):
            continue
        text = show(point)
        arg_text = text if point.op in ("var", "num") else f"({text})"
        return f"have he : {show(x)} = {show(inst.args[1])} := by exact {name} {arg_text}", inst.args[1].args[0]
    return None


# -- instances at the first numerals --------------------------------------------------------
MAX_INSTANCE = 3


def numeral_instances_leaf(goal: Goal, checker: KernelChecker, deadline: float) -> list[str] | None:
    """`have jₖ : <h at m> := by exact h m [(by norm_num)]` for each `∀ n : ℕ, …` hypothesis about a
    function ℕ → ℕ/ℤ/ℚ/ℝ and m = 0 … MAX_INSTANCE (the literal arithmetic of the indices
    reduced, as `exact` reduces it), then omega or linarith: the recurrence's first values, or
    hypotheses that contradict each other at 0 (`x 1 = 2` and `x (n + 1) = (n + 1) ^ 2 * (2 * x n / n ^ 2 - 1)`,
    where `/ 0 ^ 2` is 0). Declined at once without such a hypothesis."""
    from prover.checkers.base import Closed
    from prover.kernel.lemmas import reduce_nat_literals
    from prover.syntax.ast import substitute
    functions = {n for n, t in goal.variables if isinstance(t, tuple) and t[0] == "→" and t[1] == (NAT,)}
    rules = [(name, h) for name, h in goal.hypotheses if "✝" not in name and h.op == "forall" and h.value[1] == NAT
             and any(x.op == "apply" and x.value in functions for x in h.args[0].walk())
             and h.args[0].op in ("eq", "imp")]
    if not rules:
        return None
    from prover.kernel.evaluate import NotEvaluable, holds
    from prover.syntax.elaborate import Elaborator
    from prover.syntax.parser import parse_term
    lines: list[str] = []
    richer = goal
    for name, h in rules:
        for m in range(MAX_INSTANCE + 1):
            inst = substitute(h.args[0], h.value[0], Expr("num", value=m, ty=NAT))
            premise = ""
            if inst.op == "imp":
                try:
                    if free_vars(inst.args[0]) or not holds(inst.args[0]):
                        continue
                except (NotEvaluable, ZeroDivisionError):
                    continue
                inst, premise = inst.args[1], " (by norm_num)"
            if inst.op != "eq" or inst.op == "imp":
                continue
            inst = reduce_nat_literals(inst)
            text = show(inst)
            label = _fresh(richer, "j")
            try:
                prop = Elaborator(richer.context).prop(parse_term(text))
            except Exception:   # noqa: BLE001 - a statement the front end does not read back is skipped
                continue
            lines.append(f"have {label} : {text} := by exact {name} {m}{premise}")
            richer = richer.with_hypothesis(label, prop)
    if not lines:
        return None
    integral = goal.target.op in ("eq", "le", "lt", "ge", "gt", "ne") and goal.target.value in (NAT, "ℤ")
    for closer in ["omega"] if integral else ["linarith"]:   # omega reads ℕ/ℤ products as atoms too
        if time.monotonic() >= deadline:
            return None
        if isinstance(checker.close(richer, closer), Closed):
            script = lines + [closer]
            if certify(goal, "\n".join(script), KernelChecker(checker.cache)).ok:
                return script
    return None


def _fresh(g: Goal, base: str) -> str:
    k = 1
    while f"{base}{k}" in g.names:
        k += 1
    return f"{base}{k}"


# -- residue classes under guards (`∀ n, 1 < n ∧ Odd n → f n = f (n - 2) + 2`) ------------------
_GUARD_OPS = ("lt", "le", "gt", "ge")


def _guard_atoms(p: Expr, n: str) -> list[Expr] | None:
    """The atoms of a guard `A ∧ B ∧ …` on n: `c < n`, `c ≤ n`, `n > c`, `n ≥ c` (c a numeral),
    `Even n`, `Odd n`; None for any other premise."""
    if p.op == "and":
        parts = [_guard_atoms(a, n) for a in p.args]
        return None if any(x is None for x in parts) else [a for x in parts for a in x]
    var = Expr("var", value=n, ty=NAT)
    if p.op == "pred" and p.value in ("Even", "Odd") and p.args == (var,):
        return [p]
    if p.op in _GUARD_OPS and var in p.args and any(a.op == "num" for a in p.args):
        return [p]
    return None


def _guarded_rules(goal: Goal, f: str):
    """[(name, n, guard or None, body)] for `∀ n : ℕ, [G →] f n = …` hypotheses whose f-applications
    are at n, n + j, n - j (j numerals), linear in f; and whether some guard is a parity."""
    rules, parity = [], False
    for name, h in goal.hypotheses:
        if "✝" in name or h.op != "forall" or h.value[1] != NAT:
            continue
        n, body, guard = h.value[0], h.args[0], None
        if body.op == "imp":
            guard, body = body.args[0], body.args[1]
            atoms = _guard_atoms(guard, n)
            if atoms is None:
                continue
            parity = parity or any(a.op == "pred" for a in atoms)
        if body.op != "eq" or _offsets(body, f, n) is None or not _linear_in(body, f):
            continue
        rules.append((name, n, guard, body))
    return rules, parity


def _offsets(body: Expr, f: str, n: str):
    """The shifts j of body's f-applications `f (n ± j)`; None for another argument or binder."""
    shifts = set()
    for x in body.walk():
        if x.op in ("forall", "exists", "lambda", "sum", "prod"):
            return None
        if x.op == "apply" and free_vars(x) & {n} and x.value != f:
            return None
        if x.op == "apply" and x.value == f:
            a = x.args[0] if len(x.args) == 1 else None
            if a is not None and a.op == "var" and a.value == n:
                shifts.add(0)
            elif a is not None and a.op in ("add", "sub") and a.args[0].op == "var" and a.args[0].value == n \
                    and a.args[1].op == "num":
                shifts.add(int(a.args[1].value) * (1 if a.op == "add" else -1))
            else:
                return None
    return shifts if shifts and max(shifts) - min(shifts) <= MAX_ORDER else None


def _class_point(period: int, c: int, k: str = "k") -> Expr:
    base = Expr("mul", (Expr("num", value=period, ty=NAT), Expr("var", value=k, ty=NAT)), ty=NAT)
    return base if c == 0 else Expr("add", (base, Expr("num", value=c, ty=NAT)), ty=NAT)


def _guard_proof(p: Expr, indent: str) -> list[str]:
    """Tactic lines proving a guard instance: omega for the order atoms, `Nat.even_iff`/
    `Nat.odd_iff` with the remainder by omega, `constructor` and bullets for `∧`."""
    if p.op == "and":
        out = [f"{indent}constructor"]
        for a in p.args:
            sub = _guard_proof(a, indent + "  ")
            out += [f"{indent}· {sub[0].strip()}"] + sub[1:]
        return out
    if p.op == "pred":
        rem = 0 if p.value == "Even" else 1
        return [f"{indent}exact Nat.{p.value.lower()}_iff.mpr (by omega : ({show(p.args[0])}) % 2 = {rem})"]
    return [f"{indent}omega"]


def _class_values(goal: Goal, f: str, top: int) -> dict:
    return _exact_values(goal, f, 0, top)


def _class_step(rules, f: str, period: int, r0: int, indent: str) -> list[str] | None:
    """The instances at `P * k + c` for c in (r0, r0 + P] whose guards hold at k = 0 … 3 (each
    premise proved first), their arguments normalised to `P * k + c'` by congrArg; None when
    some instance reaches outside [r0, r0 + P] or none gives `f (P * k + r0 + P)`."""
    from prover.kernel.evaluate import NotEvaluable, holds
    from prover.kernel.lemmas import reduce_nat_literals
    from prover.syntax.ast import substitute
    lines, top_reached, count = [], False, 0
    for c in range(r0 + 1, r0 + period + 1):
        for name, n, guard, body in rules:
            if guard is not None:
                try:
                    ok = [holds(substitute(guard, n, Expr("num", value=period * k + c, ty=NAT))) for k in range(4)]
                except (NotEvaluable, ZeroDivisionError):
                    continue
                if not all(ok):
                    continue
            shifts = _offsets(body, f, n)
            if min(shifts) + c < r0 or max(shifts) + c > r0 + period:
                continue
            count += 1
            point = _class_point(period, c)
            premise = ""
            if guard is not None:
                lines.append(f"{indent}have p{count} : {show(substitute(guard, n, point))} := by")
                lines += _guard_proof(substitute(guard, n, point), indent + "  ")
                premise = f" p{count}"
            inst = reduce_nat_literals(substitute(body, n, point))
            lines.append(f"{indent}have i{count} : {show(inst)} := by exact {name} ({show(point)}){premise}")
            for j in sorted({-s for s in shifts if s < 0}):
                lines.append(f"{indent}have c{count}_{j} : {f} ({show(point)} - {j}) = {f} ({show(_class_point(period, c - j))}) := "
                             f"by exact congrArg {f} (by omega : {show(point)} - {j} = {show(_class_point(period, c - j))})")
            top_reached = top_reached or (c == r0 + period and 0 in shifts)
    return lines if top_reached else None


def residue_class_leaf(goal: Goal, checker: KernelChecker, deadline: float, finders) -> list[str] | None:
    """A far value `f N` under guarded rules (`∀ n, 1 < n ∧ Odd n → f n = …`, some guard a parity):
    `have hrᵣ : ∀ k : ℕ, f (P * k + r) = f r + D * k` by induction on k, the step from the rules'
    instances at `P * k + c` (c in (r, r + P], premises proved by omega and `Nat.odd_iff`/
    `Nat.even_iff`), then `f N` by `hrᵣ q` and the goal at the near values. P, r, D are read off
    the oracle's values (untrusted; the kernel replays the script). Declined at once without
    that shape."""
    found = None
    for f, ty in goal.variables:
        if not (isinstance(ty, tuple) and ty[0] == "→" and ty[1] == (NAT,)) or goal.context[f][2] not in ("ℤ", "ℚ", "ℝ"):
            continue
        far = sorted({int(x.args[0].value) for x in goal.target.walk()
                      if x.op == "apply" and x.value == f and len(x.args) == 1 and x.args[0].op == "num"
                      and int(x.args[0].value) >= MIN_INDEX})
        rules, parity = _guarded_rules(goal, f) if far else ([], False)
        if rules and parity:
            found = f, far, rules
            break
    if found is None:
        return None
    f, far, rules = found
    ty = goal.context[f][2]
    from prover.decide.limits import TIMED_OUT, run_with_limit
    top = 4 * MAX_PERIOD + CHECK_SPAN
    try:
        values = run_with_limit(_class_values, (goal, f, top), seconds=max(0.1, min(2.0, deadline - time.monotonic())))
    except RuntimeError:
        return None
    if values is None or values is TIMED_OUT:
        return None
    lines: list[str] = []
    replaced = goal.target
    for N in far:
        block = None
        for period in range(1, MAX_PERIOD + 1):
            for r0 in range(N % period, N % period + 3 * period + 1, period):
                ks = range(CHECK_SPAN // period + 2)
                if any(r0 + period * k not in values for k in ks):
                    continue
                d = values[r0 + period] - values[r0]
                if any(values[r0 + period * k] != values[r0] + d * k for k in ks) or d.denominator != 1 and ty == "ℤ":
                    continue
                step = _class_step(rules, f, period, r0, "    ")
                if step is None:
                    continue
                block = _class_block(f, ty, period, r0, d, step)
                break
            if block:
                break
        if not block:
            return None
        q = (N - r0) // period
        lines += block
        lines.append(f"have v{N} : {f} {N} = {_plus(f'{f} {r0}', d, ty, f'(({q} : ℕ) : {ty})')} := by exact hr{r0} {q}")
        if d:
            lines.append(f"have w{N} : (({q} : ℕ) : {ty}) = {q} := by norm_num")
        replaced = _replace_call(replaced, f, N, r0, d * q)
    closing = _close_near(goal, replaced, [], checker, deadline, finders)
    if closing is None:
        return None
    script = lines + closing
    if time.monotonic() < deadline and certify(goal, "\n".join(script), KernelChecker(checker.cache)).ok:
        return script
    return None


def _class_block(f: str, ty, period: int, r0: int, d: Fraction, step: list[str]) -> list[str]:
    """`have hrᵣ : ∀ k : ℕ, f (P * k + r) = f r + D * k` by induction on k with the given step."""
    at = show(_class_point(period, r0))
    nxt = show(_class_point(period, r0 + period))
    lines = [f"have hr{r0} : ∀ k : ℕ, {f} ({at}) = {_plus(f'{f} {r0}', d, ty, f'(k : {ty})')} := by",
             "  intro k", "  induction k with", "  | zero =>",
             f"    have z : {f} ({period} * 0 + {r0}) = {f} {r0} := by exact congrArg {f} (by omega : {period} * 0 + {r0} = {r0})"]
    lines += [f"    have c : ((0 : ℕ) : {ty}) = 0 := by norm_num", "    linarith"] if d else ["    exact z"]
    lines += ["  | succ k ih =>", *step,
              (f"    have e2 : {f} ({period} * (k + 1) + {r0}) = {f} ({nxt}) := "
               f"by exact congrArg {f} (by omega : {period} * (k + 1) + {r0} = {nxt})")]
    if d:
        lines += ["    have q : k + 1 = k + 1 := by rfl",
                  f"    have c : ((k + 1 : ℕ) : {ty}) = (k : {ty}) + 1 := by exact_mod_cast q"]
    return lines + ["    linarith"]


def _close_near(goal: Goal, replaced: Expr, numerals: list[str], checker: KernelChecker, deadline: float,
                finders) -> list[str] | None:
    """`have hg : <goal at the near values> := by …` (linarith, the numeral instances, or the
    caller's evaluation chain), then linarith."""
    from prover.checkers.base import Closed
    near = goal.with_target(replaced)
    if isinstance(checker.close(near, "linarith"), Closed):
        closing = ["linarith"]
    else:
        closing = numerals + ["linarith"]
        if not certify(near, "\n".join(closing), KernelChecker(checker.cache)).ok:
            closing = finders.evaluation_chain(near, deadline, checker) if time.monotonic() < deadline else None
    if not closing:
        return None
    return [f"have hg : {show(replaced)} := by"] + ["  " + x for x in closing] + ["linarith"]


# -- rational closed forms of second-order recurrences -----------------------------------------
def _fraction_text(c: Fraction) -> str:
    return str(c.numerator) if c.denominator == 1 else f"({c.numerator} / {c.denominator})"


def _poly_text(coeffs: list, var: str) -> str:
    """`c₀ + c₁ * v + c₂ * v ^ 2` with the terms of nonzero coefficients, highest first."""
    terms = []
    for k in range(len(coeffs) - 1, -1, -1):
        c = coeffs[k]
        if not c:
            continue
        mono = "" if k == 0 else var if k == 1 else f"{var} ^ {k}"
        if k == 0:
            body = _fraction_text(abs(c))
        else:
            body = mono if abs(c) == 1 else f"{_fraction_text(abs(c))} * {mono}"
        terms.append(("- " if c < 0 else "+ ") + body)
    if not terms:
        return "0"
    text = " ".join(terms)
    return text[2:] if text.startswith("+ ") else "-" + text[2:]


def _interpolate(points: dict, degree: int) -> list | None:
    """Coefficients of the polynomial of the given degree through the first points (Fractions),
    checked on all of them; None when no such polynomial fits."""
    xs = sorted(points)[: degree + 1]
    if len(xs) < degree + 1:
        return None
    coeffs = [Fraction(0)] * (degree + 1)
    for i, xi in enumerate(xs):   # Lagrange: accumulate the basis polynomials
        basis, denom = [Fraction(1)], Fraction(1)
        for j, xj in enumerate(xs):
            if j != i:
                basis = [Fraction(0)] + basis
                for k in range(len(basis) - 1):
                    basis[k] -= xj * basis[k + 1]
                denom *= xi - xj
        for k in range(degree + 1):
            coeffs[k] += points[xi] * basis[k] / denom
    if any(sum(c * x ** k for k, c in enumerate(coeffs)) != v for x, v in points.items()):
        return None
    return coeffs


def _nonneg_poly(coeffs: list) -> bool:
    return all(c >= 0 for c in coeffs) and coeffs[0] > 0


def rational_form_leaf(goal: Goal, checker: KernelChecker, deadline: float, finders) -> list[str] | None:
    """`f N` for `h : ∀ n, f (n + 2) = P / Q` (P, Q in `f n`, `f (n + 1)`) with the values `f s`,
    `f (s + 1)` given, when the oracle's values fit `f (n + s) = (a n + b) / (c n + d)`:
    `have hc : ∀ n : ℕ, f (n + s) = F n ∧ f (n + s + 1) = F (n + 1)` by induction on n; the step
    from `h (n + s)` and `alg : ∀ x y, x = F n → y = F (n + 1) → P / Q = F (n + 2)` (Q's closed
    form `Qn / Qd` by `subst; field_simp <;> ring`, positive by positivity, so `Q ≠ 0`; then
    `div_eq_div_iff` with the cross-multiplied identity by `field_simp <;> ring`); then `hc q`
    and `norm_num`. Denominators `c n + d` with c, d ≥ 0 only (positivity). Declined at once
    without the shape."""
    found = None
    for f, ty in goal.variables:
        if not (isinstance(ty, tuple) and ty[0] == "→" and ty[1] == (NAT,)) or goal.context[f][2] not in ("ℚ", "ℝ"):
            continue
        far = sorted({int(x.args[0].value) for x in goal.target.walk()
                      if x.op == "apply" and x.value == f and len(x.args) == 1 and x.args[0].op == "num"
                      and int(x.args[0].value) >= MIN_INDEX})
        if len(far) != 1:
            continue
        for name, h in goal.hypotheses:
            if "✝" in name or h.op != "forall" or h.value[1] != NAT or h.args[0].op != "eq":
                continue
            n, body = h.value[0], h.args[0]
            left, right = body.args
            arg = left.args[0] if left.op == "apply" and left.value == f and len(left.args) == 1 else None
            if arg is None or arg.op != "add" or arg.args[0] != Expr("var", value=n, ty=NAT) \
                    or arg.args[1] != Expr("num", value=2, ty=NAT) or right.op != "div" or _offsets(right, f, n) != {0, 1}:
                continue
            found = f, far[0], name, n, right
            break
        if found:
            break
    if found is None:
        return None
    f, N, hname, n, right = found
    ty = goal.context[f][2]
    given = {}
    for name, h in goal.hypotheses:
        if h.op == "eq" and h.args[0].op == "apply" and h.args[0].value == f and h.args[0].args[0].op == "num" \
                and h.args[1].op in ("num", "div", "neg") and not free_vars(h.args[1]) and "✝" not in name:
            given[int(h.args[0].args[0].value)] = name, show(h.args[1])
    starts = [s for s in sorted(given) if s + 1 in given]
    if not starts:
        return None
    s = starts[0]
    from prover.decide.limits import TIMED_OUT, run_with_limit
    try:
        values = run_with_limit(_class_values, (goal, f, s + 24), seconds=max(0.1, min(2.0, deadline - time.monotonic())))
    except RuntimeError:
        return None
    if values is None or values is TIMED_OUT or any(s + m not in values for m in range(20)):
        return None
    form = _fit_rational(values, s)
    if form is None:
        return None
    num, den = form                     # f (m + s) = num(m) / den(m), den with positive coefficients
    x, y = goal.fresh_name("x"), goal.fresh_name("y")
    from prover.kernel.evaluate import NotEvaluable, value

    def plug(e: Expr, a, b) -> Expr:
        if e.op == "apply" and e.value == f:
            arg = e.args[0]
            return a if arg == Expr("var", value=n, ty=NAT) else b
        return e.with_args(*(plug(c, a, b) for c in e.args)) if e.args else e

    def at(poly, m):
        return sum(c * m ** k for k, c in enumerate(poly))

    P, Q = right.args
    try:   # Q's closed form times den(m) den(m + 1): a polynomial in m
        qpoints = {}
        for m in range(12):
            fx, fy = Fraction(at(num, m), at(den, m)), Fraction(at(num, m + 1), at(den, m + 1))
            qv = value(plug(Q, Expr("num", value=fx, ty=ty), Expr("num", value=fy, ty=ty)))
            qpoints[m] = Fraction(qv) * at(den, m) * at(den, m + 1)
    except (NotEvaluable, ZeroDivisionError, TypeError, ValueError):
        return None
    qnum = next((c for d in range(5) if (c := _interpolate(qpoints, d)) is not None), None)
    if qnum is None or not _nonneg_poly(qnum):
        return None
    nv = f"({n} : {ty})"

    def frac(poly_n, poly_d, var):
        return f"({_poly_text(poly_n, var)}) / ({_poly_text(poly_d, var)})"

    def shifted(poly, k):   # poly(m + k) as coefficients
        out = [Fraction(0)] * len(poly)
        from math import comb
        for i, c in enumerate(poly):
            for j in range(i + 1):
                out[j] += c * comb(i, j) * k ** (i - j)
        return out

    F = [frac(shifted(num, k), shifted(den, k), nv) for k in range(3)]
    Fnext = [frac(num, den, f"({nv} + 1)"), frac(shifted(num, 1), shifted(den, 1), f"({nv} + 1)")]
    D = [f"{_poly_text(shifted(den, k), nv)}" for k in range(3)]
    xv, yv = Expr("var", value=x, ty=ty), Expr("var", value=y, ty=ty)
    Ptext, Qtext = show(plug(P, xv, yv)), show(plug(Q, xv, yv))
    s0, s1, s2 = (_at(f, n, s + k) for k in range(3))
    qd = f"(({D[0]}) * ({D[1]}))"
    lines = [f"have hc : ∀ {n} : ℕ, {s0} = {F[0]} ∧ {s1} = {F[1]} := by",
             f"  intro {n}", f"  induction {n} with", "  | zero =>",
             f"    have c : ((0 : ℕ) : {ty}) = 0 := by norm_num", "    rw [c]", "    constructor",
             f"    · have z : {_at(f, '0', s)} = {given[s][1]} := by exact {given[s][0]}", "      linarith",
             f"    · have z : {_at(f, '0', s + 1)} = {given[s + 1][1]} := by exact {given[s + 1][0]}", "      linarith",
             f"  | succ {n} ih =>",
             "    obtain ⟨h1, h2⟩ := ih",
             f"    have q : {n} + 1 = {n} + 1 := by rfl",
             f"    have c : (({n} + 1 : ℕ) : {ty}) = ({n} : {ty}) + 1 := by exact_mod_cast q",
             "    rw [c]"]
    lines += [f"    have d{k + 1} : {D[k]} ≠ 0 := by positivity" for k in range(3)]
    inst = substitute_instance(right, f, n, s)
    lines += [f"    have e : {s2} = {inst} := by exact {hname} ({_idx(n, s)})",
              f"    have alg : ∀ {x} {y} : {ty}, {x} = {F[0]} → {y} = {F[1]} → {Ptext} / ({Qtext}) = {F[2]} := by",
              f"      intro {x} {y} hx hy",
              f"      have hd : {Qtext} = ({_poly_text(qnum, nv)}) / {qd} := by",
              "        subst hx hy", "        field_simp <;> ring",
              f"      have hpos : 0 < ({_poly_text(qnum, nv)}) / {qd} := by positivity",
              f"      have hne : {Qtext} ≠ 0 := by", "        intro hz", "        linarith",
              f"      have key : ({Ptext}) * ({D[2]}) = ({_poly_text(shifted(num, 2), nv)}) * ({Qtext}) := by",
              "        subst hx hy", "        field_simp <;> ring",
              "      exact (div_eq_div_iff hne d3).mpr key",
              f"    have g0 : {inst} = {F[2]} := by exact alg ({s0}) ({s1}) h1 h2",
              f"    have g : {s2} = {F[2]} := by linarith",
              f"    have r1 : {F[1]} = {Fnext[0]} := by ring",
              f"    have r2 : {F[2]} = {Fnext[1]} := by ring",
              f"    have g1 : {s1} = {Fnext[0]} := by linarith",
              f"    have g2 : {s2} = {Fnext[1]} := by linarith",
              "    constructor", "    · exact g1", "    · exact g2"]
    q = N - s
    target_value = Fraction(at(num, q), at(den, q))
    at_q = frac(num, den, f"(({q} : ℕ) : {ty})")
    lines += [f"have v0 := hc {q}", "obtain ⟨v1, v2⟩ := v0",
              f"have v : {f} {N} = {at_q} := by exact v1",
              f"have w : {at_q} = {_fraction_text(target_value)} := by norm_num",
              f"have vv : {f} {N} = {_fraction_text(target_value)} := by linarith"]
    for closing in (["norm_num [vv]"], ["linarith"]):
        if time.monotonic() >= deadline:
            return None
        script = lines + closing
        if certify(goal, "\n".join(script), KernelChecker(checker.cache)).ok:
            return script
    return None


def substitute_instance(right: Expr, f: str, n: str, s: int) -> str:
    """The recurrence's right side at `n + s` (`f (n + s)`, `f (n + s + 1)`), literal offsets reduced."""
    from prover.kernel.lemmas import reduce_nat_literals
    from prover.syntax.ast import substitute
    point = Expr("var", value=n, ty=NAT) if s == 0 else \
        Expr("add", (Expr("var", value=n, ty=NAT), Expr("num", value=s, ty=NAT)), ty=NAT)
    return show(reduce_nat_literals(substitute(right, n, point)))


def _fit_rational(values: dict, s: int):
    """(num, den) coefficient lists (degree ≤ 1, integers, den with nonnegative coefficients and a
    positive constant) with `values[m + s] = num(m) / den(m)` on every known m; None otherwise."""
    v = [values[s + m] for m in range(4)]
    # v_m (c m + d) = a m + b: unknowns a, b, c with d = 1 (scaled below); three equations
    rows = [[Fraction(m), Fraction(1), -v[m] * m, v[m]] for m in range(3)]
    for i in range(3):   # Gauss-Jordan on the 3 × 3 system [m, 1, -v m | v]
        pivot = next((r for r in range(i, 3) if rows[r][i] != 0), None)
        if pivot is None:
            return None
        rows[i], rows[pivot] = rows[pivot], rows[i]
        rows[i] = [c / rows[i][i] for c in rows[i]]
        for r in range(3):
            if r != i and rows[r][i]:
                rows[r] = [a - rows[r][i] * b for a, b in zip(rows[r], rows[i])]
    a, b, c = rows[0][3], rows[1][3], rows[2][3]
    d = Fraction(1)
    from math import lcm
    scale = lcm(a.denominator, b.denominator, c.denominator, 1)
    a, b, c, d = a * scale, b * scale, c * scale, d * scale
    if c < 0 or d <= 0:
        return None
    for m, val in ((k - s, w) for k, w in values.items() if k >= s):
        if c * m + d == 0 or Fraction(a * m + b, 1) / (c * m + d) != val:
            return None
    return [b, a], [d, c]


# -- affine recurrences over ℤ (`∀ x, f x = f (x - 1) + c`) ----------------------------------------
INT = "ℤ"


def _int_step(h: Expr, f: str):
    """(c, form) for `∀ x : ℤ, f x = f (x - 1) + c` (form "sub") or `∀ x : ℤ, f (x + 1) = f x + c`
    (form "add"), c a numeral (`- c` too); None otherwise."""
    if h.op != "forall" or h.value[1] != INT or h.args[0].op != "eq":
        return None
    x = Expr("var", value=h.value[0], ty=INT)
    one = Expr("num", value=1, ty=INT)
    left, right = h.args[0].args
    if right.op not in ("add", "sub") or right.args[1].op != "num" or right.args[0].op != "apply" \
            or right.args[0].value != f or left.op != "apply" or left.value != f:
        return None
    c = Fraction(right.args[1].value) * (1 if right.op == "add" else -1)
    if left.args == (x,) and right.args[0].args == (Expr("sub", (x, one), ty=INT),):
        return c, "sub"
    if left.args == (Expr("add", (x, one), ty=INT),) and right.args[0].args == (x,):
        return c, "add"
    return None


def int_affine_leaf(goal: Goal, checker: KernelChecker, deadline: float) -> list[str] | None:
    """Values of `f : ℤ → ℤ` with `h : ∀ x, f x = f (x - 1) + c` (or `f (x + 1) = f x + c`) and
    `f b = v`, at the numerals the goal needs (nested applications `f (f 5)` too):
    `have hc : ∀ k : ℕ, ∀ x : ℤ, x = (k : ℤ) + b → f x = c * x + (v - c b)` by induction on k
    (the base by `congrArg f (by omega : x = b)`, the step from `h x` and `ih (x - 1) (by omega)`),
    each value by `exact hc K m (by norm_num)`, an inner application by `congrArg f (by linarith :
    t = m)`, then linarith. Declined at once without that shape; arguments below b decline."""
    found = None
    for f, ty in goal.variables:
        if not (isinstance(ty, tuple) and ty[0] == "→" and ty[1] == (INT,)) or ty[2] != INT:   # ℚ/ℝ need casts of x
            continue
        if not any(x.op == "apply" and x.value == f for x in goal.target.walk()):
            continue
        step = next(((name, s) for name, h in goal.hypotheses if "✝" not in name and (s := _int_step(h, f))), None)
        base = next(((name, int(h.args[0].args[0].value), Fraction(h.args[1].value)) for name, h in goal.hypotheses
                     if "✝" not in name and h.op == "eq" and h.args[0].op == "apply" and h.args[0].value == f
                     and h.args[0].args[0].op == "num" and h.args[1].op == "num"), None)
        if step and base:
            found = f, ty[2], step, base
            break
    if found is None:
        return None
    f, ty, (hname, (c, form)), (_, b, v) = found
    if ty == INT and c.denominator != 1:
        return None
    d = v - c * b
    from prover.kernel.evaluate import NotEvaluable, value

    def text(q: Fraction) -> str:
        return str(q) if q.denominator == 1 else f"({q.numerator} / {q.denominator} : {ty})"

    def affine(at: str) -> str:
        return f"{text(c)} * {at} + {text(d)}" if d >= 0 else f"{text(c)} * {at} - {text(-d)}"

    closed = affine("x")
    lines = [f"have hc : ∀ k : ℕ, ∀ x : ℤ, x = (k : ℤ) + {b} → {f} x = {closed} := by",
             "  intro k", "  induction k with", "  | zero =>", "    intro x hx",
             f"    have e : {f} x = {f} {b} := by exact congrArg {f} (by omega : x = {b})",
             f"    have hx0 : x = {b} := by omega", "    linarith", "  | succ k ih =>", "    intro x hx"]
    if form == "sub":
        lines.append(f"    have i1 := {hname} x")
    else:
        lines += [f"    have i1 := {hname} (x - 1)",
                  f"    have i2 : {f} (x - 1 + 1) = {f} x := by exact congrArg {f} (by omega : x - 1 + 1 = x)"]
    lines += [f"    have p : {f} (x - 1) = {affine('(x - 1)')} := by exact ih (x - 1) (by omega)",
              "    linarith"]
    done: dict = {}
    count = [0]

    def evaluate(e: Expr) -> Fraction:
        """The value of e (f by its closed form), emitting the lines that prove `f m = …`."""
        if e.op == "apply" and e.value == f:
            arg = e.args[0]
            m = evaluate(arg)
            if m.denominator != 1 or m < b:
                raise NotEvaluable("outside the closed form's range")
            m = int(m)
            if m not in done:
                count[0] += 1
                done[m] = count[0]
                lines.append(f"have b{count[0]} : {f} {m} = {affine(str(m))} := "
                             f"by exact hc {m - b} {m} (by norm_num)")
            if arg.op != "num":
                count[0] += 1
                lines.append(f"have c{count[0]} : {show(e)} = {f} {m} := "
                             f"by exact congrArg {f} (by linarith : {show(arg)} = {m})")
            return c * m + d
        if e.op == "var" and e.value in goal.context:
            raise NotEvaluable("a variable")
        if not e.args:
            return Fraction(value(e))
        return Fraction(value(e.with_args(*(Expr("num", value=evaluate(a), ty=a.ty) for a in e.args))))

    try:
        for side in goal.target.args:
            evaluate(side)
    except (NotEvaluable, ZeroDivisionError, TypeError, ValueError, RecursionError):
        return None
    if len(lines) > 200 or time.monotonic() >= deadline:
        return None
    for closing in ("linarith", "norm_num"):
        script = lines + [closing]
        if certify(goal, "\n".join(script), KernelChecker(checker.cache)).ok:
            return script
    return None
