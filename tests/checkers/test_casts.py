"""Cast normal form (`exact_mod_cast`): two statements with the same normal form agree at every
point; truncated ℕ subtraction and floor division never share a normal form with their real
readings."""

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from prover.decide.evaluate import evaluate_prop
from prover.state import load_theorem
from prover.tactics.casts import cast_normal

leaf = st.sampled_from(["a", "b", "1", "2", "3"])
terms = st.recursive(leaf, lambda inner: st.builds(lambda x, op, y: f"({x} {op} {y})", inner,
                                                   st.sampled_from(["+", "-", "*", "/", "%"]), inner), max_leaves=5)


def _real(text: str) -> str:
    return text.replace("a", "(a : ℝ)").replace("b", "(b : ℝ)")


@given(terms, terms, st.sampled_from(["=", "<", "≤", "≠"]))
@settings(max_examples=150, deadline=None)
def test_same_normal_form_means_same_truth(lhs, rhs, rel):
    nat = load_theorem(f"theorem t (a b : ℕ) : {lhs} {rel} {rhs}").goal.target
    real = load_theorem(f"theorem t (a b : ℕ) : {_real(lhs)} {rel} {_real(rhs)}").goal.target
    same = cast_normal(nat) == cast_normal(real)
    if same:
        for a, b in itertools.product(range(4), repeat=2):
            env = {"a": a, "b": b}
            assert evaluate_prop(nat, env) == evaluate_prop(real, env), (lhs, rel, rhs, a, b)
    if not any(op in lhs + rhs for op in "-/%"):
        assert same   # ring operations only: casts move up and the two read alike


def test_truncation_is_never_cast_away():
    for text in ["a - b = 0", "a / 2 = 1", "a % 2 = 1", "a - 1 < b"]:
        nat = load_theorem(f"theorem t (a b : ℕ) : {text}").goal.target
        real = load_theorem(f"theorem t (a b : ℕ) : {_real(text)}").goal.target
        assert cast_normal(nat) != cast_normal(real), text
