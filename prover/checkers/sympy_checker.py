"""The default checker: Lean 4 tactics given Mathlib's meaning on the arithmetic fragment,
decided by SymPy, exact arithmetic and Z3 (see `prover.decide`).

Each tactic's entry in `prover.tactics.registry` says how it is modelled here: closing tactics
run the decision procedures that correspond to them (its `methods`) (`ring` only proves
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
from dataclasses import replace
import time

from prover.checkers.auto_close import rfl_closes, use_discharges
from prover.checkers.base import Closed, Rejected, Subgoals, TacticResult, Timeout
from prover.decide.auto import MAX_SPLIT_CASES, Certificate, decide
from prover.decide.limits import ran_out
from prover.errors import LeanSyntaxError, ProverError
from prover.state import Goal
from prover.syntax.ast import (INT, NAT, NUMBER_TYPES, PROP, Expr, alpha_equal, free_vars, inaccessible_name, rename_free,
                               function_equation, set_equation, substitute, unmark_function_equation,
                               unmark_set_equation)
from prover.kernel.terms import accessible
from prover.syntax.elaborate import Elaborator
from prover.syntax.parser import parse_term
from prover.tactics.environment import Environment, active_environment, apply_term
from prover.tactics.lemmas import instantiate_hint
from prover.tactics.parse import Tactic, parse_tactic
from prover.tactics.registry import REGISTRY, TACTIC_METHODS  # noqa: F401 (TACTIC_METHODS re-exported)
from prover.tactics.rewrite import rewrite
from prover.decide.bounds import variable_bounds  # noqa: F401 (re-exported for the portfolio)


def split_then(tactic: str) -> tuple[str, str] | None:
    """`t <;> s` at the top level of a tactic line: (t, s); None when the line has no such
    combinator. A `<;>` inside brackets or parentheses, or after a top-level `by` (`have h : P :=
    by constructor <;> linarith`: the `by` block runs to the end of the line, so `<;>` is part of
    the proof of `P`), is not the line's combinator.

    >>> split_then("constructor <;> linarith")
    ('constructor', 'linarith')
    >>> split_then("have h : 0 < x ∧ x < 4 := by constructor <;> linarith") is None
    True
    """
    depth = 0
    i = 0
    while i < len(tactic):
        ch = tactic[i]
        if ch in "([⟨{":
            depth += 1
        elif ch in ")]⟩}":
            depth -= 1
        elif depth == 0 and tactic.startswith(" <;> ", i):
            # a first part with a lemma list (`norm_num [h] <;> …`, `field_simp [hx] <;> ring`) is
            # read by the tactic parser or a kernel rule as one step
            return None if "[" in tactic[:i] else (tactic[:i], tactic[i + 5:])
        elif depth == 0 and tactic.startswith("by", i) and (i == 0 or not (tactic[i - 1].isalnum() or tactic[i - 1] in "_.'")) \
                and (i + 2 == len(tactic) or not (tactic[i + 2].isalnum() or tactic[i + 2] in "_.'")):
            return None
        i += 1
    return None

class SympyChecker:
    """`environment`: the learned lemmas `have h := lemma args` and hint terms may name (an
    explicit `prover.tactics.environment.Environment`); when none is given, the one active
    where the checker is used (`environment.active`), by default an empty one."""
    name = "sympy-z3"
    environment: Environment | None = None

    def __init__(self, environment: Environment | None = None):
        self.environment = environment

    def lemmas(self) -> Environment:
        return self.environment if self.environment is not None else active_environment()

    def apply(self, goal: Goal, tactic: str, budget_s: float = 10.0) -> TacticResult:
        if split_then(tactic) is not None:
            return self._all_goals(goal, tactic, budget_s)
        try:
            t = parse_tactic(tactic)
        except LeanSyntaxError as err:
            return Rejected(f"bad tactic: {err}")
        start = time.monotonic()
        try:
            spec = REGISTRY[t.name]
            if spec.methods and t.at:
                result = self._close_at(goal, t, budget_s)
            elif spec.methods:
                result = self._close(goal, t, budget_s)
            else:
                result = getattr(self, spec.checker_method())(goal, t, budget_s)
        except LeanSyntaxError as err:
            return Rejected(f"{t.name}: {err}")
        if isinstance(result, Rejected) and ran_out(time.monotonic() - start, budget_s):
            return Timeout(budget_s)
        return result

    def _all_goals(self, goal: Goal, tactic: str, budget_s: float) -> TacticResult:
        """`t <;> s`: s on every goal t leaves; closed when s closes them all."""
        first, rest = split_then(tactic)
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
    def _hint_facts(self, goal: Goal, t: Tactic) -> tuple[Expr, ...]:
        """The facts a hint list adds. Proof terms (`nlinarith [sq_nonneg x]`) are instantiated;
        a simp or rw lemma list may also name rewrite lemmas, which the closing procedures
        already know as true equations, or definitions to unfold (`Nat.factorial`), which they
        evaluate. An unknown name raises, as Lean's elaborator does."""
        from prover.syntax.elaborate import FUNCTIONS, SET_FUNCTIONS
        from prover.tactics.lemmas import library
        from prover.tactics.rewrite import BUILTIN, rules
        out = []
        for hint in t.hints:
            if REGISTRY[t.name].forms.hints == "rules":
                bare = hint.removeprefix("←").strip()
                if bare in BUILTIN or bare in rules() or bare in FUNCTIONS or bare in SET_FUNCTIONS \
                        or bare in library() or goal.hypothesis(bare) is not None:
                    continue
                hint = bare
            fact = instantiate_hint(hint, goal, self.lemmas())
            if fact is not None:
                out.append(fact)
        return tuple(out)

    def _close(self, goal: Goal, t: Tactic, budget_s: float) -> TacticResult:
        if t.name == "positivity" and not _positivity_shape(goal.target):
            return Rejected("positivity: the goal is not `0 ≤ e`, `0 < e` or `e ≠ 0`")
        hints = self._hint_facts(goal, t)
        cert = decide(goal, budget_s=budget_s, methods=REGISTRY[t.name].methods, hints=hints)
        if cert is None:
            return Rejected(f"{t.name}: not closed by {', '.join(REGISTRY[t.name].methods)}")
        return Closed(cert)

    def _close_at(self, goal: Goal, t: Tactic, budget_s: float) -> TacticResult:
        """`tac at h₁ … ⊢` (or `at *`): each named hypothesis is simplified on its own. When the
        tactic's procedures refute it from nothing else (Lean: it becomes `False`), the goal is
        closed; otherwise it becomes an equivalent statement, kept here as it is. The goal is
        closed only when `⊢` (or `*`) is among the locations and the tactic proves it."""
        if t.at == ("*",):
            names, on_goal = [n for n, _ in goal.hypotheses], True
        else:
            names, on_goal = [x for x in t.at if x != "⊢"], "⊢" in t.at
        missing = [n for n in names if goal.hypothesis(n) is None]
        if missing:
            return Rejected(f"{t.name}: no hypothesis {missing[0]}")
        hints = self._hint_facts(goal, t)
        deadline = time.monotonic() + budget_s
        methods = REGISTRY[t.name].methods
        for n in names:
            alone = Goal(goal.variables, (), Expr("not", (goal.hypothesis(n),), ty=PROP))
            cert = decide(alone, budget_s=max(deadline - time.monotonic(), 0.05), methods=methods, hints=hints)
            if cert is not None:
                return Closed(Certificate(cert.method, f"{t.name} at {n}: {n} is false ({cert.detail})", cert.time_s))
        if on_goal:
            cert = decide(goal, budget_s=max(deadline - time.monotonic(), 0.05), methods=methods, hints=hints)
            if cert is not None:
                return Closed(cert)
        return Subgoals((goal,))

    def _assumption(self, goal: Goal, t: Tactic, budget_s: float) -> TacticResult:
        for n, h in goal.hypotheses:
            if h == goal.target:
                return Closed(Certificate("assumption", f"hypothesis {n} is the goal", 0.0))
        return Rejected("assumption: no hypothesis is the goal")

    def _exact_mod_cast(self, goal: Goal, t: Tactic, budget_s: float) -> TacticResult:
        """`exact_mod_cast e`: e's statement and the goal have the same cast normal form
        (`prover.tactics.casts`); e is a hypothesis, or a hypothesis or lemma applied."""
        from prover.tactics.casts import cast_normal
        term = parse_term(t.args[0])
        prop = apply_term(goal, term, self.lemmas())
        if cast_normal(prop) != cast_normal(goal.target):
            return Rejected(f"exact_mod_cast: {t.args[0]} does not match the goal up to casts")
        return Closed(Certificate("assumption", f"{t.args[0]} is the goal up to casts", 0.0))

    def _linear_combination(self, goal: Goal, t: Tactic, budget_s: float) -> TacticResult:
        """`linear_combination (exp := n) e` as Mathlib defines it: e is expanded into a proof of
        `a = b` (proofs added, subtracted, negated, multiplied or divided by constants; a
        product or a quotient by a proof is refused), and for the goal `a' = b'` the check is
        `(a' - b') ^ n - (a - b) = 0` by ring. Every proof must be an equation at the goal's
        type (Lean refuses to mix them: an ℕ hypothesis is never re-read at ℝ)."""
        import sympy

        from prover.decide.algebra import NotPolynomial, PolyTranslator
        target = goal.target
        if target.op != "eq":
            return Rejected("linear_combination: the goal is not an equation")
        ty = target.args[0].ty
        exp = int(t.option("exp") or 1)
        if exp != 1 and ty == NAT:
            return Rejected("linear_combination: (exp := n) needs a ring, and ℕ is not one")
        if t.args:
            expanded = _expand_combination(goal, parse_term(t.args[0]), ty, self.lemmas())
            if isinstance(expanded, str):
                return Rejected(f"linear_combination: {expanded}")
            proof = expanded[1] if expanded[0] == "proof" else (_zero(ty), _zero(ty))
        else:
            proof = (_zero(ty), _zero(ty))
        tr = PolyTranslator()
        try:
            goal_side = (tr(target.args[0]) - tr(target.args[1])) ** exp
            remainder = sympy.expand(goal_side - (tr(proof[0]) - tr(proof[1])))
        except NotPolynomial as err:
            return Rejected(f"linear_combination: {err}")
        if remainder != 0:
            return Rejected("linear_combination: ring failed to close the remainder")
        text = t.args[0] if t.args else "0"
        power = f" ^ {exp}" if exp != 1 else ""
        return Closed(Certificate("polynomial-identity", f"(goal){power} - ({text}) is 0 as a polynomial", 0.0))

    # -- structural tactics -------------------------------------------------------------
    def _intro(self, goal: Goal, t: Tactic, budget_s: float) -> TacticResult:
        names = list(t.args) or [None]
        for n in names:
            target = goal.target
            if set_equation(target):
                # `S = T` is `Eq`, not a Π-type: intro fails on it (`ext x` applies Set.ext/Finset.ext)
                return Rejected("intro: the goal is a set equation `S = T`, not ∀ (use ext x)")
            if function_equation(target):
                return Rejected("intro: the goal is a function equation `f = fun x => …`, not ∀ (use funext x)")
            if target.op == "forall":
                bound, ty = target.value
                # A bare `intro` names the variable inaccessibly (Lean 4 shows `x✝`).
                new = n or inaccessible_name(bound, goal.names)
                # An existing local named `new` is shadowed first (renamed to `new✝` in the
                # whole goal), so the body's other variables keep their meaning.
                goal, _ = goal.shadow(new)
                body = substitute(goal.target.args[0], bound, Expr("var", value=new, ty=ty))
                goal = goal.with_variable(new, ty).with_target(body)
            elif target.op in ("imp", "not", "ne"):
                # `a ≠ b` is `Ne a b := a = b → False`: `intro` puts the target in whnf
                name = n or inaccessible_name("a", goal.names)
                goal, _ = goal.shadow(name)
                t2 = goal.target
                premise = t2.args[0] if t2.op != "ne" else Expr("eq", t2.args, value=t2.value, ty=PROP)
                rest = goal.target.args[1] if target.op == "imp" else Expr("false", ty=PROP)
                goal = goal.with_hypothesis(name, premise).with_target(rest)
            else:
                return Rejected("intro: the goal is not ∀, → or ¬")
        return Subgoals((goal,))

    def _intros(self, goal: Goal, t: Tactic, budget_s: float) -> TacticResult:
        """`intros x y` is `intro x y`; a bare `intros` introduces every leading binder of the
        target as it stands (Lean 4's `getIntrosSize` counts `∀`/`→` binders without unfolding:
        `¬`, `≠` and set equations stay), each named inaccessibly, and succeeds with none."""
        if t.args:
            return self._intro(goal, t, budget_s)
        while goal.target.op in ("forall", "imp") and not set_equation(goal.target) \
                and not function_equation(goal.target):
            step = self._intro(goal, Tactic("intro"), budget_s)
            if not isinstance(step, Subgoals):
                return step
            goal, = step.goals
        return Subgoals((goal,))

    def _funext(self, goal: Goal, t: Tactic, budget_s: float) -> TacticResult:
        """`funext x y …` on a function equation `f = fun x => e` (Lean core's `funext` tactic:
        `apply funext; intro x`, once per name): the goal becomes `f x = e` for a fresh x (a bare
        `funext` names it inaccessibly); with a name per argument, `f x y = e`."""
        names = list(t.args) or [None]
        for n in names:
            if n is not None and not _IDENT.fullmatch(n):
                return Rejected(f"funext: `{n}` is not a name")
            if not function_equation(goal.target):
                return Rejected("funext: the goal is not an equation of functions `f = fun x => …`")
            pointwise = unmark_function_equation(goal.target)
            bound, ty = pointwise.value
            new = n or inaccessible_name(bound, goal.names)
            goal, _ = goal.shadow(new)
            pointwise = unmark_function_equation(goal.target)
            body = substitute(pointwise.args[0], bound, Expr("var", value=new, ty=ty))
            goal = goal.with_variable(new, ty).with_target(body)
        return Subgoals((goal,))

    def _ext(self, goal: Goal, t: Tactic, budget_s: float) -> TacticResult:
        """`ext x` on a set equation `S = T` (Mathlib's `ext`, applying the `@[ext]` lemma
        `Set.ext`/`Finset.ext : (∀ x, x ∈ S ↔ x ∈ T) → S = T`, then `intro x`): the goal becomes
        `x ∈ S ↔ x ∈ T` for a fresh x. A bare `ext` names it inaccessibly. The iff has no ext
        lemma, so nothing more is applied. Other ext lemmas (funext, Prod.ext, …) and rintro
        patterns are not modelled."""
        if len(t.args) > 1 or (t.args and not _IDENT.fullmatch(t.args[0])):
            return Rejected("ext: only `ext x` (one name) is modelled")
        if not set_equation(goal.target):
            return Rejected("ext: only set and Finset equations (Set.ext, Finset.ext) are modelled")
        pointwise = unmark_set_equation(goal.target)
        bound, ty = pointwise.value
        new = t.args[0] if t.args else inaccessible_name(bound, goal.names)
        goal, _ = goal.shadow(new)
        pointwise = unmark_set_equation(goal.target)
        body = substitute(pointwise.args[0], bound, Expr("var", value=new, ty=ty))
        return Subgoals((goal.with_variable(new, ty).with_target(body),))

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
        if isinstance(ty, tuple):
            # `∃ f : ℕ → ℝ, P f` with a local function of that type as the witness (`use a`): its
            # applications are renamed (capture-avoiding); no other function term is modelled
            local = t.args[0].strip()
            if len(t.args) != 1 or ty[0] != "→" or not accessible(local) or dict(goal.variables).get(local) != ty:
                return Rejected("use: a function witness must be an accessible local function of the bound type")
            rest = goal.with_target(rename_free(g.args[0], name, local))
        else:
            witness = Elaborator(goal.context).term(parse_term(t.args[0]), ty)
            rest = goal.with_target(substitute(g.args[0], name, witness))
        # Mathlib's `use` then runs `try with_reducible use_discharger` on the goal left
        verdict, how = use_discharges(rest.target, rest.hypotheses, rest.context)
        if verdict is None:
            return Rejected("use: its discharger (`with_reducible use_discharger`) may close the goal left; "
                            "not modelled for this goal")
        if verdict:
            return self._discharged(rest, how, "use")
        return Subgoals((rest,))

    def _refine(self, goal: Goal, t: Tactic, budget_s: float) -> TacticResult:
        """`refine ⟨w, ?_⟩` on `∃ v, P v` leaves `P w` (the application elaborator beta-reduces the
        hole's type `(fun v => P v) w`); no discharger runs, unlike `use`. Other patterns are
        refused, `∃!` among them: its uniqueness part `∀ y, (fun v => P v) y → y = w` keeps the
        redex under the binder, which the closers here do not model."""
        g = goal.target
        m = re.fullmatch(r"⟨(.+), \?_⟩", (t.args[0] if t.args else "").strip())
        g = unfold_to_exists(g) or g   # the anonymous constructor elaborates against the whnf of `∣`, `Even`, `Odd`
        if m is None or "?" in m.group(1) or "⟨" in m.group(1) or g.op != "exists":
            return Rejected("refine: only `refine ⟨w, ?_⟩` on ∃ is modelled")
        name, ty = g.value
        if isinstance(ty, tuple) and ty[0] == "→" and accessible(m.group(1).strip()) \
                and dict(goal.variables).get(m.group(1).strip()) == ty:
            # a local function of the bound function type: its applications renamed
            return Subgoals((goal.with_target(rename_free(g.args[0], name, m.group(1).strip())),))
        if ty == PROP or not isinstance(ty, str):
            return Rejected("refine: a binder over Prop, or a function type with a witness that is not a "
                            "local function of that type, is not modelled")
        witness = Elaborator(goal.context).term(parse_term(m.group(1)), ty)
        return Subgoals((goal.with_target(substitute(g.args[0], name, witness)),))

    def _discharged(self, goal: Goal, how: str, tactic: str) -> TacticResult:
        """`goal`, closed by what Lean runs after `tactic` by itself (`how`: `rfl`, `assumption`)."""
        return Closed(Certificate("structural", f"{tactic} closes the goal by `{how}`", 0.0))

    def _exact(self, goal: Goal, t: Tactic, budget_s: float) -> TacticResult:
        h = goal.hypothesis(t.args[0]) if t.args else None
        if h is not None and alpha_equal(h, goal.target):
            from prover.decide.auto import Certificate
            return Closed(Certificate("assumption", f"hypothesis {t.args[0]} is the goal", 0.0))
        if h is None and t.args:
            # a library term (`exact Nat.choose_eq_zero_of_lt h₁`, `exact (L a).symm`), read by the
            # kernel's lemma reader; closed when its statement is the goal (`>`/`≥` read flipped)
            from prover.decide.auto import Certificate
            from prover.kernel.lemmas import oriented, resolve
            try:
                proved = resolve(goal, " ".join(t.args))
            except Exception as err:   # an unknown or ill-typed term
                return Rejected(f"exact: {err}")
            if alpha_equal(oriented(proved), oriented(goal.target)):
                return Closed(Certificate("exact", f"the term proves the goal: {' '.join(t.args)}", 0.0))
            return Rejected("exact: type mismatch (the term's statement is not the goal)")
        return Rejected("exact: only a hypothesis that matches the goal is supported")

    def _by_contra(self, goal: Goal, t: Tactic, budget_s: float) -> TacticResult:
        name = t.args[0] if t.args else goal.fresh_name("h")
        negated = Expr("not", (goal.target,), ty=PROP)
        return Subgoals((goal.with_hypothesis(name, negated).with_target(Expr("false", ty=PROP)),))

    def _exfalso(self, goal: Goal, t: Tactic, budget_s: float) -> TacticResult:
        return Subgoals((goal.with_target(Expr("false", ty=PROP)),))

    def _push_neg(self, goal: Goal, t: Tactic, budget_s: float) -> TacticResult:
        missing = [n for n in t.at if n not in ("⊢", "*") and goal.hypothesis(n) is None]
        if missing:
            return Rejected(f"push_neg: no hypothesis {missing[0]}")
        return Subgoals((goal,))  # our goals carry ¬ structurally; the procedures read it directly

    def _clear(self, goal: Goal, t: Tactic, budget_s: float) -> TacticResult:
        """`clear h₁ h₂ …` (Lean core): the hypotheses leave the context. Only hypotheses are
        modelled (a proposition's proof never occurs in another hypothesis or the goal here);
        an unknown or inaccessible name, or a variable, is refused as Lean refuses it."""
        names = [a for arg in t.args for a in arg.split()]
        for n in names:
            if "✝" in n or goal.hypothesis(n) is None:
                return Rejected(f"clear: unknown hypothesis {n}" if n not in goal.context
                                else f"clear: {n} is a variable (not modelled)")
        if len(set(names)) != len(names):
            return Rejected("clear: a hypothesis is named twice")
        return Subgoals((Goal(goal.variables, tuple((n, h) for n, h in goal.hypotheses if n not in names), goal.target),))

    def _subst(self, goal: Goal, t: Tactic, budget_s: float) -> TacticResult:
        """`subst h` (h : a = x or x = a) or `subst x`: the variable x, free in neither side's
        other half, is replaced by the other side everywhere and removed, with h."""
        names = [a for x in t.args for a in x.split()]
        if len(names) > 1:
            # `subst h₀ h₁`: Lean 4's `subst` takes several terms and substitutes them in order
            g = goal
            for a in names:
                r = self._subst(g, replace(t, args=(a,)), budget_s)
                if not (isinstance(r, Subgoals) and len(r.goals) == 1):
                    return r if isinstance(r, Rejected) else Rejected(f"subst: {a} did not leave one goal")
                g = r.goals[0]
            return Subgoals((g,))
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
        from prover.kernel.lemmas import SIGNATURES, instantiate_local, is_kernel_term, is_local_term, split_application
        from prover.kernel.lemmas import resolve as kernel_resolve
        from prover.tactics.lemmas import hint_head, library
        try:
            words = split_application(t.inner)
        except ProverError:
            words = []   # not an application of a name: the paths below read it (or refuse it)
        if len(words) > 1 and goal.hypothesis(words[0]) is None and is_local_term(goal, words[0]):
            # `have h := h₁.2 hx`, `have h := (h₀ u).mp hu`: a projection of a local proof applied
            from prover.kernel import CheckedStep, check as kernel_check
            try:
                prop, _ = instantiate_local(goal, t.inner, lambda g, tac: (
                    s if isinstance(s := kernel_check(g, tac), CheckedStep) else None))
            except (ProverError, ValueError, RecursionError) as err:
                return Rejected(f"have: {err}")
            return Subgoals((goal.with_hypothesis(t.args[0], prop),))
        kernel_term = is_kernel_term(goal, words) or (words and goal.hypothesis(words[0]) is None and (
            words[0] in SIGNATURES and (words[0] not in library() or any(w.startswith("(by ") for w in words))))
        if kernel_term:
            # the kernel's Mathlib signatures (√, exp, log, rpow; `congrArg f h`), each `(by tac : P)`
            # argument closed by the kernel
            try:
                prop = kernel_resolve(goal, t.inner)
            except (ProverError, ValueError, KeyError, RecursionError) as err:
                return Rejected(f"have: {err}")
            return Subgoals((goal.with_hypothesis(t.args[0], prop),))
        head = hint_head(t.inner)   # named arguments `(n := e)` are the library's only
        if head in library() and goal.hypothesis(head) is None:
            prop = instantiate_hint(t.inner, goal, self.lemmas())
        else:
            prop = apply_term(goal, parse_term(t.inner), self.lemmas())
        return Subgoals((goal.with_hypothesis(t.args[0], prop),))

    def _induction(self, goal: Goal, t: Tactic, budget_s: float) -> TacticResult:
        var = t.args[0].split()[0] if t.args and t.args[0] else ""
        if goal.context.get(var) != NAT:
            return Rejected(f"induction: {var or '?'} is not a ℕ variable")
        # A bare `induction n` leaves the step's variable and hypothesis inaccessible (Lean 4
        # shows `n✝` and `a✝`): no later tactic can name them.
        succ_name = inaccessible_name(var, goal.names)
        ih_name = inaccessible_name("ih", goal.names | {succ_name})
        return Subgoals(induction_goals(goal, var, succ_name, ih_name))

    def _induction_prime(self, goal: Goal, t: Tactic, budget_s: float) -> TacticResult:
        """Mathlib's `induction' n with k ih`: the step's variable is k and its hypothesis ih
        (a missing name or `_` is inaccessible)."""
        m = re.fullmatch(r"(\S+)(?:\s+with((?:\s+\S+){0,2}))?", t.args[0].strip()) if t.args else None
        if not m:
            return Rejected(f"induction': expected `induction' n with k ih`, got `{t.args[0] if t.args else ''}`")
        var = m.group(1)
        if goal.context.get(var) != NAT:
            return Rejected(f"induction': {var} is not a ℕ variable")
        names = [None if n == "_" else n for n in (m.group(2) or "").split()] + [None, None]
        for n in names[:2]:
            if n is not None and not _IDENT.fullmatch(n):
                return Rejected(f"induction': `{n}` is not a name")
        succ_name = names[0] or inaccessible_name(var, goal.names)
        ih_name = names[1] or inaccessible_name("ih", goal.names | {succ_name})
        if ih_name == succ_name:
            return Rejected("induction': the variable and the hypothesis have the same name")
        if ih_name in goal.names and ih_name != var:
            return Rejected(f"induction': the name {ih_name} is already used in the goal (shadowing is not modelled)")
        try:
            return Subgoals(induction_goals(goal, var, succ_name, ih_name))
        except ValueError as err:
            return Rejected(f"induction': {err}")

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
        src, sep, pattern = text.rpartition(" with ")
        if sep:
            return self._case_split(goal, src, pattern)
        return Rejected(f"rcases: unsupported pattern '{text}'")

    def _obtain(self, goal: Goal, t: Tactic, budget_s: float) -> TacticResult:
        text = t.args[0] if t.args else ""
        m = re.match(r"^⟨(.+)⟩ := (\S+)$", text)
        if not m:
            pattern, sep, src = text.partition(" := ")
            if sep and "|" in pattern:   # `obtain h₁ | h₂ := e`: rcases on a disjunction
                return self._case_split(goal, src, pattern)
            return Rejected("obtain: expected `obtain ⟨x, hx⟩ := h`")
        return self._destructure(goal, m.group(2), [p.strip() for p in m.group(1).split(",")])

    def _case_split(self, goal: Goal, src: str, pattern: str) -> TacticResult:
        """`rcases e with p₁ | p₂` on a disjunction (`prover.checkers.case_split`)."""
        from prover.checkers.case_split import CaseSplitError, split
        try:
            return Subgoals(split(goal, src, pattern))
        except CaseSplitError as err:
            return Rejected(str(err))

    def _cases_prime(self, goal: Goal, t: Tactic, budget_s: float) -> TacticResult:
        """Mathlib's `cases' e with h₁ h₂` on ∨ or ∧ (`prover.checkers.case_split`)."""
        from prover.checkers.case_split import CaseSplitError, cases_prime
        try:
            return Subgoals(cases_prime(goal, t.args[0] if t.args else ""))
        except CaseSplitError as err:
            return Rejected(str(err))

    def _destructure(self, goal: Goal, hname: str, names: list[str]) -> TacticResult:
        h = goal.hypothesis(hname)
        if h is None or len(names) != 2:
            return Rejected(f"rcases: no hypothesis {hname}, or not a two-part pattern")
        if "rfl" in names:   # Lean substitutes the equation away; it is not a hypothesis named `rfl`
            return Rejected("rcases: the `rfl` pattern (substitution) is not modelled")
        rest = Goal(goal.variables, tuple((n, x) for n, x in goal.hypotheses if n != hname), goal.target)
        h = unfold_to_exists(h) or h   # `∣`, `Even`, `Odd`: rcases unfolds the definition (whnfD)
        if h.origin and any(k.startswith("Finset.") for k in h.origin):
            # a Finset membership unfolds to a Multiset/List membership, never to an `And`/`∃`
            return Rejected(f"rcases: {hname} is a Finset membership, not ∧ or ∃ (rewrite with its mem lemma first)")
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
            if prop.origin:   # `x ∈ {a, b}`: Lean's right part stays a membership (`prover.checkers.case_split`)
                return Rejected("rcases: splitting a set membership is not modelled (its parts stay memberships)")
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
        if t.at == ("*",):
            return Rejected("rw: location `at *` is not modelled by the checker")
        side: list[Expr] = []
        main = goal
        for where in t.at or ("⊢",):
            expr = goal.target if where == "⊢" else goal.hypothesis(where)
            if expr is None:
                return Rejected(f"rw: no hypothesis {where}")
            if any(n.removeprefix("←").strip() == where for n in t.hints):
                return Rejected(f"rw: rewriting {where} with itself is not modelled")
            for name in t.hints:
                try:
                    expr, sides = rewrite(expr, name.strip(), goal)
                except ValueError as err:
                    return Rejected(str(err))
                side += sides
            main = main.with_target(expr) if where == "⊢" else main.replace_hypothesis(where, expr)
        sides = tuple(goal.with_target(s) for s in side)
        # `rw` is `rewrite …; try (with_reducible rfl)` on the main goal
        closes = rfl_closes(main.target, main.context)
        if closes is None:
            return Rejected("rw: `with_reducible rfl` may close the rewritten goal; not modelled for this goal "
                            "(write the step without `rw`)")
        if closes:
            done = self._discharged(main, "rfl", "rw")
            return Subgoals(sides) if isinstance(done, Closed) and sides else done
        return Subgoals((main,) + sides)

    @staticmethod
    def _prop(goal: Goal, text: str) -> Expr:
        return Elaborator(goal.context).prop(parse_term(text))


def unfold_to_exists(p: Expr) -> Expr | None:
    """The `∃` that `p` is by definition, for the propositions whose definitions the anonymous
    constructor (`refine ⟨w, ?_⟩`, elaborated against the `whnf` of its expected type) and
    `rcases`/`obtain` (`whnfD` to an inductive type) unfold; None for any other `p`:

    - `d ∣ n` over ℕ and ℤ is `∃ c, n = d * c` (`Nat.instDvdNat`, `Int.instDvdInt`);
    - `Even n` is `∃ r, n = r + r` (Mathlib/Algebra/Group/Even.lean, `def Even [Add α] (a : α)`);
    - `Odd n` is `∃ m, n = 2 * m + 1` (Mathlib/Algebra/Ring/Parity.lean, `def Odd [Semiring α] (a : α)`).

    The bound name is inaccessible and free in neither side."""
    if p.op == "dvd" and p.value in (NAT, INT):
        ty, parts = p.value, p.args
    elif p.op == "pred" and p.value in ("Even", "Odd") and len(p.args) == 1 and p.args[0].ty in (NAT, INT):
        ty, parts = p.args[0].ty, p.args
    else:
        return None
    c = "c✝"
    while any(c in free_vars(x) for x in parts):
        c += "✝"
    w = Expr("var", value=c, ty=ty)
    if p.op == "dvd":
        lhs, rhs = p.args[1], Expr("mul", (p.args[0], w), ty=ty)
    elif p.value == "Even":
        lhs, rhs = p.args[0], Expr("add", (w, w), ty=ty)
    else:
        lhs = p.args[0]
        rhs = Expr("add", (Expr("mul", (Expr("num", value=2, ty=ty), w), ty=ty), Expr("num", value=1, ty=ty)), ty=ty)
    return Expr("exists", (Expr("eq", (lhs, rhs), value=ty, ty=PROP),), value=(c, ty), ty=PROP)


MAX_INTERVAL_CASES = MAX_SPLIT_CASES   # interval-split closes with `interval_cases v <;> omega`: it must replay


_IDENT = re.compile(r"[^\W\d][\w'₀-₉ᵢ]*")


def _nat(v: int) -> Expr:
    return Expr("num", value=v, ty=NAT)


def induction_goals(goal: Goal, var: str, succ_name: str | None = None,
                    ih_name: str | None = None, start: Expr | None = None,
                    extra: tuple = ()) -> tuple[Goal, Goal]:
    """Base and step goals of `induction var`, as Lean 4 makes them: hypotheses that mention
    the variable are generalized, so the induction hypothesis assumes them. With
    `| succ k ih`, the step's variable is `k` (the old name is gone) and the hypothesis `ih`;
    a name that would capture or shadow another one raises `ValueError`. `start` (default 0)
    is the base case's value; `extra` (name, function of the step's variable) are hypotheses
    of the step placed before `ih` (`Nat.le_induction`'s `hmn : m ≤ k`)."""
    dependent = [(n, h) for n, h in goal.hypotheses if var in free_vars(h)]
    independent = tuple((n, h) for n, h in goal.hypotheses if var not in free_vars(h))
    zero = start if start is not None else _nat(0)
    k = succ_name or var
    _check_new_name(goal, var, k)
    renamed = [(n, substitute(h, var, Expr("var", value=k, ty=NAT))) for n, h in dependent]
    target = substitute(goal.target, var, Expr("var", value=k, ty=NAT))
    succ = Expr("add", (Expr("var", value=k, ty=NAT), _nat(1)), ty=NAT)
    base = Goal(tuple(v for v in goal.variables if v[0] != var),
                independent + tuple((n, substitute(h, var, zero)) for n, h in dependent), substitute(goal.target, var, zero))
    ih = target
    for _, h in reversed(renamed):
        ih = Expr("imp", (h, ih), ty=PROP)
    ih_name = ih_name or goal.fresh_name("ih")
    variables = tuple((k, NAT) if n == var else (n, t) for n, t in goal.variables)
    before = tuple((n, make(Expr("var", value=k, ty=NAT))) for n, make in extra)
    step = Goal(variables, independent + before + ((ih_name, ih),) + tuple((n, substitute(h, k, succ)) for n, h in renamed),
                substitute(target, k, succ))
    return base, step


def le_induction_goals(goal: Goal, var: str, hname: str, succ_name: str, hn_name: str,
                       ih_name: str) -> tuple[Goal, Goal]:
    """`induction var, hname using Nat.le_induction with | base => … | succ k hk ih => …`:
    `hname : m ≤ var` (m free of var) is the induction's second target, so it leaves the
    context; the base case is the goal at `var := m`, the step has `k`, `hk : m ≤ k` and
    `ih` (the other hypotheses mentioning var generalized, as `induction_goals` does), with
    the goal at `k + 1`. Raises `ValueError` when hname is not of that form or a name clashes."""
    h = goal.hypothesis(hname)
    if h is None:
        raise ValueError(f"no hypothesis {hname}")
    if h.op != "le" or h.value != NAT or h.args[1] != Expr("var", value=var, ty=NAT) or var in free_vars(h.args[0]):
        raise ValueError(f"{hname} is not `m ≤ {var}` with m free of {var}")
    m = h.args[0]
    rest = Goal(goal.variables, tuple((n, x) for n, x in goal.hypotheses if n != hname), goal.target)
    names = [succ_name, hn_name, ih_name]
    if len(set(names)) != 3 or any(n in rest.names and n != var for n in names[1:]):
        raise ValueError("the names of the step clash with each other or with the goal's")
    return induction_goals(rest, var, succ_name, ih_name, start=m,
                           extra=((hn_name, lambda k: Expr("le", (m, k), value=NAT, ty=PROP)),))


def strong_induction_goals(goal: Goal, var: str, k_name: str, ih_name: str) -> Goal:
    """The one goal of `induction var using Nat.strong_induction_on with | _ k ih => …` (Mathlib's
    `Nat.strong_induction_on {p : ℕ → Prop} (n : ℕ) (h : ∀ n, (∀ m < n, p m) → p n) : p n`; core's
    `Nat.strongRecOn` has the same minor premise, named `ind`): the variable is `k`, and
    `ih : ∀ m, m < k → P m` where P assumes the hypotheses mentioning var (generalized, as
    `induction_goals` does); those hypotheses stay, at k. Raises `ValueError` on a name clash."""
    _check_new_name(goal, var, k_name)
    if ih_name == k_name or (ih_name in goal.names and ih_name != var):
        raise ValueError(f"the name {ih_name} is already used in the goal (shadowing is not modelled)")
    dependent = [(n, h) for n, h in goal.hypotheses if var in free_vars(h)]
    independent = tuple((n, h) for n, h in goal.hypotheses if var not in free_vars(h))
    k = Expr("var", value=k_name, ty=NAT)
    taken = set(goal.names) | {k_name} | {x.value[0] for _, e in goal.hypotheses + (("", goal.target),)
                                          for x in e.walk() if x.op in _BINDERS and isinstance(x.value, tuple)}
    m_name = next(c for c in ("m", "m'", "m₁", "m₂", "m₃", "m₄") + tuple(f"m{i}" for i in range(5, 99)) if c not in taken)
    m = Expr("var", value=m_name, ty=NAT)
    body = substitute(goal.target, var, m)
    for _, h in reversed(dependent):
        body = Expr("imp", (substitute(h, var, m), body), ty=PROP)
    ih = Expr("forall", (Expr("imp", (Expr("lt", (m, k), value=NAT, ty=PROP), body), ty=PROP),), value=(m_name, NAT), ty=PROP)
    variables = tuple((k_name, NAT) if n == var else (n, t) for n, t in goal.variables)
    return Goal(variables, independent + ((ih_name, ih),) + tuple((n, substitute(h, var, k)) for n, h in dependent),
                substitute(goal.target, var, k))


def nat_cases_goals(goal: Goal, var: str, succ_name: str | None = None) -> tuple[Goal, Goal]:
    """`cases var with | zero | succ k`: var is 0, or k + 1 with k a new variable."""
    k = succ_name or var
    _check_new_name(goal, var, k)
    moved = Goal(tuple((k, NAT) if n == var else (n, t) for n, t in goal.variables),
                 tuple((n, substitute(h, var, Expr("var", value=k, ty=NAT))) for n, h in goal.hypotheses),
                 substitute(goal.target, var, Expr("var", value=k, ty=NAT)))
    succ = Expr("add", (Expr("var", value=k, ty=NAT), _nat(1)), ty=NAT)
    return goal.substituted(var, _nat(0), drop=True), moved.substituted(k, succ)


_BINDERS = ("forall", "exists", "exists_unique", "lambda", "sum", "prod", "setof")


def _check_new_name(goal: Goal, var: str, new: str) -> None:
    if new == var:
        return
    taken = {n for n, _ in goal.variables} | {n for n, _ in goal.hypotheses}
    for _, e in goal.hypotheses + (("", goal.target),):
        taken |= {x.value[0] for x in e.walk() if x.op in _BINDERS and isinstance(x.value, tuple)}
    if new in taken:
        raise ValueError(f"the name {new} is already used in the goal (shadowing is not modelled)")


def _positivity_shape(target: Expr) -> bool:
    """Mathlib's `positivity` proves `0 ≤ e`, `0 < e` (also written `e ≥ 0`, `e > 0`) and `e ≠ 0`."""
    def is_zero(e: Expr) -> bool:
        return e.op == "num" and e.value == 0
    if target.op in ("le", "lt") and len(target.args) == 2:
        return is_zero(target.args[0])
    if target.op in ("ge", "gt", "ne") and len(target.args) == 2:
        return is_zero(target.args[1])
    return False


def _zero(ty) -> Expr:
    return Expr("num", value=0, ty=ty)


def _expand_combination(goal: Goal, e: Expr, ty, environment: Environment | None = None):
    """Mathlib's `expandLinearCombo` on a typed level: ("const", c) for a coefficient,
    ("proof", (a, b)) for a proof of `a = b`, or an error message."""
    from prover.syntax.printer import show

    def node(op, *args):
        return Expr(op, tuple(args), ty=ty)

    head = e.value if e.op in ("var", "app") else None
    if head is not None and (goal.hypothesis(head) is not None or (e.op == "app" and head not in goal.context)):
        if head in goal.context:
            return f"{head} is both a variable and a hypothesis"
        prop = apply_term(goal, e, environment)
        if prop.op != "eq":
            return f"{show(e)} is not an equation (only equations are modelled)"
        if prop.args[0].ty != ty:
            return f"{show(e)} is an equation in {prop.args[0].ty}, the goal is in {ty}"
        return ("proof", (prop.args[0], prop.args[1]))
    if e.op in ("add", "sub", "mul", "div"):
        a = _expand_combination(goal, e.args[0], ty, environment)
        b = _expand_combination(goal, e.args[1], ty, environment)
        for x in (a, b):
            if isinstance(x, str):
                return x
        (ka, va), (kb, vb) = a, b
        if ka == kb == "const":
            return ("const", node(e.op, va, vb))
        if e.op in ("sub",) and ty == NAT:
            return "ℕ subtraction of equations is truncated, not modelled"
        if e.op == "add":
            if ka == kb == "proof":
                return ("proof", (node("add", va[0], vb[0]), node("add", va[1], vb[1])))
            return a if ka == "proof" else b
        if e.op == "sub":
            if ka == kb == "proof":
                return ("proof", (node("sub", va[0], vb[0]), node("sub", va[1], vb[1])))
            return a if ka == "proof" else ("proof", (vb[1], vb[0]))
        if ka == kb == "proof" or (e.op == "div" and kb == "proof"):
            return "linear_combination supports only linear operations"
        if e.op == "mul":
            return ("proof", (node("mul", va[0], vb), node("mul", va[1], vb))) if ka == "proof" \
                else ("proof", (node("mul", va, vb[0]), node("mul", va, vb[1])))
        return ("proof", (node("div", va[0], vb), node("div", va[1], vb)))
    if e.op == "neg":
        a = _expand_combination(goal, e.args[0], ty, environment)
        if isinstance(a, str) or a[0] == "proof":
            return a if isinstance(a, str) else ("proof", (a[1][1], a[1][0]))
        return ("const", node("neg", a[1]))
    hyps = {n for n, _ in goal.hypotheses}
    inside = sorted(free_vars(e) & hyps)
    if inside:
        return f"the proof {inside[0]} inside `{show(e)}` is not modelled"
    return ("const", Elaborator(goal.context).term(e, ty))
