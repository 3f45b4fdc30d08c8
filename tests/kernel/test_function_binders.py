"""Bound function and Prop variables: an application `f a` (an `apply` node, name in `value`)
of a bound `f` is renamed, compared and substituted like a bound variable.

Two properties, over random terms with function-typed binders, each checked in a finite
model (every function ℕ → ℕ drawn from a small family, every ℕ variable from a small
range): terms the kernel calls α-equivalent have the same value, and `substitute(e, f, g)`
has the value of `e` with `f` interpreted as `g`. A finite model is a model: terms that are
α-equivalent or correctly substituted agree in it, so a disagreement is a bug.
False twins next to true ones: the statements an adversarial review got `checked` through
this hole, each refused now, beside its true variant, which is still checked.
"""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from prover.errors import UnsupportedSyntax
from prover.checkers.kernel_checker import KernelChecker, certify
from prover.kernel import CheckedStep, check
from prover.kernel.terms import alpha_equal
from prover.state import load_theorem
from prover.syntax.ast import Expr, num, substitute, var

FN = ("→", ("ℕ",), "ℕ")
FUNCTIONS = {"zero": lambda n: 0, "id": lambda n: n, "succ": lambda n: n + 1}
NAMES = ("f", "g", "h")


def apply(name: str, arg: Expr) -> Expr:
    return Expr("apply", (arg,), value=name, ty="ℕ")


@st.composite
def term(draw, depth=2):
    """An ℕ term over numerals, `x`, and applications of the functions in NAMES."""
    if depth == 0 or draw(st.booleans()):
        return num(draw(st.integers(0, 2)), "ℕ") if draw(st.booleans()) else var("x", "ℕ")
    return apply(draw(st.sampled_from(NAMES)), draw(term(depth - 1)))


@st.composite
def prop(draw, depth=2):
    """`t = t` under up to `depth` universal binders over functions ℕ → ℕ named from NAMES."""
    if depth == 0 or draw(st.booleans()):
        return Expr("eq", (draw(term()), draw(term())), ty="Prop")
    body = draw(prop(depth - 1))
    return Expr("forall", (body,), value=(draw(st.sampled_from(NAMES)), FN), ty="Prop")


def evaluate(e: Expr, env: dict):
    if e.op == "num":
        return e.value
    if e.op == "var":
        return env[e.value]
    if e.op == "apply":
        return env[e.value](evaluate(e.args[0], env))
    if e.op == "eq":
        return evaluate(e.args[0], env) == evaluate(e.args[1], env)
    if e.op == "forall":
        name = e.value[0]
        return all(evaluate(e.args[0], {**env, name: fn}) for fn in FUNCTIONS.values())
    raise AssertionError(e.op)


def models():
    for fs in itertools.product(FUNCTIONS.values(), repeat=len(NAMES)):
        for x in range(3):
            yield {"x": x, **dict(zip(NAMES, fs))}


@settings(max_examples=300, deadline=None)
@given(prop(), prop())
def test_alpha_equal_terms_agree_in_every_model(a, b):
    if alpha_equal(a, b):
        assert all(evaluate(a, m) == evaluate(b, m) for m in models())


@settings(max_examples=300, deadline=None)
@given(prop(), st.sampled_from(NAMES), st.sampled_from(NAMES))
def test_substituting_a_function_name_is_capture_free(e, old, new):
    out = substitute(e, old, var(new))
    for m in models():
        assert evaluate(out, m) == evaluate(e, {**m, old: m[new]})


@settings(max_examples=200, deadline=None)
@given(prop())
def test_renaming_a_binder_is_alpha_equal(e):
    """The converse direction, so the first property cannot pass by answering False."""
    if e.op == "forall":
        fresh = "k"
        renamed = Expr("forall", (substitute(e.args[0], e.value[0], var(fresh)),), value=(fresh, FN), ty="Prop")
        assert alpha_equal(e, renamed)


# False twins: each false statement was `checked` through this hole; its true twin still is.
TWINS = [
    ("theorem t (f : ℕ → ℕ) (h : ∀ g : ℕ → ℕ, f 1 = 1) : ∀ f : ℕ → ℕ, f 1 = 1", "exact h",
     "theorem t (f : ℕ → ℕ) (h : ∀ g : ℕ → ℕ, g 1 = 1) : ∀ f : ℕ → ℕ, f 1 = 1", "exact h"),
    ("theorem t (f : ℕ → ℕ) : (∀ g : ℕ → ℕ, f 1 = 1) ↔ (∀ f : ℕ → ℕ, f 1 = 1)", "rfl",
     "theorem t (f : ℕ → ℕ) : (∀ g : ℕ → ℕ, g 1 = 1) ↔ (∀ f : ℕ → ℕ, f 1 = 1)", "rfl"),
    ("theorem t : ∀ f : ℕ → ℝ, f 1 = 1 → ∀ f : ℕ → ℝ, f 1 ≥ 1", "intro f\nintro h\nintro f1\nlinarith",
     "theorem t : ∀ f : ℕ → ℝ, f 1 = 1 → f 1 ≥ 1", "intro f\nintro h\nlinarith"),
    ("theorem t : ∀ p : Prop, p → ∀ p : Prop, p", "intro q h r\nexact h",
     "theorem t : ∀ p : Prop, p → p", "intro q h\nexact h"),
    ("theorem t (f : ℕ → ℝ) (h0 : f 1 = 1) (h : ∃ f : ℕ → ℝ, f 1 = 2) : False", "obtain ⟨g, hg⟩ := h\nlinarith",
     "theorem t (f : ℕ → ℝ) (h0 : f 1 = 1) (h : ∃ g : ℕ → ℝ, f 1 = 2) : False",
     "obtain ⟨g, hg⟩ := h\nlinarith"),
]


@pytest.mark.parametrize("false, fproof, true, tproof", TWINS)
def test_function_binder_twins(false, fproof, true, tproof):
    assert not certify(load_theorem(false).goal, fproof, KernelChecker()).ok
    assert certify(load_theorem(true).goal, tproof, KernelChecker()).ok


@pytest.mark.parametrize("binder", ["k", "g"])
def test_beta_reduction_never_captures_the_applied_head(binder):
    """`(fun g => g 1) f = 1` is `f 1 = 1`: refused at load (a function argument in an
    application head is not modelled), never read as `g 1 = 1`."""
    try:
        goal = load_theorem(f"theorem t (g f : ℕ → ℕ) (hg : g 1 = 1) : (fun ({binder} : ℕ → ℕ) => {binder} 1) f = 1").goal
    except UnsupportedSyntax:
        return
    assert not isinstance(check(goal, "exact hg"), CheckedStep)


@pytest.mark.parametrize("proof", ["intro h\nexact h✝", "intro _\nexact _", "intro _\nlinarith [_]"])
def test_inaccessible_names_cannot_be_written(proof):
    """Lean displays `h✝` and binds `intro _` anonymously; neither name can be referred to."""
    goal = load_theorem("theorem t (x : ℝ) (h : 0 < x) : 0 < x → 0 < x").goal
    assert not certify(goal, proof, KernelChecker()).ok
    assert certify(goal, "intro h'\nexact h'", KernelChecker()).ok


@pytest.mark.parametrize("statement, tactic, accepted", [
    ("theorem t : Nat.Prime 1000003", "norm_num", True),          # Mathlib's test, default limits
    ("theorem t : Nat.Prime 33554393", "norm_num", False),        # needs maxRecDepth 8000 in Lean
    ("theorem t : ¬ Nat.Prime 999999999987", "norm_num", True),   # a factor is always cheap
    ("theorem t : (2 : ℤ) ^ 10 = 1024", "decide", True),
    ("theorem t : (2 : ℤ) ^ 30000 > 0", "decide", False),         # Int.pow unfolds per unit
    ("theorem t : (2 : ℕ) ^ 3000 > 0", "decide", True),           # Nat.pow is GMP-accelerated
])
def test_evaluation_within_leans_default_limits(statement, tactic, accepted):
    assert isinstance(check(load_theorem(statement).goal, tactic), CheckedStep) == accepted
