"""A tool people can use (issue 15): the library API, no lost data, clean errors, Lean inputs,
CLI conventions and interchange, each through the real CLI or the public API."""

import json
import os
import re
import signal
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import networkx as nx
import pytest
from typer.testing import CliRunner

import prover
from prover.cli import app
from prover.runner.batch import read_results

ROOT = Path(__file__).resolve().parents[1]
runner = CliRunner()
EASY = "theorem t (x : ℝ) (h : 3 * x - 7 = 11) : x = 6"


def _cli(*args, stdin: bytes | None = None, timeout: float = 120, env=None):
    """The real console entry point in a fresh process; (exit code, stdout, stderr, seconds)."""
    start = time.monotonic()
    p = subprocess.run([sys.executable, "-m", "prover", *args], input=stdin, capture_output=True, timeout=timeout,
                       cwd=ROOT, env={**os.environ, **(env or {})})
    return p.returncode, p.stdout.decode(), p.stderr.decode(), time.monotonic() - start


def _snapshot(folder: Path) -> dict:
    """Every file of a memory folder (but its lock) with its bytes."""
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.name != ".lock"} if folder.exists() else {}


def _suite(path: Path, statements: list[str]) -> Path:
    path.write_text("".join(json.dumps({"name": s.split()[1], "statement": s}, ensure_ascii=False) + "\n"
                            for s in statements), encoding="utf-8")
    return path


# -- no lost data -------------------------------------------------------------------------

def test_batch_refuses_an_existing_out_file_without_resume_or_overwrite(tmp_path):
    suite = _suite(tmp_path / "s.jsonl", ["theorem a : 2 + 2 = 4", "theorem b : 3 + 3 = 6"])
    out = tmp_path / "r.jsonl"
    old = "".join(json.dumps({"name": f"old{i}", "status": "proved", "time_s": 0.1}) + "\n" for i in range(12))
    out.write_text(old)
    r = runner.invoke(app, ["batch", str(suite), "--out", str(out), "--no-search"])
    assert r.exit_code == 2 and "--resume" in r.stderr and "--overwrite" in r.stderr
    assert out.read_text() == old  # untouched
    r = runner.invoke(app, ["batch", str(suite), "--out", str(out), "--resume", "--overwrite", "--no-search"])
    assert r.exit_code == 2 and out.read_text() == old
    r = runner.invoke(app, ["batch", str(suite), "--out", str(out), "--resume", "--no-search", "--workers", "1"])
    assert r.exit_code == 0 and len(read_results(out)) == 14  # appended
    r = runner.invoke(app, ["batch", str(suite), "--out", str(out), "--overwrite", "--no-search", "--workers", "1"])
    assert r.exit_code == 0 and sorted(read_results(out)) == ["a", "b"]


@pytest.mark.parametrize("sig, code", [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_batch_interrupted_keeps_its_results_and_says_how_to_resume(tmp_path, sig, code):
    names = [f"t{i}" for i in range(150)]
    suite = tmp_path / "s.jsonl"
    suite.write_text("".join(json.dumps({"name": n, "statement": f"theorem {n} : {i} + 1 = {i + 1}"}) + "\n"
                             for i, n in enumerate(names)))
    out = tmp_path / "r.jsonl"
    cmd = [sys.executable, "-m", "prover", "batch", str(suite), "--timeout", "5", "--workers", "1", "--out", str(out),
           "--no-search"]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT)
    deadline = time.time() + 90
    while time.time() < deadline and (not out.exists() or len(out.read_text().splitlines()) < 2):
        time.sleep(0.05)
    proc.send_signal(sig)
    stdout, stderr = proc.communicate(timeout=30)
    kept = read_results(out)
    assert proc.returncode == code, stderr
    assert 2 <= len(kept) < len(names)
    assert f"interrupted: {len(kept)} results kept, rerun with --resume" in stderr.decode()
    assert "batch summary" in stdout.decode() and "Traceback" not in stderr.decode()
    r = runner.invoke(app, ["batch", str(suite), "--out", str(out), "--resume", "--no-search", "--workers", "2"])
    assert r.exit_code == 0 and sorted(read_results(out)) == sorted(names)


def test_memory_map_only_reads_the_memory_unless_asked(tmp_path):
    mem = tmp_path / "mem"
    assert runner.invoke(app, ["prove", EASY, "--memory", str(mem), "--model", "none", "--encoder", "tfidf"]).exit_code == 0
    before = _snapshot(mem)
    assert before
    png = tmp_path / "m.png"
    r = runner.invoke(app, ["memory", "map", "--out", str(png), "--memory", str(mem), "--encoder", "tfidf", "--size", "3"])
    assert r.exit_code == 0, r.stderr
    assert png.exists() and _snapshot(mem) == before
    r = runner.invoke(app, ["memory", "map", "--out", str(png), "--memory", str(mem), "--encoder", "tfidf", "--size", "3",
                            "--save-prior"])
    assert r.exit_code == 0 and "som_weights.npy" in _snapshot(mem)


def test_prove_no_learn_keeps_the_memory_read_only(tmp_path):
    mem = tmp_path / "mem"
    args = ["--memory", str(mem), "--model", "none", "--encoder", "tfidf"]
    assert runner.invoke(app, ["prove", EASY, *args]).exit_code == 0
    learned = _snapshot(mem)
    other = "theorem u (n : ℕ) (h : n + 3 = 10) : n = 7"
    r = runner.invoke(app, ["prove", other, *args, "--no-learn"])
    assert r.exit_code == 0 and _snapshot(mem) == learned
    assert runner.invoke(app, ["prove", other, *args]).exit_code == 0  # learning, by default
    assert _snapshot(mem) != learned


# -- the library API ------------------------------------------------------------------------

def test_api_prove_result_lean_and_json():
    from prover import ProofResult, Prover, prove
    r = prove(EASY, timeout=10, model="none")
    assert isinstance(r, ProofResult) and r.proved and r.verdict == "checked" and r.proof == "linarith"
    assert r.certificates and r.certificates[0]["method"]
    lean = r.to_lean()
    assert lean.startswith("import Mathlib") and lean.rstrip().endswith("linarith") and EASY + " := by" in lean
    assert json.loads(json.dumps(r.to_json()))["statement"] == EASY
    p = Prover(model="none")
    results = [p.prove(s, timeout=5) for s in ["theorem a : (2 : ℕ) + 2 = 4", "theorem b : (2 : ℕ) + 2 = 5"]]
    assert [x.status for x in results] == ["proved", "failed"]
    with pytest.raises(ValueError):
        results[1].to_lean()


def test_api_errors_are_input_errors():
    from prover import prove
    from prover.errors import InputError, LeanSyntaxError
    with pytest.raises(LeanSyntaxError, match="column"):
        prove("theorem t (x : ℝ) : x +* 1 = 2", model="none")
    for bad in (float("nan"), -5, 0, float("inf")):
        with pytest.raises(InputError, match="positive number"):
            prove(EASY, timeout=bad, model="none")
    with pytest.raises(InputError, match="no such folder"):
        prove(EASY, model="/no/such/dir")


def test_version_matches_the_package_metadata():
    version = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["version"]
    assert prover.__version__ == version
    r = runner.invoke(app, ["--version"])
    assert r.exit_code == 0 and r.stdout.strip() == f"prover {version}"


def test_readme_first_lines_and_api_section():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    assert 'prover prove "theorem demo (x : ℝ) (h₀ : 3 * x - 7 = 11) : x = 6"' in text.split("\n\n")[2]
    assert "from prover import" in text and "Prover(" in text


# -- fast single proofs -------------------------------------------------------------------

def test_a_proof_by_the_procedures_never_waits_for_the_models(monkeypatch):
    """The LM takes 20 s to load here: the decision procedures' proof comes back at once, and a
    statement that needs search waits for the models without that wait counting as proof time."""
    from prover.api import Prover
    from prover.policy import compose
    loads = []

    def slow_ready(self):
        loads.append(time.monotonic())
        time.sleep(20 if len(loads) == 1 else 0)
        raise RuntimeError("no model in this test")

    monkeypatch.setattr(compose.LazyLM, "ready", slow_ready)
    p = Prover(model="default")
    start = time.monotonic()
    r = p.prove(EASY, timeout=10)
    assert r.proved and time.monotonic() - start < 8
    assert loads  # the load had started, in the background


def test_results_are_learned_while_the_models_still_load(monkeypatch, tmp_path):
    """Proofs found while the LM loads go to the memory on disk at once (through a session of
    their own: the loading thread indexes the shared one), and into the shared one after."""
    from prover.api import Prover
    from prover.memory.graph import load_memory
    from prover.policy import compose
    monkeypatch.setattr(compose.LazyLM, "ready", lambda self: time.sleep(20))
    p = Prover(memory=tmp_path / "mem", model="default", encoder="tfidf")
    statements = [EASY, "theorem u (n : ℕ) (h : n + 3 = 10) : n = 7"]
    start = time.monotonic()
    assert all(p.prove(s, timeout=10).proved for s in statements)
    assert time.monotonic() - start < 15
    names = {d.get("name") for _, d in load_memory(tmp_path / "mem").graph.nodes(data=True) if d["kind"] == "theorem"}
    assert names == {"t", "u"} and len(p._pending) == 2


def test_models_are_awaited_before_the_first_proposal_and_not_counted(monkeypatch):
    from prover.api import Prover
    from prover.errors import InputError
    from prover.policy import compose

    false = "theorem t (x : ℝ) (h : x ^ 2 = 4) : x = 2"   # the procedures fail: search asks for proposals

    def slow_ready(self):
        time.sleep(4)
        return self

    monkeypatch.setattr(compose.LazyLM, "ready", slow_ready)
    monkeypatch.setattr(compose.LazyLM, "propose", lambda self, goal, k=8, failed=None: [])
    start = time.monotonic()
    r = Prover(model="default").prove(false, timeout=2)
    assert not r.proved and time.monotonic() - start >= 4 and r.time_s < 3.5  # the wait is not proof time

    def broken(self):
        time.sleep(1)
        raise OSError("broken model folder")

    monkeypatch.setattr(compose.LazyLM, "ready", broken)
    with pytest.raises(InputError, match="cannot load the models: OSError: broken model folder"):
        Prover(model="default").prove(false, timeout=2)


# -- clean errors -------------------------------------------------------------------------

def _one_line_error(code, stdout, stderr, seconds, *needles):
    assert code == 2, (stdout, stderr)
    assert "Traceback" not in stderr and len(stderr.strip().splitlines()) == 1, stderr
    for n in needles:
        assert n in stderr, stderr
    assert seconds < 2.0 + 3.0  # 2 s aimed (bench/cli_latency.py); slack for a shared machine


def test_clean_errors_through_the_console_script(tmp_path):
    bad = tmp_path / "bad.lean"
    bad.write_bytes("theorem t (x : ℝ) : x = x ∧ ".encode() + b"\xff\xfe = 1 :=\n")
    _one_line_error(*_cli("prove", "--file", str(bad)), "bad.lean:1:", "not UTF-8")
    _one_line_error(*_cli("prove", f"theorem t : ({'9' * 100_000} : ℕ) = 1"), "column 14", "limit is 10000 digits")
    _one_line_error(*_cli("prove", EASY, "--model", "/no/such/dir"), "no such folder")
    _one_line_error(*_cli("prove", EASY, "--model", "some-org/unknown-model-xyz"), "--allow-download")
    _one_line_error(*_cli("prove", EASY, "--timeout", "nan"), "--timeout", "nan")
    _one_line_error(*_cli("prove", EASY, "--timeout", "-5"), "--timeout", "-5")
    suite = _suite(tmp_path / "s.jsonl", ["theorem a : 2 + 2 = 4"])
    _one_line_error(*_cli("batch", str(suite), "--limit", "-3"), "--limit")
    _one_line_error(*_cli("batch", str(suite), "--timeout", "nan"), "--timeout")
    empty_model = tmp_path / "m"
    empty_model.mkdir()
    _one_line_error(*_cli("prove", EASY, "--model", str(empty_model)), "config.json")


def test_non_utf8_suites_are_input_errors(tmp_path):
    suite = tmp_path / "s.jsonl"
    suite.write_bytes(b'{"name": "a", "statement": "theorem a : 1 = 1"}\n{"name": "\xff"}\n')
    r = runner.invoke(app, ["batch", str(suite)])
    assert r.exit_code == 2 and "s.jsonl:2:" in r.stderr and "UTF-8" in r.stderr


# -- Lean inputs --------------------------------------------------------------------------

LEAN_FILE = """import Mathlib
open Real

/-- as benchmarks publish them -/
theorem first (x : ℝ) (h : 2 * x = 4) : x = 2 := by
  sorry

lemma second (n : ℕ) (h : n + 1 = 5) : n = 4 := by sorry

example (a : ℤ) (h : a - 3 = 4) : a = 7 := by
  sorry
"""


def test_example_lemma_and_sorry_inputs():
    r = runner.invoke(app, ["prove", "example (x : ℝ) (h : 2 * x = 4) : x = 2", "--no-memory", "--model", "none"])
    assert r.exit_code == 0 and "theorem example_1 (x : ℝ) (h : 2 * x = 4) : x = 2 := by" in r.stdout
    r = runner.invoke(app, ["prove", "lemma l (x : ℝ) (h : 2 * x = 4) : x = 2 := by sorry", "--no-memory", "--model", "none"])
    assert r.exit_code == 0 and "l (x : ℝ) (h : 2 * x = 4) : x = 2 := by\n" in r.stdout and "sorry" not in r.stdout
    bad = "example (x : ℝ) : x +* 1 = 2"
    r = runner.invoke(app, ["prove", bad, "--no-memory", "--model", "none"])
    assert r.exit_code == 2 and f"column {bad.index('*') + 1}:" in r.stderr  # the user's column, not the renamed text's


def test_several_declarations_a_name_and_stdin(tmp_path):
    f = tmp_path / "p.lean"
    f.write_text(LEAN_FILE, encoding="utf-8")
    opts = ["--no-memory", "--model", "none", "--json"]
    r = runner.invoke(app, ["prove", "--file", str(f), *opts])
    rows = [json.loads(l) for l in r.stdout.splitlines()]
    assert r.exit_code == 0 and [x["name"] for x in rows] == ["first", "second", "example_10"]
    assert all(x["status"] == "proved" for x in rows)
    r = runner.invoke(app, ["prove", "--file", str(f), "--name", "second", *opts])
    assert r.exit_code == 0 and [json.loads(l)["name"] for l in r.stdout.splitlines()] == ["second"]
    r = runner.invoke(app, ["prove", "--file", str(f), "--name", "third", *opts])
    assert r.exit_code == 2 and "third" in r.stderr
    r = runner.invoke(app, ["prove", "-", *opts], input=LEAN_FILE)
    assert r.exit_code == 0 and len(r.stdout.splitlines()) == 3
    r = runner.invoke(app, ["prove", "--file", "-", *opts], input=EASY)
    assert r.exit_code == 0 and json.loads(r.stdout)["proof"] == "linarith"
    broken = tmp_path / "b.lean"
    broken.write_text(LEAN_FILE.replace("n + 1 = 5", "n + = 5"), encoding="utf-8")
    r = runner.invoke(app, ["prove", "--file", str(broken), *opts])
    assert r.exit_code == 2 and re.search(r"b\.lean:8:\d+: unexpected", r.stderr)


def test_batch_reads_example_and_sorry_declarations(tmp_path):
    f = tmp_path / "p.lean"
    f.write_text(LEAN_FILE, encoding="utf-8")
    out = tmp_path / "r.jsonl"
    r = runner.invoke(app, ["batch", str(f), "--out", str(out), "--no-search", "--workers", "1"])
    assert r.exit_code == 0
    assert {n: x["status"] for n, x in read_results(out).items()} == {"first": "proved", "second": "proved",
                                                                       "example_10": "proved"}


# -- CLI conventions ----------------------------------------------------------------------

def _commands(group=None, prefix=()):
    import typer.main
    group = group or typer.main.get_command(app)
    for name, cmd in group.commands.items():
        if hasattr(cmd, "commands"):
            yield from _commands(cmd, prefix + (name,))
        else:
            yield prefix + (name,), cmd


def test_every_option_has_help_and_flags_show_as_flags():
    for path, cmd in _commands():
        for param in cmd.params:
            assert param.help, f"{' '.join(path)}: {param.name} has no help"
    r = runner.invoke(app, ["prove", "--help"], env={"COLUMNS": "200"})
    assert "--json" in r.stdout and "<bool>" not in r.stdout
    r = runner.invoke(app, ["batch", "--help"], env={"COLUMNS": "200"})
    assert "one per core" in r.stdout and "[default: 0]" not in r.stdout


def test_memory_stats_is_a_table(tmp_path):
    r = runner.invoke(app, ["memory", "stats", "--memory", str(tmp_path / "m")])
    assert r.exit_code == 0 and "library" in r.stdout and "nodes by kind" in r.stdout and "{" not in r.stdout
    r = runner.invoke(app, ["memory", "stats", "--memory", str(tmp_path / "m"), "--json"])
    assert json.loads(r.stdout)["kinds"]["library"] > 0


def test_train_policy_never_overwrites_a_model_unless_asked(tmp_path):
    shipped = ROOT / "models" / "tactic-lm"
    before = (shipped / "config.json").read_bytes()
    r = runner.invoke(app, ["train", "policy", "--synthetic", "1", "--minutes", "0.01", "--out", str(shipped)])
    assert r.exit_code == 2 and "shipped model" in r.stderr and "--overwrite" in r.stderr
    assert (shipped / "config.json").read_bytes() == before


def test_progress_shows_eta_and_current_theorem(tmp_path, monkeypatch):
    """The live bar (on a terminal) names the theorem being proved and shows an ETA."""
    import io

    from rich.console import Console

    import prover.cli as cli
    screen = io.StringIO()
    monkeypatch.setattr(cli, "err", Console(file=screen, force_terminal=True, width=200))
    suite = _suite(tmp_path / "s.jsonl", ["theorem alpha_thm (x : ℝ) (h : 2 * x = 4) : x = 2",
                                          "theorem beta_thm (n : ℕ) (h : n + 3 = 10) : n = 7"])
    r = runner.invoke(app, ["batch", str(suite), "--no-search", "--workers", "1"])
    assert r.exit_code == 0
    text = screen.getvalue()
    assert "alpha_thm" in text and "beta_thm" in text and "eta" in text


# -- interchange --------------------------------------------------------------------------

def test_graph_exports_read_back_with_networkx_defaults_and_keep_types(tmp_path):
    mem = tmp_path / "mem"
    suite = _suite(tmp_path / "s.jsonl", ["theorem a (x : ℝ) (h : 2 * x = 4) : x = 2", "theorem b : (2 : ℕ) + 2 = 5"])
    r = runner.invoke(app, ["batch", str(suite), "--memory", str(mem), "--model", "none", "--encoder", "tfidf",
                            "--timeout", "3", "--workers", "1"])
    assert r.exit_code == 0
    from prover.memory.graph import load_memory
    g = load_memory(mem).graph
    assert {d["kind"] for _, d in g.nodes(data=True)} >= {"theorem", "failed", "library"}
    js = tmp_path / "g.json"
    assert runner.invoke(app, ["export-graph", "--format", "json", "--out", str(js), "--memory", str(mem)]).exit_code == 0
    h = nx.node_link_graph(json.loads(js.read_text(encoding="utf-8")))
    assert h.is_directed() and set(h.nodes) == set(g.nodes) and set(h.edges) == set(g.edges)
    gml = tmp_path / "g.graphml"
    assert runner.invoke(app, ["export-graph", "--format", "graphml", "--out", str(gml), "--memory", str(mem)]).exit_code == 0
    h = nx.read_graphml(gml)
    for n, d in g.nodes(data=True):
        for k, v in d.items():
            assert type(h.nodes[n][k]) is type(v) and h.nodes[n][k] == v, (n, k, v, h.nodes[n][k])


# -- examples/ ----------------------------------------------------------------------------

@pytest.mark.parametrize("script", sorted(p.name for p in (ROOT / "examples").glob("*.py")))
def test_every_example_runs(script, tmp_path):
    p = subprocess.run([sys.executable, str(ROOT / "examples" / script)], capture_output=True, timeout=300,
                       cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert p.returncode == 0, p.stderr.decode()[-2000:]
    assert p.stdout.strip()
