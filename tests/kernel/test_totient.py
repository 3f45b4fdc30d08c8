"""`Nat.totient n := #{a ∈ range n | n.Coprime a}` (Mathlib/Data/Nat/Totient.lean), a plain
definition: `decide +kernel` reduces it (n elements, each a GMP-accelerated `Nat.gcd`), within
the rule's enumeration limit; norm_num has no totient extension and plain `decide` does not
evaluate Finsets."""

import time
from math import gcd

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from prover.checkers.kernel_checker import KernelChecker, certify
from prover.kernel import CheckedStep, check
from prover.state import load_theorem


def phi(n: int) -> int:
    return sum(1 for a in range(n) if gcd(n, a) == 1)


def goal(text: str):
    return load_theorem(text, header="open Nat").goal


@settings(max_examples=20, deadline=None)
@given(n=st.integers(0, 400), delta=st.integers(-1, 1))
def test_decide_kernel_totient_matches_its_definition(n, delta):
    step = check(goal(f"theorem t : φ {n} = {max(phi(n) + delta, 0)}"), "decide +kernel")
    assert isinstance(step, CheckedStep) is (max(phi(n) + delta, 0) == phi(n))


def test_totient_edge_values():
    # φ 0 = 0 (range 0 is empty), φ 1 = 1 (gcd 1 0 = 1)
    assert isinstance(check(goal("theorem t : φ 0 = 0"), "decide +kernel"), CheckedStep)
    assert isinstance(check(goal("theorem t : φ 1 = 1"), "decide +kernel"), CheckedStep)
    assert not isinstance(check(goal("theorem t : φ 1 = 0"), "decide +kernel"), CheckedStep)


def test_totient_within_the_enumeration_limit_only():
    assert isinstance(check(goal("theorem t : φ 1000 = 400"), "decide +kernel"), CheckedStep)
    assert not isinstance(check(goal("theorem t : φ 1001 = 720"), "decide +kernel"), CheckedStep)
    # two totients share one budget
    assert not isinstance(check(goal("theorem t : φ 600 + φ 600 = 320"), "decide +kernel"), CheckedStep)


@pytest.mark.parametrize("tactic", ["norm_num", "decide", "simp", "rfl"])
def test_other_tactics_do_not_evaluate_totient(tactic):
    assert not certify(goal("theorem t : φ 15 = 8"), tactic).ok


def test_finder_substitutes_the_argument():
    from prover.search import reconstruct
    from prover.search.finset import finset_leaf
    g = goal("theorem t (n : ℕ) (h : n = 21) : φ n = 12")
    assert finset_leaf(g, KernelChecker(), time.monotonic() + 10, reconstruct) == ["subst h", "decide +kernel"]
    bad = goal("theorem t (n : ℕ) (h : n = 21) : φ n = 14")
    assert finset_leaf(bad, KernelChecker(), time.monotonic() + 10, reconstruct) is None
