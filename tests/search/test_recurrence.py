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


ARITHMETIC = ("theorem t (u : ℕ → ℝ) (c : ℝ) (h : ∀ n, u (n + 2) - u (n + 1) = u (n + 1) - u n) (h₁ : u 1 = c) "
              "(h₂ : u 2 = 2 * c - 1) (h₃ : u 3 = 7) : u 500 = {v}")


def test_quasi_period_with_constants_fixed_by_the_values():
    # u 1 = c, u 2 = 2c - 1, u 3 = 7 with constant differences: c = 3, u n = 2n + 1 (D = 2 per step)
    script = leaf(ARITHMETIC.format(v=1001))
    assert script and certify(load_theorem(ARITHMETIC.format(v=1001)).goal, "\n".join(script)).ok
    assert any("induction" in x for x in script)
    assert leaf(ARITHMETIC.format(v=1002)) is None


def test_the_oracle_solves_linear_hypotheses():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from prover.decide.linear_values import linear_decide

    @given(st.integers(-3, 3), st.integers(-3, 3), st.integers(-3, 3), st.integers(-3, 3), st.integers(-3, 3),
           st.integers(20, 60), st.integers(-2, 2))
    @settings(max_examples=60, deadline=None)
    def check(p, q, a0, a1, k, index, error):
        """linear_decide is True exactly when the claimed value is the sequence's (simulated here)."""
        seq = [a0, a1]
        while len(seq) <= index:
            seq.append(p * seq[-1] + q * seq[-2] + k)
        claim = seq[index] + error
        statement = (f"theorem t (x : ℕ → ℚ) (c : ℚ) (h₀ : x 0 = c - 1) (h₁ : x 1 = {a1}) (hc : c = {a0 + 1}) "
                     f"(h : ∀ n, x (n + 2) = {p} * x (n + 1) + {q} * x n + {k}) : x {index} = {claim}")
        assert linear_decide(load_theorem(statement).goal) is (error == 0)

    check()


SQRT = "theorem t (a : ℕ → ℝ) (h : ∀ n, a (n + 1) = Real.sqrt (6 + a n)) (k : ℕ) {hyps} : {target}"


@pytest.mark.parametrize("hyps,target,found", [
    ("(hk : a k > 3)", "a (k + 1) > 3", True),
    ("(hk : a k ≥ 3)", "3 ≤ a (k + 1)", True),
    ("(hk : a k ≥ 0) (hk' : a k < 3)", "a (k + 1) < 3", True),
    ("(hk : a k > 3)", "a (k + 1) > 4", False),      # false: a k = 3.5 gives √9.5 < 4
    ("(hk : a k < 3)", "a (k + 1) < 3", False),      # 0 ≤ 6 + a k is not known (√ of a negative is 0 < 3, but
                                                     # the step needs the radicand's sign)
    ("(hk : a (k + 1) > 3)", "a (k + 2) > 3", True),
])
def test_bounds_through_a_square_root_recurrence(hyps, target, found):
    from prover.search.recurrence import sqrt_step_leaf
    g = load_theorem(SQRT.format(hyps=hyps, target=target)).goal
    script = sqrt_step_leaf(g, KernelChecker(), time.monotonic() + 20)
    assert (script is not None) is found
    if script:
        assert certify(g, "\n".join(script)).ok


@pytest.mark.parametrize("statement,found", [
    ("theorem t (x : ℕ → ℤ) (h₁ : x 0 = 2) (h₂ : ∀ n, x (n + 1) = 2 * x n - 1) : x 3 = 9", True),
    ("theorem t (x : ℕ → ℤ) (h₁ : x 0 = 2) (h₂ : ∀ n, x (n + 1) = 2 * x n - 1) : x 3 = 10", False),
    ("theorem t (x : ℕ → ℝ) (h₁ : x 1 = 2) (h₂ : ∀ n ≥ 1, x (n + 1) = x n / 2) : x 3 = 1 / 2", True),
    ("theorem t (x : ℕ → ℝ) (h₁ : x 1 = 2) (h₂ : ∀ n ≥ 2, x (n + 1) = x n / 2) : x 2 = 1", False),
    # contradictory at 0: 2 * x 0 / 0 ^ 2 is 0 and 0 - 1 is 0 in ℕ, so x 1 = 0, not 2
    ("theorem t (n : ℕ) (x : ℕ → ℕ) (h₁ : x 1 = 2) (h₂ : ∀ n, x (n + 1) = (n + 1) ^ 2 * (2 * x n / n ^ 2 - 1)) : x n = 7", True),
])
def test_numeral_instances(statement, found):
    from prover.search.recurrence import numeral_instances_leaf
    g = load_theorem(statement).goal
    script = numeral_instances_leaf(g, KernelChecker(), time.monotonic() + 20)
    assert (script is not None) is found
    if script:
        assert certify(g, "\n".join(script)).ok


def test_congr_arg_only_relates_equal_indices():
    """Whatever ℕ index terms a, b: when the kernel accepts `exact congrArg x (by omega : a = b)` for
    `x a = x b`, a and b agree at every n (omega proved a true equation, and congrArg adds nothing)."""
    from hypothesis import given, settings

    from tests.kernel.test_nat_offsets import index, show, value

    @given(index(), index())
    @settings(max_examples=80, deadline=None)
    def check_pair(i, j):
        a, b = show(i), show(j)
        g = load_theorem(f"theorem t (x : ℕ → ℤ) (n : ℕ) : x {a} = x {b}").goal
        if isinstance(check(g, f"exact congrArg x (by omega : {a} = {b})"), CheckedStep):
            assert all(value(i, n) == value(j, n) for n in range(12))

    check_pair()


PARITY = ("theorem t (f : ℕ → ℚ) (h₀ : f 1 = {f1}) (h₁ : ∀ n, 1 < n ∧ Even n → f n = f (n - 1) + {a}) "
          "(h₂ : ∀ n, 1 < n ∧ Odd n → f n = f (n - 2) + {b}) : f {N} = {v}")


def class_leaf(statement):
    from prover.search.recurrence import residue_class_leaf
    return residue_class_leaf(load_theorem(statement).goal, KernelChecker(), time.monotonic() + 20, finders)


def test_far_values_under_parity_guards_by_residue_classes():
    # f (2k + 1) = f 1 + b k: f 101 = 3 + 50 * 2; the even class goes through the odd one
    true = PARITY.format(f1=3, a=1, b=2, N=101, v=103)
    script = class_leaf(true)
    assert script and certify(load_theorem(true).goal, "\n".join(script)).ok
    assert any("Nat.odd_iff.mpr" in line for line in script)
    assert class_leaf(PARITY.format(f1=3, a=1, b=2, N=101, v=104)) is None


def test_residue_classes_declined_at_once_without_a_parity_guard():
    class_leaf("theorem t (x : ℕ → ℤ) (h₀ : x 0 = 2) : x 0 = 2")   # imports
    start = time.monotonic()
    assert class_leaf("theorem t (x : ℕ → ℤ) (h₀ : x 0 = 2) (h : ∀ n ≥ 2, x n = x (n - 1) + 1) : x 100 = 101") is None
    assert time.monotonic() - start < 0.05


def test_residue_class_script_only_for_the_true_value():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    @given(st.integers(-3, 3), st.integers(-3, 3), st.integers(-3, 3), st.integers(20, 40), st.integers(-1, 1))
    @settings(max_examples=6, deadline=None)
    def prop(f1, a, b, k, off):
        # f (2k + 1) = f1 + b k; f (2k + 2) = f (2k + 1) + a
        N = 2 * k + 1 + (k % 2)
        value = f1 + b * k + (a if N % 2 == 0 else 0)
        script = class_leaf(PARITY.format(f1=f1, a=a, b=b, N=N, v=value + off))
        if off:
            assert script is None
        elif script is not None:
            assert certify(load_theorem(PARITY.format(f1=f1, a=a, b=b, N=N, v=value)).goal, "\n".join(script)).ok

    prop()


HARMONIC = ("theorem t (a : ℕ → ℚ) (h₀ : a {s} = 1 / {p}) (h₁ : a {s1} = 1 / {pq}) "
            "(h₂ : ∀ n, a (n + 2) = a n * a (n + 1) / (2 * a n - a (n + 1))) : a {N} = 1 / {v}")


def rational_leaf(statement):
    from prover.search.recurrence import rational_form_leaf
    return rational_form_leaf(load_theorem(statement).goal, KernelChecker(), time.monotonic() + 20, finders)


def test_rational_closed_form_of_a_second_order_recurrence():
    # 1 / a is arithmetic: a n = 1 / (n + 1)
    true = HARMONIC.format(s=1, s1=2, p=2, pq=3, N=99, v=100)
    script = rational_leaf(true)
    assert script and certify(load_theorem(true).goal, "\n".join(script)).ok
    assert any("div_eq_div_iff" in line for line in script)
    assert rational_leaf(HARMONIC.format(s=1, s1=2, p=2, pq=3, N=99, v=99)) is None


def test_rational_form_declined_at_once_without_its_shape():
    rational_leaf("theorem t (x : ℕ → ℚ) (h₀ : x 0 = 2) : x 0 = 2")   # imports
    start = time.monotonic()
    assert rational_leaf("theorem t (x : ℕ → ℚ) (h₀ : x 0 = 2) (h₁ : x 1 = 3) "
                         "(h : ∀ n, x (n + 2) = x n + x (n + 1)) : x 100 = 2") is None   # no quotient
    assert time.monotonic() - start < 0.05


def test_rational_form_script_only_for_the_true_value():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    @given(st.integers(0, 2), st.integers(1, 5), st.integers(1, 4), st.integers(40, 80), st.integers(-1, 1))
    @settings(max_examples=4, deadline=None)
    def prop(s, p, q, N, off):
        v = p + (N - s) * q
        statement = HARMONIC.format(s=s, s1=s + 1, p=p, pq=p + q, N=N, v=v + off)
        script = rational_leaf(statement)
        if off:
            assert script is None
        elif script is not None:
            assert certify(load_theorem(statement).goal, "\n".join(script)).ok

    prop()


AFFINE = "theorem t (f : ℤ → ℤ) (h₁ : ∀ x, f x = f (x - 1) + {c}) (h₂ : f {b} = {v}) : {goal}"


def affine_leaf(statement):
    from prover.search.recurrence import int_affine_leaf
    return int_affine_leaf(load_theorem(statement).goal, KernelChecker(), time.monotonic() + 20)


def test_affine_recurrence_over_the_integers_with_nested_values():
    # f x = 3 x + 1: f 2 = 7, f 7 = 22
    true = AFFINE.format(c=3, b=0, v=1, goal="f (f 2) = 22")
    script = affine_leaf(true)
    assert script and certify(load_theorem(true).goal, "\n".join(script)).ok
    assert affine_leaf(AFFINE.format(c=3, b=0, v=1, goal="f (f 2) = 23")) is None
    # below the base value the closed form is not proved: declined
    assert affine_leaf(AFFINE.format(c=3, b=2, v=7, goal="f 0 = 1")) is None


def test_affine_script_only_for_the_true_value():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    @given(st.integers(-4, 4), st.integers(-3, 3), st.integers(-5, 5), st.integers(0, 30), st.integers(-1, 1))
    @settings(max_examples=6, deadline=None)
    def prop(c, b, v, m, off):
        value = v + c * m
        statement = AFFINE.format(c=c if c >= 0 else f"({c})", b=b if b >= 0 else f"({b})", v=v if v >= 0 else f"({v})",
                                  goal=f"f {b + m} = {value + off}" if b + m >= 0 else f"f ({b + m}) = {value + off}")
        script = affine_leaf(statement)
        if off:
            assert script is None
        elif script is not None:
            assert certify(load_theorem(statement).goal, "\n".join(script)).ok

    prop()
