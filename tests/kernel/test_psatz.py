"""The extremal-point hint finder (`prover.kernel.untrusted.psatz`): what it proposes is
checked by the kernel's nlinarith/linarith rule, and nothing it proposes closes a false goal."""

from fractions import Fraction

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from prover.checkers.base import Closed
from prover.checkers.kernel_checker import KernelChecker, certify
from prover.kernel.untrusted.psatz import Problem, extremal_points, psatz_hints, psatz_pool
from prover.state import load_theorem

FOUND = [
    # a minimum away from every numeral of the goal: the square is centred near √(10/3)
    "theorem t (x : ℝ) (hx : 0 < x) : x ^ 3 + 13 > 10 * x",
    # an equality case at (2/3, 4/3) under an equation
    "theorem t (u v : ℝ) (hu : 0 < u) (hv : 0 < v) (h : u + v = 2) : u * v ^ 2 ≤ 32 / 27",
    # the goal's own sums against each other
    "theorem t (p q : ℝ) : (p ^ 2 + q ^ 2) ^ 2 + (p + q) ^ 4 ≥ 2 * (p ^ 2 + q ^ 2) * (p + q) ^ 2",
    # a shifted sum: (s - 3)² ≥ 0 with s = x y + y z
    "theorem t (x y z : ℝ) : 9 ≥ (x * y + y * z) * (6 - (x * y + y * z))",
    # completing the square with polynomial coefficients; the slack's infimum 0 sits on the
    # boundary q² = 4pr, which must not read as a counterexample
    "theorem t (p q r y : ℝ) (hp : 0 < p) (h : q ^ 2 < 4 * p * r) : p * y ^ 2 + q * y + r > 0",
]


@pytest.mark.parametrize("statement", FOUND)
def test_found_hints_are_checked_by_the_kernel(statement):
    goal = load_theorem(statement).goal
    tactics = psatz_hints(goal, 4.0)
    assert tactics, "the finder proposed nothing"
    closed = [t for t in tactics if isinstance(KernelChecker().close(goal, t), Closed)]
    assert closed, tactics
    tactic = closed[0]
    assert tactic.split(" ")[0] in ("linarith", "nlinarith")
    cert = certify(goal, tactic, KernelChecker())
    assert cert.ok, cert.message


def test_the_kernel_refuses_the_found_hints_on_the_strict_twin():
    # at the equality case u = 2/3, v = 4/3 the strict goal is false: the same hints must fail
    true = load_theorem("theorem t (u v : ℝ) (hu : 0 < u) (hv : 0 < v) (h : u + v = 2) : u * v ^ 2 ≤ 32 / 27").goal
    false = load_theorem("theorem t (u v : ℝ) (hu : 0 < u) (hv : 0 < v) (h : u + v = 2) : u * v ^ 2 < 32 / 27").goal
    tactics = [t for t in psatz_hints(true, 4.0) if isinstance(KernelChecker().close(true, t), Closed)]
    assert tactics
    for t in tactics:
        assert not isinstance(KernelChecker().close(false, t), Closed)


def test_extremal_points_find_the_equality_case():
    pb = Problem(load_theorem("theorem t (a b : ℝ) (h : a + b = 3) : a * b ≤ 9 / 4").goal)
    points = extremal_points(pb, 2.0)
    assert points and abs(points[0][0]) < 1e-5
    assert all(abs(v - 1.5) < 1e-3 for v in points[0][1])


def test_pool_terms_are_mathlib_applications_the_kernel_resolves():
    from prover.kernel.lemmas import resolve
    goal = load_theorem("theorem t (a b : ℝ) (ha : 1 ≤ a) (hb : 0 < b) : a * b + 1 ≥ a + b - a * b + b").goal
    pool = psatz_pool(goal)
    assert pool
    for h in pool:
        resolve(goal, h)   # raises on a term Lean would not elaborate
    assert any(h.startswith("mul_nonneg (sub_nonneg.mpr ha)") for h in pool)


def _value(cs, x):
    return sum(c * x ** k for k, c in enumerate(cs))


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(st.lists(st.integers(-9, 9), min_size=3, max_size=4), st.sampled_from(["≥", ">"]))
def test_nothing_proposed_closes_a_false_polynomial_goal(cs, rel):
    """A univariate goal `0 R c₀ + c₁x + …` (x > 0) false at a sample point: every hint list
    the finder proposes is refused by the kernel."""
    points = [Fraction(k, 4) for k in range(1, 17)]
    assume(any(_value(cs, x) < 0 or (rel == ">" and _value(cs, x) == 0) for x in points))
    body = " + ".join(f"({c}) * x ^ {k}" for k, c in enumerate(cs))
    goal = load_theorem(f"theorem t (x : ℝ) (hx : 0 < x) : {body} {rel} 0").goal
    for tactic in psatz_hints(goal, 2.0):
        assert not isinstance(KernelChecker().close(goal, tactic), Closed), tactic


def test_int_goals_get_integer_literals_only():
    # `(7 / 4 : ℤ)` is 0 in Lean: over ℤ every hint is scaled to integer coefficients
    goal = load_theorem("theorem t (k : ℤ) (hk : 0 < k) : k ^ 3 + 13 > 10 * k").goal
    tactics = psatz_hints(goal, 4.0)
    assert tactics and isinstance(KernelChecker().close(goal, tactics[0]), Closed)
    assert all("/" not in t for t in tactics), tactics
    assert all("/" not in h for h in psatz_pool(goal))


def test_repeated_factor_squares_and_strict_slack():
    # f = (u - 2v)² · (3u² - uv + v²): the Gram matrix is singular; the repeated factor is
    # pulled out and multiplies the cofactor's squares (an exact decomposition for linarith)
    goal = load_theorem("theorem t (u v : ℝ) : (3 * u ^ 2 - u * v + v ^ 2) * (u - 2 * v) ^ 2 ≥ 0").goal
    tactics = psatz_hints(goal, 4.0)
    assert tactics and tactics[0].startswith("linarith [sq_nonneg ((u - 2 * v) * "), tactics
    assert isinstance(KernelChecker().close(goal, tactics[0]), Closed)
    # strict, minimum > 0 everywhere: squares of f - c₀/100, so linarith sees the slack
    goal = load_theorem("theorem t (y : ℝ) : y ^ 6 - y ^ 3 + 1 > 0").goal
    tactics = psatz_hints(goal, 4.0)
    assert tactics and isinstance(KernelChecker().close(goal, tactics[0]), Closed)


def test_linear_goals_are_left_to_linarith():
    from prover.kernel.untrusted.psatz import worth_trying
    assert not worth_trying(load_theorem("theorem t (c : ℝ) (h : 2 * c ≤ 5) : c ≤ 3").goal)
    assert worth_trying(load_theorem("theorem t (c : ℝ) (h : c ^ 2 ≤ 5) : c ≤ 3").goal)


def test_a_goal_false_on_the_comparisons_region_gets_nothing():
    # false at c = 4 (the ∃ hypothesis is invisible to nlinarith): no hint list is proposed
    goal = load_theorem("theorem t (c : ℝ) (h : 0 ≤ c) : c ^ 2 ≤ 9").goal
    assert psatz_hints(goal, 3.0) == []


# `h.1` / `h.2` hint terms (And.left / And.right), which the finder uses for conjunct hypotheses

ATOMS = ["0 < a", "a < 1", "0 ≤ b", "b < 2"]


@st.composite
def _props(draw, depth=2):
    if depth == 0 or draw(st.booleans()):
        return draw(st.sampled_from(ATOMS))
    op = draw(st.sampled_from(["∧", "∨", "↔"]))
    return f"({draw(_props(depth - 1))} {op} {draw(_props(depth - 1))})"


def _component(text, path):
    """The subformula `path` selects through ∧ only, or None (parsed by hand: parenthesised)."""
    for step in path:
        if not text.startswith("("):
            return None
        body, level, cut = text[1:-1], 0, None
        for i, ch in enumerate(body):
            level += ch == "("
            level -= ch == ")"
            if level == 0 and body[i:i + 3] in (" ∧ ", " ∨ ", " ↔ "):
                cut = i
                break
        if body[cut:cut + 3] != " ∧ ":
            return None
        text = body[:cut] if step == 1 else body[cut + 3:]
    return text


@settings(max_examples=40, deadline=None)
@given(_props(), st.lists(st.sampled_from([1, 2]), min_size=1, max_size=3))
def test_projections_only_take_conjunctions_apart(prop, path):
    from prover.kernel.lemmas import BadHint, resolve
    from prover.syntax.printer import show
    goal = load_theorem(f"theorem t (a b : ℝ) (h : {prop}) : a < 5").goal
    want = _component(prop, path)
    term = "h" + "".join(f".{k}" for k in path)
    if want is None:
        with pytest.raises(BadHint):
            resolve(goal, term)
    else:
        expected = load_theorem(f"theorem t (a b : ℝ) : {want}").goal.target
        assert show(resolve(goal, term)) == show(expected)


def test_a_projection_of_a_disjunction_proves_nothing():
    goal = load_theorem("theorem t (a : ℝ) (h : a < 0 ∨ 0 < a) : 0 < a").goal
    assert not isinstance(KernelChecker().close(goal, "linarith [h.2]"), Closed)
    goal = load_theorem("theorem t (a : ℝ) (h : a < 0 ∧ 0 < a) : 0 < a").goal
    assert isinstance(KernelChecker().close(goal, "linarith [h.2]"), Closed)


def test_negated_hypotheses_are_facts_not_lemma_arguments():
    # `¬ a < b` is `b ≤ a` to linarith's preprocessing, but no proof of `b ≤ a` for `sub_nonneg.mpr`
    goal = load_theorem("theorem t (a b : ℝ) (h : ¬ (a < b)) (hb : 0 < b) : b ^ 2 ≤ a ^ 2").goal
    assert not any("sub_nonneg.mpr h" in t for t in psatz_pool(goal))
    tactics = psatz_hints(goal, 3.0)
    assert tactics and isinstance(KernelChecker().close(goal, tactics[0]), Closed)
