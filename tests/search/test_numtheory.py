"""Divisibility witnesses, congruences by `Int.modEq_iff_dvd`, parity by `Nat.even_iff`/…,
gcd of linear forms, `Nat.gcd_mul_lcm` (`prover.search.numtheory`). Every script is replayed by
the kernel; false statements and goals outside the shapes get no script; the structural
unfolding of `∣`, `Even`, `Odd` agrees with the kernel's evaluator."""

import time

from hypothesis import given, settings
from hypothesis import strategies as st

import prover.search.reconstruct as finders
from prover.checkers.base import Rejected, Subgoals
from prover.checkers.kernel_checker import KernelChecker, certify
from prover.checkers.sympy_checker import SympyChecker, unfold_to_exists
from prover.kernel.evaluate import holds
from prover.kernel.proof import CheckedStep, Refused
from prover.kernel.tactics import check
from prover.search.numtheory import _kind, numtheory_leaf
from prover.state import load_theorem
from prover.syntax.ast import INT, NAT, PROP, Expr, substitute


def _leaf(statement: str, seconds: float = 20.0):
    goal = load_theorem(statement).goal
    return goal, numtheory_leaf(goal, KernelChecker(), time.monotonic() + seconds, finders)


def _replays(goal, script) -> bool:
    return certify(goal, "\n".join(script), KernelChecker()).ok


def test_dvd_witness_from_a_root_of_a_quadratic():
    goal, script = _leaf("theorem t (p q r : ℤ) (h : r ^ 2 + p * r + q = 0) : r ∣ q")
    assert script is not None and script[0].startswith("refine ⟨") and script[1].startswith("linear_combination")
    assert _replays(goal, script)


def test_dvd_witness_by_exact_division_over_nat():
    goal, script = _leaf("theorem t (m : ℕ) : m + 2 ∣ m ^ 2 + 5 * m + 6")
    assert script == ["refine ⟨m + 3, ?_⟩", "ring"]
    assert _replays(goal, script)


def test_dvd_witness_after_obtaining_an_existential():
    goal, script = _leaf("theorem t (a b : ℕ) (h : ∃ k, a = k * b) : b ∣ a")
    assert script is not None and script[0] == "obtain ⟨k, hk⟩ := h"
    assert _replays(goal, script)


def test_no_witness_for_a_false_divisibility():
    # 2 ∤ x for odd x: no polynomial quotient, and the kernel would refuse any guess
    for statement in ("theorem t (x : ℤ) (h : x ^ 2 + x + 3 = 0) : x ∣ 2",
                      "theorem t (m : ℕ) : m + 2 ∣ m ^ 2 + 5 * m + 7",
                      "theorem t (x y : ℤ) (h : x = 2 * y + 1) : 2 ∣ x"):
        assert _leaf(statement, 5.0)[1] is None, statement


def test_congruence_by_a_dvd_witness():
    goal, script = _leaf("theorem t (u v : ℤ) : (2 * u + 7 * v) ^ 2 % 7 = 4 * u ^ 2 % 7")
    assert script is not None and script[-1] == "exact Int.modEq_iff_dvd.mpr hd"
    assert _replays(goal, script)
    assert _leaf("theorem t (u v : ℤ) : (2 * u + 7 * v) ^ 2 % 7 = 2 * u ^ 2 % 7", 5.0)[1] is None


def test_congruence_with_a_variable_modulus():
    goal, script = _leaf("theorem t (a b : ℤ) : (a + b) ^ 2 % (a * b) = (a ^ 2 + b ^ 2) % (a * b)")
    assert script is not None and _replays(goal, script)


def test_parity_hypotheses_and_goal_through_remainders():
    goal, script = _leaf("theorem t (a b : ℕ) (ha : Odd a) (hb : Even b) : Odd (a + 3 * b)")
    assert script is not None
    assert "have hpar := Nat.odd_iff.mp ha" in script and script[-1] == "exact Nat.odd_iff.mpr hg"
    assert _replays(goal, script)
    assert _leaf("theorem t (a b : ℕ) (ha : Odd a) (hb : Even b) : Even (a + 3 * b)", 5.0)[1] is None


def test_gcd_of_two_linear_forms_is_bounded_by_their_combination():
    goal, script = _leaf("theorem t (k : ℕ) : Nat.gcd (2 * k + 3) (k + 1) ≤ 1")
    assert script is not None and any("Nat.dvd_sub'" in line for line in script)
    assert _replays(goal, script)
    goal, script = _leaf("theorem t (k : ℕ) : Nat.gcd (k + 9) (3 * k + 2) ≤ 30")
    assert script is not None and script[-1] == "omega" and _replays(goal, script)
    # 3 (k + 9) - (3 k + 2) = 25: the gcd divides 25, and is 25 at k = 16, so `≤ 24` is false
    assert _leaf("theorem t (k : ℕ) : Nat.gcd (k + 9) (3 * k + 2) ≤ 24", 5.0)[1] is None


def test_gcd_times_lcm():
    goal, script = _leaf("theorem t (p q : ℕ) : p * q = Nat.gcd p q * Nat.lcm p q")
    assert script is not None and script[0] == "have hgl := Nat.gcd_mul_lcm (p) (q)"
    assert _replays(goal, script)


def test_other_shapes_are_declined_at_once():
    for statement in ("theorem t (x : ℝ) (h : 0 < x) : 0 < x ^ 2", "theorem t (n : ℕ) (h : n < 3) : n ≤ 2",
                      "theorem t (n : ℤ) : n % 4 = n % 4 + 0"):
        goal = load_theorem(statement).goal
        start = time.monotonic()
        assert _kind(goal) is None or numtheory_leaf(goal, KernelChecker(), time.monotonic() + 5, finders) is None
        assert time.monotonic() - start < 1.0


# -- the structural unfolding (`refine ⟨w, ?_⟩`, `obtain`) -------------------------------------

def test_refine_on_dvd_even_odd_leaves_the_definition_at_the_witness():
    c = SympyChecker()
    g = load_theorem("theorem t (n : ℤ) : n ∣ n ^ 2 + n").goal
    r = c.apply(g, "refine ⟨n + 1, ?_⟩")
    assert isinstance(r, Subgoals) and check(r.goals[0], "ring").rule == "ring"
    g = load_theorem("theorem t (n : ℕ) : Odd (2 * n + 5)").goal
    r = c.apply(g, "refine ⟨n + 2, ?_⟩")
    assert isinstance(r, Subgoals) and isinstance(check(r.goals[0], "ring"), CheckedStep)
    r = c.apply(g, "refine ⟨n + 3, ?_⟩")   # a wrong witness leaves a false goal
    assert isinstance(r, Subgoals) and isinstance(check(r.goals[0], "omega"), Refused)
    g = load_theorem("theorem t (n : ℕ) : Even (n + n)").goal
    r = c.apply(g, "refine ⟨n, ?_⟩")
    assert isinstance(r, Subgoals) and isinstance(check(r.goals[0], "rfl"), CheckedStep)
    # Even over ℝ is not unfolded here (refused, never misread)
    g = load_theorem("theorem t (x : ℝ) : Even (x + x)").goal
    assert isinstance(c.apply(g, "refine ⟨x, ?_⟩"), Rejected)


def test_obtain_on_odd_gives_its_witness_equation():
    g = load_theorem("theorem t (m : ℤ) (h : Odd m) : m % 2 = 1").goal
    r = SympyChecker().apply(g, "obtain ⟨k, hk⟩ := h")
    assert isinstance(r, Subgoals)
    hk = r.goals[0].hypothesis("hk")
    assert hk is not None and check(r.goals[0], "omega").rule == "omega"


def _lit(v: int, ty) -> Expr:
    return Expr("num", value=v, ty=ty) if v >= 0 else Expr("neg", (Expr("num", value=-v, ty=ty),), ty=ty)


@settings(max_examples=200, deadline=None)
@given(kind=st.sampled_from(["dvd", "Even", "Odd"]), ty=st.sampled_from([NAT, INT]),
       a=st.integers(-30, 30), b=st.integers(-30, 30))
def test_unfolded_definition_agrees_with_the_evaluator(kind, ty, a, b):
    """`p` holds (kernel evaluator) iff its unfolded `∃ c, …` has a witness in a range that
    covers every possible one: the unfolding is the definition, not a stronger or weaker fact."""
    if ty == NAT:
        a, b = abs(a), abs(b)
    x, y = _lit(a, ty), _lit(b, ty)
    p = Expr("dvd", (x, y), value=ty, ty=PROP) if kind == "dvd" else Expr("pred", (y,), value=kind, ty=PROP)
    q = unfold_to_exists(p)
    assert q is not None and q.op == "exists" and q.value[1] == ty
    name, body = q.value[0], q.args[0]
    witnesses = range(61) if ty == NAT else range(-60, 61)
    some = any(holds(substitute(body, name, _lit(c, ty))) for c in witnesses)
    assert some == holds(p), (p, q)


def test_unfolding_refuses_other_types_and_predicates():
    x = Expr("var", value="x", ty="ℝ")
    assert unfold_to_exists(Expr("pred", (x,), value="Even", ty=PROP)) is None
    assert unfold_to_exists(Expr("pred", (Expr("var", value="n", ty=NAT),), value="Nat.Prime", ty=PROP)) is None


def test_modeq_lemma_direction_is_checked():
    """`Int.modEq_iff_dvd : a ≡ b [ZMOD n] ↔ n ∣ b - a`: a proof of `n ∣ a - b` gives
    `b % n = a % n`, not the goal `a % n = b % n` written the other way round by `exact`."""
    g = load_theorem("theorem t (a b : ℤ) (hd : 3 ∣ a - b) : a % 3 = b % 3").goal
    assert isinstance(check(g, "exact Int.modEq_iff_dvd.mpr hd"), Refused)
    g = load_theorem("theorem t (a b : ℤ) (hd : 3 ∣ b - a) : a % 3 = b % 3").goal
    assert isinstance(check(g, "exact Int.modEq_iff_dvd.mpr hd"), CheckedStep)


def test_two_distinct_prime_roots_fix_the_product():
    statement = ("theorem t (p q : ℕ) (c : ℝ) (hp : Nat.Prime p) (hq : Nat.Prime q) (hpq : p ≠ q) "
                 "(h₁ : (p : ℝ) ^ 2 - 10 * p + c = 0) (h₂ : (q : ℝ) ^ 2 - 10 * q + c = 0) : c = {}")
    goal, script = _leaf(statement.format(21))
    assert script is not None and "  interval_cases p" in script and "have hprod : p * q = 21 := by" in script
    assert _replays(goal, script)
    assert _leaf(statement.format(25), 8.0)[1] is None   # 5 + 5 = 10, but p ≠ q


def test_prime_roots_with_two_possible_products_get_no_script():
    # 3 + 13 = 5 + 11 = 16: the product is not determined, so no `p * q = P` is claimed
    _, script = _leaf("theorem t (p q : ℕ) (c : ℝ) (hp : Nat.Prime p) (hq : Nat.Prime q) (hpq : p ≠ q) "
                      "(h₁ : (p : ℝ) ^ 2 - 16 * p + c = 0) (h₂ : (q : ℝ) ^ 2 - 16 * q + c = 0) : c = 39", 8.0)
    assert script is None


def test_gauss_sum_as_a_binomial_coefficient_by_induction():
    goal, script = _leaf("theorem t (m : ℕ) : (∑ j ∈ Finset.range m, j) = Nat.choose m 2")
    assert script is not None and script[0] == "induction m with"
    assert "    rw [Finset.sum_range_succ, ih]" in script and script[-1] == "    omega"
    assert _replays(goal, script)
    assert _leaf("theorem t (m : ℕ) : (∑ j ∈ Finset.range m, j) = Nat.choose (m + 1) 2", 5.0)[1] is None


def test_simp_with_a_constant_function_then_norm_num():
    """`simp only [h] <;> norm_num`: h rewritten under the binder, then the closed sum over
    `Finset.range` evaluated exactly; a wrong value, or an interval norm_num does not evaluate, is refused."""
    g = load_theorem("theorem t (w : ℕ → ℝ) (h : ∀ n, w n = 2 / 5) : (∑ k ∈ Finset.range 10, w k) = 4").goal
    assert isinstance(check(g, "simp only [h] <;> norm_num"), CheckedStep)
    g = load_theorem("theorem t (w : ℕ → ℝ) (h : ∀ n, w n = 2 / 5) : (∑ k ∈ Finset.range 10, w k) = 5").goal
    assert isinstance(check(g, "simp only [h] <;> norm_num"), Refused)
    g = load_theorem("theorem t (w : ℕ → ℝ) (h : ∀ n, w n = 2 / 5) : (∑ k ∈ Finset.Icc 1 10, w k) = 4").goal
    assert isinstance(check(g, "simp only [h] <;> norm_num"), Refused)
    g = load_theorem("theorem t (w : ℕ → ℝ) (h : ∀ n, w n = 2 / 5) : (∑ k ∈ Finset.range 10, w k) = 4").goal
    assert isinstance(check(g, "simp only [h] <;> linarith"), Refused)   # only decide +kernel / norm_num follow


def test_congruences_combined_by_the_library():
    goal, script = _leaf("theorem t (p q r s m : ℤ) (h₁ : p ≡ q [ZMOD m]) (h₂ : r ≡ s [ZMOD m]) : p * r ≡ q * s [ZMOD m]")
    assert script == ["have hcong := Int.ModEq.mul h₁ h₂", "exact hcong"] and _replays(goal, script)
    goal, script = _leaf("theorem t (p q r s m : ℕ) (h₁ : p ≡ q [MOD m]) (h₂ : r ≡ s [MOD m]) : p + r ≡ q + s [MOD m]")
    assert script == ["have hcong := Nat.ModEq.add h₁ h₂", "exact hcong"] and _replays(goal, script)
    assert _leaf("theorem t (p q r s m : ℤ) (h₁ : p ≡ q [ZMOD m]) (h₂ : r ≡ s [ZMOD m]) : p * r ≡ q + s [ZMOD m]",
                 5.0)[1] is None


def test_simp_then_norm_num_is_bounded_like_decide_kernel():
    g = load_theorem("theorem t (w : ℕ → ℕ) (h : ∀ n, w n = 2) : (∑ k ∈ Finset.range 1500, w k) = 3000").goal
    assert isinstance(check(g, "simp only [h] <;> norm_num"), Refused)
    g = load_theorem("theorem t (w : ℕ → ℕ) (h : ∀ n, w n = 2) : (∑ k ∈ Finset.range 500, w k) = 1000").goal
    assert isinstance(check(g, "simp only [h] <;> norm_num"), CheckedStep)
