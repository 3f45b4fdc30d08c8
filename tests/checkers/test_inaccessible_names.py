"""A bare `induction n`, `cases n` or `intro` names what it introduces inaccessibly (Lean 4:
`n✝`, `a✝`): no later tactic can refer to it, whatever names the user expected. The search
names what it needs (`induction' n with n ih`) and its extracted proofs say so."""

from hypothesis import given, settings
from hypothesis import strategies as st

from prover.checkers.base import Subgoals
from prover.checkers.kernel_checker import KernelChecker
from prover.checkers.replay import replay
from prover.checkers.sympy_checker import SympyChecker
from prover.policy.base import FixedProposer
from prover.search.best_first import search
from prover.state import load_theorem
from prover.syntax.ast import INACCESSIBLE

NAMES = st.sampled_from(["n", "m", "k", "a", "ih", "n_ih", "h", "hn", "x"])


def _new_names(parent, child) -> set[str]:
    return child.names - parent.names


@settings(max_examples=40, deadline=None)
@given(NAMES, NAMES, st.sampled_from(["induction", "cases"]))
def test_bare_induction_and_cases_introduce_only_inaccessible_names(v, h, tactic):
    if v == h:
        h = h + "0"
    goal = load_theorem(f"theorem t ({v} : ℕ) ({h} : 0 < {v} + 1) : 2 ^ {v} ≥ {v} + 1").goal
    result = SympyChecker().apply(goal, f"{tactic} {v}")
    assert isinstance(result, Subgoals)
    for sub in result.goals:
        assert all(INACCESSIBLE in n for n in _new_names(goal, sub)), (tactic, sub.names)
        assert v not in {n for n, _ in sub.variables}   # the old name is gone


@settings(max_examples=30, deadline=None)
@given(NAMES, st.sampled_from(["ih", "n_ih", "a", "hk", "h"]))
def test_a_script_naming_what_bare_induction_left_unnamed_is_refused(v, ih):
    goal = load_theorem(f"theorem t ({v} : ℕ) : 2 ^ {v} ≥ {v} + 1").goal
    script = f"induction {v}\n· norm_num\n· nlinarith [{ih}, pow_pos (by norm_num : (0 : ℕ) < 2) {v}]"
    assert not replay(goal, script).ok
    script2 = f"induction {v}\n· norm_num\n· nlinarith [{ih}]"
    assert not replay(goal, script2).ok


@settings(max_examples=20, deadline=None)
@given(st.sampled_from(["x", "y", "z"]))
def test_bare_intro_names_are_inaccessible(x):
    goal = load_theorem(f"theorem t : ∀ {x} : ℝ, 0 ≤ {x} ^ 2").goal
    assert not replay(goal, f"intro\nnlinarith [sq_nonneg {x}]").ok
    assert replay(goal, f"intro {x}\nnlinarith [sq_nonneg {x}]").ok


def test_named_induction_forms_bind_the_names_given():
    goal = load_theorem("theorem t (n : ℕ) : 2 ^ n ≥ n + 1").goal
    result = SympyChecker().apply(goal, "induction' n with k hk")
    assert isinstance(result, Subgoals)
    step = result.goals[1]
    assert {"k", "hk"} <= step.names and "n" not in step.names
    hk = dict(step.hypotheses)["hk"]
    assert "k" in str(hk) and INACCESSIBLE not in str(step)
    bare = SympyChecker().apply(goal, "induction' n with k")   # the hypothesis left unnamed
    assert isinstance(bare, Subgoals) and all(INACCESSIBLE in n for n in bare.goals[1].names - {"k"})


def test_adversarial_file_with_bare_induction_is_refused():
    goal = load_theorem("theorem cases1 (n : ℕ) : n * n ≥ 0").goal
    assert not replay(goal, "induction n\n· norm_num\n· nlinarith [ih]").ok


def test_search_proofs_through_induction_name_what_they_use_and_replay():
    t = load_theorem("theorem t (n : ℕ) : 2 ^ n ≥ n + 1")
    r = search(t, timeout_s=20, proposer=FixedProposer(["induction n"]))
    assert r.status == "proved"
    assert "| succ n ih =>" in r.proof
    # the kernel is the authority on closing steps (`ring` there splits `2 ^ (n + 2)`; the
    # oracle-backed checker's polynomial identity does not)
    assert replay(t.goal, r.proof, checker=KernelChecker()).ok
