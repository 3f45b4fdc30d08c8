"""The same suite on the local backend and on Ray, wall time side by side.

Both backends run the same entries with the same per-theorem timeout and the same number of
workers (local: forked processes; Ray: actors on a local Ray instance started with that many
CPUs). The Ray figures separate starting Ray from the batch itself (actors starting, models
loading, tasks), so the overhead per theorem is what a running cluster costs.

    python bench/ray_vs_local.py --limit 40 --timeout 5            # a quick comparison
    python bench/ray_vs_local.py --limit 0 --timeout 10 --json out.json   # the full 244 problems

By default the LM and the memory are off (`--with-models` turns both on, each backend with a
fresh memory), so the comparison measures scheduling, not model loading.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from prover.runner.batch import run_batch
from prover.runner.suite import load_suite

MINIF2F = Path(__file__).resolve().parents[2] / "shared" / "benchmarks" / "minif2f" / "valid.jsonl"


def _models(with_models: bool, folder: Path):
    if not with_models:
        return None, None
    from prover.memory.session import MemorySession
    from prover.policy.compose import load_lm
    session = MemorySession(folder, "auto", "bench")
    return session, load_lm("default", "cpu", "auto", session.retriever)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--suite", default=str(MINIF2F))
    ap.add_argument("--limit", type=int, default=40, help="first N problems (0: all)")
    ap.add_argument("--timeout", type=float, default=5.0)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--with-models", action="store_true", help="memory and LM on (as `prover batch` by default)")
    ap.add_argument("--json", type=Path, help="write the figures here")
    args = ap.parse_args()
    entries = load_suite(args.suite)
    if args.limit:
        entries = entries[:args.limit]
    tmp = Path(tempfile.mkdtemp(prefix="ray-vs-local-"))

    memory, lm = _models(args.with_models, tmp / "mem-local")
    start = time.monotonic()
    local = run_batch(entries, args.timeout, args.workers, tmp / "local.jsonl", use_search=True, memory=memory, lm=lm)
    local_wall = time.monotonic() - start

    import ray

    from prover.runner.ray_backend import connect, run_batch_ray
    start = time.monotonic()
    connect(None, args.workers)
    ray_start = time.monotonic() - start
    memory, lm = _models(args.with_models, tmp / "mem-ray")
    start = time.monotonic()
    on_ray = run_batch_ray(entries, args.timeout, args.workers, tmp / "ray.jsonl", use_search=True, memory=memory, lm=lm)
    ray_wall = time.monotonic() - start
    ray.shutdown()

    def proved(rs):
        return {r["name"] for r in rs if r["status"] == "proved"}
    n = len(entries)
    figures = {
        "suite": args.suite, "problems": n, "timeout_s": args.timeout, "workers": args.workers,
        "with_models": args.with_models, "machine": f"{platform.node()} {platform.machine()}, {os.cpu_count()} CPUs, "
                                                   f"load average {os.getloadavg()[0]:.1f} at the end",
        "local": {"wall_s": round(local_wall, 1), "proved": len(proved(local))},
        "ray": {"start_s": round(ray_start, 1), "wall_s": round(ray_wall, 1), "proved": len(proved(on_ray))},
        "overhead_per_theorem_s": round((ray_wall - local_wall) / max(n, 1), 3),
        "overhead_per_theorem_with_start_s": round((ray_wall + ray_start - local_wall) / max(n, 1), 3),
        "proved_only_local": sorted(proved(local) - proved(on_ray)),
        "proved_only_ray": sorted(proved(on_ray) - proved(local)),
    }
    print(f"| backend | wall s | proved / {n} |\n|---|---:|---:|\n"
          f"| local ({args.workers} processes) | {local_wall:.1f} | {figures['local']['proved']} |\n"
          f"| ray ({args.workers} CPUs; + {ray_start:.1f} s to start Ray) | {ray_wall:.1f} | {figures['ray']['proved']} |")
    print(f"overhead per theorem: {figures['overhead_per_theorem_s']:+.3f} s "
          f"({figures['overhead_per_theorem_with_start_s']:+.3f} s counting Ray's start)")
    print(json.dumps(figures, indent=1))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1) + "\n")


if __name__ == "__main__":
    main()
