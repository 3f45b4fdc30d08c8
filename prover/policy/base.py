"""The `Proposer` protocol: candidate tactics for a goal, with log-probabilities."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from prover.state import Goal


@dataclass(frozen=True)
class Proposal:
    tactic: str
    logprob: float
    source: str = "portfolio"


class Proposer(Protocol):
    name: str

    def propose(self, goal: Goal, k: int = 16, failed: dict[str, str] | None = None) -> list[Proposal]:
        """Up to k proposals, best first. `failed` maps tactics already refused on this goal
        to their error messages."""
        ...


class FixedProposer:
    """Proposes the same tactics for every goal (for tests and scripted runs)."""

    name = "fixed"

    def __init__(self, tactics: list[str]):
        self.tactics = list(tactics)

    def propose(self, goal: Goal, k: int = 16, failed: dict[str, str] | None = None) -> list[Proposal]:
        return [Proposal(t, -float(i), "fixed") for i, t in enumerate(self.tactics[:k])]
