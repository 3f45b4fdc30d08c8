"""`rw [h]`/`rw [← h]`/`rw [h] at w` with a local hypothesis (Lean core's `Lean.MVarId.rewrite`,
kabstract's first instance in pre-order), and its refusals where our syntactic matching could
differ from Lean's matching up to reducible defeq."""

from hypothesis import given, settings
from hypothesis import strategies as st

from prover.checkers.base import Closed, Rejected, Subgoals
from prover.checkers.kernel_checker import KernelChecker, certify
from prover.state import load_theorem
from prover.syntax.printer import show


def goal(text):
    return load_theorem(text).goal


def test_rewrite_hypothesis_at_hypothesis():
    g = goal("theorem t (f : ℝ → ℝ) (h : f 2 = 5) (w : f (f 2) = 7) : f 5 = 7")
    r = KernelChecker().apply(g, "rw [h] at w")
    assert isinstance(r, Subgoals) and show(r.goals[0].hypothesis("w")) == "f 5 = 7"
    assert certify(g, "rw [h] at w\nexact w").ok


def test_rewrite_reverse_and_forall_instance():
    g = goal("theorem t (f : ℝ → ℝ) (x : ℝ) (h₀ : ∀ y, f y = 3 * y) (h : f (x + 1) = x) : 3 * (x + 1) = x")
    r = KernelChecker().apply(g, "rw [h₀] at h")
    assert isinstance(r, Subgoals) and show(r.goals[0].hypothesis("h")) == "3 * (x + 1) = x"
    r = KernelChecker().apply(g, "rw [← h]")   # a variable pattern: every occurrence (`Expr.abstract`)
    assert isinstance(r, Subgoals) and show(r.goals[0].target) == "3 * (f (x + 1) + 1) = f (x + 1)"


def test_premises_become_side_goals_in_order():
    g = goal("theorem t (f : ℝ → ℝ) (h₀ : ∀ x > 0, ∀ y > 0, f (x * y) = f x / y) : f (2 * 3) = f 2 / 3")
    r = KernelChecker().apply(g, "rw [h₀]")
    assert isinstance(r, (Subgoals, Closed))
    goals = r.goals if isinstance(r, Subgoals) else ()
    assert [show(x.target) for x in goals][-2:] == ["(2 : ℝ) > 0", "(3 : ℝ) > 0"]


def test_equiv_inverse_by_left_inv():
    g = goal("theorem t (σ : Equiv ℝ ℝ) (h : ∀ x, σ.1 x = 2 * x + 1) : σ.2 7 = 3")
    script = "\n".join(["have e : σ.1 3 = 2 * 3 + 1 := by exact h 3", "have v : σ.1 3 = 7 := by norm_num [e]",
                        "have w := σ.left_inv 3", "rw [v] at w", "exact w"])
    assert certify(g, script).ok
    wrong = script.replace("σ.left_inv", "σ.right_inv")   # σ.1 (σ.2 3) = 3: no σ.1 3 to rewrite
    assert not certify(g, wrong).ok


def test_refusals():
    kc = KernelChecker()
    # an Equiv field is not a rewrite rule here (its statement is `Function.LeftInverse …`)
    g = goal("theorem t (σ : Equiv ℝ ℝ) : σ.2 (σ.1 2) = 2")
    assert isinstance(kc.apply(g, "rw [σ.left_inv]"), Rejected)
    # pattern not found
    g = goal("theorem t (f : ℝ → ℝ) (h : f 2 = 5) : f 3 = 5")
    assert isinstance(kc.apply(g, "rw [h]"), Rejected)
    # ℕ: `f (1 + 1)` is `f 2` up to reducible defeq (Nat literal arithmetic): unsure, refused
    g = goal("theorem t (f : ℕ → ℕ) (h : f 2 = 5) : f (1 + 1) + f 2 = 10")
    assert isinstance(kc.apply(g, "rw [h]"), Rejected)
    # `x⁻¹` is elaborated as `1 / x`, another head than Lean's `Inv.inv`
    g = goal("theorem t (x : ℝ) (h : 1 / x = 2) : x⁻¹ = 2")
    assert isinstance(kc.apply(g, "rw [h]"), Rejected)
    # a binder the pattern leaves undetermined
    g = goal("theorem t (f g : ℝ → ℝ) (h : ∀ x y, f x = g y) : f 1 = g 2")
    assert isinstance(kc.apply(g, "rw [h]"), Rejected)
    # a hypothesis rewritten with itself
    g = goal("theorem t (f : ℝ → ℝ) (h : f 2 = 5) : f 2 = 5")
    assert isinstance(kc.apply(g, "rw [h] at h"), Rejected)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 3), st.integers(0, 3)), min_size=1, max_size=4), st.integers(0, 3))
def test_nat_rewrite_leaves_no_equal_valued_call(args, c):
    """Over ℕ, after a successful `rw [h]` with `h : f c = 9`, no call `f t` with `t` equal to
    c in value is left (Lean's kabstract would have rewritten it): either all went, or refused."""
    terms = " + ".join(f"f ({a} + {b})" if b else f"f {a}" for a, b in args)
    g = goal(f"theorem t (f : ℕ → ℕ) (h : f {c} = 9) : {terms} = 0")
    r = KernelChecker().apply(g, "rw [h]")
    if isinstance(r, Subgoals):
        from prover.kernel.evaluate import value
        left = [x for x in r.goals[0].target.walk() if x.op == "apply" and x.value == "f"]
        assert all(value(x.args[0]) != c for x in left)


def test_numeral_patterns_are_refused():
    """`rw [← h]` with `h : f 2 = 5` has the pattern `5`: the front end writes numerals Lean does
    not have (`Nat.succ n` as `n + 1`), so a numeral pattern is refused."""
    g = goal("theorem t (f : ℝ → ℝ) (h : f 2 = 5) : 5 = f 2")
    assert isinstance(KernelChecker().apply(g, "rw [← h]"), Rejected)
