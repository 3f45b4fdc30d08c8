"""The closings Lean runs by itself: `use`'s discharger and `rw`'s `with_reducible rfl`.

A script written as if the goal stayed open is refused ("no goals left"); a goal that might or
might not be closed (ℕ literal arithmetic, casts, ...) makes the step refused."""

from hypothesis import given, settings
from hypothesis import strategies as st

from prover.checkers.auto_close import rfl_closes, use_discharges
from prover.checkers.base import Closed, Rejected, Subgoals
from prover.checkers.kernel_checker import KernelChecker, certify
from prover.checkers.sympy_checker import SympyChecker
from prover.kernel.evaluate import NotEvaluable, value
from prover.state import load_theorem
from prover.syntax.ast import alpha_equal


def goal(text):
    return load_theorem(text).goal


def test_use_closes_a_goal_rfl_proves_and_the_next_tactic_is_refused():
    g = goal("theorem t : ∃ x : ℕ, x = 2")
    for checker in (SympyChecker(), KernelChecker()):
        assert isinstance(checker.apply(g, "use 2"), Closed)
    assert certify(g, "use 2").ok
    for extra in ("rfl", "norm_num", "decide"):
        c = certify(g, f"use 2\n{extra}")
        assert not c.ok and "no goals" in c.message


def test_use_discharger_closes_by_assumption():
    g = goal("theorem t (y : ℝ) (h : 0 < y) : ∃ x : ℝ, 0 < x")
    assert certify(g, "use y").ok
    assert not certify(g, "use y\nexact h").ok
    assert not certify(g, "use y\nlinarith").ok


def test_use_leaves_open_what_reducible_rfl_cannot_close():
    # ℝ and ℤ arithmetic stops at opaque operations (Mathlib's `use 1, 2, 3; rfl` test on ℤ)
    for text in ("theorem t : ∃ x : ℝ, 2 * x = 4", "theorem t : ∃ x : ℤ, 2 * x = 4",
                 "theorem t : ∃ x : ℝ, x > 0 ∧ x < 3", "theorem t : ∃ x : ℕ, x > 0 ∧ x < 3"):
        g = goal(text)
        r = KernelChecker().apply(g, "use 1" if "<" in text else "use 2")
        assert isinstance(r, Subgoals), (text, r)
    assert certify(goal("theorem t : ∃ x : ℝ, 2 * x = 4"), "use 2\nnorm_num").ok
    assert certify(goal("theorem t : ∃ x : ℕ, x > 0 ∧ x < 3"), "use 1\nconstructor <;> norm_num").ok


def test_use_with_closed_nat_arithmetic_is_refused_as_unclear():
    # `with_reducible rfl` may evaluate ℕ literals (`2 * 2 = 4`): neither answer is modelled
    g = goal("theorem t : ∃ x : ℕ, 2 * x = 4")
    r = SympyChecker().apply(g, "use 2")
    assert isinstance(r, Rejected) and "discharger" in r.reason
    assert not certify(g, "use 2\nnorm_num").ok and not certify(g, "use 2").ok


def test_rw_closes_a_goal_left_as_a_equals_a():
    g = goal("theorem t (x : ℝ) (n : ℕ) : x ^ (n + 1) = x ^ n * x")
    assert isinstance(KernelChecker().apply(g, "rw [pow_succ]"), Closed)
    assert certify(g, "rw [pow_succ]").ok
    for extra in ("rfl", "ring"):
        c = certify(g, f"rw [pow_succ]\n{extra}")
        assert not c.ok and "no goals" in c.message


def test_rw_leaves_the_goal_open_when_rfl_surely_fails():
    g = goal("theorem t (x : ℝ) (n : ℕ) : x ^ (n + 1) = x * x ^ n")
    r = KernelChecker().apply(g, "rw [pow_succ]")
    assert isinstance(r, Subgoals) and len(r.goals) == 1
    assert certify(g, "rw [pow_succ]\nring").ok
    h = goal("theorem t (x : ℝ) (n : ℕ) (h : 0 ≤ x ^ n * x) : 0 ≤ x ^ (n + 1)")
    assert certify(h, "rw [pow_succ]\nexact h").ok


def test_rw_leaves_a_divisibility_open_when_its_sides_differ():
    """`dvd_refl` is `@[refl]`: `with_reducible rfl` needs the two sides definitionally equal,
    which sides of different values never are."""
    g = goal("theorem t (n : ℕ) : 2 ∣ 4 ^ (n + 1)")
    assert certify(g, "rw [pow_succ]\nomega").ok
    assert rfl_closes(goal("theorem t (n : ℕ) : 2 ∣ 4 ^ n * 4").target, {"n": "ℕ"}) is False
    assert rfl_closes(goal("theorem t (n : ℕ) : n ∣ n").target, {"n": "ℕ"}) is not False


def test_rw_on_unclear_nat_goal_is_refused():
    # `x ^ n * x = x ^ n * x + 0`: whether reducible defeq sees through `+ 0` is not modelled
    g = goal("theorem t (x n : ℕ) : x ^ (n + 1) = x ^ n * x + 0")
    r = SympyChecker().apply(g, "rw [pow_succ]")
    assert isinstance(r, Rejected) and "rfl" in r.reason
    # offsets and literal arithmetic: `isDefEqOffsetNat`, `Nat.reduceBinNatOp`
    for text in ("theorem t (n : ℕ) : n + 2 = n + 1 + 1", "theorem t : 2 * 3 = 6",
                 "theorem t (n : ℕ) : (∑ k ∈ Finset.range n, (k + 1 + 1)) = ∑ k ∈ Finset.range n, (k + 2)"):
        assert rfl_closes(goal(text).target, goal(text).context) is None, text


def test_rw_leaves_open_nat_goals_with_different_opaque_heads():
    """`Nat.add`, `Nat.mul`, `Nat.pow`, `Finset.sum`, `Nat.factorial` are plain definitions:
    `with_reducible rfl` never unfolds them, so sides with different heads (after literal
    arithmetic and offsets) stay apart and the goal stays open."""
    for text in ("theorem t (x n : ℕ) : x ^ n * x = x * x ^ n",
                 "theorem t (n : ℕ) : n ^ 2 + (2 * n + 1) = (n + 1) ^ 2",
                 "theorem t (n : ℕ) : n + 3 = n + 1 + 1",
                 "theorem t (n : ℕ) : (∑ k ∈ Finset.range n, (2 * k + 1)) + (2 * n + 1) = (n + 1) ^ 2",
                 "theorem t (n : ℕ) : (n + 1) ^ 2 ≤ (n + 1) * n !",
                 "theorem t (n : ℕ) : (n : ℝ) / (n + 1) + 1 / ((n + 1) * (n + 2)) = (n + 1) / (n + 1 + 1)"):
        assert rfl_closes(goal(text).target, goal(text).context) is False, text
    g = goal("theorem t (n : ℕ) : ∑ k ∈ Finset.range (n + 1), (2 * k + 1) = (n + 1) ^ 2")
    r = KernelChecker().apply(g, "rw [Finset.sum_range_succ]")
    assert isinstance(r, Subgoals) and len(r.goals) == 1


def test_rw_side_goals_stay_when_the_main_goal_closes():
    g = goal("theorem t (x : ℝ) (h : 0 < x) : Real.exp (Real.log x) = x")
    r = KernelChecker().apply(g, "rw [Real.exp_log]")
    assert isinstance(r, Subgoals) and len(r.goals) == 1 and r.goals[0].target == g.hypothesis("h")
    assert certify(g, "rw [Real.exp_log]\nassumption").ok
    assert not certify(g, "rw [Real.exp_log]\nrfl\nassumption").ok


# -- properties -------------------------------------------------------------------------
_NAT_TERMS = st.recursive(
    st.integers(0, 6).map(str),
    lambda inner: st.tuples(inner, st.sampled_from(["+", "*"]), inner).map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
    max_leaves=4)


@settings(max_examples=40, deadline=None)
@given(_NAT_TERMS, _NAT_TERMS, st.sampled_from(["ℕ", "ℤ", "ℝ"]))
def test_rfl_verdicts_are_never_wrong_on_closed_arithmetic(a, b, ty):
    """Closed: only `a = a`. Open: only a false equation, or ℤ/ℝ where arithmetic is opaque.
    ℕ (literal evaluation) with a true equation that is not syntactic: never a verdict."""
    target = goal(f"theorem t : ({a} : {ty}) = ({b} : {ty})").target
    verdict = rfl_closes(target, {})
    lhs, rhs = target.args
    try:
        equal = value(lhs) == value(rhs)
    except NotEvaluable:
        return
    if verdict is True:
        assert alpha_equal(lhs, rhs)
    if alpha_equal(lhs, rhs):
        assert verdict is True
    elif equal and ty == "ℕ":
        assert verdict is None
    if not equal:
        assert verdict is False


@settings(max_examples=30, deadline=None)
@given(st.integers(0, 5), st.integers(0, 5), st.sampled_from(["ℕ", "ℤ", "ℝ"]))
def test_use_never_leaves_open_a_goal_its_discharger_may_close(w, k, ty):
    """After `use w` on `∃ x, x + k = c`: a checker `Subgoals` only when the equation is false
    at `w` or the type's arithmetic is opaque; `Closed` only for a syntactic `a = a`."""
    c = w + k
    g = goal(f"theorem t : ∃ x : {ty}, x + {k} = {c}")
    r = SympyChecker().apply(g, f"use {w}")
    if isinstance(r, Subgoals):
        assert ty != "ℕ"
    else:
        assert ty == "ℕ" and isinstance(r, Rejected)   # `w + k = c` is never syntactically `a = a`
    verdict, _ = use_discharges(goal(f"theorem t : ({w} : {ty}) + {k} = {c}").target, (), {})
    assert verdict is (None if ty == "ℕ" else False)


def test_rw_with_transcendental_heads():
    """`Real.sin`/`Real.cos` are plain definitions: `with_reducible rfl` compares their
    applications by head and arguments, so `sin B * cos C + cos B * sin C` is not `sin B * cos C
    + sin C * cos B` (the goal stays open) but is itself (the goal closes)."""
    swapped = goal("theorem t (B C : ℝ) : Real.sin (B + C) = Real.sin B * Real.cos C + Real.sin C * Real.cos B")
    assert certify(swapped, "rw [Real.sin_add]\nring").ok
    same = goal("theorem t (B C : ℝ) : Real.sin (B + C) = Real.sin B * Real.cos C + Real.cos B * Real.sin C")
    assert certify(same, "rw [Real.sin_add]").ok
    assert not certify(same, "rw [Real.sin_add]\nring").ok   # Lean: no goals


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 9), st.integers(1, 5), st.integers(1, 4))
def test_real_powers_are_opaque_heads(a, p, n):
    """`x ^ (y : ℝ)` is `Real.rpow x y` (irreducible; round 12): never identified with a monoid
    power `x ^ n`, even where the values agree (`2 ^ (2 : ℝ) = 2 ^ 2`), and identified with
    itself only through equal arguments."""
    from prover.checkers.auto_close import surely_apart
    rp = goal(f"theorem t : ({a} : ℝ) ^ (({p} : ℝ) / 2) = 0").target.args[0]
    rn = goal(f"theorem t : ({a} : ℝ) ^ {n} = 0").target.args[0]
    assert surely_apart(rp, rn, {}) and surely_apart(rn, rp, {})
    assert not surely_apart(rp, rp, {})
    other = goal(f"theorem t : ({a} : ℝ) ^ (({p + 1} : ℝ) / 2) = 0").target.args[0]
    assert surely_apart(rp, other, {})
