"""Proving by decision procedures and goal structure alone (no learned guidance).

The goal is closed by the procedure portfolio if it can be; otherwise its logical shape is
taken apart (`intro` for ∀ → ¬, `constructor` for ∧ ↔) and each part is tried in turn. The
tactics used become a Lean 4 script, re-checkable by the checker.

>>> from prover.state import load_theorem
>>> r = prove_theorem(load_theorem("theorem t (x : ℝ) (h : 3 * x - 7 = 11) : x = 6"), timeout_s=10)
>>> r.status, r.verdict, r.proof
('proved', 'checked', 'linarith')
"""

from __future__ import annotations

import copy
import time
from dataclasses import dataclass, field, fields

from prover.checkers.base import Subgoals
from prover.checkers.sympy_checker import SympyChecker
from prover.decide.auto import decide
from prover.state import Goal, Theorem
from prover.tactics.registry import METHOD_TACTIC, closing_tactic  # noqa: F401 (METHOD_TACTIC re-exported)

@dataclass
class ProofResult:
    name: str
    status: str                    # proved | failed | error | timeout
    verdict: str | None = None     # checked | true-by-oracle | disproved | failed | error (prover.search.verdict)
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
    oracle: list = field(default_factory=list)  # true-by-oracle: the closing methods left without a kernel certificate
    kernel_rules: list = field(default_factory=list)  # checked: the kernel rules of its closing steps
    counterexample: dict | None = None          # disproved: values confirmed by the kernel's evaluator
    kernel_steps: tuple = field(default=(), repr=False, compare=False)  # checked: the kernel's CheckedSteps

    def __post_init__(self):
        from prover.search.verdict import guard
        guard(self)   # `checked` only with the kernel's steps
        object.__setattr__(self, "_ready", True)

    def __setattr__(self, name, value):
        object.__setattr__(self, name, value)
        if name in ("status", "verdict", "proof", "kernel_steps") and getattr(self, "_ready", False):
            from prover.search.verdict import guard
            guard(self)   # a later change is held to the same rule

    def to_json(self) -> dict:
        return {f.name: copy.deepcopy(getattr(self, f.name)) for f in fields(self) if f.name != "kernel_steps"}


_closing_tactic = closing_tactic   # the registry's printing of an oracle method


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
        return _certified_leaf(goal, closing_tactic(goal, cert.method, cert.detail), cert.method, deadline, methods)
    tactic = "constructor" if goal.target.op in ("and", "iff") else "intro"
    if tactic == "intro" and goal.target.op == "forall":
        from prover.syntax.ast import set_equation
        tactic = f"ext {goal.fresh_name('x')}" if set_equation(goal.target) else f"intro {goal.target.value[0]}"
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


def _certified_leaf(goal: Goal, tactic: str, method: str, deadline: float, methods: list) -> list[str]:
    """The oracle closed `goal`: a kernel-checked tactic for it, or the leaf marked true by
    oracle (`prover.search.reconstruct`); the methods left without certificate are noted."""
    from prover.search.reconstruct import MIN_RECONSTRUCT_S, reconstruct_leaf
    leaf = reconstruct_leaf(goal, tactic, method, max(deadline, time.monotonic() + MIN_RECONSTRUCT_S))
    methods[-1]["kernel"] = not leaf.missing
    return leaf.lines


def prove_theorem(theorem: Theorem, timeout_s: float = 10.0) -> ProofResult:
    """Try to prove `theorem` within `timeout_s` seconds."""
    from prover.search.verdict import certified
    start = time.monotonic()
    methods: list = []
    script = _prove_goal(theorem.goal, SympyChecker(), start + timeout_s, methods)
    if script is None:
        return failed_result(theorem, start, methods=methods)
    missing = [m["method"] for m in methods if not m.get("kernel", True)]
    fields_ = certified(theorem, script, missing)
    return ProofResult(theorem.name, "proved", methods=methods, time_s=round(time.monotonic() - start, 3), **fields_)


def failed_result(theorem: Theorem, start: float, **extra) -> ProofResult:
    """`failed`, or `disproved` when the oracle's counterexample is confirmed by the kernel."""
    from prover.search.counterexample import counterexample
    values = counterexample(theorem.goal)
    verdict = "disproved" if values is not None else "failed"
    found = {n: str(v) for n, v in values.items()} if values is not None else None
    return ProofResult(theorem.name, "failed", verdict, time_s=round(time.monotonic() - start, 3),
                       counterexample=found, **extra)


def lean_file(theorem: Theorem, proof: str, verdict: str | None = "checked", lemmas: list | None = None,
              oracle: list | None = None) -> str:
    """The theorem with its header and proof, as a `.lean` file, its verdict in a comment:
    `checked` (every closing tactic checked by prover's kernel, with the hints it used) or
    `true-by-oracle` (the steps without a kernel certificate are `sorry -- true by oracle (M)`).
    Learned lemmas the proof applies come first, with their own proofs, as Lean needs them."""
    before = "".join(f"{_strip_assign(l['statement'])} := by\n{_indent(l['proof'])}\n\n" for l in lemmas or ())
    body = _indent(proof)
    statement = _strip_assign(theorem.statement)
    if not statement.startswith(("theorem", "lemma")):
        statement = f"theorem {theorem.name} : {statement}"
    note = ""
    if verdict == "checked":
        note = ("-- verdict: checked: every closing tactic checked by prover's certificate kernel (not yet by Lean);\n"
                "-- structural steps by prover's goal transformations.\n")
    elif verdict == "true-by-oracle":
        why = f" ({'; '.join(oracle)})" if oracle else ""
        note = f"-- verdict: true-by-oracle: some closing steps have no kernel certificate{why}.\n"
    return f"{theorem.header}\n\n{note}{before}{statement} := by\n{body}\n"


def _indent(script: str) -> str:
    return "\n".join("  " + line for line in script.splitlines())


def _strip_assign(statement: str) -> str:
    statement = statement.strip()
    return statement[:-2].rstrip() if statement.endswith(":=") else statement
