"""A procedure that cannot handle its input declines: no traceback, no `crash:`.

Gröbner bases are computed over ℚ (rational coefficients once crashed SymPy's coercion to
ℤ), `Complex.I` is a generator with i² + 1 in the ideal, and any error inside a procedure
makes `decide` try the next one.
"""

import sympy
from hypothesis import given, settings
from hypothesis import strategies as st

from prover.decide import algebra, auto
from prover.decide.auto import decide
from prover.search.direct import prove_theorem
from prover.state import load_theorem


def test_groebner_with_rational_coefficients_decides_instead_of_crashing():
    t = load_theorem("theorem t (a b c : ℝ) (h₀ : a ≠ 0) (h₁ : 3 * a = 4 * b) (h₂ : 5 * b = 6 * c) : c / a = 5 / 8")
    assert algebra.groebner_entails(t.goal) in (True, False)
    assert prove_theorem(t, timeout_s=6).status == "proved"
    wrong = load_theorem("theorem t (a b c : ℝ) (h₀ : a ≠ 0) (h₁ : 3 * a = 4 * b) (h₂ : 5 * b = 6 * c) : c / a = 5 / 9")
    assert algebra.groebner_entails(wrong.goal) is False
    assert prove_theorem(wrong, timeout_s=6).status != "proved"


def test_complex_equation_declines_instead_of_crashing():
    t = load_theorem("theorem t (w : ℂ) (h : w ^ 2 = -4) : w = 2 * Complex.I")
    assert algebra.groebner_entails(t.goal) is False  # w = -2i also solves it
    assert prove_theorem(t, timeout_s=6).status != "proved"
    true = load_theorem("theorem t (w : ℂ) (h : w = 2 * Complex.I) : w ^ 2 = -4")
    assert algebra.groebner_entails(true.goal) is True


@settings(max_examples=40, deadline=None)
@given(st.lists(st.fractions(min_value=-5, max_value=5, max_denominator=7), min_size=3, max_size=3),
       st.booleans())
def test_groebner_over_rationals_decides_exactly(coeffs, use_i):
    # From a·x = b·y·u and y = d (u = 1 or i): a·x - b·d·u is in the ideal, a·x - b·d·u - 1
    # is not when a ≠ 0 (it is -1 at the common zero).
    x, y = sympy.symbols("x y")
    a, b, d = (sympy.Rational(q.numerator, q.denominator) for q in coeffs)
    u = sympy.I if use_i else sympy.Integer(1)
    generators = [sympy.expand(a * x - b * y * u), y - d]
    assert algebra._in_ideal(sympy.expand(a * x - b * d * u), generators, [x, y]) is True
    # a target with rational coefficients over generators with integer ones
    assert algebra._in_ideal(sympy.expand((a * x - b * d * u) / 3), generators, [x, y]) is True
    if a != 0:
        assert algebra._in_ideal(sympy.expand(a * x - b * d * u - 1), generators, [x, y]) is False


def test_a_procedure_that_raises_declines(monkeypatch):
    def broken(*args):
        raise RuntimeError("CoercionFailed: expected an integer")
    monkeypatch.setitem(auto._METHODS, "groebner", broken)
    g = load_theorem("theorem t (x : ℝ) (h : x = 2) : x + 1 = 3").goal
    assert decide(g, budget_s=5, methods=("groebner",)) is None
    assert decide(g, budget_s=5, methods=("groebner", "z3")).method == "z3"
