"""Logarithms, real powers and their reconstruction (`prover.kernel`, `log_linear_leaf`).

Kernel pieces: `congrArg F h` and a bare `(by tac : P)` as hint terms; `Real.log_rpow`,
`div_eq_of_eq_mul` signatures; `ring` (and so `linear_combination`) reads a cast integer
literal `((3 : ℕ) : ℝ)` as 3 as Mathlib's `ring` does (via `norm_num`), while `linarith` keeps it
an atom; `norm_num` evaluates rpow at integer exponents only, and closed arithmetic inside
the arguments of functions it does not evaluate. Each with its refusals."""

from fractions import Fraction
import time

import pytest
from hypothesis import given, settings, strategies as st

from prover.checkers.kernel_checker import KernelChecker, certify
from prover.kernel.lemmas import BadHint, resolve
from prover.kernel.proof import CheckedStep, Refused
from prover.kernel.tactics import check
from prover.state import load_theorem
from prover.syntax.printer import show


def goal(text):
    return load_theorem(text).goal


G = goal("theorem t (x y b : ℝ) (hx : 0 < x) (h : x = y) (h4 : (4 : ℝ) ^ b = 4) (hq : y = 3 * x) (n : ℕ) : True")


@pytest.mark.parametrize("hint,expected", [
    ("congrArg Real.log h", "Real.log x = Real.log y"),
    ("congrArg Real.exp h4", "Real.exp (4 ^ b) = Real.exp 4"),
    ("(by norm_num : ((5:ℤ):ℝ) = 5)", "(↑(5 : ℤ) : ℝ) = 5"),
    ("Real.log_rpow hx b", "Real.log (x ^ b) = b * Real.log x"),
    ("Real.log_rpow (by norm_num : (0:ℝ) < 4) (2 * b)", "Real.log (4 ^ (2 * b)) = 2 * b * Real.log 4"),
    ("Real.rpow_pos_of_pos hx b", "0 < x ^ b"),
    ("div_eq_of_eq_mul hx.ne' hq", "y / x = 3"),
])
def test_resolved(hint, expected):
    assert show(resolve(G, hint)) == expected


@pytest.mark.parametrize("hint", [
    "congrArg Real.arcsin h",                        # only log, exp, √, sin, cos, tan are modelled
    "congrArg Real.log hx",                          # not an equation
    "congrArg Real.log",                             # no proof
    "(by norm_num : ((5:ℤ):ℝ) = 6)",                 # the kernel refuses the inner proof
    "(by linarith)",                                 # no type: Lean cannot elaborate it either
    "Real.log_rpow (by positivity : (0:ℝ) < y) b",   # 0 < y is not proved
    "Real.log_rpow hx n",                            # y : ℝ is explicit; ↑n would be needed, and n : ℕ
    "div_eq_of_eq_mul hx.ne' h",                     # h is not `_ = _ * x`
    "div_eq_of_eq_mul hx hq",                        # `0 < x` is not `x ≠ 0`
])
def test_refused(hint):
    if hint == "Real.log_rpow hx n":   # elaborated at ℝ as ↑n: Lean inserts the cast too
        assert show(resolve(G, hint)) == "Real.log (x ^ (↑n : ℝ)) = (↑n : ℝ) * Real.log x"
        return
    with pytest.raises(Exception):
        resolve(G, hint)


def test_ring_reads_cast_literals_linarith_does_not():
    g = goal("theorem t (x : ℝ) : Real.log (x ^ 3) = 3 * Real.log x")
    g = g.with_hypothesis("h", resolve(g, "Real.log_pow x 3"))
    assert isinstance(check(g, "linear_combination h"), CheckedStep)
    assert isinstance(check(g, "linarith"), Refused)       # ↑(3 : ℕ) is an atom to linarith
    assert isinstance(check(goal("theorem t (x : ℝ) : ((3 : ℕ) : ℝ) * x = 3 * x"), "ring"), CheckedStep)
    assert isinstance(check(goal("theorem t (x : ℝ) : ((-2 : ℤ) : ℝ) * x = -2 * x"), "ring"), CheckedStep)
    assert isinstance(check(goal("theorem t (x : ℝ) : ((3 : ℕ) : ℝ) * x = 4 * x"), "ring"), Refused)
    assert isinstance(check(goal("theorem t (x : ℝ) (n : ℕ) : (n : ℝ) * x = 3 * x"), "ring"), Refused)
    # ℕ subtraction under the cast is not a literal: not evaluated
    assert isinstance(check(goal("theorem t (x : ℝ) : (((2 : ℕ) - 3 : ℕ) : ℝ) * x = -x"), "ring"), Refused)


@settings(max_examples=40, deadline=None)
@given(k=st.integers(0, 50), m=st.integers(-50, 50))
def test_ring_cast_literal_property(k, m):
    r = check(goal(f"theorem t (x : ℝ) : (({k} : ℕ) : ℝ) * x = ({m} : ℝ) * x"), "ring")
    assert isinstance(r, CheckedStep) == (k == m)


@pytest.mark.parametrize("statement,ok", [
    ("theorem t : (2 : ℝ) ^ (-2 : ℝ) = 1 / 4", True),
    ("theorem t : (0 : ℝ) ^ (-1 : ℝ) = 0", True),             # 0⁻¹ = 0
    ("theorem t : (0 : ℝ) ^ (0 : ℝ) = 1", True),
    ("theorem t : (-2 : ℝ) ^ (3 : ℝ) = -8", True),            # integer exponent: x ^ (n : ℝ) = x ^ n
    ("theorem t : (-8 : ℝ) ^ ((1 : ℝ) / 3) = -2", False),     # Lean's value is not -2
    ("theorem t : (4 : ℝ) ^ ((1 : ℝ) / 2) = 2", False),       # not an integer exponent: not modelled
    ("theorem t : Real.log 100 = Real.log (10 ^ 2)", True),
    ("theorem t : Real.log 100 = Real.log (10 ^ 3)", False),
    ("theorem t (x : ℝ) : Real.sqrt (x + 4) = Real.sqrt (x + 2 ^ 2)", True),
    ("theorem t (x : ℝ) : Real.sqrt (x + 4) = Real.sqrt (4 + x)", False),   # not arithmetic evaluation
    ("theorem t : Real.log (7 / 0) = Real.log 0", True),      # x / 0 = 0
    ("theorem t : Real.log ((5 - 7 : ℕ) : ℝ) = Real.log 0", True),          # truncated ℕ subtraction
    ("theorem t : Real.log ((5 - 7 : ℤ) : ℝ) = Real.log 0", False),
])
def test_norm_num_evaluates(statement, ok):
    assert isinstance(check(goal(statement), "norm_num"), CheckedStep) == ok


arith = st.recursive(st.integers(0, 12).map(str),
                     lambda inner: st.tuples(inner, st.sampled_from(["+", "-", "*", "/"]), inner).map(
                         lambda t: f"({t[0]} {t[1]} {t[2]})") | st.tuples(inner, st.integers(0, 3)).map(
                         lambda t: f"({t[0]}) ^ {t[1]}"), max_leaves=5)


@settings(max_examples=60, deadline=None)
@given(a=arith, b=arith)
def test_norm_num_inside_calls_is_value_equality(a, b):
    """Accepted only when both arguments have the same exact value (Lean: `x / 0 = 0`)."""
    from prover.kernel.evaluate import value
    g = goal(f"theorem t : Real.log (({a} : ℝ)) = Real.log (({b} : ℝ))")
    accepted = isinstance(check(g, "norm_num"), CheckedStep)
    if accepted:
        x, y = (Fraction(value(e.args[0])) for e in g.target.args)
        assert x == y


def test_have_with_kernel_signatures():
    c = KernelChecker()
    g = goal("theorem t (x y : ℝ) (hx : 0 < x) (hy : 0 < y) : True")
    r = c.apply(g, "have l := Real.log_mul (by positivity : x ≠ 0) (by positivity : y ≠ 0)")
    assert show(r.goals[0].hypothesis("l")) == "Real.log (x * y) = Real.log x + Real.log y"
    bare = goal("theorem t (x y : ℝ) : True")   # no positivity facts: the side proof is refused
    assert not hasattr(c.apply(bare, "have l := Real.log_mul (by positivity : x ≠ 0) (by positivity : y ≠ 0)"), "goals")
    r = c.apply(goal("theorem t (x y : ℝ) (h : x = y) : True"), "have l := congrArg Real.log h")
    assert show(r.goals[0].hypothesis("l")) == "Real.log x = Real.log y"


# -- reconstruction: written for these statements (not benchmark copies) ----------------------

@pytest.mark.parametrize("statement", [
    "theorem t (a b : ℝ) (ha : 0 < a) (hb : 0 < b) (h₁ : Real.log (a ^ 2 * b) = 4) (h₂ : Real.log (a * b ^ 2) = 5) : Real.log (a * b) = 3",
    "theorem t (y : ℝ) (h : (9 : ℝ) ^ y = 27) : y = 3 / 2",
    "theorem t : Real.logb 2 32 = 5",
    "theorem t (x : ℝ) (h : (2 : ℝ) ^ x * 8 ^ x = 256) : x = 2",
    "theorem t : Real.log 3 / Real.log 15 + Real.log 5 / Real.log 15 = 1",
    "theorem t : Real.logb (1 / 2) 8 = -3",
])
def test_log_linear_leaf_is_certified(statement):
    from prover.search.reconstruct import log_linear_leaf
    th = load_theorem(statement)
    lines = log_linear_leaf(th.goal, KernelChecker(), time.monotonic() + 30)
    assert lines, statement
    assert certify(th.goal, "\n".join(lines)).ok


def test_log_linear_leaf_refuses_false_statements():
    from prover.search.reconstruct import log_linear_leaf
    for statement in ["theorem t (a b : ℝ) (h₁ : Real.log (a ^ 2 * b) = 4) (h₂ : Real.log (a * b ^ 2) = 5) : Real.log (a * b) = 3",
                      "theorem t (y : ℝ) (h : (1 : ℝ) ^ y = 1) : y = 0",
                      "theorem t : Real.logb 2 32 = 4",
                      "theorem t : Real.log 3 / Real.log 15 + Real.log 5 / Real.log 15 = 2"]:
        assert log_linear_leaf(load_theorem(statement).goal, KernelChecker(), time.monotonic() + 10) is None


# -- ⌊t⌋, ⌈t⌉: `Int.floor_eq_iff.mpr ⟨h₁, h₂⟩` --------------------------------------------------

F = goal("theorem t (h1 : ((5 : ℤ) : ℝ) ≤ Real.sqrt 26) (h2 : Real.sqrt 26 < ((5 : ℤ) : ℝ) + 1) "
         "(h3 : ((6 : ℤ) : ℝ) - 1 < Real.sqrt 27) (h4 : Real.sqrt 27 ≤ ((6 : ℤ) : ℝ)) (h5 : (5 : ℝ) ≤ Real.sqrt 26) : True")


def test_floor_ceil_eq_iff():
    assert show(resolve(F, "Int.floor_eq_iff.mpr ⟨h1, h2⟩")) == "Int.floor (Real.sqrt 26) = 5"
    assert show(resolve(F, "Int.ceil_eq_iff.mpr ⟨h3, h4⟩")) == "Int.ceil (Real.sqrt 27) = 6"
    for bad in ["Int.floor_eq_iff.mpr ⟨h2, h1⟩",     # the conjuncts in the wrong order
                "Int.floor_eq_iff.mpr ⟨h5, h2⟩",     # `(5 : ℝ)` is not `((5 : ℤ) : ℝ)`
                "Int.floor_eq_iff.mpr ⟨h3, h4⟩",     # the ceiling's bounds
                "Int.ceil_eq_iff.mpr ⟨h1, h2⟩",
                "Int.floor_eq_iff.mpr ⟨h1⟩",
                "Int.floor_eq_iff.mpr h1"]:
        with pytest.raises(Exception):
            resolve(F, bad)


@settings(max_examples=60, deadline=None)
@given(r=st.fractions(min_value=-20, max_value=20, max_denominator=7))
def test_floor_ceil_statements_hold(r):
    """The two signatures at `z = ⌊r⌋` / `z = ⌈r⌉`, and nowhere else, satisfy their premise."""
    import math
    from prover.kernel.lemmas import signature
    fl, ce = math.floor(r), math.ceil(r)
    for z in range(fl - 2, ce + 3):
        assert (z <= r < z + 1) == (z == fl)
        assert (z - 1 < r <= z) == (z == ce)
    assert show(signature("Int.floor_eq_iff.mpr").statement) == "Int.floor r = z"
    assert show(signature("Int.ceil_eq_iff.mpr").statement) == "Int.ceil r = z"


@pytest.mark.parametrize("statement,ok", [
    ("theorem t : ⌊Real.sqrt 50⌋ = 7", True),
    ("theorem t : ⌈Real.sqrt 10⌉ + ⌊Real.sqrt 10⌋ = 7", True),
    ("theorem t : ⌊Real.sqrt 50⌋ = 8", False),
    ("theorem t : ⌈Real.sqrt 10⌉ = 3", False),
])
def test_floor_ceil_leaf(statement, ok):
    from prover.search.reconstruct import floor_ceil_leaf
    th = load_theorem(statement)
    lines = floor_ceil_leaf(th.goal, KernelChecker(), time.monotonic() + 30)
    assert bool(lines) == ok
    if lines:
        assert certify(th.goal, "\n".join(lines)).ok


@pytest.mark.parametrize("statement,ok", [
    ("theorem t (a b : ℝ) (h₀ : 0 < a ∧ 0 < b) (h₁ : b ^ 2 = 4) (h₂ : a ^ 2 = 3 * b) : a ^ 2 * b = 6 * Real.sqrt 6 * Real.sqrt 6 / 3", True),
    ("theorem t (a : ℝ) (h₀ : 0 < a) (h₁ : a ^ 2 = 3) : a ^ 3 = 3 * Real.sqrt 3", True),
    ("theorem t (a : ℝ) (h₁ : a ^ 2 = 3) : a ^ 3 = 3 * Real.sqrt 3", False),      # a = -√3 too
    ("theorem t (a : ℝ) (h₀ : 0 < a) (h₁ : a ^ 2 = 3) : a ^ 3 = 2 * Real.sqrt 3", False),
])
def test_surd_value_leaf(statement, ok):
    from prover.search.reconstruct import surd_value_leaf
    th = load_theorem(statement)
    lines = surd_value_leaf(th.goal, KernelChecker(), time.monotonic() + 40)
    assert bool(lines) == ok, lines
    if lines:
        assert certify(th.goal, "\n".join(lines)).ok


def test_ground_norm_num_leaf():
    from prover.search.reconstruct import ground_norm_num_leaf
    th = load_theorem("theorem t (a b : ℝ) (h₀ : a = 6) (h₁ : b = 6) : Real.sqrt (a ^ 2 + 2 ^ b) = 10")
    assert ground_norm_num_leaf(th.goal, KernelChecker(), time.monotonic() + 10) == ["norm_num [h₀, h₁]"]
    th = load_theorem("theorem t (a b : ℝ) (h₀ : a = 6) (h₁ : b = 6) : Real.sqrt (a ^ 2 + 2 ^ b) = 8")
    assert ground_norm_num_leaf(th.goal, KernelChecker(), time.monotonic() + 10) is None


def test_have_with_unbalanced_term_is_refused_not_raised():
    g = goal("theorem t (x : ℝ) (h : x = 1) : True")
    r = KernelChecker().apply(g, "have h2 := h (x")
    assert not hasattr(r, "goals")


@settings(max_examples=40, deadline=None)
@given(a=st.integers(0, 9), b=st.integers(0, 5), k=st.integers(0, 9))
def test_ring_evaluates_nat_literal_exponents(a, b, k):
    """`x ^ (a / b)` with ℕ division is `x ^ ⌊a / b⌋` (`x / 0 = 0`) for ring (Mathlib's ring sends
    the exponent to norm_num), never `x ^ (a / b : ℚ)`."""
    expected = a // b if b else 0
    r = check(goal(f"theorem t (x : ℝ) : x ^ ({a} / {b}) = x ^ {k}"), "ring")
    assert isinstance(r, CheckedStep) == (k == expected)


def test_nat_literal_division_stays_an_atom_for_linarith():
    assert isinstance(check(goal("theorem t (x : ℝ) : x ^ (1 / 3) = 1"), "ring"), CheckedStep)
    assert isinstance(check(goal("theorem t (x : ℝ) : x ^ (1 / 3) = 1"), "linarith"), Refused)
    assert isinstance(check(goal("theorem t (x : ℤ) : x * (-7 / 2) = -4 * x"), "ring"), CheckedStep)   # Int.ediv
    assert isinstance(check(goal("theorem t (x : ℤ) : x * (-7 / 2) = -3 * x"), "ring"), Refused)


@pytest.mark.parametrize("statement,ok", [
    ("theorem t (x : ℝ) : (x ^ 2 + 7) ^ (1 / 3) + 2 = 3", True),          # 1 / 3 = 0 in ℕ, pow_zero
    ("theorem t (x : ℝ) : (x ^ 2 + 7) ^ (1 / 3) + 2 = 4", False),
    ("theorem t (x : ℝ) : x ^ (1 / 3) = x", False),                       # not x
    ("theorem t (x : ℝ) : x ^ ((1 : ℝ) / 3) = 1", False),                 # rpow: not 1
    ("theorem t (x : ℝ) : x ^ (0 : ℕ) ≤ 1", True),
])
def test_norm_num_literal_exponents(statement, ok):
    assert isinstance(check(goal(statement), "norm_num"), CheckedStep) == ok


@pytest.mark.parametrize("statement,ok", [
    ("theorem t (a b : ℝ) (h : a < b) : a + (b ^ 4 + 1) ^ (1 / 4) < b + (a ^ 2 + 3) ^ (1 / 2)", True),
    ("theorem t (a : ℝ) : Real.sqrt (a ^ 2 + 1) + (a ^ 3 + 5) ^ (2 / 5) ≠ 0", True),
    ("theorem t (a b : ℝ) (h : a < b) : a + (b ^ 4 + 1) ^ (1 / 4) < b + (a ^ 2 + 3) ^ (1 / 2) - 1", False),
])
def test_nat_exponent_leaf(statement, ok):
    from prover.search.reconstruct import nat_exponent_leaf
    th = load_theorem(statement)
    lines = nat_exponent_leaf(th.goal, KernelChecker(), time.monotonic() + 20)
    assert bool(lines) == ok, lines
    if lines:
        assert certify(th.goal, "\n".join(lines)).ok


@settings(max_examples=40, deadline=None)
@given(a=st.integers(0, 6), b=st.integers(0, 4), k=st.integers(-3, 3), m=st.integers(-3, 3))
def test_norm_num_pow_zero_property(a, b, k, m):
    """Accepted only when the ℕ exponent is 0 in Lean (`a / b`, floor, `/ 0 = 0`) and 1 + k = m."""
    r = check(goal(f"theorem t (x : ℝ) : (x ^ 2 + 3) ^ ({a} / {b}) + ({k} : ℝ) = {m}"), "norm_num")
    exponent = a // b if b else 0
    if isinstance(r, CheckedStep):
        assert exponent == 0 and 1 + k == m
    elif exponent == 0:
        assert 1 + k != m
