"""A quantifier is evaluated as bounded only when its guard bounds it.

Only `∀ x, G x → P x` and `∃ x, G x ∧ P x` (with `∀ x < b`, `∃ x ∈ s` desugared to these)
range over G's solutions; `∀ x, G x ∧ P x` and `∃ x, G x → P x` range over the whole type.
Random statements of every shape are compared with a brute-force reference over a window
wide enough to decide them: every atom is a threshold below 50 or a residue modulo at most
5, so beyond ±120 nothing new happens.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from prover.decide.evaluate import NotEvaluable, evaluate_prop
from prover.state import load_theorem

WINDOW = 120
GUARD_FORMS = ("x < {b}", "x ≤ {b}", "{b} > x", "{b} ≥ x", "{b} < x", "{b} ≤ x", "x > {b}", "x ≥ {b}")
BODY_FORMS = ("x ≠ {c}", "x < {c}", "x % {m} = {r}", "x * x < {c}", "x = {c}")


def _holds(form: str, x: int, b: int = 0, c: int = 0, m: int = 1, r: int = 0) -> bool:
    # Lean's `%` on ℤ with a positive modulus agrees with Python's.
    return {"x < {b}": x < b, "x ≤ {b}": x <= b, "{b} > x": b > x, "{b} ≥ x": b >= x, "{b} < x": b < x,
            "{b} ≤ x": b <= x, "x > {b}": x > b, "x ≥ {b}": x >= b, "x ≠ {c}": x != c, "x < {c}": x < c,
            "x % {m} = {r}": x % m == r, "x * x < {c}": x * x < c, "x = {c}": x == c}[form]


def _literal(v: int, ty: str) -> str:
    return f"({v} : {ty})" if v < 0 else str(v)


@st.composite
def statements(draw):
    ty = draw(st.sampled_from(("ℕ", "ℤ")))
    low = 0 if ty == "ℕ" else -15
    guards = [(draw(st.sampled_from(GUARD_FORMS)), draw(st.integers(low, 15)))
              for _ in range(draw(st.integers(1, 2)))]
    body = draw(st.sampled_from(BODY_FORMS))
    m = draw(st.integers(1, 5))
    params = {"c": draw(st.integers(low, 30)), "m": m, "r": draw(st.integers(0, m - 1))}
    quantifier = draw(st.sampled_from(("∀", "∃")))
    connective = draw(st.sampled_from(("∧", "→")))
    return ty, guards, body, params, quantifier, connective


def _text(ty, guards, body, params, quantifier, connective) -> str:
    guard = " ∧ ".join(form.format(b=_literal(b, ty)) for form, b in guards)
    p = body.format(c=_literal(params["c"], ty), m=params["m"], r=params["r"])
    return f"theorem t : {quantifier} x : {ty}, ({guard}) {connective} {p}"


def _reference(ty, guards, body, params, quantifier, connective) -> bool:
    domain = range(WINDOW + 1) if ty == "ℕ" else range(-WINDOW, WINDOW + 1)

    def at(x):
        g = all(_holds(form, x, b=b) for form, b in guards)
        p = _holds(body, x, **params)
        return (g and p) if connective == "∧" else ((not g) or p)
    return all(at(x) for x in domain) if quantifier == "∀" else any(at(x) for x in domain)


@settings(max_examples=300, deadline=None)
@given(statements())
def test_quantifier_verdicts_agree_with_brute_force(case):
    text = _text(*case)
    want = _reference(*case)
    try:
        got = evaluate_prop(load_theorem(text).goal.target)
    except NotEvaluable:
        ty, guards, _, _, quantifier, connective = case
        bounded_above = any(f in ("x < {b}", "x ≤ {b}", "{b} > x", "{b} ≥ x") for f, _ in guards)
        bounded_below = ty == "ℕ" or any(f in ("{b} < x", "{b} ≤ x", "x > {b}", "x ≥ {b}") for f, _ in guards)
        guarded = connective == ("→" if quantifier == "∀" else "∧")
        # A guarded quantifier with both bounds is always decided (the test is not vacuous).
        assert not (guarded and bounded_above and bounded_below), text
        return
    assert got == want, text


def test_conjunction_under_forall_is_not_a_guard():
    assert evaluate_prop(load_theorem("theorem t : ∀ k : ℕ, k < 3 ∧ k ≠ 7").goal.target) is False
    assert evaluate_prop(load_theorem("theorem t : ∀ k : ℕ, k < 3 → k ≠ 7").goal.target) is True


def test_implication_under_exists_is_not_a_guard():
    assert evaluate_prop(load_theorem("theorem t : ¬ ∃ k : ℕ, k < 4 → k = 9").goal.target) is False
    assert evaluate_prop(load_theorem("theorem t : ¬ ∃ k : ℕ, k < 4 ∧ k = 9").goal.target) is True


def test_an_integer_variable_needs_both_bounds():
    try:
        verdict = evaluate_prop(load_theorem("theorem t : ∀ k : ℤ, k < 3 → k ^ 2 < 100").goal.target)
    except NotEvaluable:
        verdict = None
    assert verdict is not True  # k = -10 is a counterexample
    assert evaluate_prop(load_theorem("theorem t : ∀ k : ℤ, -3 < k → k < 3 → k ^ 2 < 9").goal.target) is True


def test_membership_guards_enumerate_the_set_and_reversed_intervals_are_empty():
    assert evaluate_prop(load_theorem("theorem t : ∀ x ∈ Finset.range 5, x < 5").goal.target) is True
    assert evaluate_prop(load_theorem("theorem t : ∃ x ∈ Finset.Icc 5 2, x = 3").goal.target) is False
    assert evaluate_prop(load_theorem("theorem t : ∀ x ∈ Finset.Icc 5 2, x = 3").goal.target) is True
