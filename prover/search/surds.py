"""Surds: goals about `Real.sqrt` made polynomial by Mathlib's facts, then the other finders.

Untrusted proposer for `reconstruct_leaf` (every line is checked by the kernel as it is added):

1. each `√n` with `n` an integer literal `k² * m` (k > 1) is normalised by
   `have hs : √n = k * √m := by nlinarith [Real.sqrt_nonneg n, Real.sqrt_nonneg m,
   Real.sq_sqrt (by norm_num : (0:ℝ) ≤ n), Real.sq_sqrt (by norm_num : (0:ℝ) ≤ m)]`
   (`(√n - k√m)(√n + k√m) = 0` with both roots nonnegative: a degree-2 certificate), then
   `rw [hs]` in the target;
2. each `√a` of the goal gets its facts `Real.sq_sqrt (h : 0 ≤ a) : √a ^ 2 = a` (the premise
   proved by `norm_num`/`positivity`/`linarith`, never assumed: Lean's `√(-1) = 0`) and
   `Real.sqrt_nonneg a`, so that the division and cofactor finders see `√a` as an atom with its
   defining equation;
3. a target `√E = R` with `0 < R` proved becomes `R * R = E` by
   `Real.sqrt_eq_iff_mul_self_eq_of_pos (h : 0 < y) : √x = y ↔ y * y = x` (`.mpr`);
4. the rest by `reconstruct_leaf` on the goal with these facts.

Shape first: a goal without `Real.sqrt` costs one walk of its terms.
"""

from __future__ import annotations

import time

from prover.checkers.kernel_checker import KernelChecker
from prover.state import Goal
from prover.syntax.ast import BINDER_OPS, REAL, Expr, alpha_equal, free_vars, num
from prover.syntax.printer import show

MAX_SURDS = 6          # distinct `√a` given facts in one leaf
MAX_NORMALISED = 6     # literal surds rewritten `√(k² m) = k √m`
MAX_LITERAL = 10 ** 12  # literals factored by trial division
ROOT_COFACTORS_S = 3.0  # the cofactor finder's limit for `(v - c₁) * (v - c₂) = 0` (within the deadline)


def _is_sqrt(e: Expr) -> bool:
    return e.op == "call" and e.value == "Real.sqrt" and len(e.args) == 1 and e.ty == REAL


def _sqrt_terms(goal: Goal) -> list[Expr]:
    """The distinct `√a` of the goal outside binders, innermost first."""
    found: list[Expr] = []

    def walk(e: Expr):
        if e.op in BINDER_OPS:
            return
        for a in e.args:
            walk(a)
        if _is_sqrt(e) and not any(alpha_equal(e, f) for f in found):
            found.append(e)
    for _, h in goal.hypotheses:
        walk(h)
    walk(goal.target)
    return found


def _square_part(n: int) -> tuple[int, int]:
    """(k, m) with n = k² m and k maximal (trial division; untrusted: nlinarith checks)."""
    k, m, p = 1, n, 2
    while p * p <= m:
        while m % (p * p) == 0:
            m //= p * p
            k *= p
        p += 1
    return k, m


def _literal(e: Expr) -> int | None:
    if e.op == "num" and e.ty == REAL and isinstance(e.value, int) and 2 <= e.value <= MAX_LITERAL:
        return e.value
    return None


def applies(goal: Goal) -> bool:
    """Cheap shape test: a `√` outside binders, and something `transcendental_leaf` (facts, then
    nlinarith) cannot do: a literal surd with a square factor, a target `√E = R`, or a division
    by a non-constant beside the `√`."""
    surds = _sqrt_terms(goal)
    if not surds:
        return False
    t = goal.target
    if t.op == "eq" and (_is_sqrt(t.args[0]) or _flipped_outer(t)):
        return True
    if any(_literal(s.args[0]) and _square_part(_literal(s.args[0]))[0] > 1 for s in surds):
        return True
    return any(x.op == "div" and x.ty == REAL and free_vars(x.args[1]) or x.op == "div" and _is_sqrt(x.args[1])
               for p in [t] + [h for _, h in goal.hypotheses] for x in p.walk())


def _is_square_fact(h: Expr, s: Expr) -> bool:
    """`h` is `√a ^ 2 = a` for `s = √a` (`Real.sq_sqrt`'s statement)."""
    return h.op == "eq" and h.args[0].op == "pow" and alpha_equal(h.args[0].args[0], s) \
        and alpha_equal(h.args[1], s.args[0])


def _has_fact(goal: Goal, s: Expr) -> bool:
    """A hypothesis `√a ^ 2 = a` already there."""
    return any(_is_square_fact(h, s) for _, h in goal.hypotheses)


def _normalise(steps, finders) -> None:
    """Step 1: `√(k² m) = k * √m` for the target's literal surds, rewritten into the target."""
    done = 0
    for s in _sqrt_terms(steps.goal):
        n = _literal(s.args[0])
        if n is None or done >= MAX_NORMALISED:
            continue
        k, m = _square_part(n)
        if k == 1:
            continue
        facts = [f"Real.sqrt_nonneg {n}", f"Real.sq_sqrt (by norm_num : (0:ℝ) ≤ {n})"]
        if m > 1:
            rhs = f"{k} * Real.sqrt {m}"
            facts += [f"Real.sqrt_nonneg {m}", f"Real.sq_sqrt (by norm_num : (0:ℝ) ≤ {m})"]
        else:
            rhs = f"{k}"
        name = steps.name("hsurd")
        if not steps.step(f"have {name} : Real.sqrt {n} = {rhs} := by nlinarith [{', '.join(facts)}]"):
            continue
        done += 1
        if any(alpha_equal(x, s) for x in steps.goal.target.walk()):
            steps.step(f"rw [{name}]")


def _facts(steps, finders, skip: Expr | None = None) -> int:
    """Step 2: `Real.sq_sqrt` and `Real.sqrt_nonneg` for each `√a` of the target and of the
    hypotheses other than step 1's (not `skip`, the outer `√E` of step 3); the count added."""
    added = 0
    zero = num(0, REAL)
    g = steps.goal
    wanted = _sqrt_terms(Goal(g.variables, tuple((n, h) for n, h in g.hypotheses if not n.startswith("hsurd")),
                              g.target))
    for s in wanted[:MAX_SURDS]:
        if _has_fact(steps.goal, s) or (skip is not None and alpha_equal(s, skip)):
            continue
        a = s.args[0]
        side = finders._side_proof(steps.goal, "le", zero, a, steps.checker)
        if side is None:
            continue
        if steps.step(f"have {steps.name('hsq')} := Real.sq_sqrt {side}"):
            added += 1
            steps.step(f"have {steps.name('hsq')} := Real.sqrt_nonneg ({show(a)})")
    return added


def _block(steps, finders, statement: str, body: list[str], name: str) -> bool:
    """`have name : statement := by` + body as one checked step."""
    block = "\n".join([f"have {name} : {statement} := by"] + ["  " + line for line in body])
    nxt = finders._apply_line(steps.goal, block, steps.checker)
    if nxt is None:
        return False
    steps.goal = nxt
    steps.lines += block.split("\n")
    return True


def _rationalise(steps, finders, deadline: float) -> None:
    """`A / √m` in the target (m a literal, A without `√`) ↦ `A / m * √m`: `have hsne : √m ≠ 0
    := by positivity`, `have hrat : A / √m = A / m * √m` by `div_eq_iff` (`_division_goal`, its
    key closed with the `Real.sq_sqrt` fact), then `rw [hrat]`: the target is then polynomial in
    the surds (linear_combination, linarith read `√m` as an atom with `√m ^ 2 = m`)."""
    done: list[Expr] = []
    for x in list(steps.goal.target.walk()):
        if len(done) >= MAX_NORMALISED or time.monotonic() >= deadline:
            return
        if not (x.op == "div" and x.ty == REAL and _is_sqrt(x.args[1]) and _literal(x.args[1].args[0])
                and not any(_is_sqrt(y) for y in x.args[0].walk())) or any(alpha_equal(x, d) for d in done):
            continue
        done.append(x)
        a, root = x.args
        m = _literal(root.args[0])
        ne = steps.name("hsne")
        if not steps.step(f"have {ne} : {show(root)} ≠ 0 := by positivity"):
            continue
        statement = f"{show(x)} = ({show(a)}) / {m} * {show(root)}"
        sq = next((n for n, h in steps.goal.hypotheses if _is_square_fact(h, root)), None)
        if sq is None:
            continue
        key = steps.name("hkey")
        body = [(f"have {key} : {show(a)} = ({show(a)}) / {m} * {show(root)} * {show(root)} := by "
                 f"linear_combination (-({show(a)}) / {m}) * {sq}"),
                f"exact (div_eq_iff {ne}).mpr {key}"]
        name = steps.name("hrat")
        if _block(steps, finders, statement, body, name):
            steps.step(f"rw [{name}]")


def _denominators(steps) -> None:
    """`have hsne : D ≠ 0 := by positivity` for a quotient `_ / D` with a `√` in D on a side of
    the target equation (`exact (div_eq_iff hsne).mpr _` needs it as a hypothesis)."""
    t = steps.goal.target
    if t.op != "eq" or t.value != REAL:
        return
    for side in t.args:
        if side.op == "div" and any(_is_sqrt(x) for x in side.args[1].walk()) and free_vars(side.args[1]):
            steps.step(f"have {steps.name('hsne')} : {show(side.args[1])} ≠ 0 := by positivity")


def _outer_sqrt(steps, finders, method: str, deadline: float) -> list[str] | None:
    """Step 3: `√E = R` by `(Real.sqrt_eq_iff_mul_self_eq_of_pos hR).mpr hE`, `hE : R * R = E`
    (`R = √E` by its `.symm`)."""
    t = steps.goal.target
    flipped = _flipped_outer(t)
    if not (t.op == "eq" and t.value == REAL and _is_sqrt(t.args[0])) and not flipped:
        return None
    e, r = (t.args[1].args[0], t.args[0]) if flipped else (t.args[0].args[0], t.args[1])
    pos = finders._side_proof(steps.goal, "lt", num(0, REAL), r, steps.checker)
    if pos is None:
        return None
    statement = f"({show(r)}) * ({show(r)}) = {show(e)}"
    from prover.errors import ProverError
    from prover.syntax.elaborate import elaborate_prop
    from prover.syntax.parser import parse_term
    try:
        prop = elaborate_prop(parse_term(statement), steps.goal.context)
    except (ProverError, RecursionError):
        return None
    leaf = finders.reconstruct_leaf(steps.goal.with_target(prop), "", method, deadline, steps.checker, 0)
    if leaf.missing:
        return None
    name = steps.name("hsurd")
    body = leaf.lines
    have = [f"have {name} : {statement} := by"] + ["  " + line for line in body]
    proof = f"(Real.sqrt_eq_iff_mul_self_eq_of_pos {pos}).mpr {name}"
    return have + [f"exact ({proof}).symm" if flipped else f"exact {proof}"]


def _flipped_outer(t: Expr) -> bool:
    """A target `R = √E` with no `√` heading its left side."""
    return t.op == "eq" and t.value == REAL and _is_sqrt(t.args[1]) and not _is_sqrt(t.args[0])


def surd_leaf(goal: Goal, checker: KernelChecker, deadline: float, finders, method: str = "") -> list[str] | None:
    """A checked script for a goal with `√` (see the module docstring), or None. `finders` is
    `prover.search.reconstruct` (passed in to avoid an import cycle)."""
    if goal.target.op in BINDER_OPS or goal.target.op == "imp" or not applies(goal) \
            or time.monotonic() >= deadline:
        return None
    steps = finders._LogSteps(goal, checker)
    outer = goal.target.op == "eq" and (_is_sqrt(goal.target.args[0]) or _flipped_outer(goal.target))
    # instances of function definitions first (`h₀ : ∀ k, u k = a * r ^ k` at `u 1`, `u 3`, …): the
    # cofactor finder reads the first equations of the context only
    for line in finders._instantiate_definitions(goal)[0]:
        steps.step(line)
    instances = len(steps.lines)
    _normalise(steps, finders)
    added = _facts(steps, finders, None if not outer else
                   steps.goal.target.args[1] if _flipped_outer(steps.goal.target) else steps.goal.target.args[0])
    _rationalise(steps, finders, deadline)
    _denominators(steps)
    if len(steps.lines) == instances and not outer:
        return None   # nothing new: the other finders already saw this goal
    if time.monotonic() >= deadline:
        return None
    if outer:
        tail = _outer_sqrt(steps, finders, method, deadline)
        if tail is not None:
            return _checked(goal, steps.lines + tail, checker)
        if not added and len(steps.lines) == instances:
            return None
    if steps.goal.target.op == "or":   # `v = r ∨ v = -r`: the product split, with the √ facts now present
        lines = _root_split(steps, finders, method, deadline)
        return _checked(goal, steps.lines + lines, checker) if lines else None
    lines = finders._division_goal(steps.goal, checker, deadline)
    if lines:
        return _checked(goal, steps.lines + lines, checker)
    leaf = finders.reconstruct_leaf(steps.goal, "", method, deadline, checker, 0)
    if leaf.missing:
        return None
    return _checked(goal, steps.lines + leaf.lines, checker)


def _root_split(steps, finders, method: str, deadline: float) -> list[str] | None:
    """A target `v = c₁ ∨ v = c₂` (closed cᵢ, surds now with their facts): `have hp :
    (v - c₁) * (v - c₂) = 0` by `linear_combination` (cofactors from the untrusted finder, the √
    facts among the equations), `rcases mul_eq_zero.mp hp with hp | hp`, then `left`/`right` and
    linarith in each branch (the caller replays the whole script)."""
    disjuncts, t = [], steps.goal.target
    while t.op == "or":
        disjuncts.append(t.args[0])
        t = t.args[1]
    disjuncts.append(t)
    if len(disjuncts) != 2 or not all(
            d.op == "eq" and d.value == REAL and alpha_equal(d.args[0], disjuncts[0].args[0]) and not free_vars(d.args[1])
            for d in disjuncts):
        return None
    v = show(disjuncts[0].args[0])
    text = " * ".join(f"({v} - ({show(d.args[1])}))" for d in disjuncts) + " = 0"
    from prover.checkers.sympy_checker import SympyChecker
    from prover.errors import ProverError
    try:
        side = steps.goal.with_target(SympyChecker._prop(steps.goal, text))
    except (ProverError, RecursionError):
        return None
    found = finders._first_checked(side, [lambda: finders.linear_combination_candidates(
        side, budget_s=ROOT_COFACTORS_S, deadline=deadline)], steps.checker, deadline)
    if not found:
        return None
    hp = steps.goal.fresh_name("hp")
    line = f"have {hp} : {text} := by {found}"
    return [line, f"rcases mul_eq_zero.mp {hp} with {hp} | {hp}", "· left", "  linarith", "· right", "  linarith"]


def _checked(goal: Goal, lines: list[str], checker: KernelChecker) -> list[str] | None:
    """The script, when the kernel checker replays it whole on the goal (the nested `have`
    block of step 3 is checked here, not line by line)."""
    from prover.checkers.replay import replay
    return lines if replay(goal, "\n".join(lines), checker=checker).ok else None


# -- monotone functions: a comparison of logs or roots from one of their arguments ------------

def _monotone_plan(t: Expr):
    """(lemma, premises as (op, lhs, rhs), proof-argument template) for a target comparison whose
    sides are `Real.log`/`√` applications, read as Mathlib states it (`a ≥ b` is `b ≤ a`):
    `Real.log_nonneg (hx : 1 ≤ x) : 0 ≤ log x`, `Real.log_pos (hx : 1 < x) : 0 < log x`,
    `Real.log_le_log (hx : 0 < x) (h : x ≤ y)`, `Real.log_lt_log (hx : 0 < x) (h : x < y)`,
    `Real.sqrt_le_sqrt (h : x ≤ y) : √x ≤ √y`, `Real.le_sqrt_of_sq_le (h : x ^ 2 ≤ y) : x ≤ √y`,
    `Real.sqrt_le_iff : √x ≤ y ↔ 0 ≤ y ∧ x ≤ y ^ 2` (`.mpr ⟨h₁, h₂⟩`)."""
    if t.op in ("ge", "gt"):
        t = Expr({"ge": "le", "gt": "lt"}[t.op], (t.args[1], t.args[0]), value=t.value, ty=t.ty)
    if t.op not in ("le", "lt") or t.value != REAL:
        return None
    a, b = t.args
    log = lambda e: e.op == "call" and e.value == "Real.log" and len(e.args) == 1
    zero, one = num(0, REAL), num(1, REAL)
    if log(b) and a == zero:
        x = b.args[0]
        return ("Real.log_nonneg", [("le", one, x)]) if t.op == "le" else ("Real.log_pos", [("lt", one, x)])
    if log(a) and log(b):
        x, y = a.args[0], b.args[0]
        return ("Real.log_le_log" if t.op == "le" else "Real.log_lt_log", [("lt", zero, x), (t.op, x, y)])
    if t.op == "le" and _is_sqrt(a) and _is_sqrt(b):
        return ("Real.sqrt_le_sqrt", [("le", a.args[0], b.args[0])])
    if t.op == "le" and _is_sqrt(b):
        return ("Real.le_sqrt_of_sq_le", [("le", Expr("pow", (a, num(2, "ℕ")), ty=REAL), b.args[0])])
    if t.op == "le" and _is_sqrt(a):
        return ("Real.sqrt_le_iff.mpr", [("le", zero, b), ("le", a.args[0], Expr("pow", (b, num(2, "ℕ")), ty=REAL))])
    return None


HIGH_DEGREE = 4   # a premise of at least this degree goes to the SOS/psatz finder first


def _degree(e: Expr) -> int | None:
    """Total degree of a polynomial term (variables, numerals, + - * and ℕ-literal powers), else None."""
    if e.op == "var":
        return 1
    if e.op == "num":
        return 0
    if e.op in ("add", "sub"):
        ds = [_degree(a) for a in e.args]
        return None if None in ds else max(ds)
    if e.op == "neg":
        return _degree(e.args[0])
    if e.op == "mul":
        ds = [_degree(a) for a in e.args]
        return None if None in ds else sum(ds)
    if e.op == "pow" and e.args[1].op == "num" and e.args[1].ty == "ℕ" and isinstance(e.args[1].value, int):
        d = _degree(e.args[0])
        return None if d is None else d * e.args[1].value
    return None


def _high_degree_leaf(goal: Goal, checker: KernelChecker, deadline: float, finders):
    """A polynomial comparison of degree ≥ HIGH_DEGREE: the sum-of-squares / psatz hints first
    (`reconstruct.psatz_candidates`, one child with a hard limit), before the whole chain of
    finders spends the budget; a Leaf, or None."""
    degrees = [_degree(a) for a in goal.target.args]
    if None in degrees or max(degrees) < HIGH_DEGREE:
        return None
    found = finders._first_checked(goal, [lambda: finders.psatz_candidates(goal, deadline)], checker, deadline)
    return finders.Leaf([found]) if found else None


def monotone_leaf(goal: Goal, checker: KernelChecker, deadline: float, finders, method: str = "") -> list[str] | None:
    """A target comparison of logs or roots (see `_monotone_plan`) reduced to its premises, each
    a `have` closed by `reconstruct_leaf`, then `exact lemma h₁ h₂`. None unless checked."""
    plan = _monotone_plan(goal.target)
    if plan is None or time.monotonic() >= deadline:
        return None
    lemma, premises = plan
    symbol = {"le": "≤", "lt": "<"}
    lines: list[str] = []
    names: list[str] = []
    g = goal
    for op, lhs, rhs in premises:
        prop = Expr(op, (lhs, rhs), value=REAL, ty="Prop")
        leaf = _high_degree_leaf(g.with_target(prop), checker, deadline, finders) \
            or finders.reconstruct_leaf(g.with_target(prop), "", method, deadline, checker, 1)
        if leaf.missing:
            return None
        name = g.fresh_name("hmono")
        left = "(0:ℝ)" if lhs == num(0, REAL) else "(1:ℝ)" if lhs == num(1, REAL) else f"({show(lhs)} : ℝ)"
        block = [f"have {name} : {left} {symbol[op]} {show(rhs)} := by"] + ["  " + x for x in leaf.lines]
        nxt = finders._apply_line(g, "\n".join(block), checker)
        if nxt is None:
            return None
        g = nxt
        lines += block
        names.append(name)
    proof = f"⟨{', '.join(names)}⟩" if lemma.endswith(".mpr") else " ".join(names)
    return _checked(goal, lines + [f"exact {lemma} {proof}"], checker)


# -- integer powers with literal exponents: `zpow_neg`, `zpow_ofNat`, then field arithmetic ----

MAX_ZPOW_REWRITES = 4


def _literal_zpow(e: Expr) -> bool:
    """`a ^ k` or `a ^ (-k)` with `k` an integer literal, `a` not closed, over ℚ/ℝ/ℂ."""
    if not (e.op == "pow" and e.args[1].ty == "ℤ" and e.ty in ("ℚ", REAL, "ℂ") and free_vars(e.args[0])):
        return False
    k = e.args[1].args[0] if e.args[1].op == "neg" else e.args[1]
    return k.op == "num" and k.value >= 2


def zpow_leaf(goal: Goal, checker: KernelChecker, deadline: float, finders, method: str = "") -> list[str] | None:
    """`rw [zpow_neg]` (`a ^ (-n) = (a ^ n)⁻¹`, any `DivisionMonoid`) and `rw [zpow_ofNat]`
    (`a ^ (k : ℤ) = a ^ k` for a literal k) until the target has no integer power with a literal
    exponent, then `reconstruct_leaf` (field_simp with the base's nonzero fact). None unless
    every step is checked."""
    from prover.checkers.base import Closed, Subgoals
    if not any(_literal_zpow(x) for x in goal.target.walk()) or time.monotonic() >= deadline:
        return None
    lines: list[str] = []
    g = goal
    for lemma, wanted in (("zpow_neg", lambda x: _literal_zpow(x) and x.args[1].op == "neg"),
                          ("zpow_ofNat", lambda x: _literal_zpow(x) and x.args[1].op == "num")):
        for _ in range(MAX_ZPOW_REWRITES):
            if not any(wanted(x) for x in g.target.walk()):
                break
            r = checker.apply(g, f"rw [{lemma}]", budget_s=2.0)
            if isinstance(r, Closed):
                return lines + [f"rw [{lemma}]"]
            if not (isinstance(r, Subgoals) and len(r.goals) == 1 and r.goals[0] != g):
                break
            g = r.goals[0]
            lines.append(f"rw [{lemma}]")
    if not lines or any(_literal_zpow(x) for x in g.target.walk()):
        return None
    leaf = finders.reconstruct_leaf(g, "", method, deadline, checker, 0)
    if leaf.missing:
        return None
    return _checked(goal, lines + leaf.lines, checker)


# -- real powers of squares of surds: `(52 + 6√43) ^ ((3:ℝ)/2) = (√43 + 3) ^ 3` ----------------

MAX_RPOW_SQUARES = 4


def _half_integer(e: Expr) -> int | None:
    """n when the closed real exponent `e` is n / 2 for an integer n ≥ 1 (exact evaluation)."""
    from fractions import Fraction

    from prover.kernel.evaluate import NotEvaluable, value
    if free_vars(e):
        return None
    try:
        v = Fraction(value(e))
    except (NotEvaluable, ZeroDivisionError, ValueError, TypeError, OverflowError):
        return None
    n = 2 * v
    return int(n) if n.denominator == 1 and 1 <= n <= 12 else None


def _square_root_of(base: Expr):
    """R (text) with base = R ^ 2 and R = u + v √m ≥ 0 for rationals u, v (SymPy's `sqrtdenest`,
    untrusted: every claim is re-proved by the kernel), m, v² (the cofactor) and, when v > 0 > u,
    the bound -u / v ≤ √m that makes R nonnegative (text), else None."""
    import sympy

    from prover.search.finder_tools import _to_sympy_poly
    try:
        b = _to_sympy_poly(base, {})
        root = sympy.sqrtdenest(sympy.sqrt(sympy.expand(b)))
    except (ValueError, TypeError, ZeroDivisionError, RecursionError):
        return None
    surds = [a for a in root.atoms(sympy.Pow) if a.exp == sympy.Rational(1, 2) and a.base.is_Integer]
    if len(surds) != 1:
        return None
    s = surds[0]
    poly = sympy.Poly(sympy.expand(root), s)
    if poly.degree() != 1 or not all(c.is_Rational for c in poly.all_coeffs()):
        return None
    v, u = poly.all_coeffs()
    if root.evalf() < 0:
        return None
    m = int(s.base)

    def lit(q):
        q = sympy.Rational(q)
        text = str(abs(q.p)) if q.q == 1 else f"{abs(q.p)} / {q.q}"
        return text, q < 0
    u_text, u_neg = lit(u)
    v_text, v_neg = lit(v)
    term = f"Real.sqrt {m}" if abs(v) == 1 else f"{v_text} * Real.sqrt {m}"
    head = f"-{term}" if v_neg else term
    r = head if u == 0 else f"{head} {'-' if u_neg else '+'} {u_text}"
    ratio = -sympy.Rational(u) / sympy.Rational(v) if v > 0 and u < 0 else None
    bound = None if ratio is None else (str(ratio.p) if ratio.q == 1 else f"{ratio.p} / {ratio.q}")
    return r, m, sympy.Rational(v) ** 2, bound


def rpow_square_leaf(goal: Goal, checker: KernelChecker, deadline: float, finders, method: str = "") -> list[str] | None:
    """Closed real powers `B ^ (n / 2 : ℝ)` whose base is the square of `R = u + v√m ≥ 0`:
    `have hB : B = (R) ^ 2 := by linear_combination (-v²) * hsq`, `have hR : 0 ≤ R`, then
    `have hP : B ^ e = R ^ n := by rw [hB, ← k1, ← k2, k4, k3]` with `k1 := Real.rpow_natCast R 2`,
    `k2 := Real.rpow_mul hR (↑2) e` (`x ^ (y * z) = (x ^ y) ^ z`, `0 ≤ x`),
    `k3 := Real.rpow_natCast R n`, `k4 : (↑2 : ℝ) * e = ↑n` by norm_num; the goal then by
    linarith/nlinarith with the √ facts. None unless the whole script replays."""
    powers: list[Expr] = []
    for x in goal.target.walk():
        if x.op == "pow" and x.ty == REAL and x.args[1].ty == REAL and not free_vars(x) \
                and any(_is_sqrt(y) for y in x.args[0].walk()) and not any(alpha_equal(x, p) for p in powers):
            powers.append(x)
    if not powers or len(powers) > MAX_RPOW_SQUARES or time.monotonic() >= deadline:
        return None
    steps = finders._LogSteps(goal, checker)
    _facts(steps, finders)
    for power in powers:
        base, e = power.args
        n = _half_integer(e)
        found = _square_root_of(base) if n is not None else None
        if found is None:
            return None
        r, m, v2 = found[:3]
        sq = next((name for name, h in steps.goal.hypotheses
                   if _is_square_fact(h, Expr("call", (num(m, REAL),), value="Real.sqrt", ty=REAL))), None)
        if sq is None:
            return None
        hb, hr, hp = steps.name("hrb"), steps.name("hrr"), steps.name("hrp")
        coeff = f"(-({v2.p}) / {v2.q})" if v2.q != 1 else f"(-{v2.p})"
        if not steps.step(f"have {hb} : {show(base)} = ({r}) ^ 2 := by linear_combination {coeff} * {sq}"):
            return None
        tactics = ["positivity"]
        if u_v := found[3]:   # v > 0 > u: `-u / v ≤ √m` from `(-u / v) ^ 2 ≤ m` (Real.le_sqrt_of_sq_le)
            tactics.append(f"linarith [Real.le_sqrt_of_sq_le (by norm_num : ({u_v} : ℝ) ^ 2 ≤ {m})]")
        tactics.append(f"nlinarith [{sq}, Real.sqrt_nonneg {m}]")
        nonneg = [f"have {hr} : (0:ℝ) ≤ {r} := by {tac}" for tac in tactics]
        if not any(steps.step(line) for line in nonneg):
            return None
        k1, k2, k3, k4 = (steps.name("hrk") for _ in range(4))
        body = [f"have {k1} := Real.rpow_natCast ({r}) 2",
                f"have {k2} := Real.rpow_mul {hr} ((2 : ℕ) : ℝ) ({show(e)})",
                f"have {k3} := Real.rpow_natCast ({r}) {n}",
                f"have {k4} : ((2 : ℕ) : ℝ) * ({show(e)}) = (({n} : ℕ) : ℝ) := by norm_num",
                f"rw [{hb}, ← {k1}, ← {k2}, {k4}, {k3}]"]
        if not _block(steps, finders, f"{show(power)} = ({r}) ^ {n}", body, hp):
            return None
    for tactic in ("linarith", "nlinarith"):
        if time.monotonic() >= deadline:
            return None
        from prover.checkers.base import Closed
        if isinstance(checker.close(steps.goal, tactic), Closed):
            return _checked(goal, steps.lines + [tactic], checker)
    return None


# -- √ terms on both sides of a linear comparison: `√X ≤ √Y` from `X ≤ Y`, then linarith -------

MAX_SQRT_PAIRS = 4


def _oriented(t: Expr) -> tuple[Expr, Expr] | None:
    """(small, big) sides of a real `≤`/`<`/`≥`/`>` target."""
    if t.op in ("le", "lt") and t.value == REAL:
        return t.args[0], t.args[1]
    if t.op in ("ge", "gt") and t.value == REAL:
        return t.args[1], t.args[0]
    return None


def _sqrts(e: Expr) -> list[Expr]:
    """The distinct `√a` of `e` outside binders (a bound variable cannot be named in a `have`)."""
    out: list[Expr] = []

    def walk(x: Expr):
        if x.op in BINDER_OPS:
            return
        for a in x.args:
            walk(a)
        if _is_sqrt(x) and not any(alpha_equal(x, y) for y in out):
            out.append(x)
    walk(e)
    return out


def sqrt_pair_leaf(goal: Goal, checker: KernelChecker, deadline: float, finders, method: str = "") -> list[str] | None:
    """A comparison with `√X` on its small side and `√Y` on its big side, beside other terms
    (`√(a + b) + 1 ≤ √2 + 1`; a bare `√X ≤ √Y` is `monotone_leaf`'s): for each pair,
    `have hxy : X ≤ Y` closed by `reconstruct_leaf`, `have hs := Real.sqrt_le_sqrt hxy`
    (`Real.sqrt_le_sqrt (h : x ≤ y) : √x ≤ √y`), then linarith. None unless the script replays."""
    sides = _oriented(goal.target)
    if sides is None or time.monotonic() >= deadline:
        return None
    small, big = sides
    if _is_sqrt(small) and _is_sqrt(big):
        return None
    pairs = [(x, y) for x in _sqrts(small) for y in _sqrts(big)][:MAX_SQRT_PAIRS]
    if not pairs:
        return None
    from prover.checkers.base import Closed
    steps = finders._LogSteps(goal, checker)
    for x, y in pairs:
        if time.monotonic() >= deadline:
            return None
        prop = Expr("le", (x.args[0], y.args[0]), value=REAL, ty="Prop")
        leaf = finders.reconstruct_leaf(steps.goal.with_target(prop), "", method, deadline, checker, 1)
        if leaf.missing:
            continue
        name = steps.name("hsle")
        if not _block(steps, finders, f"({show(x.args[0])} : ℝ) ≤ {show(y.args[0])}", leaf.lines, name):
            continue
        steps.step(f"have {steps.name('hsle')} := Real.sqrt_le_sqrt {name}")
    if not steps.lines or time.monotonic() >= deadline:
        return None
    if isinstance(checker.close(steps.goal, "linarith"), Closed):
        return _checked(goal, steps.lines + ["linarith"], checker)
    return None


# -- a hypothesis `√A * B = C`: AM-GM squares `(B - k √A) ^ 2 ≥ 0` for nlinarith ----------------

AMGM_FACTORS = ("2", "1", "1 / 2")


def _surd_products(goal: Goal) -> list[tuple[Expr, Expr]]:
    """(√A, B) for each hypothesis `√A * B = C` or `B * √A = C` over ℝ, A not closed."""
    out = []
    for _, h in goal.hypotheses:
        if h.op != "eq" or h.value != REAL:
            continue
        for side in h.args:
            if side.op == "mul":
                a, b = side.args
                for s, other in ((a, b), (b, a)):
                    if _is_sqrt(s) and free_vars(s.args[0]) and not any(_is_sqrt(x) for x in other.walk()):
                        out.append((s, other))
    return out[:2]


def surd_product_leaf(goal: Goal, checker: KernelChecker, deadline: float, finders, method: str = "") -> list[str] | None:
    """A comparison target beside a hypothesis `√A * B = C` (A not a literal): the conjunctions
    named (`obtain`), `Real.sq_sqrt`/`Real.sqrt_nonneg` facts for `√A`, then `nlinarith` with the
    AM-GM squares `sq_nonneg (B - k * √A)` (`B² + k²·A ≥ 2k·√A·B = 2k·C`) for k in 2, 1, 1/2.
    None unless the whole script replays."""
    from prover.checkers.base import Closed
    if _oriented(goal.target) is None or time.monotonic() >= deadline:
        return None
    products = _surd_products(goal)
    if not products:
        return None
    steps = finders._LogSteps(goal, checker)
    for line in finders._name_conjuncts(goal)[0]:
        steps.step(line)
    if not _facts(steps, finders):
        return None
    for s, b in products:
        for k in AMGM_FACTORS:
            if time.monotonic() >= deadline:
                return None
            tactic = f"nlinarith [sq_nonneg ({show(b)} - {k} * {show(s)}), sq_nonneg ({show(b)} + {k} * {show(s)})]"
            if isinstance(checker.close(steps.goal, tactic), Closed):
                return _checked(goal, steps.lines + [tactic], checker)
    return None
