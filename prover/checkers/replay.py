"""Replay a Lean 4 tactic script against a goal with a checker.

Understands the structure the prover writes: one tactic per line, `·` bullets focusing the
first goal, and `induction n with | zero => … | succ k ih => …` blocks (also `cases n with`,
`using Nat.le_induction` and strong induction `using Nat.strong_induction_on`/`Nat.strongRecOn`),
whose alternatives are matched by label and whose names replace the originals. Used to re-check
extracted proofs and by `prover check FILE.lean`.

>>> from prover.state import load_theorem
>>> g = load_theorem("theorem t (n : ℕ) : 3 ^ n ≥ 2 * n + 1").goal
>>> replay(g, "induction n with\\n| zero =>\\n    norm_num\\n| succ n ih =>\\n    nlinarith").ok
True
>>> replay(g, "norm_num").ok
False
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from prover.checkers.base import Closed, Subgoals
from prover.checkers.sympy_checker import (SympyChecker, induction_goals, le_induction_goals, nat_cases_goals,
                                           strong_induction_goals)
from prover.errors import LeanSyntaxError
from prover.state import Goal
from prover.syntax.ast import NAT
from prover.syntax.elaborate import Elaborator
from prover.syntax.parser import parse_term


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


_HAVE_BLOCK = re.compile(r"^have\s+(?:([^\W\d][\w'₀-₉ᵢ]*)\s*)?:\s*(.+?)\s*:=\s*by$")
_WITH = re.compile(r"^(induction|cases) ([^\W\d][\w'₀-₉ᵢ]*) with$")
_LE_INDUCTION = re.compile(r"^induction ([^\W\d][\w'₀-₉ᵢ]*), ([^\W\d][\w'₀-₉ᵢ]*) using Nat\.le_induction with$")
_STRONG_INDUCTION = re.compile(r"^induction ([^\W\d][\w'₀-₉ᵢ]*) using (Nat\.strong_induction_on|Nat\.strongRecOn) with$")
STRONG_LABELS = {"Nat.strong_induction_on": "h", "Nat.strongRecOn": "ind"}   # the minor premise's name
_ALT = re.compile(r"^\|\s*([^\s=]+)((?:\s+[^\s=]+)*)\s*=>\s*(.*)$")
_NAMES_TAKEN = {"induction": 2, "cases": 1}


def _alternatives(checker, lines, i: int, goal: Goal, budget_s: float) -> int:
    """`induction n with` / `cases n with` and its `| zero => …` `| succ k ih => …`
    alternatives, matched by label in any order; the names given become the step's variable
    and induction hypothesis (missing or `_` names are inaccessible). Returns the next line."""
    number, indent, text = lines[i]
    le = _LE_INDUCTION.match(text)
    if le:
        return _le_induction(checker, lines, i, goal, budget_s, *le.groups())
    strong = _STRONG_INDUCTION.match(text)
    if strong:
        return _strong_induction(checker, lines, i, goal, budget_s, *strong.groups())
    m = _WITH.match(text)
    if not m:
        raise _Failure(f"not understood: `{text}` (expected `induction n with` or `cases n with`, "
                       "then `| zero => …` and `| succ … => …` lines)", number)
    kind, var = m.groups()
    if goal.context.get(var) != NAT:
        raise _Failure(f"{kind}: {var} is not a ℕ variable", number)
    alts, j = _read_alternatives(lines, i, kind, {"zero": 0, "succ": _NAMES_TAKEN[kind]})
    names = [None if n == "_" else n for n in alts["succ"][1]] + [None, None]
    k_name = names[0] or f"{var}✝"
    try:
        if kind == "induction":
            ih_name = names[1] or goal.fresh_name("ih✝")
            zero_goal, succ_goal = induction_goals(goal, var, k_name, ih_name)
        else:
            zero_goal, succ_goal = nat_cases_goals(goal, var, k_name)
    except ValueError as err:
        raise _Failure(f"{kind}: {err}", alts["succ"][0]) from None
    for label, sub in (("zero", zero_goal), ("succ", succ_goal)):
        _run(checker, alts[label][2], sub, budget_s)
    return j


def _read_alternatives(lines, i: int, kind: str, labels: dict, wildcard: bool = False) -> tuple[dict, int]:
    """The `| label names => …` alternatives after line i: label ↦ (line, names, body), and
    the next line. `labels`: each label and how many names it binds; with `wildcard`, an
    alternative `| _ names => …` stands for the one label (Lean's wildcard alternative)."""
    if wildcard:
        (only, count), = labels.items()
        labels = {only: count, "_": count}
    number, indent, _ = lines[i]
    alts: dict[str, tuple[int, list[str], list]] = {}
    j = i + 1
    alt_indent = lines[j][1] if j < len(lines) else indent
    while j < len(lines) and lines[j][1] == alt_indent and alt_indent >= indent and lines[j][2].startswith("|"):
        alt_number, _, alt_text = lines[j]
        am = _ALT.match(alt_text)
        if not am:
            raise _Failure(f"not understood: the alternative `{alt_text}`", alt_number)
        label, names, first = am.group(1), am.group(2).split(), am.group(3).strip()
        if label not in labels:
            raise _Failure(f"{kind}: unknown alternative `{label}` (expected {', '.join(labels)})", alt_number)
        if label in alts:
            raise _Failure(f"{kind}: duplicate alternative `{label}`", alt_number)
        if len(names) > labels[label]:
            raise _Failure(f"{kind}: too many names for `{label}`: {' '.join(names)}", alt_number)
        k = j + 1
        while k < len(lines) and lines[k][1] > alt_indent:
            k += 1
        body = ([(alt_number, alt_indent + 4, first)] if first else []) + lines[j + 1:k]
        if not body:
            raise _Failure(f"{kind}: the alternative `{label}` has no tactics", alt_number)
        alts[label] = (alt_number, names, body)
        j = k
    if wildcard:
        if len(alts) != 1:
            raise _Failure(f"{kind}: expected one alternative (`| {only} …` or `| _ …`)", number)
        alts = {only: next(iter(alts.values()))}
        return alts, j
    for label in labels:
        if label not in alts:
            raise _Failure(f"{kind}: alternative `{label}` has not been provided", number)
    return alts, j


def _le_induction(checker, lines, i: int, goal: Goal, budget_s: float, var: str, hname: str) -> int:
    """`induction n, h using Nat.le_induction with | base => … | succ k hk ih => …` (Mathlib's
    `Nat.le_induction {m} {P : ∀ n, m ≤ n → Prop} (base : P m _) (succ : ∀ n hmn, P n hmn →
    P (n + 1) _) : ∀ n hmn, P n hmn`): h must state `m ≤ n` (m free of n); see
    `le_induction_goals`. Missing or `_` names are inaccessible."""
    number = lines[i][0]
    if goal.context.get(var) != NAT:
        raise _Failure(f"induction: {var} is not a ℕ variable", number)
    alts, j = _read_alternatives(lines, i, "Nat.le_induction", {"base": 0, "succ": 3})
    names = [None if n == "_" else n for n in alts["succ"][1]] + [None, None, None]
    try:
        base, step = le_induction_goals(goal, var, hname, names[0] or f"{var}✝", names[1] or goal.fresh_name("hmn✝"),
                                        names[2] or goal.fresh_name("ih✝"))
    except ValueError as err:
        raise _Failure(f"induction … using Nat.le_induction: {err}", number) from None
    _run(checker, alts["base"][2], base, budget_s)
    _run(checker, alts["succ"][2], step, budget_s)
    return j


def _strong_induction(checker, lines, i: int, goal: Goal, budget_s: float, var: str, lemma: str) -> int:
    """`induction n using Nat.strong_induction_on with | _ k ih => …` (or `Nat.strongRecOn`, or the
    minor premise's own label `h`/`ind`): one goal, see `strong_induction_goals`. Missing or `_`
    names are inaccessible."""
    number = lines[i][0]
    if goal.context.get(var) != NAT:
        raise _Failure(f"induction: {var} is not a ℕ variable", number)
    label = STRONG_LABELS[lemma]
    alts, j = _read_alternatives(lines, i, lemma, {label: 2}, wildcard=True)
    names = [None if n == "_" else n for n in alts[label][1]] + [None, None]
    try:
        step = strong_induction_goals(goal, var, names[0] or f"{var}✝", names[1] or goal.fresh_name("ih✝"))
    except ValueError as err:
        raise _Failure(f"induction … using {lemma}: {err}", number) from None
    _run(checker, alts[label][2], step, budget_s)
    return j


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
        if re.match(r"(induction|cases)\b.*\bwith\b", text):
            i = _alternatives(checker, lines, i, goals.pop(0), budget_s)
            continue
        block = _HAVE_BLOCK.match(text)
        if block:   # `have h : P := by` with its proof on the deeper-indented lines below
            j = i + 1
            while j < len(lines) and lines[j][1] > indent:
                j += 1
            if j == i + 1:
                raise _Failure(f"{text}: the proof after `by` is missing", number)
            name, statement = block.group(1) or "this", block.group(2)
            try:
                prop = Elaborator(goals[0].context).prop(parse_term(statement))
            except LeanSyntaxError as err:
                raise _Failure(f"{text}: {err}", number) from None
            _run(checker, lines[i + 1:j], goals[0].with_target(prop), budget_s)
            goals[0] = goals[0].with_hypothesis(name, prop)
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
