"""Capture-avoiding substitution, renaming and α-equivalence (prover/syntax/ast.py).

The properties are checked against a small reference semantics defined here: integers,
quantifiers over a three-element domain, `∑ k ∈ range n` and `{y | P y}` membership.
Substitution is correct exactly when it commutes with evaluation:
`⟦e[x := r]⟧ρ = ⟦e⟧ρ[x ↦ ⟦r⟧ρ]`, whatever the names, including generated ones.
"""

from __future__ import annotations

from hypothesis import given, settings, strategies as st

from prover.syntax.ast import (INT, PROP, Expr, alpha_equal, all_names, canonical, free_vars,
                               inaccessible_name, rename_free, replace_subterm, substitute, var)
from prover.syntax.printer import show
from prover.state import load_theorem

# User names, and names the implementation generates itself (inaccessible, placeholders).
NAMES = ["x", "y", "z", "x✝", "y✝", "x✝¹", "h_0", "ih", "inv0", "rab0", "#bv0", "#inst0"]
DOMAIN = range(3)


def _num(v: int) -> Expr:
    return Expr("num", value=v, ty=INT)


def ev(e: Expr, env: dict):
    """The reference semantics (ints; quantifiers range over DOMAIN)."""
    op = e.op
    if op == "num":
        return e.value
    if op == "var":
        return env[e.value]
    if op in ("add", "mul", "sub"):
        a, b = ev(e.args[0], env), ev(e.args[1], env)
        return a + b if op == "add" else a * b if op == "mul" else a - b
    if op == "sum":
        n = ev(e.args[0].args[0], env)
        return sum(ev(e.args[1], {**env, e.value[0]: k}) for k in range(max(n, 0)))
    if op in ("eq", "lt"):
        a, b = ev(e.args[0], env), ev(e.args[1], env)
        return a == b if op == "eq" else a < b
    if op == "and":
        return ev(e.args[0], env) and ev(e.args[1], env)
    if op == "imp":
        return (not ev(e.args[0], env)) or ev(e.args[1], env)
    if op == "not":
        return not ev(e.args[0], env)
    if op in ("forall", "exists"):
        results = [ev(e.args[0], {**env, e.value[0]: d}) for d in DOMAIN]
        return all(results) if op == "forall" else any(results)
    if op == "mem":  # x ∈ {y | P y}
        s = e.args[1]
        return ev(s.args[0], {**env, s.value[0]: ev(e.args[0], env)})
    raise AssertionError(op)


names = st.sampled_from(NAMES)


def terms(depth: int = 3):
    leaf = st.one_of(names.map(lambda n: var(n, INT)), st.integers(-2, 3).map(_num))
    if depth == 0:
        return leaf
    sub = terms(depth - 1)
    return st.one_of(
        leaf,
        st.tuples(st.sampled_from(["add", "mul", "sub"]), sub, sub).map(lambda t: Expr(t[0], (t[1], t[2]), ty=INT)),
        st.tuples(names, st.integers(0, 3), sub).map(
            lambda t: Expr("sum", (Expr("set", (_num(t[1]),), value="Finset.range", ty=("Finset", INT)), t[2]),
                           value=(t[0], INT), ty=INT)),
    )


def props(depth: int = 3):
    atom = st.tuples(st.sampled_from(["eq", "lt"]), terms(2), terms(2)).map(
        lambda t: Expr(t[0], (t[1], t[2]), value=INT, ty=PROP))
    if depth == 0:
        return atom
    sub = props(depth - 1)
    return st.one_of(
        atom,
        st.tuples(st.sampled_from(["and", "imp"]), sub, sub).map(lambda t: Expr(t[0], (t[1], t[2]), ty=PROP)),
        sub.map(lambda p: Expr("not", (p,), ty=PROP)),
        st.tuples(st.sampled_from(["forall", "exists"]), names, sub).map(
            lambda t: Expr(t[0], (t[2],), value=(t[1], INT), ty=PROP)),
        st.tuples(terms(1), names, sub).map(
            lambda t: Expr("mem", (t[0], Expr("setof", (t[2],), value=(t[1], INT))), ty=PROP)),
    )


envs = st.fixed_dictionaries({n: st.integers(-2, 2) for n in NAMES})


@settings(max_examples=300, deadline=None)
@given(props(), names, terms(2), envs)
def test_substitution_commutes_with_evaluation(p, name, r, env):
    assert ev(substitute(p, name, r), env) == ev(p, {**env, name: ev(r, env)})


@settings(max_examples=300, deadline=None)
@given(terms(3), names, terms(2), envs)
def test_substitution_in_terms_commutes_with_evaluation(t, name, r, env):
    assert ev(substitute(t, name, r), env) == ev(t, {**env, name: ev(r, env)})


@settings(max_examples=200, deadline=None)
@given(props(), names, terms(2))
def test_substitution_free_variables(p, name, r):
    expected = (free_vars(p) - {name}) | (free_vars(r) if name in free_vars(p) else set())
    assert free_vars(substitute(p, name, r)) == expected


@settings(max_examples=300, deadline=None)
@given(props(), names, names, envs)
def test_renaming_a_free_variable_commutes_with_evaluation(p, old, new, env):
    renamed = rename_free(p, old, new)
    assert ev(renamed, env) == ev(p, {**env, old: env[new]})


def _rename_bound(e: Expr, choice, fresh_names) -> Expr:
    """Rename some bound variables of `e` to names not free in their scope (α-conversion)."""
    if not e.args:
        return e
    if e.op in ("forall", "exists", "sum", "setof") and choice.draw(st.booleans()):
        b = e.value[0]
        body_index = 1 if e.op == "sum" else 0
        body = e.args[body_index]
        new = choice.draw(st.sampled_from([n for n in fresh_names if n == b or n not in free_vars(body)]))
        body = rename_free(body, b, new)
        args = list(e.args)
        args[body_index] = body
        e = Expr(e.op, tuple(args), value=(new,) + tuple(e.value[1:]), ty=e.ty)
    return e.with_args(*(_rename_bound(a, choice, fresh_names) for a in e.args))


@settings(max_examples=300, deadline=None)
@given(props(), st.data(), envs)
def test_alpha_conversion_is_alpha_equal_and_keeps_the_meaning(p, data, env):
    q = _rename_bound(p, data, NAMES + ["w", "w✝"])
    assert alpha_equal(p, q)
    assert canonical(p) == canonical(q)
    assert ev(p, env) == ev(q, env)


@settings(max_examples=200, deadline=None)
@given(props(), props())
def test_alpha_equal_terms_have_the_same_meaning(p, q):
    if alpha_equal(p, q):
        for env in ({n: 0 for n in NAMES}, {n: i % 3 - 1 for i, n in enumerate(NAMES)}):
            assert ev(p, env) == ev(q, env)


@settings(max_examples=300, deadline=None)
@given(props(), names, terms(2), envs)
def test_replacing_a_variable_subterm_is_substitution(p, name, r, env):
    # `rw` of a variable abstracts its free occurrences only.
    assert ev(replace_subterm(p, var(name, INT), r), env) == ev(substitute(p, name, r), env)


@given(st.sets(names), names)
def test_inaccessible_names_are_fresh_and_unwritable(avoid, base):
    fresh = inaccessible_name(base, avoid)
    assert fresh not in avoid and "✝" in fresh


# -- unit cases -------------------------------------------------------------------------

def test_substituting_under_a_forall_renames_the_binder():
    t = load_theorem("theorem t (p q : ℝ) : ∀ q : ℝ, p > q").goal.target
    q1 = load_theorem("theorem t (q : ℝ) : q + 1 = 0").goal.target.args[0]
    out = substitute(t, "p", q1)
    assert show(out) == "∀ q✝ : ℝ, q + 1 > q✝"
    assert free_vars(out) == {"q"}
    assert not alpha_equal(out, load_theorem("theorem t (q : ℝ) : ∀ q : ℝ, q + 1 > q").goal.target)


def test_substitution_stops_at_a_binder_of_the_same_name():
    t = load_theorem("theorem t (n : ℕ) : ∀ n : ℕ, n ≥ 0").goal.target
    assert substitute(t, "n", Expr("num", value=5, ty="ℕ")) == t


def test_big_operator_binds_in_its_body_only():
    t = load_theorem("theorem t (k : ℕ) : ∑ k ∈ Finset.range k, k = 0").goal.target
    out = substitute(t, "k", Expr("num", value=3, ty="ℕ"))
    assert show(out) == "(∑ k ∈ Finset.range 3, k) = 0"


def test_set_builder_membership_does_not_capture():
    # `x ∈ {y | ∀ x, x ≥ y}` is `∀ x', x' ≥ x`, not `∀ x, x ≥ x`.
    g = load_theorem("theorem t (x : ℕ) : x ∈ {y : ℕ | ∀ x : ℕ, x ≥ y}").goal
    assert g.target.op == "forall" and g.target.value[0] != "x"
    assert free_vars(g.target) == {"x"}


def test_names_in_a_term():
    t = load_theorem("theorem t (f : ℕ → ℕ) (a : ℕ) : ∀ b : ℕ, f b = a").goal.target
    assert all_names(t) == {"f", "a", "b"}
