import json
import os
import signal
import subprocess
import sys
import time

from typer.testing import CliRunner

from prover.cli import app
from prover.runner.batch import read_results

runner = CliRunner()


def test_prove_prints_a_checked_proof():
    r = runner.invoke(app, ["prove", "theorem t (x : ℝ) (h : 3*x - 7 = 11) : x = 6"])
    assert r.exit_code == 0
    assert ":= by" in r.stdout and "verdict: checked" in r.stdout


def test_prove_exit_codes_and_json():
    r = runner.invoke(app, ["prove", "theorem t (x : ℝ) (h : 3*x - 7 = 11) : x = 7", "--timeout", "3", "--json"])
    assert r.exit_code == 1 and json.loads(r.stdout)["status"] == "failed"
    r = runner.invoke(app, ["prove", "theorem t (x : ℝ) (h : 3*x - 7 = 11 : x = 7"])
    assert r.exit_code == 2 and "column 37" in r.stderr


def test_prove_export_lean(tmp_path):
    f = tmp_path / "p.lean"
    r = runner.invoke(app, ["prove", "(7 : ℤ) % (-3) = 1", "--export-lean", str(f)])
    assert r.exit_code == 0 and "import Mathlib" in f.read_text() and ":= by" in f.read_text()


def test_parse_command_writes_jsonl(tmp_path):
    suite = tmp_path / "s.jsonl"
    suite.write_text(json.dumps({"name": "ok", "statement": "theorem ok : 1 + 1 = 2"}) + "\n"
                     + json.dumps({"name": "bad", "statement": "theorem bad : 1 + = 2"}) + "\n")
    out = tmp_path / "o.jsonl"
    r = runner.invoke(app, ["parse", str(suite), "--out", str(out)])
    assert r.exit_code == 0 and "parsed 1/2" in r.stdout
    rows = [json.loads(l) for l in out.read_text().splitlines()]
    assert rows[0]["parsed"] and not rows[1]["parsed"] and "column" in rows[1]["error"]


def test_batch_runs_and_resumes(tmp_path):
    suite = tmp_path / "s.jsonl"
    stmts = ["theorem a : 2 + 2 = 4", "theorem b (x : ℝ) (h : x = 2) : x ^ 2 = 4", "theorem c : 2 + 2 = 5"]
    suite.write_text("".join(json.dumps({"name": s.split()[1], "statement": s}) + "\n" for s in stmts))
    out = tmp_path / "r.jsonl"
    r = runner.invoke(app, ["batch", str(suite), "--timeout", "5", "--workers", "2", "--out", str(out)])
    assert r.exit_code == 0
    results = read_results(out)
    assert results["a"]["status"] == "proved" and results["b"]["status"] == "proved"
    assert results["c"]["status"] == "failed"
    with out.open("ab") as f:
        f.write(b'{"name": "torn')  # a line cut by a crash
    r = runner.invoke(app, ["batch", str(suite), "--timeout", "5", "--out", str(out), "--resume"])
    assert r.exit_code == 0
    lines = out.read_text().splitlines()
    assert len(lines) == 3 and all(json.loads(l) for l in lines)


def test_batch_survives_sigkill_and_resumes(tmp_path):
    suite = tmp_path / "s.jsonl"
    names = [f"t{i}" for i in range(6)]
    suite.write_text("".join(json.dumps({"name": n, "statement": f"theorem {n} : {i} + 1 = {i + 1}"}) + "\n"
                             for i, n in enumerate(names)))
    out = tmp_path / "r.jsonl"
    cmd = [sys.executable, "-m", "prover", "batch", str(suite), "--timeout", "5", "--workers", "1", "--out", str(out)]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.time() + 60
    while time.time() < deadline and (not out.exists() or len(out.read_text().splitlines()) < 2):
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    before = read_results(out)
    assert 2 <= len(before) < len(names) or len(before) == len(names)
    subprocess.run(cmd + ["--resume"], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    after = [json.loads(l) for l in out.read_text().splitlines()]
    assert sorted(r["name"] for r in after) == names  # nothing redone, nothing lost
    for r in after:
        if r["name"] in before:
            assert r == before[r["name"]]


def test_batch_passes_export_and_check(tmp_path):
    suite = tmp_path / "s.jsonl"
    stmts = ["theorem a (x : ℝ) (h : 2 * x + 1 = 7) : x = 3", "theorem b (x : ℝ) (h : x = 2) : x ^ 2 = 5",
             "theorem c (f : ℕ → ℕ) (h0 : f 0 = 1) (h : ∀ n, f (n + 1) = 2 * f n) : f 100 = 2 ^ 100"]
    suite.write_text("".join(json.dumps({"name": s.split()[1], "statement": s}) + "\n" for s in stmts))
    out, proofs = tmp_path / "r.jsonl", tmp_path / "proofs"
    r = runner.invoke(app, ["batch", str(suite), "--timeout", "4", "--passes", "2", "--out", str(out),
                            "--export-lean", str(proofs), "--model", "none", "--no-memory"])
    assert r.exit_code == 0
    lines = [json.loads(l) for l in out.read_text().splitlines()]
    assert [l["name"] for l in lines].count("b") == 2  # the failure was retried in pass 2
    verdicts = {l["name"]: l["verdict"] for l in lines}
    # c: the oracle evaluates the recurrence; a kernel chain of 100 instances is over its cap
    assert verdicts == {"a": "checked", "b": "disproved", "c": "true-by-oracle"}, verdicts
    assert [l["counterexample"] for l in lines if l["name"] == "b"][-1] == {"x": "2"}
    summary = " ".join(r.stdout.split())
    assert "checked" in summary and "true-by-oracle" in summary and "disproved" in summary
    assert sorted(p.name for p in proofs.iterdir()) == ["a.lean", "c.lean"]
    checked = runner.invoke(app, ["check", str(proofs / "a.lean")])
    assert checked.exit_code == 0 and "checked" in checked.stdout
    assert "sorry -- true by oracle" in (proofs / "c.lean").read_text()
    refused = runner.invoke(app, ["check", str(proofs / "c.lean")])
    assert refused.exit_code == 1 and "sorry" in refused.stdout


def test_batch_with_memory_uses_an_earlier_theorem_and_its_export_checks(tmp_path):
    """The second theorem needs the first (induction does not go through on it); the memory
    learns the first, the second applies it, and the exported file carries both proofs."""
    suite = tmp_path / "s.jsonl"
    stmts = ["theorem pow3 (n : ℕ) : 3 ^ n ≥ 2 * n + 1", "theorem use3 (m : ℕ) (h : 3 ^ (m + 2) ≤ 2 * m + 4) : False"]
    suite.write_text("".join(json.dumps({"name": s.split()[1], "statement": s}) + "\n" for s in stmts))
    out, proofs = tmp_path / "r.jsonl", tmp_path / "proofs"
    r = runner.invoke(app, ["batch", str(suite), "--timeout", "10", "--workers", "1", "--out", str(out),
                            "--export-lean", str(proofs), "--model", "none", "--memory", str(tmp_path / "mem"),
                            "--encoder", "tfidf"])
    assert r.exit_code == 0, r.stdout + r.stderr
    use = [json.loads(l) for l in out.read_text().splitlines()][1]
    assert use["status"] == "proved" and "pow3" in use["proof"] and use["lemmas"][0]["name"] == "pow3"
    text = (proofs / "use3.lean").read_text()
    assert text.index("theorem pow3") < text.index("theorem use3")
    assert runner.invoke(app, ["check", str(proofs / "use3.lean")]).exit_code == 0
    # The same file with the lemma's proof broken: the lemma fails at its line, nothing is checked.
    broken = tmp_path / "broken.lean"
    broken.write_text(text.replace("induction n with", "norm_num\n  induction n with", 1))
    r = runner.invoke(app, ["check", str(broken)])
    assert r.exit_code == 1 and "not checked" in r.stdout


def test_train_policy_rejects_a_missing_held_out_suite(tmp_path):
    r = runner.invoke(app, ["train", "policy", "--synthetic", "1", "--held-out", str(tmp_path / "nope.jsonl"),
                            "--out", str(tmp_path / "m")])
    assert r.exit_code == 2 and "no such file" in " ".join(r.stderr.split()) and not (tmp_path / "m").exists()


def test_train_policy_writes_and_reads_its_pairs(tmp_path):
    pairs = [{"state": "x : ℝ\nh : 2 * x = 4\n⊢ x = 2", "tactic": "linarith"}, {"state": "n : ℕ\n⊢ 0 ≤ n", "tactic": "omega"}]
    given = tmp_path / "given.jsonl"
    given.write_text("".join(json.dumps(p, ensure_ascii=False) + "\n" for p in pairs), encoding="utf-8")
    saved = tmp_path / "saved.jsonl"
    r = runner.invoke(app, ["train", "policy", "--pairs", str(given), "--synthetic", "0", "--save-pairs", str(saved),
                            "--minutes", "0", "--out", str(tmp_path / "never")])
    assert r.exit_code == 0, r.stderr
    assert [json.loads(l) for l in saved.read_text(encoding="utf-8").splitlines()] == pairs
    assert not (tmp_path / "never").exists()  # 0 minutes: the pairs only
    bad = tmp_path / "bad.jsonl"
    bad.write_text(given.read_text(encoding="utf-8") + '{"state": "⊢ True"}\n', encoding="utf-8")
    r = runner.invoke(app, ["train", "policy", "--pairs", str(bad), "--synthetic", "0", "--minutes", "0"])
    assert r.exit_code == 2 and "bad.jsonl:3" in r.stderr
