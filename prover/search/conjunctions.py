"""Taking conjunctions of comparisons apart with `obtain ⟨h_0, h_1, …⟩ := h` (untrusted; every
step is applied by the checker): Mathlib's `interval_cases` and `omega`-style closers read
bounds only from hypotheses that are comparisons themselves."""

from __future__ import annotations

import itertools

from prover.checkers.base import Subgoals
from prover.state import Goal
from prover.syntax.ast import Expr


def right_conjuncts(e: Expr) -> list[Expr]:
    """`a ∧ b ∧ c` as [a, b, c] (the shape `⟨h₁, h₂, h₃⟩` takes apart); [] for a left-nested one."""
    parts = []
    while e.op == "and":
        if e.args[0].op == "and":
            return []
        parts.append(e.args[0])
        e = e.args[1]
    return parts + [e] if parts else []


def split_comparisons(goal: Goal, checker, relations: tuple[str, ...]) -> tuple[list[str], Goal]:
    """`obtain ⟨h_0, h_1⟩ := h` for each hypothesis that is a conjunction of 2 to 4 facts whose
    relations are among `relations`; the lines the checker accepted and the goal after them."""
    lines: list[str] = []
    for name, h in goal.hypotheses:
        parts = right_conjuncts(h)
        if not (2 <= len(parts) <= 4 and all(p.op in relations for p in parts)):
            continue
        names: list[str] = []
        for i in range(len(parts)):
            names.append(next(c for c in (f"{name}_{j}" for j in itertools.count(i))
                              if c not in goal.names and c not in names))
        pattern = f"obtain ⟨{', '.join(names)}⟩ := {name}"
        r = checker.apply(goal, pattern)
        if isinstance(r, Subgoals) and len(r.goals) == 1:
            goal = r.goals[0]
            lines.append(pattern)
    return lines, goal
