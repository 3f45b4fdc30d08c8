"""Set membership is opaque to omega/linarith/nlinarith/positivity until unfolded.

The elaborator represents `x ∈ Set.Icc a b` by its predicate `a ≤ x ∧ x ≤ b` (what the oracle
reads) and marks it (`Expr.origin`). Lean's omega and linarith match comparisons syntactically
(linarith's `splitConjunctions` matches `And` without unfolding; `Membership.mem` is not a
comparison), so they ignore `h : x ∈ Set.Icc 1 5` until `simp only [Set.mem_Icc] at *` rewrites
it; `constructor`/`obtain` (whnf with default transparency) and `norm_num`/`simp` (the lemmas are
in the default simp set) see through.
"""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from prover.decide.auto import decide
from prover.kernel import CheckedStep, Refused, check
from prover.search.reconstruct import reconstruct_leaf
from prover.state import load_theorem

# (statement, a script Lean refuses, the script Lean accepts)
PAIRS = [
    ("theorem t (x : ℕ) (h : x ∈ Set.Icc 1 5) : x ≤ 5",
     "omega", "simp only [Set.mem_Icc] at * <;> omega"),
    ("theorem t (x : ℕ) (h : x ∈ Set.Icc 1 5) : x ≤ 5",
     "linarith", "simp only [Set.mem_Icc] at * <;> linarith"),
    ("theorem t (x : ℝ) (h : x ∈ Set.Ioo 0 1) : x < 2",
     "linarith", "simp only [Set.mem_Ioo] at * <;> linarith"),
    ("theorem t (x : ℝ) (h : x ∈ Set.Ioo 0 1) : x ^ 2 < 1",
     "nlinarith", "simp only [Set.mem_Ioo] at * <;> nlinarith"),
    ("theorem t (x : ℤ) (h : x ∈ Set.Ico (-2) 3) : x < 3",
     "omega", "simp only [Set.mem_Ico] at * <;> omega"),
    ("theorem t (x : ℕ) (h : 2 ≤ x) : x ∈ Set.Ici 1",
     "omega", "simp only [Set.mem_Ici] at * <;> omega"),
    ("theorem t (x : ℕ) (h : x ∈ ({1, 2, 3} : Set ℕ)) : x ≤ 3",
     "omega", "simp only [Set.mem_insert_iff, Set.mem_singleton_iff] at * <;> omega"),
    ("theorem t (x : ℕ) (h : x ∈ ({1, 2, 3} : Finset ℕ)) : x ≤ 3",
     "omega", "simp only [Finset.mem_insert, Finset.mem_singleton] at * <;> omega"),
    ("theorem t (x : ℕ) (h : x ∈ {y : ℕ | y < 3}) : x ≤ 3",
     "omega", "simp only [Set.mem_setOf_eq] at * <;> omega"),
    # ℝ≥0 lowering keeps the mark
    ("theorem t (x : ℝ≥0) (h : x ∈ Set.Icc (1 : ℝ≥0) 5) : x ≤ 5",
     "linarith", "simp only [Set.mem_Icc] at * <;> linarith"),
    ("theorem t (x : ℝ) (h : x ∈ Set.Ioi 0) : 0 < x ^ 3 + x",
     "positivity", "simp only [Set.mem_Ioi] at * <;> nlinarith [pow_pos h 3]"),
]


@pytest.mark.parametrize("statement, refused, accepted", PAIRS)
def test_refused_through_membership_accepted_after_unfolding(statement, refused, accepted):
    goal = load_theorem(statement).goal
    assert isinstance(check(goal, refused), Refused)
    assert isinstance(check(goal, accepted), CheckedStep), check(goal, accepted)


@pytest.mark.parametrize("statement, tactic", [
    # the wrong lemma unfolds nothing: simp fails ("simp made no progress")
    ("theorem t (x : ℕ) (h : x ∈ Set.Icc 1 5) : x ≤ 5", "simp only [Set.mem_Ico] at * <;> omega"),
    ("theorem t (x : ℕ) (h : x ≤ 2) : x ≤ 3", "simp only [Set.mem_setOf_eq] at * <;> omega"),
    # `Set.mem_insert_iff` alone leaves `x ∈ {3}` (modelled as not unfolding the literal at all)
    ("theorem t (x : ℕ) (h : x ∈ ({1, 2, 3} : Set ℕ)) : x ≤ 3", "simp only [Set.mem_insert_iff] at * <;> omega"),
    # a hint naming a membership is no comparison for linarith
    ("theorem t (x : ℝ) (h : x ∈ Set.Ioo 0 1) : x < 2", "linarith [h]"),
    # a membership inside a connective is still opaque
    ("theorem t (x : ℕ) (h : x ∈ Set.Icc 1 5 ∧ 0 < x) : x ≤ 5", "omega"),
    ("theorem t (x : ℕ) (h : x ≤ 4) : x ∈ Set.Icc 0 5 ∨ x = 7", "omega"),
    # a membership hint is the simp lemma `(x ∈ {3}) = True`, not the equation `x = 3`
    ("theorem t (x : ℕ) (h : x ∈ ({3} : Set ℕ)) : x + 1 = 4", "norm_num [h]"),
    # decide: the Decidable instances of set memberships are not modelled
    ("theorem t : (3 : ℕ) ∈ Set.Icc 1 5", "decide"),
])
def test_refused(statement, tactic):
    assert isinstance(check(load_theorem(statement).goal, tactic), Refused)


def test_plain_predicates_unchanged():
    goal = load_theorem("theorem t (x : ℕ) (h : 1 ≤ x ∧ x ≤ 5) : x ≤ 5").goal
    assert isinstance(check(goal, "omega"), CheckedStep)
    assert isinstance(check(goal, "linarith"), CheckedStep)


def test_cache_does_not_conflate_marked_and_written_predicates():
    from prover.checkers.base import Closed
    from prover.checkers.kernel_checker import KernelChecker
    checker = KernelChecker()
    written = load_theorem("theorem t (x : ℕ) (h : 1 ≤ x ∧ x ≤ 5) : x ≤ 5").goal
    member = load_theorem("theorem t (x : ℕ) (h : x ∈ Set.Icc 1 5) : x ≤ 5").goal
    assert written == member   # the marks are outside equality
    assert isinstance(checker.close(written, "omega"), Closed)
    assert not isinstance(checker.close(member, "omega"), Closed)


@pytest.mark.parametrize("statement, line", [
    ("theorem t (x : ℕ) (h : x ∈ Set.Icc 1 5) : x ≤ 5", "simp only [Set.mem_Icc] at * <;> "),
    ("theorem t (x : ℕ) (h : x ∈ ({1, 2, 3} : Set ℕ)) : x ≤ 3",
     "simp only [Set.mem_insert_iff, Set.mem_singleton_iff] at * <;> "),
])
def test_reconstruction_unfolds_first(statement, line):
    goal = load_theorem(statement).goal
    leaf = reconstruct_leaf(goal, "", "z3", deadline=__import__("time").monotonic() + 8)
    assert not leaf.missing and len(leaf.lines) == 1 and leaf.lines[0].startswith(line)
    assert isinstance(check(goal, leaf.lines[0]), CheckedStep)


INTERVALS = {"Icc": ("≤", "≤"), "Ico": ("≤", "<"), "Ioc": ("<", "≤"), "Ioo": ("<", "<"),
             "Ici": ("≤", None), "Ioi": ("<", None), "Iic": (None, "≤"), "Iio": (None, "<")}


def _interval(kind, lo, hi, x):
    low, high = INTERVALS[kind]
    args = " ".join(f"({b} : ℤ)" for b, r in ((lo, low), (hi, high)) if r)
    parts = ([f"({lo} : ℤ) {low} {x}"] if low else []) + ([f"{x} {high} ({hi} : ℤ)"] if high else [])
    return f"Set.{kind} {args}", " ∧ ".join(parts)


@settings(max_examples=25, deadline=None)
@given(st.sampled_from(sorted(INTERVALS)), st.integers(-6, 6), st.integers(-6, 6), st.integers(-8, 8))
def test_marked_membership_reads_like_its_predicate(kind, lo, hi, v):
    """The oracle reads the membership as its predicate (same goal, same verdict); the kernel's
    omega reads the predicate and never the membership, whose unfolding gives the predicate's
    verdict."""
    s, pred = _interval(kind, lo, hi, f"({v} : ℤ)")
    member = load_theorem(f"theorem t : ({v} : ℤ) ∈ {s}").goal
    written = load_theorem(f"theorem t : {pred}").goal
    assert member == written
    assert (decide(member, budget_s=4) is None) == (decide(written, budget_s=4) is None)
    truth = isinstance(check(written, "omega"), CheckedStep)
    assert isinstance(check(member, "omega"), Refused)
    unfolded = check(member, f"simp only [Set.mem_{kind}] at * <;> omega")
    assert isinstance(unfolded, CheckedStep) == truth
    # as a hypothesis: x ∈ S ⊢ the predicate's first part
    sx, px = _interval(kind, lo, hi, "x")
    first = px.split(" ∧ ")[0]
    goal = load_theorem(f"theorem t (x : ℤ) (h : x ∈ {sx}) : {first}").goal
    assert isinstance(check(goal, "omega"), Refused)
    assert isinstance(check(goal, f"simp only [Set.mem_{kind}] at * <;> omega"), CheckedStep)


@pytest.mark.parametrize("statement, structural", [
    # rcases/obtain find the `And` by whnf (default transparency): `x ∈ Set.Icc 1 5` unfolds
    ("theorem t (x : ℕ) (h : x ∈ Set.Icc 1 5) : x ≤ 5", "obtain ⟨h1, h2⟩ := h"),
    # constructor takes the goal by whnf too
    ("theorem t (x : ℕ) (h : 2 ≤ x) (h2 : x ≤ 3) : x ∈ Set.Icc 1 5", "constructor"),
])
def test_structure_steps_see_through(statement, structural):
    from prover.checkers.base import Closed, Subgoals
    from prover.checkers.kernel_checker import KernelChecker
    checker = KernelChecker()
    goal = load_theorem(statement).goal
    assert not isinstance(checker.close(goal, "omega"), Closed)
    parts = checker.apply(goal, structural)
    assert isinstance(parts, Subgoals)
    assert all(isinstance(checker.close(g, "omega"), Closed) for g in parts.goals)
