"""Closed `Nat.choose`/`Nat.factorial` by `decide` (structural recursion, bounded), and literal
ℕ exponents (`x ^ (5 / 3)`: ℕ division, then `pow_one`/`pow_zero`): what Lean accepts, and the
refused twins."""

from math import comb, factorial

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from prover.kernel import CheckedStep, check
from prover.state import load_theorem


def verdict(text, tactic):
    r = check(load_theorem(text).goal, tactic)
    return "accept" if isinstance(r, CheckedStep) else "refuse"


@pytest.mark.parametrize("text, tactic, expected", [
    ("theorem t : Nat.choose 9 4 = 126", "decide", "accept"),
    ("theorem t : Nat.choose 9 4 = 125", "decide", "refuse"),
    ("theorem t : Nat.choose 3 2 * 4 ! = 72", "decide", "accept"),
    ("theorem t : Nat.choose (5 + 12 - 1) 12 = Nat.choose 16 4", "decide", "accept"),
    ("theorem t : Nat.choose 7 3 / Nat.choose 9 3 = 0", "decide", "accept"),   # ℕ division truncates
    ("theorem t : Nat.choose 7 3 / Nat.choose 9 3 = 1", "decide", "refuse"),
    ("theorem t : Nat.choose 5 2 < Nat.choose 6 2 ∧ 3 ! ≤ 6", "decide", "accept"),
    # no decidable equality on ℝ; a large unfolding exceeds what decide reduces
    ("theorem t : (Nat.choose 4 2 : ℝ) = 6", "decide", "refuse"),
    ("theorem t : Nat.choose 60 30 = 118264581564861424", "decide", "refuse"),
    ("theorem t : Nat.choose 90 1 = 90", "decide", "refuse"),
    # norm_num has no Nat.choose extension: not modelled as evaluating it
    ("theorem t : Nat.choose 9 4 = 126", "norm_num", "refuse"),
    # free variables: not decidable by evaluation
    ("theorem t (n : ℕ) : Nat.choose n 0 = 1", "decide", "refuse"),
])
def test_decide_choose(text, tactic, expected):
    assert verdict(text, tactic) == expected


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 12), st.integers(0, 12), st.integers(0, 6), st.integers(-3, 3))
def test_decide_choose_agrees_with_exact_values(n, k, m, delta):
    """decide accepts `choose n k + m ! = v` exactly when v is the true value."""
    v = comb(n, k) + factorial(m) + delta
    if v < 0:
        return
    r = verdict(f"theorem t : Nat.choose {n} {k} + {m} ! = {v}", "decide")
    assert r == ("accept" if delta == 0 else "refuse")
