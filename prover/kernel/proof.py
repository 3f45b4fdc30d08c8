"""The kernel's proof objects: the only way to hold a `checked` step.

A `CheckedStep` records the goal, the tactic text, the rule that validated it and the
certificate. Its constructor refuses callers that do not hold the kernel's private token, so
code outside `prover.kernel` cannot forge one; rules call `issue` only after their
certificate has been checked by exact computation.

>>> from prover.state import load_theorem
>>> g = load_theorem("theorem t (x : ℝ) (h : 1 < x) : 0 < x").goal
>>> CheckedStep(g, "linarith", "linarith", ())  # doctest: +IGNORE_EXCEPTION_DETAIL
Traceback (most recent call last):
...
prover.kernel.proof.KernelViolation: a CheckedStep is made only by a kernel rule
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from prover.errors import ProverError
from prover.state import Goal

_TOKEN = object()  # held by this module only; `issue` is the single entry point


class KernelViolation(ProverError):
    """Someone tried to build a checked step without a kernel rule."""


@dataclass(frozen=True)
class Refused:
    """The kernel's answer when a step is not one Lean would accept (reason in words)."""

    tactic: str
    reason: str


class CheckedStep:
    """A tactic step closing `goal`, validated by the kernel rule `rule` with `certificate`."""

    __slots__ = ("goal", "tactic", "rule", "certificate")

    def __init__(self, goal: Goal, tactic: str, rule: str, certificate: Any, *, _token=None):
        if _token is not _TOKEN:
            raise KernelViolation("a CheckedStep is made only by a kernel rule")
        object.__setattr__(self, "goal", goal)
        object.__setattr__(self, "tactic", tactic)
        object.__setattr__(self, "rule", rule)
        object.__setattr__(self, "certificate", certificate)

    def __setattr__(self, name, value):
        raise KernelViolation("a CheckedStep is immutable")

    def __repr__(self) -> str:
        return f"CheckedStep(rule={self.rule!r}, tactic={self.tactic!r})"


def issue(goal: Goal, tactic: str, rule: str, certificate: Any) -> CheckedStep:
    """Called by a kernel rule after its certificate has been verified."""
    return CheckedStep(goal, tactic, rule, certificate, _token=_TOKEN)
