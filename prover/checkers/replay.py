"""Replay a Lean 4 tactic script against a goal with a checker.

Understands the structure the prover writes: one tactic per line, `·` bullets focusing the
first goal, and `induction n with | zero => … | succ n ih => …` blocks. Used to re-check
extracted proofs and by `prover check FILE.lean`.

>>> from prover.state import load_theorem
>>> g = load_theorem("theorem t (n : ℕ) : 3 ^ n ≥ 2 * n + 1").goal
>>> replay(g, "induction n with\\n| zero =>\\n    norm_num\\n| succ n ih =>\\n    nlinarith").ok
True
>>> replay(g, "norm_num").ok
False
"""

from __future__ import annotations

from dataclasses import dataclass

from prover.checkers.base import Closed, Subgoals
from prover.checkers.sympy_checker import SympyChecker
from prover.state import Goal


@dataclass
class ReplayResult:
    ok: bool
    message: str = ""
    line: int | None = None


class _Failure(Exception):
    def __init__(self, message: str, line: int):
        super().__init__(message)
        self.line = line


def _lines(script: str) -> list[tuple[int, int, str]]:
    out = []
    for number, raw in enumerate(script.splitlines(), 1):
        text = raw.rstrip()
        if not text.strip() or text.strip().startswith("--"):
            continue
        out.append((number, len(text) - len(text.lstrip()), text.strip()))
    return out


def _run(checker, lines, goal: Goal, budget_s: float) -> None:
    goals = [goal]
    i = 0
    while i < len(lines):
        number, indent, text = lines[i]
        if not goals:
            raise _Failure("no goals left", number)
        if text.startswith("·"):
            j = i + 1
            while j < len(lines) and lines[j][1] > indent:
                j += 1
            _run(checker, [(number, indent + 2, text[1:].strip())] + lines[i + 1:j], goals.pop(0), budget_s)
            i = j
            continue
        if text.startswith("induction ") and text.endswith(" with"):
            var = text.split()[1]
            result = checker.apply(goals[0], f"induction {var}", budget_s)
            if not isinstance(result, Subgoals):
                raise _Failure(getattr(result, "reason", "induction failed"), number)
            blocks, j = [], i + 1
            while j < len(lines) and lines[j][1] == indent and lines[j][2].startswith("|"):
                k = j + 1
                while k < len(lines) and lines[k][1] > indent:
                    k += 1
                blocks.append(lines[j + 1:k])
                j = k
            if len(blocks) != len(result.goals):
                raise _Failure("induction needs a `| zero` and a `| succ` case", number)
            for block, sub in zip(blocks, result.goals):
                _run(checker, block, sub, budget_s)
            goals.pop(0)
            i = j
            continue
        result = checker.apply(goals[0], text, budget_s)
        if isinstance(result, Closed):
            goals.pop(0)
        elif isinstance(result, Subgoals):
            goals = list(result.goals) + goals[1:]
        else:
            raise _Failure(f"{text}: {getattr(result, 'reason', 'timed out')}", number)
        i += 1
    if goals:
        raise _Failure(f"{len(goals)} goal(s) left unproved", lines[-1][0] if lines else 0)


def replay(goal: Goal, script: str, checker=None, budget_s: float = 10.0) -> ReplayResult:
    """Check that `script` proves `goal`; the result says where it fails."""
    try:
        _run(checker or SympyChecker(), _lines(script), goal, budget_s)
    except _Failure as err:
        return ReplayResult(False, str(err), err.line)
    return ReplayResult(True)
