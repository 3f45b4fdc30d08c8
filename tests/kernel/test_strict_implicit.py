"""`lowerBounds s = {x | ∀ ⦃a⦄, a ∈ s → x ≤ a}` (and `upperBounds`) bind their element
strict-implicitly (Mathlib/Order/Bounds/Defs.lean): with `hl : u ∈ lowerBounds S` and
`h : 11 ∈ S`, Lean accepts `hl h : u ≤ 11` (the element unified from h's type) and refuses
`hl 11 h` (11 would be the membership proof). The same through `IsLeast S u` (`h₁.2 h`), in
`exact`, `have :=` and hint terms; an explicit `∀ x, x ∈ S → …` written by the user stays explicit."""

import time

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from prover.checkers.kernel_checker import KernelChecker, certify
from prover.state import load_theorem

SET = "(S : Set ℕ) (u : ℕ) (h₀ : ∀ a : ℕ, a ∈ S ↔ 0 < a ∧ a % 6 = 5)"


def ok(statement: str, script: str) -> bool:
    return certify(load_theorem(statement).goal, script).ok


@pytest.mark.parametrize("script,accepted", [
    ("obtain ⟨hm, hl⟩ := h₁\nexact hl h", True),
    ("obtain ⟨hm, hl⟩ := h₁\nexact hl 11 h", False),      # Lean: 11 is not a proof of `?a ∈ S`
    ("exact h₁.2 h", True),
    ("exact h₁.2 11 h", False),
    ("exact h₁.right h", True),
    ("obtain ⟨hm, hl⟩ := h₁\nhave k := hl h\nexact k", True),
    ("obtain ⟨hm, hl⟩ := h₁\nhave k := hl 11 h\nexact k", False),
    ("have k := h₁.2 h\nexact k", True),
    ("have k := h₁.2 11 h\nexact k", False),
    ("obtain ⟨hm, hl⟩ := h₁\nexact hl h₀", False),         # not a proof of a membership in S
])
def test_lower_bound_application(script, accepted):
    assert ok(f"theorem t {SET} (h₁ : IsLeast S u) (h : 11 ∈ S) : u ≤ 11", script) is accepted


def test_the_instance_is_the_one_the_proof_fixes():
    # `hl h` proves `u ≤ 11`, nothing else: not `u ≤ 12`, not `u ≤ 5`
    assert not ok(f"theorem t {SET} (h₁ : IsLeast S u) (h : 11 ∈ S) : u ≤ 12", "exact h₁.2 h")
    assert not ok(f"theorem t {SET} (h₁ : IsLeast S u) (h : 11 ∈ S) : u ≤ 5", "exact h₁.2 h")
    # a membership in another set does not unify with `?a ∈ S`
    assert not ok(f"theorem t {SET} (T : Set ℕ) (h₁ : IsLeast S u) (h : 11 ∈ T) : u ≤ 11", "exact h₁.2 h")


def test_upper_bounds_are_strict_implicit_too():
    stmt = f"theorem t {SET} (h₁ : IsGreatest S u) (h : 11 ∈ S) : 11 ≤ u"
    assert ok(stmt, "exact h₁.2 h")
    assert not ok(stmt, "exact h₁.2 11 h")
    assert not ok(f"theorem t {SET} (h₁ : IsGreatest S u) (h : 11 ∈ S) : u ≤ 11", "exact h₁.2 h")


def test_set_builder_membership_unifies():
    stmt = "theorem t (u : ℕ) (h₁ : IsLeast {n : ℕ | 0 < n ∧ n % 6 = 5} u) : u ≤ 17"
    assert ok(stmt, "have h : 0 < 17 ∧ 17 % 6 = 5 := by norm_num\nexact h₁.2 h")
    assert not ok(stmt, "have h : 0 < 17 ∧ 17 % 6 = 5 := by norm_num\nexact h₁.2 17 h")
    # a true fact that is not the membership at any element
    assert not ok(stmt, "have h : 0 < 17 := by norm_num\nexact h₁.2 h")


def test_explicit_binders_written_by_the_user_stay_explicit():
    stmt = "theorem t (S : Set ℕ) (u : ℕ) (hl : ∀ a, a ∈ S → u ≤ a) (h : 11 ∈ S) : u ≤ 11"
    assert ok(stmt, "exact hl 11 h")
    assert not ok(stmt, "exact hl h")


def test_iff_projections_of_local_hypotheses():
    stmt = f"theorem t {SET} : 11 ∈ S"
    assert ok(stmt, "exact (h₀ 11).mpr (by norm_num)")
    assert not ok(f"theorem t {SET} : 12 ∈ S", "exact (h₀ 12).mpr (by norm_num)")   # 12 % 6 = 0
    assert not ok(stmt, "exact (h₀ 11).mp (by norm_num)")                          # wrong direction
    assert ok(f"theorem t {SET} (h : u ∈ S) : u % 6 = 5", "have k := (h₀ u).mp h\nomega")
    assert not ok(f"theorem t {SET} (h : u ∈ S) : u % 6 = 4", "have k := (h₀ u).mp h\nomega")


def test_lower_bounds_stay_folded_for_simp():
    # `mem_lowerBounds` is not a simp lemma: norm_num at hl does not see through it
    stmt = "theorem t (u : ℕ) (h₁ : IsLeast {n : ℕ | n < 3 ∧ 5 < n} u) : False"
    assert not ok(stmt, "obtain ⟨hm, hl⟩ := h₁\nnorm_num at hl")
    # but a `norm_num at hm` next to it is no matter
    assert ok(stmt, "obtain ⟨hm, hl⟩ := h₁\nobtain ⟨a, b⟩ := hm\nomega")


@settings(max_examples=15, deadline=None)
@given(m=st.integers(2, 9), r=st.integers(0, 8), c=st.integers(0, 30), d=st.integers(0, 30))
@example(m=6, r=5, c=11, d=11)
@example(m=6, r=5, c=11, d=5)
def test_bound_is_the_instance_at_the_membership_proof(m, r, c, d):
    """For every set and witness: `h₁.2 h` with `h : c ∈ S` proves exactly `u ≤ c` (accepted for
    the goal `u ≤ d` iff d = c, whether or not c is in S: the hypothesis says it is); the
    explicit form `h₁.2 c h` is always refused, as Lean refuses it."""
    stmt = (f"theorem t (S : Set ℕ) (u : ℕ) (h₀ : ∀ a : ℕ, a ∈ S ↔ a % {m} = {r}) "
            f"(h₁ : IsLeast S u) (h : {c} ∈ S) : u ≤ {d}")
    g = load_theorem(stmt).goal
    assert certify(g, "exact h₁.2 h").ok is (c == d)
    assert certify(g, "have k := h₁.2 h\nexact k").ok is (c == d)
    assert not certify(g, f"exact h₁.2 {c} h").ok
    assert not certify(g, f"obtain ⟨hm, hl⟩ := h₁\nhave k := hl {c} h\nexact k").ok
    # and the bound is sound: with u ∈ S and the bound, omega only proves u's true least value
    members = [n for n in range(40) if n % m == r]
    if members and c == d and c in members:
        script = "obtain ⟨hm, hl⟩ := h₁\nhave k := hl h\nhave f := (h₀ u).mp hm\nomega"
        assert certify(load_theorem(stmt.replace(f"u ≤ {d}", f"u ≤ {c}")).goal, script).ok


# ------------------------------------------------------------------ the finder (prover.search.least)

def _finder(statement: str):
    from prover.search.least import least_hypotheses_leaf
    return least_hypotheses_leaf(load_theorem(statement).goal, KernelChecker(), time.monotonic() + 20)


def test_least_hypotheses_finder_two_elements():
    stmt = ("theorem t (S : Set ℕ) (u v : ℕ) (h₀ : ∀ a : ℕ, a ∈ S ↔ 0 < a ∧ 13 * a % 30 = 7) "
            "(h₁ : IsLeast S u) (h₂ : IsLeast (S \\ {u}) v) : u + v = {}")
    # 13 * 19 = 247 ≡ 7 (mod 30): u = 19, v = 49
    lines = _finder(stmt.replace("{}", "68"))
    assert lines is not None and "have hx0 : u = 19 := by" in lines and "have hx1 : v = 49 := by" in lines
    assert certify(load_theorem(stmt.replace("{}", "68")).goal, "\n".join(lines)).ok
    assert _finder(stmt.replace("{}", "67")) is None


def test_least_hypotheses_finder_set_builder():
    stmt = "theorem t (u : ℕ) (h : IsLeast {n : ℕ | 3 < n ∧ n ^ 2 % 7 = 2} u) : u = {}"
    assert _finder(stmt.replace("{}", "4")) is not None          # 16 % 7 = 2
    assert _finder(stmt.replace("{}", "3")) is None
    assert _finder(stmt.replace("{}", "10")) is None             # 100 % 7 = 2 too, but not least


@settings(max_examples=8, deadline=None)
@given(m=st.integers(3, 12), r=st.integers(1, 11), guess=st.integers(1, 30))
@example(m=7, r=3, guess=3)
def test_least_hypotheses_finder_only_proves_the_least(m, r, guess):
    stmt = (f"theorem t (S : Set ℕ) (u : ℕ) (h₀ : ∀ a : ℕ, a ∈ S ↔ 0 < a ∧ a % {m} = {r}) "
            f"(h₁ : IsLeast S u) : u = {guess}")
    members = [n for n in range(1, 60) if n % m == r]
    lines = _finder(stmt)
    if lines is not None:
        assert certify(load_theorem(stmt).goal, "\n".join(lines)).ok
    assert (lines is not None) is (bool(members) and members[0] == guess)


# ------------------------------------------------------------------ exponent bounds by divisibility

@pytest.mark.parametrize("k,expected", [(233, True), (232, False), (234, True)])
def test_power_dvd_bound(k, expected):
    # 15 ^ 233 ∣ 942! and not 15 ^ 234: the bound n ≤ k holds iff k ≥ 233
    from prover.search.least import power_dvd_bound_leaf
    g = load_theorem(f"theorem t (n : ℕ) (h : 15 ^ n ∣ 942 !) : n ≤ {k}", header="open Nat").goal
    lines = power_dvd_bound_leaf(g, KernelChecker(), time.monotonic() + 20)
    assert (lines is not None) is expected
    if lines:
        assert certify(g, "\n".join(lines)).ok
        assert "Nat.dvd_trans (Nat.pow_dvd_pow 15 hk0) h" in lines[3]


@pytest.mark.parametrize("term,accepted", [
    ("Nat.dvd_trans (Nat.pow_dvd_pow 2 hk) h", True),
    ("Nat.dvd_trans h (Nat.pow_dvd_pow 2 hk)", False),     # the order of the divisibilities matters
    ("Nat.pow_dvd_pow 2 hk", False),                         # 2 ^ 6 ∣ 2 ^ n, not 2 ^ 6 ∣ 96
])
def test_pow_dvd_pow_and_dvd_trans_signatures(term, accepted):
    stmt = "theorem t (n : ℕ) (h : 2 ^ n ∣ 96) (hk : 6 ≤ n) : 2 ^ 6 ∣ 96"
    assert ok(stmt, f"exact {term}") is accepted


def test_isgreatest_exponent_of_a_divisor_is_checked():
    from prover.api import prove
    r = prove("theorem t : IsGreatest {n : ℕ | 3 ^ n ∣ 5 !} 1", header="open Nat", timeout=10)
    assert r.verdict == "checked"
    r = prove("theorem t : IsGreatest {n : ℕ | 3 ^ n ∣ 5 !} 2", header="open Nat", timeout=10)
    assert r.verdict != "checked"
