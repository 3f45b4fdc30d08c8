"""Retrieval benchmark: recall@10 on held-out (goal, lemma) pairs for TF-IDF, the untuned
MiniLM encoder and the fine-tuned one; and retrieval latency at 1k, 10k and 100k lemmas.

    python bench/retrieval.py [--per-lemma 40] [--epochs 1] [--skip-train]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.foundation import machine  # noqa: E402
from prover.learn.pairs import split, synthetic_pairs  # noqa: E402
from prover.learn.retriever import recall_at_k, train_retriever  # noqa: E402
from prover.memory.graph import LemmaGraph  # noqa: E402
from prover.memory.retrieval import MiniLMEncoder, TfidfEncoder, VectorIndex  # noqa: E402


def lemma_texts() -> dict[str, str]:
    g = LemmaGraph()
    g.seed_library()
    return {d["name"]: d["statement"] for _, d in g.graph.nodes(data=True)}


def latency(encoder) -> list[tuple[int, float, float]]:
    rng = np.random.default_rng(0)
    dim = 384
    query_ms = []
    for q in ["Real.log (x * y) = 1", "0 ≤ (a - b) ^ 2 + c", "Real.cos (2 * x) = 1"] * 5:
        t = time.perf_counter()
        encoder.encode([q])
        query_ms.append((time.perf_counter() - t) * 1000)
    rows = []
    for n in (1_000, 10_000, 100_000):
        idx = VectorIndex()
        m = rng.standard_normal((n, dim)).astype(np.float32)
        idx.add([f"L{i}" for i in range(n)], m / np.linalg.norm(m, axis=1, keepdims=True))
        q = rng.standard_normal(dim).astype(np.float32)
        q /= np.linalg.norm(q)
        times = []
        for _ in range(30):
            t = time.perf_counter()
            idx.search(q, 10)
            times.append((time.perf_counter() - t) * 1000)
        rows.append((n, statistics.median(times), statistics.median(query_ms)))
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--per-lemma", type=int, default=40)
    ap.add_argument("--epochs", type=int, default=1)
    ap.add_argument("--skip-train", action="store_true")
    ap.add_argument("--out", default=str(ROOT / "results" / "retriever"))
    args = ap.parse_args()
    texts = lemma_texts()
    train, held = split(synthetic_pairs(args.per_lemma, seed=1), 0.2, seed=1)
    print(f"machine: {machine()}")
    print(f"pairs: {len(train)} train, {len(held)} held out; {len(texts)} candidate lemmas")
    tfidf = TfidfEncoder().fit(list(texts.values()) + [p.goal for p in train])
    print(f"recall@10 TF-IDF:            {recall_at_k(tfidf, held, texts):.3f}")
    base = MiniLMEncoder()
    print(f"recall@10 MiniLM (untuned):  {recall_at_k(base, held, texts):.3f}")
    if not args.skip_train:
        info = train_retriever(train, texts, Path(args.out), epochs=args.epochs)
        tuned = MiniLMEncoder(args.out)
        print(f"recall@10 MiniLM (tuned):    {recall_at_k(tuned, held, texts):.3f}   (training: {info})")
    for n, ms, q in latency(base):
        print(f"retrieval latency at {n:>7,} lemmas: index search {ms:.2f} ms (median), query encoding {q:.1f} ms")


if __name__ == "__main__":
    main()
