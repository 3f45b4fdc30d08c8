"""`simp only [Nat.ModEq, Int.ModEq] at * <;> omega`: the congruences unfolded by their
definitions (`Nat.ModEq n a b := a % n = b % n`, `Int.ModEq n a b := a % n = b % n`), then
omega. Lean's omega alone does not unfold them; simp fails when nothing unfolds; only this
form is modelled. The decision agrees with brute force over a period of the modulus."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from prover.checkers.base import Closed
from prover.checkers.kernel_checker import KernelChecker, certify
from prover.kernel import CheckedStep, check
from prover.search.reconstruct import modeq_candidates
from prover.state import load_theorem

NAT_T = "simp only [Nat.ModEq] at * <;> omega"
INT_T = "simp only [Int.ModEq] at * <;> omega"
BOTH = "simp only [Nat.ModEq, Int.ModEq] at * <;> omega"


def accepted(text: str, tactic: str) -> bool:
    return isinstance(KernelChecker().apply(load_theorem(text).goal, tactic), Closed)


@pytest.mark.parametrize("text, tactic", [
    ("theorem t (n : ℕ) (h : n ≡ 3 [MOD 7]) : (2 * n + 1) % 7 = 0", NAT_T),
    ("theorem t (n : ℕ) (h : n % 7 = 3) : 2 * n + 1 ≡ 0 [MOD 7]", NAT_T),
    ("theorem t (x : ℤ) (h : 4 * x ≡ 0 [ZMOD 10]) : x ≡ 0 [ZMOD 5]", INT_T),
    ("theorem t (x : ℤ) (h : x ≡ 1 [ZMOD 4]) : x ≡ 1 [ZMOD 2]", BOTH),   # an unused name is only a linter warning
    ("theorem t (p : ℕ) (h₁ : p ≡ 2 [ZMOD 3]) (h₂ : p ≡ 1 [ZMOD 4]) : 12 ∣ p + 7", INT_T),
    ("theorem t (a b c : ℤ) (h₁ : a ≡ b [ZMOD 9]) (h₂ : b ≡ c [ZMOD 9]) : a ≡ c [ZMOD 9]", INT_T),
])
def test_lean_proves(text, tactic):
    assert accepted(text, tactic)


@pytest.mark.parametrize("text, tactic", [
    ("theorem t (n : ℕ) (h : n ≡ 3 [MOD 7]) : (2 * n + 1) % 7 = 0", "omega"),       # omega alone: ModEq is opaque
    ("theorem t (x : ℤ) (h : 4 * x ≡ 0 [ZMOD 10]) : x ≡ 0 [ZMOD 5]", "omega"),
    ("theorem t (x : ℤ) (h : 4 * x ≡ 0 [ZMOD 10]) : x ≡ 0 [ZMOD 5]", NAT_T),         # nothing of that kind: no progress
    ("theorem t (n : ℕ) (h : n % 7 = 3) : (2 * n + 1) % 7 = 0", NAT_T),             # no ≡ at all: simp fails
    ("theorem t (n : ℕ) (h : n ≡ 3 [MOD 7]) : (2 * n + 1) % 7 = 1", NAT_T),         # false (n = 3)
    ("theorem t (x : ℤ) (h : 4 * x ≡ 0 [ZMOD 10]) : x ≡ 0 [ZMOD 10]", INT_T),       # false (x = 5)
    ("theorem t (n : ℕ) (h : n ≡ 3 [MOD 7]) : (2 * n + 1) % 7 = 0", "simp only [Nat.ModEq] at h <;> omega"),
    ("theorem t (n : ℕ) (h : n ≡ 3 [MOD 7]) : (2 * n + 1) % 7 = 0", "simp [Nat.ModEq] at * <;> omega"),
    ("theorem t (n : ℕ) (h : n ≡ 3 [MOD 7]) : (2 * n + 1) % 7 = 0", "simp only [Nat.ModEq, Nat.add_mod] at * <;> omega"),
    ("theorem t (n : ℕ) (h : n ≡ 3 [MOD 7]) : (2 * n + 1) % 7 = 0", "simp only [Nat.ModEq] at * <;> linarith"),
    ("theorem t (x : ℤ) (h : x ^ 2 ≡ 1 [ZMOD 8]) : x % 2 = 1", INT_T),              # true, but x ^ 2 is an atom
])
def test_lean_refuses(text, tactic):
    assert not accepted(text, tactic)


def test_cache_does_not_conflate_written_and_congruence():
    """Goals compare equal without positions: `a % n = b % n` written out and `a ≡ b [MOD n]`.
    A checker that proved the first by omega must still refuse omega on the second."""
    checker = KernelChecker()
    written = load_theorem("theorem t (n : ℕ) (h : n % 7 = 3 % 7) : (2 * n + 1) % 7 = 0").goal
    congruence = load_theorem("theorem t (n : ℕ) (h : n ≡ 3 [MOD 7]) : (2 * n + 1) % 7 = 0").goal
    assert written == congruence   # the reason for the key
    assert isinstance(checker.apply(written, "omega"), Closed)
    assert not isinstance(checker.apply(congruence, "omega"), Closed)
    assert isinstance(checker.apply(congruence, NAT_T), Closed)


def test_after_intro_and_interval_cases():
    g = load_theorem("theorem t : ∀ x : ℤ, 2 * x ≡ 0 [ZMOD 6] → x ≡ 0 [ZMOD 6] ∨ x ≡ 3 [ZMOD 6]").goal
    assert certify(g, "intro x hx\n" + INT_T).ok
    assert not certify(g, "intro x hx\nomega").ok
    g = load_theorem("theorem t (x : ℕ) (h₀ : x < 5) (h : 3 * x ≡ 2 [MOD 5]) : x = 4").goal
    assert not certify(g, "interval_cases x <;> omega").ok   # the substituted ≡ stays opaque
    assert certify(g, "interval_cases x <;> " + NAT_T).ok


def test_reconstruction_lists_the_kinds_present():
    g = load_theorem("theorem t (p : ℕ) (h₁ : p ≡ 2 [ZMOD 3]) : p % 3 = 2").goal
    assert modeq_candidates(g) == [INT_T]
    assert modeq_candidates(load_theorem("theorem t (p : ℕ) (h₁ : p % 3 = 2) : p % 3 = 2").goal) == []


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(["MOD", "ZMOD"]), st.integers(1, 12), st.integers(0, 20), st.integers(0, 20),
       st.integers(0, 20), st.integers(2, 12))
def test_agrees_with_brute_force(kind, n, c, r, s, m):
    """`c * x ≡ r [MOD n] → x ≡ s [MOD m]` is accepted exactly when it holds for every x in a
    period of lcm(n, m) (ℤ: Int.emod, nonnegative for a positive modulus)."""
    ty = "ℕ" if kind == "MOD" else "ℤ"
    text = f"theorem t (x : {ty}) (h : {c} * x ≡ {r} [{kind} {n}]) : x ≡ {s} [{kind} {m}]"
    period = n * m
    xs = range(0, period) if ty == "ℕ" else range(-period, period)
    truth = all((x % m) == (s % m) for x in xs if (c * x) % n == r % n)
    tactic = NAT_T if kind == "MOD" else INT_T
    assert accepted(text, tactic) == truth
    assert not isinstance(check(load_theorem(text).goal, "omega"), CheckedStep)   # never without unfolding
