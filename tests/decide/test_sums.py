"""Closed forms of sums and products are proved, never taken on SymPy's word.

The translated value of a random big operator over a symbolic interval (every Finset
interval kind, constant lower end, hypotheses that keep it from being reversed or not)
agrees with term-by-term evaluation under Lean's rules at every n, or the translation
declines.
"""

from __future__ import annotations

import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from prover.decide.evaluate import Evaluator
from prover.decide.sums import NotClosedForm, _Translator, closed_form_identity
from prover.state import load_theorem

# {K} is the index cast to the sum's type; a bare k is an ℕ exponent
TERMS = ("1", "{K}", "{K} ^ 2", "{K} ^ 3", "2 ^ k", "(-1) ^ k", "(-1) ^ k * {K}", "1 / ({K} + 1)")
KINDS = ("Finset.range", "Finset.Icc", "Finset.Ico", "Finset.Ioc", "Finset.Ioo")


@st.composite
def big_operators(draw):
    ty = draw(st.sampled_from(("ℤ", "ℚ")))
    terms = draw(st.lists(st.sampled_from(TERMS if ty == "ℚ" else TERMS[:-1]), min_size=1, max_size=3))
    coeffs = draw(st.lists(st.integers(-3, 3), min_size=len(terms), max_size=len(terms)))
    body = " + ".join(f"({c} : {ty}) * ({t.format(K=f'(k : {ty})')})" for c, t in zip(coeffs, terms))
    kind = draw(st.sampled_from(KINDS))
    a = draw(st.integers(0, 4))
    s = "Finset.range n" if kind == "Finset.range" else f"{kind} {a} n"
    op = draw(st.sampled_from(("∑", "∏"))) if len(terms) == 1 else "∑"
    hyp = draw(st.sampled_from(("", f"(h : {a} ≤ n)")))
    return f"theorem t (n : ℕ) {hyp} : {op} k ∈ {s}, ({body}) = 0", hyp, a


@settings(max_examples=60, deadline=None)
@given(big_operators())
def test_translated_big_operators_agree_with_term_by_term_evaluation(case):
    text, hyp, a = case
    goal = load_theorem(text).goal
    try:
        value = _Translator(goal)(goal.target.args[0])
    except NotClosedForm:
        return
    n = sympy.Symbol("n", integer=True, nonnegative=True)
    for v in range(9):
        if hyp and not a <= v:
            continue
        exact = Evaluator({"n": v}).term(goal.target.args[0])
        assert sympy.simplify(value.subs(n, v) - exact) == 0, (text, v)


def test_reversed_constant_interval_is_empty():
    assert closed_form_identity(load_theorem("theorem t : ∑ k ∈ Finset.Icc 5 2, (k : ℤ) = 0").goal)
    assert not closed_form_identity(load_theorem("theorem t : ∑ k ∈ Finset.Icc 5 2, (k : ℤ) = -7").goal)


def test_alternating_binomial_sum_is_not_taken_on_sympys_word():
    # SymPy says 0 for every n; at n = 0 the sum is 1.
    g = load_theorem("theorem t (n : ℕ) : ∑ k ∈ Finset.range (n + 1), (-1 : ℤ) ^ k * (Nat.choose n k) = 0").goal
    assert not closed_form_identity(g)


def test_spot_check_runs_for_real_variables():
    g = load_theorem("theorem t (x : ℝ) (n : ℕ) : ∑ k ∈ Finset.range n, (x + k) = n * x + n ^ 2 / 2").goal
    assert not closed_form_identity(g)
    g = load_theorem("theorem t (x : ℝ) (n : ℕ) : ∑ k ∈ Finset.range n, (x + k) = n * x + (n : ℝ) * (n - 1) / 2").goal
    assert closed_form_identity(g)
