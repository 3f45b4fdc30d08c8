"""Wall time of the command line as a user meets it (issue 15): `prover --help`, `prove` on an
easy statement (closed by the decision procedures: no model waited for), `prove` on one that
needs search (the LM and the encoder load), and `batch --resume` with nothing left to do.
Each command runs in a fresh process, `--repeat` times (default 5); the median is reported,
with the machine it ran on (CPU model, cores, load average: on a shared machine, the load
matters as much as the code).

    python bench/cli_latency.py [--repeat 5] [--json out.json]

Aims: --help ≤ 0.5 s, easy prove ≤ 2 s, batch --resume with nothing to do ≤ 3 s.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EASY = "theorem demo (x : ℝ) (h₀ : 3 * x - 7 = 11) : x = 6"
SEARCH = "theorem rec (n : ℕ) (u : ℕ → ℕ) (h₀ : u 0 = 1) (h₁ : ∀ n, u (n + 1) = 2 * u n) : u n = 2 ^ n"
AIMS = {"--help": 0.5, "prove (easy)": 2.0, "batch --resume (nothing to do)": 3.0, "bad input (slowest of 7)": 2.0}


def machine() -> str:
    model = ""
    try:
        model = next(l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name"))
    except (OSError, StopIteration):
        model = platform.processor() or platform.machine()
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    load = " ".join(f"{x:.1f}" for x in os.getloadavg()) if hasattr(os, "getloadavg") else "?"
    return f"{model}; {cores} cores; load average {load}; Python {platform.python_version()}; {platform.system()}"


def timed(args: list[str], env: dict, expect: set[int]) -> float:
    start = time.perf_counter()
    p = subprocess.run([sys.executable, "-m", "prover", *args], cwd=ROOT, env=env, capture_output=True)
    wall = time.perf_counter() - start
    if p.returncode not in expect:
        raise SystemExit(f"prover {' '.join(args)}: exit {p.returncode}\n{p.stderr.decode()[-2000:]}")
    return wall


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--json", type=Path, help="Also write the figures here.")
    opts = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="cli-latency-"))
    env = {**os.environ, "PROVER_MEMORY": str(work / "memory")}  # the default memory, a fresh one
    suite = work / "suite.jsonl"
    suite.write_text("".join(json.dumps({"name": f"t{i}", "statement": f"theorem t{i} : {i} + 1 = {i + 1}"}) + "\n"
                             for i in range(20)))
    results = work / "results.jsonl"
    timed(["batch", str(suite), "--out", str(results), "--no-search"], env, {0})  # every theorem done
    cases = {
        "--help": (["--help"], {0}),
        "prove (easy)": (["prove", EASY], {0}),
        "prove (needs search)": (["prove", SEARCH, "--timeout", "20"], {0, 1}),
        "batch --resume (nothing to do)": (["batch", str(suite), "--out", str(results), "--resume"], {0}),
    }
    bad_file = work / "bad.lean"
    bad_file.write_bytes(b"theorem t : 1 = \xff")
    bad_inputs = [["prove", "--file", str(bad_file)], ["prove", f"theorem t : ({'9' * 100_000} : \u2115) = 1"],
                  ["prove", EASY, "--model", "/no/such/dir"], ["prove", EASY, "--model", "some-org/unknown"],
                  ["prove", EASY, "--timeout", "nan"], ["prove", EASY, "--timeout", "-5"],
                  ["batch", str(suite), "--limit", "-3"]]
    print(f"machine: {machine()}")
    figures = {}
    for label, (args, expect) in cases.items():
        walls = [timed(args, env, expect) for _ in range(opts.repeat)]
        figures[label] = {"median_s": round(statistics.median(walls), 3), "runs_s": [round(w, 3) for w in walls]}
        aim = f"  (aim ≤ {AIMS[label]:g} s)" if label in AIMS else ""
        print(f"{label:32} median {statistics.median(walls):6.2f} s   runs {', '.join(f'{w:.2f}' for w in walls)}{aim}",
              flush=True)
    walls = [max(timed(args, env, {2}) for args in bad_inputs) for _ in range(opts.repeat)]
    label = "bad input (slowest of 7)"
    figures[label] = {"median_s": round(statistics.median(walls), 3), "runs_s": [round(w, 3) for w in walls]}
    print(f"{label:32} median {statistics.median(walls):6.2f} s   runs {', '.join(f'{w:.2f}' for w in walls)}"
          f"  (aim ≤ {AIMS[label]:g} s)", flush=True)
    print(f"machine after: {machine()}")
    if opts.json:
        opts.json.write_text(json.dumps({"machine": machine(), "figures": figures}, indent=1))


if __name__ == "__main__":
    main()
