"""`exact L args` / `exact (L args).symm` with a kernel library lemma: the term's statement
(`Eq.symm` swaps an equation's sides) must be the goal, `>`/`≥` read as flipped `<`/`≤`; the
portfolio's `library_rule` proposes such terms, and both checkers read them through the
kernel's lemma reader."""

from hypothesis import given, settings
from hypothesis import strategies as st

from prover.checkers.base import Closed
from prover.checkers.kernel_checker import KernelChecker, certify
from prover.checkers.sympy_checker import SympyChecker
from prover.policy.portfolio import library_rule
from prover.search.best_first import search
from prover.state import load_theorem


def test_symm_of_a_lemma_and_of_a_hypothesis():
    g = load_theorem("theorem t (n r : ℕ) (h₁ : r ≤ n) : Nat.choose n r = Nat.choose n (n - r)").goal
    assert certify(g, "exact (Nat.choose_symm h₁).symm").ok
    assert not certify(g, "exact Nat.choose_symm h₁").ok           # the sides are the other way
    g2 = load_theorem("theorem t (a b : ℝ) (h : a = b + 1) : b + 1 = a").goal
    assert certify(g2, "exact h.symm").ok
    assert not certify(load_theorem("theorem t (a b : ℝ) (h : a = b + 1) : b = a").goal, "exact h.symm").ok


def test_a_premise_must_be_the_hypothesis_given():
    g = load_theorem("theorem t (n j : ℕ) (h₁ : 2 * j > n) : Nat.choose n (2 * j + 1) = 0").goal
    # n < 2 * j + 1 follows from h₁, but `exact L h₁` needs h₁ to state it (Lean: type mismatch)
    assert not certify(g, "exact Nat.choose_eq_zero_of_lt h₁").ok
    assert not isinstance(SympyChecker().apply(g, "exact Nat.choose_eq_zero_of_lt h₁"), Closed)


@given(st.integers(0, 6), st.integers(0, 6), st.booleans())
@settings(max_examples=20, deadline=None)
def test_choose_lemmas_close_only_true_instances(n, k, symm):
    # Nat.choose_eq_zero_of_lt at literals: the premise is proved by omega when n < k, and the
    # term never closes a goal whose statement differs
    text = f"theorem t : Nat.choose {n} {k} = 0"
    g = load_theorem(text).goal
    r = KernelChecker().apply(g, f"exact Nat.choose_eq_zero_of_lt (by omega : {n} < {k})")
    assert isinstance(r, Closed) == (n < k), (text, r)


def test_library_rule_proposes_and_the_search_closes():
    g = load_theorem("theorem t (x y : ℕ) : Nat.choose x y + Nat.choose x (y + 1) = Nat.choose (x + 1) (y + 1)").goal
    assert ("exact (Nat.choose_succ_succ' x y).symm", 0.6) in library_rule(g)
    r = search(load_theorem("theorem t (p q : ℕ) (h : p ≥ q) : Nat.choose p q = Nat.choose p (p - q)"), timeout_s=10)
    assert r.verdict == "checked", r
    r = search(load_theorem("theorem t (p q : ℕ) (h : p + 1 ≥ q) : Nat.choose p q = Nat.choose p (p - q)"), timeout_s=5)
    assert r.verdict != "checked", r   # false at p = 0, q = 1: choose 0 1 = 0, choose 0 0 = 1
