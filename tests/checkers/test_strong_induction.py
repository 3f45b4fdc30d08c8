"""Strong induction as Mathlib writes it: `induction n using Nat.strong_induction_on with
| _ k ih => …` (`Nat.strong_induction_on {p} (n) (h : ∀ n, (∀ m < n, p m) → p n) : p n`, its
minor premise named `h`; core's `Nat.strongRecOn` names it `ind`). One goal: `k`, and
`ih : ∀ m, m < k → P m` with the hypotheses mentioning n generalized into P."""

from hypothesis import given, settings
from hypothesis import strategies as st

from prover.checkers.kernel_checker import certify
from prover.checkers.sympy_checker import strong_induction_goals
from prover.state import load_theorem
from prover.syntax.printer import show

CONSTANT = ("theorem t (a : ℕ → ℤ) (h0 : a 0 = {a0}) (h1 : a 1 = {a1}) "
            "(h : ∀ n, a (n + 2) = {p} * a (n + 1) + {q} * a n + {r}) (n : ℕ) : a n = {v}")


def two_step(head="Nat.strong_induction_on", label="_", first="k", second="(k + 1)", v="1"):
    """Strong induction, then `cases` twice: a n = v from the two previous values."""
    return "\n".join([
        f"induction n using {head} with",
        f"| {label} n ih =>",
        "    cases n with",
        "    | zero =>",
        "        exact h0",
        "    | succ k =>",
        "        cases k with",
        "        | zero =>",
        "            exact h1",
        "        | succ k =>",
        f"            have e1 : a k = {v} := by exact ih {first} (by omega)",
        f"            have e2 : a (k + 1) = {v} := by exact ih {second} (by omega)",
        "            have e3 : a (k + 1 + 1) = 2 * a (k + 1) + (-1) * a k + 0 := by exact h k",
        "            rw [e3, e2, e1]",
        "            norm_num"])


def test_the_goal_of_a_strong_induction():
    g = load_theorem("theorem t (m : ℕ) (a : ℕ → ℕ) (n : ℕ) (hn : 2 ≤ n) : a n ≤ a m + n").goal
    step = strong_induction_goals(g, "n", "k", "ih")
    ih = step.hypothesis("ih")
    # the binder avoids the free `m`; the hypothesis mentioning n is generalized and stays, at k
    assert show(ih) == "∀ m' : ℕ, m' < k → 2 ≤ m' → a m' ≤ a m + m'"
    assert show(step.hypothesis("hn")) == "2 ≤ k" and show(step.target) == "a k ≤ a m + k"


def test_certified_in_every_spelling():
    g = load_theorem(CONSTANT.format(a0=1, a1=1, p=2, q=-1, r=0, v=1)).goal
    for head, label in (("Nat.strong_induction_on", "_"), ("Nat.strong_induction_on", "h"),
                        ("Nat.strongRecOn", "ind"), ("Nat.strongRecOn", "_")):
        assert certify(g, two_step(head, label)).ok, (head, label)


def test_refused_forms():
    g = load_theorem(CONSTANT.format(a0=1, a1=1, p=2, q=-1, r=0, v=1)).goal
    assert not certify(g, two_step("Nat.strongRecOn", "h")).ok            # the label is `ind`
    assert not certify(g, two_step(second="(k + 2)")).ok                   # ih holds below n only
    assert not certify(g, two_step(second="(k + 1 + 1)")).ok
    assert not certify(g, two_step(head="Nat.strong_induction")).ok        # no such lemma


@given(st.integers(-2, 2), st.integers(-2, 2), st.integers(-2, 2), st.integers(-2, 2), st.integers(-2, 2),
       st.integers(-2, 2), st.sampled_from(["k", "(k + 1)", "(k + 2)", "(k + 1 + 1)"]),
       st.sampled_from(["k", "(k + 1)", "(k + 2)", "(k + 1 + 1)"]))
@settings(max_examples=60, deadline=None)
def test_certified_only_when_true(a0, a1, p, q, r, v, first, second):
    """Whatever the recurrence, the claimed constant and the instances of ih used, a certified
    script proves a true statement: the sequence is the constant v."""
    g = load_theorem(CONSTANT.format(a0=a0, a1=a1, p=p, q=q, r=r, v=v)).goal
    s = two_step(first=first, second=second, v=str(v)).replace(
        "2 * a (k + 1) + (-1) * a k + 0", f"{p} * a (k + 1) + {q} * a k + {r}")
    if certify(g, s).ok:
        seq = [a0, a1]
        for _ in range(20):
            seq.append(p * seq[-1] + q * seq[-2] + r)
        assert all(x == v for x in seq)
