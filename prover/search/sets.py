"""Checked scripts for goals about sets given by their members (untrusted: every script is
certified by the kernel checker before it is returned).

- A set equation `S = T` with `h₀ : ∀ x, x ∈ S ↔ x ∈ T`: `exact Set.ext h₀` / `exact Finset.ext h₀`.
- A Finset ℕ defined by membership, `h₀ : ∀ n, n ∈ S ↔ P n`, in a goal about `S.card` or
  `∑ k ∈ S, f k`: S is shown to be a filter of a range, then the goal is computed:

      have hS : S = Finset.filter (fun n => P n) (Finset.range N) := by
        ext n
        simp only [Finset.mem_filter, Finset.mem_range, h₀]
        constructor
        · intro h
          constructor
          · <bound: n < N from P n>
          · exact h
        · intro h
          obtain ⟨_, h2⟩ := h
          exact h2
      rw [hS]
      decide +kernel

  N is the least bound the oracle confirms among the numerals of P (each `c + 1`); the bound
  proof is `omega`, `linarith`, `nlinarith`, or `linarith [Nat.le_of_dvd (by norm_num : 0 < c) h]`
  for `P n = n ∣ c`. Over ℤ the domain is `Finset.Icc lo hi` (`Finset.mem_Icc`; lo, hi the
  extreme members found by evaluation in a window around P's numerals, confirmed by the oracle;
  the bound by `constructor <;> linarith [abs_lt.mp h]`, omega, linarith, nlinarith). Local
  functions of P defined by `∀ x, f x = e` hypotheses are listed to simp, which unfolds them.
"""

from __future__ import annotations

import time
from fractions import Fraction

from prover.checkers.kernel_checker import KernelChecker, certify
from prover.state import Goal
from prover.syntax.ast import INT, NAT, PROP, Expr, free_vars, set_equation, substitute
from prover.syntax.printer import show

MAX_BOUND = 2000   # `decide +kernel` enumerates the range: larger ones exceed its work limit anyway


def sets_leaf(goal: Goal, checker: KernelChecker, deadline: float) -> list[str] | None:
    family = set_equation(goal.target)
    if family:
        for name, h in goal.hypotheses:
            if h.op == "forall" and h.args[0].op == "iff" and not set_equation(h):
                line = f"exact {family} {name}"
                if certify(goal, line, KernelChecker(cache=checker.cache)).ok:
                    return [line]
        return None
    for name, s, bound, pred in _definitions(goal):
        if time.monotonic() >= deadline:
            return None
        pre, here = _closed_values(goal, name, pred, checker)
        if pre:
            pred = next((p for n, _, _, p in _definitions(here) if n == name), None)
            if pred is None:
                continue
        functions = _function_names(here, pred)
        plain = _unfolded(here, pred, functions)
        if plain is None or not free_vars(plain) <= {bound}:
            continue
        ty = here.context[s][1]
        script = _filter_script(here, name, s, bound, plain, ty, functions, checker, deadline)
        if script:
            return pre + script
    return None


def _closed_values(goal: Goal, name: str, pred: Expr, checker: KernelChecker) -> tuple[list[str], Goal]:
    """`have hv : Nat.sqrt 196 = 14 := by norm_num` and `rw [hv] at h₀` for each closed ℕ call
    of P that `decide +kernel` does not reduce (`Nat.sqrt`, well-founded): norm_num evaluates it."""
    from prover.checkers.base import Subgoals
    from prover.kernel.evaluate import NotEvaluable, value
    from prover.kernel.tactics import KERNEL_CALLS
    lines: list[str] = []
    for t in [x for x in pred.walk() if x.op == "call" and x.ty == NAT and x.value not in KERNEL_CALLS
              and not free_vars(x)]:
        try:
            v = value(t)
        except (NotEvaluable, ArithmeticError, ValueError):
            return [], goal
        hv = goal.fresh_name("hv")
        step = [f"have {hv} : {show(t)} = {int(v)} := by norm_num", f"rw [{hv}] at {name}"]
        after = goal
        for line in step:
            r = checker.apply(after, line)
            if not isinstance(r, Subgoals) or len(r.goals) != 1:
                return [], goal
            after = r.goals[0]
        lines += step
        goal = after
    return lines, goal


def _function_names(goal: Goal, pred: Expr) -> list[str]:
    """The hypotheses `∀ x, f x = e` of the local functions P applies (simp rewrites with them)."""
    from prover.kernel.tactics import _function_equations
    applied = {x.value for x in pred.walk() if x.op == "apply"}
    names = []
    for name, h in goal.hypotheses:
        body = h
        while body.op == "forall" and not set_equation(body):
            body = body.args[0]
        if "✝" not in name and body.op == "eq" and body.args[0].op == "apply" and body.args[0].value in applied \
                and not isinstance(_function_equations(goal, [name]), str):
            names.append(name)
    return names


def _unfolded(goal: Goal, pred: Expr, names: list[str]) -> Expr | None:
    from prover.kernel.lemmas import BadHint
    from prover.kernel.tactics import _function_equations, _rewrite_applications
    if not names:
        return pred
    rules = _function_equations(goal, names)
    if isinstance(rules, str):
        return None
    outer = set(rules)
    for params, rhs in rules.values():
        outer |= free_vars(rhs) - set(params)
    try:
        return _rewrite_applications(pred, rules, outer)
    except BadHint:
        return None


def _definitions(goal: Goal):
    """`(h₀, S, n, P)` for each hypothesis `h₀ : ∀ n, n ∈ S ↔ P n` with S a local `Finset ℕ`
    (or `Finset ℤ`) that the goal mentions inside a `card` or a `∑`/`∏`, P not mentioning S
    (its local functions defined by `∀ x, f x = e` hypotheses)."""
    used = {x.args[0].value for x in goal.target.walk() if x.op in ("card", "sum", "prod") and x.args
            and x.args[0].op == "var"}
    for name, h in goal.hypotheses:
        if h.op != "forall" or set_equation(h) or h.args[0].op != "iff" or "✝" in name:
            continue
        lhs, rhs = h.args[0].args
        bound = h.value[0]
        if lhs.op == "mem" and lhs.args[0].op == "var" and lhs.args[0].value == bound and lhs.args[1].op == "var" \
                and lhs.args[1].value in used and goal.context.get(lhs.args[1].value) in (("Finset", NAT), ("Finset", INT)) \
                and lhs.args[1].value not in free_vars(rhs):
            yield name, lhs.args[1].value, bound, rhs


def _numerals(p: Expr) -> list[int]:
    return sorted({int(x.value) for x in p.walk() if x.op == "num" and x.ty == NAT
                   and float(x.value).is_integer() and 0 <= x.value < MAX_BOUND})


def _least_bound(goal: Goal, bound: str, pred: Expr, deadline: float) -> int | None:
    """The least `c + 1` (c a numeral of P) with `P n → n < c + 1`, by the oracle."""
    from prover.decide.auto import decide
    v = Expr("var", value=bound, ty=NAT)
    for c in _numerals(pred):
        left = deadline - time.monotonic()
        if left <= 0.05:
            return None
        target = Expr("lt", (v, Expr("num", value=c + 1, ty=NAT)), value=NAT, ty=PROP)
        probe = Goal(((bound, NAT),), (("h", pred),), target)
        if decide(probe, budget_s=min(left, 1.0)) is not None:
            return c + 1
    return None


def _int_bounds(bound: str, pred: Expr, deadline: float) -> tuple[int, int] | None:
    """`(lo, hi)` over ℤ: the least and greatest members of P in a window around its numerals
    (evaluated exactly), confirmed by the oracle as bounds of every member."""
    from prover.decide.auto import decide
    from prover.kernel.evaluate import NotEvaluable, holds
    width = 2 * sum(abs(int(x.value)) for x in pred.walk() if x.op == "num" and float(x.value).is_integer()) + 2
    if width > MAX_BOUND:
        return None
    members = []
    for k in range(-width, width + 1):
        try:
            if holds(substitute(pred, bound, Expr("num", value=k, ty=INT))):
                members.append(k)
        except (NotEvaluable, ArithmeticError, ValueError):
            return None
    if not members or time.monotonic() >= deadline:
        return None
    lo, hi = min(members), max(members)
    v = Expr("var", value=bound, ty=INT)
    target = Expr("and", (Expr("le", (Expr("num", value=lo, ty=INT), v), value=INT, ty=PROP),
                          Expr("le", (v, Expr("num", value=hi, ty=INT)), value=INT, ty=PROP)), ty=PROP)
    probe = Goal(((bound, INT),), (("h", pred),), target)
    if decide(probe, budget_s=min(max(deadline - time.monotonic(), 0.05), 1.0)) is None:
        return None
    return lo, hi


def _congruence_pairs(pred: Expr, bound: str) -> list[tuple[int, int]]:
    """The literals (a, b) of each `a % n = b % n` (`a ≡ b [MOD n]`) in P with a ≠ b and n the
    bound variable: no n above both satisfies it (`Nat.mod_eq_of_lt` makes both sides literals)."""
    n = Expr("var", value=bound, ty=NAT)
    out: list[tuple[int, int]] = []
    for e in pred.walk():
        if e.op == "eq" and e.value == NAT and all(a.op == "mod" and a.args[1] == n and a.args[0].op == "num"
                                                  for a in e.args) and e.args[0].args[0] != e.args[1].args[0]:
            pair = tuple(sorted(int(a.args[0].value) for a in e.args))
            if pair not in out:
                out.append(pair)
    return sorted(out, key=max)


def _bound_tactics(pred: Expr, h: str, hd: str, bound: str = "", x: str = "", hc: str = "hc") -> list[list[str]]:
    """Proofs of `x < N` from `h : P x` (lines of one bullet); `bound` is P's variable."""
    def le_of_dvd(p: Expr, name: str) -> str | None:
        if p.op == "dvd" and p.args[1].op == "num" and p.args[1].value > 0:
            return f"linarith [Nat.le_of_dvd (by norm_num : 0 < {int(p.args[1].value)}) {name}]"
        return None
    out = [["omega"], ["linarith"], ["nlinarith"]]
    for pair in reversed(_congruence_pairs(pred, bound) if bound and x else []):
        # `171 ≡ 80 [MOD x]` fails for x > 171: both remainders are the literals themselves
        lines = [f"by_contra {hc}", f"push_neg at {hc}"] + [
            f"have {hc}{i} := Nat.mod_eq_of_lt (by omega : {a} < {x})" for i, a in enumerate(pair)]
        out[:0] = [lines + ["simp only [Nat.ModEq] at * <;> omega"], lines + ["omega"]]
    if le_of_dvd(pred, h):
        out.insert(0, [le_of_dvd(pred, h)])
    elif pred.op == "and":   # `0 < n ∧ n ∣ c`: the divisibility conjunct by `obtain` first
        for i, part in enumerate(pred.args):
            if le_of_dvd(part, hd):
                pattern = f"⟨{hd}, _⟩" if i == 0 else f"⟨_, {hd}⟩"
                out.insert(0, [f"obtain {pattern} := {h}", le_of_dvd(part, hd)])
    return out


def _sqrt_bounds(pred: Expr, bound: str) -> list[tuple[str, Fraction, int]] | None:
    """`√↑n < c` ↦ ("upper", c, ⌈c²⌉) and `c < √↑n` ↦ ("lower", c, ⌊c²⌋) for each conjunct of P
    (one or two, c a positive rational literal; P n ⟺ n < ⌈c²⌉ ∧ ⌊c²⌋ < n); None otherwise."""
    from math import ceil, floor

    from prover.kernel.evaluate import NotEvaluable, value
    from prover.syntax.ast import REAL
    root = Expr("call", (Expr("cast", (Expr("var", value=bound, ty=NAT),), value=REAL, ty=REAL),),
                value="Real.sqrt", ty=REAL)
    parts = list(pred.args) if pred.op == "and" else [pred]
    if len(parts) > 2 or any(p.op == "and" for p in parts):
        return None
    out = []
    for p in parts:
        if p.op != "lt" or p.value != REAL or root not in p.args:
            return None
        c = p.args[1] if p.args[0] == root else p.args[0]
        if free_vars(c) or not all(x.op in ("num", "div") for x in c.walk()):
            return None
        try:
            v = Fraction(value(c))
        except (NotEvaluable, ArithmeticError, ValueError):
            return None
        if v <= 0 or v * v > MAX_BOUND:
            return None
        out.append(("upper", c, ceil(v * v)) if p.args[0] == root else ("lower", c, floor(v * v)))
    return out


def _sqrt_script(goal: Goal, name: str, s: str, bound: str, pred: Expr, checker: KernelChecker,
                 deadline: float) -> list[str] | None:
    """P a conjunction of `√↑n < c` / `c < √↑n` (`_sqrt_bounds`): S is the filter of
    `n < ⌈c²⌉ ∧ ⌊c²⌋ < n` over a range, each side moved across the root by
    `Real.sqrt_lt' (hy : 0 < y) : √x < y ↔ x < y ^ 2` / `Real.lt_sqrt (hx : 0 ≤ x) : x < √y ↔ x ^ 2 < y`
    and across the cast by `exact_mod_cast`."""
    parts = _sqrt_bounds(pred, bound)
    if not parts:
        return None
    hs, x, h = (goal.fresh_name(b) for b in ("hS", "n", "h"))
    top = min([k for kind, _, k in parts if kind == "upper"], default=None)
    if top is None:
        return None
    nat = [f"{x} < {k}" if kind == "upper" else f"{k} < {x}" for kind, _, k in parts]
    real = [f"({x} : ℝ) < {k}" if kind == "upper" else f"({k} : ℝ) < {x}" for kind, _, k in parts]
    lemma = {"upper": ("Real.sqrt_lt'", "<"), "lower": ("Real.lt_sqrt", "≤")}
    forward = [f"obtain ⟨{h}0, {h}1⟩ := {h}"] if len(parts) == 2 else [f"have {h}0 := {h}"]
    backward = []
    for i, (kind, c, k) in enumerate(parts):
        lem, rel = lemma[kind]
        pos = f"(by norm_num : (0 : ℝ) {rel} {show(c)})"
        forward += [f"have e{i} := ({lem} {pos}).mp {h}{i}", f"have c{i} : {real[i]} := by linarith",
                    f"have d{i} : {nat[i]} := by exact_mod_cast c{i}"]
        near = f"{x} ≤ {k - 1}" if kind == "upper" else f"{k + 1} ≤ {x}"
        near_real = f"({x} : ℝ) ≤ {k - 1}" if kind == "upper" else f"({k + 1} : ℝ) ≤ {x}"
        side = (f"({x} : ℝ) < ({show(c)}) ^ 2" if kind == "upper" else f"({show(c)} : ℝ) ^ 2 < {x}")
        backward += [f"have d{i} : {near} := by omega", f"have c{i} : {near_real} := by exact_mod_cast d{i}"]
        parts[i] = (kind, c, k, f"exact ({lem} {pos}).mpr (by linarith : {side})")
    closing = [parts[0][3]] if len(parts) == 1 else ["constructor", f"· {parts[0][3]}", f"· {parts[1][3]}"]
    body = "\n".join(["ext " + x, "simp only [Finset.mem_filter, Finset.mem_range, " + name + "]", "constructor",
                       f"· intro {h}"] + ["  " + t for t in forward + ["omega"]] + [f"· intro {h}"]
                      + ["  " + t for t in backward + closing])
    have = f"have {hs} : {s} = Finset.filter (fun {x} => {' ∧ '.join(nat)}) (Finset.range {top}) := by\n" \
        + "\n".join("  " + t for t in body.split("\n"))
    script = [have, f"rw [{hs}]", "decide +kernel"]
    if time.monotonic() < deadline and certify(goal, "\n".join(script), KernelChecker(cache=checker.cache)).ok:
        return script
    return None


def _filter_script(goal: Goal, name: str, s: str, bound: str, pred: Expr, ty, functions: list[str],
                   checker: KernelChecker, deadline: float) -> list[str] | None:
    if ty == NAT and any(e.op == "call" and e.value == "Real.sqrt" for e in pred.walk()):
        return _sqrt_script(goal, name, s, bound, pred, checker, deadline)
    hs, x, h, h2, hd = (goal.fresh_name(b) for b in ("hS", "n", "h", "h2", "hd"))
    if ty == NAT:
        n_max = _least_bound(goal, bound, pred, deadline)
        if n_max is None:
            return None
        pairs = _congruence_pairs(pred, bound)
        if pairs and max(pairs[0]) < MAX_BOUND:
            # the least bound may hold for other reasons; above the pair, `Nat.mod_eq_of_lt` proves it
            n_max = max(n_max, max(pairs[0]) + 1)
        domain, lemma = f"Finset.range {n_max}", "Finset.mem_range"
        tactics = _bound_tactics(pred, h, hd, bound, x, goal.fresh_name("hc"))
    else:
        window = _int_bounds(bound, pred, deadline)
        if window is None:
            return None
        lo, hi = (f"({k})" if k < 0 else str(k) for k in window)
        domain, lemma = f"Finset.Icc {lo} {hi}", "Finset.mem_Icc"
        tactics = [[f"constructor <;> {t}"] for t in ("omega", "linarith", "nlinarith")]
        if any(e.op == "call" and e.value == "abs" for e in pred.walk()) and pred.op == "lt":
            tactics.insert(0, [f"constructor <;> linarith [abs_lt.mp {h}]"])
    filt = f"Finset.filter (fun {bound} => {show(pred)}) ({domain})"
    simp = ", ".join(["Finset.mem_filter", lemma, name] + functions)
    for lines in tactics:
        tactic = "\n      ".join(lines)
        if time.monotonic() >= deadline:
            return None
        have = (f"have {hs} : {s} = {filt} := by\n"
                f"  ext {x}\n"
                f"  simp only [{simp}]\n"
                f"  constructor\n"
                f"  · intro {h}\n"
                f"    constructor\n"
                f"    · {tactic}\n"
                f"    · exact {h}\n"
                f"  · intro {h}\n"
                f"    obtain ⟨_, {h2}⟩ := {h}\n"
                f"    exact {h2}")
        script = [have, f"rw [{hs}]", "decide +kernel"]
        if certify(goal, "\n".join(script), KernelChecker(cache=checker.cache)).ok:
            return script
    return None
