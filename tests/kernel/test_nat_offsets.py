"""ℕ literal offsets in `exact`/`assumption`: Lean's `isDefEqOffsetNat` unifies `n + 1 + 1` with
`n + 2` (base and literal offset), so `exact h` accepts `h : a (n + 1 + 1) = 3` for the goal
`a (n + 2) = 3`. Only ℕ, only literal offsets: `n + 2 - 1` is not `n + 1` for `exact` (that is
`Nat.add_sub_cancel`, a `simp`/`omega` step), and ℤ offsets are not unified."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from prover.kernel import CheckedStep, check
from prover.state import load_theorem

ACCEPT = [
    ("theorem t (a : ℕ → ℝ) (n : ℕ) (h : a (n + 1 + 1) = 3) : a (n + 2) = 3", "exact h"),
    ("theorem t (a : ℕ → ℝ) (n : ℕ) (h : a (n + 2) = 3) : a (n + 1 + 1) = 3", "exact h"),
    ("theorem t (a : ℕ → ℝ) (n : ℕ) (h : a (n + 1 + 1) = 3) : a (n + 2) = 3", "assumption"),
    ("theorem t (a : ℕ → ℝ) (n : ℕ) (h : ∀ m, a (m + 2) = a m) : a (n + 1 + 1) = a n", "exact h n"),
    ("theorem t (a : ℕ → ℝ) (n : ℕ) (h : ∀ m, a (m + 1) = a m) : a (n + 1 + 1) = a (n + 1)", "exact h (n + 1)"),
    ("theorem t (a : ℕ → ℝ) (n : ℕ) (h : a (n + 1 + 2 + 3) = 0) : a (n + 6) = 0", "exact h"),
]

REFUSE = [
    # `n + 2 - 1 = n + 1` is `Nat.add_sub_cancel`, not an offset
    ("theorem t (a : ℕ → ℝ) (n : ℕ) (h : a (n + 2 - 1) = 3) : a (n + 1) = 3", "exact h"),
    # ℤ is not `isDefEqOffsetNat`'s
    ("theorem t (a : ℤ → ℝ) (n : ℤ) (h : a (n + 1 + 1) = 3) : a (n + 2) = 3", "exact h"),
    # the literal on the left is no offset
    ("theorem t (a : ℕ → ℝ) (n : ℕ) (h : a (1 + n + 1) = 3) : a (n + 2) = 3", "exact h"),
    # different offsets
    ("theorem t (a : ℕ → ℝ) (n : ℕ) (h : a (n + 1 + 1) = 3) : a (n + 3) = 3", "exact h"),
    ("theorem t (a : ℕ → ℝ) (n : ℕ) (h : a (n * 1 + 1) = 3) : a (n + 1) = 3", "exact h"),
]


@pytest.mark.parametrize("statement,tactic", ACCEPT)
def test_offsets_unify(statement, tactic):
    assert isinstance(check(load_theorem(statement).goal, tactic), CheckedStep)


@pytest.mark.parametrize("statement,tactic", REFUSE)
def test_other_terms_do_not(statement, tactic):
    assert not isinstance(check(load_theorem(statement).goal, tactic), CheckedStep)


# a ℕ index term over n: ("n",), ("+", t, k), ("-", t, k), ("*", t, k), ("l+", k, t)
@st.composite
def index(draw, depth=3):
    if depth == 0 or draw(st.integers(0, 3)) == 0:
        return ("n",)
    op = draw(st.sampled_from(["+", "+", "-", "*", "l+"]))
    return (op, draw(index(depth - 1)), draw(st.integers(0, 3)))


def show(t) -> str:
    if t[0] == "n":
        return "n"
    if t[0] == "l+":
        return f"({t[2]} + {show(t[1])})"
    return f"({show(t[1])} {t[0]} {t[2]})"


def value(t, n: int) -> int:
    if t[0] == "n":
        return n
    inner = value(t[1], n)
    return {"+": inner + t[2], "l+": inner + t[2], "-": max(inner - t[2], 0), "*": inner * t[2]}[t[0]]


@given(index(), index())
@settings(max_examples=150, deadline=None)
def test_exact_accepts_only_equal_indices(i, j):
    """Whenever `exact h` accepts `h : a i = 0` for the goal `a j = 0`, the two ℕ index terms are
    equal at every n (the offset rule identifies only equal terms), and the same terms up to
    regrouping of literal offsets are always accepted."""
    statement = f"theorem t (a : ℕ → ℝ) (n : ℕ) (h : a {show(i)} = 0) : a {show(j)} = 0"
    accepted = isinstance(check(load_theorem(statement).goal, "exact h"), CheckedStep)
    if accepted:
        assert all(value(i, n) == value(j, n) for n in range(12))


@given(index(), st.lists(st.integers(1, 4), min_size=1, max_size=4))
@settings(max_examples=80, deadline=None)
def test_split_offsets_are_accepted(base, parts):
    """`t + k₁ + … + kₘ` and `t + (k₁ + … + kₘ)` (as one literal) unify."""
    split = show(base) + "".join(f" + {k}" for k in parts)
    statement = f"theorem t (a : ℕ → ℝ) (n : ℕ) (h : a ({split}) = 0) : a ({show(base)} + {sum(parts)}) = 0"
    assert isinstance(check(load_theorem(statement).goal, "exact h"), CheckedStep)
