"""Clearing denominators in hypotheses: `div_eq_iff`, `eq_div_iff`, `div_eq_div_iff`,
`sub_ne_zero`, `mul_left_cancel₀` by their Mathlib statements, used through `exact`,
`(lemma args).mp h`, and `h (by tac)` for `h : a ≠ b`; each accepted case with refused twins."""

from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from prover.checkers.kernel_checker import KernelChecker, certify
from prover.checkers.base import Subgoals
from prover.kernel import CheckedStep, check
from prover.kernel.evaluate import holds
from prover.kernel.lemmas import BadHint, resolve
from prover.state import load_theorem
from prover.syntax.ast import Expr, substitute
from prover.syntax.printer import show


def verdict(text, tactic):
    r = check(load_theorem(text).goal, tactic)
    return "accept" if isinstance(r, CheckedStep) else "refuse"


H = "(n : ℝ) (h₀ : n ≠ 3) (hd : n - 3 ≠ 0) (h₁ : (n + 5) / (n - 3) = 2)"


@pytest.mark.parametrize("text, tactic, expected", [
    # div_eq_iff (hb : b ≠ 0) : a / b = c ↔ a = c * b
    (f"theorem t {H} : n + 5 = 2 * (n - 3)", "exact (div_eq_iff hd).mp h₁", "accept"),
    (f"theorem t {H} : n + 5 = 2 * (n - 3)", "exact (div_eq_iff (sub_ne_zero.mpr h₀)).mp h₁", "accept"),
    (f"theorem t {H} : n + 5 = 2 * (n - 3)", "exact (div_eq_iff (sub_ne_zero_of_ne h₀)).mp h₁", "accept"),
    (f"theorem t {H} : n + 5 = 2 * (n - 3)", "exact (div_eq_iff hd).1 h₁", "accept"),
    # the side is Mathlib's `c * b`, not `b * c` (exact compares up to α, never up to ring)
    (f"theorem t {H} : n + 5 = (n - 3) * 2", "exact (div_eq_iff hd).mp h₁", "refuse"),
    # the nonzero fact about another term, or the raw `n ≠ 3`
    (f"theorem t {H} (hw : n - 2 ≠ 0) : n + 5 = 2 * (n - 2)", "exact (div_eq_iff hw).mp h₁", "refuse"),
    (f"theorem t {H} : n + 5 = 2 * (n - 3)", "exact (div_eq_iff h₀).mp h₁", "refuse"),
    # wrong direction: .mpr wants the right side
    (f"theorem t {H} : n + 5 = 2 * (n - 3)", "exact (div_eq_iff hd).mpr h₁", "refuse"),
    (f"theorem t {H} : (n + 5) / (n - 3) = 2", "exact (div_eq_iff hd).mpr h₁", "refuse"),
    ("theorem t (n : ℝ) (hd : n - 3 ≠ 0) (h : n + 5 = 2 * (n - 3)) : (n + 5) / (n - 3) = 2",
     "exact (div_eq_iff hd).mpr h", "accept"),
    # ℕ and ℤ: `/` truncates, no GroupWithZero instance: refused
    ("theorem t (n : ℕ) (hd : n - 3 ≠ 0) (h₁ : (n + 5) / (n - 3) = 2) : n + 5 = 2 * (n - 3)",
     "exact (div_eq_iff hd).mp h₁", "refuse"),
    ("theorem t (n : ℤ) (hd : n - 3 ≠ 0) (h₁ : (n + 5) / (n - 3) = 2) : n + 5 = 2 * (n - 3)",
     "exact (div_eq_iff hd).mp h₁", "refuse"),
    ("theorem t (n : ℕ) (h₀ : n ≠ 3) : n - 3 ≠ 0", "exact sub_ne_zero.mpr h₀", "refuse"),
    ("theorem t (n : ℤ) (h₀ : n ≠ 3) : n - 3 ≠ 0", "exact sub_ne_zero.mpr h₀", "accept"),
    ("theorem t (n : ℤ) (h₀ : n ≠ 3) : 3 - n ≠ 0", "exact sub_ne_zero.mpr h₀", "refuse"),
    # eq_div_iff (hb : b ≠ 0) : c = a / b ↔ c * b = a
    ("theorem t (x y z : ℝ) (h₀ : x ≠ 0) (h₁ : y = (x ^ 2 - z) / x) : y * x = x ^ 2 - z",
     "exact (eq_div_iff h₀).mp h₁", "accept"),
    ("theorem t (x y z : ℝ) (h₀ : x ≠ 0) (h₁ : y = (x ^ 2 - z) / x) : y = x ^ 2 - z",
     "exact (eq_div_iff h₀).mp h₁", "refuse"),
    # div_eq_div_iff (hb : b ≠ 0) (hd : d ≠ 0) : a / b = c / d ↔ a * d = c * b
    ("theorem t (x : ℚ) (hb : x - 1 ≠ 0) (hd : x + 2 ≠ 0) (h : (x + 1) / (x - 1) = (x - 2) / (x + 2)) :"
     " (x + 1) * (x + 2) = (x - 2) * (x - 1)", "exact (div_eq_div_iff hb hd).mp h", "accept"),
    ("theorem t (x : ℚ) (hb : x - 1 ≠ 0) (hd : x + 2 ≠ 0) (h : (x + 1) / (x - 1) = (x - 2) / (x + 2)) :"
     " (x + 1) * (x + 2) = (x - 2) * (x - 1)", "exact (div_eq_div_iff hd hb).mp h", "refuse"),
    # a `(by tac : P)` argument is checked by the kernel
    ("theorem t (x : ℝ) (h₀ : 0 < x) (h₁ : (x + 30) / (x / 55 + 1 / 2) = 50) : x + 30 = 50 * (x / 55 + 1 / 2)",
     "exact (div_eq_iff (by positivity : x / 55 + 1 / 2 ≠ 0)).mp h₁", "accept"),
    ("theorem t (x : ℝ) (h₀ : 0 ≤ x) (h₁ : (x + 30) / (x - 55) = 50) : x + 30 = 50 * (x - 55)",
     "exact (div_eq_iff (by positivity : x - 55 ≠ 0)).mp h₁", "refuse"),
    # mul_left_cancel₀ (ha : a ≠ 0) (h : a * b = a * c) : b = c  (ℕ included)
    ("theorem t (x y : ℝ) (h : x - y ≠ 0) (k : (x - y) * x = (x - y) * 2) : x = 2",
     "exact mul_left_cancel₀ h k", "accept"),
    ("theorem t (x y : ℝ) (h : x - y ≠ 0) (k : (x + y) * x = (x + y) * 2) : x = 2",
     "exact mul_left_cancel₀ h k", "refuse"),
    ("theorem t (a b : ℕ) (h : a ≠ 0) (k : a * b = a * 2) : b = 2", "exact mul_left_cancel₀ h k", "accept"),
    # a hypothesis shadows the lemma of the same name
    ("theorem t (x : ℝ) (div_eq_iff : x = 1) (hd : x ≠ 0) (h : 2 / x = 2) : 2 = 2 * x",
     "exact (div_eq_iff hd).mp h", "refuse"),
    ("theorem t (x div_eq_iff : ℝ) (hd : x ≠ 0) (h : 2 / x = 2) : 2 = 2 * x",
     "exact (div_eq_iff hd).mp h", "refuse"),
    ("theorem t (a b sub_ne_zero : ℤ) (h : a ≠ b) : a - b ≠ 0", "exact sub_ne_zero.mpr h", "refuse"),
    # h : a ≠ b applied to a proof of a = b is False (`Ne` unfolds to `a = b → False`)
    ("theorem t (x : ℝ) (h₁ : x ≠ -2) (hc : x + 2 = 0) : False", "exact h₁ (by linarith)", "accept"),
    ("theorem t (x : ℝ) (h₁ : x ≠ -2) (hc : x + 3 = 0) : False", "exact h₁ (by linarith)", "refuse"),
    ("theorem t (x : ℝ) (h₁ : ¬ x = -2) (hc : x + 2 = 0) : False", "exact h₁ (by linarith)", "accept"),
    ("theorem t (x : ℝ) (h₁ : x ≠ -2) (hc : x + 2 = 0) : x = 0", "exact h₁ (by linarith)", "refuse"),
    # an unknown lemma is refused by name
    (f"theorem t {H} : n + 5 = 2 * (n - 3)", "exact (div_eq_iff_mul hd).mp h₁", "refuse"),
])
def test_division_lemmas(text, tactic, expected):
    assert verdict(text, tactic) == expected


def test_intro_on_ne_then_exact():
    g = load_theorem("theorem t (x : ℝ) (h₁ : x ≠ -2) : x + 2 ≠ 0").goal
    assert certify(g, "intro hc\nexact h₁ (by linarith)").ok
    r = KernelChecker().apply(g, "intro hc")
    assert isinstance(r, Subgoals) and show(r.goals[0].hypothesis("hc")) == "x + 2 = 0"
    assert r.goals[0].target.op == "false"
    bad = load_theorem("theorem t (x : ℝ) (h₁ : x ≠ -2) : x + 3 ≠ 0").goal
    assert not certify(bad, "intro hc\nexact h₁ (by linarith)").ok


def test_partial_iff_without_projection_is_refused():
    g = load_theorem(f"theorem t {H} : True").goal
    with pytest.raises(BadHint):
        resolve(g, "div_eq_iff hd")   # a, c only the projection's argument fixes


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(-5, 5), st.integers(-9, 9), st.integers(-5, 5), st.integers(-6, 6), st.integers(1, 4),
       st.sampled_from(["ℚ", "ℝ"]))
def test_cleared_statement_holds_wherever_the_hypothesis_does(p, q, r, c, k, ty):
    """Whatever the coefficients, the statement the kernel derives from `(p x + q) / (k x - r) = c`
    by `div_eq_iff` is true at every point where the hypothesis and the nonzero fact hold (checked
    by exact evaluation at the point solving the cleared equation, and at points where it fails)."""
    g = load_theorem(f"theorem t (x : {ty}) (hd : {k} * x - {r} ≠ 0) "
                     f"(h : ({p} * x + {q}) / ({k} * x - {r}) = {c}) : True").goal
    derived = resolve(g, "(div_eq_iff hd).mp h")
    assert show(derived) == f"{p} * x + {q} = {c} * ({k} * x - {r})"
    for x0 in [Fraction(v, 2) for v in range(-8, 9)]:
        at = lambda e: substitute(e, "x", Expr("num", value=x0, ty=ty))   # noqa: E731
        if holds(at(g.hypothesis("hd"))) and holds(at(g.hypothesis("h"))):
            assert holds(at(derived))
        if holds(at(g.hypothesis("hd"))) and holds(at(derived)):
            assert holds(at(g.hypothesis("h")))     # an iff: both ways where b ≠ 0


@pytest.mark.parametrize("statement, script, ok", [
    # `have h := (lemma args).mp h` without a stated type: the kernel's reading of the lemma
    ("theorem t (x y : ℝ) (hy : y ≠ 0) (h : x / y = 3) : x = 3 * y", "have h2 := (div_eq_iff hy).mp h\nlinarith", True),
    ("theorem t (x y : ℝ) (h : x ≠ y) : x - y ≠ 0", "have h2 := sub_ne_zero.mpr h\nexact h2", True),
    # the conclusion is `a = c * b`, not `b * c`: `exact` compares terms, as Lean's does
    ("theorem t (x y : ℝ) (hy : y ≠ 0) (h : x / y = 3) : x = y * 3", "have h2 := (div_eq_iff hy).mp h\nexact h2", False),
    # ℕ division truncates: no `GroupWithZero ℕ` instance
    ("theorem t (n m : ℕ) (hm : m ≠ 0) (h : n / m = 3) : n = 3 * m", "have h2 := (div_eq_iff hm).mp h\nlinarith", False),
    # a local name shadows the lemma
    ("theorem t (x y : ℝ) (div_eq_iff : x = 1) (hy : y ≠ 0) (h : x / y = 3) : x = 3 * y",
     "have h2 := (div_eq_iff hy).mp h\nlinarith", False),
])
def test_have_reads_iff_projections_through_the_kernel(statement, script, ok):
    assert certify(load_theorem(statement).goal, script).ok is ok
