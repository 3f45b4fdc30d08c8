"""Hint terms with a proof argument `(by tac : P)` (`Real.log_le_sub_one_of_pos (by positivity : 0 < x)`)
and iff projections (`Real.exp_le_exp.mpr h`) are read by the kernel's lemma reader in both
checkers: the inner tactic must prove `P`, or the hint (and the tactic) is refused."""

from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from prover.checkers.base import Closed, Rejected
from prover.checkers.kernel_checker import KernelChecker, certify
from prover.checkers.sympy_checker import SympyChecker
from prover.search.best_first import search
from prover.state import load_theorem


@given(st.integers(-3, 3), st.integers(-3, 3), st.sampled_from(["linarith", "positivity", "norm_num"]))
@settings(max_examples=20, deadline=None)
def test_a_proof_argument_is_checked_before_its_lemma_is_used(lower, shift, tac):
    # hx : lower ≤ x; the hint needs 0 < x + shift, true from hx exactly when lower + shift > 0
    text = f"theorem t (x : ℝ) (hx : {lower} ≤ x) : Real.log (x + {shift}) ≤ x + {shift} - 1"
    g = load_theorem(text).goal
    hint = f"linarith [Real.log_le_sub_one_of_pos (by {tac} : (0 : ℝ) < x + {shift})]"
    for checker in (SympyChecker(), KernelChecker()):
        r = checker.apply(g, hint, budget_s=5)
        if lower + shift <= 0:
            assert not isinstance(r, Closed), (text, hint, r)   # P does not follow: never closed


def test_iff_projection_hints_are_read_by_the_search_checker():
    g = load_theorem("theorem t (x y : ℝ) (h : x ≥ y) : Real.exp x - Real.exp y ≥ 0").goal
    assert isinstance(SympyChecker().apply(g, "linarith [Real.exp_le_exp.mpr h]"), Closed)
    assert certify(g, "linarith [Real.exp_le_exp.mpr h]").ok
    # the projection's premise must be the hypothesis' statement: y ≤ x does not give exp x ≤ exp y
    g2 = load_theorem("theorem t (x y : ℝ) (h : x ≥ y) : Real.exp y - Real.exp x ≥ 0").goal
    assert not certify(g2, "linarith [Real.exp_le_exp.mpr h]").ok


def test_search_closes_exp_and_log_bounds_with_mathlib_facts():
    for text in ("theorem t (z : ℝ) : Real.exp z ≥ z + 1",
                 "theorem t (a : ℝ) (ha : 3 ≤ a) : Real.log a ≤ a - 1",
                 "theorem t (u v : ℝ) (h : u < v) : Real.exp u < Real.exp v + 1"):
        r = search(load_theorem(text), timeout_s=15)
        assert r.verdict == "checked", (text, r)


def test_search_does_not_prove_false_twins_of_these_bounds():
    for text in ("theorem t (z : ℝ) : Real.exp z ≥ z + 2",
                 "theorem t (a : ℝ) (ha : 3 ≤ a) : Real.log a ≤ a - 3",
                 "theorem t (u v : ℝ) (h : u < v) : Real.exp v < Real.exp u + 1"):
        r = search(load_theorem(text), timeout_s=5)
        assert r.verdict != "checked" and r.status != "proved", (text, r)
