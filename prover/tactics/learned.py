"""Proved theorems as lemmas: the environment of learned lemmas with its admission verifier.

`LemmaEnvironment` is a `prover.tactics.environment.Environment` whose candidates are verified
by `prover.checkers.admission.verify` (proof replayed by the kernel checker; a lemma from the
memory by the strictest path, with an empty environment). It is an explicit object: the
memory session holds one (`MemorySession.environment`), `prover check` makes one per file,
and the checkers and the search are given theirs (`SympyChecker(environment=...)`,
`search(..., environment=...)`). There is no process-wide environment: a checker given none
sees no learned lemma.

>>> env = LemmaEnvironment()
>>> env.add(LearnedLemma("two_mul_le", "theorem two_mul_le (a b : ℝ) : 2 * a * b ≤ a ^ 2 + b ^ 2",
...                      "nlinarith [sq_nonneg (a - b)]"))
'two_mul_le'
>>> from prover.syntax.printer import show
>>> show(env.resolve("two_mul_le"))
'∀ a✝ : ℝ, ∀ b✝ : ℝ, 2 * a✝ * b✝ ≤ a✝ ^ 2 + b✝ ^ 2'
"""

from __future__ import annotations

from prover.checkers.admission import VERIFY_BUDGET_S, RecordingChecker, strict_check, verify
from prover.tactics.environment import (Environment, LearnedLemma, active, active_environment, apply_term,
                                        canonical_form, lemma_proposition)

__all__ = ["LemmaEnvironment", "LearnedLemma", "Environment", "apply_term", "lemma_proposition", "canonical_form",
           "strict_check", "verify", "VERIFY_BUDGET_S", "RecordingChecker", "active", "active_environment"]


class LemmaEnvironment(Environment):
    """An environment whose candidates are admitted by `prover.checkers.admission.verify`."""

    def __init__(self, verifier=verify):
        super().__init__(verifier)
