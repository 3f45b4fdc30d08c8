"""Case splits (`rcases`/`obtain`/`cases'` on ∨, `mul_eq_zero.mp`, `abs_cases`) and the abs hint
lemmas, as Lean and Mathlib state them; each with its refusals."""

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from prover.checkers.base import Rejected, Subgoals
from prover.checkers.case_split import source
from prover.checkers.kernel_checker import KernelChecker, certify
from prover.kernel import check
from prover.kernel.evaluate import holds
from prover.kernel.lemmas import BadHint, resolve
from prover.kernel.proof import CheckedStep
from prover.search.reconstruct import case_split_leaf
from prover.state import load_theorem
from prover.syntax.ast import Expr, substitute
from prover.syntax.printer import show


def goal(text):
    return load_theorem(text).goal


def test_rcases_on_a_disjunction_clears_it_and_names_each_case():
    g = goal("theorem t (x : ℝ) (h : x = 1 ∨ x = 2 ∨ x = 3) : x > 0")
    r = KernelChecker().apply(g, "rcases h with h₁ | h₂")
    assert isinstance(r, Subgoals) and len(r.goals) == 2
    assert show(r.goals[0].hypothesis("h₁")) == "x = 1"
    assert show(r.goals[1].hypothesis("h₂")) == "x = 2 ∨ x = 3"   # the last pattern takes the rest
    assert all(s.hypothesis("h") is None for s in r.goals)
    r = KernelChecker().apply(g, "obtain h | h | h := h")
    assert [show(s.hypothesis("h")) for s in r.goals] == ["x = 1", "x = 2", "x = 3"]


def test_rcases_destructs_conjunctions_in_each_alternative():
    g = goal("theorem t (x : ℝ) (h : 0 < x ∧ x < 1 ∨ x = 5) : x > 0")
    r = KernelChecker().apply(g, "rcases h with ⟨a, b⟩ | c")
    assert [show(r.goals[0].hypothesis(n)) for n in "ab"] == ["0 < x", "x < 1"]
    assert show(r.goals[1].hypothesis("c")) == "x = 5"


@pytest.mark.parametrize("tactic", [
    "rcases h₀ with h | h",                      # not a disjunction
    "rcases h with a | b | c | d",               # more alternatives than disjuncts
    "rcases h with ⟨a, b⟩ | c",                  # x = 1 is not a conjunction
    "rcases mul_eq_zero.mp h₀ with a | b",       # not a product
    "rcases mul_eq_zero.mp h₂ with a | b",       # 0 = x * y: mul_eq_zero.mp does not unify it
    "rcases abs_cases 3 with a | b",             # 3 : ℕ, not an additive group
    "rcases foo h with a | b",                   # an unknown term
    "rcases h with x✝ | b",                      # an inaccessible name cannot be written
    "cases' h₀ with a b",                        # x < 4 is neither ∨ nor ∧
])
def test_refused_splits(tactic):
    g = goal("theorem t (x y : ℝ) (h₀ : x < 4) (h : x = 1 ∨ x = 2) (h₂ : 0 = x * y) : x > 0")
    assert isinstance(KernelChecker().apply(g, tactic), Rejected)


def test_mul_eq_zero_and_abs_cases_state_mathlib_lemmas():
    g = goal("theorem t (a b : ℤ) (h : (a - 1) * b = 0) : a = 1 ∨ b = 0")
    assert show(source(g, "mul_eq_zero.mp h")[0]) == "a - 1 = 0 ∨ b = 0"
    assert source(g, "mul_eq_zero.1 h")[1] is None            # a term: h stays
    assert show(source(g, "abs_cases (a - b)")[0]) == "|a - b| = a - b ∧ 0 ≤ a - b ∨ |a - b| = -(a - b) ∧ a - b < 0"
    r = KernelChecker().apply(g, "cases' abs_cases a with hp hn")
    assert [show(s.hypothesis(n)) for s, n in zip(r.goals, ("hp", "hn"))] == ["|a| = a ∧ 0 ≤ a", "|a| = -a ∧ a < 0"]


@settings(max_examples=200, deadline=None)
@given(st.integers(-9, 9), st.integers(-9, 9), st.fractions(min_value=-20, max_value=20, max_denominator=7))
def test_abs_cases_holds_at_every_point(c1, c0, x):
    """The statement `abs_cases t` gives is true, under Lean's `|·|`, at every value: exactly
    one of its alternatives holds, and the evaluator agrees with it."""
    g = goal(f"theorem t (x : ℝ) : True")
    prop = source(g, f"abs_cases ({c1} * x + {c0})")[0]
    closed = substitute(prop, "x", Expr("num", value=x, ty="ℝ"))
    assert holds(closed)
    assert holds(closed.args[0]) != holds(closed.args[1])


@settings(max_examples=200, deadline=None)
@given(st.integers(-6, 6), st.integers(-6, 6), st.integers(-6, 6))
def test_mul_eq_zero_split_is_exhaustive(r1, r2, x):
    """Where `(x - r₁) * (x - r₂) = 0` holds, the disjunction mul_eq_zero.mp gives holds too."""
    g = goal(f"theorem t (x : ℤ) (h : (x - {r1}) * (x - {r2}) = 0) : True")
    prop = source(g, "mul_eq_zero.mp h")[0]
    point = Expr("num", value=x, ty="ℤ")
    if holds(substitute(g.hypothesis("h"), "x", point)):
        assert holds(substitute(prop, "x", point))


@pytest.mark.parametrize("hint, expected", [
    ("abs_of_nonneg h1", "|x| = x"),
    ("abs_of_pos h2", "|y| = y"),
    ("abs_of_neg h3", "|z| = -z"),
    ("abs_of_nonpos h3.le", "|z| = -z"),
    ("le_abs_self (x - y)", "x - y ≤ |x - y|"),
    ("neg_abs_le x", "-|x| ≤ x"),
    ("abs_le.mp h4", "-1 ≤ x - y ∧ x - y ≤ 1"),
    ("abs_sub_lt_iff.mp h5", "x - y < 2 ∧ y - x < 2"),
    ("abs_lt.1 h5", "-2 < x - y ∧ x - y < 2"),
    ("sq_pos_of_pos h2", "0 < y ^ 2"),
])
def test_abs_hint_terms(hint, expected):
    g = goal("theorem t (x y z : ℝ) (h1 : 0 ≤ x) (h2 : 0 < y) (h3 : z < 0) (h4 : |x - y| ≤ 1) "
             "(h5 : |x - y| < 2) : True")
    assert show(resolve(g, hint)) == expected


@pytest.mark.parametrize("hint", [
    "abs_of_neg h1",                              # 0 ≤ x is not x < 0: the side condition is missing
    "abs_of_nonneg h3",                           # z < 0 is not 0 ≤ z
    "abs_of_pos h1",                              # ≤ is not <
    "abs_of_neg (by linarith : x < 0)",           # the kernel cannot prove x < 0 (it is false)
    "abs_le.mp h1",                               # not |a| ≤ b
    "abs_sub_lt_iff.mp h4",                       # ≤, not <
    "le_abs_self n",                              # ℕ is not an ordered ring
])
def test_abs_hint_terms_refused(hint):
    g = goal("theorem t (x y z : ℝ) (n : ℕ) (h1 : 0 ≤ x) (h3 : z < 0) (h4 : |x - y| ≤ 1) : True")
    with pytest.raises(BadHint):
        resolve(g, hint)


def test_abs_of_neg_needs_its_side_condition_in_linarith():
    g = goal("theorem t (x p : ℝ) (h₀ : x < 2) (h₁ : |x - 2| = p) : x - p = 2 - 2 * p")
    assert isinstance(check(g, "linarith [abs_of_neg (by linarith : x - 2 < 0)]"), CheckedStep)
    assert not isinstance(check(g, "linarith [abs_of_nonneg (by linarith : 0 ≤ x - 2)]"), CheckedStep)
    assert not isinstance(check(g, "linarith"), CheckedStep)


def test_exact_a_disequality_on_its_equation():
    g = goal("theorem t (b : ℝ) (hb : b ≠ 0) (h : b = 0) (h' : b = 1) : False")
    assert isinstance(check(g, "exact hb h"), CheckedStep)
    assert not isinstance(check(g, "exact hb h'"), CheckedStep)
    g2 = goal("theorem t (b : ℝ) (hb : b ≠ 0) (h : b = 0) : b = 5")
    assert not isinstance(check(g2, "exact hb h"), CheckedStep)   # False is not the goal


def test_scripts_with_splits_certify_and_wrong_branches_fail():
    g = goal("theorem t (s : ℝ) (h : (s - 4) * (s + 5) = 0) : s = 4 ∨ s = -5")
    ok = "rcases mul_eq_zero.mp h with h | h\n· left\n  linarith\n· right\n  linarith"
    assert certify(g, ok).ok
    assert not certify(g, "rcases mul_eq_zero.mp h with h | h <;> left <;> linarith").ok
    assert not certify(g, "rcases mul_eq_zero.mp h with h | h\n· right\n  linarith\n· left\n  linarith").ok
    g = goal("theorem t (y q : ℝ) (h₀ : y < 3) (h₁ : |y - 3| = q) : q = y - 3")
    assert not certify(g, "rcases abs_cases (y - 3) with ⟨a, b⟩ | ⟨a, b⟩ <;> linarith").ok


@pytest.mark.parametrize("statement", [
    "theorem t (f : ℝ → ℝ) (h₀ : ∀ x, f x ^ 2 = 3 * f x) : f 1 = 0 ∨ f 1 = 3",
    "theorem t (m : ℝ) (h : m ^ 2 = 9) (hm : m ≠ 3) : m = -3",
    "theorem t (c d : ℝ) : |c + d| ≤ |c| + |d|",
    "theorem t (z : ℂ) (h : (z - 1) * (z + 2) = 0) (hz : z ≠ 1) : z = -2",
    "theorem t (p q : ℝ) (h : p * q < 0) : p < 0 ∨ q < 0",
    "theorem t (g : ℝ → ℝ) (u w : ℝ) : g u ≤ g w ∨ g w ≤ g u",
])
def test_case_split_reconstruction_is_kernel_checked(statement):
    import time
    g = goal(statement)
    lines = case_split_leaf(g, "z3", time.monotonic() + 20, KernelChecker())
    assert lines and certify(g, "\n".join(lines)).ok


def test_a_set_membership_is_not_split_as_its_elaborated_disjunction():
    """Lean's `rcases h with h | h` on `h : x ∈ ({1, 2} : Set ℝ)` leaves `h : x ∈ {2}` in the
    second case, a membership linarith does not read: the elaborated `x = 2` must not appear."""
    g = goal("theorem t (x : ℝ) (h : x ∈ ({1, 2} : Set ℝ)) : x ≤ 2")
    assert isinstance(KernelChecker().apply(g, "rcases h with h | h"), Rejected)
    assert isinstance(KernelChecker().apply(g, "cases' h with h h"), Rejected)
    assert not certify(g, "rcases h with h | h <;> linarith").ok


def test_a_proved_set_membership_is_not_split_either():
    g = goal("theorem t (x : ℝ) (h : x = 2) : x ≤ 2")
    tactic = "rcases (by norm_num [h] : x ∈ ({1, 2} : Set ℝ)) with h | h"
    assert isinstance(KernelChecker().apply(g, tactic), Rejected)
