"""Field identities whose denominators may vanish (prover/search/fractions.py): a case split on
each denominator factor, `inv_eq_zero` where it vanishes, `mul_inv_cancel₀` relations and a
`linear_combination` certificate elsewhere; and the kernel's own closers on comparisons the
oracle leaves undecided."""

import time
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import prover.search.reconstruct as R
from prover.checkers.base import Closed
from prover.checkers.kernel_checker import KernelChecker, certify
from prover.kernel.evaluate import NotEvaluable, value
from prover.search.fractions import denominator_cases_leaf, inverse_cofactors, kernel_direct
from prover.state import load_theorem
from prover.syntax.ast import Expr, substitute


def _script(statement: str, budget: float = 10.0):
    goal = load_theorem(statement).goal
    return goal, denominator_cases_leaf(goal, KernelChecker(), time.monotonic() + budget, R)


IDENTITIES = [
    # a difference of squares: both factors may vanish, and x / 0 = 0 on both sides then
    "theorem t (x y z : ℝ) : x ^ 2 / (y ^ 2 - z ^ 2) = (x / (y - z)) * (x / (y + z))",
    # ℂ: no order, so the product's `≠ 0` comes from `mul_ne_zero`
    "theorem t (u v : ℂ) : (u / (v - 2)) * (u / (v + 2)) = u ^ 2 / (v ^ 2 - 4)",
    # a denominator known nonzero by positivity is not split on
    "theorem t (x y : ℝ) (hy : 0 < y) : x / (y * (x - 1)) = (1 / y) * (x / (x - 1))",
]


@pytest.mark.parametrize("statement", IDENTITIES)
def test_identities_split_on_each_vanishing_factor(statement):
    goal, lines = _script(statement)
    assert lines, "no script"
    assert any(line.startswith("by_cases") for line in lines)
    cert = certify(goal, "\n".join(lines))
    assert cert.ok and "linear_combination" in cert.rules, cert.message


FALSE = [
    # false at y = z (0 = x)
    "theorem t (x y z : ℝ) : x / (y - z) * (y - z) = x",
    # false at y = 1: the right side is x / 0 = 0, the left side x
    "theorem t (x y : ℝ) : x * (y - 1) / (y - 1) = x",
    # false where the denominators are nonzero, too
    "theorem t (x y : ℝ) : 1 / x + 1 / y = 1 / (x + y)",
]


@pytest.mark.parametrize("statement", FALSE)
def test_no_script_for_false_identities(statement):
    _, lines = _script(statement, 5.0)
    assert lines is None


def test_cofactors_need_the_identity_to_hold():
    goal = load_theorem("theorem t (x y : ℝ) (hx : x ≠ 0) (hy : y ≠ 0) : 1 / x + 1 / y = (x + y) / (x * y)").goal
    dens = [n.args[1] for n in goal.target.walk() if n.op == "div"]
    assert inverse_cofactors(goal, list(dict.fromkeys(dens))) is not None
    wrong = load_theorem("theorem t (x y : ℝ) (hx : x ≠ 0) (hy : y ≠ 0) : 1 / x + 1 / y = (x - y) / (x * y)").goal
    dens = [n.args[1] for n in wrong.target.walk() if n.op == "div"]
    assert inverse_cofactors(wrong, list(dict.fromkeys(dens))) is None


def test_the_new_library_lemmas_have_their_mathlib_premises():
    ok = load_theorem("theorem t (a : ℝ) (h : a - 1 ≠ 0) : (a - 1) * (a - 1)⁻¹ = 1").goal
    assert isinstance(KernelChecker().close(ok, "exact mul_inv_cancel₀ h"), Closed)
    bad = load_theorem("theorem t (a : ℝ) (h : a - 1 = 0) : (a - 1) * (a - 1)⁻¹ = 1").goal
    assert not isinstance(KernelChecker().close(bad, "exact mul_inv_cancel₀ h"), Closed)
    nat = load_theorem("theorem t (a : ℕ) (h : a ≠ 0) : a * a = 1").goal   # no GroupWithZero on ℕ
    assert not isinstance(KernelChecker().close(nat, "exact mul_inv_cancel₀ h"), Closed)
    zero = load_theorem("theorem t (a : ℝ) (h : a + 1 = 0) : (a + 1)⁻¹ = 0").goal
    assert isinstance(KernelChecker().close(zero, "exact inv_eq_zero.mpr h"), Closed)
    nonzero = load_theorem("theorem t (a : ℝ) (h : a + 1 ≠ 0) : (a + 1)⁻¹ = 0").goal
    assert not isinstance(KernelChecker().close(nonzero, "exact inv_eq_zero.mpr h"), Closed)
    prod = load_theorem("theorem t (a b : ℂ) (ha : a ≠ 0) (hb : b ≠ 0) : a * b ≠ 0").goal
    assert isinstance(KernelChecker().close(prod, "exact mul_ne_zero ha hb"), Closed)
    half = load_theorem("theorem t (a b : ℂ) (ha : a ≠ 0) (hb : b = 0) : a * b ≠ 0").goal
    assert not isinstance(KernelChecker().close(half, "exact mul_ne_zero ha hb"), Closed)


# -- soundness: a script is proposed only for a statement true under Lean's x / 0 = 0 ----------

def _holds_at(goal, point: dict) -> bool:
    lhs, rhs = goal.target.args
    for name, v in point.items():
        lit = Expr("num", value=v, ty=lhs.ty)
        lhs, rhs = substitute(lhs, name, lit), substitute(rhs, name, lit)
    try:
        return value(lhs) == value(rhs)
    except NotEvaluable:
        return True


LINEAR = st.tuples(st.integers(-2, 2), st.integers(-2, 2), st.integers(-2, 2)).filter(lambda t: t[0] or t[1])


def _text(c) -> str:
    a, b, k = c
    return f"({a} * x + {b} * y + {k})"


@settings(max_examples=12, deadline=None)
@given(p=LINEAR, q=LINEAR, r=LINEAR, shape=st.sampled_from(["split", "cancel", "sum"]), y=st.integers(-3, 3))
def test_property_scripts_only_for_statements_true_with_division_by_zero(p, q, r, shape, y):
    """Random identities and near-identities in two variables; whenever the finder's script
    is certified, the statement holds at sample points chosen on each denominator's zero set
    (where Lean's `x / 0 = 0` decides), and at other points."""
    if shape == "split":     # always true in Lean: (q r)⁻¹ = q⁻¹ r⁻¹ even at 0
        lhs, rhs = f"{_text(p)} / ({_text(q)} * {_text(r)})", f"{_text(p)} / {_text(q)} * (1 / {_text(r)})"
    elif shape == "cancel":  # false where q = 0 and p ≠ 0
        lhs, rhs = f"{_text(p)} * {_text(q)} / {_text(q)}", _text(p)
    else:                    # true only where both denominators are nonzero
        lhs, rhs = f"1 / {_text(q)} + 1 / {_text(r)}", f"({_text(q)} + {_text(r)}) / ({_text(q)} * {_text(r)})"
    goal, lines = _script(f"theorem t (x y : ℚ) : {lhs} = {rhs}", 4.0)
    if not lines or not certify(goal, "\n".join(lines)).ok:
        return
    points = [{"x": Fraction(v), "y": Fraction(y)} for v in (-2, 0, 1, 3)]
    for a, b, k in (q, r):
        if a:   # x on the line a x + b y + k = 0
            points.append({"x": Fraction(-(b * y + k), a), "y": Fraction(y)})
    for point in points:
        assert _holds_at(goal, point), (lines, point)


def test_known_false_shapes_are_refused():
    """The false twins of the property above, fixed: at q = 0 the first is `0 = p`."""
    goal, lines = _script("theorem t (x y : ℚ) : (x + 1) * (y - x) / (y - x) = x + 1", 4.0)
    assert lines is None
    goal, lines = _script("theorem t (x y : ℚ) : 1 / (y - 1) + 1 / x = (y - 1 + x) / ((y - 1) * x)", 4.0)
    assert lines is None


# -- comparisons the oracle leaves undecided ----------------------------------------------

def test_kernel_direct_closes_with_the_kernels_own_nlinarith():
    goal = load_theorem("theorem t (p q : ℝ) (hp : p ≥ 2) (hq : q ≥ 3) : p * q ≥ 6").goal
    tactic = kernel_direct(goal, KernelChecker(), time.monotonic() + 10)
    assert tactic in ("nlinarith", "positivity")
    assert certify(goal, tactic).ok


def test_kernel_direct_refuses_a_false_comparison():
    goal = load_theorem("theorem t (p q : ℝ) (hp : p ≥ 0) (hq : q ≥ 0) (hs : p + q ≥ 2) : "
                        "(p + q) ^ 2 + 4 * p * q ≥ 9").goal
    assert kernel_direct(goal, KernelChecker(), time.monotonic() + 10) is None


# -- sums of fractions against a constant ---------------------------------------------------

CYCLIC = ("theorem t (x y z s : ℝ) (hx : 0 < x) (hy : 0 < y) (hz : 0 < z) "
          "(hs : s = x / (x + y) + y / (y + z) + z / (z + x)) : ")


@pytest.mark.parametrize("target", ["1 < s", "s < 2", "s > 1", "s ≤ 2"])
def test_sum_of_fractions_bounded_through_a_common_denominator(target):
    from prover.search.fractions import fraction_sum_leaf
    goal = load_theorem(CYCLIC + target).goal
    lines = fraction_sum_leaf(goal, KernelChecker(), time.monotonic() + 10, R)
    assert lines and lines[-1] == "linarith", lines
    cert = certify(goal, "\n".join(lines))
    assert cert.ok and {"field_simp", "positivity", "linarith"} <= set(cert.rules), cert.message


@pytest.mark.parametrize("target", ["3 / 2 < s", "s < 3 / 2", "2 < s"])
def test_no_sum_bound_beyond_what_the_termwise_bounds_give(target):
    """`3 / 2 < s` is false (x = 1, y = 0⁺, z large gives s near 1); `s < 3 / 2` is false too."""
    from prover.search.fractions import fraction_sum_leaf
    goal = load_theorem(CYCLIC + target).goal
    assert fraction_sum_leaf(goal, KernelChecker(), time.monotonic() + 10, R) is None


def test_no_sum_bound_without_positive_variables():
    from prover.search.fractions import fraction_sum_leaf
    goal = load_theorem("theorem t (x y z s : ℝ) (hx : 0 < x) (hy : 0 < y) "
                        "(hs : s = x / (x + y) + y / (y + z) + z / (z + x)) : 1 < s").goal
    assert fraction_sum_leaf(goal, KernelChecker(), time.monotonic() + 10, R) is None


# -- P ∨ ¬P -----------------------------------------------------------------------------

@pytest.mark.parametrize("statement", [
    "theorem t (u : ℝ) : u / (u - 1) ≠ 2 ∨ u / (u - 1) = 2",
    "theorem t (u : ℝ) : u / (u - 1) = 2 ∨ u / (u - 1) ≠ 2",
    "theorem t (u v : ℝ) : u < v ∨ ¬(u < v)",
])
def test_excluded_middle_by_cases(statement):
    from prover.search.fractions import excluded_middle_leaf
    goal = load_theorem(statement).goal
    lines = excluded_middle_leaf(goal, KernelChecker())
    assert lines and lines[0].startswith("by_cases"), lines
    assert certify(goal, "\n".join(lines)).ok


@pytest.mark.parametrize("statement", [
    "theorem t (u : ℝ) : u / (u - 1) ≠ 2 ∨ u / (u - 1) = 3",   # false at u = 2 (the left fails, 2 ≠ 3)
    "theorem t (u v : ℝ) : u < v ∨ ¬(v < u)",
])
def test_no_excluded_middle_for_other_disjunctions(statement):
    from prover.search.fractions import excluded_middle_leaf
    assert excluded_middle_leaf(load_theorem(statement).goal, KernelChecker()) is None


# -- ℕ: a * b / a = b -------------------------------------------------------------------

def test_nat_cancel_needs_a_positive_divisor():
    from prover.search.fractions import nat_cancel_leaf
    ok = load_theorem("theorem t (p q : ℕ) : (p + 1) * q / (p + 1) = q").goal
    lines = nat_cancel_leaf(ok, KernelChecker())
    assert lines and "Nat.mul_div_cancel_left" in lines[-1]
    assert certify(ok, "\n".join(lines)).ok
    right = load_theorem("theorem t (p q : ℕ) (hq : 0 < q) : p * q / q = p").goal
    assert nat_cancel_leaf(right, KernelChecker()) is not None
    # false at p = 0, q = 1 (0 / 0 = 0 in ℕ)
    assert nat_cancel_leaf(load_theorem("theorem t (p q : ℕ) : p * q / p = q").goal, KernelChecker()) is None


# -- nested denominators --------------------------------------------------------------------

def test_a_nested_denominator_is_made_one_fraction_first():
    goal, lines = _script("theorem t (u v : ℝ) (hu : u ≠ 0) (hv : v ≠ 0) : 1 / (1 / u - 1 / v) = u * v / (v - u)")
    assert lines and any("div_div_eq_mul_div" in line for line in lines), lines
    assert certify(goal, "\n".join(lines)).ok


def test_no_nested_script_when_the_identity_fails():
    # the right side should be u * v / (v - u)
    _, lines = _script("theorem t (u v : ℝ) (hu : u ≠ 0) (hv : v ≠ 0) : 1 / (1 / u - 1 / v) = u * v / (u - v)", 5.0)
    assert lines is None


def test_div_div_eq_mul_div_has_no_instance_on_nat_or_int():
    for ty in ("ℕ", "ℤ"):
        goal = load_theorem(f"theorem t (a b c : {ty}) : a / (b / c) = a * c / b").goal
        r = KernelChecker().apply(goal, "rw [div_div_eq_mul_div]")
        assert not hasattr(r, "goals"), r
