"""Contrastive fine-tuning of the retrieval encoder (InfoNCE).

Each batch holds (goal, positive lemma) pairs; every other lemma in the batch is a negative
(in-batch negatives, with same-lemma collisions masked), plus one hard negative per pair:
the wrong lemma the current encoder ranks highest for that goal. Loss: cross-entropy of the
scaled cosine similarities (temperature 0.05). The tuned model and tokenizer are saved in
the output folder, loadable by `MiniLMEncoder(path)`.
"""

from __future__ import annotations

import random
import time
from pathlib import Path

import numpy as np

from prover.learn.pairs import Pair


def recall_at_k(encoder, pairs: list[Pair], lemma_texts: dict[str, str], k: int = 10) -> float:
    """Share of goals whose positive lemma is among the k nearest lemmas."""
    names = list(lemma_texts)
    lemma_vecs = encoder.encode([lemma_texts[n] for n in names])
    goal_vecs = encoder.encode([p.goal for p in pairs])
    scores = goal_vecs @ lemma_vecs.T
    hits = 0
    for i, p in enumerate(pairs):
        top = np.argsort(-scores[i])[:k]
        hits += p.lemma in {names[j] for j in top}
    return hits / max(len(pairs), 1)


def train_retriever(pairs: list[Pair], lemma_texts: dict[str, str], out_dir: Path, base: str | Path | None = None,
                    epochs: int = 1, batch_size: int = 32, lr: float = 3e-5, temperature: float = 0.05,
                    seed: int = 0, log=print) -> dict:
    import torch
    from prover.memory.retrieval import MiniLMEncoder
    torch.manual_seed(seed)
    rng = random.Random(seed)
    enc = MiniLMEncoder(base)
    model, tok = enc.model, enc.tokenizer
    model.train()
    names = list(lemma_texts)
    usable = [p for p in pairs if p.lemma in lemma_texts]
    # Hard negatives from the untuned encoder: the best-ranked wrong lemma per goal.
    lemma_vecs = enc.encode([lemma_texts[n] for n in names])
    goal_vecs = enc.encode([p.goal for p in usable])
    ranked = np.argsort(-(goal_vecs @ lemma_vecs.T), axis=1)
    hard = [next(names[j] for j in ranked[i] if names[j] != p.lemma) for i, p in enumerate(usable)]
    opt = torch.optim.AdamW(model.parameters(), lr=lr)
    start, losses = time.monotonic(), []
    for epoch in range(epochs):
        order = list(range(len(usable)))
        rng.shuffle(order)
        for b in range(0, len(order), batch_size):
            idx = order[b:b + batch_size]
            goals = [usable[i].goal for i in idx]
            pos_names = [usable[i].lemma for i in idx]
            cand_names = list(dict.fromkeys(pos_names + [hard[i] for i in idx]))
            q = enc._embed(goals)
            c = enc._embed([lemma_texts[n] for n in cand_names])
            logits = q @ c.T / temperature
            target = torch.tensor([cand_names.index(n) for n in pos_names])
            loss = torch.nn.functional.cross_entropy(logits, target)
            opt.zero_grad()
            loss.backward()
            opt.step()
            losses.append(float(loss.detach()))
        log(f"epoch {epoch + 1}/{epochs}: mean loss {np.mean(losses[-max(len(order) // batch_size, 1):]):.4f}")
    model.eval()
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(str(out_dir))
    tok.save_pretrained(str(out_dir))
    return {"pairs": len(usable), "epochs": epochs, "final_loss": float(np.mean(losses[-10:])) if losses else None,
            "time_s": round(time.monotonic() - start, 1)}
