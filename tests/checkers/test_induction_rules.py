"""Induction on ℕ as Lean runs it: `rw [h]` with a local equation, `kabstract`'s choice of the
instance a rewrite rule matches (refused when Lean's defeq check might pick another one),
`with_reducible rfl` after a ℕ rewrite, `clear`, and `induction n, h using Nat.le_induction`."""

import time

from hypothesis import given, settings
from hypothesis import strategies as st

from prover.checkers.auto_close import rfl_closes
from prover.checkers.base import Closed, Rejected, Subgoals
from prover.checkers.kernel_checker import KernelChecker, certify
from prover.checkers.sympy_checker import SympyChecker, le_induction_goals
from prover.search.induction import induction_leaf
from prover.state import load_theorem
from prover.syntax.printer import show


def goal(text):
    return load_theorem(text).goal


def script(*lines):
    return "\n".join(lines)


SUM_STEP = ("induction n with", "| zero =>", "    norm_num", "| succ n ih =>", "    rw [Finset.sum_range_succ, ih]",
            "    ring")


# -- rw with a local equation ----------------------------------------------------------------
def test_rw_with_an_induction_hypothesis_rewrites_the_smaller_sum():
    g = goal("theorem t (n : ℕ) : ∑ k ∈ Finset.range n, (2 * k + 5) = n ^ 2 + 4 * n")
    assert certify(g, script(*SUM_STEP)).ok
    step = goal("theorem t (n : ℕ) (ih : ∑ k ∈ Finset.range n, (2 * k + 5) = n ^ 2 + 4 * n) : "
                "∑ k ∈ Finset.range n, (2 * k + 5) + (2 * n + 5) = (n + 1) ^ 2 + 4 * (n + 1)")
    r = KernelChecker().apply(step, "rw [ih]")
    assert isinstance(r, Subgoals) and show(r.goals[0].target) == "n ^ 2 + 4 * n + (2 * n + 5) = (n + 1) ^ 2 + 4 * (n + 1)"
    back = goal("theorem t (n : ℕ) (ih : n ^ 2 = ∑ k ∈ Finset.range n, (2 * k + 1)) : "
                "∑ k ∈ Finset.range n, (2 * k + 1) + 1 = n ^ 2 + 1")
    assert isinstance(KernelChecker().apply(back, "rw [← ih]"), Closed)   # `a = a` is closed by rw's rfl


def test_rw_with_a_local_hypothesis_refusals():
    g = goal("theorem t (n : ℕ) (h : n + 2 = 5) (p : n < 4 → n = 3) (q : n ≤ 4) : n + 1 + 1 = 5")
    # `n + 1 + 1 =?= n + 2`: an offset Lean's kabstract may identify with the pattern
    r = SympyChecker().apply(g, "rw [h]")
    assert isinstance(r, Rejected) and "may also match" in r.reason
    for tactic in ("rw [p]", "rw [q]", "rw [nope]"):
        assert isinstance(SympyChecker().apply(g, tactic), Rejected), tactic
    absent = goal("theorem t (n m : ℕ) (h : m * 2 = 6) : n * 3 = 6")
    r = SympyChecker().apply(absent, "rw [h]")
    assert isinstance(r, Rejected) and "instance" in r.reason


# -- kabstract: the first instance in Lean's traversal order -----------------------------------
def test_rw_pow_succ_refused_when_an_earlier_power_may_match():
    """`pow_succ`'s pattern `?a ^ (?n + 1)` unifies with `x ^ 3` (`3 =?= ?n + 1`) and with
    `x ^ (n + 2)` (`isDefEqOffsetNat`): Lean rewrites that first instance, so the step is refused."""
    for text in ("theorem t (x y n : ℕ) : x ^ 3 + y ^ (n + 1) = 0", "theorem t (x y n : ℕ) : x ^ (n + 2) + y ^ (n + 1) = 0",
                 "theorem t (x y : ℝ) (n : ℕ) : x ^ 2 * y ^ (n + 1) = 0"):
        r = SympyChecker().apply(goal(text), "rw [pow_succ]")
        assert isinstance(r, Rejected) and "may also match" in r.reason, text
    # exponents that never unify with `?n + 1` (a variable, `2 * n`, 0) do not stand in the way
    g = goal("theorem t (x y n : ℕ) : x ^ n + x ^ (2 * n) + y ^ (n + 1) = 0")
    r = SympyChecker().apply(g, "rw [pow_succ]")
    assert isinstance(r, Subgoals) and show(r.goals[0].target) == "x ^ n + x ^ (2 * n) + y ^ n * y = 0"


def test_sum_range_succ_refused_on_a_range_lean_may_unify():
    g = goal("theorem t (n : ℕ) : ∑ k ∈ Finset.range (n + 2), k = (n + 2) * (n + 1) / 2")
    r = SympyChecker().apply(g, "rw [Finset.sum_range_succ]")
    assert isinstance(r, Rejected) and "may also match" in r.reason
    h = goal("theorem t (n : ℕ) : ∑ k ∈ Finset.range 3, k + ∑ k ∈ Finset.range (n + 1), k = 0")
    r = SympyChecker().apply(h, "rw [Finset.sum_range_succ]")   # `range 3` is `range (2 + 1)`: it comes first
    assert isinstance(r, Subgoals) and show(r.goals[0].target).startswith("(∑ k ∈ Finset.range 2, k) + 2 +")


# -- with_reducible rfl on ℕ ------------------------------------------------------------------
_LEAF = st.one_of(st.just("n"), st.integers(1, 4).map(str))


def _term(depth):
    if depth == 0:
        return _LEAF
    inner = _term(depth - 1)
    return st.one_of(_LEAF, st.tuples(inner, st.sampled_from(["+", "*", "^"]), inner)
                     .map(lambda t: f"({t[0]} {t[1]} {t[2] if t[1] != '^' else t[2].replace('n', '2')})"))


@settings(max_examples=60, deadline=None)
@given(_term(3), st.integers(1, 3), st.integers(1, 3))
def test_nat_rfl_is_never_refused_where_lean_identifies_the_sides(t, a, b):
    """Lean's reducible defeq evaluates literal arithmetic (`Nat.reduceBinNatOp`) and regroups
    literal offsets (`isDefEqOffsetNat`): `t + a + b` and `t + (a + b)` with the sum folded,
    or `t` and `t` with a closed part evaluated, are never declared apart (False)."""
    g = goal(f"theorem t (n : ℕ) : {t} + {a} + {b} = {t} + {a + b}")
    assert rfl_closes(g.target, g.context) is not False
    g = goal(f"theorem t (n : ℕ) : {t} * ({a} + {b}) = {t} * {a + b}")
    assert rfl_closes(g.target, g.context) is not False


# -- clear and Nat.le_induction ----------------------------------------------------------------
def test_clear_removes_hypotheses_and_refuses_unknown_names():
    g = goal("theorem t (n : ℕ) (h₀ : 0 < n) (h₁ : n < 9) : 9 ∣ 10 ^ n - 1")
    r = SympyChecker().apply(g, "clear h₀ h₁")
    assert isinstance(r, Subgoals) and r.goals[0].hypotheses == ()
    for tactic in ("clear h₂", "clear n", "clear h₀ h₀"):
        assert isinstance(SympyChecker().apply(g, tactic), Rejected), tactic
    assert certify(g, script("clear h₀ h₁", "induction n with", "| zero =>", "    norm_num", "| succ n ih =>",
                             "    have hx : 10 ^ (n + 1) = 10 * 10 ^ n := by ring", "    omega")).ok


def test_le_induction_goals_and_refusals():
    g = goal("theorem t (n : ℕ) (h₀ : 4 ≤ n) (h₁ : n ≠ 7) : 2 ^ n ≤ n !")
    base, step = le_induction_goals(g, "n", "h₀", "n", "hn", "ih")
    assert show(base.target) == "2 ^ 4 ≤ 4 !" and [n for n, _ in base.hypotheses] == ["h₁"]
    assert [(n, show(h)) for n, h in step.hypotheses] == [("hn", "4 ≤ n"), ("ih", "n ≠ 7 → 2 ^ n ≤ n !"),
                                                         ("h₁", "n + 1 ≠ 7")]
    assert show(step.target) == "2 ^ (n + 1) ≤ (n + 1) !"
    for hname in ("h₁", "h₉"):
        try:
            le_induction_goals(g, "n", hname, "n", "hn", "ih")
            raise AssertionError(hname)
        except ValueError:
            pass
    ok = script("induction n, h₀ using Nat.le_induction with", "| base =>", "    norm_num", "| succ n hn ih =>",
                "    rw [Nat.factorial_succ]", "    have hx : 2 ^ (n + 1) = 2 * 2 ^ n := by ring", "    nlinarith")
    plain = goal("theorem t (n : ℕ) (h₀ : 4 ≤ n) : 2 ^ n ≤ n !")
    assert certify(plain, ok).ok
    assert not certify(goal("theorem t (n : ℕ) (h₀ : 3 ≤ n) : 2 ^ n ≤ n !"), ok.replace("4", "3")).ok
    assert not certify(plain, ok.replace("| base =>", "| zero =>")).ok


# -- the reconstruction ------------------------------------------------------------------------
def _leaf(text, seconds=30):
    return induction_leaf(goal(text), KernelChecker(), time.monotonic() + seconds, lambda g: None)


def test_induction_scripts_for_each_shape():
    for text in ("theorem t (n : ℕ) : ∑ k ∈ Finset.range n, (2 * k + 5) = (n + 2) ^ 2 - 4",
                 "theorem t (n : ℕ) : ∑ k ∈ Finset.range n, (1 : ℝ) / ((k + 2) * (k + 3)) = n / (2 * (n + 2))",
                 "theorem t (n : ℕ) : 5 ∣ 6 ^ n + 4",
                 "theorem t (n : ℕ) (h₀ : 0 < n) : 4 ∣ 8 ^ n",
                 "theorem t (n : ℕ) (h₀ : 4 ≤ n) : 2 ^ n ≤ n !",
                 "theorem t (n : ℕ) (ih : 4 ≤ n → n ^ 2 ≤ n !) (h₀ : 4 ≤ n + 1) : (n + 1) ^ 2 ≤ (n + 1) !",
                 "theorem t (n : ℕ) (h₀ : 0 < n) : ¬ 7 ∣ 4 ^ n + 2"):
        lines = _leaf(text)
        assert lines is not None, text
        assert certify(goal(text), "\n".join(lines)).ok, text


def test_no_induction_script_for_false_statements():
    for text in ("theorem t (n : ℕ) : ∑ k ∈ Finset.range (n + 1), (2 * k + 5) = n ^ 2 + 4 * n",
                 "theorem t (n : ℕ) : ∑ k ∈ Finset.range n, (2 * k - 1) = n ^ 2 - 2 * n",
                 "theorem t (n : ℕ) : 4 ∣ 8 ^ n",
                 "theorem t (n : ℕ) (h₀ : 3 ≤ n) : 2 ^ n ≤ n !",
                 "theorem t (n : ℕ) : ¬ 7 ∣ 4 ^ n + 3"):
        assert _leaf(text, 10) is None, text


def test_residue_invariant_by_induction():
    """`¬ 7 ∣ 4 ^ n + 2` needs the residues of `4 ^ n` (1, 4, 2): an invariant proved by
    induction inside `have` (with the hypotheses on n cleared there), then omega."""
    lines = _leaf("theorem t (n : ℕ) (h₀ : 0 < n) : ¬ 7 ∣ 4 ^ n + 2")
    assert lines[0] == "have hr1 : 4 ^ n % 7 = 1 ∨ 4 ^ n % 7 = 2 ∨ 4 ^ n % 7 = 4 := by"
    assert lines[1] == "  clear h₀" and lines[-1] == "omega"
    # a residue left out of the invariant makes its induction step fail
    g = goal("theorem t (n : ℕ) : ¬ 7 ∣ 4 ^ n + 2")
    wrong = "\n".join(["have hr : 4 ^ n % 7 = 1 ∨ 4 ^ n % 7 = 4 := by"] + lines[2:-1] + ["omega"])
    assert not certify(g, wrong).ok


def test_joint_residue_invariant_relates_the_exponent_residue():
    """`7 ∣ 2 ^ m - 1 ⊢ 3 ∣ m`: the residues of `2 ^ m` modulo 7 are periodic with period 3 from
    the start, so `(m % 3 = 0 ∧ 2 ^ m % 7 = 1) ∨ …` is proved by induction, then omega."""
    lines = _leaf("theorem t (m : ℕ) (h₀ : 7 ∣ 2 ^ m - 1) : 3 ∣ m")
    assert lines[0].startswith("have hr1 : (m % 3 = 0 ∧ 2 ^ m % 7 = 1) ∨") and lines[-1] == "omega"
    g = goal("theorem t (m : ℕ) (h₀ : 7 ∣ 2 ^ m - 1) : 3 ∣ m")
    # a wrong pairing of residues fails the induction step
    wrong = "\n".join(["have hr : (m % 3 = 0 ∧ 2 ^ m % 7 = 1) ∨ (m % 3 = 1 ∧ 2 ^ m % 7 = 4) ∨ "
                       "(m % 3 = 2 ∧ 2 ^ m % 7 = 2) := by"] + lines[1:-1] + ["omega"])
    assert not certify(g, wrong).ok
    assert _leaf("theorem t (m : ℕ) (h₀ : 7 ∣ 2 ^ m - 1) : 6 ∣ m") is None


_EXPONENTS = ["0", "1", "2", "3", "n", "n + 1", "n + 2", "2 * n", "2 * n + 1"]


def _lean_matches_succ(e: str) -> bool:
    """Does Lean's `isDefEq` unify the exponent with `?n + 1` (a literal ≥ 1, or `t + k`, k ≥ 1)?"""
    return e not in ("0", "n", "2 * n")


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(_EXPONENTS), min_size=1, max_size=3))
def test_rw_pow_succ_rewrites_only_lean_s_first_instance(exponents):
    """Whatever the exponents, an accepted `rw [pow_succ]` rewrote the first power (in
    `kabstract`'s order) whose exponent Lean unifies with `?n + 1`; with none, it is refused."""
    bases = ["x", "y", "z"][:len(exponents)]
    text = " + ".join(f"{b} ^ ({e})" for b, e in zip(bases, exponents))
    g = goal(f"theorem t (x y z n : ℕ) : {text} = 0")
    r = SympyChecker().apply(g, "rw [pow_succ]")
    first = next((i for i, e in enumerate(exponents) if _lean_matches_succ(e)), None)
    if first is None:
        assert isinstance(r, Rejected)
        return
    if isinstance(r, Rejected):
        return   # refusing is always allowed
    after = show(r.goals[0].target) if isinstance(r, Subgoals) else ""
    assert f"{bases[first]} ^ " in after and all(
        f"{b} ^ ({e})" in text for b, e in zip(bases, exponents))
    # the first matchable power is now `b ^ k * b`; every earlier one is unchanged
    assert f" * {bases[first]}" in after, (text, after)
    for i in range(first):
        assert f" * {bases[i]}" not in after, (text, after)
