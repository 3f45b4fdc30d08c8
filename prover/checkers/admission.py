"""Admission of learned lemmas: a lemma enters an environment only once its proof replays.

Soundness: a theorem enters the environment only once its proof replays with the kernel
checker, with itself and every lemma under verification left out (so no proof rests on itself,
and a cycle of lemmas verifies none of them). A lemma from the memory (`node` set) is admitted
by the strictest path: its proof replayed in a fresh checker with an empty environment (no
proof in memory rests on another memory lemma, nor on any verdict cached in this process or
stored in the memory). Each verification records the checker version and the rules (tactics
and kernel rules) it used. A tampered memory therefore cannot add a false lemma, and a lemma
proved under an unsound rule is refused once the rule is repaired. Only theorems whose
variables are numbers are usable: arguments are elaborated at the variable's type, so a real
cannot stand for a natural number.

`verify` is the verifier of `prover.tactics.learned.LemmaEnvironment` (see
`prover.tactics.environment`).
"""

from __future__ import annotations

from prover.checkers.base import Closed
from prover.checkers.kernel_checker import KernelChecker
from prover.checkers.replay import replay
from prover.errors import LeanSyntaxError
from prover.tactics.environment import Environment, LearnedLemma

VERIFY_BUDGET_S = 10.0


class RecordingChecker:
    """A fresh kernel checker (closing steps by `prover.kernel` only, structural steps by the
    goal transformations) over `environment` that records the rules a proof uses: each
    tactic's name and, for a step that closes a goal, the kernel rule that checked it."""
    name = "kernel"

    def __init__(self, environment: Environment):
        self.inner = KernelChecker(environment=environment)
        self.rules: list[str] = []

    def apply(self, goal, tactic: str, budget_s: float = 10.0):
        result = self.inner.apply(goal, tactic, budget_s)
        words = tactic.split()
        rule = words[0] if words else tactic
        if isinstance(result, Closed):
            rule = f"{rule}:{result.certificate.method}"
        if rule not in self.rules:
            self.rules.append(rule)
        return result


def _replay(statement: str, proof: str, environment: Environment, budget_s: float) -> tuple[bool, str, list[str]]:
    from prover.state import load_theorem
    try:
        goal = load_theorem(statement).goal
    except LeanSyntaxError as err:
        return False, f"statement: {err}", []
    checker = RecordingChecker(environment)
    try:
        result = replay(goal, proof, checker=checker, budget_s=budget_s)
    except LeanSyntaxError as err:
        return False, f"its proof does not replay: {err}", checker.rules
    if not result.ok:
        return False, f"its proof does not replay: {result.message}", checker.rules
    return True, "", checker.rules


def strict_check(statement: str, proof: str, budget_s: float = VERIFY_BUDGET_S) -> tuple[bool, str, list[str]]:
    """The strictest check of a proved theorem: its proof replayed in a fresh kernel checker
    whose environment is empty (no learned lemma). Returns (ok, message, rules used)."""
    return _replay(statement, proof, Environment(), budget_s)


def verify(lemma: LearnedLemma, environment: Environment) -> tuple[bool, str, list[str]]:
    """A lemma from the memory: the strictest path, whatever the memory says of it. An earlier
    theorem of the same file (`prover check`): its proof replayed over `environment` (the
    lemmas before it, each verified in turn; itself is under verification, so out of scope)."""
    if lemma.node:
        return strict_check(lemma.statement, lemma.proof)
    return _replay(lemma.statement, lemma.proof, environment, VERIFY_BUDGET_S)
