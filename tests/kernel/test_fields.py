"""Closed `Nat.choose`/`Nat.factorial` by `decide` (structural recursion, bounded), and literal
ℕ exponents (`x ^ (5 / 3)`: ℕ division, then `pow_one`/`pow_zero`): what Lean accepts, and the
refused twins."""

from math import comb, factorial

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from prover.kernel import CheckedStep, check
from prover.state import load_theorem


def verdict(text, tactic):
    r = check(load_theorem(text).goal, tactic)
    return "accept" if isinstance(r, CheckedStep) else "refuse"


@pytest.mark.parametrize("text, tactic, expected", [
    ("theorem t : Nat.choose 9 4 = 126", "decide", "accept"),
    ("theorem t : Nat.choose 9 4 = 125", "decide", "refuse"),
    ("theorem t : Nat.choose 3 2 * 4 ! = 72", "decide", "accept"),
    ("theorem t : Nat.choose (5 + 12 - 1) 4 = Nat.choose 16 12", "decide", "refuse"),   # choose 16 12: >100,000 unshared calls
    ("theorem t : Nat.choose (5 + 12 - 1) 4 = 1820", "decide", "accept"),
    ("theorem t : Nat.choose 7 3 / Nat.choose 9 3 = 0", "decide", "accept"),   # ℕ division truncates
    ("theorem t : Nat.choose 7 3 / Nat.choose 9 3 = 1", "decide", "refuse"),
    ("theorem t : Nat.choose 5 2 < Nat.choose 6 2 ∧ 3 ! ≤ 6", "decide", "accept"),
    # no decidable equality on ℝ; a large unfolding exceeds what decide reduces
    ("theorem t : (Nat.choose 4 2 : ℝ) = 6", "decide", "refuse"),
    ("theorem t : Nat.choose 60 30 = 118264581564861424", "decide", "refuse"),
    ("theorem t : Nat.choose 40 1 = 40", "decide", "refuse"),   # depth beyond the bound
    # norm_num has no Nat.choose extension: not modelled as evaluating it
    ("theorem t : Nat.choose 9 4 = 126", "norm_num", "refuse"),
    # free variables: not decidable by evaluation
    ("theorem t (n : ℕ) : Nat.choose n 0 = 1", "decide", "refuse"),
])
def test_decide_choose(text, tactic, expected):
    assert verdict(text, tactic) == expected


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 12), st.integers(0, 12), st.integers(0, 6), st.integers(-3, 3))
def test_decide_choose_agrees_with_exact_values(n, k, m, delta):
    """decide accepts `choose n k + m ! = v` exactly when v is the true value (and the recursion is small)."""
    from prover.kernel.evaluate import choose_calls
    from prover.kernel.tactics import DECIDE_RECURSION_LIMIT
    v = comb(n, k) + factorial(m) + delta
    if v < 0:
        return
    r = verdict(f"theorem t : Nat.choose {n} {k} + {m} ! = {v}", "decide")
    # accepted exactly at the true value, within the bound on choose's unshared call tree
    assert r == ("accept" if delta == 0 and choose_calls(n, k) <= DECIDE_RECURSION_LIMIT else "refuse")


def certified(text, script):
    from prover.checkers.kernel_checker import certify
    return certify(load_theorem(text).goal, script).ok


@pytest.mark.parametrize("text, script, expected", [
    # pow_one / pow_zero (Monoid lemmas) by rw
    ("theorem t (x : ℝ) (h : x ≥ 2) : x ^ 1 ≥ 2", "rw [pow_one]\nlinarith", True),
    ("theorem t (x : ℝ) (h : x ≥ 2) : x ^ 0 + x ≥ 3", "rw [pow_zero]\nlinarith", True),
    ("theorem t (x : ℝ) (h : x ≥ 2) : x ^ 2 ≥ 2", "rw [pow_one]\nlinarith", False),   # no instance
    # a literal ℕ exponent: `5 / 3 = 1` in ℕ, so `x ^ (5 / 3)` is `x ^ 1`
    ("theorem t (x : ℝ) (h : x ≥ 2) : x ^ (5 / 3) ≥ 2",
     "have e : (x ^ (5 / 3) : ℝ) = x ^ 1 := by norm_num\nrw [e]\nrw [pow_one]\nlinarith", True),
    ("theorem t (x : ℝ) (h : x ≥ 2) : x ^ (5 / 3) ≥ 2",
     "have e : (x ^ (5 / 3) : ℝ) = x ^ 2 := by norm_num\nrw [e]\nnlinarith", False),
    # `1 / 2 = 0`: `x ^ (1 / 2)` is 1, never √x
    ("theorem t (x : ℝ) (h : x ≥ 4) : x ^ (1 / 2) ≥ 2", "norm_num", False),
    ("theorem t (x : ℝ) (h : x ≥ 4) : x ^ (1 / 2) ≤ 1", "norm_num", True),
])
def test_literal_exponent_steps(text, script, expected):
    assert certified(text, script) == expected


def _leaf(text, seconds=4.0):
    import time

    import prover.search.reconstruct as R
    from prover.checkers.kernel_checker import KernelChecker
    from prover.search.exponents import exponent_leaf
    goal = load_theorem(text).goal
    return goal, exponent_leaf(goal, KernelChecker(), time.monotonic() + seconds, R)


@pytest.mark.parametrize("text", [
    "theorem t (a b : ℝ) (ha : 0 ≤ a) (hb : 0 ≤ b) : a ^ 2 + b ^ 2 + 2 * (a * b) ^ (7 / 4) ≥ 2 * a * b",
    "theorem t (n : ℕ) : (n ^ 2 + 1) ^ (1 / 2) - n - ((n ^ 3 + 2) ^ (1 / 3) - n) = 0",
    "theorem t (x y : ℝ) (hx : 0 < x) (hy : 0 < y) : (x + y ^ (1 / 3)) * (y + x ^ (1 / 4)) > 1",
])
def test_exponent_leaf_scripts_certify(text):
    goal, lines = _leaf(text)
    assert lines, text
    from prover.checkers.kernel_checker import certify
    assert certify(goal, "\n".join(lines)).ok


@settings(max_examples=12, deadline=None)
@given(st.integers(1, 9), st.integers(1, 5), st.integers(1, 9), st.integers(1, 5), st.integers(0, 4))
def test_exponent_leaf_never_certifies_a_false_identity(p, q, r, s, m):
    """`x ^ (p / q) * x ^ (r / s) = x ^ m` over ℝ (ℕ exponents): a script comes back only when
    p / q + r / s = m in ℕ, i.e. when the statement holds for every x."""
    text = f"theorem t (x : ℝ) (hx : 2 ≤ x) : x ^ ({p} / {q}) * x ^ ({r} / {s}) = x ^ {m}"
    goal, lines = _leaf(text, 1.5)
    if lines:
        from prover.checkers.kernel_checker import certify
        assert certify(goal, "\n".join(lines)).ok
        assert p // q + r // s == m


@pytest.mark.parametrize("text, script, expected", [
    # Mathlib's div_le_iff₀ (hc : 0 < c) : b / c ≤ a ↔ b ≤ a * c, and its kin; ordered fields only
    ("theorem t (x y : ℝ) (hy : 0 < y) (h : x ≤ 2 * y) : x / y ≤ 2", "exact (div_le_iff₀ hy).mpr h", True),
    ("theorem t (x y : ℚ) (hy : 0 < y) (h : x ≤ 2 * y) : x / y ≤ 2", "exact (div_le_iff₀ hy).mpr h", True),
    ("theorem t (x y : ℕ) (hy : 0 < y) (h : x ≤ 2 * y) : x / y ≤ 2", "exact (div_le_iff₀ hy).mpr h", False),
    ("theorem t (x y : ℤ) (hy : 0 < y) (h : x ≤ 2 * y) : x / y ≤ 2", "exact (div_le_iff₀ hy).mpr h", False),
    # without its positivity argument, or with a weaker one
    ("theorem t (x y : ℝ) (hy : 0 ≤ y) (h : x ≤ 2 * y) : x / y ≤ 2", "exact (div_le_iff₀ hy).mpr h", False),
    ("theorem t (x y : ℝ) (hy : y ≠ 0) (h : x ≤ 2 * y) : x / y ≤ 2", "exact (div_le_iff₀ hy).mpr h", False),
    # the exact statement: `b ≤ a * c`, not `b ≤ c * a` (exact is up to defeq, not ring)
    ("theorem t (x y : ℝ) (hy : 0 < y) (h : x ≤ y * 2) : x / y ≤ 2", "exact (div_le_iff₀ hy).mpr h", False),
    ("theorem t (x y : ℝ) (hy : 0 < y) (h : x * y ≤ 3) : x ≤ 3 / y", "exact (le_div_iff₀ hy).mpr h", True),
    ("theorem t (x y : ℝ) (hy : 0 < y) (h : x * y < 3) : x < 3 / y", "exact (lt_div_iff₀ hy).mpr h", True),
    ("theorem t (x y : ℝ) (hy : 0 < y) (h : x * y ≤ 3) : x < 3 / y", "exact (lt_div_iff₀ hy).mpr h", False),
    ("theorem t (x y : ℝ) (hy : 0 < y) (h : x / y < 2) : x < 2 * y", "exact (div_lt_iff₀ hy).mp h", True),
    ("theorem t (a b c : ℝ) (ha : 0 < a) (hc : 0 < c) (h : c < b) : a / b < a / c",
     "exact div_lt_div_of_pos_left ha hc h", True),
    ("theorem t (a b c : ℝ) (ha : 0 < a) (hc : 0 < c) (h : b < c) : a / b < a / c",
     "exact div_lt_div_of_pos_left ha hc h", False),
])
def test_div_le_iff_family(text, script, expected):
    assert certified(text, script) == expected


@settings(max_examples=20, deadline=None)
@given(st.integers(-5, 5), st.integers(-5, 5), st.integers(-5, 5), st.sampled_from(["≤", "<"]),
       st.sampled_from(["div_le_iff₀", "div_lt_iff₀"]))
def test_div_iff_agrees_with_its_statement(p, q, k, rel, lemma):
    """`(lemma hy).mpr h` closes `x / y REL k` from `h : x REL' p * y (+ q)` exactly when the
    premise is the lemma's `b REL a * c` (p = k, no `+ q`, the relation matches)."""
    premise = f"{p} * y" if q == 0 else f"{p} * y + {q}"
    text = f"theorem t (x y : ℝ) (hy : 0 < y) (h : x {rel} {premise}) : x / y {'≤' if lemma == 'div_le_iff₀' else '<'} {k}"
    ok = certified(text, f"exact ({lemma} hy).mpr h")
    assert ok == ((rel == "≤") == (lemma == "div_le_iff₀") and q == 0 and p == k)


@pytest.mark.parametrize("text, expected", [
    # closed integer powers: `10 ^ (-2 : ℤ)` (zpow) rewritten by its value, in hypotheses too
    ("theorem t (x y : ℝ) (h : 10 ^ (-2 : ℤ) * (x + y) = 3) : x + y = 300", True),
    ("theorem t (x y : ℝ) (h : 10 ^ (-2 : ℤ) * (x * y) = 5 / 2) (hx : 2 ^ (-1 : ℤ) * x = 1) : y = 125", True),
])
def test_zpow_leaf_scripts_certify(text, expected):
    goal, lines = _leaf(text, 6.0)
    assert bool(lines) == expected
    if lines:
        from prover.checkers.kernel_checker import certify
        assert certify(goal, "\n".join(lines)).ok
        assert any("(-" in x and ": ℤ)" in x and "norm_num" in x for x in lines)


@settings(max_examples=10, deadline=None)
@given(st.integers(2, 5), st.integers(1, 3), st.integers(1, 9), st.integers(-2, 2))
def test_zpow_leaf_never_certifies_a_wrong_value(c, k, s, delta):
    """`c ^ (-k : ℤ) * x = s ⊢ x = s * c ^ k + delta`: a script only when delta = 0."""
    text = f"theorem t (x : ℝ) (h : {c} ^ (-{k} : ℤ) * x = {s}) : x = {s * c ** k + delta}"
    goal, lines = _leaf(text, 1.5)
    if lines:
        from prover.checkers.kernel_checker import certify
        assert certify(goal, "\n".join(lines)).ok
        assert delta == 0
