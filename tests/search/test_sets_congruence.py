"""Membership-defined Finsets whose predicate is bounded by a congruence between literals:
`a ≡ b [MOD n]` (a ≠ b) fails for every n above both, since `Nat.mod_eq_of_lt` makes both
remainders the literals themselves (`prover.search.sets._bound_tactics`)."""

import time
from fractions import Fraction

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from prover.checkers.base import Rejected
from prover.checkers.kernel_checker import KernelChecker, certify
from prover.search.sets import sets_leaf
from prover.state import load_theorem


def _members(a: int, b: int, c: int, d: int) -> list[int]:
    return [n for n in range(2, max(a, b, c, d) + 2) if a % n == b % n and c % n == d % n]


@settings(max_examples=6, deadline=None)
@given(a=st.integers(20, 90), b=st.integers(1, 19), c=st.integers(20, 200), d=st.integers(1, 19), off=st.integers(0, 1))
@example(a=60, b=11, c=150, d=3, off=0)
def test_congruence_bounded_sum(a, b, c, d, off):
    total = sum(_members(a, b, c, d)) + off
    stmt = (f"theorem t (S : Finset ℕ) (h₀ : ∀ n : ℕ, n ∈ S ↔ 2 ≤ n ∧ {a} ≡ {b} [MOD n] ∧ {c} ≡ {d} [MOD n]) : "
            f"(∑ k ∈ S, k) = {total}")
    g = load_theorem(stmt).goal
    lines = sets_leaf(g, KernelChecker(), time.monotonic() + 20)
    assert (lines is not None) is (off == 0)
    if lines:
        assert "Nat.mod_eq_of_lt" in lines[0] and certify(g, "\n".join(lines)).ok


@pytest.mark.parametrize("script,accepted", [
    ("exact Nat.mod_eq_of_lt h", True),
    ("exact Nat.mod_eq_of_lt (by omega : 17 < n)", True),
    ("exact Nat.mod_eq_of_lt (by omega : 18 < n)", False),   # 18 < n does not follow from 17 < n
])
def test_mod_eq_of_lt(script, accepted):
    g = load_theorem("theorem t (n : ℕ) (h : 17 < n) : 17 % n = 17").goal
    assert certify(g, script).ok is accepted


def test_mod_eq_of_lt_needs_the_strict_bound():
    g = load_theorem("theorem t (n : ℕ) (h : 17 ≤ n) : 17 % n = 17").goal   # false at n = 17
    assert not certify(g, "exact Nat.mod_eq_of_lt h").ok


# ------------------------------------------------------------------ √n between rational literals

def _sqrt_members(lo: Fraction, hi: Fraction) -> list[int]:
    return [n for n in range(400) if lo * lo < n < hi * hi]   # lo < √n < hi


@settings(max_examples=6, deadline=None)
@given(lo=st.fractions(Fraction(1, 2), 6, max_denominator=4), width=st.fractions(Fraction(1, 2), 5, max_denominator=3),
       off=st.integers(0, 1))
@example(lo=Fraction(2), width=Fraction(3, 2), off=0)
def test_sqrt_bounded_card(lo, width, off):
    hi = lo + width
    card = len(_sqrt_members(lo, hi)) + off

    def lit(q: Fraction) -> str:
        return str(q.numerator) if q.denominator == 1 else f"{q.numerator} / {q.denominator}"
    stmt = (f"theorem t (S : Finset ℕ) (h₀ : ∀ n : ℕ, n ∈ S ↔ Real.sqrt n < {lit(hi)} ∧ {lit(lo)} < Real.sqrt n) : "
            f"S.card = {card}")
    g = load_theorem(stmt).goal
    lines = sets_leaf(g, KernelChecker(), time.monotonic() + 20)
    assert (lines is not None) is (off == 0)
    if lines:
        assert "Real.sqrt_lt'" in lines[0] and certify(g, "\n".join(lines)).ok


@pytest.mark.parametrize("literal,accepted", [("7 / 2", True), ("4 / 2", False), ("2 + 3", False)])
def test_set_simp_leaves_only_normal_literals(literal, accepted):
    # simp's default simprocs reduce ℕ/ℤ literal arithmetic; a field fraction in lowest terms is
    # already a normal form (nothing rewrites it); anything else stays refused as unmodelled
    g = load_theorem(f"theorem t (S : Finset ℕ) (h₀ : ∀ n : ℕ, n ∈ S ↔ (n : ℝ) < {literal}) : "
                     "S = Finset.filter (fun n => n < 4) (Finset.range 4)").goal
    checker = KernelChecker()
    after_ext = checker.apply(g, "ext n").goals[0]
    r = checker.apply(after_ext, "simp only [Finset.mem_filter, Finset.mem_range, h₀]")
    assert (not isinstance(r, Rejected)) is accepted


def test_sqrt_lemma_signatures():
    g = load_theorem("theorem t (x : ℝ) (h : Real.sqrt x < 3) : x < 3 ^ 2").goal
    assert certify(g, "exact (Real.sqrt_lt' (by norm_num : (0 : ℝ) < 3)).mp h").ok
    assert not certify(g, "exact (Real.sqrt_lt' (by norm_num : (0 : ℝ) < 3)).mpr h").ok
    g = load_theorem("theorem t (x : ℝ) (h : 2 < Real.sqrt x) : 2 ^ 2 < x").goal
    assert certify(g, "exact (Real.lt_sqrt (by norm_num : (0 : ℝ) ≤ 2)).mp h").ok
    # `Real.lt_sqrt` needs 0 ≤ x: at x = -3, -3 < √y holds for every y while 9 < y does not
    g = load_theorem("theorem t (y : ℝ) (h : -3 < Real.sqrt y) : (-3) ^ 2 < y").goal
    assert not certify(g, "exact (Real.lt_sqrt (by norm_num : (0 : ℝ) ≤ -3)).mp h").ok
