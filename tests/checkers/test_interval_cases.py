"""`interval_cases [h :] e [using hl, hu]` as the kernel checker models Mathlib's tactic:
the cases it makes are exactly the values between the bounds Mathlib's `parseBound` reads,
and no case is ever dropped (a split that proves a false statement would be a false step)."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from prover.checkers.base import Rejected, Subgoals
from prover.checkers.kernel_checker import KernelChecker, certify
from prover.state import load_theorem
from prover.syntax.printer import show


def _cases(text: str, tactic: str):
    return KernelChecker().apply(load_theorem(text).goal, tactic)


@settings(max_examples=40, deadline=None)
@given(m=st.integers(2, 6), b=st.integers(0, 8), c=st.integers(0, 8), named=st.booleans())
def test_a_term_split_has_one_case_per_value_mathlib_allows(m, b, c, named):
    """`interval_cases n % m` with `h : n % m < b`: cases 0 … b - 1 (ℕ starts at 0), never
    fewer; the goal `n % m ≠ c` is closed exactly when no case is `c`, and only when true."""
    text = f"theorem t (n : ℕ) (h : n % {m} < {b}) : n % {m} ≠ {c}"
    tactic = f"interval_cases {'k : ' if named else ''}n % {m} <;> decide"
    split = _cases(text, f"interval_cases {'k : ' if named else ''}n % {m}")
    assert isinstance(split, Subgoals) and len(split.goals) == b
    ok = certify(load_theorem(text).goal, tactic).ok
    assert ok == (c >= b > 0)   # b = 0: no case, so no kernel step, and `certify` asks for one
    if ok:   # soundness: the statement holds for every n
        assert all(n % m != c for n in range(200) if n % m < b)


@settings(max_examples=40, deadline=None)
@given(lo=st.integers(-4, 4), width=st.integers(0, 5), c=st.integers(-6, 10))
def test_using_reads_exactly_the_two_bounds(lo, width, c):
    """`using h1, h2` splits on h1 and h2 alone; `interval_cases z` also reads `h3 : z ≤ c`."""
    hi = lo + width
    text = f"theorem t (z : ℤ) (h1 : {lo} ≤ z) (h2 : z ≤ {hi}) (h3 : z ≤ {c}) : z ≠ {c}"
    given_bounds = _cases(text, "interval_cases using h1, h2")
    assert isinstance(given_bounds, Subgoals) and len(given_bounds.goals) == width + 1
    every_bound = _cases(text, "interval_cases z")
    assert isinstance(every_bound, Subgoals) and len(every_bound.goals) == max(min(hi, c) - lo + 1, 0)
    ok = certify(load_theorem(text).goal, "interval_cases using h1, h2 <;> omega").ok
    # the case z = c (when lo ≤ c ≤ hi) keeps `h3 : c ≤ c` and the goal `c ≠ c`
    assert ok == (not lo <= c <= hi)


@pytest.mark.parametrize("text, tactic", [
    # false statements: a split must leave the offending case
    ("theorem t (n : ℕ) (h : n / 2 < 1) : n = 0", "interval_cases n / 2 <;> omega"),
    ("theorem t (n : ℕ) (h : n / 2 < 1) : n = 0", "interval_cases h : n / 2 <;> omega"),
    ("theorem t (n : ℕ) (h : n % 4 < 2) : n % 4 = 0", "interval_cases n % 4 <;> decide"),
    ("theorem t (n : ℕ) (h : n % 3 < 1) : ∀ n : ℕ, n % 3 = 0", "interval_cases n % 3 <;> simp"),
    ("theorem t (n : ℕ) (w₁ : 1 ≤ n) (w₂ : n < 3) : n = 1", "interval_cases using w₁, w₂ <;> decide"),
    ("theorem t (n : ℕ) (w₁ : 1 ≤ n) (w₂ : n < 3) : n = 1", "interval_cases h : n <;> omega"),
    # the bounds given in the wrong order, a bound on another term, a bound that is not one
    ("theorem t (n : ℕ) (w₁ : 1 ≤ n) (w₂ : n < 3) : n ≠ 5", "interval_cases using w₂, w₁ <;> decide"),
    ("theorem t (n m : ℕ) (w₁ : 1 ≤ n) (w₂ : m < 3) : n ≠ 5", "interval_cases using w₁, w₂ <;> decide"),
    ("theorem t (n m : ℕ) (w₁ : 1 ≤ n) (w₂ : n < m) (w₃ : n < 3) : n ≠ 5", "interval_cases using w₁, w₂ <;> omega"),
    ("theorem t (n m : ℕ) (w₁ : 1 ≤ n) (w₂ : n < 3) : n ≠ 5", "interval_cases m using w₁, w₂ <;> omega"),
    ("theorem t (x : ℝ) (w₁ : 1 ≤ x) (w₂ : x < 3) : x ≠ 5", "interval_cases using w₁, w₂ <;> norm_num"),
])
def test_refused(text, tactic):
    assert not certify(load_theorem(text).goal, tactic).ok


@pytest.mark.parametrize("text, tactic", [
    ("theorem t (n : ℕ) (w₁ : 1 ≤ n) (w₂ : n < 3) : n ≠ 5", "interval_cases n using w₁, w₂ <;> decide"),
    ("theorem t (n : ℕ) (h1 : 1 ≤ n % 3) (h2 : n % 3 < 2) : n % 3 = 1", "interval_cases using h1, h2 <;> rfl"),
    ("theorem t (n : ℕ) (h : n / 2 < 1) : n ≤ 1", "interval_cases h : n / 2 <;> omega"),
    ("theorem t (n : ℕ) (w₁ : 1 ≤ n) (w₂ : n < 3) : n * n < 5", "interval_cases h : n <;> omega"),
])
def test_accepted(text, tactic):
    assert certify(load_theorem(text).goal, tactic).ok


def test_the_name_states_the_value():
    split = _cases("theorem t (n : ℕ) (w : n % 3 < 2) : n % 3 < 5", "interval_cases h : n % 3")
    assert isinstance(split, Subgoals)
    assert [show(g.hypothesis("h")) for g in split.goals] == ["n % 3 = 0", "n % 3 = 1"]
    assert [show(g.target) for g in split.goals] == ["0 < 5", "1 < 5"]


def test_an_unreadable_given_bound_is_an_error():
    # with `using`, Mathlib requires both bounds to evaluate (`mustUseBounds`)
    r = _cases("theorem t (n m : ℕ) (w₁ : m ≤ n) (w₂ : n < 3) : n < 3", "interval_cases using w₁, w₂")
    assert isinstance(r, Rejected)
