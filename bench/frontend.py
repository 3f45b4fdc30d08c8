"""Parse-and-elaborate rate of the front end on the benchmark sets, by failure class.

    python -m bench.frontend                       # both sets, classes ranked by count
    python -m bench.frontend --show 'unknown identifier'   # the statements of matching classes
    python -m bench.frontend --json out.json

A statement counts as elaborated when `load_theorem(statement, header=header)` returns. Every
failure is classed by its exception type and message (names and numbers in quotes folded, so
`unknown identifier 'x'` and `'y'` are one class); an exception that is not a
`LeanSyntaxError` is a crash, counted apart. Benchmark files are read from
`../shared/benchmarks/` (never copied).
"""

from __future__ import annotations

import argparse
import collections
import json
import re
import sys
import time
from pathlib import Path

SETS = {"minif2f-valid": "minif2f/valid.jsonl", "lean-workbook-dev": "lean_workbook/dev.jsonl"}


def bench_root() -> Path:
    for base in (Path(__file__).resolve().parents[1], Path.cwd()):
        for up in (base, *base.parents):
            if (up / "shared" / "benchmarks").is_dir():
                return up / "shared" / "benchmarks"
    return Path("/work/shared/benchmarks")


def failure_class(err: BaseException) -> str:
    from prover.errors import LeanSyntaxError, UnsupportedSyntax
    if isinstance(err, UnsupportedSyntax):
        return "unsupported: " + re.sub(r"\b\d+\b", "N", err.construct)[:70]
    if isinstance(err, LeanSyntaxError):
        msg = err.message
        if msg.startswith(("unknown identifier", "unknown function", "expected a proposition")):
            msg = re.sub(r"'[^']*'", "'…'", msg)
        msg = re.sub(r"\b\d+\b", "N", msg)
        return f"{type(err).__name__}: {msg[:70]}"
    return f"CRASH {type(err).__name__}: {str(err)[:60]}"


def run(name: str, path: Path):
    from prover.errors import LeanSyntaxError
    from prover.state import load_theorem
    rows = [json.loads(l) for l in path.read_text(encoding="utf-8").splitlines() if l.strip()]
    classes: dict[str, list[str]] = collections.defaultdict(list)
    ok = 0
    slowest = (0.0, "")
    for r in rows:
        t0 = time.perf_counter()
        try:
            load_theorem(r["statement"], name=r.get("name"), header=r.get("header"))
            ok += 1
        except LeanSyntaxError as err:
            classes[failure_class(err)].append(f"{r.get('name')}: {err}")
        except Exception as err:   # noqa: BLE001 - a crash is what this benchmark measures
            classes[failure_class(err)].append(f"{r.get('name')}: {type(err).__name__}: {err}")
        dt = time.perf_counter() - t0
        if dt > slowest[0]:
            slowest = (dt, r.get("name"))
    return {"set": name, "total": len(rows), "ok": ok, "classes": dict(classes), "slowest": slowest}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--show", help="print the failures of classes containing this text")
    ap.add_argument("--json", type=Path, help="write the results as JSON")
    ap.add_argument("--set", choices=sorted(SETS), action="append")
    args = ap.parse_args(argv)
    root = bench_root()
    results = []
    for name in args.set or SETS:
        res = run(name, root / SETS[name])
        results.append(res)
        crashes = sum(len(v) for k, v in res["classes"].items() if k.startswith("CRASH"))
        print(f"{name}: {res['ok']}/{res['total']} parse and elaborate ({100 * res['ok'] / res['total']:.1f}%), "
              f"crashes {crashes}, slowest {res['slowest'][0]:.2f}s ({res['slowest'][1]})")
        for cls, items in sorted(res["classes"].items(), key=lambda kv: (-len(kv[1]), kv[0])):
            print(f"  {len(items):4d}  {cls}")
            if args.show and args.show in cls:
                for it in items:
                    print(f"          {it[:300]}")
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
