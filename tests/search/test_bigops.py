"""Closed forms of ℕ sums over long literal ranges (prover/search/bigops.py) and the
`zero_mul`/`mul_zero` rewrite rows it uses."""

import time

from hypothesis import given, settings
from hypothesis import strategies as st

from prover.checkers.base import Closed
from prover.checkers.kernel_checker import KernelChecker, certify
from prover.search.bigops import _interpolate, closed_form_sums_leaf
from prover.state import load_theorem


def leaf(stmt: str):
    return closed_form_sums_leaf(load_theorem(stmt).goal, KernelChecker(), time.monotonic() + 30)


def test_two_sums_with_local_functions_and_truncated_subtraction():
    stmt = ("theorem t (a b : ℕ → ℕ) (ha : ∀ i, a i = 4 * i + 3) (hb : ∀ i, b i = 2 * i + 1) :"
            " (∑ j ∈ Finset.range 1500, a j) - ∑ j ∈ Finset.range 1500, b j = 1500 * 1500 + 1500")
    lines = leaf(stmt)
    assert lines is not None
    assert lines[-1] == "omega"
    assert "rw [Finset.sum_range_succ, ih, ha]" in "\n".join(lines)


def test_wrong_value_refused():
    assert leaf("theorem t (a : ℕ → ℕ) (ha : ∀ i, a i = 4 * i + 3) : ∑ j ∈ Finset.range 1500, a j = 4500001") is None


def test_function_without_definition_declined():
    assert leaf("theorem t (a : ℕ → ℕ) (ha : a 0 = 3) : ∑ j ∈ Finset.range 1500, a j = 4500") is None


def test_non_integer_coefficients_declined():
    # ∑ k < n, k = n (n - 1) / 2: no ℕ polynomial m * Q(m) with ℕ coefficients
    assert leaf("theorem t : ∑ k ∈ Finset.range 2000, k = 1999000") is None


def test_goal_without_literal_range_declined_at_once():
    t = time.monotonic()
    assert leaf("theorem t (n : ℕ) : ∑ k ∈ Finset.range n, (2 * k + 1) = n ^ 2") is None
    assert time.monotonic() - t < 0.05


def test_zero_mul_row_rewrites_and_refuses_absent_pattern():
    checker = KernelChecker()
    g = load_theorem("theorem t (x : ℕ) : 0 * (x + 1) = 0").goal
    assert certify(g, "rw [zero_mul]", checker).ok
    g2 = load_theorem("theorem t (x : ℝ) : x * 0 = 0").goal
    assert certify(g2, "rw [mul_zero]", checker).ok
    g3 = load_theorem("theorem t (x : ℝ) : x * 1 = x").goal
    assert not certify(g3, "rw [mul_zero]", checker).ok
    g4 = load_theorem("theorem t (x : ℤ) : 0 * x = 1").goal
    assert not certify(g4, "rw [zero_mul]", checker).ok


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 5), st.integers(0, 5), st.integers(1, 3), st.integers(-3, 3), st.integers(300, 2500))
def test_never_certifies_a_wrong_total(a, b, degree, offset, n):
    """The leaf proves `∑ k < n, (a * k ^ d + b) = s` exactly when s is the true total."""
    body = f"{a} * k ^ {degree} + {b}"
    true_total = sum(a * k ** degree + b for k in range(n))
    claimed = true_total + offset
    if claimed < 0:
        return
    lines = leaf(f"theorem t : ∑ k ∈ Finset.range {n}, ({body}) = {claimed}")
    if offset != 0:
        assert lines is None
    elif lines is not None:
        assert certify(load_theorem(f"theorem t : ∑ k ∈ Finset.range {n}, ({body}) = {claimed}").goal,
                       "\n".join(lines), KernelChecker()).ok


@given(st.lists(st.integers(-20, 20), min_size=1, max_size=5))
def test_interpolation_recovers_polynomials(coeffs):
    from fractions import Fraction
    ys = [Fraction(sum(c * x ** j for j, c in enumerate(coeffs))) for x in range(len(coeffs))]
    got = _interpolate(ys)
    trimmed = list(coeffs)
    while len(trimmed) > 1 and trimmed[-1] == 0:
        trimmed.pop()
    assert got == [Fraction(c) for c in trimmed]


def test_prove_reaches_the_finder_through_reconstruction():
    from prover.api import prove
    r = prove("theorem t (p q : ℕ → ℕ) (hp : ∀ n, p n = 4 * n + 3) (hq : ∀ n, q n = 2 * n + 1) :"
              " (∑ i ∈ Finset.range 1700, p i) - ∑ i ∈ Finset.range 1700, q i = 2891700", timeout=10)
    assert r.describe().startswith("checked")
    assert "Finset.sum_range_succ" in r.to_lean()
