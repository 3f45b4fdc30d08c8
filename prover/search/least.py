"""A bound on an ℕ/ℤ variable by contradiction and evaluation of each smaller value: the
`lowerBounds` half of `IsLeast {n | P n} a` (and `upperBounds` of `IsGreatest`), once
`constructor` and `intro t ht` have run, and any goal `c ≤ v` / `v ≤ c` whose hypotheses
about `v` are closed arithmetic once `v` is fixed (`Nat.lcm 12 t ^ 3 = (12 * t) ^ 2`, which
omega reads as atoms). It writes

    by_contra hc
    push_neg at hc
    interval_cases t <;> norm_num at ht

(or `<;> omega`): `push_neg` turns `¬c ≤ t` into `t < c`, the upper bound `interval_cases`
reads (ℕ: 0 below; ℤ needs a stated lower bound), and in each case the kernel's
`norm_num at ht` closes the goal when `ht` evaluates to False. Nothing here is trusted: the
script is replayed by the kernel checker before it is returned.

>>> import time
>>> from prover.state import load_theorem
>>> g = load_theorem("theorem t (n : ℕ) (h : 0 < n ∧ n ^ 2 % 7 = 2) : 3 ≤ n").goal
>>> bound_by_cases_leaf(g, KernelChecker(), time.monotonic() + 10)
['by_contra hc', 'push_neg at hc', 'interval_cases n <;> norm_num at h']
"""

from __future__ import annotations

import time

from prover.checkers.base import Closed
from prover.checkers.kernel_checker import KernelChecker, certify
from prover.checkers.sympy_checker import MAX_INTERVAL_CASES
from prover.kernel.terms import accessible
from prover.state import Goal
from prover.syntax.ast import INT, NAT, Expr, free_vars, set_equation, substitute

FLIP = {"ge": "le", "gt": "lt"}


def _bound(goal: Goal):
    """(variable, its type, the case count) when the target is `c ≤ v`, `c < v`, `v ≤ c` or
    `v < c` (or `≥`/`>`) with `v` an ℕ/ℤ variable and `c` a numeral; None otherwise."""
    t = goal.target
    if t.op not in ("le", "lt", "ge", "gt") or t.value not in (NAT, INT):
        return None
    a, b = (t.args[1], t.args[0]) if t.op in FLIP else t.args
    for v, c, lower in ((b, a, True), (a, b, False)):
        if v.op == "var" and c.op == "num" and isinstance(c.value, int) and goal.context.get(v.value) in (NAT, INT):
            if lower and goal.context[v.value] == NAT and 0 <= c.value <= MAX_INTERVAL_CASES:
                return v.value, c.value
            return None   # an upper bound or ℤ: interval_cases needs a bound on the other side
    return None


def bound_by_cases_leaf(goal: Goal, checker: KernelChecker, deadline: float) -> list[str] | None:
    """`by_contra hc`, `push_neg at hc`, `interval_cases v <;> norm_num at …` (or `omega`) for
    a goal `c ≤ v` over ℕ (see the module docstring); None unless the kernel checks it."""
    found = _bound(goal)
    if found is None or time.monotonic() >= deadline:
        return None
    var, _ = found
    names = [n for n, h in goal.hypotheses if var in free_vars(h) and accessible(n)]
    if not names or "hc" in goal.names:
        return None
    if isinstance(checker.apply(goal, "omega"), Closed):
        return ["omega"]
    head = ["by_contra hc", "push_neg at hc"]
    for closer in (f"norm_num at {' '.join(names)}", "omega"):
        if time.monotonic() >= deadline:
            return None
        script = head + [f"interval_cases {var} <;> {closer}"]
        if certify(goal, "\n".join(script), KernelChecker(checker.cache)).ok:
            return script
    return None


def cases_evaluation_leaf(goal: Goal, checker: KernelChecker, deadline: float) -> list[str] | None:
    """One bounded ℕ/ℤ variable `v`, the only one the goal has: conjunctions of bounds named
    (`obtain`), then `interval_cases v <;> norm_num at h₁ … ⊢` over the hypotheses that mention
    `v` — each case closed arithmetic the kernel's `norm_num at` evaluates (sums over
    `Finset.range`, `Nat.sqrt`, `∣`, … that omega does not read). None unless checked."""
    from prover.search.conjunctions import split_comparisons
    if len(goal.variables) != 1 or goal.variables[0][1] not in (NAT, INT) or time.monotonic() >= deadline:
        return None
    var = goal.variables[0][0]
    lines, split = split_comparisons(goal, checker, ("lt", "le", "gt", "ge", "eq", "ne", "dvd"))
    names = [n for n, h in split.hypotheses if var in free_vars(h) and accessible(n)
             and not (h.op in ("lt", "le", "gt", "ge") and free_vars(h) == {var})]
    r = checker.apply(split, f"interval_cases {var}")
    if not names or not hasattr(r, "goals"):
        return None
    for closer in ("omega", f"norm_num at {' '.join(names)} ⊢", f"norm_num at {' '.join(names)}"):
        if time.monotonic() >= deadline:
            return None
        script = lines + [f"interval_cases {var} <;> {closer}"]
        if certify(goal, "\n".join(script), KernelChecker(checker.cache)).ok:
            return script
    return None


# -- IsLeast as a hypothesis: the least element computed, then proved -----------------------

LEAST_LIMIT = MAX_INTERVAL_CASES - 1   # `interval_cases x` below the witness: at most this many cases


def _least_hypotheses(goal: Goal) -> list[tuple[str, str]]:
    """(hypothesis name, element variable) of each `h : IsLeast S x` with x an ℕ variable."""
    out = []
    for name, h in goal.hypotheses:
        if h.op != "and" or not h.origin or "IsLeast" not in h.origin or not accessible(name):
            continue
        bound = h.args[1]
        body = bound.args[0] if bound.op == "forall" else None
        if body is None or body.op != "imp" or body.args[1].op != "le":
            continue
        x = body.args[1].args[0]
        if x.op == "var" and goal.context.get(x.value) == NAT:
            out.append((name, x.value))
    return out


def _set_definitions(goal: Goal) -> dict:
    """S ↦ (hypothesis, binder, P) for each `h : ∀ n, n ∈ S ↔ P n` with S a local set variable."""
    out = {}
    for name, h in goal.hypotheses:
        if h.op != "forall" or h.args[0].op != "iff" or set_equation(h) or not accessible(name):
            continue
        lhs, rhs = h.args[0].args
        bound = h.value[0]
        if lhs.op == "mem" and lhs.args[0].op == "var" and lhs.args[0].value == bound \
                and lhs.args[1].op == "var" and lhs.args[1].value not in free_vars(rhs) and lhs.args[1].value not in out:
            out[lhs.args[1].value] = (name, bound, rhs)
    return out


def _expand(p: Expr, definitions: dict) -> Expr:
    """`p` with every `t ∈ S` of a defined set S replaced by its predicate at t."""
    if p.op == "mem" and p.args[1].op == "var" and p.args[1].value in definitions:
        _, bound, rhs = definitions[p.args[1].value]
        return substitute(rhs, bound, p.args[0])
    if p.op in ("and", "or", "not", "imp", "iff"):
        return p.with_args(*(_expand(a, definitions) for a in p.args))
    return p


def _least(premise: Expr, var: str, definitions: dict) -> int | None:
    """The least k ≤ LEAST_LIMIT at which the membership `premise` (in `var`) evaluates true."""
    from prover.kernel.evaluate import NotEvaluable, holds
    for k in range(LEAST_LIMIT + 1):
        p = _expand(substitute(premise, var, Expr("num", value=k, ty=NAT)), definitions)
        if free_vars(p):
            return None
        try:
            if holds(p):
                return k
        except (NotEvaluable, ArithmeticError, ValueError, RecursionError):
            return None
    return None


def _membership_proof(p: Expr, definitions: dict, closer: str, indent: str) -> list[str]:
    """Tactic lines proving the closed membership `p`: `constructor` on ∧, `(h₀ k).mpr` for a
    defined set, `closer` (norm_num or decide) on the rest."""
    from prover.syntax.printer import show
    if p.op == "and":
        out = [indent + "constructor"]
        for part in p.args:
            inner = _membership_proof(part, definitions, closer, indent + "  ")
            out += [indent + "· " + inner[0].strip()] + inner[1:]
        return out
    if p.op == "mem" and p.args[1].op == "var" and p.args[1].value in definitions:
        return [indent + f"exact ({definitions[p.args[1].value][0]} {show(p.args[0])}).mpr (by {closer})"]
    return [indent + closer]


class _Names:
    def __init__(self, goal: Goal):
        self.used = set(goal.names)

    def __call__(self, base: str) -> str:
        i = 0
        while f"{base}{i}" in self.used:
            i += 1
        self.used.add(f"{base}{i}")
        return f"{base}{i}"


def _facts(name: str, p: Expr, definitions: dict, fresh) -> list[str]:
    """Lines restating the membership `h : p` as plain arithmetic facts omega reads: `obtain`
    on ∧ (rcases unfolds a set membership to its conjunction), `(h₀ x).mp` for a defined set,
    `have f : q := by exact h` for a marked membership (Lean's `exact` unfolds it by defeq)."""
    from prover.syntax.ast import marked_membership
    from prover.syntax.printer import show
    if p.op == "and":
        a, b = fresh("hm"), fresh("hm")
        return [f"obtain ⟨{a}, {b}⟩ := {name}"] + _facts(a, p.args[0], definitions, fresh) \
            + _facts(b, p.args[1], definitions, fresh)
    if p.op == "mem" and p.args[1].op == "var" and p.args[1].value in definitions:
        return [f"have {fresh('hf')} := ({definitions[p.args[1].value][0]} {show(p.args[0])}).mp {name}"]
    if any(x.origin and set(x.origin) <= SET_KINDS for x in marked_membership(p)) \
            and all(set(x.origin) <= SET_KINDS for x in marked_membership(p)):
        return [f"have {fresh('hf')} : {show(p)} := by exact {name}"]
    return []


# Set memberships that are their predicate by definitional unfolding (`exact` accepts either).
SET_KINDS = frozenset({"setOf", "Set.diff", "Set.singleton", "Set.insert", "Set.Icc", "Set.Ico", "Set.Ioc", "Set.Ioo",
                       "Set.Ici", "Set.Ioi", "Set.Iic", "Set.Iio"})


def least_hypotheses_leaf(goal: Goal, checker: KernelChecker, deadline: float) -> list[str] | None:
    """Hypotheses `h : IsLeast S x` (x an ℕ variable; S a set-builder, a set `S` with
    `h₀ : ∀ n, n ∈ S ↔ P n`, or `S \\ {u}`): each least element k is found by evaluating the
    membership at 0, 1, … (untrusted), then proved as Lean would:

        obtain ⟨hm0, hl0⟩ := h₁
        have hw0 : k ∈ S := by
          exact (h₀ k).mpr (by norm_num)
        have hb0 := hl0 hw0                      -- x ≤ k (the strict-implicit lower bound)
        have hf0 := (h₀ x).mp hm0                -- the predicate at x
        have hx0 : x = k := by
          interval_cases x <;> omega
        subst hx0

    in hypothesis order (a later set may mention an earlier element: `S \\ {u}`), then the goal,
    now closed, by norm_num. None unless the kernel checks the whole script.

    >>> from prover.state import load_theorem
    >>> g = load_theorem("theorem t (u : ℕ) (h : IsLeast {n : ℕ | 0 < n ∧ n % 5 = 2} u) : u + 1 = 3").goal
    >>> least_hypotheses_leaf(g, KernelChecker(), time.monotonic() + 10)[-3:]
    ['  interval_cases u <;> omega', 'subst hx0', 'norm_num']
    """
    found = _least_hypotheses(goal)
    if not found or time.monotonic() >= deadline:
        return None
    from prover.syntax.printer import show
    definitions = _set_definitions(goal)
    fresh = _Names(goal)
    lines: list[str] = []
    current = goal
    for hname, x in found:
        h = current.hypothesis(hname)
        if h is None or x not in current.context:
            return None
        bound = h.args[1]
        w, body = bound.value[0], bound.args[0]
        k = _least(body.args[0], w, definitions)
        if k is None or time.monotonic() >= deadline:
            return None
        value = Expr("num", value=k, ty=NAT)
        witness = substitute(body.args[0], w, value)
        for closer in ("norm_num", "decide"):
            proof = _membership_proof(witness, definitions, closer, "")
            if certify(current.with_target(witness), "\n".join(proof), KernelChecker(checker.cache)).ok:
                break
            if time.monotonic() >= deadline:
                return None
        else:
            return None
        m, lo, hw, hb, hx = fresh("hm"), fresh("hl"), fresh("hw"), fresh("hb"), fresh("hx")
        lines += [f"obtain ⟨{m}, {lo}⟩ := {hname}", f"have {hw} : {show(witness)} := by"]
        lines += ["  " + t for t in proof] + [f"have {hb} := {lo} {hw}"] + _facts(m, h.args[0], definitions, fresh)
        lines += [f"have {hx} : {x} = {k} := by", f"  interval_cases {x} <;> omega", f"subst {hx}"]
        current = current.substituted(x, value, drop=True)
    if free_vars(current.target):
        return None
    for closer in ("norm_num", "rfl", "decide"):
        if time.monotonic() >= deadline:
            return None
        if isinstance(checker.close(Goal((), (), current.target), closer), Closed):
            break
    else:
        return None
    script = lines + [closer]
    return script if certify(goal, "\n".join(script), KernelChecker(checker.cache)).ok else None


# -- an exponent bounded by a divisibility: `b ^ v ∣ N` with N ≠ 0 closed ---------------------

def _closed_value(e: Expr) -> int | None:
    from prover.kernel.evaluate import NotEvaluable, Work, enumeration, value
    if free_vars(e) or e.ty != NAT:
        return None
    try:
        with enumeration(Work()):
            v = value(e)
    except (NotEvaluable, ArithmeticError, ValueError, RecursionError):
        return None
    return int(v) if v == int(v) else None


def power_dvd_bound_leaf(goal: Goal, checker: KernelChecker, deadline: float) -> list[str] | None:
    """`v ≤ k` (ℕ) from `h : b ^ v ∣ N` with b ≥ 2 and N ≠ 0 closed (`IsGreatest {n | b ^ n ∣ N} k`
    after `constructor`, `intro n h`), by contradiction:

        by_contra hc
        push_neg at hc                                   -- k < v
        have hk : k + 1 ≤ v := by omega
        have hd := Nat.dvd_trans (Nat.pow_dvd_pow b hk) h  -- b ^ (k+1) ∣ N
        have hn : ¬b ^ (k+1) ∣ N := by decide +kernel
        exact hn hd

    (`decide +kernel` evaluates `N`: `Nat.pow`, `%` GMP-accelerated, `Nat.factorial` by
    structural recursion within the kernel rule's limits). None unless the kernel checks it.

    >>> from prover.state import load_theorem
    >>> g = load_theorem("theorem t (n : ℕ) (h : 2 ^ n ∣ 96) : n ≤ 5").goal
    >>> power_dvd_bound_leaf(g, KernelChecker(), time.monotonic() + 10)[-2:]
    ['have hn0 : ¬2 ^ 6 ∣ 96 := by decide +kernel', 'exact hn0 hd0']
    """
    from prover.syntax.printer import show
    t = goal.target
    if t.op not in ("le", "ge") or t.value != NAT:
        return None
    v, k = t.args if t.op == "le" else t.args[::-1]
    if v.op != "var" or goal.context.get(v.value) != NAT or k.op != "num" or not isinstance(k.value, int):
        return None
    for name, h in goal.hypotheses:
        if not accessible(name) or h.op != "dvd" or h.value != NAT or h.args[0].op != "pow":
            continue
        base, exponent = h.args[0].args
        if exponent != Expr("var", value=v.value, ty=NAT):
            continue
        b, n = _closed_value(base), _closed_value(h.args[1])
        if b is None or b < 2 or not n or time.monotonic() >= deadline:
            continue
        fresh = _Names(goal)
        hc, hk, hd, hn = fresh("hc"), fresh("hk"), fresh("hd"), fresh("hn")
        power = f"{show(base, 100)} ^ {k.value + 1}"
        script = [f"by_contra {hc}", f"push_neg at {hc}", f"have {hk} : {k.value + 1} ≤ {v.value} := by omega",
                  f"have {hd} := Nat.dvd_trans (Nat.pow_dvd_pow {show(base, 100)} {hk}) {name}",
                  f"have {hn} : ¬{power} ∣ {show(h.args[1], 51)} := by decide +kernel", f"exact {hn} {hd}"]
        if certify(goal, "\n".join(script), KernelChecker(checker.cache)).ok:
            return script
    return None


def least_leaf(goal: Goal, checker: KernelChecker, deadline: float, depth: int) -> list[str] | None:
    """This module's finders for IsLeast/IsGreatest problems, each declining cheaply on other
    shapes: IsLeast hypotheses (at the root), an exponent bounded by a divisibility."""
    if depth == 0:
        lines = least_hypotheses_leaf(goal, checker, deadline)
        if lines:
            return lines
    return power_dvd_bound_leaf(goal, checker, deadline)
