"""Speed mechanisms of reconstruction (`prover.search.reconstruct`): a kernel check is made at
most once per goal and tactic in one prove call (refusals found in a time-limited child are
cached too), cheap one-line closers come before the costly finders, a goal whose finders all
failed within their time is not searched again, and the final reconstruction shares the
search's cache. None of them may change what the kernel accepts."""

import time

from hypothesis import given, settings
from hypothesis import strategies as st

from prover.checkers.base import Closed, Rejected
from prover.checkers.kernel_checker import CHECK_STATS, KernelChecker, certify
from prover.search.best_first import search
from prover.search.reconstruct import child_check, reconstruct_leaf
from prover.state import load_theorem


def goal(s):
    return load_theorem(s).goal


def test_child_refusal_is_cached_and_agrees_with_the_kernel():
    g = goal("theorem t (x y : ℝ) (h : x < y) : y < x")
    checker = KernelChecker()
    assert not child_check(g, "linarith", checker, 5.0)
    assert checker.key(g, "linarith") in checker.cache   # recorded: never run again
    before = CHECK_STATS["checks"]
    assert isinstance(checker.close(g, "linarith"), Rejected)
    assert CHECK_STATS["checks"] == before   # answered from the cache
    assert isinstance(KernelChecker().close(g, "linarith"), Rejected)   # the kernel's own answer


def test_child_success_leaves_the_step_to_the_parent():
    g = goal("theorem t (x y : ℝ) (h : x < y) : x < y + 1")
    checker = KernelChecker()
    assert child_check(g, "linarith", checker, 5.0)
    assert checker.key(g, "linarith") not in checker.cache   # the step is issued here, not there
    assert isinstance(checker.close(g, "linarith"), Closed)


@settings(max_examples=15, deadline=None)
@given(st.integers(-5, 5), st.integers(-5, 5), st.booleans())
def test_cached_answers_match_a_fresh_kernel(a, b, strict):
    """Whatever path filled the cache (child or in-process), the answer is the kernel's."""
    op = "<" if strict else "≤"
    g = goal(f"theorem t (x : ℝ) (h : x {op} {a}) : x {op} {b}")
    checker = KernelChecker()
    child_check(g, "linarith", checker, 5.0)
    shared = isinstance(checker.close(g, "linarith"), Closed)
    assert shared == isinstance(KernelChecker().close(g, "linarith"), Closed)
    assert shared == (a < b or a == b)


def test_linear_goal_with_reciprocals_closes_by_linarith_first():
    """1/a, 1/b, 1/c are atoms: one Farkas certificate, before any division finder."""
    g = goal("theorem t (a b c : ℝ) (h₀ : 0 < a ∧ 0 < b ∧ 0 < c) (h₁ : 1 / b + 1 / c = 1 / 3) "
             "(h₂ : 1 / a + 1 / c = 1 / 4) (h₃ : 1 / a + 1 / b = 1 / 5) : "
             "1 / a + 1 / b + 1 / c = 47 / 120")
    started = time.monotonic()
    leaf = reconstruct_leaf(g, "nlinarith", "z3", time.monotonic() + 8, KernelChecker())
    assert leaf.lines == ["linarith"] and not leaf.missing
    assert time.monotonic() - started < 4
    assert certify(g, "linarith").ok


def test_exhausted_goal_is_not_searched_again():
    g = goal("theorem t (x y : ℝ) (h : x ≤ y) : y ≤ x")   # false: every finder fails
    checker = KernelChecker()
    first = reconstruct_leaf(g, "linarith", "z3", time.monotonic() + 8, checker)
    assert first.missing
    assert any(k[0] == "finders exhausted" for k in checker.cache if isinstance(k[0], str))
    before = CHECK_STATS["checks"]
    started = time.monotonic()
    again = reconstruct_leaf(g, "nlinarith [sq_nonneg (x + y + 7), sq_nonneg (x - 3)]", "z3", time.monotonic() + 8, checker)
    assert again.missing
    assert CHECK_STATS["checks"] == before + 1   # only the newly written tactic
    assert time.monotonic() - started < 2


def test_search_result_is_checked_and_replays():
    """A kernel-closed leaf keeps its script through the final reconstruction; the final
    replay (a fresh kernel) accepts the proof."""
    th = load_theorem("theorem t (a b : ℝ) (h₀ : a + b = 3) (h₁ : a - b = 1) : a = 2")
    r = search(th, timeout_s=8)
    assert r.verdict == "checked", r
    assert certify(th.goal, r.proof).ok


def test_root_comparison_keeps_time_for_the_kernel_direct_rules(monkeypatch):
    """With nothing proposed, the decision procedures get the root's whole budget, less
    `ROOT_DIRECT_S` on a comparison (the kernel's positivity / bare nlinarith run after them)."""
    import prover.search.best_first as bf
    from prover.search.fractions import ROOT_DIRECT_S
    shares = []
    monkeypatch.setattr(bf, "decide", lambda goal, budget_s: shares.append(budget_s))
    for statement, reserved in (("theorem t (x : ℝ) (h : 0 ≤ x) : 0 ≤ x ^ 3 + x", True),
                                ("theorem t (x : ℝ) (h : x = 2) : x = 2", False)):
        tree = bf.SearchTree(goal(statement))
        shares.clear()
        bf._open(tree.root, tree, bf.SearchBudget(timeout_s=10), time.monotonic() + 10, whole=True)
        assert shares and (shares[0] <= 10 - ROOT_DIRECT_S + 0.1 if reserved else shares[0] > 9.5)
