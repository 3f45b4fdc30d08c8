#!/usr/bin/env bash
# The GPU path end to end, on a machine with CUDA:
#   the LM tests (the CUDA one runs where a GPU is visible), LM latency on CUDA (float32 and
#   bfloat16) and on the same machine's CPU, a proof with `--device cuda` and the model by path,
#   and the eval half with and without the LM, whose batch workers share the GPU model (served
#   from the batch process: forked workers cannot use a GPU their parent initialized).
#
#   bash bench/gpu_check.sh [OUTDIR] [WORKERS]
#
# Needs results/minif2f_eval.jsonl (python bench/split_minif2f.py). Packages missing on the
# machine may come as wheels in .whl/ (installed to /tmp/site); the project is run from source.
set -uo pipefail
OUT=${1:-${OUT:-/tmp/gpu_check}}
WORKERS=${2:-14}
LOG="$OUT/gpu_check.log"
mkdir -p "$OUT"
source "$(dirname "$0")/gpu_env.sh"

step gpu 30 nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv
step versions 60 python3 -c "import sys, torch, transformers, z3; print(sys.version.split()[0], 'torch', torch.__version__, 'transformers', transformers.__version__, 'z3', z3.get_version_string(), 'cuda', torch.cuda.is_available())"
step tests 240 python3 -m pytest -q -p no:cacheprovider -o addopts= tests/policy/test_lm.py -rs
step latency_cuda 120 python3 bench/lm.py --device cuda
step latency_cuda_bf16 120 python3 bench/lm.py --device cuda --dtype bfloat16
step latency_cpu 120 python3 bench/lm.py --device cpu
step prove_cuda 90 python3 -m prover prove --device cuda --model models/tactic-lm --no-memory --timeout 30 --json \
    "theorem r (n : ℕ) (a : ℕ → ℕ) (h₀ : a 0 = 0) (h₁ : ∀ m, a (m + 1) = 2 * a m + (2 * m + 2)) : a n = 2 ^ (n + 2) - (2 * n + 4)"
step eval_half_cuda 330 python3 bench/lm_search.py --suite results/minif2f_eval.jsonl --workers "$WORKERS" --timeout 10
cp results/lm_search_minif2f_eval_*.jsonl "$OUT"/ 2>/dev/null
exit 0
