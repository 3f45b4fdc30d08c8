"""Introducing a name that exists shadows it, as in Lean: the old local stays, renamed to an
inaccessible name (`x✝`) everywhere it occurs, and is never merged with the new one.
Substituting under binders never captures."""

from __future__ import annotations

from prover.checkers.base import Closed, Subgoals
from prover.checkers.replay import replay
from prover.checkers.sympy_checker import SympyChecker
from prover.state import load_theorem
from prover.syntax.ast import free_vars
from prover.syntax.printer import show

CHECKER = SympyChecker()


def _one(goal, tactic):
    r = CHECKER.apply(goal, tactic, budget_s=5)
    assert isinstance(r, Subgoals) and len(r.goals) == 1, r
    return r.goals[0]


def test_intro_shadows_a_variable_of_the_same_name():
    g = load_theorem("theorem t (x : ℕ) (h : x = 2) : ∀ x : ℕ, x = 2").goal
    new = _one(g, "intro x")
    assert [n for n, _ in new.variables] == ["x✝", "x"]
    assert show(new.hypothesis("h")) == "x✝ = 2"
    assert show(new.target) == "x = 2"
    assert not replay(g, "intro x\nexact h").ok
    assert not replay(g, "intro x\nomega").ok


def test_intro_with_another_name_does_not_capture_the_outer_variable():
    # `intro y` on `∀ x, x ≤ y`: the outer y becomes y✝, the bound x becomes the new y.
    g = load_theorem("theorem t (y : ℕ) : ∀ x : ℕ, x ≤ y").goal
    new = _one(g, "intro y")
    assert show(new.target) == "y ≤ y✝"
    assert not replay(g, "intro y\nomega").ok


def test_intro_of_a_hypothesis_named_like_a_variable():
    g = load_theorem("theorem t (h : ℕ) : h = 1 → h + 1 = 2").goal
    new = _one(g, "intro h")
    assert new.context == {"h✝": "ℕ"}
    assert show(new.hypothesis("h")) == "h✝ = 1"
    assert show(new.target) == "h✝ + 1 = 2"
    assert replay(g, "intro h\nomega").ok


def test_have_shadows_a_hypothesis_and_keeps_the_old_one():
    g = load_theorem("theorem t (x : ℝ) (h : x = 3) : x + 1 = 4").goal
    new = _one(g, "have h : (0 : ℝ) < 1 := by norm_num")
    assert [n for n, _ in new.hypotheses] == ["h✝", "h"]
    assert not isinstance(CHECKER.apply(new, "exact h"), Closed)
    assert isinstance(CHECKER.apply(new, "linarith"), Closed)


def test_obtain_shadows_instead_of_merging():
    g = load_theorem("theorem t (x : ℕ) (h : ∃ x : ℕ, x = 7) : x = 7").goal
    new = _one(g, "obtain ⟨x, hx⟩ := h")
    assert [n for n, _ in new.variables] == ["x✝", "x"]
    assert show(new.target) == "x✝ = 7"
    assert not replay(g, "obtain ⟨x, hx⟩ := h\nexact hx").ok
    assert not replay(g, "obtain ⟨x, hx⟩ := h\nomega").ok


def test_obtain_renames_inside_the_destructured_hypothesis():
    g = load_theorem("theorem t (y : ℕ) (h : ∃ x : ℕ, x = y + 1) : y < 5").goal
    new = _one(g, "obtain ⟨y, hy⟩ := h")
    assert show(new.hypothesis("hy")) == "y = y✝ + 1"
    assert show(new.target) == "y✝ < 5"


def test_rcases_names_the_predecessor():
    g = load_theorem("theorem t (n m : ℕ) (h : m = n) : m + 0 = n").goal
    r = CHECKER.apply(g, "rcases n with _ | m", budget_s=5)
    assert isinstance(r, Subgoals)
    succ = r.goals[1]
    # m (the predecessor) is new; the old m is m✝.
    assert "m✝" in succ.context and "n" not in succ.context
    assert show(succ.hypothesis("h")) == "m✝ = m + 1"


def test_plain_cases_leaves_an_inaccessible_predecessor():
    g = load_theorem("theorem t (n : ℕ) (h : n > 0) : n ≥ 1").goal
    r = CHECKER.apply(g, "cases n", budget_s=5)
    assert isinstance(r, Subgoals)
    assert free_vars(r.goals[1].target) == {"n✝"}


def test_exact_compares_up_to_bound_names():
    g = load_theorem("theorem t (h : ∀ a : ℕ, a + 0 = a) : ∀ b : ℕ, b + 0 = b").goal
    assert isinstance(CHECKER.apply(g, "exact h"), Closed)
    g2 = load_theorem("theorem t (h : ∀ a : ℕ, ∀ b : ℕ, a ≤ a + b) : ∀ b : ℕ, ∀ a : ℕ, a ≤ a + b").goal
    assert not isinstance(CHECKER.apply(g2, "exact h"), Closed)   # not α-equivalent


def test_subst_under_a_binder_does_not_capture():
    g = load_theorem("theorem t (p q : ℝ) (h : p = q + 1) : ∀ q : ℝ, p > q").goal
    new = _one(g, "subst p")
    assert show(new.target) == "∀ q✝ : ℝ, q + 1 > q✝"


def test_rw_does_not_rewrite_a_bound_occurrence():
    # The side condition x ≠ 0 speaks of the outer x; the bound x is another variable.
    g = load_theorem("theorem t (x y : ℝ) (hx : x ≠ 0) (hy : y ≠ 0) : "
                     "Real.log (x * y) = Real.log x + Real.log y ∧ "
                     "∀ x : ℝ, Real.log (x * y) = Real.log x + Real.log y").goal
    new = CHECKER.apply(g, "rw [Real.log_mul]", budget_s=5).goals[0]
    inner = new.target.args[1]
    assert "Real.log (x * y)" in show(inner)


def test_rw_does_not_capture_under_a_binder():
    g = load_theorem("theorem t (n : ℕ) : ∑ i ∈ Finset.range (n + 1), (∑ n ∈ Finset.range 2, i * n) = 0").goal
    new = CHECKER.apply(g, "rw [Finset.sum_range_succ]", budget_s=5).goals[0]
    last = new.target.args[0].args[1]
    assert last.op == "sum" and last.value[0] != "n" and "n" in free_vars(last)


def test_header_shadowing():
    t = load_theorem("theorem t (n : ℕ) (h : n = 5) (n : ℕ) : n = 5")
    assert [n for n, _ in t.goal.variables] == ["n✝", "n"]
    assert show(t.goal.hypothesis("h")) == "n✝ = 5"
    assert not replay(t.goal, "exact h").ok
    assert not replay(t.goal, "omega").ok
    assert load_theorem(t.lean_statement()).goal == t.goal


def test_header_hypothesis_declared_twice_later_wins():
    t = load_theorem("theorem t (x : ℕ) (h : x = 1) (h : x + 1 = 2) : x + 1 = 2")
    assert [n for n, _ in t.goal.hypotheses] == ["h✝", "h"]
    assert replay(t.goal, "exact h").ok
    t2 = load_theorem("theorem t (x : ℕ) (h : x + 1 = 2) (h : x = 1) : x + 1 = 2")
    assert not replay(t2.goal, "exact h").ok
    assert load_theorem(t2.lean_statement()).goal == t2.goal


# -- header shadowing, as a property ------------------------------------------------------

from hypothesis import given, settings, strategies as st  # noqa: E402

VARIABLE_NAMES = ["x", "y", "_"]
HYPOTHESIS_NAMES = ["h", "hx", "_"]


@st.composite
def headers(draw):
    """A theorem whose binders reuse names: variables, hypotheses about the variables in
    scope, anonymous ones; and the statement with every binder given a distinct name."""
    binders, distinct, scope = [], [], {}   # scope: visible name -> distinct name
    for i in range(draw(st.integers(1, 6))):
        is_variable = draw(st.booleans()) or not any(n in scope for n in ("x", "y"))
        name = draw(st.sampled_from(VARIABLE_NAMES if is_variable else HYPOTHESIS_NAMES))
        unique = f"{name if name != '_' else 'anon'}{i}"
        if is_variable:
            ty = draw(st.sampled_from(["ℕ", "ℤ"]))
            binders.append(f"({name} : {ty})")
            distinct.append(f"({unique} : {ty})")
            scope.pop(name, None)
            if name != "_":
                scope[name] = unique
            continue
        v = draw(st.sampled_from([n for n in ("x", "y") if n in scope]))
        c = draw(st.integers(0, 3))
        binders.append(f"({name} : {v} = {c})")
        distinct.append(f"({unique} : {scope[v]} = {c})")
        scope.pop(name, None)
    targets = [n for n in ("x", "y") if n in scope]
    target = f"{targets[0]} = 1" if targets else "1 = 1"
    distinct_target = f"{scope[targets[0]]} = 1" if targets else "1 = 1"
    return f"theorem t {' '.join(binders)} : {target}", f"theorem t {' '.join(distinct)} : {distinct_target}"


@settings(max_examples=150, deadline=None)
@given(headers())
def test_a_shadowed_header_means_the_header_with_distinct_names(pair):
    text, distinct = pair
    t, d = load_theorem(text), load_theorem(distinct)
    # Same binders in the same order, the same hypotheses and target up to the names.
    assert [ty for _, ty in t.goal.variables] == [ty for _, ty in d.goal.variables]
    mapping = {a: b for (a, _), (b, _) in zip(t.goal.variables, d.goal.variables)}
    renamed = t.goal
    for i, a in enumerate(mapping):
        renamed = renamed.renamed(a, f"#v{i}")
    for i, b in enumerate(mapping.values()):
        renamed = renamed.renamed(f"#v{i}", b)
    assert [h for _, h in renamed.hypotheses] == [h for _, h in d.goal.hypotheses]
    assert renamed.target == d.goal.target
    # Accessible names are exactly the last binder of each name.
    assert len({n for n, _ in t.goal.variables + t.goal.hypotheses}) == len(t.goal.variables) + len(t.goal.hypotheses)
    # The printed statement elaborates to this goal again (inaccessible names may differ).
    assert _normalized(load_theorem(t.lean_statement()).goal) == _normalized(t.goal)


def _normalized(goal):
    """Inaccessible variables and labels renamed in order of appearance."""
    for i, (n, _) in enumerate(goal.variables):
        if "✝" in n:
            goal = goal.renamed(n, f"#x{i}")
    labels = tuple((f"#h{i}" if "✝" in n else n, h) for i, (n, h) in enumerate(goal.hypotheses))
    return type(goal)(goal.variables, labels, goal.target)


def test_subst_with_several_hypotheses_substitutes_each_in_order():
    from prover.checkers.kernel_checker import certify
    from prover.state import load_theorem
    g = load_theorem("theorem t (a b : ℝ) (h₀ : a = 2) (h₁ : b = a + 1) : a + b = 5").goal
    assert certify(g, "subst h₀ h₁\nnorm_num").ok
    assert not certify(g, "subst h₀ h₂\nnorm_num").ok      # an unknown name fails the whole step
    g2 = load_theorem("theorem t (a b : ℝ) (h₀ : a = 2) (h₁ : b = a + 1) : a + b = 6").goal
    assert not certify(g2, "subst h₀ h₁\nnorm_num").ok     # false: 2 + 3 ≠ 6
