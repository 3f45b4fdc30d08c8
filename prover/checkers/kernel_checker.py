"""The checker whose closing steps are the kernel's: `checked` proofs are replayed with it.

Closing tactics (`linarith`, `nlinarith [..]`, `positivity`, `norm_num`, `decide`, `rfl`,
`ring`, `linear_combination e`, `assumption`, `exact h`, and every other tactic the registry
`prover.tactics.registry` marks `kernel_checked`) go to `prover.kernel.check` alone: a `CheckedStep` closes the
goal, anything else is refused with the kernel's reason; a tactic the kernel does not model
(`simp`, `field_simp`, ...) is refused as "not modelled by the kernel: NAME". No
oracle (Z3, SymPy, Gröbner) runs for a closing step here.

Structural tactics (`intro`, `constructor`, `use`, `have`, `obtain`/`rcases`, `cases`,
`induction`, `interval_cases`, `subst`, `rw`, `by_contra`, ...) keep the goal transformations
of `SympyChecker`: they are the part of a `checked` proof still outside `prover/kernel`
(see docs/ARCHITECTURE.md, "Trust boundary"). Their inner closing steps (`have h : P := by
tac`, `t <;> s`) come back through `apply`, so they are kernel steps too.

>>> from prover.state import load_theorem
>>> g = load_theorem("theorem t (x : ℝ) (h : 1 < x) : 1 < x ^ 3").goal
>>> KernelChecker().apply(g, "linarith").reason
'linarith failed: no linear combination of the facts is 0 < 0'
>>> KernelChecker().apply(g, "aesop").reason
'not modelled by the kernel: aesop'
>>> certify(g, "nlinarith [sq_nonneg (x - 1)]").ok
True
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field

from prover.checkers.base import Closed, Rejected, Subgoals, TacticResult
from prover.checkers.sympy_checker import SympyChecker, split_then
from prover.decide.auto import Certificate
from prover.kernel import CheckedStep, RULES
from prover.kernel import check as kernel_check
from prover.state import Goal
from prover.errors import LeanSyntaxError
from prover.tactics.parse import parse_tactic
from prover.tactics.registry import KERNEL_CHECKED

KERNEL_CLOSING = KERNEL_CHECKED   # closing tactics and `exact` (the registry's `kernel_checked`)


def closing_name(tactic: str) -> str | None:
    """The tactic's name when it is a closing tactic (routed to the kernel), else None."""
    words = tactic.split()
    if not words:
        return None
    name = words[0].rstrip("!?")
    return name if name in KERNEL_CLOSING else None


def membership_signature(goal: Goal) -> tuple:
    """The membership marks of the goal's propositions (outside `Expr` equality), for cache keys."""
    return tuple(tuple(x.origin for x in p.walk() if x.origin)
                 for p in [goal.target] + [h for _, h in goal.hypotheses])


class KernelChecker(SympyChecker):
    """`SympyChecker`'s structural transformations; every closing step by the kernel."""

    name = "kernel"

    def __init__(self, cache: dict | None = None, environment=None):
        super().__init__(environment)
        self.cache = {} if cache is None else cache   # (goal, tactic) -> CheckedStep | reason
        self.steps: list[CheckedStep] = []             # every CheckedStep this checker returned

    def apply(self, goal: Goal, tactic: str, budget_s: float = 10.0) -> TacticResult:
        tactic = tactic.strip()
        if tactic.split()[:1] == ["field_simp"] and "<;>" in tactic:
            return self.close(goal, tactic)   # `field_simp <;> ring` is one kernel rule
        if tactic.split()[:2] == ["simp", "only"] and (" at * <;> " in tactic or tactic.endswith(("] <;> decide +kernel", "] <;> norm_num"))):
            return self.close(goal, tactic)   # `simp only [Nat.ModEq | Set.mem_Icc …] at * <;> tac`,
            # `simp only [h₀] <;> decide +kernel` / `<;> norm_num`: one kernel rule each
        if split_then(tactic) is not None:
            return self._all_goals(goal, tactic, budget_s)
        if tactic.split()[:2] in (["linarith", "only"], ["nlinarith", "only"]) and " <;> " not in tactic:
            return self.close(goal, tactic)   # the kernel's rule reads `only [...]` (the parser does not)
        if tactic.split()[:1] == ["mod_cases"]:
            return mod_cases(goal, tactic)
        if tactic.split()[:2] == ["simp", "only"] and "<;>" not in tactic and " at " not in tactic:
            from prover.checkers.set_simp import simp_membership
            moved = simp_membership(goal, tactic)   # Finset.mem_filter/mem_range/h₀ on the goal
            if moved is not None:
                return moved
        name = closing_name(tactic)
        if name is None:
            return super().apply(goal, tactic, budget_s)
        try:
            t = parse_tactic(tactic)   # unknown or malformed tactics are named as the checker names them
        except LeanSyntaxError as err:
            return Rejected(f"bad tactic: {err}")
        if t.at and name == "norm_num" and not t.hints:
            return self.close(goal, tactic)   # `norm_num at h₁ … ⊢`: the kernel's closing cases
        if t.at:
            return Rejected(f"not modelled by the kernel: {name} at {' '.join(t.at)}")
        return self.close(goal, tactic)

    def _discharged(self, goal: Goal, how: str, tactic: str):
        """A goal Lean closes by itself after `use`/`rw`: the kernel checks that closing step
        (`rfl`, `assumption`); when it cannot, the step is refused."""
        result = self.close(goal, how)
        if isinstance(result, Rejected):
            return Rejected(f"{tactic}: Lean closes the goal left by `{how}`, which the kernel does not check "
                            f"({result.reason})")
        return result

    def _interval_cases(self, goal: Goal, t, budget_s: float):
        """`interval_cases [h :] e [using hl, hu]` as Mathlib finds its bounds
        (`Mathlib/Tactic/IntervalCases.lean`): `e` (a ℕ or ℤ term; with `using`, by default the
        greater side of `hl`) is generalized in the goal and every hypothesis; without `using`,
        a bound is a hypothesis that is itself `a < e`, `a ≤ e`, `e < b`, `e ≤ b` (`>`/`≥` by
        `whnfR`, or the negation of one; `parseBound`), not inside `∧`, not through a cast, not
        from `e = c`, whose other side is a closed numeral term (evaluated exactly; others are
        skipped); with `using`, exactly `hl` (lower) and `hu` (upper), each required to be one;
        ℕ starts at 0. One goal per value, `e` replaced by it (`h : e = v` when named)."""
        from prover.checkers.base import Subgoals
        from prover.checkers.sympy_checker import MAX_INTERVAL_CASES
        from prover.errors import ProverError
        from prover.kernel.evaluate import NotEvaluable, value
        from prover.syntax.ast import INT, NAT, PROP, Expr, alpha_equal, free_vars, replace_subterm
        from prover.syntax.elaborate import Elaborator
        from prover.syntax.parser import parse_term
        m = _INTERVAL_CASES.fullmatch((t.args[0] if t.args else "").strip())
        if m is None:
            return Rejected("interval_cases: only `interval_cases [h :] e [using hl, hu]` is modelled")
        name, text, hl, hu = m.group(1), m.group(2).strip(), m.group(3), m.group(4)
        e = None
        if text:
            try:
                e = Elaborator(goal.context).term(parse_term(text))
            except ProverError as err:
                return Rejected(f"interval_cases: {err}")
        if hl is None:
            if e is None:
                return Rejected("interval_cases: expected a term or `using hl, hu`")
            candidates = [(h, True, True) for _, h in goal.hypotheses]   # (fact, as lower, as upper)
        else:
            lower, upper = goal.hypothesis(hl), goal.hypothesis(hu)
            pl, pu = _bound_sides(lower), _bound_sides(upper)
            if pl is None or (e is not None and not alpha_equal(e, pl[1])):
                return Rejected(f"interval_cases: {hl} is not of the form _ < e or _ ≤ e")
            e = pl[1] if e is None else e
            if pu is None or not alpha_equal(e, pu[0]):
                return Rejected(f"interval_cases: {hu} is not of the form e < _ or e ≤ _")
            candidates = [(lower, True, False), (upper, False, True)]
        ty = e.ty
        if ty not in (NAT, INT):
            return Rejected(f"interval_cases: {text or 'the term'} is not of type ℕ or ℤ")
        if not free_vars(e):
            return Rejected("interval_cases: a closed term is not modelled")
        lo, hi = (0 if ty == NAT else None), None
        for h, as_lower, as_upper in candidates:
            sides = _bound_sides(h)
            found = False
            if sides is not None and sides[3] == ty:
                a, b, strict, _ = sides
                for x, c, upper in ((a, b, True), (b, a, False)):
                    if not (upper and as_upper or not upper and as_lower) or not alpha_equal(x, e) or free_vars(c):
                        continue
                    try:
                        k = value(c)
                    except (NotEvaluable, ZeroDivisionError):
                        continue
                    found = True
                    if upper:
                        hi = k - strict if hi is None else min(hi, k - strict)
                    else:
                        lo = k + strict if lo is None else max(lo, k + strict)
                    break
            if hl is not None and not found:   # `using`: a bound that cannot be read is an error
                return Rejected("interval_cases failed: a provided bound cannot be evaluated")
        if lo is None or hi is None:
            return Rejected(f"interval_cases failed: could not find {'lower' if lo is None else 'upper'} bound on {text or 'e'}")
        if hi - lo > MAX_INTERVAL_CASES:
            return Rejected(f"interval_cases: {hi - lo + 1} cases (at most {MAX_INTERVAL_CASES + 1} modelled)")
        cases = []
        for v in range(lo, hi + 1):
            n = Expr("num", value=v, ty=ty)
            if e.op == "var" and e.value in goal.context:
                case = goal.substituted(e.value, n, drop=name is None)
            else:
                case = Goal(goal.variables, tuple((k, replace_subterm(h, e, n)) for k, h in goal.hypotheses),
                            replace_subterm(goal.target, e, n))
            if name is not None and name != "_":
                case = case.with_hypothesis(name, Expr("eq", (e, n), value=ty, ty=PROP))
            cases.append(case)
        return Subgoals(tuple(cases))

    @staticmethod
    def key(goal: Goal, tactic: str) -> tuple:
        """The cache key of one closing check: positions and membership marks (`≡`,
        `x ∈ Set.Icc a b`) are outside goal equality."""
        from prover.kernel.omega import modeq_signature
        return (goal, tactic, modeq_signature(goal), membership_signature(goal))

    def refused(self, goal: Goal, tactic: str, reason: str) -> None:
        """Record a refusal found elsewhere (the same kernel check run in a time-limited child),
        so that it is not run again: a cached refusal can only make the checker refuse."""
        self.cache.setdefault(self.key(goal, tactic), reason)

    def close(self, goal: Goal, tactic: str) -> Closed | Rejected:
        """The kernel's verdict on one closing tactic (cached per goal and tactic text)."""
        key = self.key(goal, tactic)
        answer = self.cache.get(key)
        if answer is None:
            started = time.monotonic()
            words = tactic.split()
            if words[0] not in RULES:
                answer = f"not modelled by the kernel: {words[0]}"
            else:
                try:
                    result = kernel_check(goal, tactic)
                    answer = result if isinstance(result, CheckedStep) else result.reason
                except (OverflowError, ValueError, ZeroDivisionError, MemoryError) as err:
                    # a crash in an untrusted certificate finder is a refusal, never a step
                    answer = f"{words[0]}: no certificate ({type(err).__name__}: {err})"
            self.cache[key] = answer
            CHECK_STATS["checks"] += 1
            CHECK_STATS["seconds"] += time.monotonic() - started
        if isinstance(answer, str):
            return Rejected(answer)
        self.steps.append(answer)
        return Closed(Certificate(f"kernel:{answer.rule}", tactic, 0.0), step=answer)


_IDENT = r"[^\W\d][\w'₀-₉ᵢ]*"
_INTERVAL_CASES = re.compile(rf"(?:({_IDENT}|_)\s*:\s*)?(.*?)(?:(?:^|\s+)using\s+({_IDENT})\s*,\s*({_IDENT}))?")


def _bound_sides(h):
    """`parseBound` (Mathlib's IntervalCases.lean): (lesser side, greater side, strict, the
    compared type) of a hypothesis that is itself `<`, `≤`, `>`, `≥` or the negation of one; None otherwise (a
    membership, `∧`, `=`, …)."""
    if h is None or h.origin:   # a membership (`x ∈ Set.Ici 2`) is not a bound until unfolded
        return None
    negated = h.op == "not"
    p = h.args[0] if negated else h
    if p.op not in ("lt", "le", "gt", "ge") or p.origin:
        return None
    a, b = (p.args[1], p.args[0]) if p.op in ("gt", "ge") else p.args
    strict = p.op in ("lt", "gt")
    if negated:   # ¬ a < b is b ≤ a; ¬ a ≤ b is b < a
        a, b, strict = b, a, not strict
    return a, b, strict, p.value


MAX_MOD_CASES = 64
_MOD_CASES = re.compile(r"mod_cases\s+([^\W\d][\w'₀-₉]*)\s*:\s*(.+?)\s*%\s*(\d+)")


def mod_cases(goal: Goal, tactic: str) -> TacticResult:
    """`mod_cases h : e % n` (`Mathlib/Tactic/ModCases.lean`): for `e : ℤ` the goals, in order,
    with `h : e ≡ 0 [ZMOD n]`, …, `h : e ≡ n - 1 [ZMOD n]`; for `e : ℕ` the same with `[MOD n]`.
    `n` is a numeral with `1 ≤ n` (`Nat.ble 1 n = true`); the goal and `e` are unchanged. A
    hypothesis named `h` is shadowed. Only the named form is modelled (at most `MAX_MOD_CASES`)."""
    from prover.syntax.ast import INT, NAT
    from prover.syntax.elaborate import Elaborator
    from prover.syntax.parser import parse_term
    m = _MOD_CASES.fullmatch(tactic.strip())
    if m is None:
        return Rejected("mod_cases: only `mod_cases h : e % n` with a numeral n is modelled")
    name, text, n = m.group(1), m.group(2), int(m.group(3))
    if not 1 <= n <= MAX_MOD_CASES:
        return Rejected(f"mod_cases: the modulus must be a numeral between 1 and {MAX_MOD_CASES}")
    el = Elaborator(goal.context)
    try:
        ty = el.term(parse_term(text)).ty
        if ty not in (NAT, INT):
            return Rejected(f"mod_cases: {text} is not of type ℕ or ℤ")
        kind = "MOD" if ty == NAT else "ZMOD"
        cases = [el.prop(parse_term(f"({text}) ≡ {i} [{kind} {n}]")) for i in range(n)]
    except LeanSyntaxError as err:
        return Rejected(f"mod_cases: {err}")
    return Subgoals(tuple(goal.with_hypothesis(name, c) for c in cases))


# Kernel checks run in this process (for `bench/verdicts.py`: certificate checks per second).
CHECK_STATS = {"checks": 0, "seconds": 0.0}


@dataclass
class Certification:
    ok: bool
    steps: tuple = ()           # the CheckedSteps of the closing steps, in order
    message: str = ""
    line: int | None = None
    rules: list = field(default_factory=list)


def certify(goal: Goal, script: str, checker: KernelChecker | None = None, budget_s: float = 10.0) -> Certification:
    """Replay `script` on `goal` with the kernel checker: ok when every closing step is a
    kernel `CheckedStep` and no goal is left."""
    from prover.checkers.replay import replay
    from prover.errors import LeanSyntaxError
    checker = checker or KernelChecker()
    checker.steps = []
    try:
        result = replay(goal, script, checker=checker, budget_s=budget_s)
    except LeanSyntaxError as err:
        return Certification(False, message=str(err))
    if not result.ok:
        return Certification(False, message=result.message, line=result.line)
    rules = sorted({s.rule for s in checker.steps})
    return Certification(bool(checker.steps), tuple(checker.steps),
                         "" if checker.steps else "no closing step", rules=rules)
