"""LM latency: time to propose 8 tactics per state, one state at a time and batched, and
time to score 16 candidate tactics of a state (the ranking pass search makes per state).

    python bench/lm.py [--model models/tactic-lm] [--device auto] [--dtype auto]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.foundation import machine  # noqa: E402
from prover.policy.lm import DEFAULT_MODEL, HFProposer, build_prompt  # noqa: E402
from prover.state import load_theorem  # noqa: E402

STATES = ["theorem a (x : ℝ) (h : 3 * x - 7 = 11) : x = 6", "theorem b (n : ℕ) : 7 ∣ 8 ^ n - 1",
          "theorem c (a b : ℝ) : 2 * a * b ≤ a ^ 2 + b ^ 2", "theorem d (n : ℕ) (h : n % 7 = 3) : (2 * n + 1) % 7 = 0",
          "theorem e (x y : ℝ) (hx : 0 < x) (hy : 0 < y) : Real.log (x * y) = Real.log x + Real.log y",
          "theorem f (n : ℕ) : ∑ k ∈ Finset.range n, (2 * k + 1) = n ^ 2", "theorem g (x : ℝ) : Real.cos x ^ 2 ≤ 1",
          "theorem h (a : ℤ) : a ^ 2 % 4 = 0 ∨ a ^ 2 % 4 = 1"]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--model", default=str(DEFAULT_MODEL))
    ap.add_argument("--device", default="auto")
    ap.add_argument("--dtype", default="auto", help="auto, float32, float16 or bfloat16")
    args = ap.parse_args()
    t = time.perf_counter()
    lm = HFProposer(args.model, device=args.device, dtype=args.dtype)
    load_s = time.perf_counter() - t
    prompts = [build_prompt(load_theorem(s).goal) for s in STATES]
    lm.generate(prompts[:1], 8)  # warm-up
    single = []
    for p in prompts:
        t = time.perf_counter()
        lm.generate([p], 8)
        single.append((time.perf_counter() - t) * 1000)
    runs = []
    for _ in range(5):
        t = time.perf_counter()
        out = lm.generate(prompts, 8)
        runs.append((time.perf_counter() - t) * 1000 / len(prompts))
    batched = statistics.median(runs)
    candidates = ["nlinarith", "linarith", "norm_num", "ring", "induction n", "positivity", "omega", "simp",
                  "nlinarith [sq_nonneg (a - b)]", "rw [Real.log_mul] at h₁", "interval_cases n", "decide",
                  "rcases (by omega : n % 2 = 0 ∨ n % 2 = 1) with h | h", "field_simp", "constructor", "intro x"]
    scoring = []
    for p in prompts:
        t = time.perf_counter()
        lm.score(p, candidates, per_token=True)
        scoring.append((time.perf_counter() - t) * 1000)
    n_params = sum(p.numel() for p in lm.model.parameters())
    device = lm.device if lm.device == "cpu" else f"{lm.device} ({lm.torch.cuda.get_device_name()})"
    print(f"machine: {machine()}; device {device}, {lm.model.dtype}; model {args.model} "
          f"({n_params / 1e6:.1f}M parameters), load {load_s:.2f}s")
    print(f"8 proposals per state: {statistics.median(single):.0f} ms (one state), {batched:.0f} ms per state (batch of {len(prompts)}, median of 5)")
    print(f"scoring {len(candidates)} candidates of a state: {statistics.median(scoring):.0f} ms")
    print("sample:", prompts[1].splitlines()[0], "->", [t for t, _ in out[1][:4]])


if __name__ == "__main__":
    main()
