"""The `Checker` protocol and its result values.

Applying a tactic to a goal returns a value: `Closed` (with certificate), `Subgoals`,
`Rejected` (with reason) or `Timeout`. A crashed backend raises `CheckerCrash` instead.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Protocol

from prover.decide.auto import Certificate
from prover.state import Goal


@dataclass(frozen=True)
class Closed:
    certificate: Certificate
    # The kernel's `CheckedStep` when the kernel checked the closing step (`KernelChecker`);
    # None when an oracle (SymPy/Z3 decision procedures) closed it.
    step: Any = field(default=None, compare=False)


@dataclass(frozen=True)
class Subgoals:
    goals: tuple[Goal, ...]


@dataclass(frozen=True)
class Rejected:
    reason: str


@dataclass(frozen=True)
class Timeout:
    seconds: float


TacticResult = Closed | Subgoals | Rejected | Timeout


class Checker(Protocol):
    """Applies Lean 4 tactic strings to goals."""

    name: str

    def apply(self, goal: Goal, tactic: str, budget_s: float = 10.0) -> TacticResult:
        ...
