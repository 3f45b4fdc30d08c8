"""A set or Finset equation `S = T` is an `Eq`, not its pointwise statement.

The elaborator writes `S = T` as `∀ x, x ∈ S ↔ x ∈ T` for the oracle (`Set.ext_iff`) and marks
it (`ast.set_equation`). Lean's `intro` fails on an `Eq` (it is not a Π-type), and `exact h₀` /
`assumption` with `h₀ : ∀ x, x ∈ S ↔ x ∈ T` fail (the types differ; `propext`/`funext` are
needed): only `ext x` (`Set.ext`/`Finset.ext` as `@[ext]` lemmas) or `exact Set.ext h₀` turn
one into the other.
"""

from hypothesis import given, settings
from hypothesis import strategies as st

from prover.checkers.base import Closed, Rejected, Subgoals
from prover.checkers.kernel_checker import KernelChecker
from prover.kernel import CheckedStep, Refused, check
from prover.state import load_theorem

SETS = "theorem t (S T : Finset ℕ) (h₀ : ∀ n, n ∈ S ↔ n ∈ T) : S = T"


def _apply(statement: str, *tactics: str):
    goal = load_theorem(statement).goal
    checker = KernelChecker()
    result = None
    for tactic in tactics:
        result = checker.apply(goal, tactic, budget_s=5)
        if isinstance(result, Subgoals):
            goal = result.goals[0]
    return result


def test_pointwise_hypothesis_is_not_the_equation():
    goal = load_theorem(SETS).goal
    assert isinstance(check(goal, "exact h₀"), Refused)
    assert isinstance(check(goal, "assumption"), Refused)
    assert not isinstance(_apply(SETS, "intro x"), Subgoals)
    assert isinstance(check(goal, "exact Finset.ext h₀"), CheckedStep)
    assert isinstance(check(goal, "exact Set.ext h₀"), Refused)          # Finsets, not sets
    assert isinstance(_apply(SETS, "ext x", "exact h₀ x"), Closed)


def test_arithmetic_tactics_refuse_a_set_equation_goal():
    goal = load_theorem(SETS).goal
    for tactic in ("linarith", "omega", "decide", "norm_num", "rfl", "positivity"):
        assert isinstance(check(goal, tactic), Refused), tactic


def test_an_equation_hypothesis_closes_the_same_equation_but_is_not_a_function():
    st_ = "theorem t (S T : Finset ℕ) (h : S = T) (x : ℕ) (hx : x ∈ S) : S = T"
    assert isinstance(check(load_theorem(st_).goal, "exact h"), CheckedStep)
    assert isinstance(check(load_theorem(st_).goal, "assumption"), CheckedStep)
    st2 = "theorem t (S T : Finset ℕ) (h : S = T) : ∀ x, x ∈ S ↔ x ∈ T"
    assert isinstance(check(load_theorem(st2).goal, "exact h"), Refused)
    assert not isinstance(_apply(st2, "intro x", "exact h x"), Closed)
    assert not isinstance(_apply(st2, "have hx := h 3"), Subgoals)


def test_rfl_on_the_same_set():
    assert isinstance(check(load_theorem("theorem t (S : Finset ℕ) : S = S").goal, "rfl"), CheckedStep)
    assert isinstance(check(load_theorem("theorem t (S T : Finset ℕ) : S = T").goal, "rfl"), Refused)
    # Finset literals: `x ∈ {1, 2}` is not definitionally `x = 1 ∨ x = 2`
    g = load_theorem("theorem t (S : Finset ℕ) (h : ∀ x, x ∈ S ↔ x = 1 ∨ x = 2) : S = {1, 2}").goal
    assert isinstance(check(g, "exact Finset.ext h"), Refused)
    g = load_theorem("theorem t (S : Set ℕ) (h : ∀ x, x ∈ S ↔ x = 1 ∨ x = 2) : S = {1, 2}").goal
    assert isinstance(check(g, "exact Set.ext h"), CheckedStep)   # Set.insert unfolds by rfl


PREDICATES = ["n % {k} = {r}", "n < {k}", "{k} ∣ n", "n % {k} = {r} ∧ n < {m}", "n < {k} ∨ {r} ∣ n"]


@st.composite
def set_pairs(draw):
    """`(S, h₀, T)`: a set variable S defined pointwise by h₀, T a set-builder set or a
    Finset filter, with h₀'s predicate T's or another one."""
    k, r, m = draw(st.integers(2, 9)), draw(st.integers(0, 1)), draw(st.integers(3, 30))
    p = draw(st.sampled_from(PREDICATES)).format(k=k, r=r, m=m)
    q = p if draw(st.booleans()) else draw(st.sampled_from(PREDICATES)).format(k=k + 1, r=r, m=m)
    finset = draw(st.booleans())
    if finset:
        kind, rhs = "Finset ℕ", f"Finset.filter (fun n => {p}) (Finset.range {m})"
        h0 = draw(st.sampled_from([f"n ∈ Finset.filter (fun n => {q}) (Finset.range {m})", q]))
    else:
        kind, rhs, h0 = "Set ℕ", f"{{n : ℕ | {p}}}", q
    return f"theorem t (S : {kind}) (h₀ : ∀ n, n ∈ S ↔ {h0}) : S = {rhs}", "Finset.ext" if finset else "Set.ext"


@settings(max_examples=20, deadline=None)
@given(set_pairs())
def test_set_equation_is_closed_only_through_ext(pair):
    statement, lemma = pair
    goal = load_theorem(statement).goal
    assert isinstance(check(goal, "exact h₀"), Refused)
    assert isinstance(check(goal, "assumption"), Refused)
    assert not isinstance(_apply(statement, "intro x"), Subgoals)
    assert not isinstance(_apply(statement, "intro x", "exact h₀ x"), Closed)
    # after `ext x`, the pointwise goal is closed exactly when `h₀ x` proves it, which is exactly
    # when `exact Set.ext h₀` (resp. Finset.ext) closes the equation
    after_ext = _apply(statement, "ext x", "exact h₀ x")
    whole = check(goal, f"exact {lemma} h₀")
    assert isinstance(after_ext, Closed) == isinstance(whole, CheckedStep)
    pointwise = _apply(statement, "ext x")
    assert isinstance(pointwise, Subgoals) and pointwise.goals[0].target.op == "iff"
    other = "Set.ext" if lemma == "Finset.ext" else "Finset.ext"
    assert isinstance(check(goal, f"exact {other} h₀"), Refused)


def test_ext_then_the_pointwise_proof_closes():
    for statement, lemma in [
            ("theorem t (S : Set ℕ) (h₀ : ∀ n, n ∈ S ↔ n % 3 = 1) : S = {n : ℕ | n % 3 = 1}", "Set.ext"),
            ("theorem t (S : Finset ℕ) (h₀ : ∀ n, n ∈ S ↔ n ∈ Finset.filter (fun n => n < 4) (Finset.range 9)) :"
             " S = Finset.filter (fun n => n < 4) (Finset.range 9)", "Finset.ext")]:
        assert isinstance(_apply(statement, "ext x", "exact h₀ x"), Closed)
        assert isinstance(check(load_theorem(statement).goal, f"exact {lemma} h₀"), CheckedStep)


def test_set_equations_print_as_equations_and_read_back():
    for statement in ["theorem t : {x : ℕ | x < 3 ∧ 0 < x} = {1, 2}",
                      "theorem t : Finset.filter (fun n => n % 3 = 0) (Finset.range 10) = {0, 3, 6, 9}",
                      "theorem t (S : Finset ℕ) (h₀ : ∀ n, n ∈ S ↔ n < 5) : S = Finset.range 5",
                      "theorem t (S : Set ℝ) (h : S = Set.Icc 0 1) : ({1, 2} : Finset ℕ) ≠ {1, 3}"]:
        t = load_theorem(statement)
        printed = t.lean_statement()
        assert "∀" not in printed.split(":", 1)[1] or "∀ n" in printed, printed
        assert load_theorem(printed).goal == t.goal, printed


def test_a_finset_beside_a_set_is_coerced():
    # `S = Finset.range 5` with `S : Set ℕ` is a Set equation (`↑(Finset.range 5)`): Set.ext, not Finset.ext
    g = load_theorem("theorem t (S : Set ℕ) (h : ∀ x, x ∈ S ↔ x ∈ Finset.range 5) : S = Finset.range 5").goal
    assert isinstance(check(g, "exact Finset.ext h"), Refused)
    assert isinstance(check(g, "exact Set.ext h"), CheckedStep)
    text = "theorem t (S : Set ℕ) (hS : S = Finset.range 5) (x : ℕ) (hx : x ∈ S) : x < 5"
    assert isinstance(KernelChecker().apply(load_theorem(text).goal, "rw [hS] at hx"), Rejected)
