"""Checked scripts for `∃` goals (a witness by `use`) and `¬ ∃` goals (`intro` + `obtain`).

`∃ v, P v` over ℕ ℤ ℚ ℝ: one `use w` line per leading binder, then a closer on what is left.
Each `use w` goes through the checker's model of Mathlib's `use` (`prover.checkers.auto_close`:
its discharger `rfl`/`assumption`/`True.intro` may close the goal, and then nothing follows;
when that is unknown the step is refused), so the script is the one Lean runs. Witness
candidates are untrusted guesses; the checker decides:

- the other side of an equation `v = t` / `t = v` in the body (conjuncts and disjuncts), `t`'s
  variables all local (never a name bound inside the body);
- for ℕ/ℤ, `s / c` and `(s - d) / c` from `s = c * v + d` (omega reads `/` by a literal), for
  ℚ/ℝ, `(s - d) / c`;
- values of a Z3 model of hypotheses ∧ body (exact integers/rationals, one per binder);
- local variables of the binder's type, and small numerals (never negative over ℕ).

`¬ ∃ x, P x`: `intro h` (`¬ Q` is `Q → False`), `obtain ⟨x, h⟩ := h` per binder, then the leaf
finders on `False` with `P x` as a hypothesis.

The whole script is certified (`certify`) before it is returned.
"""

from __future__ import annotations

import time
from fractions import Fraction

from prover.checkers.base import Closed, Rejected, Subgoals
from prover.checkers.kernel_checker import KernelChecker, certify
from prover.state import Goal
from prover.syntax.ast import INT, NAT, PROP, RAT, REAL, Expr, free_vars, substitute
from prover.syntax.printer import show

NUMERIC = (NAT, INT, RAT, REAL)
MAX_BINDERS = 4          # leading ∃ binders filled by `use`
MAX_CANDIDATES = 10      # witnesses tried per binder
QUICK = ["norm_num", "rfl", "omega", "linarith", "positivity", "nlinarith", "decide"]


def exists_leaf(goal: Goal, checker: KernelChecker, deadline: float, finders, depth: int = 0) -> list[str] | None:
    """A certified script for an `∃`/`¬ ∃` goal, or None. `finders` is `prover.search.reconstruct`."""
    if time.monotonic() >= deadline or depth > 2:   # (∀ x, P x → ∃ y, …: two intros first)
        return None
    t = goal.target
    if t.op == "exists" and t.value[1] in NUMERIC:
        script = _use_script(goal, checker, deadline, finders, depth)
        if not script and time.monotonic() < deadline:   # `d ∣ n` hypotheses give their quotient first
            pre, g = _divisibility_unfolded(goal, checker)
            rest = _use_script(g, checker, deadline, finders, depth) if pre else None
            script = pre + rest if rest else None
    elif t.op == "exists" and isinstance(t.value[1], tuple):
        script = _function_witness_script(goal, checker, deadline, finders)
    elif t.op == "not" and t.args[0].op == "exists" and t.args[0].value[1] in NUMERIC:
        script = _no_witness_script(goal, checker, deadline, finders, depth)
    else:
        return None
    if script and certify(goal, "\n".join(script), KernelChecker(cache=checker.cache)).ok:
        return script
    return None


# -- ∃: witnesses -------------------------------------------------------------------------

def _function_witness_script(goal: Goal, checker: KernelChecker, deadline: float, finders) -> list[str] | None:
    """`∃ f : α → β, P f`: `refine ⟨a, ?_⟩` with each local function `a` of that type (no
    discharger runs), then the leaf finders on `P a` (`∀ n, a n = a n`: `intro n`, `rfl`)."""
    ty = goal.target.value[1]
    for a in [n for n, t in goal.variables if t == ty and "✝" not in n][:MAX_CANDIDATES]:
        if time.monotonic() >= deadline:
            return None
        line = f"refine ⟨{a}, ?_⟩"
        r = checker.apply(goal, line, budget_s=1.0)
        if not (isinstance(r, Subgoals) and len(r.goals) == 1):
            continue
        share = min(deadline, time.monotonic() + max(1.0, (deadline - time.monotonic()) / 2))
        leaf = finders.reconstruct_leaf(r.goals[0], "", "z3", share, checker, 0)
        if not leaf.missing:
            return [line] + leaf.lines
    return None


def _use_script(goal: Goal, checker: KernelChecker, deadline: float, finders, depth: int) -> list[str] | None:
    model = _model_witnesses(goal)
    # a quick pass (cheap closers on every candidate), then the full finders on the first few
    for full in (False, True):
        until = deadline if full else deadline - (deadline - time.monotonic()) / 2   # the quick pass: half
        script = _fill(goal, checker, until, finders, depth, model, full, MAX_BINDERS)
        if script:
            return script
        if time.monotonic() >= deadline:
            return None
    return None


def _fill(goal: Goal, checker: KernelChecker, deadline: float, finders, depth: int, model: list,
          full: bool, binders_left: int) -> list[str] | None:
    cands = candidates(goal, model)
    nested = binders_left < MAX_BINDERS   # fewer candidates under an outer choice: the product stays small
    cands = cands[:(2 if nested else 3) if full else (4 if nested else MAX_CANDIDATES)]
    for w in cands:
        if time.monotonic() >= deadline:
            return None
        line = f"use {w}"
        try:
            r = checker.apply(goal, line, budget_s=1.0)
            if isinstance(r, Rejected) and "discharger" in r.reason:
                # whether `use`'s discharger closes the rest is unknown (ℕ literal arithmetic):
                # `refine ⟨w, ?_⟩` runs none
                line = f"refine ⟨{w}, ?_⟩"
                r = checker.apply(goal, line, budget_s=1.0)
        except Exception:   # a witness the elaborator refuses
            continue
        if isinstance(r, Closed):
            return [line]
        if not (isinstance(r, Subgoals) and len(r.goals) == 1):
            continue
        rest = r.goals[0]
        if _refuted(rest):
            continue   # a wrong witness: the goal left is false at values the evaluator confirms
        if rest.target.op == "exists" and rest.target.value[1] in NUMERIC and binders_left > 1:
            tail = _fill(rest, checker, deadline, finders, depth, model[1:], full, binders_left - 1)
        elif full:
            share = min(deadline, time.monotonic() + max(1.0, (deadline - time.monotonic()) / 3))
            # a rest without ∃ gets every finder (the depth-0 ones too: field_simp, division); each
            # such call removes a binder, so this terminates
            leaf = finders.reconstruct_leaf(rest, "", "z3", share, checker,
                                            depth + 1 if rest.target.op == "exists" else 0)
            tail = None if leaf.missing else leaf.lines
        else:
            found = finders._first_checked(rest, QUICK, checker, min(deadline, time.monotonic() + 2.0))
            tail = [found] if found else None
        if tail:
            return [line] + tail
    return None


def _divisibility_unfolded(goal: Goal, checker: KernelChecker, exists: bool = False) -> tuple[list[str], Goal]:
    """`obtain ⟨k, hk⟩ := h` for each hypothesis `h : d ∣ n` over ℕ/ℤ (`hk : n = d * k`); with
    `exists`, also for each `h : ∃ k, …` with one ℕ/ℤ binder (its name kept when accessible)."""
    lines, g = [], goal
    for name, h in goal.hypotheses:
        opens = h.op == "dvd" and h.value in (NAT, INT) or exists and h.op == "exists" and h.value[1] in (NAT, INT)
        if not opens or "✝" in name:
            continue
        k = g.fresh_name(h.value[0] if h.op == "exists" and "✝" not in h.value[0] else "k")
        hk = g.fresh_name("hk")
        line = f"obtain ⟨{k}, {hk}⟩ := {name}"
        r = checker.apply(g, line)
        if isinstance(r, Subgoals) and len(r.goals) == 1:
            lines.append(line)
            g = r.goals[0]
    return lines, g


def _refuted(goal: Goal) -> bool:
    """Is `goal` false at some values (Z3's model, confirmed by the kernel's evaluator)? Only prunes."""
    from prover.kernel.evaluate import holds
    from prover.search.counterexample import counterexample
    try:
        if not goal.variables and not goal.hypotheses and not free_vars(goal.target):
            return holds(goal.target) is False   # closed: the kernel's exact evaluator
        return counterexample(goal, 300) is not None
    except Exception:
        return False


def candidates(goal: Goal, model: list | None = None) -> list[str]:
    """Witness texts for the first binder of `∃ v, P v` (untrusted: the checker decides)."""
    v, ty = goal.target.value
    body = goal.target.args[0]
    bound = {x.value[0] for x in body.walk() if x.op in ("exists", "forall", "lambda", "exists_unique")
             and isinstance(x.value, tuple)}
    local = {n for n, _ in goal.variables} - bound   # a name the body rebinds means the bound one there
    out: list[str] = []

    def add(e: Expr | str):
        text = e if isinstance(e, str) else f"({show(e)})"
        if text not in out:
            out.append(text)

    solved = []   # (side, other) with `other` linear in v
    for eq in _equations(body):
        for side, other in ((eq.args[0], eq.args[1]), (eq.args[1], eq.args[0])):
            if side.ty != ty or v in free_vars(side) or not free_vars(side) <= local:
                continue
            if other.op == "var" and other.value == v:
                add(side)
            else:
                solved.append((side, other))
    if model and model[0] is not None:
        value = model[0]
        if not (ty == NAT and value < 0) and not (ty in (NAT, INT) and Fraction(value).denominator != 1):
            add(_text(value))
    for side, other in solved:
        lin = _linear_in(other, v)
        if lin is None:
            continue
        c, d = lin
        num = side if d is None else Expr("sub", (side, d), ty=ty)
        if c.op == "num" and c.value == 1:
            add(num)
        else:
            add(Expr("div", (num, c), ty=ty))
            if d is not None and ty in (NAT, INT):
                add(Expr("div", (side, c), ty=ty))
    for n, t in goal.variables:
        if t == ty:
            add(n)
    for k in (0, 1, 2, -1, 3):
        if not (ty == NAT and k < 0):
            add(_text(k))
    return out[:MAX_CANDIDATES]


def _text(value) -> str:
    value = Fraction(value)
    if value.denominator == 1:
        return f"({value.numerator})" if value < 0 else str(value.numerator)
    return f"({value.numerator} / {value.denominator})"


def _equations(e: Expr) -> list[Expr]:
    if e.op == "eq":
        return [e]
    if e.op in ("and", "or"):
        return [x for a in e.args for x in _equations(a)]
    return []


def _linear_in(e: Expr, v: str) -> tuple[Expr, Expr | None] | None:
    """(c, d) with e = c * v + d (c a positive numeral, d free of v or None), read off the tree."""
    def coeff(t: Expr):
        if t.op == "var" and t.value == v:
            return Expr("num", value=1, ty=t.ty)
        if t.op == "mul" and t.args[1].op == "var" and t.args[1].value == v and t.args[0].op == "num" \
                and t.args[0].value:
            return t.args[0]
        if t.op == "mul" and t.args[0].op == "var" and t.args[0].value == v and t.args[1].op == "num" \
                and t.args[1].value:
            return t.args[1]
        return None
    c = coeff(e)
    if c is not None:
        return c, None
    if e.op == "add":
        for a, b in ((e.args[0], e.args[1]), (e.args[1], e.args[0])):
            c = coeff(a)
            if c is not None and v not in free_vars(b):
                return c, b
    return None


def _model_witnesses(goal: Goal) -> list:
    """Values of the leading binders in a Z3 model of hypotheses ∧ body (guesses), or []."""
    from prover.search.counterexample import _model
    g, names = goal, []
    target = goal.target
    while target.op == "exists" and target.value[1] in NUMERIC and len(names) < MAX_BINDERS:
        name, ty = target.value
        fresh = g.fresh_name(f"{name}_w")
        g = g.with_variable(fresh, ty)
        target = substitute(target.args[0], name, Expr("var", value=fresh, ty=ty))
        names.append(fresh)
    if not names:
        return []
    try:
        values = _model(g.with_hypothesis(g.fresh_name("hw"), target).with_target(Expr("true", ty=PROP)),
                        300, negate=False)
    except Exception:
        return []
    if not values:
        return []
    return [values.get(n) for n in names]


# -- ¬ ∃: no witness ----------------------------------------------------------------------

def _no_witness_script(goal: Goal, checker: KernelChecker, deadline: float, finders, depth: int) -> list[str] | None:
    h = goal.fresh_name("h")
    lines = [f"intro {h}"]
    r = checker.apply(goal, lines[0])
    if not (isinstance(r, Subgoals) and len(r.goals) == 1):
        return None
    g = r.goals[0]
    while True:
        hyp = g.hypothesis(h)
        if hyp is None or hyp.op != "exists" or hyp.value[1] not in NUMERIC:
            break
        x = g.fresh_name(hyp.value[0]) if hyp.value[0] in g.names else hyp.value[0]
        line = f"obtain ⟨{x}, {h}⟩ := {h}"
        r = checker.apply(g, line)
        if not (isinstance(r, Subgoals) and len(r.goals) == 1):
            return None
        lines.append(line)
        g = r.goals[0]
    if len(lines) == 1:
        return None
    script = _strict_bound_script(goal, g, h, lines, checker, deadline - (deadline - time.monotonic()) / 3, finders, depth)
    if script:
        return script
    leaf = finders.reconstruct_leaf(g, "", "z3", deadline, checker, depth + 1)
    return None if leaf.missing else lines + leaf.lines


def _strict_bound_script(goal: Goal, g: Goal, h: str, lines: list[str], checker: KernelChecker, deadline: float,
                         finders, depth: int) -> list[str] | None:
    """`h : L = R`: a one-line proof of `R < L` (or `L < R`) from the other facts, then linarith.
    The side holding at the origin is tried first (a guess; the kernel checks the proof)."""
    from prover.kernel.evaluate import holds
    body = g.hypothesis(h)
    if body is None or body.op != "eq" or body.args[0].ty not in (INT, RAT, REAL):
        return None
    others = Goal(g.variables, tuple((n, x) for n, x in g.hypotheses if n != h), g.target)
    orders = [body.args, body.args[::-1]]
    try:
        at_zero = Expr("lt", (body.args[1], body.args[0]), value=body.args[0].ty, ty=PROP)
        for n, ty in g.variables:
            at_zero = substitute(at_zero, n, Expr("num", value=0, ty=ty))
        if holds(at_zero) is False:
            orders.reverse()
    except Exception:
        pass
    for k, (a, b) in enumerate(orders):
        key = Expr("lt", (b, a), value=a.ty, ty=PROP)   # (a comparison carries its type)
        if time.monotonic() >= deadline:
            return None
        until = deadline if k else deadline - (deadline - time.monotonic()) / 4
        leaf = finders.reconstruct_leaf(others.with_target(key), "", "z3", until, checker, depth + 1)
        if leaf.missing or len(leaf.lines) != 1:
            continue
        name = g.fresh_name("hpos")
        script = lines + [f"have {name} : {show(key)} := by {leaf.lines[0]}", "linarith"]
        if certify(goal, "\n".join(script), KernelChecker(cache=checker.cache)).ok:
            return script
    return None
