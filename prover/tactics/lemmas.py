"""The starter lemma library (`lemmas/starter.jsonl`) and hint-term instantiation.

A hint such as `sq_nonneg (a - b)` names a library lemma and its arguments; instantiating it
gives a proposition in the goal's context (`0 ≤ (a - b) ^ 2`) that tactics add as a fact.

>>> from prover.state import load_theorem
>>> g = load_theorem("theorem t (a b : ℝ) : 0 ≤ a").goal
>>> from prover.syntax.printer import show
>>> show(instantiate_hint("sq_nonneg (a - b)", g))
'0 ≤ (a - b) ^ 2'
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from prover.errors import TacticSyntaxError
from prover.state import Goal
from prover.syntax.ast import Expr, substitute
from prover.syntax.elaborate import Elaborator
from prover.syntax.parser import parse_term

LIBRARY = Path(__file__).resolve().parents[2] / "lemmas" / "starter.jsonl"


@dataclass(frozen=True)
class Lemma:
    name: str
    params: tuple[str, ...]
    statement: str
    mathlib: str | None


@lru_cache(maxsize=1)
def library() -> dict[str, Lemma]:
    if not LIBRARY.exists():
        return {}
    out = {}
    for line in LIBRARY.read_text(encoding="utf-8").splitlines():
        if line.strip():
            d = json.loads(line)
            out[d["name"]] = Lemma(d["name"], tuple(d["params"]), d["statement"], d.get("mathlib"))
    return out


def instantiate_hint(hint: str, goal: Goal) -> Expr | None:
    """The proposition a hint term stands for; None for a hypothesis name (already known)."""
    term = parse_term(hint)
    if term.op == "var" and goal.hypothesis(term.value) is not None:
        return None
    name = term.value if term.op in ("app", "var") else None
    lemma = library().get(name) if name else None
    if lemma is None:
        raise TacticSyntaxError(f"unknown lemma or hypothesis '{hint}'", 1, 1)
    args = term.args if term.op == "app" else ()
    if len(args) != len(lemma.params):
        raise TacticSyntaxError(f"{lemma.name} takes {len(lemma.params)} argument(s), got {len(args)}", 1, 1)
    body = parse_term(lemma.statement)
    for i, p in enumerate(lemma.params):
        body = substitute(body, p, Expr("var", value=f"#p{i}"))
    for i, a in enumerate(args):
        body = substitute(body, f"#p{i}", a)
    return Elaborator(goal.context).prop(body)
