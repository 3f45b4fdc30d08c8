"""Reconstruction with division equations among the hypotheses (prover/search/reconstruct.py,
`division_leaf`): denominators cleared by `div_eq_iff`/`eq_div_iff`/`div_eq_div_iff` (or a
field_simp identity) with their nonzero facts; every script replays through the kernel."""

import time

import pytest

from prover.checkers.kernel_checker import KernelChecker, certify
from prover.search.reconstruct import division_leaf, reconstruct_leaf
from prover.state import load_theorem

CASES = [
    # a / b = c with b ≠ 0 from u ≠ v (`sub_ne_zero.mpr`)
    ("theorem t (y : ℝ) (h₀ : y ≠ 4) (h₁ : (2 * y + 1) / (y - 4) = 3) : y = 13", "div_eq_iff"),
    # a / b = c / d, one nonzero fact by `intro` + `exact h (by linarith)`
    ("theorem t (x : ℚ) (h₀ : x ≠ 2) (h₁ : x ≠ -3) (h₂ : (x + 4) / (x - 2) = (x + 1) / (x + 3)) : x = -7 / 4",
     "div_eq_div_iff"),
    # c = a / b
    ("theorem t (p q : ℝ) (h₀ : q ≠ 0) (h₁ : p = (q ^ 2 + 3 * q) / q) : p * q = q ^ 2 + 3 * q", "eq_div_iff"),
    # a sum of fractions: the field_simp identity, then `div_eq_iff`
    ("theorem t (z : ℝ) (h₀ : z ≠ 0) (h₁ : 4 - 3 / z = 5 / z) : z = 2", "field_simp"),
    # the denominator positive by positivity, the goal a / b = c by `(div_eq_iff hb).mpr`
    ("theorem t (u v : ℝ) (h₀ : u ≠ v) (h₁ : u ≠ 3 * v) (h₂ : (2 * u + v) / (u - 3 * v) = 3) :"
     " (u + 8 * v) / (u - v) = 2", "mpr"),
    # after clearing, a nonzero factor cancelled (`mul_left_cancel₀`) or split off (`mul_eq_zero`)
    ("theorem t (a b : ℝ) (h₀ : a ≠ 0) (h₁ : b ≠ 0) (h₂ : a ≠ b) (h₃ : a + 6 / a = b + 6 / b) : a * b = 6",
     "mul_left_cancel₀|mul_eq_zero"),
]


@pytest.mark.parametrize("statement,used", CASES)
def test_division_scripts_replay_through_the_kernel(statement, used):
    goal = load_theorem(statement).goal
    lines = division_leaf(goal, KernelChecker(), time.monotonic() + 10)
    assert lines, statement
    script = "\n".join(lines)
    assert any(u in script for u in used.split("|")), script
    cert = certify(goal, script)
    assert cert.ok, cert.message
    leaf = reconstruct_leaf(goal, "nlinarith", "z3", time.monotonic() + 10)
    assert not leaf.missing and certify(goal, "\n".join(leaf.lines)).ok


@pytest.mark.parametrize("statement", [
    # ℕ and ℤ division truncates: nothing to clear with these lemmas
    "theorem t (n : ℕ) (h₀ : n ≠ 0) (h₁ : 12 / n = 3) : n = 4",
    "theorem t (n : ℤ) (h₀ : 0 < n) (h₁ : 12 / n = 3) : n = 4",
    # no nonzero fact for the denominator can be proved (it may be 0, where 5 / 0 = 0)
    "theorem t (x : ℝ) (h₁ : 5 / x = 0) (h₂ : 0 ≤ x) : x = 0",
])
def test_nothing_to_clear_is_refused(statement):
    assert division_leaf(load_theorem(statement).goal, KernelChecker(), time.monotonic() + 5) is None


def test_product_denominator_and_conjunction_of_facts():
    goal = load_theorem("theorem t (x : ℝ) (h₀ : x ≠ 1 ∧ x ≠ -2) (h₁ : 6 / ((x - 1) * (x + 2)) = 3) :"
                        " x ^ 2 + x = 4").goal
    lines = division_leaf(goal, KernelChecker(), time.monotonic() + 10)
    assert lines and lines[0].startswith("obtain"), lines
    assert certify(goal, "\n".join(lines)).ok


def test_cofactors_over_inverse_atoms():
    """Divisions with no nonzero fact stay as `b⁻¹` atoms for the cofactor finder (ring's view:
    `1 / x + -1 / x = 0` needs no `x ≠ 0`)."""
    from prover.search.reconstruct import linear_combination_candidates
    goal = load_theorem("theorem t (x : ℝ) (p q : ℝ → ℝ) (hp : p x = 2 / x) (hq : q x = -2 / x) :"
                        " p x + q x = 0").goal
    found = linear_combination_candidates(goal, budget_s=3)
    assert found and certify(goal, found[0]).ok, found


def test_field_simp_goal_with_a_nonzero_fact_from_a_disequality():
    goal = load_theorem("theorem t (w : ℝ) (h₀ : w ≠ 0) (h₁ : w ≠ 5) :"
                        " 1 / w + 1 / (w - 5) = (2 * w - 5) / (w * (w - 5))").goal
    leaf = reconstruct_leaf(goal, "nlinarith", "z3", time.monotonic() + 10)
    assert not leaf.missing and "sub_ne_zero.mpr h₁" in leaf.lines[0], leaf.lines
    assert certify(goal, "\n".join(leaf.lines)).ok
