"""Periodic recurrences (`prover.search.recurrence`): the period proved from the recurrence's
instances, values far out brought back to the first period, every step kernel-checked; and
the kernel's `congrArg f h` for a local function f."""

import time

import pytest

import prover.search.reconstruct as finders
from prover.checkers.kernel_checker import KernelChecker, certify
from prover.kernel import CheckedStep, check
from prover.search.recurrence import periodic_leaf
from prover.state import load_theorem

SUB = ("theorem t (x : ℕ → ℤ) (h₀ : x 0 = 2) (h₁ : x 1 = 5) (h : ∀ n ≥ 2, x n = x (n - 1) - x (n - 2)) : "
       "x 100 = {v}")
OFFSET = "theorem t (x : ℕ → ℚ) (h₀ : x 0 = 1) (h₁ : x 1 = 7) (h₂ : x 2 = 3) (h : ∀ n, x (n + 3) = -x n) : x 301 + x 62 = {v}"


def leaf(statement):
    return periodic_leaf(load_theorem(statement).goal, KernelChecker(), time.monotonic() + 20, finders)


@pytest.mark.parametrize("statement,value", [(SUB, -5), (OFFSET, 7 + 3)])
def test_far_values_by_the_period(statement, value):
    # x: 2, 5, 3, -2, -5, -3 (period 6), x 100 = x 4; the offset form: period 6, x 301 = x 1 and x 62 = x 2
    script = leaf(statement.format(v=value))
    assert script and certify(load_theorem(statement.format(v=value)).goal, "\n".join(script)).ok
    assert leaf(statement.format(v=value + 1)) is None


def test_declined_at_once_when_not_its_shape():
    for statement in ("theorem t (x : ℕ → ℤ) (h₀ : x 0 = 2) (h : ∀ n, x (n + 1) = x n * x n) : x 100 = 2",   # not linear
                      "theorem t (x : ℕ → ℤ) (h₀ : x 0 = 2) (h : ∀ n, x (n + 1) = x n) : x 10 = 2"):     # near: the chain's
        start = time.monotonic()
        assert leaf(statement) is None and time.monotonic() - start < 0.05


CONGR_ACCEPT = [
    ("theorem t (x : ℕ → ℤ) (k : ℕ) : x (k + 5 - 1) = x (k + 4)", "exact congrArg x (by omega : k + 5 - 1 = k + 4)"),
    ("theorem t (f : ℤ → ℝ) (k : ℤ) : f (k + 2 - 1) = f (k + 1)", "exact congrArg f (by ring : k + 2 - 1 = k + 1)"),
]
CONGR_REFUSE = [
    # a false equation: omega refuses it
    ("theorem t (x : ℕ → ℤ) (k : ℕ) : x (k + 5 - 1) = x (k + 3)", "exact congrArg x (by omega : k + 5 - 1 = k + 3)"),
    # the equation proved is not the goal's
    ("theorem t (x : ℕ → ℤ) (k : ℕ) : x (k + 5 - 1) = x (k + 3)", "exact congrArg x (by omega : k + 5 - 1 = k + 4)"),
    # an equation in another type than the function's domain
    ("theorem t (x : ℕ → ℤ) (k : ℕ) : x (k + 5 - 1) = x (k + 4)", "exact congrArg x (by omega : (k : ℤ) + 5 - 1 = k + 4)"),
    # a hypothesis is no function
    ("theorem t (x : ℕ → ℤ) (k : ℕ) (h : k = 1) : x (k + 5 - 1) = x (k + 4)", "exact congrArg h (by omega : k + 5 - 1 = k + 4)"),
]


@pytest.mark.parametrize("statement,tactic", CONGR_ACCEPT)
def test_congr_arg_of_a_local_function(statement, tactic):
    assert isinstance(check(load_theorem(statement).goal, tactic), CheckedStep)


@pytest.mark.parametrize("statement,tactic", CONGR_REFUSE)
def test_congr_arg_refusals(statement, tactic):
    assert not isinstance(check(load_theorem(statement).goal, tactic), CheckedStep)
