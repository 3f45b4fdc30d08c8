"""`x⁻¹` is Lean's `Inv.inv x`, a term other than `1 / x`: the elaborator reads it as the exact
value `1 / x` marked `INVERSE`, the printer writes it back as `x⁻¹`, and `exact` (α-equality)
keeps the two apart, as Lean's `exact` does (`1 / x` unfolds to `1 * x⁻¹`, not to `x⁻¹`)."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from prover.checkers.kernel_checker import certify
from prover.state import load_theorem
from prover.syntax.ast import INVERSE, alpha_equal
from prover.syntax.printer import show

ATOMS = ["x", "y", "(2 : ℝ)", "(x + 1)", "(y - 3)"]


def terms():
    leaf = st.sampled_from(ATOMS)
    return st.recursive(leaf, lambda t: st.one_of(
        t.map(lambda a: f"({a})⁻¹"), st.tuples(t, t).map(lambda p: f"({p[0]} * {p[1]})"),
        st.tuples(t, t).map(lambda p: f"({p[0]} / {p[1]})")), max_leaves=5)


@settings(max_examples=80, deadline=None)
@given(terms())
def test_the_inverse_prints_back_as_itself_and_differs_from_one_over(text):
    goal = load_theorem(f"theorem t (x y : ℝ) (h : {text} = 0) : True").goal
    e = goal.hypotheses[0][1]
    again = load_theorem(f"theorem t (x y : ℝ) (h : {show(e)}) : True").goal.hypotheses[0][1]
    assert again == e   # the printed text is read back as the same term, marks included
    assert ("⁻¹" in text) == any(s.op == "div" and s.value == INVERSE for s in e.walk())


@given(st.sampled_from(["x", "(x + 1)", "(2 : ℝ)", "(x * y)"]))
def test_exact_tells_an_inverse_from_one_over_it(arg):
    inv = load_theorem(f"theorem t (x y : ℝ) : {arg}⁻¹ = 0").goal.target
    div = load_theorem(f"theorem t (x y : ℝ) : 1 / {arg} = 0").goal.target
    assert not alpha_equal(inv, div)
    assert certify(load_theorem(f"theorem t (x y : ℝ) (h : {arg}⁻¹ = 0) : {arg}⁻¹ = 0").goal, "exact h").ok
    assert not certify(load_theorem(f"theorem t (x y : ℝ) (h : {arg}⁻¹ = 0) : 1 / {arg} = 0").goal, "exact h").ok


def test_an_instance_with_an_inverse_is_not_the_goal_with_one_over():
    true = "theorem t (f : ℝ → ℝ) (h : ∀ x, f x = x⁻¹) : f 2 = 2⁻¹"
    twin = "theorem t (f : ℝ → ℝ) (h : ∀ x, f x = x⁻¹) : f 2 = 1 / 2"
    assert certify(load_theorem(true).goal, "exact h 2").ok
    assert not certify(load_theorem(twin).goal, "exact h 2").ok


@pytest.mark.parametrize("statement, tactic, ok", [
    # Lean's linarith parses `1 / x` (HDiv) and `x⁻¹` (Inv.inv) as two atoms (`linearFormOfExpr`)
    ("theorem t (x : ℝ) (h : x⁻¹ = 2) : 1 / x = 2", "linarith", False),
    ("theorem t (x : ℝ) (h : x⁻¹ = 2) : 3 * x⁻¹ = 6", "linarith", True),
    # `ring` normalizes `a / b` to `a * b⁻¹`: one value
    ("theorem t (x : ℝ) : x⁻¹ = 1 / x", "ring", True),
])
def test_linarith_keeps_the_two_atoms_apart_and_ring_identifies_them(statement, tactic, ok):
    assert certify(load_theorem(statement).goal, tactic).ok is ok
