"""The base of a logarithm from equations in logs (`prover.search.logb_solve`, round 12).

The finder proposes; the kernel checks: each script returned here is replayed through
`KernelChecker`, false values of the base get no script, and goals of other shapes are
declined before any checker call. The case `Real.log b = 0` (b = 1, where Lean's
`logb 1 A = log A / 0 = 0`) is closed inside the script, never assumed away."""

import time
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from prover.checkers.kernel_checker import KernelChecker
from prover.checkers.replay import replay
from prover.search.logb_solve import applies, logb_base_leaf
from prover.state import load_theorem


def goal(text):
    return load_theorem(text).goal


def leaf(text, budget=10.0):
    import prover.search.reconstruct as finders
    return logb_base_leaf(goal(text), KernelChecker(), time.monotonic() + budget, finders)


def statement(p, q, k, value):
    """p ^ (x + k) = q ^ x with x = logb b (p ^ k): x (log q - log p) = k log p, so b = q / p."""
    return (f"theorem t (x b : ℝ) (h₀ : 0 < b) (h₁ : ({p} : ℝ) ^ (x + {k}) = {q} ^ x) "
            f"(h₂ : x = Real.logb b ({p} ^ {k})) : b = {value}")


TRUE = [
    statement(3, 5, 2, "5 / 3"),
    statement(2, 6, 3, "3"),
    statement(5, 2, 1, "2 / 5"),   # b < 1: log b < 0
    "theorem t (y c : ℝ) (hc : 0 < c) (h : (2 : ℝ) ^ (y + 1) = 3 ^ y) (hy : Real.logb c (2 ^ 1) = y) : c = 3 / 2",
    "theorem t (b : ℝ) (h₀ : 0 < b) (h : Real.logb b 8 = 3) : b = 2",          # a literal value of the logb
    "theorem t (b : ℝ) (h₀ : 0 < b) (h : 2 = Real.logb b (9 / 4)) : b = 3 / 2",
    "theorem t (b : ℝ) (h₀ : 0 < b) (h : Real.logb b 25 = 1 / 2) : b = 625",
    "theorem t (b : ℝ) (h₀ : 0 < b) (h : Real.logb b 8 = -3) : b = 1 / 2",
]
FALSE = [
    statement(3, 5, 2, "7 / 3"),
    statement(2, 6, 3, "6"),
    statement(5, 2, 1, "5 / 2"),
    "theorem t (y c : ℝ) (hc : 0 < c) (h : (2 : ℝ) ^ (y + 1) = 3 ^ y) (hy : Real.logb c (2 ^ 1) = y) : c = 3",
    "theorem t (b : ℝ) (h₀ : 0 < b) (h : Real.logb b 8 = 3) : b = 4",
    "theorem t (b : ℝ) (h₀ : 0 < b) (h : 2 = Real.logb b (9 / 4)) : b = 9 / 4",
    "theorem t (b : ℝ) (h₀ : 0 < b) (h : Real.logb b 25 = 1 / 2) : b = 5",
    "theorem t (b : ℝ) (h₀ : 0 < b) (h : Real.logb b 8 = -3) : b = 2",
]


@pytest.mark.parametrize("text", TRUE)
def test_true_values_get_a_replayed_script(text):
    lines = leaf(text)
    assert lines is not None
    assert replay(goal(text), "\n".join(lines), checker=KernelChecker()).ok
    assert any(x.startswith("by_cases") for x in lines)   # log b = 0 is a case, not an assumption


@settings(max_examples=8, deadline=None)
@given(st.sampled_from([2, 3, 5]), st.integers(-3, 3).filter(bool), st.sampled_from([1, 2, 3]),
       st.booleans())
def test_literal_logb_a_script_only_for_its_base(p, k, m, true):
    """`Real.logb b (p ^ k) = k / m` holds for b = p ^ m alone (b > 0): a script for that base
    (replayed), none for p ^ m · 2."""
    a = Fraction(p) ** k
    base = Fraction(p) ** m * (1 if true else 2)
    lit = f"{abs(k)} / {m}" if k > 0 else f"-({abs(k)} / {m})"
    text = (f"theorem t (b : ℝ) (h₀ : 0 < b) (h : Real.logb b ({a.numerator} / {a.denominator}) = {lit}) : "
            f"b = {base.numerator} / {base.denominator}")
    lines = leaf(text)
    if true:
        assert lines is not None and replay(goal(text), "\n".join(lines), checker=KernelChecker()).ok
    else:
        assert lines is None


@pytest.mark.parametrize("text", FALSE)
def test_false_values_get_no_script(text):
    assert leaf(text) is None


def test_without_positivity_it_declines():
    text = statement(3, 5, 2, "5 / 3").replace("(h₀ : 0 < b) ", "")
    assert not applies(goal(text))
    assert leaf(text) is None


@pytest.mark.parametrize("text", [
    "theorem t (x : ℝ) (h : x + 1 = 2) : x = 1",
    "theorem t (x b : ℝ) (h₀ : 0 < b) (h₂ : x = Real.logb 2 b) : b = 2",
    "theorem t (x b : ℝ) (h₀ : 0 < b) (h₂ : x = Real.logb b 8) : b ≤ 2",
])
def test_other_shapes_are_declined_cheaply(text):
    start = time.monotonic()
    assert not applies(goal(text))
    assert leaf(text) is None
    assert time.monotonic() - start < 0.5


@settings(max_examples=10, deadline=None)
@given(st.sampled_from([2, 3, 5, 7]), st.sampled_from([2, 3, 5, 6, 10]), st.integers(1, 3),
       st.sampled_from([Fraction(1, 2), Fraction(2), Fraction(3, 2), Fraction(1)]))
def test_a_script_only_for_the_true_base(p, q, k, scale):
    """Whatever p, q, k: a script comes back exactly when the claimed base is q / p (the one
    value the hypotheses allow when p ≠ q), and it replays."""
    if p == q:
        return
    value = Fraction(q, p) * scale
    text = statement(p, q, k, f"{value.numerator} / {value.denominator}")
    lines = leaf(text)
    if scale != 1:
        assert lines is None
    else:
        assert lines is not None
        assert replay(goal(text), "\n".join(lines), checker=KernelChecker()).ok
