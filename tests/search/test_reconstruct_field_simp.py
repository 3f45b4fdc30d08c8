"""Reconstruction of division goals with `field_simp <;> ring` (prover/search/reconstruct.py,
`field_simp_leaf`): the scripts it proposes replay through the kernel."""

import time

import pytest

from prover.checkers.kernel_checker import KernelChecker, certify
from prover.search.reconstruct import field_simp_leaf, reconstruct_leaf
from prover.state import load_theorem

CASES = [
    # an identity once cleared
    ("theorem t (x : ℝ) (hx : 0 < x) : (x ^ 2 - 1) / (x + 1) = x - 1", 1),
    # cleared, then the hypothesis by `linear_combination hfield + (e) / (D)`
    ("theorem t (x y : ℝ) (h₀ : x ≠ 0) (h₁ : y ≠ 0) (h₂ : x + y = 4 * (x * y)) : 1 / x + 1 / y = 4", 3),
    # the nonzero facts inside a conjunction are split first
    ("theorem t (a b : ℝ) (h₀ : a ≠ 0 ∧ b ≠ 0) (h₁ : a * b = a - b) : a / b + b / a - a * b = 2", 4),
]


@pytest.mark.parametrize("statement,n_lines", CASES)
def test_field_simp_scripts_replay_through_the_kernel(statement, n_lines):
    goal = load_theorem(statement).goal
    leaf = reconstruct_leaf(goal, "nlinarith", "z3", time.monotonic() + 10)
    assert not leaf.missing and len(leaf.lines) == n_lines, leaf.lines
    assert any("field_simp <;> ring" in line for line in leaf.lines)
    cert = certify(goal, "\n".join(leaf.lines))
    assert cert.ok and "field_simp" in cert.rules, cert.message


def test_no_field_simp_script_without_the_nonzero_hypothesis():
    """`1 / x + 1 / y = 4` from `x + y = 4xy` alone is false at x = y = 0 (Lean: 0 + 0 ≠ 4)."""
    goal = load_theorem("theorem t (x y : ℝ) (h₂ : x + y = 4 * (x * y)) : 1 / x + 1 / y = 4").goal
    assert field_simp_leaf(goal, KernelChecker(), time.monotonic() + 5) is None


INEQUALITIES = [
    "theorem t (a b : ℝ) (ha : 0 < a) (hb : 0 < b) : a / b + b / a ≥ 2",
    "theorem t (a b : ℝ) (ha : 0 < a) (hb : 0 < b) : 4 / (a + b) ≤ 1 / a + 1 / b",
    "theorem t (x : ℝ) (hx : 0 < x) : x / (x + 1) < 1",
]


@pytest.mark.parametrize("statement", INEQUALITIES)
def test_inequalities_cleared_then_positivity_and_linarith(statement):
    goal = load_theorem(statement).goal
    lines = field_simp_leaf(goal, KernelChecker(), time.monotonic() + 10)
    assert lines and lines[-1] == "linarith" and "positivity" in lines[-2], lines
    assert certify(goal, "\n".join(lines)).ok


def test_no_inequality_script_when_the_denominator_sign_is_unknown():
    """`x + 1 / x ≥ 2` is false for x < 0 (and at x = 0, where 1 / 0 = 0)."""
    goal = load_theorem("theorem t (x : ℝ) (hx : x ≠ 0) : x + 1 / x ≥ 2").goal
    assert field_simp_leaf(goal, KernelChecker(), time.monotonic() + 5) is None


def test_a_nonzero_factor_is_proved_first_when_the_context_implies_it():
    """`1 < a` is not `a - 1 ≠ 0` for field_simp's discharger; `have hne : a - 1 ≠ 0 := by
    linarith` is, and then the denominator is cleared."""
    goal = load_theorem("theorem t (a b : ℝ) (h : 1 < a) (hb : b = 2 * a - 2) : b / (a - 1) = 2").goal
    lines = field_simp_leaf(goal, KernelChecker(), time.monotonic() + 10)
    assert lines and lines[0] == "have hne : a - 1 ≠ 0 := by linarith", lines
    assert certify(goal, "\n".join(lines)).ok
