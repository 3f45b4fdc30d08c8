"""Cofactors after eliminating definitional equations (`prover.search.elimination`, untrusted)
and the surd finder's `v = c ∨ v = -c` split that uses them (`surds._root_split`)."""

from __future__ import annotations

import time

import pytest
import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from prover.checkers.kernel_checker import KernelChecker
from prover.checkers.replay import replay
from prover.search import reconstruct
from prover.search.elimination import eliminated_cofactors
from prover.search.surds import surd_leaf
from prover.state import load_theorem

A, R, S, U0, U1, U3 = sympy.symbols("a r s u0 u1 u3")


def test_geometric_sequence_cofactors():
    gens = [U0 - A, U1 - A * R, U3 - A * R ** 3, U1 - 2, U3 - 6, S ** 2 - 3]
    target = U0 ** 2 - sympy.Rational(4, 9) * S ** 2
    found = eliminated_cofactors(target, gens, [U0, U1, U3, A, R, S])
    assert found is not None
    assert sympy.expand(target - sum(c * g for c, g in zip(found, gens))) == 0


def test_no_cofactors_outside_the_ideal():
    # u 3 = 12: r² = 6, a² = 2 / 3, so u 0 ^ 2 = 4 / 9 * 3 is not in the ideal
    gens = [U0 - A, U1 - A * R, U3 - A * R ** 3, U1 - 2, U3 - 12, S ** 2 - 3]
    target = U0 ** 2 - sympy.Rational(4, 9) * S ** 2
    assert eliminated_cofactors(target, gens, [U0, U1, U3, A, R, S]) is None


poly = st.lists(st.tuples(st.integers(-3, 3), st.integers(0, 2), st.integers(0, 2)), min_size=1, max_size=3)


def _poly(terms):
    return sum(c * A ** i * R ** j for c, i, j in terms)


@settings(max_examples=30, deadline=None)
@given(poly, poly, poly, st.integers(-4, 4))
def test_cofactors_are_an_identity_whenever_returned(c1, c2, d, k):
    """Whatever is returned satisfies target = Σ cᵢ gensᵢ exactly (the kernel re-checks it
    anyway; this pins the lifting through the substitutions)."""
    gens = [U0 - _poly(d), U1 - k * A, A * R - 2]
    target = sympy.expand(_poly(c1) * gens[0] + _poly(c2) * gens[2] + U1 * gens[1])
    found = eliminated_cofactors(target, gens, [U0, U1, A, R])
    if found is not None:
        assert sympy.expand(target - sum(c * g for c, g in zip(found, gens))) == 0


@settings(max_examples=20, deadline=None)
@given(poly, st.integers(-4, 4))
def test_a_non_member_never_gets_cofactors(c, k):
    """u0 - a = 0, u1 - k = 0: the ideal's members vanish at a = u0; adding 1 leaves it."""
    gens = [U0 - A, U1 - k]
    target = sympy.expand(_poly(c) * gens[0] + 1)
    assert eliminated_cofactors(target, gens, [U0, U1, A, R]) is None


ROOT_TRUE = [
    ("theorem t (a r : ℝ) (u : ℕ → ℝ) (h₀ : ∀ k, u k = a * r ^ k) (h₁ : u 1 = 3) (h₂ : u 3 = 6) : "
     "u 0 = 3 / Real.sqrt 2 ∨ u 0 = -(3 / Real.sqrt 2)"),
]
ROOT_FALSE = [
    ("theorem t (a r : ℝ) (u : ℕ → ℝ) (h₀ : ∀ k, u k = a * r ^ k) (h₁ : u 1 = 3) (h₂ : u 3 = 9) : "
     "u 0 = 3 / Real.sqrt 2 ∨ u 0 = -(3 / Real.sqrt 2)"),
    ("theorem t (a r : ℝ) (u : ℕ → ℝ) (h₀ : ∀ k, u k = a * r ^ k) (h₁ : u 1 = 3) (h₂ : u 3 = 6) : "
     "u 0 = 3 / Real.sqrt 2"),
]


@pytest.mark.parametrize("statement", ROOT_TRUE)
def test_root_split_is_checked(statement):
    g = load_theorem(statement).goal
    lines = surd_leaf(g, KernelChecker(), time.monotonic() + 20, reconstruct, "z3")
    assert lines and replay(g, "\n".join(lines), checker=KernelChecker()).ok, lines
    assert any("mul_eq_zero" in line for line in lines)


@pytest.mark.parametrize("statement", ROOT_FALSE)
def test_root_split_refuses_false_statements(statement):
    g = load_theorem(statement).goal
    assert surd_leaf(g, KernelChecker(), time.monotonic() + 8, reconstruct, "z3") is None
