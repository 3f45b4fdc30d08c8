"""ℕ/ℤ equations with products: a bound proved by nlinarith, then interval_cases
(`prover.search.integer_bounds`). Every script is replayed by the kernel; false statements,
false candidate bounds and goals outside the shape get no script."""

import time

from hypothesis import given, settings
from hypothesis import strategies as st

import prover.search.integer_bounds as ib
from prover.checkers.kernel_checker import KernelChecker, certify
from prover.search.integer_bounds import applies, integer_bounds_leaf
from prover.state import load_theorem


def _leaf(statement: str, seconds: float = 30.0):
    goal = load_theorem(statement).goal
    return goal, integer_bounds_leaf(goal, KernelChecker(), time.monotonic() + seconds)


def _replays(goal, script) -> bool:
    return certify(goal, "\n".join(script), KernelChecker()).ok


def test_int_equation_bound_then_cases():
    goal, script = _leaf("theorem t (x y : ℤ) (h₀ : 0 < y) (h₁ : y < x) (h₂ : x + y + x * y = 50) : x = 16")
    assert script is not None and script[-1].startswith("interval_cases ")
    assert any(line.startswith("have hb : ") and line.endswith(":= by nlinarith") for line in script)
    assert _replays(goal, script)


def test_squares_of_the_other_variable_close_by_nlinarith_per_case():
    # omega sees `y ^ 2` as an atom: with x fixed, only nlinarith ties y ^ 2 to y's value
    goal, script = _leaf("theorem t (x y : ℕ) (h₀ : 0 < x ∧ 0 < y) (h₁ : x * y + x + y = 23) "
                         "(h₂ : x ^ 2 * y + x * y ^ 2 = 120) : x ^ 2 + y ^ 2 = 34")
    assert script is not None
    assert script[0].startswith("obtain ⟨")   # interval_cases reads bounds only outside ∧
    assert script[-1].endswith("<;> nlinarith")
    assert _replays(goal, script)


def test_negative_range_lower_bound_read_from_hypotheses():
    goal, script = _leaf("theorem t (x y : ℤ) (h₀ : -3 ≤ y) (h₁ : y < 0) (h₂ : x * y = 12) : x ≤ -4")
    assert script is not None and _replays(goal, script)


def test_truncated_subtraction_tied_to_its_variable():
    goal, script = _leaf("theorem t (r s : ℕ) (h₀ : r * s = 24) (h₁ : (r + 2) * (s - 2) = 24) : r = 4")
    assert script is not None and script[0] == "have hs : 2 ≤ s := by"
    assert "have ht : s - 2 + 2 = s := by omega" in script
    assert _replays(goal, script)


def test_no_truncation_fact_where_a_small_value_fits():
    # b = 1 or 2 satisfies both: `3 ≤ b` is unprovable, so no fact ties `b - 3` to b
    goal = load_theorem("theorem t (a b : ℕ) (h₀ : a * b = 2) (h₁ : (a + 1) * (b - 3) = 0) : a ≤ 2").goal
    assert ib._truncation_facts(goal, time.monotonic() + 5) == ([], goal)


def test_two_bounded_variables_nested_cases():
    # with x fixed, y * y is still an atom to omega: both are split
    goal, script = _leaf("theorem t (x y : ℤ) (h₀ : 0 ≤ x) (h₁ : 0 ≤ y) (h₂ : x * x + y * y = 25) "
                         "(h₃ : x * y ≠ 0) : x + y = 7")
    assert script is not None and script[-1] == "interval_cases x <;> interval_cases y <;> omega"
    assert _replays(goal, script)
    assert _leaf("theorem t (x y : ℤ) (h₀ : 0 ≤ x) (h₁ : 0 ≤ y) (h₂ : x * x + y * y = 25) "
                 "(h₃ : x ≠ 3) : x + y = 7", 8)[1] is None


def test_lower_bound_proved_below_a_stated_upper_bound():
    goal, script = _leaf("theorem t (x y : ℤ) (h₀ : y < 0) (h₁ : x < y) (h₂ : x * y + x + y = 16) : x = -18")
    assert script is not None and script[0].startswith("have hb : -") and script[0].endswith("≤ y := by nlinarith")
    assert _replays(goal, script)


def test_false_statement_gets_no_script():
    assert _leaf("theorem t (x y : ℤ) (h₀ : 0 < y) (h₁ : y < x) (h₂ : x + y + x * y = 50) : x = 17", 8)[1] is None
    # ℕ truncation: b - 3 = 0 for b ≤ 3, so b = 1 or 2 satisfy both equations
    assert _leaf("theorem t (a b : ℕ) (h₀ : a * b = 2) (h₁ : (a + 1) * (b - 3) = 0) : 3 ≤ b", 8)[1] is None


def test_false_candidate_bounds_are_refused(monkeypatch):
    # y = 2 is the only solution: y ≤ 1 is false, and the kernel refuses the `have`
    monkeypatch.setattr(ib, "_candidates", lambda *args: [1] if args[3] else [])
    _, script = _leaf("theorem t (x y : ℤ) (h₀ : 0 < y) (h₁ : y < x) (h₂ : x + y + x * y = 50) : x = 16", 8)
    assert script is None


def test_refusals_outside_the_shape():
    real = load_theorem("theorem t (x y : ℝ) (h₀ : 0 < y) (h₁ : x * y = 4) (h₂ : y = 2) : x = 2").goal
    linear = load_theorem("theorem t (x y : ℕ) (h₀ : x + y = 4) (h₁ : y = 2) : x = 2").goal
    assert not applies(real) and not applies(linear)
    assert integer_bounds_leaf(real, KernelChecker(), time.monotonic() + 5) is None


@settings(max_examples=8, deadline=None)
@given(st.integers(0, 3), st.integers(0, 3), st.integers(1, 30), st.integers(0, 12))
def test_scripts_only_for_true_bounds(a, b, c, v):
    """Whatever script the finder writes, the statement it proves is true (brute force over
    the values the equation allows: x, y ≤ c)."""
    statement = (f"theorem t (x y : ℕ) (h₀ : 0 < x) (h₁ : 0 < y) "
                 f"(h₂ : x * y + {a} * x + {b} * y = {c}) : x ≤ {v}")
    goal, script = _leaf(statement, 6)
    if script is not None:
        assert all(x <= v for x in range(1, c + 1) for y in range(1, c + 1) if x * y + a * x + b * y == c)
        assert _replays(goal, script)


@settings(max_examples=6, deadline=None)
@given(st.integers(1, 4), st.integers(1, 4), st.sampled_from([12, 18, 24, 30]), st.integers(0, 30), st.integers(1, 12))
def test_truncated_subtraction_scripts_only_for_true_statements(a, k, d, c, v):
    """`r * s = d`, `(r + a) * (s - k) = c` (ℕ: `s - k` is 0 below k) ⊢ `r = v`: a script only
    when every solution, truncation included, has r = v (r, s ≤ d since d > 0)."""
    statement = f"theorem t (r s : ℕ) (h₀ : r * s = {d}) (h₁ : (r + {a}) * (s - {k}) = {c}) : r = {v}"
    goal, script = _leaf(statement, 6)
    if script is not None:
        assert all(r == v for r in range(d + 1) for s in range(d + 1)
                   if r * s == d and (r + a) * max(s - k, 0) == c)
        assert _replays(goal, script)
