"""Properties of the encodings into Z3 and SymPy that make three classes of false proofs
impossible:

- ℚ quantifiers: a ℚ quantifier that is universal in the refuted formula (`∃ q : ℚ` in the goal,
  `∀ q : ℚ` in a hypothesis, either under `¬`, `→` or `↔`) ranges over the rationals only, so
  a statement about rational roots is proved only when a rational root exists;
- generated names: every symbol the encoders make up is out of reach of a user's name, so
  renaming a statement's variables to those names never changes a verdict;
- opaque terms: uninterpreted terms are keyed by the typed term, so `B ^ n` read at two types
  is two terms, and a term of a bound variable is a function of it.
"""

import math
import re
from fractions import Fraction

import pytest
import z3
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from prover.decide import algebra
from prover.decide.auto import decide
from prover.decide.z3_encode import GENERATED_MARK, Encoder, refute
from prover.errors import LeanSyntaxError
from prover.search.direct import prove_theorem
from prover.state import load_theorem
from prover.syntax.parser import parse_term

SLOW = settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])


# -- ℚ quantifiers -------------------------------------------------------------------------

def _has_rational_root(a: int, b: int, c: int) -> bool:
    if a == 0:
        return b != 0 or c == 0
    disc = b * b - 4 * a * c
    return disc >= 0 and math.isqrt(disc) ** 2 == disc


# Each shape is true exactly when `a q² + b q + c = 0` has a rational root.
ROOT_SHAPES = [
    "theorem t : ∃ q : ℚ, {p} = 0",
    "theorem t (h : ∀ q : ℚ, {p} ≠ 0) : False",
    "theorem t (h : ¬ ∃ q : ℚ, {p} = 0) : False",
    "theorem t : (∀ q : ℚ, {p} ≠ 0) → False",
    "theorem t (y : ℝ) (h : ∀ q : ℚ, {p} ≠ 0) : y = 1",
    "theorem t : (∃ q : ℚ, {p} = 0) ↔ 0 = 0",
    "theorem t (f : ℚ → ℚ) (hf : ∀ x, f x = {fx}) : ∃ q : ℚ, f q = 0",
]


@SLOW
@given(a=st.integers(-4, 4), b=st.integers(-6, 6), c=st.integers(-9, 9), shape=st.sampled_from(ROOT_SHAPES))
def test_rational_root_statements_are_proved_only_with_a_rational_root(a, b, c, shape):
    poly = f"({a}) * q ^ 2 + ({b}) * q + ({c})"
    text = shape.format(p=poly, fx=poly.replace("q", "x"))
    if decide(load_theorem(text).goal, budget_s=1.5) is not None:
        assert _has_rational_root(a, b, c), text


@pytest.mark.parametrize("text", ["theorem t : ∃ r : ℚ, r ^ 2 = 5", "theorem t (h : ∀ q : ℚ, q ^ 2 ≠ 2) : False",
                                  "theorem t (y : ℝ) : (∀ q : ℚ, (q : ℝ) ≠ y) ↔ False"])
def test_rational_quantifiers_are_not_read_as_real(text):
    assert prove_theorem(load_theorem(text), timeout_s=4).status != "proved"


def test_a_rational_hypothesis_gives_a_rational_witness():
    # ∃ x : ℚ in a hypothesis, read exactly, says that a is rational: the goal's witness exists.
    g = load_theorem("theorem t (a : ℝ) (h : ∃ x : ℚ, a = x) : ∃ y : ℚ, a = y").goal
    assert refute(g, timeout_ms=4000).status == "proved"


def test_rational_witnesses_are_still_found():
    assert refute(load_theorem("theorem t : ∃ r : ℚ, r ^ 2 = 9 / 4").goal, timeout_ms=4000).status == "proved"
    # ∀ in the goal and ∃ in a hypothesis stay real (a refutation over ℝ covers ℚ there).
    assert refute(load_theorem("theorem t : ∀ q : ℚ, q ^ 2 ≥ 0").goal, timeout_ms=4000).status == "proved"


# -- generated names -----------------------------------------------------------------------

# Names the implementation makes up (or made up before they were made unreachable), as a user
# could write them.
GENERATED_LOOKALIKES = ["inv0", "inv1", "rab0", "rab1", "rab2", "_inv0", "_inv1", "inv_0", "w0", "k", "t", "u", "d", "gcd", "lcm",
                        "log2", "idx0", "hint0", "x_range", "inv_0_def", "x"]

RENAMING_CASES = [   # (statement over x y z, whether it holds)
    ("theorem t (x y : ℝ) (h : x ≠ 0) : y / x * x = y", True),
    ("theorem t (x y : ℝ) (h : x ≠ 0) (h2 : x * y = 1) : y = 1 / x", True),
    ("theorem t (x y z : ℝ) (hx : x ≠ 0) (hy : y ≠ 0) : 1 / x + 1 / y = (x + y) / (x * y)", True),
    ("theorem t (x y : ℝ) (h : x ≠ 0) : x * y = 1", False),
    ("theorem t (x y : ℝ) (h : x ≠ 0) : y / x = y", False),
    ("theorem t (x y z : ℝ) (hx : x ≠ 0) (hy : y ≠ 0) : 1 / x + 1 / y = y + z", False),
    ("theorem t (x y z : ℝ) (h : y ≠ 0) (h2 : x ≠ 0) : z * x = 1", False),
    ("theorem t (x y : ℕ) : ∑ k ∈ Finset.range x, (2 * k + 1) = x ^ 2", True),
    ("theorem t (x : ℕ) (y : ℝ) : ∑ k ∈ Finset.range x, ((k - 1 : ℕ) : ℝ) + y = ((x : ℝ) ^ 2 - 3 * x) / 2 + y", False),
    ("theorem t (x y : ℝ) (h : x = 2) (h2 : y = Real.sqrt x) : y ^ 2 = 2", True),
    ("theorem t (x y z : ℝ) (h : x = 2) (h2 : y = Real.sqrt x) : y = z", False),
    ("theorem t (x y : ℕ) (hx : x = 4) (hy : y = 6) : Nat.gcd x y = 2 ∧ Nat.lcm x y = 12", True),
    ("theorem t (x y z : ℕ) (h : Nat.gcd x y = 1) : z = 1", False),
]


def _rename(text: str, mapping: dict[str, str]) -> str:
    return re.sub(r"(?<![\w.])([xyz])(?![\w.'₀-₉])", lambda m: mapping[m.group(1)], text)


@SLOW
@given(case=st.sampled_from(RENAMING_CASES),
       names=st.lists(st.sampled_from(GENERATED_LOOKALIKES), min_size=3, max_size=3, unique=True))
def test_renaming_variables_to_generated_names_never_changes_a_verdict(case, names):
    text, holds = case
    renamed = _rename(text, dict(zip("xyz", names)))
    assume(not (set(names) & {"k"} and "∑ k" in text))   # k is that sum's own binder
    closed = decide(load_theorem(renamed).goal, budget_s=4) is not None
    assert closed == holds, renamed


ALGEBRA_CASES = [   # (statement over x y z, whether it holds): Gröbner with inverses and Rabinowitsch
    ("theorem t (x y z : ℝ) (h : x ≠ 0) : x * y = 1", False),
    ("theorem t (x y z : ℝ) (h : y ≠ 0) (h2 : x ≠ 0) : z * x = 1", False),
    ("theorem t (x y z : ℝ) (h : x ≠ 0) (h2 : y ≠ 0) : 1 / x + 1 / y = z + y", False),
    ("theorem t (x y z : ℝ) (h : x ≠ 0) (h2 : z * x = 1) : y / x = y * z", True),
    ("theorem t (x y z : ℝ) (h : x ≠ 0) (h2 : y ≠ 0) (h3 : z * x * y = 1) : 1 / (x * y) = z", True),
    ("theorem t (x y z : ℝ) (hx : x ≠ 0) (h : y ≠ 0) : 1 / (1 / x) = 1 / y", False),
    ("theorem t (x y z : ℝ) (hx : x ≠ 0) (h : y ≠ 0) : 1 / (1 / x) + 1 / y = x + 1 / y", True),
]
# A Dummy named inv0 prints as `_inv0`, which is also a name a user can write.
ALGEBRA_LOOKALIKES = ["inv0", "inv1", "rab0", "rab1", "rab2", "_inv0", "_inv1", "_rab0", "x"]


@pytest.mark.parametrize("case", ALGEBRA_CASES, ids=[c[0] for c in ALGEBRA_CASES])
def test_groebner_verdict_is_the_same_under_every_renaming_to_a_generated_name(case):
    from prover.decide.auto import _nonzero_oracle
    from prover.decide.preprocess import simplify_goal
    text, holds = case
    for position in "xyz":
        for name in ALGEBRA_LOOKALIKES:
            others = {v: v for v in "xyz"}
            if name in others and name != position:
                continue
            g = load_theorem(_rename(text, {**others, position: name})).goal
            closed = algebra.polynomial_identity(g, _nonzero_oracle(g)) or \
                algebra.groebner_entails(simplify_goal(g), _nonzero_oracle(g))
            assert closed == holds, (position, name)


@settings(max_examples=100, deadline=None)
@given(st.from_regex(r"[a-z][a-z0-9_]{0,4}", fullmatch=True), st.integers(0, 5))
def test_no_parsed_identifier_contains_the_generated_mark(name, where):
    name = name[:where] + GENERATED_MARK + name[where:] if where else name + GENERATED_MARK
    with pytest.raises(LeanSyntaxError):
        load_theorem(f"theorem t ({name} : ℝ) : {name} = {name}")


def _z3_names(e, out: set) -> None:
    if z3.is_quantifier(e):
        out.update(e.var_name(i) for i in range(e.num_vars()))
        _z3_names(e.body(), out)
    elif z3.is_app(e):
        if e.decl().kind() == z3.Z3_OP_UNINTERPRETED:
            out.add(e.decl().name())
        for c in e.children():
            _z3_names(c, out)


ENCODED = [
    "theorem t (x : ℝ) (n : ℕ) (h : Real.sqrt x = 2) (h2 : (9 / 4 : ℝ) ^ n = 2) : Real.log x = Real.sin x",
    "theorem t (a b : ℕ) (h : Nat.gcd a b = 2) (h3 : ∀ q : ℚ, q ^ 2 ≠ 2) : Nat.lcm a b = a * b / 2",
    "theorem t (f : ℚ → ℚ) (h : ∀ x, f x = x) : ∃ q : ℚ, ∃ m : ℕ, f q = m ∧ (2 : ℝ) ^ (q : ℝ) > 0",
    "theorem t (k : ℕ) (h : 3 ^ k % 7 = 2) : ∀ y : ℝ, Real.exp y > 0 ∧ Nat.factorial k ≥ 1",
]


@pytest.mark.parametrize("exact", [False, True])
@pytest.mark.parametrize("text", ENCODED)
def test_every_z3_name_is_a_user_name_or_carries_the_mark(text, exact):
    goal = load_theorem(text).goal
    enc = Encoder(goal, exact_rationals=exact)
    formulas = [enc.prop_asserted(h) for _, h in goal.hypotheses] + [enc.prop_refuted(goal.target)]
    names: set = set()
    for f in formulas + enc.side + enc.log_facts() + enc.factorial_facts():
        _z3_names(f, names)
    user = {n for n, _ in goal.variables}
    made_up = names - user
    assert made_up, "the encoding made up no names: the test checks nothing"
    assert all(GENERATED_MARK in n for n in made_up), sorted(made_up)


def test_algebra_symbols_it_makes_up_are_dummies():
    goal = load_theorem("theorem t (x y : ℝ) (h : x ≠ 0) (h2 : y ≠ 1) : y / x * x = y").goal
    tr = algebra.PolyTranslator(nonzero=lambda d: True)
    tr(goal.target.args[0])
    assert tr.inverses and all(isinstance(s, __import__("sympy").Dummy) for s in tr.inverses.values())


# -- opaque terms --------------------------------------------------------------------------

TYPES = ["ℕ", "ℤ", "ℚ", "ℝ"]


def _lean_value(tree, ty):
    """Exact value of a numeral tree at a Lean type (ℕ truncates, ℕ/ℤ divide Euclidean, x / 0 = 0)."""
    if isinstance(tree, int):
        return tree if ty in ("ℕ", "ℤ") else Fraction(tree)
    op, a, b = tree
    x, y = _lean_value(a, ty), _lean_value(b, ty)
    if op == "+":
        return x + y
    if op == "*":
        return x * y
    if op == "-":
        return max(x - y, 0) if ty == "ℕ" else x - y
    if y == 0:
        return 0 if ty in ("ℕ", "ℤ") else Fraction(0)
    if ty in ("ℕ", "ℤ"):
        q = x // y
        return q + 1 if x - y * q < 0 else q   # Euclidean
    return Fraction(x) / y


def _text(tree) -> str:
    if isinstance(tree, int):
        return str(tree)
    op, a, b = tree
    return f"({_text(a)} {op} {_text(b)})"


numeral_trees = st.recursive(st.integers(0, 9), lambda t: st.tuples(st.sampled_from("+-*/"), t, t), max_leaves=4)
# Bases whose value is 2 at some types and not at others keep the interesting case frequent.
bases = st.one_of(st.sampled_from([("/", 9, 4), ("/", 5, 2), ("-", 3, 1), ("-", 1, 3), ("/", 8, 3), ("-", 0, 2),
                                   ("*", ("-", 1, 3), ("-", 0, 1)), ("/", 10, 4)]), numeral_trees)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tree=bases, t1=st.sampled_from(TYPES), t2=st.sampled_from(TYPES))
def test_a_power_read_at_two_types_is_two_terms(tree, t1, t2):
    b = _text(tree)
    text = f"theorem t (n : ℕ) (h : ({b} : {t1}) ^ n = 2 ^ n) : ({b} : {t2}) ^ n = 2 ^ n"
    v1, v2 = _lean_value(tree, t1), _lean_value(tree, t2)
    # B₁ ^ n = 2 ^ n holds for every n when B₁ = 2, for even n when B₁ = -2, else only at n = 0.
    holds = (v2 == 2) if v1 == 2 else (v2 in (2, -2)) if v1 == -2 else True
    if decide(load_theorem(text).goal, budget_s=1.5) is not None:
        assert holds, text


@SLOW
@given(fn=st.sampled_from([("Real.sin", 0), ("Real.cos", 1), ("Real.exp", 2), ("Real.log", 1)]),
       shape=st.sampled_from(["theorem t (x : ℝ) (h : {f} x = {c}) : ∀ y : ℝ, {f} y = {c}",
                              "theorem t (x : ℝ) (h : ∃ y : ℝ, {f} y = {c}) : {f} x = {c}",
                              "theorem t (x : ℝ) (h : ∃ y : ℝ, y > 0 ∧ {f} y = {c}) : ∀ z : ℝ, z > 0 → {f} z = {c}"]))
def test_a_term_of_a_bound_variable_is_a_function_of_it(fn, shape):
    f, c = fn
    assert decide(load_theorem(shape.format(f=f, c=c)).goal, budget_s=1.5) is None


def test_a_term_under_two_binders_is_one_function():
    g = load_theorem("theorem t (h : ∀ y : ℝ, Real.sin y = 0) : ∀ y : ℝ, Real.sin y = 0").goal
    assert refute(g, timeout_ms=4000).status == "proved"


def test_bare_parse_of_generated_mark_fails():
    with pytest.raises(LeanSyntaxError):
        parse_term(f"x{GENERATED_MARK}1 = 0")
