"""The hint libraries are Mathlib's: every entry has its declaration's name, explicit arguments
in order, parameter types and typeclass domain, and where it was verified; instantiation
refuses an argument at the wrong type, as Lean's elaborator does."""

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from prover.checkers.base import Closed
from prover.checkers.sympy_checker import SympyChecker
from prover.errors import LeanSyntaxError
from prover.state import load_theorem
from prover.syntax.ast import NUMBER_TYPES, free_vars
from prover.syntax.elaborate import Elaborator
from prover.syntax.parser import parse_term
from prover.tactics.lemmas import LIBRARY, TYPE_VARIABLE, instantiate_hint, library
from prover.tactics.rewrite import LIBRARY as REWRITES

C = SympyChecker()
RANK = {t: i for i, t in enumerate(NUMBER_TYPES)}
STARTER = [json.loads(line) for line in LIBRARY.read_text(encoding="utf-8").splitlines() if line.strip()]
REWRITE = [json.loads(line) for line in REWRITES.read_text(encoding="utf-8").splitlines() if line.strip()]
# Names that were in the library but are not Mathlib declarations (invented, a function, renamed
# or an iff): never a hint.
NOT_MATHLIB = ["am_gm_two a b", "am_gm_three_sq a b c", "cauchy_schwarz_two a b a b", "add_sq_le_two_mul_sq a b",
               "bernoulli a n", "Finset.sum_range_succ_id n", "mul_self_pos ha", "abs_add a b",
               "Nat.lt_two_pow n", "Int.emod_emod_of_dvd k k"]


def _verified(text: str) -> bool:
    return isinstance(text, str) and (text.startswith("Mathlib/") or text.startswith("Lean core Init/"))


@pytest.mark.parametrize("d", STARTER, ids=[d["name"] for d in STARTER])
def test_starter_entry_has_mathlib_fields_and_types(d):
    assert set(d) <= {"name", "types", "domain", "args", "statement", "verified", "implicit"}
    assert isinstance(d["name"], str) and d["name"] and _verified(d["verified"])
    types = d["types"]
    assert all(t in NUMBER_TYPES or t == TYPE_VARIABLE for t in types.values())
    polymorphic = TYPE_VARIABLE in types.values()
    assert polymorphic == bool(d.get("domain")), "a domain exactly when the lemma has a type variable"
    assert set(d.get("domain", ())) <= set(NUMBER_TYPES)
    terms = [a["term"] for a in d["args"] if "term" in a]
    assert all(set(a) in ({"term"}, {"hyp"}) for a in d["args"])
    assert len(terms) == len(set(terms)) and set(terms) <= set(types)
    if "implicit" in d:   # documented implicit parameters are exactly those not given explicitly
        assert set(d["implicit"]) == set(types) - set(terms)
    # every parameter appears, and the entry elaborates at every type of its domain
    for alpha in d.get("domain") or [None]:
        ctx = {p: (alpha if t == TYPE_VARIABLE else t) for p, t in types.items()}
        el = Elaborator(ctx)
        props = [el.prop(parse_term(d["statement"]))] + [el.prop(parse_term(a["hyp"])) for a in d["args"] if "hyp" in a]
        used = {e.value for p in props for e in p.walk() if e.op == "var"}
        assert set(types) <= used, f"{d['name']}: a parameter occurs nowhere"


@pytest.mark.parametrize("d", REWRITE, ids=[d["name"] for d in REWRITE])
def test_rewrite_entry_has_mathlib_fields_and_types(d):
    assert _verified(d["verified"]) and all(t in NUMBER_TYPES for t in d["types"].values())
    hyps = [a["hyp"] for a in d["args"] if "hyp" in a]
    assert hyps == d["hyps"], "side conditions are the lemma's hypothesis arguments, in order"
    assert {a["term"] for a in d["args"] if "term" in a} <= set(d["types"])
    assert bool(d.get("polymorphic")) == bool(d.get("domain"))


def test_library_names_are_unique_and_loaded():
    names = [d["name"] for d in STARTER]
    assert len(names) == len(set(names)) and set(names) == set(library())


@pytest.mark.parametrize("hint", NOT_MATHLIB)
def test_names_that_are_not_mathlib_declarations_give_no_fact(hint):
    g = load_theorem("theorem t (a b c : ℝ) (n : ℕ) (k : ℤ) (ha : a ≠ 0) : a = a").goal
    with pytest.raises(LeanSyntaxError):
        instantiate_hint(hint, g)
    # so a goal that needs the invented fact is not closed by it
    t = load_theorem("theorem t (a b : ℝ) (hb : 0 < b) : a * b ≤ ((a + b) / 2) ^ 2").goal
    assert not isinstance(C.apply(t, "nlinarith [am_gm_two a b]"), Closed)


def _term_lemmas():
    return [l for l in library().values() if l.args and all(a.param for a in l.args)]


@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_an_argument_at_the_wrong_type_is_refused(data):
    """For every lemma taking term arguments and every choice of argument types: accepted iff
    Lean would accept it: `α` is fixed by the first argument of type `α` (and must be in the
    domain), and each argument's type coerces up to its parameter's type, never down."""
    lemma = data.draw(st.sampled_from(_term_lemmas()), label="lemma")
    types = dict(lemma.types)
    arg_types = [data.draw(st.sampled_from([t for t in NUMBER_TYPES if t != "ℂ"]), label=a.param) for a in lemma.args]
    names = [f"v{i}" for i in range(len(arg_types))]
    binders = " ".join(f"({n} : {t})" for n, t in zip(names, arg_types))
    goal = load_theorem(f"theorem t {binders} : (0 : ℕ) = 0").goal
    alpha = next((t for a, t in zip(lemma.args, arg_types) if types[a.param] == TYPE_VARIABLE), None)
    ok = alpha is None or alpha in lemma.domain
    for a, t in zip(lemma.args, arg_types):
        target = alpha if types[a.param] == TYPE_VARIABLE else types[a.param]
        ok = ok and RANK[t] <= RANK[target]
    hint = " ".join([lemma.name] + names)
    try:
        prop = instantiate_hint(hint, goal)
        accepted = True
    except LeanSyntaxError:
        accepted = False
    assert accepted == ok, (hint, arg_types)
    if accepted:  # the fact speaks of the arguments, at types that fit
        assert set(free_vars(prop)) <= set(names) | {"π"}


@settings(max_examples=40, deadline=None)
@given(lemma=st.sampled_from([l for l in library().values() if l.domain and l.premises and l.params]),
       ty=st.sampled_from(["ℕ", "ℤ", "ℚ", "ℝ"]))
def test_a_premise_lemma_applies_only_in_its_domain(lemma, ty):
    """`sub_pos_of_lt h` with `h : b < a` over ℕ is refused (ordered groups only), as in Lean;
    `mul_pos ha hb` is accepted at every ordered semiring. The hypotheses are the premises
    instantiated at fresh variables of type `ty`."""
    types = dict(lemma.types)
    binders = " ".join(f"({p} : {ty if t == TYPE_VARIABLE else t})" for p, t in types.items())
    hyps = " ".join(f"(h{i} : {a.hyp})" for i, a in enumerate(lemma.args) if a.hyp)
    try:
        goal = load_theorem(f"theorem t {binders} {hyps} : (0 : ℕ) = 0").goal
    except LeanSyntaxError:
        return   # a premise that does not elaborate at this type (e.g. `-2 ≤ a` over ℕ)
    args = [f"h{i}" if a.hyp else a.param for i, a in enumerate(lemma.args)]
    try:
        instantiate_hint(" ".join([lemma.name] + args), goal)
        accepted = True
    except LeanSyntaxError:
        accepted = False
    assert accepted == (ty in lemma.domain), (lemma.name, ty)


def test_hint_types_follow_mathlib():
    g = load_theorem("theorem t (x : ℝ) (n m : ℕ) (k : ℤ) (hx : -2 ≤ x) (hm : 0 < m) (hnm : m < n) : x = x").goal
    with pytest.raises(LeanSyntaxError):
        instantiate_hint("one_add_mul_le_pow hx x", g)          # the exponent is ℕ in Mathlib
    with pytest.raises(LeanSyntaxError):
        instantiate_hint("sub_pos_of_lt hnm", g)                # ordered groups, not ℕ subtraction
    with pytest.raises(LeanSyntaxError):
        instantiate_hint("abs_nonneg n", g)                     # |·| needs a group: not ℕ
    with pytest.raises(LeanSyntaxError):
        instantiate_hint("Nat.mod_lt x hm", g)
    with pytest.raises(LeanSyntaxError):
        instantiate_hint("Nat.lt_two_pow_self n", g)            # n is implicit: function expected
    from prover.syntax.printer import show
    assert show(instantiate_hint("one_add_mul_le_pow hx n", g)) == "1 + (↑n : ℝ) * x ≤ (1 + x) ^ n"
    assert show(instantiate_hint("Nat.mod_lt n hm", g)) == "n % m < m"
    assert show(instantiate_hint("Nat.lt_two_pow_self (n := m + 1)", g)) == "m + 1 < 2 ^ (m + 1)"
