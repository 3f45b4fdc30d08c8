"""Arbitrary input never crashes the front end: it parses, or fails with a LeanSyntaxError
(one line, with a position where one exists)."""

from hypothesis import HealthCheck, given, settings, strategies as st

from prover.errors import LeanSyntaxError
from prover.state import load_theorem

TOKENS = ["theorem", "t", "(", ")", "x", "y", "n", "f", ":", ":=", "ℝ", "ℕ", "ℤ", "ℚ", "ℂ", "→", "∀", "∃", ",", "∧",
          "∨", "¬", "↔", "=", "≠", "<", "≤", "+", "-", "*", "/", "%", "^", "∣", "|", "↑", "√", "!", "0", "1", "2", "3.5",
          "Real.sqrt", "Real.log", "abs", "Nat.gcd", "∑", "∈", "Finset.range", "Finset.Icc", "{", "}", "[", "]",
          "fun", "=>", "⌊", "⌋", "h", "Even", "Nat.Prime", "π", "⁻¹", "[MOD", "≡", ".den", "S", "Finset"]


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(TOKENS), min_size=1, max_size=18))
def test_token_soup_parses_or_fails_cleanly(tokens):
    text = " ".join(tokens)
    try:
        load_theorem(text)
    except LeanSyntaxError as err:
        assert "\n" not in str(err)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=40))
def test_arbitrary_text_parses_or_fails_cleanly(text):
    try:
        load_theorem(text)
    except LeanSyntaxError as err:
        assert "\n" not in str(err)
