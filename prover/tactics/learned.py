"""Proved theorems as lemmas: what the prover has proved can be used by later proofs, the way
Lean uses an earlier theorem of the same file.

A theorem becomes a proposition over its binders, in their order: variables become `∀`,
hypotheses become premises. `have h := amgm x y` then gives
`0 < x → 0 < y → x / y + y / x ≥ 2`, and `have h := amgm x y hx hy` (hypotheses whose
statements are the premises) gives `x / y + y / x ≥ 2`, as in Lean.

Soundness: a theorem enters the environment only once its proof replays with the checker,
with itself and every lemma under verification left out (so no proof rests on itself, and a
cycle of lemmas verifies none of them). A lemma from the memory (`node` set) is admitted by
the strictest path: its proof replayed in a fresh checker with every learned lemma off (no
proof in memory rests on another memory lemma, nor on any verdict cached in this process or
stored in the memory). Each verification is recorded (`records`: the checker version and the
rules, that is tactics and decision methods, it used). A tampered memory therefore cannot add
a false lemma, and a lemma proved under an unsound rule is refused once the rule is repaired. Only theorems whose variables are numbers are usable: arguments are elaborated at the
variable's type, so a real cannot stand for a natural number.

>>> env = LemmaEnvironment()
>>> env.add(LearnedLemma("two_mul_le", "theorem two_mul_le (a b : ℝ) : 2 * a * b ≤ a ^ 2 + b ^ 2",
...                      "nlinarith [sq_nonneg (a - b)]"))
'two_mul_le'
>>> from prover.syntax.printer import show
>>> show(env.resolve("two_mul_le"))
'∀ a✝ : ℝ, ∀ b✝ : ℝ, 2 * a✝ * b✝ ≤ a✝ ^ 2 + b✝ ^ 2'
"""

from __future__ import annotations

import hashlib
from contextlib import contextmanager
from dataclasses import dataclass

from prover.checkers.version import CHECKER_VERSION
from prover.errors import LeanSyntaxError
from prover.syntax.ast import NUMBER_TYPES, PROP, Expr, alpha_equal, substitute

VERIFY_BUDGET_S = 10.0
_LEARNED_OFF = [0]   # > 0 while a strict verification runs: no learned lemma resolves


@contextmanager
def learned_lemmas_off():
    """No learned lemma resolves inside (every environment): the strict admission path."""
    _LEARNED_OFF[0] += 1
    try:
        yield
    finally:
        _LEARNED_OFF[0] -= 1


class _RecordingChecker:
    """A fresh kernel checker (closing steps by `prover.kernel` only, structural steps by the
    goal transformations) that records the rules a proof uses: each tactic's name and, for a
    step that closes a goal, the kernel rule that checked it."""
    name = "kernel"

    def __init__(self):
        from prover.checkers.kernel_checker import KernelChecker
        self.inner = KernelChecker()
        self.rules: list[str] = []

    def apply(self, goal, tactic: str, budget_s: float = 10.0):
        from prover.checkers.base import Closed
        result = self.inner.apply(goal, tactic, budget_s)
        words = tactic.split()
        rule = words[0] if words else tactic
        if isinstance(result, Closed):
            rule = f"{rule}:{result.certificate.method}"
        if rule not in self.rules:
            self.rules.append(rule)
        return result


def strict_check(statement: str, proof: str, budget_s: float = VERIFY_BUDGET_S) -> tuple[bool, str, list[str]]:
    """The strictest check of a proved theorem: its proof replayed in a fresh checker, with
    every learned lemma off. Returns (ok, message, rules used)."""
    from prover.checkers.replay import replay
    from prover.state import load_theorem
    try:
        goal = load_theorem(statement).goal
    except LeanSyntaxError as err:
        return False, f"statement: {err}", []
    checker = _RecordingChecker()
    with learned_lemmas_off():
        try:
            result = replay(goal, proof, checker=checker, budget_s=budget_s)
        except LeanSyntaxError as err:
            return False, f"its proof does not replay: {err}", checker.rules
    if not result.ok:
        return False, f"its proof does not replay: {result.message}", checker.rules
    return True, "", checker.rules


@dataclass(frozen=True)
class LearnedLemma:
    name: str
    statement: str   # the theorem's Lean text (`theorem name binders : goal`)
    proof: str      # the tactic script that proves it
    node: str = ""  # its lemma-memory node id, when it comes from memory


def lemma_proposition(statement: str) -> Expr | None:
    """The theorem as one proposition (`∀` for variables, `→` for hypotheses, in binder order);
    None when a variable is not a number (functions and sets are not substituted)."""
    from prover.syntax.elaborate import Elaborator, to_type
    from prover.syntax.parser import parse_theorem
    raw = parse_theorem(statement)
    el = Elaborator({})
    parts: list[tuple[str, object]] = []
    for binder in raw.binders:
        ty = to_type(binder.type)
        if ty is not None:
            if ty not in NUMBER_TYPES:
                return None
            for n in binder.names:
                parts.append(("var", (n, ty)))
                el.ctx[n] = ty
        else:
            prop = el.prop(binder.type)
            parts += [("hyp", prop)] * len(binder.names)
    body = el.prop(raw.goal)
    if body.ty != PROP:
        return None
    for kind, part in reversed(parts):
        if kind == "hyp":
            body = Expr("imp", (part, body), ty=PROP)
        else:
            name, ty = part
            # Bound names no user can write, so substituting an argument never captures.
            hidden = f"{name}✝"
            body = Expr("forall", (substitute(body, name, Expr("var", value=hidden, ty=ty)),),
                        value=(hidden, ty), ty=PROP)
    return body


class LemmaEnvironment:
    """Candidate lemmas (added freely) and the verified ones (their proofs replayed)."""

    def __init__(self):
        self.candidates: dict[str, LearnedLemma] = {}
        self.verified: dict[str, Expr] = {}
        self.refused: dict[str, str] = {}
        self._verifying: set[str] = set()
        self.excluded: set[str] = set()   # names of the theorem being proved and its twins
        self.own_canonical: str | None = None
        # name -> {"checker_version", "rules"}: how each verified lemma was checked
        self.records: dict[str, dict] = {}

    def add(self, lemma: LearnedLemma) -> str:
        """Register a candidate; returns the name to use (suffixed if the name is taken by a
        different statement)."""
        if self.own_canonical is not None and _canonical(lemma.statement) == self.own_canonical:
            self.excluded.add(lemma.name)
            return lemma.name
        name = lemma.name
        existing = self.candidates.get(name)
        if existing is not None and existing.statement != lemma.statement:
            digest = lemma.node or hashlib.sha256(lemma.statement.encode("utf-8")).hexdigest()
            name = f"{lemma.name}_{digest[:6]}"
            existing = self.candidates.get(name)
        if existing is None:
            self.candidates[name] = LearnedLemma(name, _renamed(lemma.statement, lemma.name, name),
                                                 lemma.proof, lemma.node)
        return name

    def resolve(self, name: str) -> Expr | None:
        """The lemma's proposition, verifying it on first use; None when unknown or refused."""
        if _LEARNED_OFF[0] or name in self.excluded or name in self._verifying or name in self.refused:
            return None
        if name in self.verified:
            return self.verified[name]
        lemma = self.candidates.get(name)
        if lemma is None:
            return None
        prop = self._verify(lemma)
        if prop is not None:
            self.verified[name] = prop
        return prop

    def _verify(self, lemma: LearnedLemma) -> Expr | None:
        from prover.checkers.replay import replay
        from prover.state import load_theorem
        try:
            prop = lemma_proposition(lemma.statement)
            goal = load_theorem(lemma.statement).goal
        except LeanSyntaxError as err:
            self.refused[lemma.name] = f"statement: {err}"
            return None
        if prop is None:
            self.refused[lemma.name] = "a variable is not a number"
            return None
        if lemma.node:
            # From the memory: the strictest path, whatever the memory says of it.
            ok, message, rules = strict_check(lemma.statement, lemma.proof)
            if not ok:
                self.refused[lemma.name] = message
                return None
        else:
            # An earlier theorem of the same file (`prover check`): it may use the lemmas
            # before it, each verified here in turn, in a fresh checker.
            self._verifying.add(lemma.name)
            checker = _RecordingChecker()
            try:
                result = replay(goal, lemma.proof, checker=checker, budget_s=VERIFY_BUDGET_S)
            except LeanSyntaxError as err:
                result = None
                self.refused[lemma.name] = f"its proof does not replay: {err}"
            finally:
                self._verifying.discard(lemma.name)
            if result is None:
                return None
            if not result.ok:
                self.refused[lemma.name] = f"its proof does not replay: {result.message}"
                return None
            rules = checker.rules
        self.records[lemma.name] = {"checker_version": CHECKER_VERSION, "rules": rules}
        return prop

    def exclude_theorem(self, theorem) -> None:
        """Leave out the theorem being proved: lemmas with its name or its statement."""
        own = _canonical(theorem.statement)
        self.excluded = {theorem.name} | {name for name, lemma in self.candidates.items()
                                          if _canonical(lemma.statement) == own}
        self.own_canonical = own

    def used_in(self, script: str) -> list[LearnedLemma]:
        """The verified lemmas a proof script names, each before the lemmas that need it."""
        import re
        out: list[LearnedLemma] = []

        def visit(text: str) -> None:
            for word in re.findall(r"[A-Za-z_][\w.'₀-₉]*", text):
                lemma = self.candidates.get(word)
                if word in self.verified and lemma is not None and lemma not in out:
                    visit(lemma.proof)
                    if lemma not in out:
                        out.append(lemma)
        visit(script)
        return out

    def clear(self) -> None:
        self.__init__()


def apply_term(goal, term: Expr, environment: LemmaEnvironment | None = None) -> Expr:
    """The proposition a term `h a b hx` proves in `goal`: `h` a hypothesis or a learned lemma
    (hypotheses shadow lemmas, as in Lean); each argument instantiates the next `∀`
    (elaborated at its type) or, as a hypothesis name, discharges the next premise, which must
    be that hypothesis's statement."""
    from prover.syntax.elaborate import Elaborator
    head = term.value if term.op in ("app", "var") else None
    prop = goal.hypothesis(head) if head else None
    if prop is None and head:
        prop = (environment or ENVIRONMENT).resolve(head)
    if prop is None:
        raise LeanSyntaxError(f"unknown lemma or hypothesis '{head}'", 1, 1)
    el = Elaborator(goal.context)
    for arg in (term.args if term.op == "app" else ()):
        if prop.op == "forall":
            name, ty = prop.value
            prop = substitute(prop.args[0], name, el.term(arg, ty))
        elif prop.op == "imp":
            given = goal.hypothesis(arg.value) if arg.op == "var" else None
            if given is None or not alpha_equal(given, prop.args[0]):
                from prover.syntax.printer import show
                raise LeanSyntaxError(f"{head}: '{show(arg)}' does not prove the premise", 1, 1)
            prop = prop.args[1]
        else:
            raise LeanSyntaxError(f"{head} takes fewer arguments", 1, 1)
    return prop


def _canonical(statement: str) -> str:
    from prover.memory.graph import canonical_form
    return canonical_form(statement)


def _renamed(statement: str, old: str, new: str) -> str:
    if old == new:
        return statement
    import re
    return re.sub(rf"^(\s*(?:theorem|lemma)\s+){re.escape(old)}\b", rf"\g<1>{new}", statement, count=1)


# The environment of the current process (one theorem at a time per process).
ENVIRONMENT = LemmaEnvironment()
