"""Only exact rationals become Z3 numerals; an irrational closed value is a symbol with
certified interval bounds (Z3's numeral reader reads "E" as 0 and "1 + E" as 1)."""

from fractions import Fraction

import pytest
import sympy
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from prover.decide.z3_encode import Encoder, Unencodable, certified_bounds, exact_rational, refute
from prover.state import load_theorem
from prover.syntax.ast import REAL

rationals = st.fractions(min_value=-20, max_value=20, max_denominator=12)


@st.composite
def irrationals(draw, depth=2):
    """Closed real SymPy values that are not rational (most of them), built from e, π, exp,
    log, square roots and rationals."""
    q = draw(rationals)
    r = sympy.Rational(q.numerator, q.denominator)
    leaf = draw(st.sampled_from(["E", "pi", "exp", "log", "sqrt", "rat"]))
    if leaf == "E":
        v = sympy.E
    elif leaf == "pi":
        v = sympy.pi
    elif leaf == "exp":
        v = sympy.exp(r)
    elif leaf == "log":
        v = sympy.log(abs(r) + 2)
    elif leaf == "sqrt":
        v = sympy.sqrt(abs(r) + 2)
    else:
        v = r
    if depth > 0 and draw(st.booleans()):
        w = draw(irrationals(depth=depth - 1))
        v = draw(st.sampled_from([v + w, v * w, v - w, v ** 2 + w]))
    return v


@settings(max_examples=60, deadline=None)
@given(irrationals())
def test_certified_bounds_enclose_the_value(v):
    box = certified_bounds(v)
    assert box is not None
    lo, hi = box
    assert lo <= hi
    diff_lo = sympy.N(v - sympy.Rational(lo.numerator, lo.denominator), 200)
    diff_hi = sympy.N(sympy.Rational(hi.numerator, hi.denominator) - v, 200)
    assert diff_lo >= 0 and diff_hi >= 0


@settings(max_examples=60, deadline=None)
@given(irrationals())
def test_num_takes_only_exact_rationals(v):
    enc = Encoder(load_theorem("theorem t : True").goal)
    if exact_rational(v) is None:
        with pytest.raises(Unencodable):
            enc.num(v, REAL)
    else:
        q = exact_rational(v)
        assert enc.num(v, REAL).as_fraction() == q


@pytest.mark.parametrize("value", [sympy.E, 1 + sympy.E, 3 - sympy.E, sympy.pi, sympy.sqrt(2), 0.5, True])
def test_lenient_text_never_reaches_z3(value):
    with pytest.raises(Unencodable):
        Encoder(load_theorem("theorem t : True").goal).num(value, REAL)


@settings(max_examples=25, deadline=None)
@given(st.integers(min_value=-3, max_value=3), st.integers(min_value=1, max_value=3),
       st.fractions(min_value=Fraction(1, 100), max_value=5, max_denominator=100))
def test_a_bound_just_past_the_true_value_is_never_proved(a, b, gap):
    """Real.exp (a / b) ^ 2 < c with c below the true value: never proved (and the side just
    above, with a margin, is)."""
    true = sympy.exp(sympy.Rational(2 * a, b))
    below = sympy.floor(true * 1000) / 1000 - sympy.Rational(gap.numerator, gap.denominator)
    stmt = f"theorem t : Real.exp ({a} / {b}) ^ 2 < {below.p} / {below.q}"
    assert refute(load_theorem(stmt).goal, timeout_ms=2000).status != "proved", stmt
    eq = f"theorem t : Real.exp ({a} / {b}) ^ 2 = {below.p} / {below.q}"
    assert refute(load_theorem(eq).goal, timeout_ms=2000).status != "proved", eq


def test_log_prime_bounds_are_certified():
    for p in (2, 3, 5, 7, 97):
        lo, hi = certified_bounds(sympy.log(p))
        assert sympy.Rational(lo.numerator, lo.denominator) < sympy.log(p) < sympy.Rational(hi.numerator, hi.denominator)


CLOSED = [  # (Lean text of a closed real term, its SymPy value), built from pieces below
    ("Real.exp {a}", lambda a: sympy.exp(a)),
    ("Real.sqrt {b}", lambda a: sympy.sqrt(abs(a) + 2)),
    ("π * {a}", lambda a: sympy.pi * a),
    ("Real.exp {a} ^ 3", lambda a: sympy.exp(a) ** 3),
    ("(1 + Real.exp {a}) ^ 2", lambda a: (1 + sympy.exp(a)) ** 2),
]


@settings(max_examples=25, deadline=None)
@given(st.sampled_from(range(len(CLOSED))), st.integers(-2, 2), st.integers(1, 3), st.integers(1, 3),
       st.sampled_from(["sum", "prod"]))
def test_big_operators_of_irrational_terms_are_never_misread(k, a, n, d, op):
    """∑/∏ i ∈ Finset.range n of a closed irrational term (shifted by i / d): a bound just on the
    wrong side of the true value, or an equation with its rational part, is never proved."""
    text, value = CLOSED[k]
    term_text = text.format(a=f"({a} : ℝ)", b=f"({abs(a) + 2} : ℝ)")
    body = f"({term_text} + (i : ℝ) / {d})"
    parts = [value(sympy.Integer(a)) + sympy.Rational(j, d) for j in range(n)]
    true = sympy.Add(*parts) if op == "sum" else sympy.Mul(*parts)
    assume(not true.is_Rational)   # exp 0, π * 0, a product with the factor 0: rational, and then true
    sym = "∑" if op == "sum" else "∏"
    lhs = f"{sym} i ∈ Finset.range {n}, {body}"
    below = sympy.floor(true * 1000) / 1000 - sympy.Rational(1, 1000)
    for stmt in (f"theorem t : {lhs} < {below.p} / {below.q}",
                 f"theorem t : {lhs} = {sympy.floor(true)}",
                 f"theorem t (x : ℝ) (h : x = {lhs}) : x < {below.p} / {below.q}"):
        assert refute(load_theorem(stmt).goal, timeout_ms=2000).status != "proved", stmt
