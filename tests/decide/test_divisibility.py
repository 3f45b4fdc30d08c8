"""The polynomial-divisibility oracle (`prover.decide.divisibility`, method
`polynomial-divisibility` of `decide`): `d ∣ e` only when `e = d * q` identically with integer
(over ℕ nonnegative) coefficients; every claim it makes holds at integer points."""

from hypothesis import given, settings
from hypothesis import strategies as st

from prover.decide.auto import decide
from prover.decide.divisibility import exact_quotient, polynomials
from prover.kernel.evaluate import holds
from prover.state import load_theorem
from prover.syntax.ast import INT, NAT, Expr, substitute


def _method(statement: str):
    c = decide(load_theorem(statement).goal, budget_s=5, methods=("polynomial-divisibility",))
    return c.method if c else None


def test_exact_division_is_divisibility():
    assert _method("theorem t (x y : ℤ) : x - y ∣ x ^ 3 - y ^ 3") == "polynomial-divisibility"
    assert _method("theorem t (n : ℕ) : n + 1 ∣ n ^ 2 + 3 * n + 2") == "polynomial-divisibility"


def test_declines_without_an_integral_quotient():
    for statement in ("theorem t (x : ℤ) : x + 1 ∣ x ^ 4 + 1",            # remainder 2
                      "theorem t (x : ℤ) : 2 * x + 2 ∣ x ^ 2 + 2 * x + 1",  # quotient (x + 1) / 2
                      "theorem t (n : ℕ) : n + 1 ∣ n ^ 3 + 1",              # n ^ 2 - n + 1: not an ℕ term
                      "theorem t (n : ℕ) : n - 1 ∣ n ^ 2 - 1",              # truncated subtraction
                      "theorem t (x : ℤ) : x ∣ x % 3 + x",                  # % is not a polynomial
                      "theorem t (x : ℤ) : 0 ∣ x"):
        assert _method(statement) is None, statement


def _term(coeffs, x, ty):
    e = Expr("num", value=abs(coeffs[0]), ty=ty)
    e = Expr("neg", (e,), ty=ty) if coeffs[0] < 0 else e
    power = Expr("num", value=1, ty=ty)
    for c in coeffs[1:]:
        power = Expr("mul", (power, x), ty=ty)
        k = Expr("num", value=abs(c), ty=ty)
        k = Expr("neg", (k,), ty=ty) if c < 0 else k
        e = Expr("add", (e, Expr("mul", (k, power), ty=ty)), ty=ty)
    return e


@settings(max_examples=60, deadline=None)
@given(d=st.lists(st.integers(-3, 3), min_size=1, max_size=3), e=st.lists(st.integers(-6, 6), min_size=1, max_size=5),
       nat=st.booleans())
def test_every_quotient_found_divides_at_integer_points(d, e, nat):
    ty = NAT if nat else INT
    if nat:
        d, e = [abs(c) for c in d], [abs(c) for c in e]
    x = Expr("var", value="x", ty=ty)
    pd, pe = _term(d, x, ty), _term(e, x, ty)
    try:
        pe_s, pd_s, gens = polynomials(pe, pd)
    except ValueError:
        return
    q = exact_quotient(pe_s, pd_s, gens, ty)
    if q is None:
        return
    for v in (range(8) if nat else range(-7, 8)):
        value = Expr("num", value=v, ty=ty) if v >= 0 else Expr("neg", (Expr("num", value=-v, ty=ty),), ty=ty)
        prop = Expr("dvd", (substitute(pd, "x", value), substitute(pe, "x", value)), value=ty, ty="Prop")
        assert holds(prop), (d, e, v)


def test_congruence_combination_oracle_matches_only_sums_and_products_of_the_hypotheses():
    def method(statement):
        c = decide(load_theorem(statement).goal, budget_s=5, methods=("congruence-combination",))
        return c.method if c else None
    head = "theorem t (a b c d k : ℤ) (h₁ : a ≡ b [ZMOD k]) (h₂ : c ≡ d [ZMOD k]) : "
    assert method(head + "a + c ≡ b + d [ZMOD k]") == "congruence-combination"
    assert method(head + "a * c ≡ b * d [ZMOD k]") == "congruence-combination"
    assert method(head + "a + c ≡ d + b [ZMOD k]") is None       # b and d swapped: not the lemma's form
    assert method(head + "a * c ≡ b + d [ZMOD k]") is None
    assert method(head + "a + c ≡ b + d [ZMOD (k + 1)]") is None  # another modulus
