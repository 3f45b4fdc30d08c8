"""`induction … with` alternatives: matched by label, in any order; the names given replace
the originals. Property: reordering the alternatives or renaming the step's variable and
hypothesis (consistently) never changes the verdict; naming the hypothesis or variable the
script does not bind always fails."""

from hypothesis import given, settings
from hypothesis import strategies as st

from prover.checkers.replay import replay
from prover.state import load_theorem

VARS = ["k", "m", "j", "n", "t₁"]
IHS = ["ih", "hk", "IH", "h₁", "ihk"]


def script(zero_first: bool, k: str, ih: str, step_hint: str, base: str = "rfl") -> str:
    zero = f"| zero => {base}"
    succ = f"| succ {k} {ih} => nlinarith [{step_hint}]"
    alts = [zero, succ] if zero_first else [succ, zero]
    return "induction n with\n" + "\n".join(alts)


@given(st.integers(2, 4), st.booleans(), st.sampled_from(VARS), st.sampled_from(IHS))
@settings(max_examples=25, deadline=None)
def test_order_and_names_do_not_change_the_verdict(c, zero_first, k, ih):
    goal = load_theorem(f"theorem t (n : ℕ) : {c} ^ n ≥ {c - 1} * n + 1").goal
    assert replay(goal, script(zero_first, k, ih, ih), budget_s=8).ok
    # the hypothesis under another name than the one given is unknown
    other = next(x for x in IHS if x != ih)
    assert not replay(goal, script(zero_first, k, ih, other), budget_s=8).ok
    # the bodies under the wrong labels fail: `rfl` cannot prove the step
    swapped = script(zero_first, k, ih, ih).replace("| zero =>", "| ZERO =>").replace("| succ", "| zero")
    swapped = swapped.replace(f"| zero {k} {ih}", "| zero").replace("| ZERO =>", f"| succ {k} {ih} =>")
    assert not replay(goal, swapped, budget_s=8).ok


@given(st.sampled_from([v for v in VARS if v != "n"]), st.sampled_from(IHS))
@settings(max_examples=10, deadline=None)
def test_the_old_variable_is_gone_from_the_step(k, ih):
    goal = load_theorem("theorem t (n : ℕ) : 2 ^ n ≥ n + 1").goal
    assert replay(goal, script(True, k, ih, f"{ih}, sq_nonneg ({k} : ℤ)"), budget_s=8).ok
    assert not replay(goal, script(True, k, ih, f"{ih}, sq_nonneg (n : ℤ)"), budget_s=8).ok


def test_a_name_that_would_shadow_is_refused():
    goal = load_theorem("theorem t (n m : ℕ) (h : m ≤ 5) : 2 ^ n ≥ n + 1").goal
    r = replay(goal, script(True, "m", "ih", "ih"), budget_s=8)
    assert not r.ok and "already used" in r.message
