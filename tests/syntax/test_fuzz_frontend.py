"""Robustness as a property (a CI-sized sample of `bench/fuzz_frontend.py`): random
well-formed statements of a small Lean grammar and random mutations of real statements end
within 1 s in a parse or a `LeanSyntaxError` with a line and column, never a traceback."""


import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from bench.fuzz_frontend import check_one, mutate, random_statement, real_statements

REAL = real_statements()
FAST = settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])

atoms = st.sampled_from(["x", "n", "2", "(3 : ℝ)", "π", "x'", "10⁻¹", str(10 ** 30), "pi", "b₁"])
terms = st.recursive(atoms, lambda t: st.one_of(
    st.tuples(t, st.sampled_from(["+", "-", "*", "/", "%", "^"]), t).map(lambda p: f"({p[0]} {p[1]} {p[2]})"),
    st.tuples(st.sampled_from(["Real.sqrt", "abs", "Nat.fib", "φ", "sqrt", "Nat.choose 5"]), t).map(
        lambda p: f"{p[0]} ({p[1]})"),
    t.map(lambda a: f"|{a}|"),
    st.tuples(t, t).map(lambda p: f"({p[0]}, {p[1]}).1"),
    t.map(lambda a: f"∑ i in Finset.range 4, {a}"),
    st.tuples(t, t).map(lambda p: f"(if {p[0]} ≤ {p[1]} then {p[0]} else {p[1]})"),
), max_leaves=12)
props = st.tuples(terms, st.sampled_from(["=", "≠", "<", "≤", "∣"]), terms).map(lambda p: " ".join(p))


@FAST
@given(st.sampled_from(["", "(x : ℝ)", "(n : ℕ)", "(x : ℝ) (n : ℕ)", "x"]), props)
def test_grammar_statements_end_cleanly(binders, prop):
    assert check_one(f"theorem t {binders} : {prop}") is None


@FAST
@given(st.randoms(use_true_random=False))
def test_random_statements_end_cleanly(rng):
    text = random_statement(rng)
    assert check_one(text) is None, text


@pytest.mark.skipif(not REAL, reason="benchmarks not present")
@FAST
@given(st.randoms(use_true_random=False))
def test_mutated_real_statements_end_cleanly(rng):
    text = mutate(rng.choice(REAL), rng)
    assert check_one(text) is None, text


@pytest.mark.parametrize("text", [
    "theorem t : " + "(" * 3000 + "1" + ")" * 3000 + " = 1",
    "theorem t : " + "9" * 50000 + " = 1",
    "theorem t : 1 = 1 \udc80",
    "theorem t (x : ℝ) : x\x00 = 1",
    "",
])
def test_extreme_inputs_end_cleanly(text):
    assert check_one(text) is None


def test_a_term_substituted_for_an_applied_binder_is_a_positioned_refusal():
    # `{a | … a 9 …}` with `314 ∈` it: substituting 314 where `a` is applied cannot be expressed
    for text in ("theorem t : IsLeast { a : ℕ | 0 < a 999999 ∧ a ≡ 2 [MOD 3] } 314",
                 "theorem t : IsLeast { a : ℕ | a 9 } 314"):
        assert check_one(text) is None, text
