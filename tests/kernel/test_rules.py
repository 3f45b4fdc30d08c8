"""Rule-level tests: each with a case Lean accepts and its refused twin."""

import pytest

from prover.kernel import CheckedStep, Refused, check
from prover.kernel.terms import alpha_equal, canonical
from prover.state import load_theorem


def verdict(text, tactic):
    r = check(load_theorem(text).goal, tactic)
    return "accept" if isinstance(r, CheckedStep) else "refuse"


@pytest.mark.parametrize("text, tactic, expected", [
    # linarith: ℕ facts cast to ℤ with nonnegative atoms; ℕ subtraction stays an atom
    ("theorem t (a b : ℕ) (h : a + b = 3) : a ≤ 3", "linarith", "accept"),
    ("theorem t (a b : ℤ) (h : a + b = 3) : a ≤ 3", "linarith", "refuse"),
    ("theorem t (a : ℕ) (h : a - 1 = 2) : a = 3", "linarith", "refuse"),
    # only comparisons: ↔ and ∀ hypotheses do not count, a ¬≤ hypothesis does
    ("theorem t (x : ℝ) (h : ¬ x ≤ 1) : 1 < x", "linarith", "accept"),
    ("theorem t (x : ℝ) (h : ¬ x = 1) (h2 : 1 ≤ x) : 1 < x", "linarith", "refuse"),
    # nlinarith multiplies hypotheses pairwise, nothing more
    ("theorem t (a b : ℝ) (ha : 0 ≤ a) (hb : 0 ≤ b) : 0 ≤ a * b", "nlinarith", "accept"),
    ("theorem t (a b c : ℝ) (ha : 0 ≤ a) (hb : 0 ≤ b) (hc : 0 ≤ c) : 0 ≤ a * b * c", "nlinarith", "refuse"),
    # positivity: syntax plus hypotheses about the very subterm
    ("theorem t (x : ℝ) (hx : 0 < x) : 0 < x / (x + 1)", "positivity", "accept"),
    ("theorem t (x : ℝ) (hx : 0 < x) : 0 < x / (x - 1)", "positivity", "refuse"),
    # decide: literal arithmetic only
    ("theorem t : (7 : ℤ) % -3 = 1", "decide", "accept"),
    ("theorem t : (7 : ℤ) % -3 = -2", "decide", "refuse"),
    ("theorem t : ∑ i ∈ Finset.range 4, i = 6", "decide", "refuse"),
    ("theorem t : ∑ i ∈ Finset.range 4, i = 6", "norm_num", "accept"),
    ("theorem t : ∑ i ∈ Finset.range 4, i = 7", "norm_num", "refuse"),
    # rfl: α-equivalent sides
    ("theorem t (f : ℕ → ℕ) : ∑ i ∈ Finset.range 3, f i = ∑ j ∈ Finset.range 3, f j", "rfl", "accept"),
    ("theorem t (f : ℕ → ℕ) : ∑ i ∈ Finset.range 3, f i = ∑ j ∈ Finset.range 4, f j", "rfl", "refuse"),
    # ring: over ℕ, truncated subtraction and division are atoms; field inverses of monomials distribute
    ("theorem t (a b : ℕ) : (a - b) * 2 = 2 * (a - b)", "ring", "accept"),
    ("theorem t (a b : ℕ) : (a + b) - b = a", "ring", "refuse"),
    ("theorem t (x y : ℝ) : (x * y)⁻¹ = x⁻¹ * y⁻¹", "ring", "accept"),
    ("theorem t (x y : ℝ) : (x + y)⁻¹ = x⁻¹ + y⁻¹", "ring", "refuse"),
    # hint terms: exact lemma statements, premises matched against hypotheses
    ("theorem t (a b : ℝ) (h1 : 1 < a) (h2 : 1 < b) : a + b < 1 + a * b", "linarith [mul_pos (sub_pos.mpr h1) (sub_pos.mpr h2)]", "accept"),
    ("theorem t (a b : ℝ) (h1 : 1 < a) (h2 : 1 < b) : a + b < 1 + a * b", "linarith [mul_pos (sub_nonneg.mpr h1) (sub_pos.mpr h2)]", "refuse"),
    ("theorem t (a b : ℝ) (h1 : 1 < a) (h2 : 1 < b) : a + b < 1 + a * b", "linarith [mul_nonneg (sub_nonneg.mpr h1.le) (sub_nonneg.2 h2.le)]", "refuse"),
    ("theorem t (a b : ℝ) (h1 : 1 < a) (h2 : 1 < b) : a + b ≤ 1 + a * b", "linarith [mul_nonneg (sub_nonneg.mpr h1.le) (sub_nonneg.2 h2.le)]", "accept"),
    ("theorem t (a : ℕ) (h1 : 1 < a) : 0 < a", "linarith [sub_pos.mpr h1]", "refuse"),
    # linear_combination: proofs only linearly
    ("theorem t (x y : ℚ) (h : x = y) : 3 * x = 3 * y", "linear_combination 3 * h", "accept"),
    ("theorem t (x y : ℚ) (h : x = y) : 3 * x = 3 * y", "linear_combination 2 * h", "refuse"),
])
def test_rule(text, tactic, expected):
    assert verdict(text, tactic) == expected


def test_alpha_equivalence_is_not_name_equality():
    g = load_theorem("theorem t (y : ℝ) : (∀ x : ℝ, x ≤ y) ∧ (∀ z : ℝ, z ≤ y) ∧ (∀ y : ℝ, y ≤ y)").goal.target
    a, rest = g.args
    b, c = rest.args
    assert alpha_equal(a, b)
    assert not alpha_equal(a, c)  # the free y of `x ≤ y` is not the bound y of `y ≤ y`
    assert canonical(a).args[0].args[1].value == "y"


def test_unmodelled_tactics_are_refused_by_name():
    for tactic in ("tauto", "aesop", "simp", "field_simp", "polyrith", "nlinarith!"):
        r = check(load_theorem("theorem t (x : ℕ) (h : x < 2) : x ≤ 1").goal, tactic)
        assert isinstance(r, Refused)
