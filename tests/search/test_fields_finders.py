"""Vieta facts from two roots (`prover.search.vieta`): `P(a) = 0`, `P(b) = 0`, `a ≠ b` give
`(P(a) - P(b)) / (a - b) = 0` by `mul_left_cancel₀ (sub_ne_zero.mpr h)`; every script is
replayed by the kernel checker, and nothing comes back for a false goal."""

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import prover.search.reconstruct as R
from prover.checkers.kernel_checker import KernelChecker, certify
from prover.search.vieta import vieta_leaf
from prover.state import load_theorem


def _vieta(text, seconds=6.0):
    goal = load_theorem(text).goal
    return goal, vieta_leaf(goal, KernelChecker(), time.monotonic() + seconds, R)


@pytest.mark.parametrize("text", [
    # roots of x² - 5x + 3 through a function definition: a + b = 5
    "theorem t (a b : ℝ) (f : ℝ → ℝ) (h₀ : ∀ x, f x = x ^ 2 - 5 * x + 3) (h₁ : f a = 0) (h₂ : f b = 0) "
    "(h₃ : a ≠ b) : a + b = 5",
    # stated directly, the product by the cofactor finder: a * b = 3 / 2
    "theorem t (a b : ℝ) (h₁ : 2 * a ^ 2 - 4 * a + 3 = 0) (h₂ : 2 * b ^ 2 - 4 * b + 3 = 0) (h₃ : a ≠ b) : "
    "a * b = 3 / 2",
    # the reciprocal sum: 1 / a + 1 / b = (a + b) / (a b) = 5 / 3
    "theorem t (a b : ℝ) (f : ℝ → ℝ) (h₀ : ∀ x, f x = 3 * x ^ 2 - 5 * x + 3) (h₁ : f a = 0 ∧ f b = 0) "
    "(h₃ : a ≠ b) : 1 / a + 1 / b = 5 / 3",
])
def test_vieta_scripts_certify(text):
    goal, lines = _vieta(text)
    assert lines, text
    assert any("mul_left_cancel₀ (sub_ne_zero.mpr" in line for line in lines)
    assert certify(goal, "\n".join(lines)).ok


def test_vieta_needs_distinct_roots():
    """Without `a ≠ b` (a double root is allowed) nothing is derived."""
    _, lines = _vieta("theorem t (a b : ℝ) (h₁ : a ^ 2 - 4 * a + 3 = 0) (h₂ : b ^ 2 - 4 * b + 3 = 0) "
                      "(h₃ : a ≤ b) : a + b = 4", 3.0)
    assert lines is None


def test_mul_left_cancel_needs_the_nonzero_factor():
    """The kernel refuses the cancellation with a hypothesis that is not `a - b ≠ 0`'s source."""
    text = ("theorem t (a b c : ℝ) (h₁ : a ^ 2 - 4 * a + 3 = 0) (h₂ : b ^ 2 - 4 * b + 3 = 0) (h₃ : a ≠ c) "
            "(hkey : (a - b) * (a + b - 4) = (a - b) * 0) : a + b - 4 = 0")
    assert not certify(load_theorem(text).goal, "exact mul_left_cancel₀ (sub_ne_zero.mpr h₃) hkey").ok
    ok = text.replace("(h₃ : a ≠ c)", "(h₃ : a ≠ b)")
    assert certify(load_theorem(ok).goal, "exact mul_left_cancel₀ (sub_ne_zero.mpr h₃) hkey").ok


@settings(max_examples=10, deadline=None)
@given(st.integers(-6, 6), st.integers(-6, 6), st.integers(-8, 8))
def test_vieta_never_certifies_a_wrong_sum(b, c, s):
    """Roots of x² + b x + c with a ≠ b': a script for `a + b' = s` only when s = -b, or when
    the hypotheses are contradictory (no two distinct real roots: b² - 4c ≤ 0)."""
    text = (f"theorem t (a b' : ℝ) (h₁ : a ^ 2 + ({b}) * a + ({c}) = 0) (h₂ : b' ^ 2 + ({b}) * b' + ({c}) = 0) "
            f"(h₃ : a ≠ b') : a + b' = {s}")
    goal, lines = _vieta(text, 2.0)
    if lines:
        assert certify(goal, "\n".join(lines)).ok
        assert s == -b or b * b - 4 * c <= 0


def _quotient(text, seconds=6.0):
    from prover.search.quotients import quotient_leaf
    goal = load_theorem(text).goal
    return goal, quotient_leaf(goal, KernelChecker(), time.monotonic() + seconds, R)


@pytest.mark.parametrize("text, lemma", [
    ("theorem t (a b : ℝ) (ha : 0 < a) (hb : 0 < b) : a / (a + b) < 1", "div_lt_iff₀"),
    ("theorem t (x y : ℝ) (hx : 0 < x) (hy : 0 < y) : x / (x ^ 2 + x * y + y ^ 2 + 1) ≤ x", "div_le_iff₀"),
    ("theorem t (u : ℚ) (hu : 1 < u) : 1 / 2 ≤ u / (u + 1)", "le_div_iff₀"),
])
def test_quotient_scripts_certify(text, lemma):
    goal, lines = _quotient(text)
    assert lines and lemma in lines[-1], (text, lines)
    assert certify(goal, "\n".join(lines)).ok


def test_quotient_refused_on_nat_and_without_positive_denominator():
    _, lines = _quotient("theorem t (a b : ℕ) (ha : 0 < a) (hb : 0 < b) : a / (a + b) < 1", 3.0)
    assert lines is None   # ℕ division truncates: no div_lt_iff₀ (the goal is true, by other means)
    _, lines = _quotient("theorem t (a b : ℝ) (ha : 0 < a) : a / (a + b) < 1", 3.0)
    assert lines is None   # false (b = -a / 2 gives 2)


def _strict(text, seconds=6.0):
    from prover.search.strict_squares import strict_square_leaf
    goal = load_theorem(text).goal
    return goal, strict_square_leaf(goal, KernelChecker(), time.monotonic() + seconds, R)


def test_strict_squares_from_disequalities():
    goal, lines = _strict("theorem t (p q r : ℝ) (h₁ : p ≠ q) (h₂ : q ≠ r) : p * q + q * r + r * p < p ^ 2 + q ^ 2 + r ^ 2")
    assert lines and any("sub_ne_zero.mpr h₁" in x for x in lines)
    assert certify(goal, "\n".join(lines)).ok


def test_strict_squares_need_the_disequality():
    """`u - v ≠ 0` is stated from a hypothesis only: without `p ≠ q` the strict goal (false at
    p = q = r) gets nothing; positivity refuses `0 < (p - q) ^ 2` without `p - q ≠ 0`."""
    _, lines = _strict("theorem t (p q r : ℝ) (h₂ : q ≤ r) : p * q + q * r + r * p < p ^ 2 + q ^ 2 + r ^ 2", 3.0)
    assert lines is None
    text = "theorem t (p q : ℝ) (h : p ≤ q) : 0 < (p - q) ^ 2"
    assert not certify(load_theorem(text).goal, "positivity").ok
    ok = "theorem t (p q : ℝ) (h : p - q ≠ 0) : 0 < (p - q) ^ 2"
    assert certify(load_theorem(ok).goal, "positivity").ok


@settings(max_examples=8, deadline=None)
@given(st.integers(-3, 3), st.integers(-3, 3), st.integers(0, 3))
def test_strict_squares_never_certify_a_false_bound(b, c, k):
    """`u ≠ v ⊢ k < u^2 + b*u*v + c*v^2 - ...` style: a script only for a goal true for all u ≠ v
    (checked at sample points: the statement `k < (u - v) ^ 2 * m` holds for all u ≠ v iff k ≤ 0 < m)."""
    m = b * b + c + 1   # ≥ 1
    text = f"theorem t (u v : ℝ) (h : u ≠ v) : {k} < {m} * u ^ 2 - {2 * m} * u * v + {m} * v ^ 2"
    goal, lines = _strict(text, 2.0)
    if lines:
        assert certify(goal, "\n".join(lines)).ok
        assert k <= 0
