"""Split miniF2F-valid into a train half and an eval half (deterministic, by a seeded
shuffle of names). Writes results/minif2f_train.jsonl and results/minif2f_eval.jsonl; the
eval half is never used for training.

    python bench/split_minif2f.py [--seed 0]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.foundation import MINIF2F  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    rows = [json.loads(l) for l in MINIF2F.read_text(encoding="utf-8").splitlines() if l.strip()]
    rows.sort(key=lambda r: r["name"])
    random.Random(args.seed).shuffle(rows)
    half = len(rows) // 2
    out = ROOT / "results"
    out.mkdir(exist_ok=True)
    for name, part in (("train", rows[:half]), ("eval", rows[half:])):
        (out / f"minif2f_{name}.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in part))
        print(f"results/minif2f_{name}.jsonl: {len(part)} theorems")


if __name__ == "__main__":
    main()
