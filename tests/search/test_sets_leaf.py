"""Membership-defined Finsets (`h₀ : ∀ n, n ∈ S ↔ P n ⊢ S.card = k`, `∑ k ∈ S, k = m`): the
finder (`prover.search.sets`) writes `have hS : S = Finset.filter P (Finset.range N) := by ext n;
simp only [Finset.mem_filter, Finset.mem_range, h₀]; …`, `rw [hS]`, `decide +kernel`; the kernel
checker certifies it. Its steps: `simp only` with those lemmas (`prover.checkers.set_simp`) and
`rw [hS]` with a set equation (`rewrite.rewrite_set_equation`)."""

import time

from hypothesis import given, settings
from hypothesis import strategies as st

from prover.checkers.base import Rejected, Subgoals
from prover.checkers.kernel_checker import KernelChecker, certify
from prover.search.sets import sets_leaf
from prover.state import load_theorem

PREDICATES = ["n ∣ {c}", "0 < n ∧ n ∣ {c}", "n % {k} = {r} ∧ n < {c}", "0 < n ∧ n * n < {c}", "n < {c} ∧ {k} ∣ n"]


def _truth(pred: str, c: int, k: int, r: int) -> list[int]:
    tests = {"n ∣ {c}": lambda n: n and c % n == 0 or (n == 0 and c == 0),
             "0 < n ∧ n ∣ {c}": lambda n: 0 < n and c % n == 0,
             "n % {k} = {r} ∧ n < {c}": lambda n: n % k == r and n < c,
             "0 < n ∧ n * n < {c}": lambda n: 0 < n and n * n < c,
             "n < {c} ∧ {k} ∣ n": lambda n: n < c and n % k == 0}
    return [n for n in range(c * c + 2) if tests[pred](n)]


@settings(max_examples=15, deadline=None)
@given(st.sampled_from(PREDICATES), st.integers(1, 30), st.integers(2, 5), st.integers(0, 1),
       st.booleans(), st.integers(-1, 1))
def test_a_script_is_found_only_for_the_true_value(pred, c, k, r, card, delta):
    members = _truth(pred, c, k, r)
    value = (len(members) if card else sum(members)) + delta
    if value < 0:
        return
    goal_text = f"S.card = {value}" if card else f"(∑ k ∈ S, k) = {value}"
    statement = f"theorem t (S : Finset ℕ) (h₀ : ∀ n : ℕ, n ∈ S ↔ {pred.format(c=c, k=k, r=r)}) : {goal_text}"
    goal = load_theorem(statement).goal
    script = sets_leaf(goal, KernelChecker(), time.monotonic() + 10)
    if delta != 0:
        assert script is None, (statement, script)
    else:   # every predicate of the grammar is bounded: the true value is reached
        assert script is not None and certify(goal, "\n".join(script), KernelChecker()).ok, statement


def test_divisor_sum_is_checked():
    goal = load_theorem("theorem t (S : Finset ℕ) (h₀ : ∀ n : ℕ, n ∈ S ↔ n ∣ 20) : (∑ k ∈ S, k) = 42").goal
    script = sets_leaf(goal, KernelChecker(), time.monotonic() + 10)
    assert script is not None and script[-1] == "decide +kernel"
    assert certify(goal, "\n".join(script), KernelChecker()).ok


def test_simp_only_rewrites_memberships_as_the_lemmas_state():
    text = ("theorem t (S : Finset ℕ) (h₀ : ∀ n : ℕ, n ∈ S ↔ n ∣ 20) (x : ℕ) :"
            " x ∈ S ↔ x ∈ Finset.filter (fun n => n ∣ 20) (Finset.range 21)")
    goal = load_theorem(text).goal
    out = KernelChecker().apply(goal, "simp only [Finset.mem_filter, Finset.mem_range, h₀]")
    expected = load_theorem("theorem t (x : ℕ) : x ∣ 20 ↔ x < 21 ∧ x ∣ 20").goal.target
    assert isinstance(out, Subgoals) and out.goals[0].target == expected
    # without h₀ only the filter side moves; an unlisted lemma or a location is refused
    out = KernelChecker().apply(goal, "simp only [Finset.mem_filter]")
    assert isinstance(out, Subgoals) and out.goals[0].target.args[0] == goal.target.args[0]
    assert isinstance(KernelChecker().apply(goal, "simp only [Finset.mem_filter, Nat.dvd_iff_mod_eq_zero]"), Rejected)
    assert isinstance(KernelChecker().apply(goal, "simp only [Finset.mem_Icc]"), Rejected)   # no progress


def test_rw_with_a_set_equation_replaces_the_set_variable_only():
    text = ("theorem t (S : Finset ℕ) (hS : S = Finset.filter (fun n => n ∣ 6) (Finset.range 7)) :"
            " S.card = 4")
    goal = load_theorem(text).goal
    out = KernelChecker().apply(goal, "rw [hS]")
    assert isinstance(out, Subgoals)
    assert out.goals[0].target == load_theorem(
        "theorem t : (Finset.filter (fun n => n ∣ 6) (Finset.range 7)).card = 4").goal.target
    assert isinstance(KernelChecker().apply(goal, "rw [← hS]"), Rejected)   # no filter term in the goal
    text2 = "theorem t (S : Set ℕ) (hS : S = {n : ℕ | n < 3}) (x : ℕ) (h : x ∈ S) : x < 3"
    assert isinstance(KernelChecker().apply(load_theorem(text2).goal, "rw [hS] at h"), Rejected)


def test_a_closed_call_is_evaluated_by_norm_num_first():
    # `Nat.sqrt` does not reduce in the kernel: `have hv : Nat.sqrt 49 = 7 := by norm_num`, `rw [hv] at h₀`
    goal = load_theorem("theorem t (S : Finset ℕ) (h₀ : ∀ n : ℕ, n ∈ S ↔ n ∣ Nat.sqrt 49) : (∑ k ∈ S, k) = 8").goal
    script = sets_leaf(goal, KernelChecker(), time.monotonic() + 10)
    assert script is not None and script[:2] == ["have hv : Nat.sqrt 49 = 7 := by norm_num", "rw [hv] at h₀"]
    assert certify(goal, "\n".join(script), KernelChecker()).ok
    wrong = load_theorem("theorem t (S : Finset ℕ) (h₀ : ∀ n : ℕ, n ∈ S ↔ n ∣ Nat.sqrt 49) : (∑ k ∈ S, k) = 7").goal
    assert sets_leaf(wrong, KernelChecker(), time.monotonic() + 10) is None


def test_an_integer_set_defined_through_a_function_is_checked():
    text = "theorem t (s : Finset ℤ) (f : ℤ → ℤ) (h₀ : ∀ x, f x = |x - 2|) (h₁ : ∀ x, x ∈ s ↔ f x < 4) : s.card = {}"
    goal = load_theorem(text.format(7)).goal
    script = sets_leaf(goal, KernelChecker(), time.monotonic() + 10)
    assert script is not None and "Finset.Icc (-1) 5" in script[0] and "h₁, h₀]" in script[0]
    assert certify(goal, "\n".join(script), KernelChecker()).ok
    assert sets_leaf(load_theorem(text.format(8)).goal, KernelChecker(), time.monotonic() + 10) is None


def test_simp_only_unfolds_listed_function_equations_only():
    text = ("theorem t (s : Finset ℤ) (f : ℤ → ℤ) (h₀ : ∀ x, f x = x + 1) (h₁ : ∀ x, x ∈ s ↔ f x < 4) (n : ℤ) :"
            " n ∈ s ↔ n ∈ Finset.filter (fun x => x + 1 < 4) (Finset.Icc (0 : ℤ) 5)")
    goal = load_theorem(text).goal
    out = KernelChecker().apply(goal, "simp only [Finset.mem_filter, Finset.mem_Icc, h₁, h₀]")
    assert isinstance(out, Subgoals)
    assert out.goals[0].target == load_theorem(
        "theorem t (n : ℤ) : n + 1 < 4 ↔ (0 ≤ n ∧ n ≤ 5) ∧ n + 1 < 4").goal.target
    out = KernelChecker().apply(goal, "simp only [Finset.mem_filter, Finset.mem_Icc, h₁]")
    assert isinstance(out, Subgoals) and any(x.op == "apply" for x in out.goals[0].target.walk())
