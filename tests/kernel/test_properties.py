"""Property tests: the kernel never accepts a linarith/nlinarith step whose goal has a
counterexample, and its polynomial normal form is exact.

Counterexamples come from Z3 (independent of the kernel, used here only as a referee) and
are re-evaluated with exact arithmetic before they count.
"""

from fractions import Fraction

import z3
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from prover.kernel import CheckedStep, check
from prover.kernel import poly as P
from prover.kernel.evaluate import holds, value
from prover.state import load_theorem
from prover.syntax.ast import Expr

VARS = ("x", "y", "z")
TYPES = ("ℝ", "ℚ", "ℤ", "ℕ")
RELS = ("<", "≤", "=", "≥", ">")


@st.composite
def linear_term(draw, names, degree=1, natural=False):
    """`c₀ + Σ cᵢ·mᵢ` with small integer coefficients over monomials of the given degree
    (nonnegative ones over ℕ, where `-` would be truncated subtraction)."""
    low = 0 if natural else -4
    parts = [str(draw(st.integers(low, 4)))]
    for _ in range(draw(st.integers(1, 3))):
        c = draw(st.integers(max(low, -3), 3))
        mono = " * ".join(draw(st.sampled_from(names)) for _ in range(draw(st.integers(1, degree))))
        parts.append(f"{c} * {mono}" if c >= 0 else f"({c}) * {mono}")
    return " + ".join(parts)


@st.composite
def system(draw, degree=1):
    ty = draw(st.sampled_from(TYPES))
    names = VARS[: draw(st.integers(1, 3))]
    nat = ty == "ℕ"

    def side():
        return draw(linear_term(names, degree, nat))

    hyps = [f"(h{i} : {side()} {draw(st.sampled_from(RELS))} {side()})" for i in range(draw(st.integers(1, 4)))]
    goal = f"{side()} {draw(st.sampled_from(RELS))} {side()}"
    text = f"theorem t ({' '.join(names)} : {ty}) {' '.join(hyps)} : {goal}"
    return text, ty, names


def _z3_value(e: Expr, env):
    op = e.op
    if op == "num":
        return z3.RealVal(str(e.value)) if e.ty in ("ℝ", "ℚ") else z3.IntVal(int(e.value))
    if op == "var":
        return env[e.value]
    if op == "cast":
        inner = _z3_value(e.args[0], env)
        return z3.ToReal(inner) if e.ty in ("ℝ", "ℚ") and e.args[0].ty in ("ℕ", "ℤ") else inner
    a = [_z3_value(x, env) for x in e.args]
    if op == "add":
        return a[0] + a[1]
    if op == "sub":
        return a[0] - a[1]
    if op == "mul":
        return a[0] * a[1]
    if op == "neg":
        return -a[0]
    raise ValueError(op)


def _z3_prop(p: Expr, env):
    a, b = (_z3_value(x, env) for x in p.args)
    return {"lt": a < b, "le": a <= b, "eq": a == b, "ge": a >= b, "gt": a > b}[p.op]


def counterexample(goal, ty, names):
    """An exact assignment making every hypothesis true and the goal false, or None."""
    solver = z3.Solver()
    solver.set("timeout", 2000)
    env = {n: (z3.Real(n) if ty in ("ℝ", "ℚ") else z3.Int(n)) for n in names}
    if ty == "ℕ":
        solver.add(*[env[n] >= 0 for n in names])
    for _, h in goal.hypotheses:
        solver.add(_z3_prop(h, env))
    solver.add(z3.Not(_z3_prop(goal.target, env)))
    if solver.check() != z3.sat:
        return None
    model = solver.model()
    values = {}
    for n in names:
        v = model.eval(env[n], model_completion=True)
        values[n] = Fraction(v.as_fraction()) if ty in ("ℝ", "ℚ") else int(v.as_long())
    return values


def _real_counterexample(goal, values) -> bool:
    """Re-check Z3's model with the kernel's exact evaluator (casts and all)."""
    def at(p):
        for n, v in values.items():
            p = _subst_typed(p, n, v)
        return holds(p)
    return all(at(h) for _, h in goal.hypotheses) and not at(goal.target)


def _subst_typed(e: Expr, name: str, v) -> Expr:
    if e.op == "var" and e.value == name:
        return Expr("num", value=v, ty=e.ty)
    if not e.args:
        return e
    return e.with_args(*(_subst_typed(a, name, v) for a in e.args))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(system())
def test_linarith_never_accepts_a_goal_with_a_counterexample(sys_):
    text, ty, names = sys_
    goal = load_theorem(text).goal
    result = check(goal, "linarith")
    if isinstance(result, CheckedStep):
        cex = counterexample(goal, ty, names)
        assert cex is None or not _real_counterexample(goal, cex), f"{text}: counterexample {cex}"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(system(degree=2))
def test_nlinarith_never_accepts_a_goal_with_a_counterexample(sys_):
    text, ty, names = sys_
    goal = load_theorem(text).goal
    result = check(goal, "nlinarith")
    if isinstance(result, CheckedStep):
        cex = counterexample(goal, ty, names)
        assert cex is None or not _real_counterexample(goal, cex), f"{text}: counterexample {cex}"


@settings(max_examples=100, deadline=None)
@given(system(), st.lists(st.fractions(min_value=-5, max_value=5, max_denominator=7), min_size=3, max_size=3))
def test_normal_form_agrees_with_exact_evaluation(sys_, point):
    """The polynomial of each side equals the side's exact value at rational points."""
    text, ty, names = sys_
    if ty in ("ℤ", "ℕ"):
        point = [abs(int(p)) for p in point]
    goal = load_theorem(text).goal
    for _, prop in list(goal.hypotheses) + [("goal", goal.target)]:
        for side in prop.args:
            atoms = P.AtomTable()
            poly = P.Normalizer(atoms, "ring").poly(side)
            expected = value(_at(side, dict(zip(names, point))))
            got = Fraction(0)
            for mono, c in poly.items():
                term = Fraction(c)
                for i, k in mono:
                    kind, atom = atoms.atoms[i]
                    assert kind == "atom" and atom.op == "var", "linear terms have only variables as atoms"
                    term *= Fraction(dict(zip(names, point))[atom.value]) ** k
                got += term
            assert got == expected


def _at(e: Expr, values) -> Expr:
    for n, v in values.items():
        e = _subst_typed(e, n, v)
    return e


@settings(max_examples=80, deadline=None)
@given(st.integers(-6, 6), st.integers(-6, 6), st.integers(1, 6))
def test_ring_refuses_a_false_identity(a, b, k):
    """`ring` accepts `(x + a) ^ k = …` only for the binomial expansion itself."""
    true = load_theorem(f"theorem t (x : ℚ) : (x + {a}) ^ {k} * (x + {a}) = (x + {a}) ^ ({k} + 1)").goal
    false = load_theorem(f"theorem t (x : ℚ) : (x + {a}) ^ {k} = (x + {b}) ^ {k}").goal
    assert isinstance(check(true, "ring"), CheckedStep)
    assert isinstance(check(false, "ring"), CheckedStep) == (a == b)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(system(), st.data())
def test_no_certificate_closes_a_goal_with_a_counterexample(sys_, data):
    """Whatever multipliers an (adversarial) finder proposes, the checker accepts none for a
    goal that has a counterexample: the empty one, single facts, random small ones."""
    from prover.kernel import linarith as L

    text, ty, names = sys_
    goal = load_theorem(text).goal
    cex = counterexample(goal, ty, names)
    if cex is None or not _real_counterexample(goal, cex):
        return
    refuted_runs = []
    for problems in L.runs(list(goal.hypotheses), goal.target, False):
        refuted = []
        for problem in problems:
            n = len(problem.facts)
            proposals = [{}, {i: Fraction(0) for i in range(n)}]
            proposals += [{i: Fraction(1)} for i in range(n)]
            proposals.append({i: data.draw(st.fractions(min_value=-3, max_value=3, max_denominator=4)) for i in range(n)})
            refuted += [cert for cert in proposals if L.check_certificate(problem, cert)]
        refuted_runs.append(refuted)
    # an equality goal needs every run (≤ and ≥) refuted; one run may hold a true refutation
    assert not all(refuted_runs), f"{text}: accepted {refuted_runs} with counterexample {cex}"


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(("ℚ", "ℝ", "ℤ", "ℕ")), st.data())
def test_strict_inequalities_are_strengthened_only_over_the_integers(ty, data):
    """`a < b ⊢ a + c ≤ b`: Lean's linarith proves it for c ≤ 1 over ℤ and ℕ (a < b means
    a + 1 ≤ b there), and for c ≤ 0 over ℚ and ℝ; the kernel agrees, and never accepts a
    false instance."""

    nat = ty == "ℕ"
    lhs = data.draw(linear_term(("x", "z"), 1, nat))  # independent of y: every c > 0 has
    rhs = "y"                                          # a counterexample over ℚ and ℝ
    c = data.draw(st.sampled_from(("0", "1", "2") if nat else ("0", "1/2", "1", "2")))
    if ty in ("ℤ", "ℕ") and c == "1/2":
        return
    text = f"theorem t (x y z : {ty}) (h : {lhs} < {rhs}) : {lhs} + {c} ≤ {rhs}"
    goal = load_theorem(text).goal
    accepted = isinstance(check(goal, "linarith"), CheckedStep)
    expected = c in ("0", "1") if ty in ("ℤ", "ℕ") else c == "0"
    assert accepted == expected, text


HYPS = {"": lambda v: True, "0 < {v}": lambda v: v > 0, "0 ≤ {v}": lambda v: v >= 0,
        "{v} ≠ 0": lambda v: v != 0, "2 < {v}": lambda v: v > 2, "-1 < {v}": lambda v: v > -1,
        "{v} = 3": lambda v: v == 3}


@st.composite
def positivity_term(draw, depth=0):
    if depth >= 3 or draw(st.integers(0, 3)) == 0:
        return draw(st.sampled_from(["x", "y", "z", "2", "-3", "(1/2)", "0"]))
    op = draw(st.sampled_from(["+", "*", "/", "-", "^2", "^3", "abs", "min", "max", "neg"]))
    a = draw(positivity_term(depth + 1))
    if op in ("^2", "^3"):
        return f"({a}) {op[0]} {op[1]}"
    if op == "abs":
        return f"|{a}|"
    if op == "neg":
        return f"(-({a}))"
    b = draw(positivity_term(depth + 1))
    if op in ("min", "max"):
        return f"({op} ({a}) ({b}))"
    return f"(({a}) {op} ({b}))"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(positivity_term(), st.sampled_from(["0 < {e}", "0 ≤ {e}", "{e} ≠ 0"]),
       st.lists(st.sampled_from(sorted(HYPS)), min_size=3, max_size=3),
       st.lists(st.fractions(min_value=-6, max_value=6, max_denominator=5), min_size=30, max_size=30))
def test_positivity_never_accepts_a_goal_with_a_counterexample(term, shape, hyp_shapes, samples):
    """Over ℝ with hypotheses about the variables, an accepted `positivity` goal holds at every
    sampled point satisfying the hypotheses (exact rational evaluation)."""
    names = ("x", "y", "z")
    hyps = [(n, h.format(v=n)) for n, h in zip(names, hyp_shapes) if h]
    binders = "".join(f" (h{n} : {text})" for n, text in hyps)
    statement = f"theorem t (x y z : ℝ){binders} : {shape.format(e=f'({term} : ℝ)')}"
    goal = load_theorem(statement).goal
    if not isinstance(check(goal, "positivity"), CheckedStep):
        return
    target = goal.target
    side = target.args[1] if target.op in ("lt", "le") else target.args[0]
    want = {"lt": lambda v: v > 0, "le": lambda v: v >= 0, "ne": lambda v: v != 0}[target.op]
    points = [samples[i:i + 3] for i in range(0, 30, 3)] + [[Fraction(3)] * 3]
    for point in points:
        env = dict(zip(names, point))
        if all(HYPS[h](env[n]) for n, h in zip(names, hyp_shapes)):
            v = value(_at(side, env))
            assert want(v), f"{statement}: {side} = {v} at {env}"
