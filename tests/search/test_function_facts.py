"""Certificate finders for functions given by hypotheses (`prover/search/function_facts.py`):
Equiv values through `σ.left_inv`/`σ.right_inv`, functional equations instantiated at the
points the goal names, polynomial identities at small integers. Each script is replayed by the
kernel checker (`certify`)."""

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from prover.checkers.kernel_checker import KernelChecker, certify
from prover.search import reconstruct
from prover.search.function_facts import function_leaf
from prover.state import load_theorem

CASES = [
    # σ.2 at a value of σ.1's formula (a cube: solved by trying rationals)
    "theorem t (σ : Equiv ℝ ℝ) (h : ∀ x, σ.1 x = 2 * x ^ 3 - 3) : σ.2 13 = 2",
    # nested σ.2 (σ.1 (σ.2 c))
    "theorem t (σ : Equiv ℝ ℝ) (h : ∀ x, σ.1 x = 3 * x + 2) : σ.2 (σ.1 (σ.2 11)) = 3",
    # σ.1 from values of σ.2
    "theorem t (σ : Equiv ℝ ℝ) (h₀ : σ.2 4 = 1) (h₁ : σ.2 1 = 7) : σ.1 (σ.1 7) = 4",
    # an equation with σ.2 x: σ.1 applied to both sides
    "theorem t (x : ℝ) (σ : Equiv ℝ ℝ) (h₀ : ∀ x, σ.1 x = 2 * x + 1) (h₁ : σ.1 x = σ.2 x) : x = -1",
    # two binders with premises, aligned arguments
    "theorem t (f : ℝ → ℝ) (h₀ : ∀ x > 0, ∀ y > 0, f (x * y) = f x / y) (h₁ : f 4 = 6) : f 8 = 3",
    # x and 12 - x
    "theorem t (f : ℝ → ℝ) (h : ∀ x, 2 * f x + f (12 - x) = x) : f 5 = 1",
    # x and 60 / x with a premise
    "theorem t (f : ℝ → ℝ) (h : ∀ x > 0, f x + 2 * f (60 / x) = x) : f 6 = 14 / 3",
    # a shifted argument against a quadratic formula
    "theorem t (a b c : ℝ) (f : ℝ → ℝ) (h₀ : ∀ x, f (x - 1) = x ^ 2 + 1) (h₁ : ∀ x, f x = a * x ^ 2 + b * x + c) : c = 2",
    # coefficients of a polynomial identity
    "theorem t (a b : ℝ) (h : ∀ x, x ^ 2 + a * x + b = (x - 1) * (x - 4)) : a + b = -1",
    # symbolic instances, arguments aligned by `ring`
    "theorem t (f : ℝ → ℝ) (y : ℝ) (h : ∀ x, f x = f (2 - x)) : f (y + 1) = f (1 - y)",
    # a witness, the rest by the definition's instance
    "theorem t (f : ℝ → ℝ) (b : ℝ) (h : ∀ x, f x = 2 * b) : ∃ y, f y = 2 * b",
    # the witness is the other side (`use` closes `f 2 = f 2` by its rfl)
    "theorem t (f : ℝ → ℝ) (h : ∀ x, f (f x) = x) : ∃ a, f 2 = a",
]


@pytest.mark.parametrize("text", CASES)
def test_checked_script(text):
    g = load_theorem(text).goal
    lines = function_leaf(g, KernelChecker(), time.monotonic() + 20, reconstruct)
    assert lines, text
    assert certify(g, "\n".join(lines)).ok


FALSE = [
    # σ.1 at the point where σ.2 is known: the direction swapped (σ.1 13 is 2 * 13 ^ 3 - 3)
    "theorem t (σ : Equiv ℝ ℝ) (h : ∀ x, σ.1 x = 2 * x ^ 3 - 3) : σ.1 13 = 2",
    # outside the ∀'s domain (x > 0): nothing is known about f (-6)
    "theorem t (f : ℝ → ℝ) (h : ∀ x > 0, f x + 2 * f (60 / x) = x) : f (-6) = -6",
    # a point the hypothesis says nothing about
    "theorem t (f : ℝ → ℝ) (h₀ : ∀ x > 1, f x = 2 * x) : f 1 = 2",
]


@pytest.mark.parametrize("text", FALSE)
def test_no_script_for_false_statements(text):
    g = load_theorem(text).goal
    assert function_leaf(g, KernelChecker(), time.monotonic() + 10, reconstruct) is None


def test_cancellation_by_a_nonzero_factor():
    """`mul_left_cancel₀ hb (by linear_combination … : b * (a) = b * (1))` after the identity's
    instances (conjunctions named first)."""
    text = ("theorem t (a b : ℝ) (h₀ : a ≠ 0 ∧ b ≠ 0) (h₁ : ∀ x, x ^ 2 + 2 * a * x + b = (x - a) * (x - b)) : "
            "a = 1")
    g = load_theorem(text).goal
    lines = function_leaf(g, KernelChecker(), time.monotonic() + 20, reconstruct)
    assert lines and any("mul_left_cancel₀" in x for x in lines)
    assert certify(g, "\n".join(lines)).ok


def test_cancellation_through_an_intermediate_factor():
    """Two roots of a quadratic given by its formula: `(u - v) * q = 0` from the difference of the
    two instances (a factor found in a Gröbner basis, untrusted), `q = 0` by `mul_left_cancel₀`
    with `sub_ne_zero.mpr`, then the goal by a second cancellation."""
    text = ("theorem t (a b : ℝ) (f : ℝ → ℝ) (h₀ : ∀ x, f x = x ^ 2 + a * x + b) (h₁ : a ≠ b) "
            "(h₂ : f a = 0) (h₃ : f b = 0) : a = 1")
    g = load_theorem(text).goal
    lines = function_leaf(g, KernelChecker(), time.monotonic() + 20, reconstruct)
    assert lines and sum("mul_left_cancel₀" in x for x in lines) >= 1
    assert certify(g, "\n".join(lines)).ok


@pytest.mark.parametrize("text,script,ok", [
    ("theorem t (a b : ℝ) (ha : a ≠ 0) (h : a * b = a * 2) : b = 2", "linarith [mul_left_cancel₀ ha h]", True),
    ("theorem t (a b : ℝ) (hb : b ≠ 0) (h : a * b = 2 * b) : a = 2", "linarith [mul_right_cancel₀ hb h]", True),
    ("theorem t (a b : ℝ) (h : a ≠ 1) (h2 : (a - 1) * b = (a - 1) * 3) : b = 3",
     "linarith [mul_left_cancel₀ (sub_ne_zero.mpr h) h2]", True),
    # the nonzero factor is not the one multiplied
    ("theorem t (a b : ℝ) (hb : b ≠ 0) (h : a * b = a * 2) : b = 2", "linarith [mul_left_cancel₀ hb h]", False),
    # left cancellation of a right factor
    ("theorem t (a b : ℝ) (hb : b ≠ 0) (h : a * b = 2 * b) : a = 2", "linarith [mul_left_cancel₀ hb h]", False),
    # mul_left_cancel₀ is polymorphic (ℚ is a cancellative monoid with zero); mul_right_cancel₀ is stated at ℝ only
    ("theorem t (a b : ℚ) (ha : a ≠ 0) (h : a * b = a * 2) : b = 2", "linarith [mul_left_cancel₀ ha h]", True),
    ("theorem t (a b : ℚ) (hb : b ≠ 0) (h : a * b = 2 * b) : a = 2", "linarith [mul_right_cancel₀ hb h]", False),
])
def test_cancellation_lemmas(text, script, ok):
    assert certify(load_theorem(text).goal, script).ok is ok


@settings(max_examples=25, deadline=None)
@given(st.integers(1, 5), st.integers(-5, 5), st.integers(-6, 6), st.integers(-2, 2))
def test_equiv_scripts_only_for_true_values(a, b, y, delta):
    """`σ.1 x = a * x + b` determines `σ.2 (a * y + b) = y`: a script (always replayed by the
    kernel) exists for the true value and never for a shifted one."""
    c = a * y + b
    text = f"theorem t (σ : Equiv ℝ ℝ) (h : ∀ x, σ.1 x = {a} * x + {b}) : σ.2 ({c}) = {y + delta}"
    g = load_theorem(text).goal
    lines = function_leaf(g, KernelChecker(), time.monotonic() + 10, reconstruct)
    if delta != 0:
        assert lines is None
    else:
        assert lines is not None and certify(g, "\n".join(lines)).ok


def test_equiv_statement_text_is_kept():
    """The Equiv laws stated at load time do not replace the theorem's own text (the exported
    `.lean` file printed `theorem t : ∀ x, σ.1 (σ.2 x) = x`)."""
    text = "theorem t (σ : Equiv ℝ ℝ) (h : ∀ x, σ.1 x = 2 * x + 1) : σ.2 7 = 3"
    assert load_theorem(text).statement.strip() == text
