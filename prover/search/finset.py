"""Checked scripts for goals about closed Finset computations (`∑`, `∏`, `Finset.card` over
ranges, intervals, filters, divisors), closed by the kernel's `decide +kernel` rule.

Untrusted: each script is certified (`certify`) before it is returned. The shapes proposed:

- a closed goal: `decide +kernel`;
- `x = t` hypotheses with a closed right side (a Finset term, or x inside one of the goal's:
  `(h : n = 15) ⊢ φ n = 8`): `subst h` first (x then disappears);
- `∀ n, f n = e` hypotheses of local functions the goal applies (under a `∑` binder):
  `simp only [h₀, …] <;> decide +kernel` (simp rewrites under binders; `rw` does not);
- a Finset term inside a hypothesis or an open goal, closed once the functions defined by
  ∀-equations are unfolded (`77 ∣ (∑ k ∈ range 101, k) - x`, `(∑ k ∈ range 2003, u k) - …`):
  `have hfsN : t = v := by decide +kernel` (or `by simp only [h₀] <;> decide +kernel`), each
  within its own work limit, then a closer (`omega` reads each `t` as an atom, as Lean's omega
  does), else `rw [hfsN] at h` first.
"""

from __future__ import annotations

import time

from prover.checkers.base import Closed, Subgoals
from prover.checkers.kernel_checker import KernelChecker, certify
from prover.state import Goal
from prover.syntax.ast import INT, NAT, free_vars
from prover.syntax.printer import show

DECIDE = "decide +kernel"
CLOSERS = ["omega", "norm_num", "linarith", "decide", DECIDE]
FINSET_OPS = ("sum", "prod", "card")


def _finset_term(e) -> bool:
    # `Nat.totient n` is `#{a ∈ range n | n.Coprime a}` (a Finset card by definition)
    return any(x.op in FINSET_OPS or (x.op == "call" and x.value in ("Nat.choose", "Nat.totient")) for x in e.walk())


def _in_finset_term(var: str, e) -> bool:
    """Whether `var` occurs inside a Finset computation of `e` (`φ n`, `∑ k ∈ range n, …`)."""
    return any((x.op in FINSET_OPS or (x.op == "call" and x.value in ("Nat.choose", "Nat.totient")))
               and var in free_vars(x) for x in e.walk())


def finset_leaf(goal: Goal, checker: KernelChecker, deadline: float, finders) -> list[str] | None:
    """A certified script, or None (`finders` is `prover.search.reconstruct`)."""
    props = [goal.target] + [h for _, h in goal.hypotheses]
    if time.monotonic() >= deadline or not any(_finset_term(p) for p in props):
        return None
    script = _script(goal, checker, deadline, finders)
    if script and certify(goal, "\n".join(script), KernelChecker(cache=checker.cache)).ok:
        return script
    return None


def _after(goal: Goal, line: str, checker: KernelChecker) -> Goal | None:
    r = checker.apply(goal, line)
    return r.goals[0] if isinstance(r, Subgoals) and len(r.goals) == 1 else None


def _script(goal: Goal, checker: KernelChecker, deadline: float, finders) -> list[str] | None:
    lines: list[str] = []
    for _ in range(4):   # `subst` each variable defined by a closed term
        name = next((n for n, h in goal.hypotheses if h.op == "eq" and h.value in (NAT, INT)
                     and h.args[0].op == "var" and h.args[0].value in goal.context
                     and not free_vars(h.args[1]) and (_finset_term(h.args[1])
                                                      or _in_finset_term(h.args[0].value, goal.target))), None)
        if name is None:
            break
        nxt = _after(goal, f"subst {name}", checker)
        if nxt is None:
            break
        lines.append(f"subst {name}")
        goal = nxt
    if not free_vars(goal.target) and _finset_term(goal.target):
        if isinstance(checker.close(goal, DECIDE), Closed):
            return lines + [DECIDE]
    used = _function_equations(goal)
    if used:
        for then in (DECIDE, "norm_num"):   # norm_num: sums of ℝ/ℚ values over `Finset.range`
            line = f"simp only [{', '.join(used)}] <;> {then}"
            if isinstance(checker.close(goal, line), Closed):
                return lines + [line]
    rest = _evaluate_closed_terms(goal, checker, deadline, finders)
    return lines + rest if rest else None


def _function_equations(goal: Goal, everywhere: bool = False) -> list[str]:
    """Hypotheses `∀ x…, f x… = e` whose function the goal (or, `everywhere`, any
    proposition) applies."""
    props = [goal.target] + ([h for _, h in goal.hypotheses] if everywhere else [])
    applied = {x.value for p in props for x in p.walk() if x.op == "apply"}
    out = []
    for n, h in goal.hypotheses:
        body = h
        while body.op == "forall":
            body = body.args[0]
        if h.op == "forall" and body.op == "eq" and body.args[0].op == "apply" and body.args[0].value in applied:
            out.append(n)
    return out


def _closed_finset_terms(e, defined: dict) -> list:
    """Maximal ℕ/ℤ subterms of `e` that are `∑`, `∏` or `card` and closed once the functions
    `defined` by ∀-equations are unfolded (pre-order)."""
    if e.op in FINSET_OPS and e.ty in (NAT, INT) and free_vars(e) <= set(defined):
        return [e]
    if e.op in ("sum", "prod", "lambda", "forall", "exists", "setof"):
        return []   # a bound variable may occur below
    return [t for a in e.args for t in _closed_finset_terms(a, defined)]


def _evaluate_closed_terms(goal: Goal, checker: KernelChecker, deadline: float, finders) -> list[str] | None:
    """`have hfsN : t = v := by decide +kernel` (or `by simp only [h] <;> decide +kernel` when t
    applies functions defined by ∀-equations) for each closed Finset term t of the goal and the
    hypotheses; then a closer (omega reads each `t` as an atom), else `rw [hfsN] at h` first."""
    from prover.kernel.evaluate import NotEvaluable, Work, enumeration, value
    from prover.kernel.lemmas import BadHint
    from prover.kernel.tactics import _rewrite_applications
    from prover.syntax.ast import alpha_equal
    defined = {}
    for n in _function_equations(goal, everywhere=True):
        rules = _function_equations_rules(goal, n)
        if rules is not None:
            defined[next(iter(rules))] = (n, rules)
    haves: list[str] = []
    done: list = []   # (term, name, where)
    places = [("⊢", goal.target)] + [(n, h) for n, h in goal.hypotheses]
    for where, p in places:
        for t in _closed_finset_terms(p, defined):
            seen = next((nm for u, nm, _ in done if alpha_equal(u, t)), None)
            if seen is not None:
                done.append((t, seen, where))
                continue
            used = sorted(f for f in free_vars(t) if f in defined)
            closed = t
            try:
                for f in used:
                    rules = defined[f][1]
                    params, rhs = rules[f]
                    closed = _rewrite_applications(closed, rules, {f} | (free_vars(rhs) - set(params)))
                with enumeration(Work()):
                    v = value(closed)
            except (NotEvaluable, BadHint, ZeroDivisionError, OverflowError, RecursionError):
                continue
            name = f"hfs{len(haves)}"
            proof = f"simp only [{', '.join(defined[f][0] for f in used)}] <;> {DECIDE}" if used else DECIDE
            have = f"have {name} : ({show(t)}) = {v if v >= 0 else f'({v})'} := by {proof}"
            nxt = _after(goal, have, checker)
            if nxt is None:
                continue
            haves.append(have)
            done.append((t, name, where))
            goal = nxt
            if time.monotonic() >= deadline:
                return None
    if not haves:
        return None
    found = finders._first_checked(goal, CLOSERS, checker, deadline)
    if found:
        return haves + [found]
    lines = list(haves)
    for _, name, where in done:   # the values written in: `rw [hfs0] at h₁`
        rw = f"rw [{name}]" if where == "⊢" else f"rw [{name}] at {where}"
        after = _after(goal, rw, checker)
        if after is not None:
            lines.append(rw)
            goal = after
    found = finders._first_checked(goal, CLOSERS, checker, deadline) if len(lines) > len(haves) else None
    return lines + [found] if found else None


def _function_equations_rules(goal: Goal, name: str):
    from prover.kernel.tactics import _function_equations as rules_of
    rules = rules_of(goal, [name])
    return None if isinstance(rules, str) else rules
