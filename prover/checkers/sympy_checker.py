"""The default checker: Lean 4 tactics given Mathlib's meaning on the arithmetic fragment,
decided by SymPy, exact arithmetic and Z3 (see `prover.decide`).

Closing tactics run the decision procedures that correspond to them (`ring` only proves
polynomial identities; `nlinarith`, `linarith` and `positivity` use arithmetic decision
procedures with their hint terms added as facts; `norm_num` and `decide` evaluate).
Structural tactics (`intro`, `constructor`, `use`, `have`, ...) transform the goal.

>>> from prover.state import load_theorem
>>> g = load_theorem("theorem t (a b : ℝ) : 2 * a * b ≤ a ^ 2 + b ^ 2").goal
>>> type(SympyChecker().apply(g, "nlinarith [sq_nonneg (a - b)]")).__name__
'Closed'
>>> SympyChecker().apply(g, "ring").reason
'ring: not closed by polynomial-identity'
"""

from __future__ import annotations

import time

from prover.checkers.base import Closed, Rejected, Subgoals, TacticResult, Timeout
from prover.decide.auto import decide
from prover.errors import LeanSyntaxError
from prover.state import Goal
from prover.syntax.ast import PROP, Expr, substitute
from prover.syntax.elaborate import Elaborator
from prover.syntax.parser import parse_term
from prover.tactics.lemmas import instantiate_hint
from prover.tactics.parse import Tactic, parse_tactic

_ARITH = ("evaluation", "polynomial-identity", "z3", "groebner", "closed-form-sum", "finite-check")
TACTIC_METHODS: dict[str, tuple[str, ...]] = {
    "norm_num": _ARITH, "simp": _ARITH, "simp_all": _ARITH, "aesop": _ARITH, "tauto": ("z3",),
    "linarith": ("z3",), "nlinarith": ("polynomial-identity", "z3", "groebner"), "positivity": ("z3",),
    "polyrith": ("groebner", "polynomial-identity"), "linear_combination": ("groebner", "polynomial-identity"),
    "ring": ("polynomial-identity",), "ring_nf": ("polynomial-identity",), "field_simp": ("polynomial-identity", "groebner"),
    "omega": ("z3", "finite-check"), "decide": ("evaluation", "finite-check"), "rfl": ("evaluation", "polynomial-identity"),
    "trivial": ("evaluation",), "norm_cast": ("evaluation", "z3"), "push_cast": ("evaluation", "z3"),
    "exact_mod_cast": ("z3",),
}


class SympyChecker:
    name = "sympy-z3"

    def apply(self, goal: Goal, tactic: str, budget_s: float = 10.0) -> TacticResult:
        try:
            t = parse_tactic(tactic)
        except LeanSyntaxError as err:
            return Rejected(f"bad tactic: {err}")
        start = time.monotonic()
        try:
            if t.name in TACTIC_METHODS:
                result = self._close(goal, t, budget_s)
            else:
                result = getattr(self, "_" + t.name)(goal, t, budget_s)
        except LeanSyntaxError as err:
            return Rejected(f"{t.name}: {err}")
        if isinstance(result, Rejected) and time.monotonic() - start >= budget_s:
            return Timeout(budget_s)
        return result

    # -- closing tactics ----------------------------------------------------------------
    def _close(self, goal: Goal, t: Tactic, budget_s: float) -> TacticResult:
        hints = tuple(h for h in (instantiate_hint(x, goal) for x in t.hints) if h is not None)
        cert = decide(goal, budget_s=budget_s, methods=TACTIC_METHODS[t.name], hints=hints)
        if cert is None:
            return Rejected(f"{t.name}: not closed by {', '.join(TACTIC_METHODS[t.name])}")
        return Closed(cert)

    # -- structural tactics -------------------------------------------------------------
    def _intro(self, goal: Goal, t: Tactic, budget_s: float) -> TacticResult:
        names = list(t.args) or [None]
        for n in names:
            target = goal.target
            if target.op == "forall":
                bound, ty = target.value
                new = n or bound
                body = substitute(target.args[0], bound, Expr("var", value=new, ty=ty)) if new != bound else target.args[0]
                goal = goal.with_variable(new, ty).with_target(body)
            elif target.op == "imp":
                goal = goal.with_hypothesis(n or goal.fresh_name("h"), target.args[0]).with_target(target.args[1])
            elif target.op == "not":
                goal = goal.with_hypothesis(n or goal.fresh_name("h"), target.args[0]).with_target(Expr("false", ty=PROP))
            else:
                return Rejected("intro: the goal is not ∀, → or ¬")
        return Subgoals((goal,))

    _intros = _intro

    def _constructor(self, goal: Goal, t: Tactic, budget_s: float) -> TacticResult:
        g = goal.target
        if g.op == "and":
            return Subgoals((goal.with_target(g.args[0]), goal.with_target(g.args[1])))
        if g.op == "iff":
            a, b = g.args
            return Subgoals((goal.with_target(Expr("imp", (a, b), ty=PROP)), goal.with_target(Expr("imp", (b, a), ty=PROP))))
        return Rejected("constructor: the goal is not ∧ or ↔")

    def _left(self, goal: Goal, t: Tactic, budget_s: float) -> TacticResult:
        if goal.target.op != "or":
            return Rejected("left: the goal is not ∨")
        return Subgoals((goal.with_target(goal.target.args[0]),))

    def _right(self, goal: Goal, t: Tactic, budget_s: float) -> TacticResult:
        if goal.target.op != "or":
            return Rejected("right: the goal is not ∨")
        return Subgoals((goal.with_target(goal.target.args[1]),))

    def _use(self, goal: Goal, t: Tactic, budget_s: float) -> TacticResult:
        g = goal.target
        if g.op != "exists" or not t.args:
            return Rejected("use: the goal is not ∃")
        name, ty = g.value
        witness = Elaborator(goal.context).term(parse_term(t.args[0]), ty)
        return Subgoals((goal.with_target(substitute(g.args[0], name, witness)),))

    def _exact(self, goal: Goal, t: Tactic, budget_s: float) -> TacticResult:
        if t.args and goal.hypothesis(t.args[0]) == goal.target:
            from prover.decide.auto import Certificate
            return Closed(Certificate("assumption", f"hypothesis {t.args[0]} is the goal", 0.0))
        return Rejected("exact: only a hypothesis that matches the goal is supported")

    def _by_contra(self, goal: Goal, t: Tactic, budget_s: float) -> TacticResult:
        name = t.args[0] if t.args else goal.fresh_name("h")
        negated = Expr("not", (goal.target,), ty=PROP)
        return Subgoals((goal.with_hypothesis(name, negated).with_target(Expr("false", ty=PROP)),))

    def _exfalso(self, goal: Goal, t: Tactic, budget_s: float) -> TacticResult:
        return Subgoals((goal.with_target(Expr("false", ty=PROP)),))

    def _push_neg(self, goal: Goal, t: Tactic, budget_s: float) -> TacticResult:
        return Subgoals((goal,))  # our goals carry ¬ structurally; the procedures read it directly

    def _subst(self, goal: Goal, t: Tactic, budget_s: float) -> TacticResult:
        from prover.decide.preprocess import substitute_equalities
        new = substitute_equalities(goal)
        if new == goal:
            return Rejected("subst: no hypothesis `x = t` to substitute")
        return Subgoals((new,))

    def _have(self, goal: Goal, t: Tactic, budget_s: float) -> TacticResult:
        prop = self._prop(goal, t.statement)
        side = goal.with_target(prop)
        inner = self.apply(side, t.inner, budget_s)
        if not isinstance(inner, Closed):
            return Rejected(f"have: the proof of {t.statement} failed: {getattr(inner, 'reason', 'timeout')}")
        return Subgoals((goal.with_hypothesis(t.args[0], prop),))

    @staticmethod
    def _prop(goal: Goal, text: str) -> Expr:
        return Elaborator(goal.context).prop(parse_term(text))
