"""The automation portfolio: Aesop-style rules that propose tactics from a goal's shape.

Safe rules (`intro`, `constructor`) are proposed alone when they apply: they never lose
provability. Unsafe rules each carry a prior success probability; their proposals are
searched. Each rule is a small function `goal -> list[(tactic, probability)]`.

>>> from prover.state import load_theorem
>>> g = load_theorem("theorem t (n : ℕ) : 3 ∣ n ^ 3 + 2 * n").goal
>>> [p.tactic for p in AutomationPortfolio().propose(g)][:2]
['rcases (by omega : n % 3 = 0 ∨ n % 3 = 1 ∨ n % 3 = 2) with h | h | h', 'induction n']
"""

from __future__ import annotations

import itertools
import math

from prover.policy.base import Proposal
from prover.state import Goal
from prover.syntax.ast import INT, NAT, REAL, free_vars
from prover.syntax.printer import show
from prover.tactics.rewrite import BUILTIN, match_pattern, range_succ, subterms, rules

MAX_MODULUS = 12
MAX_INSTANTIATIONS = 6
PROPOSED_INTERVAL_CASES = 40   # wider splits are left to the decision procedure `interval-split`


def _num_vars(goal: Goal, types) -> list[str]:
    return [n for n, t in goal.variables if t in types]


def safe_rules(goal: Goal) -> list[tuple[str, float]]:
    t = goal.target
    if t.op == "forall":
        name = t.value[0]
        return [(f"intro {goal.fresh_name(name) if name in goal.context else name}", 1.0)]
    if t.op in ("imp", "not"):
        return [(f"intro {goal.fresh_name('h')}", 1.0)]
    if t.op in ("and", "iff"):
        return [("constructor", 1.0)]
    if t.op == "exists" and isinstance(t.value[1], tuple):   # `∃ f : ℕ → ℝ, …`: a local function of that type
        return [(f"refine ⟨{n}, ?_⟩", 0.8) for n, ty in goal.variables if ty == t.value[1] and "✝" not in n][:4]
    return []


def induction_rule(goal: Goal) -> list[tuple[str, float]]:
    out = []
    for v in _num_vars(goal, (NAT,)):
        if v not in free_vars(goal.target):
            continue
        recursive = any((n.op in ("sum", "prod") and v in free_vars(n.args[0])) or
                        (n.op == "pow" and v in free_vars(n.args[1])) or
                        (n.op == "call" and n.value == "Nat.factorial" and v in free_vars(n)) or
                        (n.op == "apply" and v in free_vars(n)) for n in goal.target.walk())
        out.append((f"induction {v}", 0.5 if recursive else 0.15))
    return out


def nat_cases_rule(goal: Goal) -> list[tuple[str, float]]:
    return [(f"rcases {v} with _ | {v}", 0.1) for v in _num_vars(goal, (NAT,)) if v in free_vars(goal.target)]


def residue_rule(goal: Goal) -> list[tuple[str, float]]:
    """Case split on `v % m` for moduli that occur next to `%` or `∣`."""
    moduli = set()
    exprs = [goal.target] + [h for _, h in goal.hypotheses]
    for e in exprs:
        for n in e.walk():
            if n.op == "mod" and n.args[1].op == "num":
                moduli.add(int(n.args[1].value))
            if n.op == "dvd" and n.args[0].op == "num":
                moduli.add(int(n.args[0].value))
    moduli = sorted(m for m in moduli if 2 <= m <= MAX_MODULUS)
    out = []
    for v in _num_vars(goal, (NAT, INT)):
        if v not in free_vars(goal.target):
            continue
        for m in moduli:
            cases = " ∨ ".join(f"{v} % {m} = {r}" for r in range(m))
            names = " | ".join("h" for _ in range(m))
            out.append((f"rcases (by omega : {cases}) with {names}", 0.35))
    return out


def interval_rule(goal: Goal) -> list[tuple[str, float]]:
    from prover.checkers.sympy_checker import variable_bounds
    out = []
    for v in _num_vars(goal, (NAT, INT)):
        b = variable_bounds(goal, v)
        if b is not None and 0 <= b[1] - b[0] <= PROPOSED_INTERVAL_CASES:
            out.append((f"interval_cases {v}", 0.4))
    return out


def rewrite_rule(goal: Goal) -> list[tuple[str, float]]:
    out = []
    subs = list(subterms(goal.target))
    for name in BUILTIN:
        if name.endswith("_succ") and any(range_succ(s, "sum" if "sum" in name else "prod") is not None for s in subs):
            out.append((f"rw [{name}]", 0.45))
    for name, variants in rules().items():
        if any(match_pattern(r.lhs, s, r.params, {}) for r in variants for s in subs):
            out.append((f"rw [{name}]", 0.25))
        for hname, h in goal.hypotheses:
            if any(match_pattern(r.lhs, s, r.params, {}) for r in variants for s in subterms(h)):
                out.append((f"rw [{name}] at {hname}", 0.15))
    return out


def instantiation_rule(goal: Goal) -> list[tuple[str, float]]:
    """`have := h c₁ c₂` for ∀-hypotheses, at numerals and variables of the goal."""
    out = []
    for hname, h in goal.hypotheses:
        params = []
        body = h
        while body.op == "forall":
            params.append(body.value)
            body = body.args[0]
        if not params or len(params) > 3:
            continue
        pool: dict = {}
        for e in [goal.target] + [x for _, x in goal.hypotheses]:
            for n in e.walk():
                if n.op == "num" and n.ty in (NAT, INT, REAL) and abs(n.value) <= 1000:
                    pool.setdefault(n.ty, []).append(show(n))
        for name, ty in goal.variables:
            if ty in (NAT, INT, REAL):
                pool.setdefault(ty, []).append(name)
        candidates = []
        for _, ty in params:
            vals = list(dict.fromkeys(["0", "1"] + pool.get(ty, [])))[:6]
            candidates.append(vals)
        for combo in itertools.islice(itertools.product(*candidates), MAX_INSTANTIATIONS):
            args = " ".join(c if c.replace(".", "").isdigit() or c.isidentifier() else f"({c})" for c in combo)
            out.append((f"have {goal.fresh_name(hname + '_i')} := {hname} {args}", 0.12))
    return out


def sign_split_rule(goal: Goal) -> list[tuple[str, float]]:
    """`by_cases h : 0 ≤ x` for real variables under |·|, √ or a product with an inequality."""
    out = []
    for n in goal.target.walk():
        if n.op == "call" and n.value in ("abs", "Real.sqrt") and n.args[0].op == "var" and n.args[0].ty == REAL:
            out.append((f"by_cases {goal.fresh_name('h')} : 0 ≤ {n.args[0].value}", 0.2))
    return list(dict.fromkeys(out))


def guard_rule(goal: Goal) -> list[tuple[str, float]]:
    """`have h : A := by nlinarith` for the premise A of an implication hypothesis `A → B`."""
    out = []
    for hname, h in goal.hypotheses:
        if h.op == "imp" and not any(n.op in ("forall", "exists") for n in h.args[0].walk()):
            out.append((f"have {goal.fresh_name(hname + '_pre')} : {show(h.args[0])} := by nlinarith", 0.2))
    return out


def trig_rule(goal: Goal) -> list[tuple[str, float]]:
    """sin/cos of sums, differences, doubles: `linarith`/`nlinarith` with Mathlib's expansions
    (`prover/search/trig.py`; the oracle does not know them, the kernel checks the hints)."""
    from prover.search.trig import expansion_candidates
    return [(t, 0.5) for t in expansion_candidates(goal)]


def exp_log_rule(goal: Goal) -> list[tuple[str, float]]:
    """`linarith`/`nlinarith` with Mathlib's facts about the goal's `Real.exp t`/`Real.log t`
    (`Real.add_one_le_exp t`, `Real.exp_pos t`, `Real.exp_le_exp.mpr h`/`exp_lt_exp` for a
    hypothesis `h` ordering two exponents, `Real.log_le_sub_one_of_pos hp` with `hp : 0 < t` a
    hypothesis or `(by positivity …)`): the oracle does not know them; the kernel checks the hints."""
    context = set(goal.context)
    facts = [h for _, h in goal.hypotheses]
    terms = [n for e in [goal.target] + facts for n in e.walk()
             if n.op == "call" and n.value in ("Real.exp", "Real.log") and free_vars(n) <= context]
    if not terms:
        return []
    hints: list[str] = []
    exps = [n.args[0] for n in terms if n.value == "Real.exp"]
    for t in dict.fromkeys(exps):
        hints += [f"Real.add_one_le_exp ({show(t)})", f"Real.exp_pos ({show(t)})"]
    for name, h in goal.hypotheses:
        if "✝" in name or h.op not in ("le", "lt", "ge", "gt") or h.value != REAL:
            continue
        small, big = (h.args[0], h.args[1]) if h.op in ("le", "lt") else (h.args[1], h.args[0])
        if small in exps or big in exps:
            hints.append(f"Real.exp_{'le' if h.op in ('le', 'ge') else 'lt'}_exp.mpr {name}")
    logs = list(dict.fromkeys(n.args[0] for n in terms if n.value == "Real.log"))[:2]
    out = []
    for how in ("positivity", "linarith"):   # `0 < t` for each log: a hypothesis, else by `how`
        extra = []
        for t in logs:
            known = next((name for name, h in goal.hypotheses if "✝" not in name and (
                (h.op == "lt" and h.args[0].op == "num" and h.args[0].value == 0 and h.args[1] == t) or
                (h.op == "gt" and h.args[1].op == "num" and h.args[1].value == 0 and h.args[0] == t))), None)
            extra.append(f"Real.log_le_sub_one_of_pos {known or f'(by {how} : (0 : ℝ) < {show(t)})'}")
        text = ", ".join(list(dict.fromkeys(hints + extra))[:6])
        out += [(f"linarith [{text}]", 0.5), (f"nlinarith [{text}]", 0.3)]
        if not logs:
            break
    for t in list(dict.fromkeys(exps))[:2]:   # `1 ≤ exp t` for a nonnegative t
        out.append((f"linarith [Real.one_le_exp (by positivity : (0 : ℝ) ≤ {show(t)})]", 0.3))
    return list(dict.fromkeys(out))


def library_rule(goal: Goal) -> list[tuple[str, float]]:
    """`exact L a₁ … aₙ` (or `exact (L …).symm`) for a kernel library lemma L (`SIGNATURES`)
    whose statement matches the goal, its variables bound by the match and each premise a
    hypothesis (up to `>`/`≥` flipped) or, over ℕ/ℤ, `(by omega)`: Lean's `exact` unifies the
    same way; the kernel checks the term."""
    from prover.kernel.lemmas import SIGNATURES, oriented, signature
    from prover.syntax.ast import alpha_equal, substitute
    t = goal.target
    if t.op not in ("eq", "le", "lt", "ne", "dvd"):
        return []

    out = []
    for name in SIGNATURES:
        try:
            sig = signature(name)
        except Exception:
            continue
        st = sig.statement
        if st.op != t.op or st.value != t.value:
            continue
        for symm in ((False, True) if t.op in ("eq", "ne") else (False,)):
            target = t.with_args(t.args[1], t.args[0]) if symm else t
            subst: dict = {}
            if not match_pattern(st, target, sig.types, subst) or set(subst) != set(sig.types):
                continue
            words, ok = [], True
            for b, kind in sig.binders:
                if kind == "term":
                    words.append(show(subst[b]) if subst[b].op in ("var", "num") else f"({show(subst[b])})")
                elif kind == "proof":
                    premise = sig.premises[b]
                    for v, val in subst.items():
                        premise = substitute(premise, v, val)
                    hyp = next((n for n, h in goal.hypotheses if "✝" not in n
                                and alpha_equal(oriented(h), oriented(premise))), None)
                    if hyp is None and premise.value in (NAT, INT):
                        hyp = f"(by omega : {show(premise)})"
                    if hyp is None:
                        ok = False
                        break
                    words.append(hyp)
            if not ok:
                continue
            term = " ".join([name] + words)
            out.append((f"exact ({term}).symm" if symm else f"exact {term}", 0.6))
    return out[:4]


UNSAFE_RULES = (library_rule, exp_log_rule, trig_rule, sign_split_rule, guard_rule, induction_rule, residue_rule, interval_rule, rewrite_rule, instantiation_rule, nat_cases_rule)


class AutomationPortfolio:
    name = "portfolio"

    def __init__(self, rules=UNSAFE_RULES):
        self.rules = rules

    def propose(self, goal: Goal, k: int = 16, failed: dict[str, str] | None = None) -> list[Proposal]:
        failed = failed or {}
        safe = safe_rules(goal)
        if safe:
            return [Proposal(t, 0.0, "portfolio-safe") for t, _ in safe if t not in failed]
        scored: dict[str, float] = {}
        for rule in self.rules:
            for tactic, p in rule(goal):
                if tactic not in failed:
                    scored[tactic] = max(scored.get(tactic, 0.0), p)
        ranked = sorted(scored.items(), key=lambda kv: -kv[1])[:k]
        return [Proposal(t, math.log(p), "portfolio") for t, p in ranked]
