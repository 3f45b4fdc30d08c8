#!/usr/bin/env bash
# Does a bigger tactic LM help? On a machine with CUDA: train a wider, deeper LLaMA on the
# shipped model's corpus (on the GPU, for MINUTES), then measure its latency and the miniF2F eval
# half with the shipped model, the bigger one and no LM, all at 10 s with the LM on the GPU.
#
#   python -m prover train policy --data results/train_minif2f_proofs.jsonl \
#       --data results/train_search_suite_proofs.jsonl --data results/train_curriculum_proofs.jsonl \
#       --synthetic 150 --held-out results/minif2f_eval.jsonl --save-pairs results/corpus.jsonl --minutes 0
#   bash bench/gpu_bigger_lm.sh [OUTDIR] [MINUTES] [WORKERS]
#
# Needs results/corpus.jsonl (above) and results/minif2f_eval.jsonl; wheels in .whl/ as for
# bench/gpu_check.sh.
set -uo pipefail
OUT=${1:-${OUT:-/tmp/gpu_bigger_lm}}
MINUTES=${2:-3}
WORKERS=${3:-14}
LOG="$OUT/gpu_bigger_lm.log"
mkdir -p "$OUT"
source "$(dirname "$0")/gpu_env.sh"

step gpu 30 nvidia-smi --query-gpu=name,memory.total --format=csv
step train 400 python3 -m prover train policy --pairs results/corpus.jsonl --synthetic 0 --device cuda \
    --hidden 512 --layers 8 --minutes "$MINUTES" --out /tmp/bigger-lm
cp /tmp/bigger-lm/training.json "$OUT/bigger_training.json" 2>/dev/null
step latency 120 python3 bench/lm.py --model /tmp/bigger-lm --device cuda
step eval_bigger 300 python3 bench/lm_search.py --suite results/minif2f_eval.jsonl --model /tmp/bigger-lm \
    --workers "$WORKERS" --timeout 10
cp results/lm_search_minif2f_eval_lm.jsonl "$OUT/eval_bigger.jsonl" 2>/dev/null
step eval_shipped 300 python3 bench/lm_search.py --suite results/minif2f_eval.jsonl --workers "$WORKERS" --timeout 10
cp results/lm_search_minif2f_eval_lm.jsonl "$OUT/eval_shipped.jsonl" 2>/dev/null
exit 0
