"""Membership-defined Finsets whose predicate is bounded by a congruence between literals:
`a ≡ b [MOD n]` (a ≠ b) fails for every n above both, since `Nat.mod_eq_of_lt` makes both
remainders the literals themselves (`prover.search.sets._bound_tactics`)."""

import time

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

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
