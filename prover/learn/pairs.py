"""(goal, lemma) pairs for training and evaluating the retriever.

Two sources: the memory's `uses` edges (a proved theorem and a lemma its proof used), and
a synthetic generator that instantiates each library lemma with random terms, giving a
goal in which that lemma is the one to use. Every synthetic goal parses and elaborates.

>>> pairs = synthetic_pairs(per_lemma=2, seed=0)
>>> len(pairs) > 50 and all(p.goal.startswith("⊢ ") for p in pairs)
True
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass

from prover.errors import LeanSyntaxError
from prover.syntax.ast import Expr, substitute
from prover.syntax.elaborate import Elaborator
from prover.syntax.parser import parse_term
from prover.syntax.printer import show

VARIABLES = ("a", "b", "c", "x", "y", "z")


@dataclass(frozen=True)
class Pair:
    goal: str
    lemma: str        # lemma name (library) or node id
    source: str


def _random_term(rng: random.Random, depth: int = 2) -> str:
    v = rng.choice(VARIABLES)
    if depth == 0 or rng.random() < 0.35:
        return v if rng.random() < 0.7 else f"{rng.randint(2, 9)} * {v}"
    a, b = _random_term(rng, depth - 1), _random_term(rng, depth - 1)
    op = rng.choice(["+", "-", "*"])
    return f"({a} {op} {b})"


def _instantiate(text: str, params, rng: random.Random, ty: str = "ℝ") -> str:
    e = parse_term(text)
    for i, p in enumerate(params):
        e = substitute(e, p, Expr("var", value=f"#p{i}"))
    for i, _ in enumerate(params):
        e = substitute(e, f"#p{i}", parse_term(_random_term(rng)))
    ctx = {v: ty for v in VARIABLES}
    for p in params:
        ctx.setdefault(p, ty)
    return show(Elaborator(ctx).prop(e))


def synthetic_pairs(per_lemma: int = 30, seed: int = 0) -> list[Pair]:
    """Goals that instantiate each library lemma; the lemma is the positive."""
    from prover.tactics.lemmas import library
    from prover.tactics.rewrite import LIBRARY as REWRITES
    rng = random.Random(seed)
    out: list[Pair] = []
    for lemma in library().values():
        if lemma.premises or not lemma.params or lemma.implicit:
            continue
        # One number type for all parameters, inside the lemma's domain (ℝ when it admits ℝ).
        types = {(("ℝ" if "ℝ" in lemma.domain else lemma.domain[0]) if t == "α" else t) for _, t in lemma.types}
        if len(types) != 1:
            continue
        ty = types.pop()
        for _ in range(per_lemma):
            try:
                goal = _instantiate(lemma.statement, lemma.params, rng, ty)
            except LeanSyntaxError:
                continue
            out.append(Pair(f"⊢ {goal}", lemma.name, "synthetic"))
    for line in REWRITES.read_text(encoding="utf-8").splitlines():
        d = json.loads(line)
        params = [p for p, t in d["types"].items() if t == "ℝ"]
        if not params:
            continue
        for _ in range(per_lemma):
            try:
                lhs = _instantiate(f"{d['lhs']} = 0", params, rng)[: -len(" = 0")]
                other = _random_term(rng)
                goal = _instantiate(f"{lhs} = {other}", [], rng) if rng.random() < 0.5 else \
                    _instantiate(f"{other} + {lhs} = 1", [], rng)
            except LeanSyntaxError:
                continue
            out.append(Pair(f"⊢ {goal}", d["name"], "synthetic"))
    return out


def memory_pairs(graph) -> list[Pair]:
    """(theorem statement, used lemma) for every `uses` edge of the memory."""
    out = []
    g = graph.graph
    for a, b, d in g.edges(data=True):
        if d.get("kind") == "uses" and g.nodes[b].get("name"):
            out.append(Pair(g.nodes[a]["statement"], g.nodes[b]["name"], "memory"))
    return out


def split(pairs: list[Pair], held_out: float = 0.2, seed: int = 0) -> tuple[list[Pair], list[Pair]]:
    rng = random.Random(seed)
    shuffled = pairs[:]
    rng.shuffle(shuffled)
    n = int(len(shuffled) * held_out)
    return shuffled[n:], shuffled[:n]
