"""The search's structure: statuses are an enum, a closed goal records a typed certificate,
the checker is injected."""

import time

from prover.checkers.base import Closed, Subgoals
from prover.checkers.sympy_checker import SympyChecker
from prover.decide.auto import Certificate
from prover.kernel.proof import CheckedStep
from prover.policy.base import Proposal
from prover.search.best_first import KernelCertificate, OracleCertificate, SearchTree, Status, search
from prover.state import load_theorem


class Recording(SympyChecker):
    def __init__(self):
        self.calls = []

    def apply(self, goal, tactic, budget_s=10.0):
        self.calls.append(tactic)
        return super().apply(goal, tactic, budget_s)


class Fixed:
    name = "fixed"

    def __init__(self, tactics):
        self.tactics = tactics

    def propose(self, goal, k=16, failed=None):
        return [Proposal(t, -0.1 * i, "test") for i, t in enumerate(self.tactics)]


def test_the_search_applies_tactics_with_the_checker_it_is_given(monkeypatch):
    from prover.search import best_first
    monkeypatch.setattr(best_first, "decide", lambda goal, budget_s=10.0, **kw: None)   # tactics only
    # nor the kernel's own closers on undecided comparisons (`fractions.kernel_direct`)
    monkeypatch.setattr("prover.search.fractions.kernel_direct", lambda *a, **kw: None)
    theorem = load_theorem("theorem t (x y : ℝ) (h₀ : x = 1) (h₁ : y = 2) : x < 3 ∧ y < 3")
    checker = Recording()
    result = search(theorem, timeout_s=20, proposer=Fixed(["constructor", "linarith [h₀, h₁]"]), checker=checker)
    assert result.status == "proved" and result.verdict == "checked"
    assert checker.calls[0] == "constructor" and "linarith [h₀, h₁]" in checker.calls


def test_statuses_are_an_enum_equal_to_their_names():
    assert Status.PROVED == "proved" and str(Status.FAILED) == "failed"
    tree = SearchTree(load_theorem("theorem t (x : ℝ) (h : 1 < x) : 0 < x").goal)
    assert tree.root.status is Status.OPEN


def test_a_goal_the_kernel_closes_records_its_checked_steps():
    tree = SearchTree(load_theorem("theorem t (x : ℝ) (h : 1 < x) : 0 < x").goal)
    tree.close(tree.root, "linarith", Certificate("z3", "", 0.0), "test", time.monotonic() + 5)
    tree.propagate(tree.root)
    assert tree.root.status is Status.PROVED
    cert = tree.root.certificate
    assert isinstance(cert, KernelCertificate) and cert.steps
    assert all(isinstance(s, CheckedStep) and s.rule == "linarith" for s in cert.steps)
    tree.check_invariants()


def test_a_goal_left_true_by_oracle_records_the_oracle_method():
    tree = SearchTree(load_theorem("theorem t (x : ℝ) (h : 1 < x) : 0 < x").goal)
    tree.root.oracle = ("nlinarith", Certificate("z3", "", 0.0), "test")
    tree.root.expanded = True
    tree.fall_back_to_oracle()
    assert tree.root.status is Status.PROVED
    assert tree.root.certificate == OracleCertificate("z3")
    tree.check_invariants()


def test_an_edge_status_is_an_enum():
    theorem = load_theorem("theorem t (x : ℝ) (h : 1 < x) : 0 < x ∧ 0 < x + 1")
    tree = SearchTree(theorem.goal)
    result = SympyChecker().apply(theorem.goal, "constructor")
    assert isinstance(result, Subgoals) and not isinstance(result, Closed)
    from prover.search.best_first import Edge
    edge = Edge("constructor", 0.0, "test", tree.root, [tree.node(g, 1, 0.0) for g in result.goals])
    assert edge.status is Status.OPEN
