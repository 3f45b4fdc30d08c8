"""The certificate kernel: the only code that can make a `checked` step.

`check(goal, tactic)` → `CheckedStep` (made only by a rule after its certificate was
verified with exact arithmetic) or `Refused`. See docs/ARCHITECTURE.md, "Trust boundary".
"""

from prover.kernel.proof import CheckedStep, KernelViolation, Refused
from prover.kernel.tactics import RULES, check

__all__ = ["CheckedStep", "KernelViolation", "Refused", "RULES", "check"]
