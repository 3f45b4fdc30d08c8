"""Proved theorems used as lemmas: the real checker, replay and search, no mocks."""

import pytest

from prover.checkers.base import Closed, Rejected, Subgoals
from prover.checkers.sympy_checker import SympyChecker
from prover.policy.compose import build_proposer
from prover.policy.memory import lemma_applications
from prover.search.best_first import search
from prover.search.direct import lean_file
from prover.state import load_theorem
from prover.tactics.learned import LearnedLemma, LemmaEnvironment

POW = LearnedLemma("pow_ge_succ", "theorem pow_ge_succ (n : ℕ) : 2 ^ n ≥ n + 1",
                   "induction n with\n| zero =>\n    norm_num\n| succ n ih =>\n    rw [pow_succ]\n    nlinarith")
AMGM = LearnedLemma("amgm_div", "theorem amgm_div (a b : ℝ) (ha : 0 < a) (hb : 0 < b) : a * b ≤ (a + b) ^ 2 / 4",
                    "nlinarith [sq_nonneg (a - b)]")


@pytest.fixture
def lemmas():
    """The learned lemmas of one test: an explicit environment, given to its checkers."""
    return LemmaEnvironment()


def C(environment):
    return SympyChecker(environment=environment)


def goal(text):
    return load_theorem(text).goal


def test_have_instance_of_a_learned_lemma_gives_its_statement_at_the_arguments(lemmas):
    lemmas.add(POW)
    g = goal("theorem u (m : ℕ) : 2 ^ (m + 3) ≥ m + 4")
    r = C(lemmas).apply(g, "have hl := pow_ge_succ (m + 3)")
    assert isinstance(r, Subgoals)
    assert str(r.goals[0]).splitlines()[1] == "hl : 2 ^ (m + 3) ≥ m + 3 + 1"
    assert isinstance(C(lemmas).apply(r.goals[0], "linarith"), Closed)


def test_premises_are_discharged_only_by_hypotheses_that_state_them(lemmas):
    lemmas.add(AMGM)
    g = goal("theorem u (x y : ℝ) (hx : 0 < x) (hy : 0 < y) (hz : 0 < x + y) : x * y ≤ (x + y) ^ 2 / 4")
    full = C(lemmas).apply(g, "have h := amgm_div x y hx hy")
    assert isinstance(full, Subgoals) and str(full.goals[0]).splitlines()[-2] == "h : x * y ≤ (x + y) ^ 2 / 4"
    partial = C(lemmas).apply(g, "have h := amgm_div x y")
    assert "h : 0 < x → 0 < y → x * y ≤ (x + y) ^ 2 / 4" in str(partial.goals[0])
    # hz states 0 < x + y, not the premise 0 < x: refused.
    assert isinstance(C(lemmas).apply(g, "have h := amgm_div x y hz hy"), Rejected)


def test_arguments_are_elaborated_at_the_lemma_types(lemmas):
    lemmas.add(POW)
    g = goal("theorem u (x : ℝ) (z : ℤ) : x ≤ x")
    # A real or an integer cannot stand for a natural number (2 ^ (-3) ≥ -2 would follow).
    assert isinstance(C(lemmas).apply(g, "have h := pow_ge_succ x"), Rejected)
    assert isinstance(C(lemmas).apply(g, "have h := pow_ge_succ z"), Rejected)


def test_a_false_lemma_in_memory_is_refused_because_its_proof_does_not_replay(lemmas):
    env = LemmaEnvironment()
    env.add(LearnedLemma("bogus", "theorem bogus (n : ℕ) : 2 ^ n ≥ n + 2", "nlinarith"))
    assert env.resolve("bogus") is None and "does not replay" in env.refused["bogus"]
    # The same with the environment a checker uses: the false instance is refused.
    lemmas.add(LearnedLemma("bogus", "theorem bogus (n : ℕ) : 2 ^ n ≥ n + 2", "nlinarith"))
    assert isinstance(C(lemmas).apply(goal("theorem u : (1 : ℕ) ≥ 2"), "have h := bogus 0"), Rejected)


def test_a_lemma_whose_proof_uses_itself_is_refused(lemmas):
    lemmas.add(LearnedLemma("circular", "theorem circular (n : ℕ) : 2 ^ n ≥ n + 2",
                                 "have h := circular n\nlinarith"))
    assert lemmas.resolve("circular") is None


def test_a_cycle_of_lemmas_verifies_none(lemmas):
    lemmas.add(LearnedLemma("p", "theorem p (n : ℕ) : n ^ 2 ≥ n + 5", "have h := q n\nlinarith"))
    lemmas.add(LearnedLemma("q", "theorem q (n : ℕ) : n ^ 2 ≥ n + 5", "have h := p n\nlinarith"))
    assert lemmas.resolve("p") is None and lemmas.resolve("q") is None


def test_a_chain_of_true_lemmas_verifies_and_exports_in_dependency_order(lemmas):
    lemmas.add(POW)
    lemmas.add(LearnedLemma("pow_ge_three", "theorem pow_ge_three (n : ℕ) : 2 ^ (n + 2) ≥ n + 3",
                                 "have h := pow_ge_succ (n + 2)\nlinarith"))
    assert lemmas.resolve("pow_ge_three") is not None
    used = lemmas.used_in("have h := pow_ge_three m\nlinarith")
    assert [l.name for l in used] == ["pow_ge_succ", "pow_ge_three"]


def test_hypotheses_shadow_lemmas_and_unknown_names_are_rejected(lemmas):
    lemmas.add(POW)
    g = goal("theorem u (m : ℕ) (pow_ge_succ : ∀ k : ℕ, k ≤ k + 1) : m ≤ m + 1")
    r = C(lemmas).apply(g, "have h := pow_ge_succ m")
    assert "h : m ≤ m + 1" in str(r.goals[0])
    assert "unknown lemma" in C(lemmas).apply(g, "have h := no_such_lemma m").reason


def test_the_theorem_being_proved_is_never_its_own_lemma(lemmas):
    twin = LearnedLemma("other_name", "theorem other_name (k : ℕ) : 2 ^ k ≥ k + 1", POW.proof)
    lemmas.add(twin)
    theorem = load_theorem("theorem pow_ge_succ (n : ℕ) : 2 ^ n ≥ n + 1")
    build_proposer(theorem, environment=lemmas)
    assert lemmas.resolve("other_name") is None
    assert isinstance(C(lemmas).apply(theorem.goal, "have h := other_name n"), Rejected)


def test_applications_are_found_by_matching_the_goal(lemmas):
    lemmas.add(POW)
    g = goal("theorem u (m : ℕ) (h : 2 ^ (m + 3) ≤ 5) : False")
    tactics = lemma_applications(g, "pow_ge_succ", lemmas.resolve("pow_ge_succ"))
    assert tactics == ["nlinarith [pow_ge_succ (m + 3)]", "have hl := pow_ge_succ (m + 3)"]
    assert isinstance(C(lemmas).apply(g, tactics[0]), Closed)
    lemmas.add(AMGM)
    g = goal("theorem u (x y : ℝ) (hx : 0 < x) (hy : 0 < y) : 4 * (x * y) ≤ (x + y) ^ 2")
    tactics = lemma_applications(g, "amgm_div", lemmas.resolve("amgm_div"))
    assert "have hl := amgm_div x y hx hy" in tactics


def test_hint_instances_of_a_false_lemma_or_wrong_type_are_refused(lemmas):
    lemmas.add(LearnedLemma("bogus", "theorem bogus (n : ℕ) : 2 ^ n ≥ n + 2", "nlinarith"))
    g = goal("theorem u (m : ℕ) (h : 2 ^ m = m + 1) : False")   # false: m = 0 or 1
    assert isinstance(C(lemmas).apply(g, "nlinarith [bogus m]"), Rejected)
    lemmas.add(POW)
    assert isinstance(C(lemmas).apply(goal("theorem u (x : ℝ) (h : 2 ^ x < x + 1) : False"), "nlinarith [pow_ge_succ x]"),
                      Rejected)


def _search_with_memory(lemmas, statement, seconds=10):
    from prover.memory.graph import LemmaGraph
    from prover.memory.retrieval import Retriever, TfidfEncoder
    from prover.policy.memory import CombinedProposer, MemoryProposer
    from prover.policy.portfolio import AutomationPortfolio
    graph = LemmaGraph()
    nids = [graph.add_lemma(l.statement, kind="theorem", proof=l.proof, name=l.name) for l in lemmas]
    theorem = load_theorem(statement)
    env = LemmaEnvironment()
    env.exclude_theorem(theorem)
    proposer = CombinedProposer([AutomationPortfolio(), MemoryProposer(Retriever(graph, TfidfEncoder()), environment=env)])
    return theorem, search(theorem, seconds, proposer=proposer, environment=env), nids


def test_search_proves_with_a_learned_lemma_and_exports_it_first():
    theorem, result, nids = _search_with_memory([POW], "theorem u (m : ℕ) (h : 2 ^ (m + 3) ≤ m + 3) : False", 20)
    assert result.status == "proved"
    assert "pow_ge_succ" in result.proof and result.lemmas[0]["node"] == nids[0]
    text = lean_file(theorem, result.proof, result.verdict, result.lemmas)
    assert text.index("theorem pow_ge_succ") < text.index("theorem u")


DVD = LearnedLemma("dvd_pow", "theorem dvd_pow (n : ℕ) : 5 ∣ 11 ^ n - 1",
                   "induction n with\n| zero =>\n    norm_num\n| succ n ih =>\n    nlinarith")
BERN = LearnedLemma("bern", "theorem bern (n : ℕ) (x : ℝ) (hx : 0 ≤ x) : (1 + x) ^ n ≥ 1 + n * x",
                    "induction n with\n| zero =>\n    nlinarith\n| succ n ih =>\n    nlinarith")


@pytest.mark.parametrize("lemma, statement", [
    (POW, "theorem f (m : ℕ) (h : 2 ^ (m + 1) ≤ m + 2) : False"),            # m = 0: 2 ≤ 2
    (DVD, "theorem f (m : ℕ) (h : 11 ^ (m + 2) % 5 = 1) : False"),            # always so
    (DVD, "theorem f (m q : ℕ) (h : 11 ^ m = 5 * q + 1) : False"),            # m = q = 0
    (BERN, "theorem f (m : ℕ) (y : ℝ) (hy : 0 ≤ y) (h : (1 + y) ^ (m + 1) ≤ 1 + (m + 1) * y) : False"),  # m = 0
    (BERN, "theorem f (m : ℕ) (y : ℝ) (h : (1 + y) ^ (m + 2) < 1 + (m + 2) * y) : False"),  # m = 1, y = -4: -27 < -11
])
def test_false_consequences_are_not_proved_even_with_the_true_lemma_in_memory(lemma, statement):
    _, result, _ = _search_with_memory([lemma], statement, 8)
    assert result.status != "proved", result.proof


@pytest.mark.parametrize("lemma, statement", [
    (POW, "theorem t (m : ℕ) (h : 2 ^ (m + 4) ≤ m + 4) : False"),
])
def test_their_true_twins_are_proved_with_the_lemma(lemma, statement):
    _, result, _ = _search_with_memory([lemma], statement, 20)
    assert result.status == "proved" and result.verdict == "checked" and lemma.name in result.proof


@pytest.mark.parametrize("lemma", [DVD, BERN])
def test_a_lemma_whose_proof_the_kernel_does_not_check_is_never_admitted(lemma):
    """DVD's step is `nlinarith` on a divisibility goal, BERN's base case `nlinarith` on
    `(1 + x) ^ 0 ≥ 1 + ↑0 * x`: true, and closed by the oracle, but Lean's tactics refuse both,
    so the kernel does, and the environment does not admit them (memory: only `checked`)."""
    env = LemmaEnvironment()
    env.add(lemma)
    assert env.resolve(lemma.name) is None and "does not replay" in env.refused[lemma.name]
    from prover.tactics.learned import strict_check
    assert not strict_check(lemma.statement, lemma.proof)[0]


def test_a_lemma_nothing_of_the_goal_matches_is_not_proposed(lemmas):
    lemmas.add(LearnedLemma("pow3", "theorem pow3 (n : ℕ) : 3 ^ n ≥ 2 * n + 1",
                                 "induction n with\n| zero =>\n    norm_num\n| succ n ih =>\n    rw [pow_succ]\n    nlinarith"))
    g = goal("theorem u (m : ℕ) (h : 2 ^ (m + 3) ≤ 5) : False")
    assert lemma_applications(g, "pow3", lemmas.resolve("pow3")) == []


def test_two_lemmas_with_one_name_are_told_apart(lemmas):
    first = lemmas.add(LearnedLemma("t", "theorem t (n : ℕ) : n ≤ n + 1", "linarith"))
    second = lemmas.add(LearnedLemma("t", "theorem t (n : ℕ) : n ≤ n + 2", "linarith"))
    assert first == "t" and second != "t" and lemmas.candidates[second].statement.startswith(f"theorem {second} ")
    g = goal("theorem u (m : ℕ) : m ≤ m + 2")
    assert "hl : m ≤ m + 2" in str(C(lemmas).apply(g, f"have hl := {second} m").goals[0])


def test_environments_are_explicit_and_a_checker_given_none_sees_no_learned_lemma(lemmas):
    from prover.tactics.environment import Environment, active
    lemmas.add(POW)
    g = goal("theorem u (m : ℕ) : 2 ^ (m + 3) ≥ m + 4")
    tactic = "have hl := pow_ge_succ (m + 3)"
    assert isinstance(C(lemmas).apply(g, tactic), Subgoals)
    assert isinstance(SympyChecker().apply(g, tactic), Rejected)          # no process-wide environment
    assert isinstance(C(LemmaEnvironment()).apply(g, tactic), Rejected)   # another environment
    bare = Environment()                                                  # no verifier: verifies nothing
    bare.add(POW)
    assert bare.resolve("pow_ge_succ") is None and isinstance(C(bare).apply(g, tactic), Rejected)
    with active(lemmas):                                                  # what `search` does
        assert isinstance(SympyChecker().apply(g, tactic), Subgoals)
    assert isinstance(SympyChecker().apply(g, tactic), Rejected)
