"""The environment of learned lemmas: an explicit object, passed to the checkers and the search.

Proved theorems can be used by later proofs, the way Lean uses an earlier theorem of the same
file. A theorem becomes a proposition over its binders, in their order: variables become `∀`,
hypotheses become premises. `have h := amgm x y` then gives
`0 < x → 0 < y → x / y + y / x ≥ 2`, and `have h := amgm x y hx hy` (hypotheses whose
statements are the premises) gives `x / y + y / x ≥ 2`, as in Lean.

An `Environment` holds candidates (added freely) and the verified lemmas. A candidate is
verified on first use by the environment's `verifier` (`prover.checkers.admission.verify`
for a `prover.tactics.learned.LemmaEnvironment`): until it is verified it resolves to nothing.
An environment without a verifier verifies nothing, so the default one (`Environment()`,
what a checker gets when given none) is empty in effect: nothing learned is in scope, as in a
fresh Lean file.

This module imports no checker: the checkers import it (`apply_term`), and the verification,
which replays proofs with a checker, lives above both (`prover.checkers.admission`).

The environment in force where a checker is made without one is `active_environment()`:
`search(..., environment=env)` activates its environment for its duration (`active(env)`), so
the kernel checkers made during the search's proof reconstruction see the same lemmas. Outside
any `active` block it is a new empty environment each time.
"""

from __future__ import annotations

import contextvars
import hashlib
import re
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Callable

from prover.errors import LeanSyntaxError
from prover.syntax.ast import (NUMBER_TYPES, PROP, Expr, alpha_equal, function_equation, set_equation,
                               strict_implicit, substitute)


@dataclass(frozen=True)
class LearnedLemma:
    name: str
    statement: str   # the theorem's Lean text (`theorem name binders : goal`)
    proof: str      # the tactic script that proves it
    node: str = ""  # its lemma-memory node id, when it comes from memory


# verifier(lemma, environment) -> (ok, message, rules used); see `prover.checkers.admission`.
Verifier = Callable[["LearnedLemma", "Environment"], "tuple[bool, str, list[str]]"]


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


def canonical_form(statement: str) -> str:
    """Statement text with the theorem name dropped and variables renamed in order of
    appearance (`x`, `y` ↦ `v0`, `v1`), so alpha-equivalent statements coincide."""
    from prover.state import load_theorem
    try:
        t = load_theorem(statement)
    except LeanSyntaxError:
        return " ".join(statement.split())
    text = t.lean_statement().split(" ", 2)[2] if t.lean_statement().startswith("theorem ") else t.lean_statement()
    names = [n for n, _ in t.goal.variables] + [n for n, _ in t.goal.hypotheses]
    for i, n in enumerate(sorted(set(names), key=names.index)):
        text = re.sub(rf"(?<![\w.']){re.escape(n)}(?![\w'])", f"v{i}", text)
    return " ".join(text.split())


class Environment:
    """Candidate lemmas (added freely) and the verified ones (their proofs replayed by
    `verifier`; none without one)."""

    def __init__(self, verifier: Verifier | None = None):
        self.verifier = verifier
        self.candidates: dict[str, LearnedLemma] = {}
        self.verified: dict[str, Expr] = {}
        self.refused: dict[str, str] = {}
        self.verifying: set[str] = set()   # lemmas whose proofs are being replayed (never in scope)
        self.excluded: set[str] = set()    # names of the theorem being proved and its twins
        self.own_canonical: str | None = None
        # name -> {"checker_version", "rules"}: how each verified lemma was checked
        self.records: dict[str, dict] = {}

    def add(self, lemma: LearnedLemma) -> str:
        """Register a candidate; returns the name to use (suffixed if the name is taken by a
        different statement)."""
        if self.own_canonical is not None and canonical_form(lemma.statement) == self.own_canonical:
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
        """The lemma's proposition, verifying it on first use; None when unknown, refused,
        excluded, being verified, or when this environment has no verifier."""
        if name in self.excluded or name in self.verifying or name in self.refused:
            return None
        if name in self.verified:
            return self.verified[name]
        lemma = self.candidates.get(name)
        if lemma is None or self.verifier is None:
            return None
        prop = self._verify(lemma)
        if prop is not None:
            self.verified[name] = prop
        return prop

    def _verify(self, lemma: LearnedLemma) -> Expr | None:
        try:
            prop = lemma_proposition(lemma.statement)
        except LeanSyntaxError as err:
            self.refused[lemma.name] = f"statement: {err}"
            return None
        if prop is None:
            self.refused[lemma.name] = "a variable is not a number"
            return None
        self.verifying.add(lemma.name)
        try:
            ok, message, rules = self.verifier(lemma, self)
        finally:
            self.verifying.discard(lemma.name)
        if not ok:
            self.refused[lemma.name] = message
            return None
        from prover.checkers.version import CHECKER_VERSION
        self.records[lemma.name] = {"checker_version": CHECKER_VERSION, "rules": rules}
        return prop

    def exclude_theorem(self, theorem) -> None:
        """Leave out the theorem being proved: lemmas with its name or its statement."""
        own = canonical_form(theorem.statement)
        self.excluded = {theorem.name} | {name for name, lemma in self.candidates.items()
                                          if canonical_form(lemma.statement) == own}
        self.own_canonical = own

    def used_in(self, script: str) -> list[LearnedLemma]:
        """The verified lemmas a proof script names, each before the lemmas that need it."""
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
        self.__init__(self.verifier)


_ACTIVE: contextvars.ContextVar[Environment | None] = contextvars.ContextVar("prover_environment", default=None)


def active_environment() -> Environment:
    """The environment activated by the innermost `active(...)` block, else a new empty one."""
    env = _ACTIVE.get()
    return env if env is not None else Environment()


@contextmanager
def active(environment: Environment | None):
    """Make `environment` the one checkers made without an explicit environment use, inside."""
    if environment is None:
        yield
        return
    token = _ACTIVE.set(environment)
    try:
        yield
    finally:
        _ACTIVE.reset(token)


def apply_term(goal, term: Expr, environment: Environment | None) -> Expr:
    """The proposition a term `h a b hx` proves in `goal`: `h` a hypothesis or a lemma of
    `environment` (hypotheses shadow lemmas, as in Lean); each argument instantiates the next
    `∀` (elaborated at its type) or, as a hypothesis name, discharges the next premise, which
    must be that hypothesis's statement."""
    from prover.syntax.elaborate import Elaborator
    head = term.value if term.op in ("app", "var") else None
    prop = goal.hypothesis(head) if head else None
    if prop is None and head and environment is not None:
        prop = environment.resolve(head)
    if prop is None:
        raise LeanSyntaxError(f"unknown lemma or hypothesis '{head}'", 1, 1)
    el = Elaborator(goal.context)
    for arg in (term.args if term.op == "app" else ()):
        if set_equation(prop):
            raise LeanSyntaxError(f"{head}: a set equation `S = T` is not a function (Set.ext_iff is not applied)", 1, 1)
        if function_equation(prop):
            raise LeanSyntaxError(f"{head}: an equation of functions `f = fun x => …` is not a function "
                                  f"(congrFun {head} a)", 1, 1)
        if strict_implicit(prop):
            # `∀ ⦃a⦄, a ∈ s → …` (lowerBounds/upperBounds): the argument proves the membership
            # and fixes `a` by unification; a term argument is refused, as Lean refuses it
            from prover.kernel.lemmas import BadHint, instantiate_strict
            given = goal.hypothesis(arg.value) if arg.op == "var" and "✝" not in arg.value else None
            if given is None:
                raise LeanSyntaxError(f"{head}: its element is strict-implicit (∀ ⦃a⦄, a ∈ s → …); "
                                      "the argument must be a hypothesis proving the membership", 1, 1)
            try:
                prop = instantiate_strict(prop, given)
            except BadHint as err:
                raise LeanSyntaxError(f"{head}: {err}", 1, 1) from None
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


def _renamed(statement: str, old: str, new: str) -> str:
    if old == new:
        return statement
    return re.sub(rf"^(\s*(?:theorem|lemma)\s+){re.escape(old)}\b", rf"\g<1>{new}", statement, count=1)
