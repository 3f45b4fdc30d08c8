"""`√X ≤ √Y` facts for a comparison with roots beside other terms (`surds.sqrt_pair_leaf`)."""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from prover.checkers.kernel_checker import KernelChecker
from prover.checkers.replay import replay
from prover.search import reconstruct
from prover.search.surds import _degree, monotone_leaf, sqrt_pair_leaf, surd_product_leaf
from prover.state import load_theorem


def _leaf(statement, seconds=10):
    g = load_theorem(statement).goal
    return g, sqrt_pair_leaf(g, KernelChecker(), time.monotonic() + seconds, reconstruct, "z3")


def test_roots_beside_constants():
    g, lines = _leaf("theorem t (a b : ℝ) (ha : 0 < a) (hb : 0 < b) (h : a ^ 2 + a * b + b ^ 2 = 1) : "
                     "Real.sqrt (a + b) + 1 ≤ Real.sqrt 2 + 1")
    assert lines and any("Real.sqrt_le_sqrt" in x for x in lines)
    assert replay(g, "\n".join(lines), checker=KernelChecker()).ok


@pytest.mark.parametrize("statement", [
    # a = b = 1/√3: a + b > 1
    "theorem t (a b : ℝ) (ha : 0 < a) (hb : 0 < b) (h : a ^ 2 + a * b + b ^ 2 = 1) : Real.sqrt (a + b) + 1 ≤ Real.sqrt 1 + 1",
    # x = -4: √x = 0 (Lean's √ of a negative), and √x ≤ √y needs x ≤ y only where x ≥ 0: y = -1
    "theorem t (x y : ℝ) (h : y ≤ x) : Real.sqrt x + 1 ≤ Real.sqrt y + 1",
])
def test_false_comparisons_are_refused(statement):
    assert _leaf(statement, 6)[1] is None


def test_other_shapes_decline_at_once():
    t = time.monotonic()
    assert _leaf("theorem t (x : ℝ) (h : 0 ≤ x) : x + 1 ≤ x + 2")[1] is None
    assert _leaf("theorem t (x : ℝ) (h : 0 ≤ x) : Real.sqrt x ≤ Real.sqrt (x + 1)")[1] is None   # monotone_leaf's
    assert time.monotonic() - t < 0.5


@settings(max_examples=6, deadline=None)
@given(st.integers(0, 9), st.integers(0, 9), st.integers(-3, 3))
def test_proved_exactly_when_true(c, d, k):
    """`0 ≤ x ≤ c ⊢ √x + k ≤ √d + k` holds iff c ≤ d (x = c is the worst case): the finder's
    script exists only then."""
    g, lines = _leaf(f"theorem t (x : ℝ) (h₀ : 0 ≤ x) (h₁ : x ≤ {c}) : Real.sqrt x + {k} ≤ Real.sqrt {d} + {k}", 6)
    if c > d:
        assert lines is None
    elif lines is not None:
        assert replay(g, "\n".join(lines), checker=KernelChecker()).ok


# -- `surd_product_leaf`: AM-GM squares beside a hypothesis `√A * B = C` ----------------------

def _product(statement, seconds=10):
    g = load_theorem(statement).goal
    return g, surd_product_leaf(g, KernelChecker(), time.monotonic() + seconds, reconstruct, "z3")


@pytest.mark.parametrize("statement", [
    "theorem t (a b : ℝ) (h₀ : 0 < a ∧ 0 < b) (h : Real.sqrt (a * b) * (a - b) = 3 * (a + b)) : a + b ≥ 12",
    "theorem t (p q : ℝ) (hp : 0 < p) (hq : 0 < q) (h : (p - q) * Real.sqrt (p * q) = p + q) : 4 ≤ p + q",
])
def test_amgm_squares_close(statement):
    g, lines = _product(statement)
    assert lines and any("sq_nonneg" in x for x in lines)
    assert replay(g, "\n".join(lines), checker=KernelChecker()).ok


@settings(max_examples=5, deadline=None)
@given(st.integers(1, 3), st.integers(1, 20))
def test_amgm_bound_proved_only_when_true(c, m):
    """`√(ab)(a - b) = c(a + b)` gives a + b ≥ 4c, attained (a - b = 2√(ab)): a bound m is
    proved only when m ≤ 4c."""
    g, lines = _product(f"theorem t (a b : ℝ) (ha : 0 < a) (hb : 0 < b) "
                        f"(h : Real.sqrt (a * b) * (a - b) = {c} * (a + b)) : a + b ≥ {m}", 6)
    if m > 4 * c:
        assert lines is None
    elif lines is not None:
        assert replay(g, "\n".join(lines), checker=KernelChecker()).ok


# -- `monotone_leaf` with a high-degree premise: the SOS/psatz finder first --------------------

def test_cauchy_schwarz_premise_by_sum_of_squares():
    g = load_theorem("theorem t (p q r s : ℝ) : p * r + q * s ≤ Real.sqrt ((p ^ 2 + q ^ 2) * (r ^ 2 + s ^ 2))").goal
    lines = monotone_leaf(g, KernelChecker(), time.monotonic() + 10, reconstruct, "z3")
    assert lines and "Real.le_sqrt_of_sq_le" in lines[-1]
    assert replay(g, "\n".join(lines), checker=KernelChecker()).ok


def test_cauchy_schwarz_off_by_one_is_refused():
    g = load_theorem("theorem t (p q r s : ℝ) : p * r + q * s + 1 ≤ Real.sqrt ((p ^ 2 + q ^ 2) * (r ^ 2 + s ^ 2))").goal
    assert monotone_leaf(g, KernelChecker(), time.monotonic() + 6, reconstruct, "z3") is None


def test_degree_reads_polynomials_only():
    t = load_theorem("theorem t (x y : ℝ) : (x * y + 1) ^ 3 - x ≤ Real.sqrt x").goal.target
    assert _degree(t.args[0]) == 6 and _degree(t.args[1]) is None


def test_roots_under_binders_are_left_alone():
    t = time.monotonic()
    g, lines = _leaf("theorem t (n : ℕ) (a b : ℕ → ℝ) (h : ∀ i, 0 ≤ a i ∧ a i ≤ b i) : "
                     "∑ k in Finset.range n, Real.sqrt (a k) + 1 ≤ ∑ k in Finset.range n, Real.sqrt (b k) + 1", 6)
    assert lines is None and time.monotonic() - t < 1.0
