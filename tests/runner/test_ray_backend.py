"""The Ray backend on a real local Ray cluster (2 CPUs): the same results as the local backend,
a hanging theorem cancelled in time, a killed batch resumed without redoing or losing results.
Skipped, with the reason, where Ray is not installed (`pip install -e ".[ray]"`)."""

import json
import os
import signal
import subprocess
import sys
import time

import pytest
from typer.testing import CliRunner

from prover.cli import app
from prover.runner.batch import GRACE_S, read_results, run_batch
from prover.runner.suite import SuiteEntry

pytestmark = pytest.mark.xdist_group("ray")  # one test process holds the cluster

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
runner = CliRunner()

STATEMENTS = ["theorem a : 2 + 2 = 4", "theorem b (x : ℝ) (h : x = 2) : x ^ 2 = 4", "theorem c : 2 + 2 = 5",
              "theorem d (n : ℕ) (h : n + 3 = 5) : n = 2", "theorem e : (x : ℝ) +", "theorem f (a b : ℤ) : (a + b) ^ 2 = a ^ 2 + 2 * a * b + b ^ 2"]


def _entries():
    return [SuiteEntry(s.split()[1], s) for s in STATEMENTS]


def hang(entry, timeout_s, use_search, memory, lm):
    """A theorem that never returns: ignores its deadline, as a stuck solver would."""
    if entry.name.startswith("hang"):
        while True:
            time.sleep(1)
    return {"name": entry.name, "status": "proved", "proof": "rfl", "time_s": 0.0}


@pytest.fixture(scope="module")
def cluster():
    ray = pytest.importorskip("ray", reason="Ray is not installed: pip install -e '.[ray]'")
    from prover.runner.ray_backend import connect
    started = connect(None, num_cpus=2)
    yield ray
    if started:
        ray.shutdown()


def test_ray_gives_the_same_results_as_local(cluster, tmp_path):
    local = run_batch(_entries(), 5, 2, tmp_path / "local.jsonl", use_search=True)
    on_ray = run_batch(_entries(), 5, 2, tmp_path / "ray.jsonl", use_search=True, backend="ray")
    key = lambda rs: {r["name"]: (r["status"], r.get("proof"), r.get("verdict")) for r in rs}
    assert key(on_ray) == key(local)
    assert key(on_ray)["a"][0] == "proved" and key(on_ray)["c"][0] == "failed" and key(on_ray)["e"][0] == "error"
    assert sorted(read_results(tmp_path / "ray.jsonl")) == sorted(e.name for e in _entries())


def test_a_hanging_theorem_is_cancelled_in_time_and_the_batch_goes_on(cluster, tmp_path):
    from prover.runner.ray_backend import run_batch_ray
    cluster.cloudpickle.register_pickle_by_value(sys.modules[__name__])   # ship `hang` itself to the workers
    entries = [SuiteEntry("hang1", "theorem hang1 : 1 = 1"), SuiteEntry("ok1", "theorem ok1 : 1 = 1"),
               SuiteEntry("ok2", "theorem ok2 : 1 = 1")]
    seen = []
    start = time.monotonic()
    results = run_batch_ray(entries, 1.0, 2, tmp_path / "r.jsonl", lambda r: seen.append((r["name"], time.monotonic())),
                            prove=hang)
    by = {r["name"]: r for r in results}
    assert by["hang1"]["status"] == "timeout" and by["ok1"]["status"] == by["ok2"]["status"] == "proved"
    hang_done = dict(seen)["hang1"] - start
    # the theorem never returns: being cancelled at all is the point; the slack covers a loaded machine
    assert hang_done < 1.0 + GRACE_S + 30.0, f"hanging theorem cancelled only after {hang_done:.1f}s"
    assert sorted(read_results(tmp_path / "r.jsonl")) == ["hang1", "ok1", "ok2"]


def test_a_ray_batch_killed_mid_run_resumes(cluster, tmp_path):
    address = cluster.get_runtime_context().gcs_address
    suite = tmp_path / "s.jsonl"
    names = [f"t{i}" for i in range(8)]
    suite.write_text("".join(json.dumps({"name": n, "statement": f"theorem {n} : {i} + 1 = {i + 1}"}) + "\n"
                             for i, n in enumerate(names)))
    out = tmp_path / "r.jsonl"
    cmd = [sys.executable, "-m", "prover", "batch", str(suite), "--timeout", "5", "--workers", "1", "--out", str(out),
           "--no-memory", "--model", "none", "--backend", "ray", "--address", address]
    env = dict(os.environ, PYTHONPATH=ROOT)
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            start_new_session=True)
    deadline = time.time() + 120
    while time.time() < deadline and proc.poll() is None and (not out.exists() or len(out.read_text().splitlines()) < 2):
        time.sleep(0.05)
    assert proc.poll() is None, proc.stderr.read().decode()[-2000:]
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    before = read_results(out)
    assert 2 <= len(before) <= len(names)
    done = subprocess.run(cmd + ["--resume"], check=False, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                          timeout=180)
    assert done.returncode == 0, done.stderr.decode()[-2000:]
    after = [json.loads(line) for line in out.read_text().splitlines()]
    assert sorted(r["name"] for r in after) == names  # nothing redone, nothing lost
    assert all(r["status"] == "proved" for r in after)
    for r in after:
        if r["name"] in before:
            assert r == before[r["name"]]


def test_backend_ray_without_ray_is_a_clear_exit_2(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "ray", None)   # `import ray` now fails as where it is not installed
    suite = tmp_path / "s.jsonl"
    suite.write_text(json.dumps({"name": "a", "statement": "theorem a : 1 = 1"}) + "\n")
    r = runner.invoke(app, ["batch", str(suite), "--backend", "ray"])
    assert r.exit_code == 2 and "pip install" in r.stderr and "ray" in r.stderr


def test_unknown_backend_and_stray_address_are_exit_2(tmp_path):
    suite = tmp_path / "s.jsonl"
    suite.write_text(json.dumps({"name": "a", "statement": "theorem a : 1 = 1"}) + "\n")
    assert runner.invoke(app, ["batch", str(suite), "--backend", "spark"]).exit_code == 2
    assert runner.invoke(app, ["batch", str(suite), "--address", "auto"]).exit_code == 2


def test_a_ray_batch_learns_into_the_memory_and_a_later_pass_applies_it(cluster, tmp_path):
    """Workers get the memory as it was when their pass started; the driver learns every result
    and saves under the lock, so the second pass's workers can apply what the first proved."""
    suite = tmp_path / "s.jsonl"
    stmts = ["theorem pow3 (n : ℕ) : 3 ^ n ≥ 2 * n + 1", "theorem use3 (m : ℕ) (h : 3 ^ (m + 2) ≤ 2 * m + 4) : False"]
    suite.write_text("".join(json.dumps({"name": s.split()[1], "statement": s}) + "\n" for s in stmts))
    out, mem = tmp_path / "r.jsonl", tmp_path / "mem"
    r = runner.invoke(app, ["batch", str(suite), "--timeout", "4", "--passes", "2", "--workers", "2", "--out", str(out),
                            "--model", "none", "--memory", str(mem), "--encoder", "tfidf", "--backend", "ray"])
    assert r.exit_code == 0, r.stdout + r.stderr
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    final = {row["name"]: row for row in lines}
    assert final["pow3"]["status"] == "proved"
    assert final["use3"]["status"] == "proved" and final["use3"]["lemmas"][0]["name"] == "pow3"
    stats = json.loads(runner.invoke(app, ["memory", "stats", "--memory", str(mem), "--json"]).stdout)
    assert stats["kinds"]["theorem"] == 2


def test_workers_that_cannot_start_end_the_batch_with_a_clear_error(cluster, tmp_path, monkeypatch):
    import prover.runner.ray_backend as rb
    from prover.errors import ProverError
    from prover.memory.graph import GRAPH_FILE
    monkeypatch.setattr(rb, "_memory_payload", lambda memory: ({GRAPH_FILE: b"not json"}, "tfidf"))
    with pytest.raises(ProverError, match="fail to start.*not a memory file"):
        rb.run_batch_ray([SuiteEntry("a", "theorem a : 1 = 1")], 2.0, 1, tmp_path / "r.jsonl", memory=object())
    assert not (tmp_path / "r.jsonl").exists()


def test_an_address_with_no_cluster_is_a_quick_exit_2(tmp_path):
    pytest.importorskip("ray", reason="Ray is not installed: pip install -e '.[ray]'")
    import socket
    with socket.socket() as s:   # a port nothing listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    suite = tmp_path / "s.jsonl"
    suite.write_text(json.dumps({"name": "a", "statement": "theorem a : 1 = 1"}) + "\n")
    start = time.monotonic()
    r = runner.invoke(app, ["batch", str(suite), "--backend", "ray", "--address", f"127.0.0.1:{port}"])
    assert r.exit_code == 2 and "cannot reach a Ray cluster" in r.stderr and time.monotonic() - start < 30
