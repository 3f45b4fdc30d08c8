import sympy
from hypothesis import given, strategies as st

from prover.decide.evaluate import compare, ediv, emod, evaluate_prop
from prover.decide.limits import TIMED_OUT, run_with_limit
from prover.state import load_theorem


@given(st.integers(-10**6, 10**6), st.integers(-1000, 1000))
def test_euclidean_division_laws(a, b):
    q, r = ediv(a, b), emod(a, b)
    if b == 0:
        assert (q, r) == (0, a)
    else:
        assert a == b * q + r and 0 <= r < abs(b)


def test_modular_power_of_huge_exponent():
    assert evaluate_prop(load_theorem("theorem t (k : ℕ) : (2008 ^ 2 + 2 ^ 2008) % 10 = 0").goal.target) in (True, False)
    assert evaluate_prop(load_theorem("theorem t : 1999 ^ 2000 % 5 = 1").goal.target) is True


def test_irrational_comparison_is_exact():
    assert compare(sympy.sqrt(2) + sympy.sqrt(3), sympy.sqrt(10)) == -1
    assert compare(sympy.sqrt(8), 2 * sympy.sqrt(2)) == 0


def test_hard_limit_kills_a_runaway_call():
    import time
    start = time.monotonic()
    assert run_with_limit(time.sleep, (30,), seconds=0.5) is TIMED_OUT
    assert time.monotonic() - start < 5


def test_z3_on_huge_numerals_stops_at_its_limit():
    # Z3 ignores its own timeout inside bignum arithmetic; such checks run in a killed child.
    import time

    from prover.decide.preprocess import simplify_goal
    from prover.decide.z3_encode import refute
    from prover.state import load_theorem
    g = load_theorem("theorem f (w : ℕ) (ih : 15 ^ w ∣ 942! → w ≤ 232) (h : 15 ^ (w + 1) ∣ 942!) : w + 1 ≤ 232").goal
    start = time.monotonic()
    result = refute(simplify_goal(g), timeout_ms=300)
    assert result.status != "proved" and time.monotonic() - start < 2.5


def test_z3_with_no_time_left_does_not_run():
    # Z3 reads a timeout of 0 as no limit at all.
    from prover.decide.z3_encode import refute
    from prover.state import load_theorem
    assert refute(load_theorem("theorem t (x : ℝ) (h : x = 2) : x + 1 = 3").goal, timeout_ms=0).status == "unknown"
