"""Trigonometric kernel facts (value lemmas at multiples of π, complement/supplement, sum and
double angles, `congrArg` with sin/cos/tan) and the trig reconstruction (`prover/search/trig.py`).

Each rule is accepted where Mathlib's lemma states it and refused on a near miss; every script
`trig_leaf` writes replays through the kernel checker, and only for statements that hold."""

import time
from fractions import Fraction

import mpmath
import pytest
from hypothesis import given, settings, strategies as st

from prover.checkers.base import Closed, Subgoals
from prover.checkers.kernel_checker import KernelChecker, certify
from prover.kernel.lemmas import BadHint, resolve
from prover.kernel.proof import CheckedStep, Refused
from prover.kernel.tactics import check
from prover.search import reconstruct
from prover.search.trig import _pi_linear, trig_leaf
from prover.state import load_theorem
from prover.syntax.elaborate import Elaborator
from prover.syntax.parser import parse_term
from prover.syntax.printer import show


def goal(text):
    return load_theorem(text).goal


G = goal("theorem t (x y : ℝ) (n : ℕ) (hA : x = Real.pi / 2) (hn : (n : ℝ) = 1) (hm : n = 2) : True")

RESOLVED = [
    ("Real.cos_pi_div_three", "Real.cos (π / 3) = 1 / 2"),
    ("Real.sin_pi_div_six", "Real.sin (π / 6) = 1 / 2"),
    ("Real.cos_pi_div_two", "Real.cos (π / 2) = 0"),
    ("Real.tan_pi_div_four", "Real.tan (π / 4) = 1"),
    ("Real.cos_pi", "Real.cos π = -1"),
    ("Real.cos_pi_div_two_sub (x + 1)", "Real.cos (π / 2 - (x + 1)) = Real.sin (x + 1)"),
    ("Real.sin_pi_sub y", "Real.sin (π - y) = Real.sin y"),
    ("Real.sin_two_mul x", "Real.sin (2 * x) = 2 * Real.sin x * Real.cos x"),
    ("Real.cos_sub x y", "Real.cos (x - y) = Real.cos x * Real.cos y + Real.sin x * Real.sin y"),
    ("congrArg Real.cos hA", "Real.cos x = Real.cos (π / 2)"),
    ("congrArg Real.tan hA", "Real.tan x = Real.tan (π / 2)"),
]


@pytest.mark.parametrize("hint,statement", RESOLVED)
def test_lemmas_resolve_to_their_mathlib_statement(hint, statement):
    expected = Elaborator(G.context).prop(parse_term(statement))
    assert resolve(G, hint) == expected, show(resolve(G, hint))


@pytest.mark.parametrize("hint", [
    "Real.cos_pi_div_three x",            # no explicit argument
    "Real.sin_two_mul",                   # missing its argument
    "Real.sin_sub x",                     # one of two
    "congrArg Real.cos hm",               # an equation over ℕ: Real.cos takes a real
    "congrArg Real.arctan hA",            # not modelled
])
def test_malformed_hints_are_refused(hint):
    with pytest.raises(BadHint):
        resolve(G, hint)


CLOSED = [
    ("theorem t : Real.cos (Real.pi / 3) = 1 / 2", "linarith [Real.cos_pi_div_three]"),
    ("theorem t (y : ℝ) : Real.sin (2 * y) = 2 * Real.sin y * Real.cos y", "linarith [Real.sin_two_mul y]"),
    ("theorem t (y : ℝ) : Real.cos (2 * y) = 2 * Real.cos y ^ 2 - 1", "linarith [Real.cos_two_mul y]"),
    ("theorem t (a b : ℝ) : Real.sin (a + b) - Real.cos a * Real.sin b = Real.sin a * Real.cos b",
     "linarith [Real.sin_add a b]"),
    ("theorem t (B : ℝ) (hB : B = Real.pi / 2) : Real.cos B = 0", "linarith [congrArg Real.cos hB, Real.cos_pi_div_two]"),
    ("theorem t (x : ℝ) : Real.sin x ^ 2 ≤ 1", "nlinarith [Real.sin_sq_add_cos_sq x]"),
]

REFUSED = [
    ("theorem t : Real.cos (Real.pi / 3) = 1 / 3", "linarith [Real.cos_pi_div_three]"),
    ("theorem t : Real.cos (60 * Real.pi / 180) = 1 / 2", "linarith [Real.cos_pi_div_three]"),   # another atom
    ("theorem t (y : ℝ) : Real.sin (2 * y) = 2 * Real.sin y", "linarith [Real.sin_two_mul y]"),
    ("theorem t (y : ℝ) : Real.cos (2 * y) = 2 * Real.cos y ^ 2", "linarith [Real.cos_two_mul y]"),
    ("theorem t (x : ℝ) : Real.sin x ^ 2 - Real.cos x ^ 2 = 1", "nlinarith [Real.sin_sq_add_cos_sq x]"),
    ("theorem t (B : ℝ) (hB : B = Real.pi / 2) : Real.cos B = 1", "linarith [congrArg Real.cos hB, Real.cos_pi_div_two]"),
    ("theorem t (B : ℝ) (hB : B = Real.pi / 2) : Real.sin B = 0", "linarith [congrArg Real.cos hB, Real.cos_pi_div_two]"),
]


@pytest.mark.parametrize("statement,tactic", CLOSED)
def test_rules_close(statement, tactic):
    assert isinstance(check(goal(statement), tactic), CheckedStep)


@pytest.mark.parametrize("statement,tactic", REFUSED)
def test_near_misses_are_refused(statement, tactic):
    assert isinstance(check(goal(statement), tactic), Refused)


def test_rewrite_rules():
    c = KernelChecker()
    r = c.apply(goal("theorem t (A : ℝ) (hA : A = Real.pi / 2) : Real.cos A ^ 2 = 0"), "rw [hA, Real.cos_pi_div_two]")
    assert isinstance(r, Subgoals) and show(r.goals[0].target) == "(0 ^ 2 : ℝ) = 0"
    assert isinstance(c.apply(goal("theorem t : Real.tan (Real.pi / 4) = 1"), "rw [Real.tan_pi_div_four]"), Closed)
    r = c.apply(goal("theorem t (x : ℝ) : Real.cos (Real.pi / 2 - x) = Real.sin x"), "rw [Real.cos_pi_div_two_sub]")
    assert isinstance(r, Closed)
    r = c.apply(goal("theorem t (x : ℝ) : Real.cos (Real.pi - x) ≤ 1"), "rw [Real.cos_pi_sub]")
    assert isinstance(r, Subgoals) and show(r.goals[0].target) == "-Real.cos x ≤ 1"
    # the pattern is the literal angle: `60 * π / 180` is not `π / 3` to rw, sin is not cos
    for statement, tactic in [("theorem t : Real.cos (60 * Real.pi / 180) = 1 / 2", "rw [Real.cos_pi_div_three]"),
                              ("theorem t (x : ℝ) : Real.cos (Real.pi / 2 - x) = Real.sin x", "rw [Real.sin_pi_div_two_sub]"),
                              ("theorem t : Real.sin (Real.pi / 3) = 1 / 2", "rw [Real.cos_pi_div_three]")]:
        assert not isinstance(c.apply(goal(statement), tactic), (Closed, Subgoals)), statement


# -- trig_leaf: scripts that replay, only for true statements ---------------------------------

LEAVES = [
    "theorem t (A : ℝ) (hA : A = Real.pi / 2) : Real.cos A ^ 2 = 0",
    "theorem t (α : ℝ) (h : α = Real.pi / 3) : 1 / Real.cos α = 2",
    "theorem t : Real.sin (50 * Real.pi / 180) = Real.cos (40 * Real.pi / 180)",
    "theorem t : Real.sin (130 * Real.pi / 180) = Real.sin (50 * Real.pi / 180)",
    "theorem t : Real.cos (60 * Real.pi / 180) + Real.sin (30 * Real.pi / 180) = 1",
    "theorem t (x y : ℝ) (hx : 0 ≤ x ∧ x ≤ Real.pi) (hy : 0 ≤ y ∧ y ≤ Real.pi) : "
    "Real.sin ((x + y) / 2) * Real.cos ((x - y) / 2) ≤ Real.sin ((x + y) / 2)",
    # division by a sin/cos atom, true also where it vanishes (x / 0 = 0): by_cases on it
    "theorem t (x : ℝ) : Real.sin x ^ 2 / Real.sin x = Real.sin x",
    "theorem t (x : ℝ) : Real.sin x * (1 - Real.cos x) / (1 - Real.cos x ^ 2) = Real.sin x * (1 - Real.cos x) / Real.sin x ^ 2",
]

NOT_LEAVES = [
    "theorem t (x : ℝ) : Real.sin x / Real.cos x * Real.cos x = Real.sin x",   # false at x = π / 2
    "theorem t (x : ℝ) : Real.cos x ^ 2 / Real.cos x = 1",
    "theorem t : Real.sin (50 * Real.pi / 180) = Real.cos (50 * Real.pi / 180)",
    "theorem t : Real.cos (60 * Real.pi / 180) + Real.sin (30 * Real.pi / 180) = 2",
    "theorem t (A : ℝ) (hA : A = Real.pi / 3) : Real.cos A = Real.sqrt 3 / 2",
    "theorem t (x y : ℝ) (hx : 0 ≤ x ∧ x ≤ 2 * Real.pi) (hy : 0 ≤ y ∧ y ≤ Real.pi) : "
    "Real.sin ((x + y) / 2) * Real.cos ((x - y) / 2) ≤ Real.sin ((x + y) / 2)",
]


@pytest.mark.parametrize("statement", LEAVES)
def test_trig_leaf_scripts_replay(statement):
    g = goal(statement)
    lines = trig_leaf(g, KernelChecker(), time.monotonic() + 20, reconstruct)
    assert lines, statement
    assert certify(g, "\n".join(lines)).ok, lines


@pytest.mark.parametrize("statement", NOT_LEAVES)
def test_trig_leaf_finds_nothing_for_false_statements(statement):
    assert trig_leaf(goal(statement), KernelChecker(), time.monotonic() + 10, reconstruct) is None


DENOMS = [1, 2, 3, 4, 6, 12, 180]
angles = st.builds(lambda k, d: Fraction(k, d), st.integers(-4, 200), st.sampled_from(DENOMS))


def _angle_text(q: Fraction) -> str:
    if q == 0:
        return "0"
    return f"{q.numerator} * Real.pi / {q.denominator}" if q.denominator != 1 else f"{q.numerator} * Real.pi"


@settings(max_examples=25, deadline=None)
@given(f=st.sampled_from(["Real.sin", "Real.cos"]), g=st.sampled_from(["Real.sin", "Real.cos"]),
       q=angles, r=st.sampled_from([None]) | angles)
def test_trig_leaf_is_sound_on_angles(f, g, q, r):
    """Any script found for `f (qπ) = g (rπ)` (or `f (qπ) = value`) replays, and the statement holds."""
    mpmath.mp.dps = 30
    left = mpmath.sin(q * mpmath.pi) if f == "Real.sin" else mpmath.cos(q * mpmath.pi)
    if r is None:
        rhs, right = "1 / 2", mpmath.mpf(1) / 2
    else:
        rhs = f"{g} ({_angle_text(r)})"
        right = mpmath.sin(r * mpmath.pi) if g == "Real.sin" else mpmath.cos(r * mpmath.pi)
    statement = f"theorem t : {f} ({_angle_text(q)}) = {rhs}"
    gl = goal(statement)
    lines = trig_leaf(gl, KernelChecker(), time.monotonic() + 10, reconstruct)
    if lines:
        assert abs(left - right) < mpmath.mpf(10) ** -20, (statement, lines)
        assert certify(gl, "\n".join(lines)).ok, lines


@given(k=st.integers(-50, 50), d=st.integers(1, 400))
def test_pi_linear_reads_the_angle(k, d):
    e = Elaborator({}).term(parse_term(f"{k} * Real.pi / {d}"))
    assert _pi_linear(e, {}) == (Fraction(0), Fraction(k, d))


# -- expansions: sum, difference, double angle (the portfolio's trig_rule) --------------------

IDENTITIES = [
    "theorem t (a b : ℝ) : 2 * Real.sin a * Real.cos b = Real.sin (a + b) + Real.sin (a - b)",
    "theorem t (a b : ℝ) : 2 * Real.sin a * Real.sin b = Real.cos (a - b) - Real.cos (a + b)",
    "theorem t (x : ℝ) : Real.cos (2 * x) = 1 - 2 * Real.sin x ^ 2",
]

NOT_IDENTITIES = [
    "theorem t (a b : ℝ) : 2 * Real.sin a * Real.cos b = Real.sin (a + b) - Real.sin (a - b)",
    "theorem t (a b : ℝ) : Real.cos (a - b) = Real.cos a * Real.cos b - Real.sin a * Real.sin b",
    "theorem t (x : ℝ) : Real.cos (2 * x) = 1 - Real.sin x ^ 2",
]


@pytest.mark.parametrize("statement", IDENTITIES)
def test_expansions_close_identities(statement):
    from prover.search.trig import expansion_candidates
    g = goal(statement)
    assert any(isinstance(check(g, t), CheckedStep) for t in expansion_candidates(g)), statement


@pytest.mark.parametrize("statement", NOT_IDENTITIES)
def test_expansions_refuse_near_misses(statement):
    from prover.search.trig import expansion_candidates
    g = goal(statement)
    candidates = expansion_candidates(g)
    assert candidates
    assert not any(isinstance(check(g, t), CheckedStep) for t in candidates), statement
