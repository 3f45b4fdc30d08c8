"""`f = fun x => e` is an `Eq` of functions, elaborated as `∀ x, f x = e` marked "funext"
(`prover.syntax.ast.FUNEXT`): Lean refuses `intro x`, `h a` and `exact h` against the pointwise
statement (an `Eq` is not a Π-type); `funext x` turns the goal into `f x = e`, `congrFun h a`
gives `f a = e[a]`. `f ≤ g` is `∀ x, f x ≤ g x` definitionally (`Pi.le_def`): unmarked."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from prover.checkers.kernel_checker import certify
from prover.state import load_theorem

EQ = "theorem t (f : ℕ → ℕ) (h : f = fun x => 2 * x) : "
PT = "theorem t (f : ℕ → ℕ) (h : ∀ x, f x = 2 * x) : "


def ok(statement: str, script: str) -> bool:
    return certify(load_theorem(statement).goal, script).ok


@pytest.mark.parametrize("statement,script,accepted", [
    (EQ + "∀ x, f x = 2 * x", "exact h", False),            # Eq is not the ∀
    (EQ + "∀ x, f x = 2 * x", "intro x\nexact h x", False),  # h x: function expected
    (EQ + "∀ x, f x = 2 * x", "intro x\nexact congrFun h x", True),
    (PT + "f = fun x => 2 * x", "exact h", False),
    (PT + "f = fun x => 2 * x", "intro x\nexact h x", False),  # intro: not a Π-type
    (PT + "f = fun x => 2 * x", "funext x\nexact h x", True),
    (PT + "f = fun x => 2 * x", "funext y\nexact h y", True),
    (PT + "f = fun x => 2 * x", "funext x\nexact h 3", False),
    (EQ + "f = fun x => 2 * x", "exact h", True),
    (EQ + "f = fun y => 2 * y", "exact h", True),              # up to α
    (EQ + "f 3 = 6", "have k := h 3\nomega", False),
    (EQ + "f 3 = 6", "have k := congrFun h 3\nomega", True),
    (EQ + "f 3 = 7", "have k := congrFun h 3\nomega", False),
    (EQ + "f 3 = 6", "rw [h]", False),                          # rewrites every f: not modelled
    (PT + "f 3 = 6", "have k := congrFun h 3\nomega", False),  # congrFun needs an Eq of functions
])
def test_function_equation_is_an_eq(statement, script, accepted):
    assert ok(statement, script) is accepted


def test_pointwise_order_stays_a_pi_type():
    stmt = "theorem t (f g : ℕ → ℕ) (h : f ≤ g) : f 3 ≤ g 3"
    assert ok(stmt, "exact h 3")


def test_several_arguments():
    stmt = "theorem t (f : ℕ → ℕ → ℕ) (h : ∀ x y, f x y = x + y) : f = fun x y => x + y"
    assert ok(stmt, "funext x y\nexact h x y")
    assert not ok(stmt, "funext x\nexact h x")       # `f x = fun y => x + y` is again an equation
    assert not ok(stmt, "intro x y\nexact h x y")


def test_negated_function_equation():
    stmt = "theorem t (f : ℕ → ℕ) (h : f 1 = 3) : f ≠ fun x => 2 * x"
    assert ok(stmt, "intro k\nhave k1 := congrFun k 1\nomega")
    assert not ok(stmt, "intro k\nhave k1 := k 1\nomega")


@settings(max_examples=12, deadline=None)
@given(a=st.integers(0, 9), b=st.integers(0, 9), c=st.integers(0, 20), d=st.integers(0, 200))
def test_congr_fun_is_the_instance(a, b, c, d):
    """`congrFun h c` proves exactly `f c = a * c + b`: omega then closes `f c = d` iff it holds."""
    stmt = f"theorem t (f : ℕ → ℕ) (h : f = fun x => {a} * x + {b}) : f {c} = {d}"
    assert ok(stmt, f"have k := congrFun h {c}\nomega") is (a * c + b == d)
    assert not ok(stmt, f"have k := h {c}\nomega")


@pytest.mark.parametrize("statement,script,accepted", [
    # a Finset literal's membership unfolds to `List.Mem`, not to the disjunction: exact refuses
    ("theorem t (x : ℕ) (h : x ∈ ({1, 2} : Finset ℕ)) : x = 1 ∨ x = 2", "exact h", False),
    ("theorem t (x : ℕ) (h : x = 1 ∨ x = 2) : x ∈ ({1, 2} : Finset ℕ)", "exact h", False),
    ("theorem t (x : ℕ) (h : x ∈ ({1, 2} : Finset ℕ)) : x = 1 ∨ x = 2", "assumption", False),
    ("theorem t (x : ℕ) (h : x ∈ ({1, 2} : Finset ℕ)) : x ∈ ({1, 2} : Finset ℕ)", "exact h", True),
    # a Set literal's membership is its predicate by definition
    ("theorem t (x : ℕ) (h : x ∈ ({1, 2} : Set ℕ)) : x = 1 ∨ x = 2", "exact h", True),
])
def test_exact_sees_finset_memberships(statement, script, accepted):
    assert ok(statement, script) is accepted


@settings(max_examples=15, deadline=None)
@given(c=st.integers(-5, 5), then=st.sampled_from(["", "\n  funext x\n  ring", "\n  funext x\n  rfl"]),
       fun_rhs=st.booleans())
def test_simp_only_never_rewrites_an_equation_of_functions(c, then, fun_rhs):
    """Review finding: `simp only [h]` with `h : ∀ x, f x = e` rewrote the marked `f = fun x => e`
    as if it were `∀ x, f x = e`; in Lean the left side `f` is not applied, so nothing fires. The
    step is refused, whatever follows it and whichever side the function is on."""
    eq = f"f = fun x => {c} * x" if fun_rhs else f"(fun x => {c} * x) = f"
    statement = f"theorem t (f : ℝ → ℝ) (h : ∀ x, f x = {c} * x) : {eq}"
    assert not ok(statement, "simp only [h]" + then)
