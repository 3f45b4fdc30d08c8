"""Printing never changes a numeral's value (no float step): a decimal printed and read back
is the same rational."""

from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from prover.decide.evaluate import Evaluator
from prover.state import load_theorem
from prover.syntax.printer import show


def _value(text: str) -> Fraction:
    v = Evaluator().term(load_theorem(text).goal.target.args[0])
    return Fraction(int(v.p), int(v.q)) if not isinstance(v, (int, Fraction)) else Fraction(v)


@settings(deadline=None, max_examples=80)
@given(st.integers(-10 ** 20, 10 ** 20), st.integers(0, 20))
def test_decimal_literals_keep_their_value_through_the_printer(n, k):
    value = Fraction(n, 10 ** k)
    sign = "-" if n < 0 else ""
    whole, frac = divmod(abs(n), 10 ** k)
    literal = f"{sign}{whole}.{frac:0{k}d}" if k else f"{sign}{whole}"
    text = f"theorem t : ({literal} : ℝ) = 0"
    assert _value(text) == value
    printed = "theorem t : " + show(load_theorem(text).goal.target)
    assert _value(printed) == value, printed


def test_a_seventeen_digit_decimal_is_not_rounded_to_a_float():
    printed = show(load_theorem("theorem t : (1.00000000000000001 : ℝ) = 1").goal.target)
    assert not printed.startswith("(1.0 ")
