"""Proving by decision procedures and goal structure alone (no learned guidance).

The goal is closed by the procedure portfolio if it can be; otherwise its logical shape is
taken apart (`intro` for ∀ → ¬, `constructor` for ∧ ↔) and each part is tried in turn. The
tactics used become a Lean 4 script, re-checkable by the checker.

>>> from prover.state import load_theorem
>>> r = prove_theorem(load_theorem("theorem t (x : ℝ) (h : 3 * x - 7 = 11) : x = 6"), timeout_s=10)
>>> r.status, r.proof
('proved', 'nlinarith')
"""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass, field

from prover.checkers.base import Subgoals
from prover.checkers.sympy_checker import SympyChecker
from prover.decide.auto import decide
from prover.state import Goal, Theorem

# The Lean tactic written for each closing method; each is one the checker accepts for it.
METHOD_TACTIC = {"evaluation": "norm_num", "polynomial-identity": "ring", "z3": "nlinarith", "groebner": "nlinarith",
                 "finite-check": "decide", "assumption": "assumption", "closed-form-sum": "simp [Finset.sum_range_succ]"}


@dataclass
class ProofResult:
    name: str
    status: str                    # proved | failed | error | timeout
    verdict: str | None = None     # checked | lean-verified | None
    proof: str | None = None
    methods: list = field(default_factory=list)
    time_s: float = 0.0
    error: str | None = None
    expansions: int = 0
    proposer_calls: int = 0
    tactic_calls: int = 0
    nodes: int = 0
    depth: int = 0
    tactics: list = field(default_factory=list)
    lemmas: list = field(default_factory=list)  # learned lemmas the proof applies (name, statement, proof)

    def to_json(self) -> dict:
        return asdict(self)


def _closing_tactic(goal: Goal, method: str, detail: str = "") -> str:
    if method == "polynomial-identity" and any(n.op == "div" for n in goal.target.walk()):
        return "field_simp"
    if method == "interval-split":
        return f"interval_cases {detail.split()[2]} <;> omega"   # detail: "split on VAR ∈ [lo, hi]: …"
    return METHOD_TACTIC.get(method, "nlinarith")


def _prove_goal(goal: Goal, checker: SympyChecker, deadline: float, methods: list, depth: int = 0) -> list[str] | None:
    left = deadline - time.monotonic()
    if left <= 0:
        return None
    # Lean's arithmetic tactics do not take ∧ ↔ ∀ → ¬ apart, so the script does it first.
    structural = goal.target.op in ("and", "iff", "forall", "imp", "not") and depth <= 6
    if not structural:
        cert = decide(goal, budget_s=left)
        if cert is None:
            return None
        methods.append({"method": cert.method, "detail": cert.detail, "time_s": cert.time_s})
        return [_closing_tactic(goal, cert.method, cert.detail)]
    tactic = "constructor" if goal.target.op in ("and", "iff") else "intro"
    if tactic == "intro" and goal.target.op == "forall":
        tactic = f"intro {goal.target.value[0]}"
    result = checker.apply(goal, tactic, budget_s=left)
    if not isinstance(result, Subgoals):
        return None
    scripts = []
    for sub in result.goals:
        s = _prove_goal(sub, checker, deadline, methods, depth + 1)
        if s is None:
            return None
        scripts.append(s)
    if len(scripts) == 1:
        return [tactic] + scripts[0]
    lines = [tactic]
    for s in scripts:
        lines.append("· " + s[0])
        lines += ["  " + x for x in s[1:]]
    return lines


def prove_theorem(theorem: Theorem, timeout_s: float = 10.0) -> ProofResult:
    """Try to prove `theorem` within `timeout_s` seconds."""
    start = time.monotonic()
    methods: list = []
    script = _prove_goal(theorem.goal, SympyChecker(), start + timeout_s, methods)
    elapsed = round(time.monotonic() - start, 3)
    if script is None:
        return ProofResult(theorem.name, "failed", time_s=elapsed, methods=methods)
    return ProofResult(theorem.name, "proved", "checked", "\n".join(script), methods, elapsed)


def lean_file(theorem: Theorem, proof: str, verdict: str | None = "checked", lemmas: list | None = None) -> str:
    """The theorem with its header and proof, as a `.lean` file. A `checked` proof says so:
    some closing tactics stand for a decision procedure with no exact Lean counterpart.
    Learned lemmas the proof applies come first, with their own proofs, as Lean needs them."""
    before = "".join(f"{_strip_assign(l['statement'])} := by\n{_indent(l['proof'])}\n\n" for l in lemmas or ())
    body = _indent(proof)
    statement = _strip_assign(theorem.statement)
    if not statement.startswith(("theorem", "lemma")):
        statement = f"theorem {theorem.name} : {statement}"
    note = ""
    if verdict == "checked":
        note = ("-- verdict: checked by prover's SymPy/Z3 checker under Lean semantics, not yet by Lean;\n"
                "-- closing tactics name the Lean tactic most likely to replay each decision procedure.\n")
    return f"{theorem.header}\n\n{note}{before}{statement} := by\n{body}\n"


def _indent(script: str) -> str:
    return "\n".join("  " + line for line in script.splitlines())


def _strip_assign(statement: str) -> str:
    statement = statement.strip()
    return statement[:-2].rstrip() if statement.endswith(":=") else statement
