"""Bilinear systems (prover/search/cancel.py): |·| signs by abs_of_pos/abs_of_neg, pairwise
differences of equations factored as `(u - v) * L`, `mul_left_cancel₀` with `u ≠ v`, and the
target by `linear_combination` cofactors; every script is replayed by the kernel checker."""

import time
from fractions import Fraction

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import prover.search.reconstruct as R
from prover.checkers.kernel_checker import KernelChecker
from prover.checkers.replay import replay
from prover.search.cancel import applies, cancel_leaf
from prover.state import load_theorem

HYPS = ("(x a : ℕ → ℝ) (h₀ : a 1 > a 2) (h₁ : a 2 > a 3)"
        " (h₂ : |a 1 - a 2| * x 2 + |a 1 - a 3| * x 3 = 1)"
        " (h₃ : |a 2 - a 1| * x 1 + |a 2 - a 3| * x 3 = 1)"
        " (h₄ : |a 3 - a 1| * x 1 + |a 3 - a 2| * x 2 = 1)")


def _script(statement: str, budget: float = 8.0):
    goal = load_theorem(statement).goal
    return goal, cancel_leaf(goal, KernelChecker(), time.monotonic() + budget, R)


def test_three_unknowns_closed_and_replayed():
    goal, lines = _script(f"theorem t {HYPS} : x 2 = 0 ∧ x 3 = x 1 ∧ x 1 = 1 / |a 1 - a 3|")
    assert lines, "no script"
    assert any("mul_left_cancel₀" in line for line in lines)
    assert replay(goal, "\n".join(lines), checker=KernelChecker()).ok


@pytest.mark.parametrize("target", [
    "x 3 = 0",                        # x 3 = x 1 = 1 / (a 1 - a 3) ≠ 0
    "x 1 = 1 / |a 1 - a 2|",          # the wrong difference
    "x 2 = 0 ∧ x 1 = 1 / |a 2 - a 3|",
])
def test_false_targets_refused(target):
    _, lines = _script(f"theorem t {HYPS} : {target}")
    assert lines is None


def test_no_order_no_signs_refused():
    # without the order the |·| signs are unknown: no restated equation, nothing cancelled
    hyps = HYPS.replace("(h₀ : a 1 > a 2) (h₁ : a 2 > a 3)", "(h₀ : a 1 ≠ a 2) (h₁ : a 2 ≠ a 3)")
    _, lines = _script(f"theorem t {hyps} : x 2 = 0")
    assert lines is None


def test_shape_gate_declines_cheaply():
    goal = load_theorem("theorem t (x y : ℝ) (h : x + y = 1) (h' : x - y = 3) (hx : x ≠ y) : x = 2").goal
    assert not applies(goal)


def _solve(a1: Fraction, a2: Fraction, a3: Fraction) -> dict:
    """x 1, x 2, x 3 of the system above for numeric a (Cramer on the 3×3 system)."""
    m = [[0, a1 - a2, a1 - a3], [a1 - a2, 0, a2 - a3], [a1 - a3, a2 - a3, 0]]

    def det(r):
        return (r[0][0] * (r[1][1] * r[2][2] - r[1][2] * r[2][1]) - r[0][1] * (r[1][0] * r[2][2] - r[1][2] * r[2][0])
                + r[0][2] * (r[1][0] * r[2][1] - r[1][1] * r[2][0]))
    d = det(m)
    out = {}
    for k in range(3):
        mk = [[(1 if j == k else m[i][j]) for j in range(3)] for i in range(3)]
        out[k + 1] = Fraction(det(mk)) / d
    return out


VALUES = {"0": lambda x, a: Fraction(0), "1": lambda x, a: Fraction(1),
          "x 1": lambda x, a: x[1], "x 3": lambda x, a: x[3],
          "1 / |a 1 - a 3|": lambda x, a: 1 / abs(a[1] - a[3]),
          "1 / |a 1 - a 2|": lambda x, a: 1 / abs(a[1] - a[2])}


@settings(max_examples=6, deadline=None)
@given(st.sampled_from([1, 2, 3]), st.sampled_from(sorted(VALUES)))
@example(2, "0")
@example(1, "1 / |a 1 - a 3|")
@example(3, "1 / |a 1 - a 2|")
def test_any_script_is_true_and_replays(i, rhs):
    """Whatever the finder proposes replays, and its target holds at sample values of a."""
    goal, lines = _script(f"theorem t {HYPS} : x {i} = {rhs}", budget=5.0)
    if lines is None:
        return
    assert replay(goal, "\n".join(lines), checker=KernelChecker()).ok
    for a in ({1: Fraction(5), 2: Fraction(2), 3: Fraction(-1)}, {1: Fraction(7, 2), 2: Fraction(1, 3), 3: Fraction(0)}):
        x = _solve(a[1], a[2], a[3])
        assert x[i] == VALUES[rhs](x, a), (i, rhs, lines)
