"""Verdicts do not depend on names (α-renaming), a shadowing binder never makes a statement
provable, and hypotheses matter exactly when they are used (weakening).

Statements come from a small generated family whose truth is known (computed here), so each
verdict is also checked against it: `decide` may fail on a true statement, never succeed on a
false one. Free variables are renamed, consistently, to names the implementation generates
itself (inaccessible `x✝`, `h_0`, `ih`, inverse and Rabinowitsch-like names, ZMod names).
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings, strategies as st

from prover.checkers.replay import replay
from prover.decide.auto import decide
from prover.state import Goal, load_theorem
from prover.syntax.ast import BINDER_OPS, Expr, free_vars, rename_free

BUDGET_S = 3
GENERATED = ["x✝", "a✝", "b✝¹", "h_0", "h_1", "ih", "inv0", "inv_0", "rab0", "rab1", "x_range", "w_def", "w0", "v0"]
TYPES = ["ℕ", "ℤ", "ℚ", "ℝ"]


def _family(kind: int, ty: str, c1: int, c2: int) -> tuple[str, bool]:
    """(statement, whether it is true in Lean) for small constants c1, c2 ≥ 0."""
    if kind == 0:
        return f"theorem t (a b : {ty}) (h₀ : a = b + {c1}) : a ≥ b + {c2}", c1 >= c2
    if kind == 1:
        if ty in ("ℕ", "ℤ"):
            return f"theorem t (a b : {ty}) (h₀ : a = {c1}) (h₁ : b = a + {c2}) : b = {c1 + c2}", True
        return f"theorem t (a b : {ty}) (h₀ : a ≠ 0) (h₁ : a * b = a * {c1}) : b = {c2}", c1 == c2
    if kind == 2:
        # ∀ b', a + b' > b' + c2  ⇔  a > c2, and a = b + c1 with b unconstrained (b ≥ 0 on ℕ).
        true = ty == "ℕ" and c1 > c2
        return f"theorem t (a b : {ty}) (h₀ : a = b + {c1}) : ∀ b : {ty}, a + b > b + {c2}", true
    if kind == 3:
        return f"theorem t (a : {ty}) (h₀ : ∃ b : {ty}, a = b + {c1} ∧ b = {c2}) : a = {c1 + c2}", True
    if kind == 4:
        return f"theorem t (f : {ty} → {ty}) (h₀ : ∀ x, f x = x + {c1}) (a : {ty}) : f a = a + {c2}", c1 == c2
    if kind == 5:
        return f"theorem t (a b : {ty}) (h₀ : b = {c1}) : ∃ c : {ty}, a + c = a + b ∧ c = {c2}", c1 == c2
    if kind == 6:
        # Gröbner with a `≠` hypothesis (Rabinowitsch variable): b is unconstrained.
        return f"theorem t (a b : {ty}) (h₀ : a ≠ 0) : a * b = {c1}", False
    raise AssertionError(kind)


statements = st.tuples(st.integers(0, 6), st.sampled_from(TYPES), st.integers(0, 3), st.integers(0, 3)).map(
    lambda t: _family(*t))


def _verdict(goal: Goal) -> bool:
    return decide(goal, budget_s=BUDGET_S) is not None


def _rename_bound(e: Expr, data, pool) -> Expr:
    """α-conversion: bound names changed to any name not free in their scope."""
    if not e.args:
        return e
    if e.op in BINDER_OPS and data.draw(st.booleans()):
        b = e.value[0]
        inner = (1,) if e.op in ("sum", "prod") else tuple(range(len(e.args)))
        taken = set().union(*(free_vars(e.args[i]) for i in inner)) - {b}
        new = data.draw(st.sampled_from([n for n in pool if n not in taken] + [b]))
        args = tuple(rename_free(a, b, new) if i in inner else a for i, a in enumerate(e.args))
        e = Expr(e.op, args, value=(new,) + tuple(e.value[1:]), ty=e.ty)
    return e.with_args(*(_rename_bound(a, data, pool) for a in e.args))


def _renamed(goal: Goal, data) -> Goal:
    """Free variables renamed consistently (to distinct new names), bound ones α-converted,
    hypothesis labels changed."""
    old = [n for n, _ in goal.variables]
    new = data.draw(st.lists(st.sampled_from(GENERATED + ["a", "b", "f", "c"]), min_size=len(old),
                             max_size=len(old), unique=True))
    # Through placeholders, so that a swap (a ↦ b, b ↦ a) is a renaming too.
    for i, n in enumerate(old):
        goal = goal.renamed(n, f"#ren{i}")
    for i, n in enumerate(new):
        goal = goal.renamed(f"#ren{i}", n)
    labels = data.draw(st.lists(st.sampled_from(["h✝", "ih", "h_0", "h₀", "h₁", "this"]),
                                min_size=len(goal.hypotheses), max_size=len(goal.hypotheses), unique=True))
    pool = GENERATED + new
    hyps = tuple((lab, _rename_bound(h, data, pool)) for lab, (_, h) in zip(labels, goal.hypotheses))
    return Goal(goal.variables, hyps, _rename_bound(goal.target, data, pool))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(statements, st.data())
def test_renaming_never_changes_a_verdict(statement, data):
    text, true = statement
    goal = load_theorem(text).goal
    before = _verdict(goal)
    assert not before or true, text
    renamed = _renamed(goal, data)
    assert _verdict(renamed) == before, (text, str(renamed))


def _shadowed(text: str, ty: str, name: str = "a") -> tuple[str, str]:
    """The statement with a binder `(a : ty)` added after the hypotheses, and the same
    statement with the earlier `a` spelled `a0` instead (what the shadowing means)."""
    target = text.split(") : ", 1)[1]
    binders = text[len("theorem t "):text.index(") : ") + 1]
    shadow = f"theorem t {binders} ({name} : {ty}) : {target}"
    import re
    explicit_binders = re.sub(rf"(?<![\w']){name}(?![\w'])", f"{name}0", binders)
    explicit = f"theorem t {explicit_binders} ({name} : {ty}) : {target}"
    return shadow, explicit


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(statements)
def test_a_shadowing_binder_never_makes_a_statement_provable(statement):
    text, true = statement
    ty = next(t for t in TYPES if f": {t})" in text or f": {t} →" in text)
    shadow, explicit = _shadowed(text, ty)
    shadowed_verdict = _verdict(load_theorem(shadow).goal)
    # The shadowed statement is `∀ a0, hyps a0 → ∀ a, target a`: it implies the original,
    # so it is never proved where the original is false ...
    assert not shadowed_verdict or true, shadow
    # ... and it means exactly the statement with the earlier `a` spelled differently.
    assert shadowed_verdict == _verdict(load_theorem(explicit).goal), shadow


# -- weakening ---------------------------------------------------------------------------

def _chain(ty: str, c1: int, c2: int) -> str:
    return f"theorem t (x y : {ty}) (h₀ : x = {c1}) (h₁ : y = x + {c2}) : y = {c1 + c2}"


PROOFS = ["linarith", "subst h₁\nsubst h₀\nnorm_num", "have h₂ : y = x + {c2} := by linarith\nlinarith"]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(TYPES), st.integers(0, 4), st.integers(0, 4), st.sampled_from(PROOFS), st.data())
def test_weakening(ty, c1, c2, proof, data):
    goal = load_theorem(_chain(ty, c1, c2)).goal
    script = proof.format(c2=c2)
    assert replay(goal, script).ok, script
    # Without a hypothesis it needs, the statement is false: the proof must fail.
    for drop in ("h₀", "h₁"):
        weaker = Goal(goal.variables, tuple((n, h) for n, h in goal.hypotheses if n != drop), goal.target)
        assert not replay(weaker, script).ok, (drop, script)
    # An irrelevant variable and hypothesis, named like anything the implementation makes,
    # never break it.
    name = data.draw(st.sampled_from(GENERATED))
    label = data.draw(st.sampled_from(["ih", "h_0", "h✝", "this", "hz"]))
    extra = load_theorem(f"theorem t (z : {ty}) : z * z ≥ 0 ∨ z < 0").goal.target
    stronger = goal.with_variable(name, ty).with_hypothesis(label, rename_free(extra, "z", name))
    assert replay(stronger, script).ok, (name, label, script)


def test_a_variable_named_like_a_generated_symbol_stays_itself():
    # b is unconstrained: `a * b = 1` does not follow from `a ≠ 0`, whatever b is called
    # (a Rabinowitsch variable `rab0`, an inverse `inv0`, an inaccessible `b✝` ...).
    goal = load_theorem("theorem t (a b : ℝ) (h₀ : a ≠ 0) (h₁ : a * a = 4) : a * b = 1").goal
    for name in GENERATED:
        renamed = goal.renamed("b", name)
        assert decide(renamed, budget_s=BUDGET_S) is None, name
