"""Proof states: frozen, hashable, equal when their goal text is equal.

A `Goal` is one sequent: typed variables, named hypotheses, a target proposition. The
theorem's name and header are carried by `Theorem`, outside equality, so two goals with
the same content are the same node for the search.

>>> t = load_theorem("theorem t (x : ℝ) (h₀ : 3 * x - 7 = 11) : x = 6")
>>> print(t.goal)
x : ℝ
h₀ : 3 * x - 7 = 11
⊢ x = 6
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from prover.errors import ElaborationError, LeanSyntaxError, UnsupportedSyntax
from prover.syntax.ast import PROP, Expr, substitute
from prover.syntax.elaborate import Elaborator, show_type, to_type
from prover.syntax.parser import parse_term, parse_theorem
from prover.syntax import zmod
from prover.syntax.printer import show

DEFAULT_HEADER = "import Mathlib\n\nset_option maxHeartbeats 400000\n\nopen BigOperators Real Nat Topology Rat"


@dataclass(frozen=True)
class Goal:
    variables: tuple[tuple[str, object], ...]
    hypotheses: tuple[tuple[str, Expr], ...]
    target: Expr

    @property
    def context(self) -> dict[str, object]:
        return dict(self.variables)

    def hypothesis(self, name: str) -> Expr | None:
        for n, h in reversed(self.hypotheses):
            if n == name:
                return h
        return None

    def with_target(self, target: Expr) -> "Goal":
        return replace(self, target=target)

    def with_hypothesis(self, name: str, prop: Expr) -> "Goal":
        kept = tuple((n, h) for n, h in self.hypotheses if n != name)
        return replace(self, hypotheses=kept + ((name, prop),))

    def substituted(self, var: str, value: Expr, drop: bool = False) -> "Goal":
        """`var := value` in the hypotheses and the target; `drop` also removes `var`."""
        variables = tuple((n, ty) for n, ty in self.variables if not (drop and n == var))
        hyps = tuple((n, substitute(h, var, value)) for n, h in self.hypotheses)
        return Goal(variables, hyps, substitute(self.target, var, value))

    def with_variable(self, name: str, ty) -> "Goal":
        kept = tuple((n, t) for n, t in self.variables if n != name)
        return replace(self, variables=kept + ((name, ty),))

    def fresh_name(self, base: str = "h") -> str:
        used = {n for n, _ in self.variables} | {n for n, _ in self.hypotheses}
        if base not in used:
            return base
        i = 1
        while f"{base}{i}" in used:
            i += 1
        return f"{base}{i}"

    def __str__(self) -> str:
        lines = []
        # Group consecutive variables of one type as Lean's goal view does.
        groups: list[tuple[list[str], object]] = []
        for n, t in self.variables:
            if groups and groups[-1][1] == t:
                groups[-1][0].append(n)
            else:
                groups.append(([n], t))
        lines += [f"{' '.join(ns)} : {show_type(t)}" for ns, t in groups]
        lines += [f"{n} : {show(h)}" for n, h in self.hypotheses]
        lines.append(f"⊢ {show(self.target)}")
        return "\n".join(lines)


@dataclass(frozen=True)
class Theorem:
    name: str
    goal: Goal
    statement: str = field(compare=False)
    header: str = field(default=DEFAULT_HEADER, compare=False)

    def lean_statement(self) -> str:
        """The statement as Lean text, ending in `:=` (pretty-printed from the parse)."""
        groups: list[tuple[list[str], object]] = []
        for n, t in self.goal.variables:
            if groups and groups[-1][1] == t:
                groups[-1][0].append(n)
            else:
                groups.append(([n], t))
        parts = [f"({' '.join(ns)} : {show_type(t)})" for ns, t in groups]
        parts += [f"({n} : {show(h)})" for n, h in self.goal.hypotheses if "." not in n]
        binders = (" " + " ".join(parts)) if parts else ""
        return f"theorem {self.name}{binders} :\n    {show(self.goal.target)} :="


def load_theorem(text: str, name: str | None = None, header: str | None = None) -> Theorem:
    """Parse and elaborate one theorem statement (or a bare proposition)."""
    raw = zmod.translate(parse_theorem(text))
    variables: list[tuple[str, object]] = []
    hypotheses: list[tuple[str, Expr]] = []
    elaborator = Elaborator({})
    for binder in raw.binders:
        ty = to_type(binder.type)
        if isinstance(ty, tuple) and ty[0] == "Equiv":
            # An equivalence is a function with a two-sided inverse: bind both directions and
            # state the inverse laws (Equiv.left_inv, Equiv.right_inv) as hypotheses.
            _, a, b = ty
            for n in binder.names:
                variables.append((n, ty))
                elaborator.ctx[f"{n}.1"] = ("→", (a,), b)
                elaborator.ctx[f"{n}.2"] = ("→", (b,), a)
                for law, text in (("left_inv", f"∀ x, {n}.2 ({n}.1 x) = x"), ("right_inv", f"∀ x, {n}.1 ({n}.2 x) = x")):
                    hypotheses.append((f"{n}.{law}", elaborator.prop(parse_term(text))))
            continue
        if ty is not None:
            for n in binder.names:
                variables.append((n, ty))
                elaborator.ctx[n] = ty
            continue
        prop = elaborator.prop(binder.type)
        for n in binder.names:
            hypotheses.append((n if n != "_" else f"h_{len(hypotheses)}", prop))
    target = elaborator.prop(raw.goal)
    if target.ty != PROP:
        raise ElaborationError("the statement is not a proposition", 1, 1)
    thm_name = name or raw.name
    return Theorem(thm_name, Goal(tuple(variables), tuple(hypotheses), target), text,
                   header if header is not None else DEFAULT_HEADER)


def load_lean_file(text: str) -> list[Theorem | LeanSyntaxError]:
    """Every declaration in a `.lean` file (`theorem`, `lemma`, `example`, with modifiers), in
    order; an entry that fails, or a command the checker does not model, is an error carrying
    its file line."""
    from prover.syntax.parser import Declaration, scan_lean_file
    header, items = scan_lean_file(text)
    out: list[Theorem | LeanSyntaxError] = []
    for item in items:
        if not isinstance(item, Declaration):
            out.append(UnsupportedSyntax(item.what, item.line, 1))
            continue
        try:
            out.append(load_theorem(item.statement, name=item.name, header=header or DEFAULT_HEADER))
        except LeanSyntaxError as err:
            line = err.line + item.line - 1 if err.line is not None else item.line
            err = UnsupportedSyntax(err.construct, line, err.column) if isinstance(err, UnsupportedSyntax) \
                else type(err)(err.message, line, err.column)
            out.append(err)
    return out
