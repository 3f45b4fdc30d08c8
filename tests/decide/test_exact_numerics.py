"""No floating-point or "nice number" step decides anything: a value that differs from a
simple one by a tiny amount is never taken for it, and the exact value is still recognized."""

from hypothesis import given, settings
from hypothesis import strategies as st

from prover.decide.evaluate import NotEvaluable, evaluate_prop
from prover.state import load_theorem


def _verdict(text: str):
    try:
        return evaluate_prop(load_theorem(text).goal.target)
    except NotEvaluable:
        return None


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 9), st.integers(2, 13), st.integers(2, 5), st.integers(20, 150))
def test_tiny_perturbations_of_a_sum_are_seen(p, q, n, m):
    sum_text = f"∑ k ∈ Finset.range {n}, (({p} : ℝ) / {q} + k / 10 ^ {m})"
    assert _verdict(f"theorem t : {sum_text} = {n} * {p} / {q}") is False
    assert _verdict(f"theorem t : {sum_text} = {n} * {p} / {q} + {n * (n - 1) // 2} / 10 ^ {m}") is True
    assert _verdict(f"theorem t : {sum_text} > {n} * {p} / {q}") is True


@settings(max_examples=30, deadline=None)
@given(st.integers(2, 60).filter(lambda a: int(a ** 0.5) ** 2 != a), st.integers(20, 200))
def test_irrational_values_are_compared_exactly(a, m):
    assert _verdict(f"theorem t : Real.sqrt {a} * Real.sqrt {a} = {a} + 1 / 10 ^ {m}") is False
    assert _verdict(f"theorem t : Real.sqrt {a} * Real.sqrt {a} = {a}") is True
    assert _verdict(f"theorem t : Real.sqrt ({a} ^ 2 * 10 ^ {2 * m} + 1) = {a} * 10 ^ {m}") is False
    assert _verdict(f"theorem t : Real.sqrt ({a} ^ 2 * 10 ^ {2 * m} + 1) > {a} * 10 ^ {m}") is True


@settings(max_examples=20, deadline=None)
@given(st.integers(2, 9), st.integers(2, 5), st.integers(30, 90))
def test_logarithms_are_compared_exactly(b, e, m):
    assert _verdict(f"theorem t : Real.log ({b} ^ {e}) = {e} * Real.log {b} + 1 / 10 ^ {m}") is False
    assert _verdict(f"theorem t : Real.log ({b} ^ {e}) < {e} * Real.log {b} + 1 / 10 ^ {m}") is True
