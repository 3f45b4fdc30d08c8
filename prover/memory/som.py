"""The meta-learning layer: a self-organizing map over goal embeddings.

Each cell of a small grid holds a prototype vector; goals map to their best-matching cell.
Cells keep per-tactic-kind statistics (successes, failures) from proofs and failed attempts,
and a proposal's log-probability is shifted by how well its kind of tactic has done on goals
of that region. `draw` renders the grid (dominant tactic kind per cell) to a PNG.

>>> import numpy as np
>>> som = SelfOrganizingMap(rows=3, cols=3, dim=4, seed=0)
>>> som.train(np.eye(4, dtype=np.float32), epochs=20)
>>> som.cell(np.array([1, 0, 0, 0], dtype=np.float32)) == som.cell(np.array([0.9, 0.1, 0, 0], dtype=np.float32))
True
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np


def tactic_kind(tactic: str) -> str:
    """`nlinarith [sq_nonneg (a - b)]` ↦ `nlinarith`; `rw [Real.log_mul]` ↦ `rw Real.log_mul`."""
    words = tactic.split()
    if not words:
        return ""
    if words[0] == "rw" and "[" in tactic:
        return "rw " + tactic[tactic.index("[") + 1:].split(",")[0].split("]")[0].strip()
    return words[0]


class SelfOrganizingMap:
    def __init__(self, rows: int = 8, cols: int = 8, dim: int = 384, seed: int = 0):
        rng = np.random.default_rng(seed)
        self.rows, self.cols, self.dim = rows, cols, dim
        w = rng.standard_normal((rows * cols, dim)).astype(np.float32)
        self.weights = w / np.linalg.norm(w, axis=1, keepdims=True)
        self.grid = np.array([(r, c) for r in range(rows) for c in range(cols)], dtype=np.float32)
        self.stats: list[dict[str, list[int]]] = [dict() for _ in range(rows * cols)]

    def cell(self, v: np.ndarray) -> int:
        return int(np.argmax(self.weights @ v))

    def train(self, vectors: np.ndarray, epochs: int = 30, lr: float = 0.5, seed: int = 0) -> None:
        if len(vectors) == 0:
            return
        rng = np.random.default_rng(seed)
        radius0 = max(self.rows, self.cols) / 2
        steps = epochs * len(vectors)
        t = 0
        for _ in range(epochs):
            for i in rng.permutation(len(vectors)):
                frac = t / max(steps, 1)
                radius = max(radius0 * (1 - frac), 0.5)
                rate = lr * (1 - frac) + 0.01
                bmu = self.cell(vectors[i])
                d2 = ((self.grid - self.grid[bmu]) ** 2).sum(1)
                h = np.exp(-d2 / (2 * radius * radius))[:, None]
                self.weights += rate * h * (vectors[i] - self.weights)
                self.weights /= np.linalg.norm(self.weights, axis=1, keepdims=True)
                t += 1

    def record(self, v: np.ndarray, tactic: str, success: bool) -> None:
        s = self.stats[self.cell(v)].setdefault(tactic_kind(tactic), [0, 0])
        s[0 if success else 1] += 1

    def prior(self, v: np.ndarray, tactic: str) -> float:
        """Log-odds shift for a tactic on this goal's cell (0 with no evidence)."""
        s = self.stats[self.cell(v)].get(tactic_kind(tactic))
        if not s:
            return 0.0
        return math.log((s[0] + 1) / (s[1] + 1))

    def save(self, folder: Path) -> None:
        folder = Path(folder)
        np.save(folder / "som_weights.npy", self.weights)
        (folder / "som_stats.json").write_text(json.dumps({"rows": self.rows, "cols": self.cols, "stats": self.stats}))

    @classmethod
    def load(cls, folder: Path) -> "SelfOrganizingMap | None":
        folder = Path(folder)
        if not (folder / "som_weights.npy").exists():
            return None
        meta = json.loads((folder / "som_stats.json").read_text())
        w = np.load(folder / "som_weights.npy")
        som = cls(meta["rows"], meta["cols"], w.shape[1])
        som.weights, som.stats = w, meta["stats"]
        return som

    def draw(self, path: Path, labels: list[str] | None = None) -> None:
        """A PNG of the grid: each cell colored by its dominant successful tactic kind."""
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
        kinds = sorted({k for s in self.stats for k in s})
        palette = plt.get_cmap("tab20")
        fig, ax = plt.subplots(figsize=(self.cols * 1.1 + 3, self.rows * 1.1))
        for idx, s in enumerate(self.stats):
            r, c = divmod(idx, self.cols)
            best = max(s.items(), key=lambda kv: kv[1][0], default=None)
            color = palette(kinds.index(best[0]) % 20) if best and best[1][0] else (0.93, 0.93, 0.93)
            ax.add_patch(plt.Rectangle((c, self.rows - 1 - r), 1, 1, color=color, ec="white"))
            n = sum(v[0] + v[1] for v in s.values())
            if n:
                ax.text(c + 0.5, self.rows - 0.5 - r, str(n), ha="center", va="center", fontsize=8)
        handles = [plt.Rectangle((0, 0), 1, 1, color=palette(i % 20)) for i in range(len(kinds))]
        if kinds:
            ax.legend(handles, kinds, loc="center left", bbox_to_anchor=(1.02, 0.5), fontsize=7, title="best tactic")
        ax.set_xlim(0, self.cols)
        ax.set_ylim(0, self.rows)
        ax.set_aspect("equal")
        ax.axis("off")
        ax.set_title("lemma memory: tactic outcomes per SOM cell, colored by the most successful tactic kind", fontsize=9)
        fig.savefig(path, dpi=120, bbox_inches="tight")
        plt.close(fig)


def build_from_graph(graph, encoder, rows: int = 8, cols: int = 8) -> SelfOrganizingMap:
    """Train a map on the memory's theorem and failed nodes; fill statistics from proofs."""
    g = graph.graph
    nodes = [n for n, d in g.nodes(data=True) if d["kind"] in ("theorem", "have", "failed")]
    vecs = encoder.encode([g.nodes[n]["statement"] for n in nodes]) if nodes else np.zeros((0, 384), np.float32)
    som = SelfOrganizingMap(rows, cols, vecs.shape[1] if len(vecs) else 384)
    som.train(vecs)
    for n, v in zip(nodes, vecs):
        d = g.nodes[n]
        if d["kind"] == "failed":
            som.record(v, "search", False)
            continue
        for line in (d.get("proof") or "").splitlines():
            line = line.strip().lstrip("·|").strip()
            if line and not line.startswith(("zero", "succ")):
                som.record(v, line, True)
    return som
