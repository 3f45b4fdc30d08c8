import pytest

from prover.checkers.replay import replay
from prover.policy.base import FixedProposer
from prover.policy.portfolio import AutomationPortfolio
from prover.search.best_first import SearchBudget, SearchTree, search
from prover.state import load_theorem

from tests.conftest import twins


def replays(goal, r):
    """A `checked` proof replays through the kernel; a `true-by-oracle` one replays with the
    oracle's checker once each `sorry -- true by oracle (M)` stands for the oracle again."""
    import re

    from prover.checkers.kernel_checker import certify
    if r.verdict == "checked":
        return certify(goal, r.proof).ok
    assert r.verdict == "true-by-oracle" and "sorry -- true by oracle" in r.proof and r.oracle
    return replay(goal, re.sub(r"sorry -- true by oracle \([^)]*\)", "norm_num", r.proof)).ok


def test_induction_proof_is_extracted_and_replays():
    t = load_theorem("theorem t (n : ℕ) : 3 ^ n ≥ 2 * n + 1")
    r = search(t, timeout_s=20, proposer=FixedProposer(["induction n"]), debug=True)
    assert r.status == "proved" and r.proof.startswith("induction n with")
    assert replays(t.goal, r)


def test_decision_procedures_alone_cannot_but_search_can():
    t = load_theorem("theorem t (n : ℕ) : 2 ^ n ≥ n + 1")
    assert search(t, timeout_s=3, proposer=FixedProposer([])).status == "failed"
    r = search(t, timeout_s=30, debug=True)
    assert r.status == "proved" and r.expansions >= 2 and replays(t.goal, r)


def test_residue_case_split_with_bullets():
    t = load_theorem("theorem t (a : ℤ) : a ^ 2 % 4 = 0 ∨ a ^ 2 % 4 = 1")
    r = search(t, timeout_s=30, budget=SearchBudget(timeout_s=30, root_decide_share=0.05), debug=True)
    assert r.status == "proved" and replays(t.goal, r)


def test_instantiation_of_functional_equation():
    t = load_theorem("theorem t (f : ℝ → ℝ) (h : ∀ x y, f (x * y) = f x * f y) (h₁ : f 2 ≠ 0) : f 1 = 1")
    r = search(t, timeout_s=30, debug=True)
    assert r.status == "proved" and replays(t.goal, r)


def test_transposition_table_shares_identical_goals():
    t = load_theorem("theorem t (x : ℝ) (h : x = 2) : x ^ 2 = 4 ∧ x ^ 2 = 4")
    tree = SearchTree(t.goal)
    a = tree.node(t.goal.with_target(t.goal.target.args[0]), 1, -1.0)
    b = tree.node(t.goal.with_target(t.goal.target.args[1]), 1, -0.5)
    assert a is b and a.score == -0.5 and len(tree.table) == 2


def test_failed_tactics_are_remembered_and_not_reproposed():
    t = load_theorem("theorem t (x : ℝ) : x ^ 2 + 1 > 0 ∨ False")
    g = t.goal
    props = AutomationPortfolio().propose(g, failed={"rw [Real.sin_sq]": "x"})
    assert all(p.tactic != "rw [Real.sin_sq]" for p in props)


TWINS = twins()


@pytest.mark.parametrize("pair", TWINS, ids=[f"{i}-{p['rule']}" for i, p in enumerate(TWINS)])
def test_false_twin_is_never_proved_under_search(pair):
    r = search(load_theorem(pair["false"]), timeout_s=3)
    assert r.status != "proved" and r.verdict not in ("checked", "true-by-oracle"), (pair["rule"], r.proof)


def test_replay_reports_the_failing_line():
    t = load_theorem("theorem t (x : ℝ) (h : x = 2) : x ^ 2 = 4 ∧ x = 3")
    r = replay(t.goal, "constructor\n· nlinarith\n· nlinarith")
    assert not r.ok and r.line == 3


SEARCH_TWINS = [__import__("json").loads(l) for l in
                (__import__("pathlib").Path(__file__).parents[1] / "data" / "search_twins.jsonl").read_text().splitlines() if l]


def test_search_twins_true_proved_false_refused():
    """Traps for the search features (rewrite side conditions, induction, case splits,
    instantiation): each true statement is proved and replays; each false twin is refused."""
    for pair in SEARCH_TWINS:
        t = load_theorem(pair["true"])
        r = search(t, timeout_s=25)
        assert r.status == "proved" and replays(t.goal, r), pair["rule"]
        assert search(load_theorem(pair["false"]), timeout_s=6).status != "proved", pair["rule"]


def test_the_later_proposer_is_asked_only_when_its_turn_comes():
    import math

    from prover.policy.compose import Staged
    t = load_theorem("theorem t (n : ℕ) : 2 ^ n ≥ n + 1")
    enough_now = Staged(FixedProposer(["induction n"]), FixedProposer(["rcases n with _ | n"]), math.log(0.1))
    r = search(t, timeout_s=20, proposer=enough_now, debug=True)
    assert r.status == "proved" and r.proposer_calls == 1 and "rcases" not in r.proof
    nothing_now = Staged(FixedProposer(["nlinarith"]), FixedProposer(["induction n"]), math.log(0.1))
    r = search(t, timeout_s=20, proposer=nothing_now, debug=True)
    assert r.status == "proved" and r.proof.startswith("induction n") and r.proposer_calls == 2


def test_a_goal_whose_decision_needs_more_than_the_short_pass_is_closed_by_the_deferred_pass(monkeypatch):
    # The decision procedures are slowed here (the only stand-in): below 1 s they spend their
    # whole budget and find nothing, as a procedure that needs 1 s does. The first pass at a goal
    # is 0.5 s, so only the deferred, longer pass can close the two halves of the conjunction.
    import time

    from prover.search import best_first
    t = load_theorem("theorem t (x y : ℝ) (h₀ : x + y = 10) (h₁ : x - y = 2) : x = 6 ∧ y = 4")
    real, budgets = best_first.decide, []

    def slow(goal, budget_s=10.0, **kw):
        budgets.append(budget_s)
        if goal == t.goal or budget_s < 1.0:
            time.sleep(min(budget_s, 1.0))
            return None
        return real(goal, budget_s=budget_s, **kw)
    monkeypatch.setattr(best_first, "decide", slow)
    r = search(t, timeout_s=10, proposer=FixedProposer(["constructor"]), debug=True)
    assert r.status == "proved" and replays(t.goal, r)
    assert [s["source"] for s in r.tactics if s["tactic"] != "constructor"] == ["decision-procedure"] * 2
    assert budgets.count(SearchBudget().node_decide_s) == 2 and budgets.count(SearchBudget().node_decide_more_s) == 2
    # Without the deferred pass, the same search fails.
    budgets.clear()
    r = search(t, timeout_s=6, proposer=FixedProposer(["constructor"]),
               budget=SearchBudget(timeout_s=6, node_decide_more_s=SearchBudget().node_decide_s))
    assert r.status == "failed"


def test_a_tactic_whose_short_check_runs_out_of_time_is_checked_again_for_longer(monkeypatch):
    # The checker is slowed here (the only stand-in): under 1 s it runs out of time, as a check
    # that needs 1 s does. The decision procedures are switched off so the tactic must close it.
    from prover.checkers.base import Timeout
    from prover.checkers.sympy_checker import SympyChecker
    from prover.search import best_first
    budgets = []

    class SlowChecker(SympyChecker):
        def apply(self, goal, tactic, budget_s=2.0):
            budgets.append(budget_s)
            return Timeout(budget_s) if budget_s < 1.0 else super().apply(goal, tactic, budget_s=budget_s)
    monkeypatch.setattr(best_first, "SympyChecker", SlowChecker)
    monkeypatch.setattr(best_first, "decide", lambda goal, budget_s=10.0, **kw: None)
    t = load_theorem("theorem t (a b : ℝ) : 2 * a * b ≤ a ^ 2 + b ^ 2")
    r = search(t, timeout_s=10, proposer=FixedProposer(["nlinarith [sq_nonneg (a - b)]"]), debug=True)
    assert r.status == "proved" and r.tactic_calls == 2
    assert budgets == [SearchBudget().tactic_first_s, SearchBudget().tactic_s]
