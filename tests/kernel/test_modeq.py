"""`simp only [Nat.ModEq, Int.ModEq] at * <;> omega`: the congruences unfolded by their
definitions (`Nat.ModEq n a b := a % n = b % n`, `Int.ModEq n a b := a % n = b % n`), then
omega. Lean's omega alone does not unfold them; simp fails when nothing unfolds; only this
form is modelled. The decision agrees with brute force over a period of the modulus."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from prover.checkers.base import Closed
from prover.checkers.kernel_checker import KernelChecker, certify
from prover.kernel import CheckedStep, check
from prover.search.reconstruct import modeq_candidates
from prover.state import load_theorem

NAT_T = "simp only [Nat.ModEq] at * <;> omega"
INT_T = "simp only [Int.ModEq] at * <;> omega"
BOTH = "simp only [Nat.ModEq, Int.ModEq] at * <;> omega"


def accepted(text: str, tactic: str) -> bool:
    return isinstance(KernelChecker().apply(load_theorem(text).goal, tactic), Closed)


@pytest.mark.parametrize("text, tactic", [
    ("theorem t (n : ℕ) (h : n ≡ 3 [MOD 7]) : (2 * n + 1) % 7 = 0", NAT_T),
    ("theorem t (n : ℕ) (h : n % 7 = 3) : 2 * n + 1 ≡ 0 [MOD 7]", NAT_T),
    ("theorem t (x : ℤ) (h : 4 * x ≡ 0 [ZMOD 10]) : x ≡ 0 [ZMOD 5]", INT_T),
    ("theorem t (x : ℤ) (h : x ≡ 1 [ZMOD 4]) : x ≡ 1 [ZMOD 2]", BOTH),   # an unused name is only a linter warning
    ("theorem t (p : ℕ) (h₁ : p ≡ 2 [ZMOD 3]) (h₂ : p ≡ 1 [ZMOD 4]) : 12 ∣ p + 7", INT_T),
    ("theorem t (a b c : ℤ) (h₁ : a ≡ b [ZMOD 9]) (h₂ : b ≡ c [ZMOD 9]) : a ≡ c [ZMOD 9]", INT_T),
])
def test_lean_proves(text, tactic):
    assert accepted(text, tactic)


@pytest.mark.parametrize("text, tactic", [
    ("theorem t (n : ℕ) (h : n ≡ 3 [MOD 7]) : (2 * n + 1) % 7 = 0", "omega"),       # omega alone: ModEq is opaque
    ("theorem t (x : ℤ) (h : 4 * x ≡ 0 [ZMOD 10]) : x ≡ 0 [ZMOD 5]", "omega"),
    ("theorem t (x : ℤ) (h : 4 * x ≡ 0 [ZMOD 10]) : x ≡ 0 [ZMOD 5]", NAT_T),         # nothing of that kind: no progress
    ("theorem t (n : ℕ) (h : n % 7 = 3) : (2 * n + 1) % 7 = 0", NAT_T),             # no ≡ at all: simp fails
    ("theorem t (n : ℕ) (h : n ≡ 3 [MOD 7]) : (2 * n + 1) % 7 = 1", NAT_T),         # false (n = 3)
    ("theorem t (x : ℤ) (h : 4 * x ≡ 0 [ZMOD 10]) : x ≡ 0 [ZMOD 10]", INT_T),       # false (x = 5)
    ("theorem t (n : ℕ) (h : n ≡ 3 [MOD 7]) : (2 * n + 1) % 7 = 0", "simp only [Nat.ModEq] at h <;> omega"),
    ("theorem t (n : ℕ) (h : n ≡ 3 [MOD 7]) : (2 * n + 1) % 7 = 0", "simp [Nat.ModEq] at * <;> omega"),
    ("theorem t (n : ℕ) (h : n ≡ 3 [MOD 7]) : (2 * n + 1) % 7 = 0", "simp only [Nat.ModEq, Nat.add_mod] at * <;> omega"),
    ("theorem t (n : ℕ) (h : n ≡ 3 [MOD 7]) : (2 * n + 1) % 7 = 0", "simp only [Nat.ModEq] at * <;> linarith"),
    ("theorem t (x : ℤ) (h : x ^ 2 ≡ 1 [ZMOD 8]) : x % 2 = 1", INT_T),              # true, but x ^ 2 is an atom
])
def test_lean_refuses(text, tactic):
    assert not accepted(text, tactic)


def test_cache_does_not_conflate_written_and_congruence():
    """Goals compare equal without positions: `a % n = b % n` written out and `a ≡ b [MOD n]`.
    A checker that proved the first by omega must still refuse omega on the second."""
    checker = KernelChecker()
    written = load_theorem("theorem t (n : ℕ) (h : n % 7 = 3 % 7) : (2 * n + 1) % 7 = 0").goal
    congruence = load_theorem("theorem t (n : ℕ) (h : n ≡ 3 [MOD 7]) : (2 * n + 1) % 7 = 0").goal
    assert written == congruence   # the reason for the key
    assert isinstance(checker.apply(written, "omega"), Closed)
    assert not isinstance(checker.apply(congruence, "omega"), Closed)
    assert isinstance(checker.apply(congruence, NAT_T), Closed)


def test_after_intro_and_interval_cases():
    g = load_theorem("theorem t : ∀ x : ℤ, 2 * x ≡ 0 [ZMOD 6] → x ≡ 0 [ZMOD 6] ∨ x ≡ 3 [ZMOD 6]").goal
    assert certify(g, "intro x hx\n" + INT_T).ok
    assert not certify(g, "intro x hx\nomega").ok
    g = load_theorem("theorem t (x : ℕ) (h₀ : x < 5) (h : 3 * x ≡ 2 [MOD 5]) : x = 4").goal
    assert not certify(g, "interval_cases x <;> omega").ok   # the substituted ≡ stays opaque
    assert certify(g, "interval_cases x <;> " + NAT_T).ok


def test_reconstruction_lists_the_kinds_present():
    g = load_theorem("theorem t (p : ℕ) (h₁ : p ≡ 2 [ZMOD 3]) : p % 3 = 2").goal
    assert modeq_candidates(g) == ["simp only [Set.mem_setOf_eq, Int.ModEq] at * <;> omega"]
    assert modeq_candidates(load_theorem("theorem t (p : ℕ) (h₁ : p % 3 = 2) : p % 3 = 2").goal) == []


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(["MOD", "ZMOD"]), st.integers(1, 12), st.integers(0, 20), st.integers(0, 20),
       st.integers(0, 20), st.integers(2, 12))
def test_agrees_with_brute_force(kind, n, c, r, s, m):
    """`c * x ≡ r [MOD n] → x ≡ s [MOD m]` is accepted exactly when it holds for every x in a
    period of lcm(n, m) (ℤ: Int.emod, nonnegative for a positive modulus)."""
    ty = "ℕ" if kind == "MOD" else "ℤ"
    text = f"theorem t (x : {ty}) (h : {c} * x ≡ {r} [{kind} {n}]) : x ≡ {s} [{kind} {m}]"
    period = n * m
    xs = range(0, period) if ty == "ℕ" else range(-period, period)
    truth = all((x % m) == (s % m) for x in xs if (c * x) % n == r % n)
    tactic = NAT_T if kind == "MOD" else INT_T
    assert accepted(text, tactic) == truth
    assert not isinstance(check(load_theorem(text).goal, "omega"), CheckedStep)   # never without unfolding


# -- mod_cases and Int.ModEq.pow / Nat.ModEq.pow --------------------------------------------

def _cases_script(var: str, n: int, ks, nat: bool) -> str:
    lemma, kind = ("Nat.ModEq.pow", "Nat.ModEq") if nat else ("Int.ModEq.pow", "Int.ModEq")
    case = [f"have hp{k} := {lemma} {k} h" for k in ks] + [f"simp only [{kind}] at * <;> omega"]
    lines = [f"mod_cases h : {var} % {n}"]
    for _ in range(n):
        lines += ["· " + case[0]] + ["  " + x for x in case[1:]]
    return "\n".join(lines)


@pytest.mark.parametrize("text, script", [
    ("theorem t (a : ℤ) : a ^ 2 % 3 = 0 ∨ a ^ 2 % 3 = 1", _cases_script("a", 3, [2], False)),
    ("theorem t (n : ℕ) : 3 ∣ n ^ 3 + 2 * n", _cases_script("n", 3, [3], True)),
    ("theorem t (k : ℤ) : k ^ 2 ≡ 0 [ZMOD 8] ∨ k ^ 2 ≡ 1 [ZMOD 8] ∨ k ^ 2 ≡ 4 [ZMOD 8]", _cases_script("k", 8, [2], False)),
    ("theorem t (y : ℤ) (h₀ : y % 5 = 2) : (y ^ 2 + y ^ 3) % 5 = 2", _cases_script("y", 5, [2, 3], False)),
])
def test_residue_cases_accepted(text, script):
    assert certify(load_theorem(text).goal, script).ok


@pytest.mark.parametrize("text, script", [
    # false: a = 1 gives 1
    ("theorem t (a : ℤ) : a ^ 2 % 3 = 0 ∨ a ^ 2 % 3 = 2", _cases_script("a", 3, [2], False)),
    # without the power's congruence omega has only an atom a ^ 2
    ("theorem t (a : ℤ) : a ^ 2 % 3 = 0 ∨ a ^ 2 % 3 = 1", _cases_script("a", 3, [], False)),
    # Nat.ModEq.pow needs a [MOD] hypothesis; the cases of an integer are [ZMOD]
    ("theorem t (a : ℤ) : a ^ 2 % 3 = 0 ∨ a ^ 2 % 3 = 1", _cases_script("a", 3, [2], True)),
    # omega alone after the powers: the congruences stay opaque
    ("theorem t (a : ℤ) : a ^ 2 % 3 = 0 ∨ a ^ 2 % 3 = 1",
     _cases_script("a", 3, [2], False).replace("simp only [Int.ModEq] at * <;> omega", "omega")),
    # too few cases: the script leaves goals (only the named form with the numeral n is modelled)
    ("theorem t (a : ℤ) : a ^ 2 % 3 = 0 ∨ a ^ 2 % 3 = 1", "mod_cases a % 3"),
    ("theorem t (a : ℤ) : a ^ 2 % 3 = 0 ∨ a ^ 2 % 3 = 1", "mod_cases h : a % 0"),
    ("theorem t (x : ℝ) : x = x", "mod_cases h : x % 3"),
])
def test_residue_cases_refused(text, script):
    assert not certify(load_theorem(text).goal, script).ok


def test_have_pow_needs_a_congruence():
    g = load_theorem("theorem t (a : ℤ) (h : a % 3 = 2) : a ^ 2 % 3 = 1").goal
    assert not isinstance(KernelChecker().apply(g, "have h1 := Int.ModEq.pow 2 h"), Closed)
    r = KernelChecker().apply(g, "mod_cases h : a % 3")
    assert len(r.goals) == 3


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(["ℕ", "ℤ"]), st.integers(1, 9), st.integers(-30, 30))
def test_mod_cases_one_case_per_residue(ty, n, x):
    """The n cases of `mod_cases h : v % n`, evaluated at v = x under Lean's `%` (ℤ: Int.emod),
    hold for exactly one of them, the i with x % n = i: the split covers every value once."""
    from prover.checkers.kernel_checker import mod_cases
    from prover.kernel.evaluate import holds
    from prover.syntax.ast import num, substitute
    if ty == "ℕ":
        x = abs(x)
    g = load_theorem(f"theorem t (v : {ty}) : v = v").goal
    cases = mod_cases(g, f"mod_cases h : v % {n}").goals
    assert len(cases) == n
    truth = [holds(substitute(c.hypothesis("h"), "v", num(x, c.context["v"]))) for c in cases]
    assert truth == [i == x % n for i in range(n)]


def test_set_builder_membership_lemma():
    """`Set.mem_setOf_eq` may be listed (it rewrites `w ∈ {x | p x}` in Lean, which the goal here
    already shows as `p w`); it alone is no progress on a ≡, and no other lemma is taken."""
    g = load_theorem("theorem t : IsLeast {x : ℕ | 0 < x ∧ x ≡ 3 [MOD 4] ∧ x ≡ 2 [MOD 5]} 7").goal
    assert certify(g, "constructor\n· norm_num\n· intro w\n  simp only [Set.mem_setOf_eq, Nat.ModEq] at * <;> omega").ok
    assert not certify(g, "constructor\n· norm_num\n· intro w\n  simp only [Set.mem_setOf_eq] at * <;> omega").ok
    assert not certify(g, "constructor\n· norm_num\n· intro w\n  simp only [Set.mem_def, Nat.ModEq] at * <;> omega").ok


def test_congruence_chain_from_residue_hypotheses():
    """`have hc : p ≡ 3 [ZMOD 7] := by simp only … <;> omega`, then Int.ModEq.add_right / pow /
    mul up the term, then the simp-omega step: accepted when true, and the reconstruction finds it."""
    from prover.search.reconstruct import residue_cases
    import time
    true = "theorem t (p q : ℤ) (h₀ : p % 7 = 3) (h₁ : q % 7 = 5) : (p + 2) ^ 2 * (q + 1) % 7 = 3"
    false = true[:-1] + "5"
    lines = residue_cases(load_theorem(true).goal, KernelChecker(), time.monotonic() + 10)
    assert lines and any("Int.ModEq.mul" in x for x in lines)
    assert certify(load_theorem(true).goal, "\n".join(lines)).ok
    assert not certify(load_theorem(false).goal, "\n".join(lines)).ok
    assert residue_cases(load_theorem(false).goal, KernelChecker(), time.monotonic() + 10) is None
    # a congruence lemma applied to a hypothesis that is not a congruence is refused
    g = load_theorem("theorem t (p : ℤ) (h₀ : p % 7 = 3) : (p + 2) ^ 2 % 7 = 4").goal
    assert not certify(g, "have h := Int.ModEq.add_right 2 h₀\nhave h2 := Int.ModEq.pow 2 h\n"
                          "simp only [Int.ModEq] at * <;> omega").ok
