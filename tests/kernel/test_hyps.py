"""`norm_num at h₁ … [⊢]`, `exact_mod_cast h` and `IsLeast` bounds by cases, as the kernel
checks them (issue 13): what Lean accepts is accepted, and every step Lean would refuse, or
that would leave a goal open, is refused."""

import time

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from prover.checkers.kernel_checker import KernelChecker, certify
from prover.kernel import CheckedStep, Refused, check
from prover.search import reconstruct
from prover.search.casts import cast_leaf
from prover.search.least import bound_by_cases_leaf
from prover.state import load_theorem


def goal(statement):
    return load_theorem(statement).goal


# ---------------------------------------------------------------- norm_num at

NORM_NUM_AT = [
    # (statement, tactic, accepted)
    ("theorem t (h : 2 + 2 = 5) : False", "norm_num at h", True),
    ("theorem t (x : ℝ) (h : (3 : ℝ) * 2 < 5) : x = 7", "norm_num at h", True),
    ("theorem t (h : Nat.sqrt 20 * Nat.sqrt 20 = 20) : 1 = 2", "norm_num at h", True),
    ("theorem t (h : 2 + 2 = 4) : 1 < 2", "norm_num at h ⊢", True),
    ("theorem t (h₁ : 2 + 2 = 4) (h₂ : 7 % 3 = 2) : 2 ∣ 10", "norm_num at h₁ h₂ ⊢", True),
    ("theorem t (h₁ : 2 + 2 = 4) (h₂ : 7 % 3 = 0) : 3 < 2", "norm_num at h₁ h₂ ⊢", True),   # h₂ is False
    # not closing: refused
    ("theorem t (h : 2 + 2 = 4) : False", "norm_num at h", False),            # h becomes True, goal stays
    ("theorem t (h : 2 + 2 = 4) : 2 < 1", "norm_num at h ⊢", False),          # the goal becomes False
    ("theorem t (x : ℕ) (h : x + 2 = 5) : x = 3", "norm_num at h", False),    # simp's normal form: not modelled
    ("theorem t (x : ℕ) (h : x + 2 = 5) : x = 3", "norm_num at h ⊢", False),
    ("theorem t (x : ℕ) (h₁ : 1 = 1) (h : x = 0) : x = 0", "norm_num at h₁ ⊢", False),  # the goal has a variable
    ("theorem t (h : (7 : ℕ) - 9 = 0) : False", "norm_num at h", False),      # ℕ subtraction truncates: True
    ("theorem t (h : (7 : ℤ) - 9 = 0) : False", "norm_num at h", True),
    ("theorem t (h : 2 + 2 = 5) : False", "norm_num at h₉", False),           # no such hypothesis
    ("theorem t (h : 2 + 2 = 5) : False", "norm_num at *", False),            # not modelled
    ("theorem t (h : 2 + 2 = 5) : False", "norm_num at h h", False),
    ("theorem t (h : 2 + 2 = 5) : False", "norm_num at ⊢ h", False),
    ("theorem t (h : True) : 1 < 2", "norm_num at h ⊢", False),
]


@pytest.mark.parametrize("statement,tactic,accepted", NORM_NUM_AT)
def test_norm_num_at(statement, tactic, accepted):
    g = goal(statement)
    assert isinstance(check(g, tactic), CheckedStep) is accepted
    assert KernelChecker().apply(g, tactic).__class__.__name__ == ("Closed" if accepted else "Rejected")


def test_interval_cases_then_norm_num_at():
    g = goal("theorem t (b : ℕ) (h₀ : b < 10) (h₁ : Nat.sqrt (10 * b + 6) * Nat.sqrt (10 * b + 6) = 10 * b + 6) :"
             " b = 3 ∨ b = 1")
    assert certify(g, "interval_cases b <;> norm_num at h₁ ⊢").ok
    # without ⊢ the cases b = 1 and b = 3 keep their goals: refused
    assert not certify(g, "interval_cases b <;> norm_num at h₁").ok
    wrong = goal("theorem t (b : ℕ) (h₀ : b < 10) (h₁ : Nat.sqrt (10 * b + 6) * Nat.sqrt (10 * b + 6) = 10 * b + 6) :"
                 " b = 3")
    assert not certify(wrong, "interval_cases b <;> norm_num at h₁ ⊢").ok


def _nat(op, a, b):
    """Lean's ℕ operations, computed here independently of the kernel."""
    return {"+": a + b, "-": max(a - b, 0), "*": a * b, "/": a // b if b else 0, "%": a % b if b else a}[op]


def _rel(rel, a, b):
    return {"=": a == b, "≠": a != b, "<": a < b, "≤": a <= b}[rel]


closed_fact = st.tuples(st.integers(0, 12), st.sampled_from("+-*/%"), st.integers(0, 12),
                        st.sampled_from(["=", "≠", "<", "≤"]), st.integers(0, 30))


@settings(max_examples=30, deadline=None)
@given(hyp=closed_fact, target=closed_fact, with_goal=st.booleans())
def test_norm_num_at_closes_iff_hypothesis_false_or_target_true(hyp, target, with_goal):
    """Random closed ℕ facts: `norm_num at h` closes exactly when h is false; with `⊢` also
    when the target is true."""
    def text(f):
        a, op, b, rel, c = f
        return f"({a} : ℕ) {op} {b} {rel} {c}"

    def truth(f):
        a, op, b, rel, c = f
        return _rel(rel, _nat(op, a, b), c)

    g = goal(f"theorem t (h : {text(hyp)}) : {text(target)}")
    tactic = "norm_num at h ⊢" if with_goal else "norm_num at h"
    expected = (not truth(hyp)) or (with_goal and truth(target))
    assert isinstance(check(g, tactic), CheckedStep) is expected


# ---------------------------------------------------------------- exact_mod_cast

MOD_CAST = [
    ("theorem t (a : ℕ) (h : (a : ℚ) = 42) : a = 42", True),
    ("theorem t (a b : ℕ) (h : (a : ℝ) + 1 = b * b) : a + 1 = b * b", True),
    ("theorem t (a b : ℕ) (h : (a : ℝ) ^ 2 ≤ 3 * b) : a ^ 2 ≤ 3 * b", True),
    ("theorem t (a : ℤ) (h : (a : ℝ) = -3) : a = -3", True),
    ("theorem t (a b : ℤ) (h : (a : ℚ) - b < 2) : a - b < 2", True),
    ("theorem t (a : ℕ) (h : a = 42) : (a : ℚ) = 42", True),
    ("theorem t (a b : ℕ) (h : (a : ℝ) - 1 = b) : a - 1 = b", False),   # Nat.cast_sub needs 1 ≤ a
    ("theorem t (a : ℕ) (h : (a : ℝ) / 2 = 3) : a / 2 = 3", False),     # ℕ division floors
    ("theorem t (a : ℕ) (h : (a : ℝ) % 2 = 1) : a % 2 = 1", False),
    ("theorem t (a : ℕ) (h : (a : ℚ) = 42) : a = 43", False),
    ("theorem t (a : ℕ) (h : (a : ℚ) = 42) : a ≤ 42", False),           # another relation: not exact
    ("theorem t (a : ℕ) (h : (a : ℚ) = 1 / 2) : a = 0", False),
]


@pytest.mark.parametrize("statement,accepted", MOD_CAST)
def test_exact_mod_cast(statement, accepted):
    g = goal(statement)
    assert isinstance(check(g, "exact_mod_cast h"), CheckedStep) is accepted


def test_exact_mod_cast_needs_a_hypothesis():
    g = goal("theorem t (a : ℕ) (h : (a : ℚ) = 42) : a = 42")
    assert isinstance(check(g, "exact_mod_cast h₇"), Refused)
    assert isinstance(check(g, "exact_mod_cast (h)"), Refused)


term = st.recursive(st.sampled_from(["a", "b", "1", "2", "3"]),
                    lambda inner: st.tuples(inner, st.sampled_from("+-*"), inner), max_leaves=5)


def _show(t, cast):
    if isinstance(t, str):
        return f"({t} : ℚ)" if cast and t in "ab" else t
    return f"({_show(t[0], cast)} {t[1]} {_show(t[2], cast)})"


def _leaves(t):
    return [t] if isinstance(t, str) else _leaves(t[0]) + _leaves(t[2])


def _value(t, env, nat):
    if isinstance(t, str):
        return env[t] if t in "ab" else int(t)
    x, y = _value(t[0], env, nat), _value(t[2], env, nat)
    return {"+": x + y, "-": max(x - y, 0) if nat else x - y, "*": x * y}[t[1]]


@settings(max_examples=30, deadline=None)
@given(t=term, k=st.integers(0, 9))
def test_exact_mod_cast_only_across_equivalent_statements(t, k):
    """`h : T↑ = k` (T with its variables cast to ℚ) and the goal `T = k` over ℕ: whenever the
    kernel accepts `exact_mod_cast h`, the two agree at every sampled point (ℕ subtraction
    truncates; the cast one does not). A term without variables has no cast: h is then over ℕ."""
    if not any(x in ("a", "b") for x in _leaves(t)):
        return
    g = goal(f"theorem t (a b : ℕ) (h : {_show(t, True)} = {k}) : {_show(t, False)} = {k}")
    if isinstance(check(g, "exact_mod_cast h"), CheckedStep):
        for a in range(6):
            for b in range(6):
                env = {"a": a, "b": b}
                assert (_value(t, env, False) == k) == (_value(t, env, True) == k)


def test_cast_finder():
    g = goal("theorem t (a b : ℕ) (h₀ : (5 : ℚ) / 4 * b = a + 3) (h₁ : (b : ℚ) = 4) : a = 2")
    lines = cast_leaf(g, KernelChecker(), time.monotonic() + 10, reconstruct)
    assert lines[-1] == "exact_mod_cast hcast"
    assert certify(g, "\n".join(lines)).ok


# ---------------------------------------------------------------- IsLeast / IsGreatest

LEAST_SCRIPT = ("constructor\n· norm_num\n· intro t ht\n  by_contra hc\n  push_neg at hc\n"
                "  interval_cases t <;> norm_num at ht")


def test_isleast_by_cases():
    assert certify(goal("theorem t : IsLeast {n : ℕ | 0 < n ∧ n % 7 = 3} 3"), LEAST_SCRIPT).ok
    # 10 is in the set but not its least element: the case t = 3 leaves ht true
    assert not certify(goal("theorem t : IsLeast {n : ℕ | 0 < n ∧ n % 7 = 3} 10"), LEAST_SCRIPT).ok
    # 4 is below every member but not a member
    assert not certify(goal("theorem t : IsLeast {n : ℕ | 5 < n ∧ n % 7 = 3} 4"), LEAST_SCRIPT).ok


@settings(max_examples=12, deadline=None)
@given(m=st.integers(2, 9), r=st.integers(0, 8), w=st.integers(0, 20))
@example(m=7, r=3, w=3)
@example(m=5, r=0, w=5)
@example(m=5, r=0, w=0)
@example(m=6, r=5, w=11)
def test_isleast_accepted_only_for_the_least(m, r, w):
    """`IsLeast {n | 0 < n ∧ n % m = r} w` by the by-cases script: checked iff w is the least
    positive n with n % m = r, computed here by enumeration."""
    members = [n for n in range(1, 40) if n % m == r]
    least = members[0] if members else None
    ok = certify(goal(f"theorem t : IsLeast {{n : ℕ | 0 < n ∧ n % {m} = {r}}} {w}"), LEAST_SCRIPT).ok
    assert ok is (least == w)


def test_bound_finder_on_lower_bounds():
    g = goal("theorem t (n : ℕ) (h : 0 < n ∧ Nat.lcm n 4 = 12) : 3 ≤ n")
    lines = bound_by_cases_leaf(g, KernelChecker(), time.monotonic() + 10)
    assert lines is not None and lines[-1].startswith("interval_cases n <;> norm_num at h")
    assert bound_by_cases_leaf(goal("theorem t (n : ℕ) (h : 0 < n ∧ Nat.lcm n 4 = 12) : 4 ≤ n"),
                               KernelChecker(), time.monotonic() + 10) is None   # false: n = 3


# ---------------------------------------------------------------- exponent bounds (Nat.pow_le_pow_right)

def test_exponent_bound_finder():
    from prover.search.integer_bounds import integer_bounds_leaf
    g = goal("theorem t (x y : ℕ) (h₀ : 2 ^ x * 5 ^ y = 200) : x + y = 5")
    lines = integer_bounds_leaf(g, KernelChecker(), time.monotonic() + 20)
    assert lines is not None and any("Nat.pow_le_pow_right" in x for x in lines)
    assert certify(g, "\n".join(lines)).ok


@pytest.mark.parametrize("statement,term,accepted", [
    ("theorem t (x : ℕ) (h : 11 ≤ x) : 2 ^ 11 ≤ 2 ^ x", "Nat.pow_le_pow_right (by norm_num : 2 > 0) h", True),
    ("theorem t (x : ℕ) (h : 11 ≤ x) : 2 ^ x ≤ 2 ^ 11", "Nat.pow_le_pow_right (by norm_num : 2 > 0) h", False),
    ("theorem t (x : ℕ) (h : 11 ≤ x) : 0 ^ 11 ≤ 0 ^ x", "Nat.pow_le_pow_right (by norm_num : 0 > 0) h", False),
    ("theorem t (x : ℕ) (h : x ≤ 11) : 2 ^ 11 ≤ 2 ^ x", "Nat.pow_le_pow_right (by norm_num : 2 > 0) h", False),
])
def test_pow_le_pow_right(statement, term, accepted):
    assert isinstance(check(goal(statement), f"exact {term}"), CheckedStep) is accepted


def test_cases_evaluation_finder():
    from prover.search.least import cases_evaluation_leaf
    g = goal("theorem t (x : ℕ) (h₀ : 1 ≤ x ∧ x ≤ 30) (h₁ : 13 ∣ (∑ k ∈ Finset.range 6, k) + x) : x = 11 ∨ x = 24")
    lines = cases_evaluation_leaf(g, KernelChecker(), time.monotonic() + 20)
    assert lines == ["obtain ⟨h₀_0, h₀_1⟩ := h₀", "interval_cases x <;> norm_num at h₁ ⊢"]
    wrong = goal("theorem t (x : ℕ) (h₀ : 1 ≤ x ∧ x ≤ 30) (h₁ : 13 ∣ (∑ k ∈ Finset.range 6, k) + x) : x = 11")
    assert cases_evaluation_leaf(wrong, KernelChecker(), time.monotonic() + 20) is None


def test_norm_num_and_decide_do_not_unfold_is_least():
    # `IsLeast S a` is a plain `def` (no simp lemma): norm_num/decide refuse it until it is taken
    # apart by constructor/obtain (whnf)
    from prover.checkers.kernel_checker import certify
    from prover.state import load_theorem
    assert not certify(load_theorem("theorem t : ¬ IsLeast {n : ℕ | 1 < n} 1").goal, "norm_num").ok
    assert not certify(load_theorem("theorem t (h : IsGreatest {n : ℕ | n < 5} 7) : False").goal, "norm_num at h").ok
    assert certify(load_theorem("theorem t (h : IsGreatest {n : ℕ | n < 5} 7) : False").goal,
                   "obtain ⟨h1, h2⟩ := h\nnorm_num at h1").ok


def test_decide_on_choose_is_bounded_by_its_call_tree():
    from prover.checkers.kernel_checker import certify
    from prover.state import load_theorem
    for text, ok in (("theorem t : Nat.choose 30 30 = 1", False), ("theorem t : Nat.choose 32 31 = 32", False),
                     ("theorem t : Nat.choose 9 4 = 126", True)):
        assert certify(load_theorem(text).goal, "decide").ok is ok, text
