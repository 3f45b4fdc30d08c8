"""Prove a small suite with worker processes and read the results back."""
import json
from pathlib import Path

from prover import Prover

suite = Path("suite.jsonl")
suite.write_text("".join(json.dumps({"name": n, "statement": s}, ensure_ascii=False) + "\n" for n, s in [
    ("two", "theorem two : (2 : ℕ) + 2 = 4"),
    ("lin", "theorem lin (x : ℝ) (h : 2 * x + 1 = 7) : x = 3"),
    ("wrong", "theorem wrong (n : ℕ) : n + 1 = n"),
]), encoding="utf-8")

Path("results.jsonl").unlink(missing_ok=True)     # (an existing file needs resume=True)
prover = Prover(model="none")                      # decision procedures and search, no LM
for r in prover.batch(suite, out="results.jsonl", timeout=5, workers=2):
    print(f"{r.name:6} {r.status:7} {r.proof or ''}")
print(sum(1 for _ in open("results.jsonl")), "lines in results.jsonl")   # one JSON object each
