import json
import os
import signal
import subprocess
import sys
import time

import networkx as nx
import pytest
from typer.testing import CliRunner

from prover.cli import app
from prover.export.graph_export import export_graph
from prover.memory.graph import LemmaGraph, canonical_form, load_memory, node_id, save_memory
from prover.memory.retrieval import Retriever, TfidfEncoder
from prover.policy.memory import MemoryProposer, own_node_ids
from prover.state import load_theorem

runner = CliRunner()


def test_canonical_form_identifies_alpha_equivalent_statements():
    a = canonical_form("theorem a (x : ℝ) (h : 0 < x) : x ^ 2 > 0")
    b = canonical_form("theorem b (y : ℝ) (k : 0 < y) : y ^ 2 > 0")
    assert a == b and node_id(a) == node_id(b)
    assert canonical_form("theorem c (y : ℝ) : y ^ 3 > 0") != a


def test_growth_links_used_lemmas_and_keeps_failures():
    g = LemmaGraph()
    g.seed_library()
    result = {"name": "t", "status": "proved", "verdict": "checked", "proof": "rw [Real.log_mul]\n· ring",
              "tactics": [{"tactic": "rw [Real.log_mul]", "source": "portfolio"}]}
    nid = g.grow("theorem t (x y : ℝ) (hx : 0 < x) (hy : 0 < y) : Real.log (x * y) = Real.log x + Real.log y", result)
    lemma = g.by_name("Real.log_mul")
    assert g.graph.has_edge(nid, lemma) and g.graph.edges[nid, lemma]["kind"] == "uses"
    assert g.graph.nodes[lemma]["successes"] == 1
    fid = g.grow("theorem f (x : ℝ) : x = 1", {"name": "f", "status": "failed"})
    assert g.graph.nodes[fid]["kind"] == "failed" and g.graph.nodes[fid]["failures"] == 1


@pytest.mark.parametrize("fmt", ["graphml", "json", "dot", "html"])
def test_exports_round_trip(tmp_path, fmt):
    g = LemmaGraph()
    g.seed_library()
    g.grow("theorem t (x : ℝ) : Real.sin x ^ 2 + Real.cos x ^ 2 = 1",
           {"name": "t", "status": "proved", "verdict": "checked", "proof": "rw [Real.sin_sq]\nring",
            "tactics": [{"tactic": "rw [Real.sin_sq]"}]})
    path = tmp_path / f"m.{fmt}"
    export_graph(g, fmt, path)
    text = path.read_text(encoding="utf-8")
    if fmt == "graphml":
        back = nx.read_graphml(path)
        assert back.number_of_nodes() == g.graph.number_of_nodes() and back.number_of_edges() == 1
        some = next(iter(back.nodes(data=True)))[1]
        assert {"statement", "kind", "source", "date", "verdict"} <= set(some)
    elif fmt == "json":
        assert len(json.loads(text)["nodes"]) == g.graph.number_of_nodes()
    elif fmt == "dot":
        assert text.startswith("digraph") and text.count("->") == 1
    else:
        assert "<script>" in text and "http" not in text.split("<script>")[1].replace("http://www.w3.org/2000/svg", "")


def test_save_is_atomic_and_survives_a_killed_writer(tmp_path):
    folder = tmp_path / "mem"
    g = LemmaGraph()
    g.seed_library()
    save_memory(g, folder)
    before = load_memory(folder).graph.number_of_nodes()
    # A writer killed in the middle of a save leaves the old file intact.
    code = ("import time\nfrom prover.memory.graph import LemmaGraph, save_memory, atomic_write\n"
            "import prover.memory.graph as m\n"
            "def slow(path, data):\n"
            "    tmp = path.with_name('.partial.tmp'); open(tmp, 'wb').write(data[:100]); time.sleep(30)\n"
            "m.atomic_write = slow\n"
            f"g = LemmaGraph(); g.seed_library(); g.add_lemma('theorem z : 1 = 1'); save_memory(g, __import__('pathlib').Path({str(folder)!r}))\n")
    proc = subprocess.Popen([sys.executable, "-c", code], start_new_session=True)
    time.sleep(3)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    assert load_memory(folder).graph.number_of_nodes() == before


def test_retrieval_excludes_the_theorems_own_node():
    g = LemmaGraph()
    g.seed_library()
    stmt = "theorem t (x y : ℝ) (hx : 0 < x) (hy : 0 < y) : Real.log (x * y) = Real.log x + Real.log y"
    g.grow(stmt, {"name": "t", "status": "proved", "proof": "rw [Real.log_mul]\nring", "tactics": []})
    r = Retriever(g, TfidfEncoder())
    theorem = load_theorem(stmt)
    own = own_node_ids(theorem)
    proposer = MemoryProposer(r, exclude=own)
    proposer.propose(theorem.goal)
    assert not own & set(proposer.used)
    assert own & {n for n, _ in r.retrieve(stmt, 5)}  # without the exclusion it would be found


def test_cli_memory_grows_and_exports(tmp_path):
    mem = tmp_path / "m"
    r = runner.invoke(app, ["prove", "theorem t (a b : ℝ) (h₀ : 0 < a) (h₁ : 0 < b) : 2 * a * b ≤ a ^ 2 + b ^ 2",
                            "--memory", str(mem), "--encoder", "tfidf", "--timeout", "20"])
    assert r.exit_code == 0 and "verdict: checked" in r.stdout, r.stdout
    stats = json.loads(runner.invoke(app, ["memory", "stats", "--memory", str(mem), "--json"]).stdout)
    assert stats["kinds"]["theorem"] == 1
    # A proof that is only true by oracle (its step has no kernel certificate) is not learned.
    r = runner.invoke(app, ["prove", "theorem u (n : ℕ) : 7 ∣ 8 ^ (n * n) - 1", "--no-search",
                            "--memory", str(mem), "--encoder", "tfidf", "--timeout", "5"])
    assert "verdict: true-by-oracle" in r.stdout and "sorry -- true by oracle" in r.stdout, r.stdout
    stats = json.loads(runner.invoke(app, ["memory", "stats", "--memory", str(mem), "--json"]).stdout)
    assert stats["kinds"]["theorem"] == 1
    out = tmp_path / "g.graphml"
    assert runner.invoke(app, ["export-graph", "--memory", str(mem), "--format", "graphml", "--out", str(out)]).exit_code == 0
    assert nx.read_graphml(out).number_of_nodes() == stats["nodes"]
    assert runner.invoke(app, ["export-graph", "--memory", str(mem), "--format", "pdf", "--out", str(out)]).exit_code == 2


def test_contrastive_training_improves_recall_on_its_pairs(tmp_path):
    """InfoNCE on a few (goal, lemma) pairs must raise recall@1 on those pairs (overfitting
    is the point here: it shows the loss, negatives and saving work end to end)."""
    from prover.learn.pairs import synthetic_pairs
    from prover.learn.retriever import recall_at_k, train_retriever
    from prover.memory.retrieval import MiniLMEncoder
    g = LemmaGraph()
    g.seed_library()
    texts = {d["name"]: d["statement"] for _, d in g.graph.nodes(data=True)}
    names = ["Real.log_mul", "Real.sin_two_mul", "sq_nonneg", "Real.exp_add", "abs_nonneg", "Real.cos_two_mul"]
    pairs = [p for p in synthetic_pairs(per_lemma=4, seed=3) if p.lemma in names]
    before = recall_at_k(MiniLMEncoder(), pairs, texts, k=1)
    info = train_retriever(pairs, texts, tmp_path / "enc", epochs=3, batch_size=8, lr=5e-5)
    after = recall_at_k(MiniLMEncoder(tmp_path / "enc"), pairs, texts, k=1)
    assert info["pairs"] == len(pairs) and after > before


def test_similar_theorems_get_similar_to_edges():
    g = LemmaGraph()
    for i, stmt in enumerate(["theorem a (x : ℝ) (h : 2 * x = 4) : x = 2", "theorem b (y : ℝ) (h : 2 * y = 6) : y = 3",
                              "theorem c (n : ℕ) : 7 ∣ 8 ^ n - 1"]):
        g.grow(stmt, {"name": f"t{i}", "status": "proved", "proof": "linarith", "tactics": []})
    r = Retriever(g, TfidfEncoder()).ready()
    kinds = {(a, b): d["kind"] for a, b, d in g.graph.edges(data=True)}
    ids = {d["name"]: n for n, d in g.graph.nodes(data=True)}
    assert kinds.get((ids["t1"], ids["t0"])) == "similar_to" or kinds.get((ids["t0"], ids["t1"])) == "similar_to"
    assert all(d["embedding_id"] >= 0 for _, d in g.graph.nodes(data=True)) and len(r.index) == 3
