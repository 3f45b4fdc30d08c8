"""The kernel's entry point: `check(goal, tactic)` returns a `CheckedStep` when the tactic
closes the goal as Lean's would, else `Refused` with the reason. One table, `RULES`, maps
each modelled tactic name to its kernel rule; any other tactic is refused by name.

Certificate finders (`prover.kernel.untrusted`) propose; each rule checks exactly.

>>> from prover.state import load_theorem
>>> g = load_theorem("theorem t (x : ℝ) (h : 1 < x) : 1 < x ^ 3").goal
>>> check(g, "linarith")
Refused(tactic='linarith', reason='linarith failed: no linear combination of the facts is 0 < 0')
>>> check(g, "nlinarith [sq_nonneg (x - 1)]").rule
'nlinarith'
"""

from __future__ import annotations

import re

from prover.errors import ProverError
from prover.kernel import linarith as L
from prover.kernel import poly as P
from prover.kernel.field_simp import clears as field_simp_clears
from prover.kernel.evaluate import NotEvaluable, ground_equation, holds, mentions, rewrite_ground, value
from prover.kernel.lemmas import NULLARY, BadHint, instantiate_local, nullary_statement, oriented, reduce_nat_literals, resolve
from prover.kernel.linear_combination import combination_closes
from prover.kernel.positivity import prove as positivity_derivation
from prover.kernel.proof import CheckedStep, Refused, issue
from prover.kernel.terms import accessible, alpha_equal
from prover.state import Goal
from prover.syntax.ast import (COMPLEX, INT, NAT, RAT, REAL, free_vars, function_equation, marked_membership,
                               set_equation, strict_implicit, substitute, unmark_membership)


def split_args(text: str) -> tuple[str, bool, list[str]]:
    """`"nlinarith only [h, sq_nonneg (a - b)]"` ↦ `("nlinarith", True, ["h", "sq_nonneg (a - b)"])`."""
    text = text.strip()
    head, _, rest = text.partition("[")
    words = head.split()
    name = words[0] if words else ""
    only = words[1:] == ["only"]
    if words[1:] and not only:
        raise BadHint(f"unexpected arguments to {name}: {' '.join(words[1:])}")
    terms: list[str] = []
    if rest:
        if not rest.rstrip().endswith("]"):
            raise BadHint("unclosed [")
        body, depth, cur = rest.rstrip()[:-1], 0, ""
        for ch in body:
            if ch in "([{⟨":
                depth += 1
            elif ch in ")]}⟩":
                depth -= 1
            if ch == "," and depth == 0:
                terms.append(cur.strip())
                cur = ""
            else:
                cur += ch
        if cur.strip():
            terms.append(cur.strip())
    return name, only, terms


def _linarith(goal: Goal, tactic: str, only: bool, terms: list[str], nonlinear: bool):
    from prover.kernel.untrusted.farkas import find_certificate

    name = "nlinarith" if nonlinear else "linarith"
    hints = [(t, resolve(goal, t)) for t in terms]
    hyps = hints if only else list(goal.hypotheses) + hints
    certificate = []
    for problems in L.runs(hyps, goal.target, nonlinear):
        for k, problem in enumerate(problems):
            found = find_certificate(problem)
            if found is not None and L.check_certificate(problem, found):
                certificate.append((problem.ty, tuple(
                    (problem.facts[i].origin, c) for i, c in sorted(found.items()))))
                break
        else:
            return Refused(tactic, f"{name} failed: no linear combination of the facts is 0 < 0")
    return issue(goal, tactic, name, tuple(certificate))


def _closed(goal: Goal, tactic: str):
    t = goal.target
    if free_vars(t):
        return None, f"{tactic}: the goal has free variables"
    try:
        return holds(t), ""
    except NotEvaluable as err:
        return None, f"{tactic}: not closed arithmetic ({err})"


PLAIN = {"num", "add", "sub", "mul", "div", "mod", "neg", "pow", "cast", "true", "false", "not", "and",
         "or", "imp", "iff", "eq", "ne", "lt", "le", "gt", "ge", "dvd"}


def _plain(p) -> bool:
    """Literal arithmetic and connectives only: what kernel reduction of `Nat`/`Int`
    operations (GMP-accelerated) decides without unfolding library definitions."""
    return all(e.op in PLAIN or (e.op == "pred" and e.value in ("Even", "Odd")) for e in p.walk())


def rule_norm_num(goal: Goal, tactic: str, args):
    """`norm_num` (`Mathlib.Tactic.NormNum.Core`): a closed arithmetic proposition evaluated
    exactly, with `Nat.Prime` (`Mathlib.Tactic.NormNum.Prime`), `∣` (`NormNum.DivMod`), gcd/lcm
    (`NormNum.GCD`), `!` (`NormNum.NatFactorial`), `⌊⌋`/`⌈⌉` (`Mathlib.Data.Rat.Floor`), `√` of
    exact squares (`NormNum.RealSqrt`), `Nat.sqrt` (`NormNum.NatSqrt`) and `∑`/`∏` over
    `Finset.range n` only (`NormNum.BigOperators`; `Icc`/`Ico`/… are not evaluated there);
    also `a = a`, `a ≤ a`, `a ↔ a` for any `a` (simp's `eq_self_iff_true`, `le_refl`).
    `norm_num [h₁, …]` with local hypotheses `x = e` or `f 3 = e` (closed left sides, ℕ/ℤ
    numeral arguments as simp leaves them): the simp set rewrites their occurrences to a
    fixpoint first (`evaluate.rewrite_ground`); any other simp lemma is refused."""
    only, terms = args
    t = goal.target
    if only:
        return Refused(tactic, "norm_num only [...] is not modelled")
    if terms:
        functions = goal.functions
        eqs = []
        for name in terms:
            h = _by_type(goal, name) if name.startswith("‹") else \
                goal.hypothesis(name) if "✝" not in name else None   # an inaccessible name cannot be written
            if h is None or name in goal.context or _is_marked(h) or not ground_equation(h, functions):
                # a membership `x ∈ {3}` is the simp lemma `(x ∈ {3}) = True`, not `x = 3`
                return Refused(tactic, f"norm_num: the simp lemma {name} is not modelled "
                                       "(only local equations with a closed left side)")
            eqs.append(h)
        try:
            t = rewrite_ground(t, eqs)
        except NotEvaluable as err:
            return Refused(tactic, f"norm_num: {err}")
        goal = goal.with_target(t)
    if t.op in ("eq", "le", "ge", "iff") and alpha_equal(t.args[0], t.args[1]):
        return issue(goal, tactic, "norm_num", ("identical sides (eq_self_iff_true, le_refl)",))
    if any(e.op == "pred" and e.value in ("Even", "Odd") for e in t.walk()):
        return Refused(tactic, "norm_num: parity is not modelled for norm_num (use decide)")
    if any(e.op in ("sum", "prod") and not (e.args[0].op == "set" and e.args[0].value == "Finset.range")
           for e in t.walk()):
        return Refused(tactic, "norm_num: only big operators over Finset.range are evaluated")
    if t.op in ("eq", "le", "ge") and alpha_equal(_evaluated_inside(t.args[0]), _evaluated_inside(t.args[1])):
        return issue(goal, tactic, "norm_num", ("identical sides once closed arithmetic inside them is evaluated",))
    simplified = _evaluated_inside(t)
    if free_vars(t) and not free_vars(simplified) and _plain(simplified):
        try:
            if holds(simplified):   # `x ^ (1 / 3) + 1 ≥ 2`: `x ^ 0`, `pow_zero`, then closed arithmetic
                return issue(goal, tactic, "norm_num", ("closed after literal exponents are evaluated (pow_zero)",))
        except (NotEvaluable, ZeroDivisionError, OverflowError, ValueError):
            pass
    ok, why = _closed(goal, tactic)
    if ok:
        return issue(goal, tactic, "norm_num", ("evaluates to True",) + tuple(terms))
    return Refused(tactic, why or "norm_num: the proposition is false")


NORM_NUM_AT = re.compile(r"norm_num\s+at\s+(.+)")


def _evaluates(p) -> bool | None:
    """norm_num's value for a closed proposition `p` (its simp set evaluates it to `True` or
    `False`), by the closed case of `rule_norm_num`; None when `p` has free variables or is not
    evaluated there."""
    from prover.syntax.ast import PROP, Expr
    if free_vars(p) or p.op in ("true", "false"):
        return False if p.op == "false" else None
    bare = Goal((), (), p)
    if isinstance(rule_norm_num(bare, "norm_num", (False, [])), CheckedStep):
        return True
    if isinstance(rule_norm_num(bare.with_target(Expr("not", (p,), ty=PROP)), "norm_num", (False, [])), CheckedStep):
        return False
    return None


def rule_norm_num_at(goal: Goal, tactic: str, args):
    """`norm_num at h₁ … [⊢]` (`Mathlib.Tactic.NormNum.Core`, `elabNormNum` through
    `transformAtNondepPropLocation` with `mayCloseGoalFromHyp`), closing cases only: the listed
    hypotheses are simplified first, and one that becomes `False` closes the goal
    (`False.elim`); one that becomes `True` is cleared; then, with `⊢`, a target that becomes
    `True` is closed. Every listed hypothesis must be closed arithmetic that the closed case of
    `rule_norm_num` evaluates (so its result is exactly `True` or `False`); a hypothesis with
    free variables, whose simp normal form is not modelled, is refused, as is a step that leaves
    a goal (all hypotheses true and no `⊢`, or a target not evaluated to `True`), `at *`,
    simp arguments, and a name listed twice or not in the context."""
    m = NORM_NUM_AT.fullmatch(tactic.strip())
    if m is None:
        return Refused(tactic, "norm_num: only `norm_num at h₁ … [⊢]` (no simp arguments) is modelled at a location")
    locs = m.group(1).split()
    names = [x for x in locs if x != "⊢"]
    if "*" in locs or len(set(locs)) != len(locs) or (len(names) != len(locs) and locs[-1] != "⊢"):
        return Refused(tactic, "norm_num at: only distinct hypothesis names, then ⊢, are modelled")
    if not names:
        return Refused(tactic, "norm_num at ⊢ is norm_num")
    values = []
    for name in names:
        h = goal.hypothesis(name) if accessible(name) else None
        if h is None:
            return Refused(tactic, f"norm_num at: unknown hypothesis {name}")
        v = _evaluates(h)
        if v is None:
            return Refused(tactic, f"norm_num at {name}: not closed arithmetic that norm_num evaluates "
                                   "(its simplified form is not modelled)")
        values.append((name, v))
    falsified = [n for n, v in values if v is False]
    if falsified:
        return issue(goal, tactic, "norm_num_at", (f"{falsified[0]} evaluates to False",))
    if "⊢" not in locs:
        return Refused(tactic, "norm_num at: every hypothesis evaluates to True (cleared); the goal stays open")
    if _evaluates(goal.target) is True:
        return issue(goal, tactic, "norm_num_at", ("hypotheses evaluate to True (cleared)", "the goal evaluates to True"))
    return Refused(tactic, "norm_num at: the goal does not evaluate to True")


ARITHMETIC = {"num", "add", "sub", "mul", "div", "mod", "neg", "pow", "cast"}


def _evaluated_inside(e):
    """`e` with each maximal closed subterm of literal arithmetic (`+ - * / % ^`, casts, rpow at
    an integer exponent) replaced by its exact value, bottom-up, and `a ^ 0` by `1` (`pow_zero`,
    a simp lemma): what norm_num's simp traversal does to the arguments of a function it does
    not evaluate (`Real.log (10 ^ 2)` ↦ `Real.log 100`) and to ℕ exponents (`x ^ (1 / 3)` ↦
    `x ^ 0` ↦ `1`). Both sides normalized alike are then the same term (`eq_self_iff_true`)."""
    from fractions import Fraction
    from prover.syntax.ast import BINDER_OPS, NUMBER_TYPES, Expr
    if not e.args:
        return Expr("num", value=Fraction(e.value), ty=e.ty) if e.op == "num" and e.ty in NUMBER_TYPES else e
    if e.op in BINDER_OPS:
        return e
    out = e.with_args(*(_evaluated_inside(a) for a in e.args))
    if out.op == "pow" and out.ty in NUMBER_TYPES and out.args[1].op == "num" and out.args[1].value == 0 \
            and out.args[1].ty == NAT:
        return Expr("num", value=Fraction(1), ty=out.ty)
    if out.ty in NUMBER_TYPES and not free_vars(out) and all(x.op in ARITHMETIC for x in out.walk()):
        try:
            return Expr("num", value=Fraction(value(out)), ty=out.ty)
        except (NotEvaluable, ZeroDivisionError, OverflowError, ValueError):
            return out
    return out


def _by_type(goal: Goal, text: str):
    """`‹P›` (Lean's `by assumption` at type P): the hypothesis stating P, up to α (Lean: up to
    defeq), accessible or not; None when no hypothesis states it."""
    from prover.syntax.elaborate import Elaborator
    from prover.syntax.parser import parse_term
    if not text.endswith("›") or "‹" in text[1:-1] or "›" in text[1:-1]:
        return None
    p = Elaborator(goal.context).prop(parse_term(text[1:-1]))
    return next((h for _, h in reversed(goal.hypotheses) if alpha_equal(h, p)), None)


DECIDE_INT_EXPONENT = 256


def _small_exponent(e) -> bool:
    try:
        return value(e) <= DECIDE_INT_EXPONENT
    except NotEvaluable:
        return False


# `Nat.choose` (Mathlib/Combinatorics/Choose/Basic.lean) and `Nat.factorial`
# (Mathlib/Data/Nat/Factorial/Basic.lean) are defined by structural recursion on ℕ, which
# `decide`'s reduction unfolds on literals (`Nat.choose 9 4 = 126 := by decide`); the
# unfolding is not memoized, so its cost grows with the value, and its depth with the argument
# (Lean's maxRecDepth): both bounded here.
DECIDE_RECURSIVE = {"Nat.choose", "Nat.factorial"}
DECIDE_RECURSION_LIMIT = 20_000   # unshared `Nat.choose` calls (`evaluate.choose_calls`)
DECIDE_RECURSION_DEPTH = 32


def _recursion_unfolded(p):
    """`p` with each closed `Nat.choose n k` / `Nat.factorial n` (ℕ literal arithmetic
    arguments) replaced by its value, innermost first; None when one is not closed literal
    arithmetic or its unfolding exceeds `DECIDE_RECURSION_LIMIT` steps."""
    from fractions import Fraction
    from math import comb, factorial
    from prover.syntax.ast import Expr
    if p.op == "call" and p.value in DECIDE_RECURSIVE:
        args = [_recursion_unfolded(a) for a in p.args]
        if p.ty != NAT or any(a is None or a.ty != NAT or free_vars(a) or not _plain(a) for a in args):
            return None
        try:
            vals = [value(a) for a in args]
        except (NotEvaluable, ZeroDivisionError, OverflowError, ValueError):
            return None
        if p.value == "Nat.choose" and len(vals) == 2:
            from prover.kernel.evaluate import choose_calls
            n, k = vals
            # the unshared call tree (down to the `choose 0 (j + 1)` leaves), not the value
            if n > DECIDE_RECURSION_DEPTH or choose_calls(n, k) > DECIDE_RECURSION_LIMIT:
                return None
            return Expr("num", value=Fraction(comb(n, k)), ty=NAT)
        if p.value == "Nat.factorial" and len(vals) == 1 and vals[0] <= DECIDE_RECURSION_DEPTH:
            return Expr("num", value=Fraction(factorial(vals[0])), ty=NAT)
        return None
    if not p.args:
        return p
    args = [_recursion_unfolded(a) for a in p.args]
    return None if any(a is None for a in args) else p.with_args(*args)


def rule_decide(goal: Goal, tactic: str, args):
    """`decide` (`Decidable.decide`, the instance evaluated by the elaborator's `whnf` within
    `maxRecDepth`, then checked by the kernel): closed ℕ/ℤ propositions of literal arithmetic;
    ℝ and ℂ have no decidable order/equality, ℚ and `Nat.Prime` do not reduce in the kernel.
    `Nat.choose` and `Nat.factorial` on small literals reduce (structural recursion), within a
    bound. Finset computations are refused for plain `decide` (unfolding lists in the elaborator
    exceeds `maxRecDepth` beyond small sizes): `decide +kernel` (`rule_decide_kernel`)."""
    words = tactic.split()
    if words == ["decide", "+kernel"]:
        return rule_decide_kernel(goal, tactic, args)
    if words != ["decide"]:
        return Refused(tactic, f"decide: the option {' '.join(words[1:])} is not modelled")
    if any(e.op == "call" and e.value in DECIDE_RECURSIVE for e in goal.target.walk()) \
            and not mentions(goal.target, (REAL, COMPLEX, RAT)):
        unfolded = _recursion_unfolded(goal.target)
        if unfolded is None:
            return Refused(tactic, "decide: Nat.choose / Nat.factorial only on small literal arguments")
        step = rule_decide(goal.with_target(unfolded), tactic, args)
        return step if isinstance(step, Refused) else issue(goal, tactic, "decide", ("Nat.choose/Nat.factorial unfolded",) + step.certificate)
    refused = _decidable_here(goal, tactic, "decide")
    if refused is not None:
        return refused
    if not _plain(goal.target):
        if _finset_reducible(goal.target) is None:
            return Refused(tactic, "decide: Finset computations are not evaluated by decide's whnf within "
                                   "maxRecDepth (use decide +kernel)")
        return Refused(tactic, "decide: only literal arithmetic, ∣, Even, Odd and connectives are modelled")
    ok, why = _closed(goal, tactic)
    if ok:
        return issue(goal, tactic, "decide", ("evaluates to true",))
    return Refused(tactic, why or "decide: the proposition is false")


def _decidable_here(goal: Goal, tactic: str, name: str):
    """The refusals `decide` and `decide +kernel` share: no instance reduces (ℝ, ℂ, ℚ,
    `Nat.Prime`), or an `Int.pow` recursion too deep; None when none applies."""
    if mentions(goal.target, (REAL, COMPLEX)):
        return Refused(tactic, f"{name}: real or complex numbers have no decidable equality instance")
    if mentions(goal.target, (RAT,)):
        return Refused(tactic, f"{name}: ℚ arithmetic is not reduced by the kernel here (use norm_num)")
    if any(e.op == "pred" and e.value == "Nat.Prime" for e in goal.target.walk()):
        # Mathlib's instance `Nat.decidablePrime` goes through `minFac` (well-founded
        # recursion), which kernel reduction does not unfold: use norm_num.
        return Refused(tactic, f"{name}: Nat.Prime does not reduce in the kernel (use norm_num)")
    if any(e.op == "pow" and e.ty != NAT and not _small_exponent(e.args[1]) for e in goal.target.walk()):
        # `Int.pow` recurses once per unit of the exponent (only `Nat.pow` is GMP-accelerated in
        # the kernel): a large exponent exceeds Lean's default recursion depth.
        return Refused(tactic, f"{name}: an integer power with an exponent above {DECIDE_INT_EXPONENT} does not reduce")
    return None


# Functions `decide +kernel` admits: each reduces in the kernel by structural recursion or a
# GMP-accelerated `Nat` primitive (`Nat.gcd`; `Nat.lcm` = `m * n / gcd m n`; `Int.gcd`, `abs`,
# `min`, `max`, `Int.natAbs` by cases on `Int`'s constructors; `Nat.factorial`, `Nat.choose`
# structural, their work charged to `evaluate.Work`; `Nat.totient n`, a filter of `range n` by
# `Nat.Coprime n`, charged n elements). Not `Nat.sqrt`, `Nat.Prime`, `Nat.log`,
# `Nat.digits` (well-founded recursion, which the kernel does not unfold usefully).
KERNEL_CALLS = frozenset({"Nat.choose", "Nat.gcd", "Nat.lcm", "Nat.factorial", "Nat.succ", "min", "max", "abs",
                          "Int.natAbs", "Int.gcd", "Int.lcm", "Nat.totient"})


def _finset_reducible(p):
    """None when every node of `p` is one `decide +kernel` reduces (`PLAIN`, `∑`/`∏`/`card`
    over `evaluate.FINSETS` with ℕ/ℤ elements, `KERNEL_CALLS`), else the first other node."""
    from prover.kernel.evaluate import FINSETS
    for e in p.walk():
        if e.op in PLAIN or e.op in ("sum", "prod", "card", "lambda", "var") \
                or (e.op == "pred" and e.value in ("Even", "Odd")):
            continue
        if e.op == "set" and e.value in FINSETS and e.ty[1] in (NAT, INT):
            continue
        if e.op == "call" and e.value in KERNEL_CALLS and e.ty in (NAT, INT):
            continue
        return e
    return None


def rule_decide_kernel(goal: Goal, tactic: str, args):
    """`decide +kernel` (Lean ≥ 4.15; `Decidable.decide p = true` by `Eq.refl`, the instance
    reduced by the kernel alone, skipping the elaborator's `whnf` and its `maxRecDepth`): closed
    ℕ/ℤ propositions of literal arithmetic, `∣`, `Even`, `Odd`, connectives, and `∑`, `∏`,
    `Finset.card` over `Finset.range`, `Icc`/`Ico`/`Ioc`/`Ioo`, `Finset.filter p` (p itself such a
    proposition), `Nat.divisors`, `Nat.properDivisors`, with `KERNEL_CALLS` inside. The kernel
    reduces the instance by unfolding lists element by element (the list cells, the predicate on
    each, `Nat` arithmetic on GMP): a long list is a deep, slow kernel term, so the enumeration is
    bounded (`evaluate.ELEMENT_LIMIT` elements in all, `evaluate.CHOOSE_LIMIT` calls of
    `Nat.choose`'s unshared recursion) and a proposition beyond it is refused with the limit
    named. Refused as for `decide`: ℝ, ℂ, ℚ, `Nat.Prime` (well-founded `minFac`), `Nat.sqrt`
    (well-founded), a free variable."""
    from prover.kernel.evaluate import Work, enumeration
    refused = _decidable_here(goal, tactic, "decide +kernel")
    if refused is not None:
        return refused
    other = _finset_reducible(goal.target)
    if other is not None:
        what = other.value if other.op in ("call", "set", "pred", "apply") else other.op
        return Refused(tactic, f"decide +kernel: {what} is not modelled as kernel-reducible")
    if free_vars(goal.target):
        return Refused(tactic, "decide +kernel: the goal has free variables")
    with enumeration(Work()):
        try:
            ok = holds(goal.target)
        except NotEvaluable as err:
            return Refused(tactic, f"decide +kernel: not evaluated ({err})")
    if ok:
        return issue(goal, tactic, "decide +kernel", ("the Decidable instance reduces to isTrue",))
    return Refused(tactic, "decide +kernel: the proposition is false")


def rule_rfl(goal: Goal, tactic: str, args):
    """`rfl` (`Eq.refl`, `Iff.refl`, `le_refl` via `@[refl]`): syntactically equal sides, or
    closed ℕ/ℤ terms whose values agree (definitional unfolding of literals)."""
    t = goal.target
    if t.op in ("eq", "iff", "le", "ge") and alpha_equal(t.args[0], t.args[1]):
        return issue(goal, tactic, "rfl", ("α-equivalent sides",))
    family = set_equation(t)
    if family:
        # `S = S` (`Eq.refl`): the same set on both sides, read from the memberships; a Set
        # membership is its predicate definitionally, a Finset one only when not unfolded.
        a, b = t.args[0].args
        same = a.op == b.op == "mem" and alpha_equal(a.args[1], b.args[1])
        if same or (family == "Set.ext" and alpha_equal(a, b)):
            return issue(goal, tactic, "rfl", ("the same set on both sides",))
    if t.op == "eq" and t.value in (NAT, INT) and not free_vars(t) and _plain(t):
        try:
            if value(t.args[0]) == value(t.args[1]):
                return issue(goal, tactic, "rfl", ("closed ℕ/ℤ values agree",))
        except NotEvaluable:
            pass
    return Refused(tactic, "rfl: the sides are not definitionally equal")


def rule_ring(goal: Goal, tactic: str, args):
    """`ring` (`Mathlib.Tactic.Ring`): both sides have the same normal form as polynomials
    over atoms in a commutative (semi)ring; ℕ `-`, ℕ/ℤ `/` and `%` are atoms; in ℚ, ℝ, ℂ
    `a / b = a * b⁻¹` with inverses of monomials distributed and other inverses atoms."""
    t = goal.target
    if t.op != "eq" or t.value not in (NAT, INT, RAT, REAL, COMPLEX):
        return Refused(tactic, "ring: the goal is not an equality in a commutative ring")
    atoms = P.AtomTable()
    norm = P.Normalizer(atoms, field_mode="ring")
    lhs, rhs = norm.poly(t.args[0]), norm.poly(t.args[1])
    if lhs == rhs:
        return issue(goal, tactic, "ring", (P.show_poly(lhs, atoms),))
    return Refused(tactic, "ring failed: the normal forms differ")


def rule_linear_combination(goal: Goal, tactic: str, args):
    """`linear_combination e` (`Mathlib.Tactic.LinearCombination`): see
    `prover.kernel.linear_combination`; options (`exp :=`, `norm :=`) are not modelled."""
    text = tactic.strip()[len("linear_combination"):]
    if text.lstrip().startswith("("):
        if text.lstrip().startswith(("(exp", "(norm")):
            return Refused(tactic, "linear_combination options are not modelled")
    if combination_closes(goal, text, library=lambda name: nullary_statement(goal, name) if name in NULLARY else None):
        return issue(goal, tactic, "linear_combination", (text.strip(),))
    return Refused(tactic, "ring failed, ring expressions not equal")


def rule_positivity(goal: Goal, tactic: str, args):
    """`positivity` (`Mathlib.Tactic.Positivity`): see `prover.kernel.positivity`."""
    derivation = positivity_derivation(goal)
    if derivation is None:
        return Refused(tactic, "positivity failed to prove the goal")
    return issue(goal, tactic, "positivity", derivation)


FIELD_SIMP_THEN = re.compile(r"field_simp\s*<;>\s*(ring|ring1)")


def rule_field_simp(goal: Goal, tactic: str, args):
    """`field_simp <;> ring` (`Mathlib.Tactic.FieldSimp`, then `ring1`): see
    `prover.kernel.field_simp`. Bare `field_simp`, `field_simp at h`, simp arguments and other
    follow-up tactics are not modelled."""
    if not FIELD_SIMP_THEN.fullmatch(tactic.strip()):
        return Refused(tactic, "field_simp: only `field_simp <;> ring` is modelled")
    ok, detail = field_simp_clears(goal)
    if ok:
        return issue(goal, tactic, "field_simp", (detail,))
    return Refused(tactic, detail)


def rule_omega(goal: Goal, tactic: str, args):
    """`omega` (Lean 4 core): see `prover.kernel.omega`; unsat of the encoded facts ∧ ¬goal."""
    from prover.kernel.omega import prove_omega
    answer, facts = prove_omega(goal)
    if answer == "unsat":
        return issue(goal, tactic, "omega", ("z3-lia unsat",) + facts)
    return Refused(tactic, f"omega could not prove the goal ({answer})")


SIMP_MODEQ = {"Nat.ModEq": NAT, "Int.ModEq": INT, "Set.mem_setOf_eq": None}
SIMP_MODEQ_OMEGA = re.compile(r"simp only \[\s*([\w.]+(?:\s*,\s*[\w.]+)*)\s*\] at \* <;> omega")


def rule_simp_modeq_omega(goal: Goal, tactic: str, args):
    """`simp only [Nat.ModEq, Int.ModEq] at * <;> omega`: `Nat.ModEq n a b` and `Int.ModEq n a b`
    are defined as `a % n = b % n` (`Mathlib/Data/Nat/ModEq.lean`, `Mathlib/Data/Int/ModEq.lean`);
    `simp only` with the definition's name rewrites by its equation lemma everywhere, then
    omega reads the equations (alone it does not: the definitions are semireducible). simp's
    default simprocs only reduce literal arithmetic, which omega evaluates the same way. simp
    fails when it unfolds nothing ("simp made no progress"): refused then, as is any other simp
    form or lemma. When simp itself closes the goal (a hypothesis becomes `False`), omega on
    the unfolded facts also closes it. `Set.mem_setOf_eq` (`a ∈ {x | p x} = p a`) may be listed:
    the elaborator already represents set-builder membership by its predicate, so it changes
    nothing here, while in Lean it exposes the predicate to omega (after `intro` on
    `lowerBounds {x | …}`)."""
    from prover.kernel.omega import modeq_types, prove_omega
    m = SIMP_MODEQ_OMEGA.fullmatch(tactic.strip())
    if m is None:
        return Refused(tactic, "simp: only `simp only [Nat.ModEq, Int.ModEq] at * <;> omega` is modelled")
    names = [n.strip() for n in m.group(1).split(",")]
    if any(n not in SIMP_MODEQ for n in names) or len(set(names)) != len(names):
        return Refused(tactic, "simp only: only the definitions Nat.ModEq and Int.ModEq are modelled")
    unfold = frozenset(SIMP_MODEQ[n] for n in names) - {None}
    if not unfold & modeq_types(goal):
        return Refused(tactic, "simp made no progress (no ≡ statement of the listed kinds)")
    answer, facts = prove_omega(goal, unfold)
    if answer == "unsat":
        return issue(goal, tactic, "omega", ("simp only " + ", ".join(names), "z3-lia unsat") + facts)
    return Refused(tactic, f"omega could not prove the goal after unfolding ({answer})")


def rule_assumption(goal: Goal, tactic: str, args):
    """`assumption` and `exact h` (Lean core: `Lean.MVarId.assumption`, `exact` with a local
    hypothesis): a hypothesis whose statement is the goal up to α-equivalence (Lean compares up
    to definitional equality, so this refuses more, never less), with ℕ literal arithmetic and
    offsets reduced as `isDefEq` reduces them (`lemmas.reduce_nat_literals`)."""
    words = tactic.split()
    if words[0] == "exact" and len(words) > 1:
        from prover.kernel.lemmas import is_local_term, split_application
        applied = split_application(tactic.strip()[len("exact"):])
        head = applied[0]
        if goal.hypothesis(head) is None and head not in goal.context:
            if len(applied) > 1 and is_local_term(goal, head):
                return _exact_instance(goal, tactic)   # `exact h₁.2 h`, `exact (h₀ 5).mpr (by norm_num)`
            return _exact_lemma(goal, tactic)
    if words[0] == "exact" and len(words) > 2:
        return _exact_instance(goal, tactic)
    if words[0] == "exact":
        if len(words) != 2 or goal.hypothesis(words[1]) is None:
            return Refused(tactic, "exact: only a local hypothesis is modelled")
        if not accessible(words[1]):
            return Refused(tactic, f"exact: unknown identifier {words[1]} (an inaccessible name cannot be written)")
        candidates = [goal.hypothesis(words[1])]
    else:
        if len(words) != 1:
            return Refused(tactic, "assumption takes no arguments")
        candidates = [h for _, h in goal.hypotheses]
    for h in candidates:
        # `f = fun x => e` is an `Eq`, `∀ x, f x = e` a Π-type: not the same proposition to Lean
        if _same_statement(h, goal.target):
            return issue(goal, tactic, "assumption", ("a hypothesis is the goal",))
    return Refused(tactic, "assumption: no hypothesis is the goal" if words[0] == "assumption"
                   else "exact: type mismatch (the hypothesis is not the goal)")


def _same_statement(a, b) -> bool:
    """`a` and `b` are one proposition to Lean's `exact`: α-equal, both or neither an equation of
    functions, and a Finset membership on one side only where the other has one too (`x ∈ ({1, 2} :
    Finset ℕ)` unfolds to `List.Mem`, never to the `x = 1 ∨ x = 2` the elaborator writes; a Set
    membership is its predicate by definition)."""
    if function_equation(a) != function_equation(b):
        return False
    # ℕ literal offsets (`n + 1 + 1` is `n + 2`: isDefEqOffsetNat) and `a ≥ b` as `b ≤ a` (the
    # reducible notation `GE.ge`/`GT.gt`) are unified by exact and assumption
    a, b = reduce_nat_literals(a), reduce_nat_literals(b)
    if not alpha_equal(a, b):
        a, b = oriented(a), oriented(b)
        if not alpha_equal(a, b):
            return False

    def finset_marks(e):
        return [bool(x.origin) and any(k.startswith("Finset.") for k in x.origin) for x in e.walk()]
    return finset_marks(a) == finset_marks(b)


def _exact_lemma(goal: Goal, tactic: str):
    """`exact t` with `t` a library lemma's application (`lemmas.resolve`: a lemma of
    `SIGNATURES`/`POLYMORPHIC`/`LEMMAS` at its explicit arguments, `(lemma args).mp h`,
    `sub_ne_zero.mpr h`): its statement must be the goal up to α (Lean unifies up to
    definitional equality, so this refuses more, never less). Implicit arguments are fixed by
    the proofs given, never by the goal: a term whose implicits only the goal would fix is
    refused."""
    text = tactic.strip()[len("exact"):].strip()
    m = EXT_TERM.fullmatch(text)
    if m:
        return _exact_ext(goal, tactic, m.group(1), m.group(2))
    proved = resolve(goal, text)
    if _same_statement(proved, goal.target):
        return issue(goal, tactic, "exact", (text,))
    return Refused(tactic, "exact: type mismatch (the term's statement is not the goal)")


EXT_TERM = re.compile(r"(Set\.ext|Finset\.ext)\s+([^\s()]+)")


def _exact_ext(goal: Goal, tactic: str, lemma: str, name: str):
    """`exact Set.ext h` / `exact Finset.ext h` with `h : ∀ x, x ∈ S ↔ x ∈ T` local and the goal
    the set equation `S = T` of that family (`Set.ext : (∀ x, x ∈ a ↔ x ∈ b) → a = b`,
    `Finset.ext` alike). Lean unifies `x ∈ S` with h's sides up to defeq: a `Set` membership
    unfolds to its predicate (`Set.mem_setOf_eq`, `Set.mem_Icc` are `rfl`), which the elaborator
    already wrote, so α-equality of the pointwise statements is the check; a `Finset`
    membership (`insert`, `singleton`, `filter`) does not reduce to its predicate, so for
    `Finset.ext` no side may be an unfolded membership (only opaque `x ∈ s`)."""
    from prover.syntax.ast import set_equation, unmark_set_equation
    h = goal.hypothesis(name) if accessible(name) and name not in goal.context else None
    if h is None:
        return Refused(tactic, f"exact: {name} is not a local hypothesis")
    if set_equation(goal.target) != lemma:
        return Refused(tactic, f"exact: type mismatch ({lemma} proves an equation of "
                               f"{'Finsets' if lemma == 'Finset.ext' else 'sets'}, the goal is not one)")
    pointwise = unmark_set_equation(goal.target)
    if lemma == "Finset.ext" and any(x.origin for p in (h, pointwise) for x in p.walk()):
        return Refused(tactic, "exact: Finset.ext: a Finset membership is not definitionally its predicate")
    if set_equation(h) is None and alpha_equal(h, pointwise):
        return issue(goal, tactic, "exact", (f"{lemma} {name}",))
    return Refused(tactic, f"exact: type mismatch ({name} is not ∀ x, x ∈ S ↔ x ∈ T for the goal's sides)")


def _exact_instance(goal: Goal, tactic: str):
    """`exact h a₁ … aₙ` (Lean's `exact` with an application of a local hypothesis): the
    instance (`lemmas.instantiate_local`: binders substituted without capture, each premise
    proved by a hypothesis or a kernel-checked `(by tac)`) must be the goal up to α and
    reduction of ℕ literal arithmetic (`5 - 1` is `4` by `Nat.reduceBinNatOp` when Lean unifies
    the two; `(3 : ℝ) - 1` is not reduced, nor is anything with a variable)."""
    def prove(g, tac):
        step = check(g, tac)
        return step if isinstance(step, CheckedStep) else None
    text = tactic.strip()[len("exact"):]
    instance, steps = instantiate_local(goal, text, prove)
    if _same_statement(reduce_nat_literals(instance), reduce_nat_literals(goal.target)):
        return issue(goal, tactic, "exact", (text.strip(),) + tuple(steps))
    return Refused(tactic, "exact: type mismatch (the instance is not the goal)")


# `simp only [L] at *` lemmas that unfold a set membership (the elaborator's `Expr.origin` kinds):
# `Set.mem_Icc : a ∈ Set.Icc l u ↔ l ≤ a ∧ a ≤ u`, `Set.mem_setOf_eq : (a ∈ {x | p x}) = p a`, …
SIMP_MEMBERSHIP = {f"Set.mem_{k}": f"Set.{k}" for k in ("Icc", "Ico", "Ioc", "Ioo", "Ici", "Ioi", "Iic", "Iio")}
SIMP_MEMBERSHIP.update({"Set.mem_setOf_eq": "setOf", "Set.mem_insert_iff": "Set.insert",
                        "Set.mem_singleton_iff": "Set.singleton", "Finset.mem_insert": "Finset.insert",
                        "Finset.mem_singleton": "Finset.singleton", "Set.mem_preimage": "Set.preimage",
                        "Set.mem_image": "Set.image", "Set.mem_range": "Set.range", "Set.mem_diff": "Set.diff"})
SIMP_THEN = re.compile(r"simp only \[\s*([\w.]+(?:\s*,\s*[\w.]+)*)\s*\] at \* <;> (.+)")
# Rules that read hypotheses and goal as comparisons (omega, linarith's preprocessing, ring,
# positivity, field_simp's simp set aside): a membership `x ∈ Set.Icc a b` is an opaque
# `Membership.mem` application to them (no `Set.mem_Icc` unfolding), so a marked proposition is
# dropped as a hypothesis and refused as a goal. norm_num/simp (whose default simp set has
# `Set.mem_Icc`, `Set.mem_setOf_eq`, …) and exact/assumption/rfl (definitional unfolding) read
# through the mark. decide is refused on a membership too (conservatively: whether a `Decidable`
# instance exists for each set kind is not modelled; norm_num evaluates closed memberships).
OPAQUE_MEMBERSHIP = frozenset({"linarith", "nlinarith", "positivity", "omega", "ring", "ring1", "ring_nf",
                               "field_simp", "linear_combination", "decide"})


def _is_marked(e) -> bool:
    return next(marked_membership(e), None) is not None


def _without_membership(goal: Goal) -> Goal | None:
    """The goal as an arithmetic tactic reads it: marked hypotheses dropped; None when the
    goal itself is (or contains) a marked membership."""
    if _is_marked(goal.target):
        return None
    hyps = tuple((n, h) for n, h in goal.hypotheses if not _is_marked(h))
    return goal if len(hyps) == len(goal.hypotheses) else Goal(goal.variables, hyps, goal.target)


def rule_simp(goal: Goal, tactic: str, args):
    """`simp only [Set.mem_Icc, …] at * <;> tac`: the listed membership lemmas unfold the
    memberships of their kinds everywhere (marks cleared), then `tac` is checked on the result;
    other listed names go on to `rule_simp_modeq_omega`. simp fails when it rewrites nothing."""
    if SIMP_LOCAL_THEN.fullmatch(tactic.strip()):
        return rule_simp_local(goal, tactic, args)
    m = SIMP_THEN.fullmatch(tactic.strip())
    names = [n.strip() for n in m.group(1).split(",")] if m else []
    mem = [n for n in names if n in SIMP_MEMBERSHIP]
    if not mem:
        seen = _without_membership(goal)   # omega runs on what the other lemmas unfold
        if seen is None:
            return Refused(tactic, "simp only: the goal is a set membership these lemmas do not unfold")
        step = rule_simp_modeq_omega(seen, tactic, args)
        return step if isinstance(step, Refused) or seen is goal else issue(goal, tactic, step.rule, step.certificate)
    if len(set(names)) != len(names):
        return Refused(tactic, "simp only: a lemma is listed twice")
    kinds = frozenset(SIMP_MEMBERSHIP[n] for n in mem)
    hyps = tuple((n, unmark_membership(h, kinds)) for n, h in goal.hypotheses)
    target = unmark_membership(goal.target, kinds)
    progress = target is not goal.target or any(a is not b for (_, a), (_, b) in zip(hyps, goal.hypotheses))
    rest = [n for n in names if n not in SIMP_MEMBERSHIP]
    then = m.group(2).strip()
    if not rest and not progress:
        return Refused(tactic, "simp made no progress (no membership of the listed kinds)")
    inner = f"simp only [{', '.join(rest)}] at * <;> {then}" if rest else then
    step = check(Goal(goal.variables, hyps, target), inner)
    if isinstance(step, Refused):
        return Refused(tactic, f"after simp only [{', '.join(mem)}]: {step.reason}")
    return issue(goal, tactic, step.rule, ("simp only " + ", ".join(mem), step.tactic, step.certificate))


SIMP_LOCAL_THEN = re.compile(r"simp only \[\s*([^\[\]]+?)\s*\] <;> (decide \+kernel|norm_num)")


def _function_equations(goal: Goal, names: list[str]):
    """The rewrite rules of `simp only [h₁, …]` with local hypotheses `hᵢ : ∀ x₁ … xₖ,
    f x₁ … xₖ = rhs` (f a local function applied to exactly its binders, in order): f ↦
    (binder names, rhs); a reason string when one is not of that form or a rule's right side
    mentions a rule's function (simp would rewrite again, possibly without end)."""
    rules = {}
    for name in names:
        h = goal.hypothesis(name) if accessible(name) and name not in goal.context else None
        if h is None:
            return f"simp only: {name} is not a local hypothesis"
        params = []
        while h.op == "forall":
            params.append(h.value[0])
            h = h.args[0]
        lhs = h.args[0] if h.op == "eq" else None
        if lhs is None or lhs.op != "apply" or lhs.value not in goal.functions or lhs.value in rules \
                or [a.value if a.op == "var" else None for a in lhs.args] != params or len(set(params)) != len(params):
            return f"simp only: {name} is not `∀ x…, f x… = e` with f a local function (not modelled)"
        rules[lhs.value] = (params, h.args[1])
    if any(x.op == "apply" and x.value in rules for _, rhs in rules.values() for x in rhs.walk()):
        return "simp only: a right side mentions a rewritten function (not modelled)"
    return rules


def _rewrite_applications(e, rules, outer: set):
    """Every `f a₁ … aₖ` (f a key of `rules`) replaced by its right side at the aᵢ, inside
    binders too (simp rewrites under `∑`, `fun` by congruence), bottom-up. A binder of a name
    free in a right side (other than its parameters) or of a rewritten function is refused."""
    from prover.syntax.ast import BINDER_OPS, Expr, binder_name
    if not e.args:
        return e
    if function_equation(e):
        # `f = fun x => e`: the left side `f` is not applied, so `h : ∀ x, f x = …` cannot fire on
        # it (review finding); what simp does inside the λ is not modelled
        raise BadHint("simp only: rewriting inside an equation of functions `f = fun x => …` is not modelled")
    if e.op in BINDER_OPS and binder_name(e) in outer:
        raise BadHint(f"simp only: the binder {binder_name(e)} would capture a name of a right side (not modelled)")
    out = e.with_args(*(_rewrite_applications(a, rules, outer) for a in e.args))
    if out.op == "apply" and out.value in rules:
        params, rhs = rules[out.value]
        if len(out.args) != len(params):
            raise BadHint(f"simp only: {out.value} is applied to {len(out.args)} arguments (not modelled)")
        holes = [Expr("var", value=f"#simp{i}", ty=a.ty) for i, a in enumerate(out.args)]
        for p, hole in zip(params, holes):
            rhs = substitute(rhs, p, hole)
        for hole, a in zip(holes, out.args):
            rhs = substitute(rhs, hole.value, a)
        return rhs
    return out


def rule_simp_local(goal: Goal, tactic: str, args):
    """`simp only [h₁, …] <;> decide +kernel` with hypotheses `hᵢ : ∀ x…, f x… = eᵢ` of local
    functions (`_function_equations`): simp uses each as the rewrite rule `f ?x… ↦ eᵢ[?x…]` and
    rewrites every application of f in the goal, under binders too (`∑ k ∈ s, f k` ↦
    `∑ k ∈ s, eᵢ[k]`; `rw` cannot, its motive would abstract a bound variable); simp fails when
    nothing is rewritten. Its default simprocs only reduce literal arithmetic (the `Finset`
    interval simprocs are not default simprocs), which keeps the rewritten proposition closed and
    equivalent; `decide +kernel` then runs on what is left (nothing when simp closed it). With
    `<;> norm_num` instead, the kernel's `norm_num` rule runs on the rewritten proposition (ℝ/ℚ
    values too: `∑ k ∈ range 75, 1 / 50` is evaluated by `NormNum.BigOperators`, and only over
    `Finset.range`); what simp's literal simprocs would have reduced first, norm_num reduces too."""
    m = SIMP_LOCAL_THEN.fullmatch(tactic.strip())
    if m is None:
        return Refused(tactic, "simp only: only `simp only [h, …] <;> decide +kernel` (or `<;> norm_num`) "
                               "with local equations is modelled")
    names = [n.strip() for n in m.group(1).split(",")]
    rules = _function_equations(goal, names)
    if isinstance(rules, str):
        return Refused(tactic, rules)
    outer = set(rules)
    for params, rhs in rules.values():
        outer |= free_vars(rhs) - set(params)
    target = _rewrite_applications(goal.target, rules, outer)
    if alpha_equal(target, goal.target):
        return Refused(tactic, "simp made no progress")
    if m.group(2) == "norm_num" and _long_big_operator(target):
        # NormNum.BigOperators peels `Finset.range n` one element at a time (a proof nested n
        # deep): bounded here as `decide +kernel`'s enumeration is
        return Refused(tactic, "simp only … <;> norm_num: a big operator over more than "
                               "evaluate.ELEMENT_LIMIT elements is not modelled")
    step = check(goal.with_target(target), m.group(2))
    if isinstance(step, Refused):
        return Refused(tactic, f"after simp only [{', '.join(names)}]: {step.reason}")
    return issue(goal, tactic, step.rule, ("simp only " + ", ".join(names), step.tactic, step.certificate))


def _long_big_operator(p) -> bool:
    """A `∑`/`∏` over `Finset.range n` with n a literal above `evaluate.ELEMENT_LIMIT`, or over
    a range whose size is not a literal."""
    from prover.kernel.evaluate import ELEMENT_LIMIT
    for e in p.walk():
        if e.op in ("sum", "prod"):
            s = e.args[0]
            n = s.args[0] if s.op == "set" and s.value == "Finset.range" and s.args else None
            if n is None or free_vars(n):
                return True
            try:
                if value(n) > ELEMENT_LIMIT:
                    return True
            except NotEvaluable:
                return True
    return False


def rule_exact_mod_cast(goal: Goal, tactic: str, args):
    """`exact_mod_cast h` (`Mathlib/Tactic/NormCast`, Lean core's `norm_cast`): `h` a local
    hypothesis; `h` and the goal are moved to the same cast normal form by unconditional cast
    lemmas (`prover.kernel.casts.mod_cast_equal`: `Nat.cast_ofNat`, `Nat.cast_inj`,
    `Nat.cast_le`, `Nat.cast_add`, `Nat.cast_mul`, `Nat.cast_pow`, `Int.cast_*`; never
    `Nat.cast_sub`, division or `%`). A term other than a hypothesis name is refused."""
    from prover.kernel.casts import mod_cast_equal
    words = tactic.split()
    if len(words) != 2 or not accessible(words[1]) or goal.hypothesis(words[1]) is None:
        return Refused(tactic, "exact_mod_cast: only a local hypothesis is modelled")
    if mod_cast_equal(goal.hypothesis(words[1]), goal.target):
        return issue(goal, tactic, "exact_mod_cast", (f"{words[1]} is the goal up to casts",))
    return Refused(tactic, "exact_mod_cast: the hypothesis and the goal differ after norm_cast "
                           "(or lie outside the modelled cast lemmas)")


RULES = {
    "exact_mod_cast": rule_exact_mod_cast,
    "assumption": rule_assumption,
    "exact": rule_assumption,
    "linear_combination": rule_linear_combination,
    "linarith": lambda g, t, a: _linarith(g, t, a[0], a[1], False),
    "nlinarith": lambda g, t, a: _linarith(g, t, a[0], a[1], True),
    "positivity": rule_positivity,
    "norm_num": rule_norm_num,
    "norm_num1": rule_norm_num,
    "decide": rule_decide,
    "rfl": rule_rfl,
    "ring": rule_ring,
    "ring1": rule_ring,
    "ring_nf": rule_ring,
    "field_simp": rule_field_simp,
    "omega": rule_omega,
    "simp": rule_simp,
}
TAKES_TERMS = {"linarith", "nlinarith", "norm_num"}
WHOLE_TEXT = {"exact_mod_cast", "linear_combination", "exact", "assumption", "field_simp", "simp", "decide"}  # the rule reads its own argument


# Definitions the elaborator unfolds and marks (`Expr.origin`): `IsLeast S a` is `a ∈ S ∧ a ∈
# lowerBounds S` by `def`, with no simp lemma unfolding it, so norm_num/simp/decide do not see
# through it (`constructor`, `obtain`, `intro` do: whnf unfolds it).
# `x ∈ lowerBounds s` likewise (`mem_lowerBounds` is `Iff.rfl` but not a simp lemma).
FOLDED_DEFINITIONS = frozenset({"IsLeast", "IsGreatest", "lowerBounds", "upperBounds"})


def _folded(e) -> bool:
    return any(x.origin and FOLDED_DEFINITIONS & set(x.origin) for x in e.walk())


def _rewritten_hypotheses(goal: Goal, tactic: str):
    """The hypotheses `tac at h₁ h₂ …` rewrites (all of them for `at *`; none without `at`):
    simp at h touches h alone, so a folded definition elsewhere in the context is no matter."""
    if " at " not in tactic:
        return []
    where = tactic.split(" at ", 1)[1].split("<;>")[0].split()
    if "*" in where:
        # `at *` skips what it cannot rewrite: `x ∈ lowerBounds s` stays folded (`unmark_membership`
        # does not enter it) and is dropped by the arithmetic rules (a membership mark)
        return [h for _, h in goal.hypotheses if not strict_implicit(h)]
    return [goal.hypothesis(n) for n in where if goal.hypothesis(n) is not None]


def check(goal: Goal, tactic: str) -> CheckedStep | Refused:
    """Check one closing tactic on `goal` (see the module docstring)."""
    name = tactic.split()[0] if tactic.split() else ""
    if name in ("norm_num", "norm_num1", "decide", "simp") and (
            _folded(goal.target) or any(_folded(h) for h in _rewritten_hypotheses(goal, tactic))):
        return Refused(tactic, f"{name}: IsLeast/IsGreatest is a definition simp does not unfold "
                               "(take it apart with constructor/obtain first)")
    if name == "norm_num" and NORM_NUM_AT.fullmatch(tactic.strip()):
        return rule_norm_num_at(goal, tactic, None)
    if name in WHOLE_TEXT:
        only, terms = False, []
    else:
        try:
            name, only, terms = split_args(tactic)
        except BadHint as err:
            return Refused(tactic, str(err))
    if name not in RULES:
        return Refused(tactic, f"the kernel does not model the tactic {name!r}")
    if (only or terms) and name not in TAKES_TERMS:
        return Refused(tactic, f"the kernel does not model {name} with arguments")
    if name in OPAQUE_MEMBERSHIP:
        seen = _without_membership(goal)
        if seen is None:
            return Refused(tactic, f"{name}: the goal is a set membership or a set equation (unfold it first: "
                                   "simp only [Set.mem_Icc, …])")
        if seen is not goal:
            step = check(seen, tactic)
            return step if isinstance(step, Refused) else issue(goal, tactic, step.rule, step.certificate)
    try:
        return RULES[name](goal, tactic, (only, terms))
    except (BadHint, ProverError) as err:
        return Refused(tactic, f"{name}: {err}")
    except RecursionError:
        return Refused(tactic, f"{name}: term too deep")


