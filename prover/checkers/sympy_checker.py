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

import re
import time

from prover.checkers.base import Closed, Rejected, Subgoals, TacticResult, Timeout
from prover.decide.auto import MAX_SPLIT_CASES, Certificate, decide
from prover.decide.limits import ran_out
from prover.errors import LeanSyntaxError
from prover.state import Goal
from prover.syntax.ast import INT, NAT, NUMBER_TYPES, PROP, Expr, alpha_equal, free_vars, inaccessible_name, rename_free, substitute
from prover.syntax.elaborate import Elaborator
from prover.syntax.parser import parse_term
from prover.tactics.lemmas import instantiate_hint
from prover.tactics.parse import Tactic, parse_tactic
from prover.tactics.rewrite import rewrite
from prover.decide.bounds import variable_bounds  # noqa: F401 (re-exported for the portfolio)

_ARITH = ("evaluation", "polynomial-identity", "z3", "groebner", "closed-form-sum", "finite-check")
TACTIC_METHODS: dict[str, tuple[str, ...]] = {
    "norm_num": _ARITH, "simp": _ARITH, "simp_all": _ARITH, "aesop": _ARITH, "tauto": ("z3",),
    "linarith": ("z3",), "nlinarith": ("polynomial-identity", "z3", "groebner"), "positivity": ("z3",),
    "polyrith": ("groebner", "polynomial-identity"),
    "ring": ("polynomial-identity",), "ring_nf": ("polynomial-identity",), "field_simp": ("polynomial-identity", "groebner"),
    "omega": ("z3", "finite-check"), "decide": ("evaluation", "finite-check"), "rfl": ("evaluation", "polynomial-identity"),
    "trivial": ("evaluation",), "norm_cast": ("evaluation", "z3"), "push_cast": ("evaluation", "z3"),
    "exact_mod_cast": ("z3",),
}


class SympyChecker:
    name = "sympy-z3"

    def apply(self, goal: Goal, tactic: str, budget_s: float = 10.0) -> TacticResult:
        if " <;> " in tactic and "[" not in tactic.split(" <;> ")[0]:
            return self._all_goals(goal, tactic, budget_s)
        try:
            t = parse_tactic(tactic)
        except LeanSyntaxError as err:
            return Rejected(f"bad tactic: {err}")
        start = time.monotonic()
        try:
            if t.name in TACTIC_METHODS and t.name != "linear_combination":
                result = self._close(goal, t, budget_s)
            else:
                result = getattr(self, "_" + t.name)(goal, t, budget_s)
        except LeanSyntaxError as err:
            return Rejected(f"{t.name}: {err}")
        if isinstance(result, Rejected) and ran_out(time.monotonic() - start, budget_s):
            return Timeout(budget_s)
        return result

    def _all_goals(self, goal: Goal, tactic: str, budget_s: float) -> TacticResult:
        """`t <;> s`: s on every goal t leaves; closed when s closes them all."""
        first, rest = tactic.split(" <;> ", 1)
        deadline = time.monotonic() + budget_s
        result = self.apply(goal, first, budget_s)
        if not isinstance(result, Subgoals):
            return result
        left: list[Goal] = []
        certs = []
        for g in result.goals:
            r = self.apply(g, rest, max(deadline - time.monotonic(), 0.05))
            if isinstance(r, Closed):
                certs.append(r.certificate)
            elif isinstance(r, Subgoals):
                left += r.goals
            else:
                return Rejected(f"{rest} on a goal of {first}: {getattr(r, 'reason', 'timeout')}")
        if left:
            return Subgoals(tuple(left))
        methods = sorted({c.method for c in certs})
        return Closed(Certificate(methods[0] if len(methods) == 1 else "+".join(methods),
                                  f"{first}, then {rest} on each of {len(certs)} goals",
                                  round(sum(c.time_s for c in certs), 4)))

    # -- closing tactics ----------------------------------------------------------------
    def _close(self, goal: Goal, t: Tactic, budget_s: float) -> TacticResult:
        hints = tuple(h for h in (instantiate_hint(x, goal) for x in t.hints) if h is not None)
        cert = decide(goal, budget_s=budget_s, methods=TACTIC_METHODS[t.name], hints=hints)
        if cert is None:
            return Rejected(f"{t.name}: not closed by {', '.join(TACTIC_METHODS[t.name])}")
        return Closed(cert)

    def _linear_combination(self, goal: Goal, t: Tactic, budget_s: float) -> TacticResult:
        """`linear_combination e`: goal.lhs - goal.rhs - (e.lhs - e.rhs) must be 0 by `ring`,
        where each hypothesis name h in e stands for h.lhs - h.rhs."""
        from prover.decide.algebra import PolyTranslator, NotPolynomial
        from prover.syntax.printer import show
        target = goal.target
        if target.op != "eq":
            return Rejected("linear_combination: the goal is not an equation")
        text = re.sub(r"\(exp := \d+\)", "", t.args[0] if t.args else "").strip() or "0"
        e = parse_term(text)
        for name, h in goal.hypotheses:
            if h.op == "eq":
                e = substitute(e, name, parse_term(f"(({show(h.args[0])}) - ({show(h.args[1])}))"))
        raw = parse_term(f"({show(target.args[0])}) - ({show(target.args[1])}) = 0")
        raw = raw.with_args(Expr("sub", (raw.args[0], e)), raw.args[1])
        eq = Elaborator(goal.context).prop(raw)
        tr = PolyTranslator()
        try:
            import sympy
            zero = sympy.expand(tr(eq.args[0]) - tr(eq.args[1])) == 0
        except NotPolynomial as err:
            return Rejected(f"linear_combination: {err}")
        if not zero:
            return Rejected("linear_combination: ring failed to close the remainder")
        from prover.decide.auto import Certificate
        return Closed(Certificate("polynomial-identity", f"goal - ({text}) is 0 as a polynomial", 0.0))

    # -- structural tactics -------------------------------------------------------------
    def _intro(self, goal: Goal, t: Tactic, budget_s: float) -> TacticResult:
        names = list(t.args) or [None]
        for n in names:
            target = goal.target
            if target.op == "forall":
                bound, ty = target.value
                # A bare `intro` names the variable inaccessibly (Lean 4 shows `x✝`).
                new = n or inaccessible_name(bound, goal.names)
                # An existing local named `new` is shadowed first (renamed to `new✝` in the
                # whole goal), so the body's other variables keep their meaning.
                goal, _ = goal.shadow(new)
                body = substitute(goal.target.args[0], bound, Expr("var", value=new, ty=ty))
                goal = goal.with_variable(new, ty).with_target(body)
            elif target.op in ("imp", "not"):
                name = n or inaccessible_name("a", goal.names)
                goal, _ = goal.shadow(name)
                premise = goal.target.args[0]
                rest = goal.target.args[1] if target.op == "imp" else Expr("false", ty=PROP)
                goal = goal.with_hypothesis(name, premise).with_target(rest)
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
        h = goal.hypothesis(t.args[0]) if t.args else None
        if h is not None and alpha_equal(h, goal.target):
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
        """`subst h` (h : a = x or x = a) or `subst x`: the variable x, free in neither side's
        other half, is replaced by the other side everywhere and removed, with h."""
        if len(t.args) != 1:
            return Rejected("subst: expected one hypothesis or variable")
        arg = t.args[0].strip()
        types = goal.context
        if arg in types:
            candidates = [(n, h) for n, h in goal.hypotheses if h.op == "eq"
                          and any(s.op == "var" and s.value == arg for s in h.args)]
        else:
            h = goal.hypothesis(arg)
            candidates = [(arg, h)] if h is not None and h.op == "eq" else []
        for hname, h in candidates:
            # Lean tries `h : a = x` (x := a) first, then `h : x = a`.
            for x, rhs in ((h.args[1], h.args[0]), (h.args[0], h.args[1])):
                if x.op != "var" or types.get(x.value) not in NUMBER_TYPES or x.ty != types[x.value] \
                        or x.value in free_vars(rhs):
                    continue
                if arg in types and x.value != arg:
                    continue
                hyps = tuple((n, e) for n, e in goal.hypotheses if n != hname)
                rest = Goal(goal.variables, hyps, goal.target)
                return Subgoals((rest.substituted(x.value, rhs, drop=True),))
        return Rejected(f"subst: no hypothesis `{arg} = t` or `t = {arg}` with a free variable to eliminate")

    def _have(self, goal: Goal, t: Tactic, budget_s: float) -> TacticResult:
        if t.statement is None:
            return self._have_instance(goal, t)
        prop = self._prop(goal, t.statement)
        side = goal.with_target(prop)
        inner = self.apply(side, t.inner, budget_s)
        if not isinstance(inner, Closed):
            return Rejected(f"have: the proof of {t.statement} failed: {getattr(inner, 'reason', 'timeout')}")
        return Subgoals((goal.with_hypothesis(t.args[0], prop),))

    def _have_instance(self, goal: Goal, t: Tactic) -> TacticResult:
        """`have h := h₀ a b hx`: a ∀-hypothesis, a library lemma or a proved lemma at the given
        arguments (hypotheses shadow lemmas, as in Lean)."""
        from prover.tactics.learned import apply_term
        from prover.tactics.lemmas import library
        term = parse_term(t.inner)
        head = term.value if term.op in ("app", "var") else None
        if head in library() and goal.hypothesis(head) is None:
            prop = instantiate_hint(t.inner, goal)
        else:
            prop = apply_term(goal, term)
        return Subgoals((goal.with_hypothesis(t.args[0], prop),))

    def _induction(self, goal: Goal, t: Tactic, budget_s: float) -> TacticResult:
        var = t.args[0].split()[0] if t.args and t.args[0] else ""
        if goal.context.get(var) != NAT:
            return Rejected(f"induction: {var or '?'} is not a ℕ variable")
        return Subgoals(induction_goals(goal, var))

    def _cases(self, goal: Goal, t: Tactic, budget_s: float) -> TacticResult:
        var = t.args[0].split()[0] if t.args and t.args[0] else ""
        if goal.context.get(var) != NAT:
            return Rejected(f"cases: {var or '?'} is not a ℕ variable")
        # `cases n` names the predecessor `n✝` (inaccessible); `rcases n with _ | m` names it m.
        new = t.args[1] if len(t.args) > 1 else inaccessible_name(var, goal.names)
        zero = _nat(0)
        succ_goal = goal
        if new != var:
            succ_goal, _ = goal.shadow(new)
            succ_goal = succ_goal.renamed(var, new)
        succ = Expr("add", (Expr("var", value=new, ty=NAT), _nat(1)), ty=NAT)
        return Subgoals((goal.substituted(var, zero, drop=True), succ_goal.substituted(new, succ)))

    def _rcases(self, goal: Goal, t: Tactic, budget_s: float) -> TacticResult:
        text = t.args[0] if t.args else ""
        m = re.match(r"^\(by (.+?) : (.+)\) with (.+)$", text, re.S)
        if m:
            return self._split_disjunction(goal, m.group(1), m.group(2), [p.strip() for p in m.group(3).split("|")], budget_s)
        m = re.match(r"^(\S+) with _ \| (\S+)$", text)
        if m and goal.context.get(m.group(1)) == NAT:
            new = m.group(2) if m.group(2) != "_" else inaccessible_name(m.group(1), goal.names)
            return self._cases(goal, Tactic("cases", args=(m.group(1), new)), budget_s)
        m = re.match(r"^(\S+) with ⟨(.+)⟩$", text)
        if m:
            return self._destructure(goal, m.group(1), [p.strip() for p in m.group(2).split(",")])
        return Rejected(f"rcases: unsupported pattern '{text}'")

    def _obtain(self, goal: Goal, t: Tactic, budget_s: float) -> TacticResult:
        m = re.match(r"^⟨(.+)⟩ := (\S+)$", t.args[0] if t.args else "")
        if not m:
            return Rejected("obtain: expected `obtain ⟨x, hx⟩ := h`")
        return self._destructure(goal, m.group(2), [p.strip() for p in m.group(1).split(",")])

    def _destructure(self, goal: Goal, hname: str, names: list[str]) -> TacticResult:
        h = goal.hypothesis(hname)
        if h is None or len(names) != 2:
            return Rejected(f"rcases: no hypothesis {hname}, or not a two-part pattern")
        rest = Goal(goal.variables, tuple((n, x) for n, x in goal.hypotheses if n != hname), goal.target)
        if h.op not in ("and", "exists"):
            return Rejected(f"rcases: {hname} is not ∧ or ∃")
        # Names already in use are shadowed, as Lean does: the old local becomes `x✝`
        # everywhere, `h` included, and is never merged with the new one.
        names = [inaccessible_name("h", rest.names) if n == "_" else n for n in names]
        for n in names:
            rest, renaming = rest.shadow(n)
            for old, fresh in renaming.items():
                h = rename_free(h, old, fresh)
        if h.op == "and":
            return Subgoals((rest.with_hypothesis(names[0], h.args[0]).with_hypothesis(names[1], h.args[1]),))
        bound, ty = h.value
        body = substitute(h.args[0], bound, Expr("var", value=names[0], ty=ty))
        return Subgoals((rest.with_variable(names[0], ty).with_hypothesis(names[1], body),))

    def _split_disjunction(self, goal: Goal, tactic: str, text: str, names: list[str], budget_s: float) -> TacticResult:
        prop = self._prop(goal, text)
        proof = self.apply(goal.with_target(prop), tactic, budget_s)
        if not isinstance(proof, Closed):
            return Rejected(f"rcases: {tactic} does not prove {text}")
        parts = []
        while prop.op == "or" and len(parts) < len(names) - 1:
            parts.append(prop.args[0])
            prop = prop.args[1]
        parts.append(prop)
        if len(parts) != len(names):
            return Rejected("rcases: pattern and disjunction differ in length")
        return Subgoals(tuple(goal.with_hypothesis(n, p) for n, p in zip(names, parts)))

    def _by_cases(self, goal: Goal, t: Tactic, budget_s: float) -> TacticResult:
        label, colon, text = (t.args[0] if t.args else "").partition(":")
        if not colon:
            return Rejected("by_cases: expected `by_cases h : P`")
        prop = self._prop(goal, text.strip())
        name = label.strip() or "h"
        return Subgoals((goal.with_hypothesis(name, prop), goal.with_hypothesis(name, Expr("not", (prop,), ty=PROP))))

    def _interval_cases(self, goal: Goal, t: Tactic, budget_s: float) -> TacticResult:
        var = (t.args[0] if t.args else "").strip()
        ty = goal.context.get(var)
        if ty not in (NAT, INT):
            return Rejected(f"interval_cases: {var or '?'} is not a ℕ or ℤ variable")
        bounds = variable_bounds(goal, var)
        if bounds is None or bounds[1] - bounds[0] > MAX_INTERVAL_CASES:
            return Rejected(f"interval_cases: no small bounds for {var} among the hypotheses")
        lo, hi = bounds
        return Subgoals(tuple(goal.substituted(var, Expr("num", value=v, ty=ty), drop=True) for v in range(lo, hi + 1)))

    def _rw(self, goal: Goal, t: Tactic, budget_s: float) -> TacticResult:
        if not t.hints:
            return Rejected("rw: expected `rw [lemma, ...]`")
        side: list[Expr] = []
        where = t.at[0] if t.at else None
        expr = goal.target if where is None else goal.hypothesis(where)
        if expr is None:
            return Rejected(f"rw: no hypothesis {where}")
        for name in t.hints:
            try:
                expr, sides = rewrite(expr, name.strip(), goal)
            except ValueError as err:
                return Rejected(str(err))
            side += sides
        main = goal.with_target(expr) if where is None else goal.replace_hypothesis(where, expr)
        return Subgoals((main,) + tuple(goal.with_target(s) for s in side))

    @staticmethod
    def _prop(goal: Goal, text: str) -> Expr:
        return Elaborator(goal.context).prop(parse_term(text))


MAX_INTERVAL_CASES = MAX_SPLIT_CASES   # interval-split closes with `interval_cases v <;> omega`: it must replay


def _nat(v: int) -> Expr:
    return Expr("num", value=v, ty=NAT)


def induction_goals(goal: Goal, var: str) -> tuple[Goal, Goal]:
    """Base and step goals of `induction var`, as Lean 4 makes them: hypotheses that mention
    the variable are generalized, so the induction hypothesis assumes them."""
    dependent = [(n, h) for n, h in goal.hypotheses if var in free_vars(h)]
    independent = tuple((n, h) for n, h in goal.hypotheses if var not in free_vars(h))
    zero = _nat(0)
    succ = Expr("add", (Expr("var", value=var, ty=NAT), _nat(1)), ty=NAT)
    base = Goal(tuple(v for v in goal.variables if v[0] != var),
                independent + tuple((n, substitute(h, var, zero)) for n, h in dependent), substitute(goal.target, var, zero))
    ih = goal.target
    for _, h in reversed(dependent):
        ih = Expr("imp", (h, ih), ty=PROP)
    ih_name = goal.fresh_name("ih")
    step = Goal(goal.variables, independent + ((ih_name, ih),) + tuple((n, substitute(h, var, succ)) for n, h in dependent),
                substitute(goal.target, var, succ))
    return base, step
