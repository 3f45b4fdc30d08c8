"""A false lemma in memory is never used: admission re-checks every lemma by the strictest path
(its proof replayed in a fresh checker, learned lemmas off), records the checker version and
rules, and `prover memory prune --recheck` purges what no longer checks. Real memory folders,
real checker, the real CLI."""

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from prover.checkers.base import Closed, Rejected
from prover.checkers.sympy_checker import SympyChecker
from prover.checkers.version import CHECKER_VERSION, is_stale
from prover.cli import app
from prover.memory.graph import LemmaGraph, load_memory, node_id, canonical_form, save_memory
from prover.memory.session import MemorySession
from prover.state import load_theorem
from prover.tactics.learned import LearnedLemma, LemmaEnvironment

runner = CliRunner()

TRUE = ("sq_plus_one", "theorem sq_plus_one (x : ℝ) : x ^ 2 + 1 > 0", "nlinarith [sq_nonneg x]")
# False (n = 0, 1), with a proof that does not replay; the memory claims it was checked.
FALSE = ("pow_big", "theorem pow_big (n : ℕ) : 2 ^ n ≥ n + 2", "nlinarith")
# True, but its proof rests on another learned lemma: refused by the strict path.
CHAINED = ("sq_plus_two", "theorem sq_plus_two (x : ℝ) : x ^ 2 + 2 > 0", "have h := sq_plus_one x\nlinarith")


def plant(folder, lemmas, version=CHECKER_VERSION, extra_library=()):
    """A memory on disk holding `lemmas` as proved theorems, as a tampered or stale memory
    would: every node claims the verdict `checked` under `version`."""
    g = LemmaGraph()
    g.seed_library()
    ids = {}
    for name, statement, proof in lemmas:
        nid = g.add_lemma(statement, kind="theorem", proof=proof, name=name,
                          provenance={"source": name, "checker": "sympy-z3", "verdict": "checked"})
        g.graph.nodes[nid]["checker_version"] = version
        g.graph.nodes[nid]["rules"] = "nlinarith:positivstellensatz"
        ids[name] = nid
    for name in extra_library:
        g.add_lemma(f"{name}: a * b ≤ ((a + b) / 2) ^ 2", kind="library", name=name,
                    canonical=f"{name}: planted")
    save_memory(g, folder)
    return ids


def test_a_planted_lemma_whose_proof_does_not_replay_is_never_used(tmp_path):
    ids = plant(tmp_path / "m", [TRUE, FALSE])
    session = MemorySession(tmp_path / "m", encoder="tfidf")
    assert session.admit_lemmas() == 1                      # the true one only
    env = session.environment
    assert env.resolve("pow_big") is None and "does not replay" in env.refused["pow_big"]
    C = SympyChecker(environment=env)
    assert "does not replay" in session.graph.graph.nodes[ids["pow_big"]]["refused"]
    # its false instance (2 ^ 0 ≥ 2) is not available to a later proof
    assert isinstance(C.apply(load_theorem("theorem u : (1 : ℕ) ≥ 2").goal, "have h := pow_big 0"), Rejected)
    # the true lemma is, and its node records how it was checked
    g = load_theorem("theorem u (y : ℝ) : y ^ 2 + 1 > 0").goal
    assert isinstance(C.apply(C.apply(g, "have h := sq_plus_one y").goals[0], "linarith"), Closed)
    node = session.graph.graph.nodes[ids["sq_plus_one"]]
    assert node["checker_version"] == CHECKER_VERSION and node["rules"].startswith("nlinarith")


def test_a_lemma_resting_on_another_learned_lemma_is_refused_from_memory(tmp_path):
    plant(tmp_path / "m", [TRUE, CHAINED])
    session = MemorySession(tmp_path / "m", encoder="tfidf")
    session.admit_lemmas()
    assert session.environment.resolve("sq_plus_one") is not None
    assert session.environment.resolve("sq_plus_two") is None       # learned lemmas are off when it is re-checked


def test_a_stale_lemma_is_rechecked_before_use_and_recorded_at_the_current_version(tmp_path):
    ids = plant(tmp_path / "m", [TRUE, FALSE], version=CHECKER_VERSION - 1)
    session = MemorySession(tmp_path / "m", encoder="tfidf")
    assert all(is_stale(session.graph.graph.nodes[i]) for i in ids.values())
    session.admit_lemmas()
    assert not is_stale(session.graph.graph.nodes[ids["sq_plus_one"]])
    assert session.environment.resolve("pow_big") is None
    assert is_stale(session.graph.graph.nodes[ids["pow_big"]])   # never re-recorded: it did not check
    session.save()
    on_disk = load_memory(tmp_path / "m").graph.nodes
    assert on_disk[ids["sq_plus_one"]]["checker_version"] == CHECKER_VERSION


def test_prune_recheck_through_the_cli_drops_what_no_longer_checks(tmp_path):
    mem = tmp_path / "m"
    ids = plant(mem, [TRUE, FALSE, CHAINED], version=CHECKER_VERSION - 1, extra_library=("am_gm_two",))
    before = load_memory(mem).graph
    r = runner.invoke(app, ["memory", "prune", "--recheck", "--memory", str(mem)])
    assert r.exit_code == 0, r.stdout
    after = load_memory(mem).graph
    assert ids["sq_plus_one"] in after and after.nodes[ids["sq_plus_one"]]["checker_version"] == CHECKER_VERSION
    assert ids["pow_big"] not in after and ids["sq_plus_two"] not in after
    assert not [n for n, d in after.nodes(data=True) if d.get("name") == "am_gm_two"]
    dropped = before.number_of_nodes() - after.number_of_nodes()
    assert dropped == 3
    assert f"dropped {dropped}" in r.stdout and f"kept {after.number_of_nodes()}" in r.stdout
    # idempotent: a second pass keeps everything
    r2 = runner.invoke(app, ["memory", "prune", "--recheck", "--memory", str(mem)])
    assert r2.exit_code == 0 and "dropped 0" in r2.stdout
    # and a session on the pruned memory never sees the false lemma
    pruned = MemorySession(mem, encoder="tfidf")
    pruned.admit_lemmas()
    assert "pow_big" not in pruned.environment.candidates


@settings(max_examples=8, deadline=None)
@given(a=st.integers(-6, 6), b=st.integers(-6, 6), version=st.sampled_from([1, CHECKER_VERSION, CHECKER_VERSION + 5]))
def test_admission_admits_exactly_the_lemmas_whose_proof_checks(a, b, version):
    """Whatever the memory records (a verdict, any version), a planted lemma is usable iff its
    proof replays: `x ^ 2 + a ≥ b` by `nlinarith [sq_nonneg x]` holds iff a ≥ b."""
    env = LemmaEnvironment()
    name = env.add(LearnedLemma("planted", f"theorem planted (x : ℝ) : x ^ 2 + {a} ≥ {b}",
                                "nlinarith [sq_nonneg x]", node="L" + "0" * 16))
    assert (env.resolve(name) is not None) == (a >= b)
    if a >= b:
        assert env.records[name]["checker_version"] == CHECKER_VERSION


def test_the_graph_records_the_checker_version_and_rules_of_a_new_proof():
    g = LemmaGraph()
    nid = g.grow("theorem t (x : ℝ) : x ^ 2 ≥ 0", {"status": "proved", "name": "t", "proof": "positivity",
                                                   "tactics": [{"tactic": "positivity"}],
                                                   "methods": [{"method": "positivity"}]})
    d = g.graph.nodes[nid]
    assert d["checker_version"] == CHECKER_VERSION and d["rules"] == "positivity, method:positivity"
    assert json.loads(json.dumps(g.to_json()))  # stays serialisable
    assert node_id(canonical_form("theorem t (x : ℝ) : x ^ 2 ≥ 0")) == nid


PLANTED_FALSE = [  # false lemmas a tampered memory claims, each of which would prove a false twin
    ("sqrt_sq_any", "theorem sqrt_sq_any (x : ℝ) : Real.sqrt x ^ 2 = x", "nlinarith [Real.sqrt_nonneg x]"),
    ("mod_lt_any", "theorem mod_lt_any (a b : ℕ) : a % b < b", "omega"),
    ("self_mul_pos", "theorem self_mul_pos (a : ℝ) : 0 < a * a", "positivity"),
]


def test_library_twins_stay_refused_with_a_tampered_memory_on(tmp_path):
    from prover.search.best_first import search
    from tests.conftest import twins
    plant(tmp_path / "m", [TRUE] + PLANTED_FALSE)
    session = MemorySession(tmp_path / "m", encoder="tfidf")
    session.admit_lemmas()
    assert not {name for name, _, _ in PLANTED_FALSE} & set(session.environment.verified)
    for pair in [p for p in twins() if p["rule"] == "library-lemmas"]:
        theorem = load_theorem(pair["false"])
        r = search(theorem, timeout_s=3, proposer=session.proposer_for(theorem), environment=session.environment)
        assert r.status != "proved", (pair["false"], r.proof)
