"""Surds, logb identities and monotone log/√ comparisons (`prover.search.surds`, round 12).

Finders propose; the kernel checks: every script returned here is replayed through
`KernelChecker`, and the false variants get no script. The new kernel pieces get their own
soundness tests: the `Real.sqrt_eq_iff_mul_self_eq_of_pos`, `Real.le_sqrt_of_sq_le`,
`Real.sqrt_le_iff` statements hold numerically under Lean's `√x = 0` for x < 0; `one_div_div`
rewrites only in a `DivisionMonoid` (ℚ ℝ ℂ, never truncating ℕ/ℤ division); `exact` reads
`a ≥ b` as `b ≤ a` and nothing more."""

import math
import time
from fractions import Fraction

import mpmath
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from prover.checkers.base import Closed
from prover.checkers.kernel_checker import KernelChecker
from prover.checkers.replay import replay
from prover.kernel.lemmas import signature
from prover.kernel.proof import CheckedStep, Refused
from prover.kernel.tactics import check
from prover.search import reconstruct
from prover.search.surds import _square_part, applies, monotone_leaf, surd_leaf
from prover.state import load_theorem


def goal(text):
    return load_theorem(text).goal


def _replays(g, lines):
    return replay(g, "\n".join(lines), checker=KernelChecker()).ok


SURD_TRUE = [
    "theorem t (x : ℝ) (hx : 0 ≤ x) : x + 1 = Real.sqrt (x ^ 2 + 2 * x + 1)",
    "theorem t : Real.sqrt (Real.sqrt 48 / Real.sqrt 3) = 2",
    "theorem t : Real.sqrt 72 = 6 * Real.sqrt 2",
    "theorem t : 6 / Real.sqrt 3 = 2 * Real.sqrt 3",
    "theorem t (m : ℕ) : Real.sqrt (m ^ 2 + 2 * m + 2) - (m + 1) = 1 / (Real.sqrt (m ^ 2 + 2 * m + 2) + (m + 1))",
]


@pytest.mark.parametrize("statement", SURD_TRUE)
def test_surd_leaf_is_checked(statement):
    g = goal(statement)
    lines = surd_leaf(g, KernelChecker(), time.monotonic() + 20, reconstruct, "z3")
    assert lines and _replays(g, lines), lines


SURD_FALSE = [
    "theorem t (x : ℝ) : x + 1 = Real.sqrt (x ^ 2 + 2 * x + 1)",          # x = -3: -2 ≠ 2
    "theorem t : Real.sqrt (Real.sqrt 48 / Real.sqrt 3) = 4",
    "theorem t : Real.sqrt 72 = 6 * Real.sqrt 3",
    "theorem t : 6 / Real.sqrt 3 = 3 * Real.sqrt 2",
    "theorem t (m : ℕ) : Real.sqrt (m ^ 2 + 2 * m + 2) - m = 1 / (Real.sqrt (m ^ 2 + 2 * m + 2) + m)",
]


@pytest.mark.parametrize("statement", SURD_FALSE)
def test_surd_leaf_refuses_false_statements(statement):
    g = goal(statement)
    assert surd_leaf(g, KernelChecker(), time.monotonic() + 8, reconstruct, "z3") is None


def test_shape_gate_is_cheap_and_selective():
    assert not applies(goal("theorem t (x : ℝ) (h : 0 < x) : x ^ 2 > 0"))
    # `√2 ≤ 2` alone: transcendental_leaf's business (facts, then nlinarith), not this finder's
    assert not applies(goal("theorem t : Real.sqrt 2 ≤ 2"))
    assert applies(goal("theorem t : Real.sqrt 12 ≤ 4"))            # 12 = 2² · 3
    assert applies(goal("theorem t (x : ℝ) (hx : 0 < x) : Real.sqrt 2 ≤ x + 1 / (2 * x)"))


@settings(max_examples=80, deadline=None)
@given(st.integers(2, 10 ** 6))
def test_square_part_factors(n):
    k, m = _square_part(n)
    assert k * k * m == n
    assert all(m % (p * p) for p in range(2, math.isqrt(m) + 1))   # m is squarefree


# -- monotone comparisons ------------------------------------------------------------------

MONO_TRUE = [
    "theorem t (x : ℝ) (hx : 0 < x) : Real.log (x ^ 2 + 1) ≥ 0",
    "theorem t (x : ℝ) (hx : 0 < x) : Real.log (x + 1) < Real.log (x + 2)",
    "theorem t (x : ℝ) (hx : 0 ≤ x) : x + 1 ≤ Real.sqrt (x ^ 2 + 2 * x + 1)",
    "theorem t (x : ℝ) : Real.sqrt (x ^ 2) ≤ Real.sqrt (x ^ 2 + 1)",
]


@pytest.mark.parametrize("statement", MONO_TRUE)
def test_monotone_leaf_is_checked(statement):
    g = goal(statement)
    lines = monotone_leaf(g, KernelChecker(), time.monotonic() + 20, reconstruct, "z3")
    assert lines and _replays(g, lines), lines


MONO_FALSE = [
    "theorem t (x : ℝ) : Real.log (x ^ 2 - 1) ≥ 0",                 # x = 1.2: log 0.44 < 0
    "theorem t (x : ℝ) (hx : 0 < x) : Real.log (x + 2) < Real.log (x + 1)",
    "theorem t (x : ℝ) : x + 1 ≤ Real.sqrt (x ^ 2 + 1)",            # x = 1: 2 > √2
]


@pytest.mark.parametrize("statement", MONO_FALSE)
def test_monotone_leaf_refuses_false_statements(statement):
    g = goal(statement)
    assert monotone_leaf(g, KernelChecker(), time.monotonic() + 8, reconstruct, "z3") is None


def test_exact_reads_ge_as_le_and_nothing_more():
    g = goal("theorem t (x : ℝ) (h : 1 ≤ x) : Real.log x ≥ 0")
    assert isinstance(check(g, "exact Real.log_nonneg h"), CheckedStep)
    for wrong in ("theorem t (x : ℝ) (h : 1 ≤ x) : Real.log x ≤ 0", "theorem t (x : ℝ) (h : 1 ≤ x) : 0 ≥ Real.log x",
                  "theorem t (x : ℝ) (h : 1 ≤ x) : Real.log x > 0"):
        assert isinstance(check(goal(wrong), "exact Real.log_nonneg h"), Refused), wrong


# -- logb identities and one_div_div ------------------------------------------------------

def test_logb_reciprocal_by_one_div_div():
    g = goal("theorem t (a b : ℝ) : Real.logb a b = 1 / Real.logb b a")
    lines = reconstruct._logb_identity(g, KernelChecker())
    assert lines == ["rw [Real.logb, Real.logb, one_div_div]"]
    assert _replays(g, lines)


@pytest.mark.parametrize("ty", ["ℕ", "ℤ"])
def test_one_div_div_needs_a_division_monoid(ty):
    # `1 / (3 / 2) = 1` but `2 / 3 = 0` in ℕ: Lean finds no `DivisionMonoid ℕ`
    g = goal(f"theorem t (a b : {ty}) : 1 / (a / b) = b / a")
    assert not isinstance(KernelChecker().apply(g, "rw [one_div_div]"), Closed)


@settings(max_examples=60, deadline=None)
@given(st.fractions(), st.fractions())
def test_one_div_div_holds_with_lean_division(a, b):
    """The rewrite rule's statement `1 / (a / b) = b / a` holds in ℚ with `x / 0 = 0`, zero included."""
    div = lambda x, y: Fraction(0) if y == 0 else x / y
    assert div(1, div(a, b)) == div(b, a)


def test_one_div_div_rewrites_in_a_field():
    g = goal("theorem t (a b : ℝ) : 1 / (a / b) = b / a")
    assert isinstance(KernelChecker().apply(g, "rw [one_div_div]"), Closed)


# -- the new signatures hold under Lean's conventions -------------------------------------

def _sqrt(v):
    return mpmath.sqrt(v) if v > 0 else mpmath.mpf(0)


@settings(max_examples=200, deadline=None)
@given(st.sampled_from([-4, -1, 0, 0.25, 1, 2, 4, 9]), st.sampled_from([-3, -2, -0.5, 0, 0.5, 1, 2, 3]))
def test_new_sqrt_signatures_hold(x, y):
    x, y = mpmath.mpf(x), mpmath.mpf(y)
    # Real.sqrt_eq_iff_mul_self_eq_of_pos (h : 0 < y) : √x = y ↔ y * y = x
    if y > 0:
        assert (_sqrt(x) == y) == (y * y == x)
    # Real.le_sqrt_of_sq_le (h : x ^ 2 ≤ y) : x ≤ √y   (read with x, y swapped roles here)
    if y ** 2 <= x:
        assert y <= _sqrt(x)
    # Real.sqrt_le_iff : √x ≤ y ↔ 0 ≤ y ∧ x ≤ y ^ 2
    assert (_sqrt(x) <= y) == (0 <= y and x <= y ** 2)


def test_new_signatures_are_the_mathlib_statements():
    assert signature("Real.sqrt_eq_iff_mul_self_eq_of_pos").statement.op == "iff"
    g = goal("theorem t (r : ℝ) (h : 0 < r) (e : r * r = 5) : True")
    from prover.kernel.lemmas import BadHint, resolve
    from prover.syntax.printer import show
    assert show(resolve(g, "(Real.sqrt_eq_iff_mul_self_eq_of_pos h).mpr e")) == "Real.sqrt 5 = r"
    g2 = goal("theorem t (r : ℝ) (e : r * r = 5) : True")
    with pytest.raises(BadHint):   # no proof of 0 < r: the premise is not assumed
        resolve(g2, "(Real.sqrt_eq_iff_mul_self_eq_of_pos (by norm_num : (0:ℝ) < r)).mpr e")


# -- integer powers with literal exponents ------------------------------------------------

def test_zpow_leaf_is_checked():
    from prover.search.surds import zpow_leaf
    g = goal("theorem t (x : ℝ) (hx : x ≠ 0) : (3 * x) ^ (-(2 : ℤ)) * x ^ 2 = 1 / 9")
    lines = zpow_leaf(g, KernelChecker(), time.monotonic() + 20, reconstruct, "z3")
    assert lines and lines[:2] == ["rw [zpow_neg]", "rw [zpow_ofNat]"] and _replays(g, lines), lines
    # without x ≠ 0 it is false in Lean (0⁻¹ = 0): field_simp cannot clear the denominator
    bad = goal("theorem t (x : ℝ) : (3 * x) ^ (-(2 : ℤ)) * x ^ 2 = 1 / 9")
    assert zpow_leaf(bad, KernelChecker(), time.monotonic() + 8, reconstruct, "z3") is None


def test_zpow_rewrites_are_mathlibs():
    c = KernelChecker()
    # zpow_neg: `a ^ (-n) = (a ^ n)⁻¹` in a DivisionMonoid only (ℕ/ℤ have no zpow to rewrite)
    r = c.apply(goal("theorem t (x : ℝ) : x ^ (-(2 : ℤ)) = (x ^ (2 : ℤ))⁻¹"), "rw [zpow_neg]")
    assert isinstance(r, Closed)
    # zpow_ofNat: a literal exponent only; a variable exponent is not `OfNat.ofNat n`
    r = c.apply(goal("theorem t (x : ℝ) (k : ℤ) : x ^ k = 1"), "rw [zpow_ofNat]")
    assert not isinstance(r, Closed) and getattr(r, "reason", "").startswith("rw [zpow_ofNat]: pattern not found")
    # two different literal powers: which one Lean's kabstract meets first is not modelled
    r = c.apply(goal("theorem t (x : ℝ) : x ^ (2 : ℤ) * x ^ (3 : ℤ) = x ^ 5"), "rw [zpow_ofNat]")
    assert not isinstance(r, Closed) and "not modelled" in r.reason
    assert isinstance(c.apply(goal("theorem t (x : ℝ) : x ^ (3 : ℤ) = x ^ 3"), "rw [zpow_ofNat]"), Closed)


@settings(max_examples=60, deadline=None)
@given(st.fractions(max_denominator=50).filter(lambda q: abs(q) < 100), st.integers(0, 6))
def test_zpow_rules_hold_with_lean_inverse(a, n):
    """zpow_neg and zpow_ofNat at exact rationals, with `0⁻¹ = 0` (the rules' statements)."""
    inv = lambda q: Fraction(0) if q == 0 else 1 / q
    zpow = lambda q, k: q ** k if k >= 0 else inv(q ** -k)
    assert zpow(a, -n) == inv(zpow(a, n))
    assert zpow(a, n) == a ** n


def test_zpow_of_nat_literals_zero_and_one_are_not_rewritten():
    # `(1 : ℤ)` and `(0 : ℤ)` are `One`/`Zero` literals in Mathlib: `zpow_one`/`zpow_zero` state them
    for k in (0, 1):
        r = KernelChecker().apply(goal(f"theorem t (x : ℝ) : x ^ ({k} : ℤ) = x ^ {k}"), "rw [zpow_ofNat]")
        assert not isinstance(r, Closed)


@settings(max_examples=30, deadline=None)
@given(j=st.integers(0, 5), k=st.integers(2, 5), first=st.booleans())
def test_zpow_of_nat_refuses_when_another_literal_power_could_match_first(j, k, first):
    """Review finding: over ℤ, `(0 : ℤ)` and `(1 : ℤ)` are `OfNat` numerals too, so with
    `x ^ (1 : ℤ)` before `y ^ (2 : ℤ)` Lean rewrites the first and leaves the second. Any two
    different literal powers refuse, whatever their exponents and order."""
    a, b = f"x ^ ({j} : ℤ)", f"y ^ ({k} : ℤ)"
    lhs = f"{a} + {b}" if first else f"{b} + {a}"
    rhs = f"{a} + y ^ {k}" if first else f"y ^ {k} + {a}"
    r = KernelChecker().apply(goal(f"theorem t (x y : ℝ) : {lhs} = {rhs}"), "rw [zpow_ofNat]")
    assert not isinstance(r, Closed)


# -- real powers of squares of surds --------------------------------------------------------

RPOW_TRUE = [
    "theorem t : (11 + 6 * Real.sqrt 2) ^ ((1 : ℝ) / 2) = 3 + Real.sqrt 2",
    "theorem t : (7 - 4 * Real.sqrt 3) ^ ((3 : ℝ) / 2) = 26 - 15 * Real.sqrt 3",
]


@pytest.mark.parametrize("statement", RPOW_TRUE)
def test_rpow_square_leaf_is_checked(statement):
    from prover.search.surds import rpow_square_leaf
    g = goal(statement)
    lines = rpow_square_leaf(g, KernelChecker(), time.monotonic() + 20, reconstruct, "z3")
    assert lines and _replays(g, lines), lines


@pytest.mark.parametrize("statement", [
    "theorem t : (11 + 6 * Real.sqrt 2) ^ ((1 : ℝ) / 2) = 3 - Real.sqrt 2",
    "theorem t : (7 - 4 * Real.sqrt 3) ^ ((3 : ℝ) / 2) = 15 * Real.sqrt 3 - 26",   # the root of the negative square
])
def test_rpow_square_leaf_refuses_false_statements(statement):
    from prover.search.surds import rpow_square_leaf
    assert rpow_square_leaf(goal(statement), KernelChecker(), time.monotonic() + 8, reconstruct, "z3") is None


def test_rpow_mul_needs_a_nonnegative_base():
    """`(-1) ^ (2 * (1/2)) = -1` but `((-1) ^ 2) ^ (1/2) = 1`: Real.rpow_mul's `0 ≤ x` is essential."""
    from prover.kernel.lemmas import BadHint, resolve
    x = mpmath.mpf(-1)
    assert mpmath.mpf(-1) ** 1 != (x ** 2) ** mpmath.mpf(0.5)
    g = goal("theorem t (x : ℝ) (h : x ≤ 0) : True")
    with pytest.raises(BadHint):
        resolve(g, "Real.rpow_mul h 2 (1 / 2)")
    with pytest.raises(BadHint):
        resolve(g, "Real.rpow_mul (by positivity : (0:ℝ) ≤ x) 2 (1 / 2)")
    ok = goal("theorem t (x : ℝ) (h : 0 ≤ x) : True")
    from prover.syntax.printer import show
    assert show(resolve(ok, "Real.rpow_mul h 2 (1 / 2)")) == "x ^ ((2 * (1 / 2)) : ℝ) = (x ^ (2 : ℝ)) ^ ((1 / 2) : ℝ)"


def test_rewrite_separates_real_powers_from_monoid_powers():
    """`x ^ (y : ℝ)` is `Real.rpow` (irreducible) and `x ^ (n : ℕ)` is `Monoid.npow`: kabstract never
    identifies them, so `rw [← h]` with `h : x ^ (2 : ℝ) = x ^ 2` rewrites the ℕ power only."""
    g = goal("theorem t (x : ℝ) (h : x ^ ((2 : ℕ) : ℝ) = x ^ 2) : (x ^ 2) ^ ((3 : ℝ) / 2) = (x ^ ((2 : ℕ) : ℝ)) ^ ((3 : ℝ) / 2)")
    assert isinstance(KernelChecker().apply(g, "rw [← h]"), Closed)
