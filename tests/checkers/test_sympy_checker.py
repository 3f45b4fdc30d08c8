from prover.checkers.base import Closed, Rejected, Subgoals
from prover.checkers.sympy_checker import SympyChecker
from prover.state import load_theorem
from prover.tactics.parse import split_script

C = SympyChecker()


def goal(text):
    return load_theorem(text).goal


def test_ring_proves_identities_only():
    assert isinstance(C.apply(goal("theorem t (a b : ℝ) : (a + b) ^ 2 = a ^ 2 + 2 * a * b + b ^ 2"), "ring"), Closed)
    assert isinstance(C.apply(goal("theorem t (a b : ℝ) (h : a = b) : a - b = 0"), "ring"), Rejected)
    assert isinstance(C.apply(goal("theorem t (a b : ℝ) : (a + b) ^ 2 = a ^ 2 + b ^ 2"), "ring"), Rejected)


def test_nlinarith_with_lemma_hint():
    g = goal("theorem t (a b : ℝ) : 2 * a * b ≤ a ^ 2 + b ^ 2")
    r = C.apply(g, "nlinarith [sq_nonneg (a - b)]")
    assert isinstance(r, Closed) and r.certificate.method in ("z3", "groebner", "polynomial-identity")
    assert isinstance(C.apply(goal("theorem t (a b : ℝ) : 3 * a * b ≤ a ^ 2 + b ^ 2"), "nlinarith [sq_nonneg (a - b)]"), Rejected)


def test_structural_tactics():
    r = C.apply(goal("theorem t (x : ℝ) : x = x ∧ 0 ≤ x ^ 2"), "constructor")
    assert isinstance(r, Subgoals) and len(r.goals) == 2
    r = C.apply(goal("theorem t : ∀ x : ℝ, x > 0 → x ≠ 0"), "intro y hy")
    assert isinstance(r, Subgoals) and r.goals[0].hypothesis("hy") is not None
    r = C.apply(goal("theorem t : ∃ x : ℝ, x * x = 49"), "use 7")
    assert isinstance(r, Subgoals) and isinstance(C.apply(r.goals[0], "norm_num"), Closed)
    assert isinstance(C.apply(goal("theorem t : ∃ x : ℕ, x * x = 49"), "intro h"), Rejected)


def test_have_checks_its_proof():
    g = goal("theorem t (x : ℝ) (h : 2 * x = 4) : x ^ 2 = 4")
    r = C.apply(g, "have hx : x = 2 := by linarith")
    assert isinstance(r, Subgoals) and r.goals[0].hypothesis("hx") is not None
    assert isinstance(C.apply(g, "have hx : x = 3 := by linarith"), Rejected)


def test_unknown_tactic_and_hint_are_rejected_with_reason():
    g = goal("theorem t (x : ℝ) : 0 ≤ x ^ 2")
    assert "unknown tactic" in C.apply(g, "frobnicate").reason
    assert "unknown lemma" in C.apply(g, "nlinarith [no_such_lemma x]").reason


def test_split_script():
    assert split_script("constructor\n· norm_num\n· linarith; ring") == ["constructor", "norm_num", "linarith", "ring"]


def test_linear_combination_is_exact():
    g = goal("theorem t (x y : ℝ) (h₀ : x + y = 7) (h₁ : 3 * x + y = 45) : x = 19")
    assert isinstance(C.apply(g, "linear_combination (h₁ - h₀) / 2"), Closed)
    assert isinstance(C.apply(g, "linear_combination h₁ - h₀"), Rejected)  # wrong coefficients


def test_hint_with_hypothesis_arguments():
    g = goal("theorem t (a b : ℝ) (ha : 0 < a) (hb : 0 < b) : 0 < a * b + a")
    assert isinstance(C.apply(g, "nlinarith [mul_pos ha hb]"), Closed)
    g2 = goal("theorem t (a b : ℝ) (ha : a < 0) (hb : 0 < b) : 0 < a * b + 1")
    assert "do not match" in C.apply(g2, "nlinarith [mul_pos ha hb]").reason


def test_all_goals_combinator_closes_only_when_every_case_closes():
    from prover.checkers.base import Closed
    from prover.checkers.sympy_checker import SympyChecker
    from prover.state import load_theorem
    checker = SympyChecker()
    good = load_theorem("theorem t (n x : ℕ) (h : n ≤ 3) (hx : x * n = 5) : n ≠ 2").goal
    assert isinstance(checker.apply(good, "interval_cases n <;> omega", 10), Closed)
    bad = load_theorem("theorem t (n : ℕ) (h : n ≤ 3) : n * n ≠ 4").goal
    assert not isinstance(checker.apply(bad, "interval_cases n <;> omega", 10), Closed)


def test_nat_library_lemma_takes_only_natural_arguments():
    """`Nat.lt_two_pow_self` (Lean core: `n < 2 ^ n`, `n` implicit) is stated for ℕ: at a real
    or an integer it is refused, as Lean's elaborator refuses it, even where the real statement
    would happen to be true; its implicit `n` is given by name, and a positional argument is
    refused (Lean: "function expected")."""
    g = goal("theorem t (n : ℕ) (m : ℕ) (h : 2 ^ (n + 2) ≤ m) : n + 2 < m")
    assert isinstance(C.apply(g, "nlinarith"), Rejected)           # the hint is what closes it
    assert isinstance(C.apply(g, "nlinarith [Nat.lt_two_pow_self (n := n + 2)]"), Closed)
    r = C.apply(g, "have h2 := Nat.lt_two_pow_self (n := n + 2)")  # a library lemma in `have`
    assert isinstance(r, Subgoals) and isinstance(C.apply(r.goals[0], "omega"), Closed)
    assert not isinstance(C.apply(g, "nlinarith [Nat.lt_two_pow_self (n + 2)]"), Closed)
    assert not isinstance(C.apply(g, "nlinarith [Nat.lt_two_pow (n + 2)]"), Closed)   # not Mathlib's name
    assert "type mismatch" in C.apply(goal("theorem t (x : ℝ) : x < 2 ^ x"),
                                      "nlinarith [Nat.lt_two_pow_self (n := x)]").reason
    assert "type mismatch" in C.apply(goal("theorem t (x : ℤ) (n : ℕ) (h : x = n) : x < 2 ^ n"),
                                      "have h2 := Nat.lt_two_pow_self (n := x)").reason
    # the false twin: the hint is true, the goal is not
    assert isinstance(C.apply(goal("theorem t (n : ℕ) : n + 2 < 2 ^ n"), "nlinarith [Nat.lt_two_pow_self (n := n)]"),
                      Rejected)


def test_hypothesis_shadows_library_lemma_in_have():
    g = goal("theorem t (n : ℕ) (sq_nonneg : n = 3) : n + 1 = 4")
    r = C.apply(g, "have h := sq_nonneg")
    assert isinstance(r, Subgoals) and isinstance(C.apply(r.goals[0], "omega"), Closed)


def test_hypothesis_shadows_library_lemma_in_a_hint():
    # Lean applies the hypothesis `sq_nonneg : 0 ≤ a` to (a - b), which fails: no proof.
    g = goal("theorem t (a b : ℝ) (sq_nonneg : 0 ≤ a) : 2 * a * b ≤ a ^ 2 + b ^ 2")
    assert not isinstance(C.apply(g, "nlinarith [sq_nonneg (a - b)]"), Closed)
    assert isinstance(C.apply(g, "nlinarith [sq_nonneg]"), Closed)  # the hypothesis itself, as a fact
    free = goal("theorem t (a b : ℝ) (h : 0 ≤ a) : 2 * a * b ≤ a ^ 2 + b ^ 2")
    assert isinstance(C.apply(free, "nlinarith [sq_nonneg (a - b)]"), Closed)


def test_prime_library_facts_need_a_primality_hypothesis():
    from prover.syntax.printer import show
    g = goal("theorem t (p q : ℕ) (hp : Nat.Prime p) (hq : q = 4) : p ≠ 0")
    r = C.apply(g, "have h := Nat.Prime.eq_two_or_odd hp")
    assert isinstance(r, Subgoals) and show(r.goals[0].hypothesis("h")) == "p = 2 ∨ p % 2 = 1"
    r = C.apply(g, "have h := Nat.Prime.eq_one_or_self_of_dvd hp")
    import re
    assert isinstance(r, Subgoals) and re.match(r"∀ (m✝\S*) : ℕ, \1 ∣ p →", show(r.goals[0].hypothesis("h")))   # any inaccessible name
    assert "do not match" in C.apply(g, "have h := Nat.Prime.two_le hq").reason


def test_premise_lemma_takes_arguments_in_mathlib_order():
    """`pow_pos (H : 0 < a) (n : ℕ)`: the hypothesis first, as Lean elaborates it."""
    g = goal("theorem t (a : ℝ) (n : ℕ) (ha : 0 < a) : 0 < a ^ n + 1")
    assert isinstance(C.apply(g, "nlinarith [pow_pos ha n]"), Closed)
    assert isinstance(C.apply(g, "nlinarith [pow_pos n ha]"), Rejected)
