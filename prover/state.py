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

import re
from dataclasses import dataclass, field, replace

from prover.errors import ElaborationError, LeanSyntaxError, UnsupportedSyntax
from prover.syntax.ast import INACCESSIBLE, NAT, PROP, Expr, all_names, free_vars, inaccessible_name, rename_free, substitute
from prover.syntax.elaborate import Elaborator, UnknownIdentifier, default_type, show_type, to_type
from prover.syntax.parser import parse_term, parse_theorem
from prover.syntax import lower, zmod
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

    @property
    def functions(self) -> set[str]:
        """Local names applied as functions: variables of a tuple type (`f : ℝ → ℝ`; also the
        equivalence `σ` itself) and, for `σ : Equiv α β`, `σ.1` and `σ.2` (toFun, invFun)."""
        out = {n for n, ty in self.variables if isinstance(ty, tuple)}
        out |= {f"{n}.{k}" for n, ty in self.variables if isinstance(ty, tuple) and ty[0] == "Equiv" for k in (1, 2)}
        return out

    def hypothesis(self, name: str) -> Expr | None:
        for n, h in reversed(self.hypotheses):
            if n == name:
                return h
        return None

    def with_target(self, target: Expr) -> "Goal":
        return replace(self, target=target)

    @property
    def names(self) -> set[str]:
        """The names of the local context: variables and hypotheses share one namespace."""
        return {n for n, _ in self.variables} | {n for n, _ in self.hypotheses}

    def _taken(self) -> set[str]:
        out = set(self.names)
        for e in [h for _, h in self.hypotheses] + [self.target]:
            out |= all_names(e)
        return out

    def renamed(self, old: str, new: str) -> "Goal":
        """The variable `old` renamed to `new` everywhere (variables, hypotheses, target)."""
        variables = tuple((new if n == old else n, ty) for n, ty in self.variables)
        hyps = tuple((n, rename_free(h, old, new)) for n, h in self.hypotheses)
        return Goal(variables, hyps, rename_free(self.target, old, new))

    def shadow(self, name: str) -> tuple["Goal", dict[str, str]]:
        """Make room for a new local `name`, as Lean does when a name is introduced again:
        the existing variable or hypothesis of that name stays, renamed to an inaccessible
        name (`x✝`) everywhere it occurs. Returns the goal and the renaming made."""
        if name not in self.names:
            return self, {}
        fresh = inaccessible_name(name, self._taken() | {name})
        goal = self
        if name in self.context:
            goal = goal.renamed(name, fresh)
        hyps = tuple((fresh if n == name else n, h) for n, h in goal.hypotheses)
        return replace(goal, hypotheses=hyps), {name: fresh}

    def with_hypothesis(self, name: str, prop: Expr) -> "Goal":
        """A new hypothesis `name : prop` (`prop` read in this goal's context); an existing
        local of that name is shadowed, not replaced."""
        goal, renaming = self.shadow(name)
        for old, new in renaming.items():
            prop = rename_free(prop, old, new)
        return replace(goal, hypotheses=goal.hypotheses + ((name, prop),))

    def replace_hypothesis(self, name: str, prop: Expr) -> "Goal":
        """The hypothesis `name` restated as `prop` (`rw … at h`), in place."""
        hyps = tuple((n, prop if n == name else h) for n, h in self.hypotheses)
        return replace(self, hypotheses=hyps)

    def substituted(self, var: str, value: Expr, drop: bool = False) -> "Goal":
        """`var := value` in the hypotheses and the target (capture-avoiding); `drop` also
        removes `var`."""
        variables = tuple((n, ty) for n, ty in self.variables if not (drop and n == var))
        hyps = tuple((n, substitute(h, var, value)) for n, h in self.hypotheses)
        return Goal(variables, hyps, substitute(self.target, var, value))

    def with_variable(self, name: str, ty) -> "Goal":
        """A new variable `name : ty`; an existing local of that name is shadowed (renamed to
        an inaccessible name everywhere), never merged with the new one."""
        goal, _ = self.shadow(name)
        return replace(goal, variables=goal.variables + ((name, ty),))

    def fresh_name(self, base: str = "h") -> str:
        used = self.names
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
    # "ZMod", "ℝ≥0" or "Fin" when the goal is a translation of the statement into ℤ/ℝ/ℕ
    # (prover.syntax.zmod, prover.syntax.lower): a kernel proof of the translation is not a
    # script Lean would accept on the statement, so such a theorem is never `checked`.
    translated: str = field(default="", compare=False)

    def lean_statement(self) -> str:
        """The statement as Lean text, ending in `:=` (pretty-printed from the parse).
        Variables come first, hypotheses after them; a shadowed (inaccessible) variable is
        printed under its own name, with the hypotheses about it, before the binder that
        shadows it, so the text elaborates to this goal again."""
        goal = self.goal
        later_names = [n for n, _ in goal.variables] + [n for n, _ in goal.hypotheses]

        def printed_name(n: str, rest: list[str]) -> str:
            # `_✝` is an anonymous binder; `x✝` one shadowed by a later `x`.
            return n.split(INACCESSIBLE)[0] if INACCESSIBLE in n else n

        visible: dict[str, str] = {}   # printed name -> the variable it denotes now
        emitted: set[str] = set()
        pending = [(n, h) for n, h in goal.hypotheses if "." not in n]
        parts: list[str] = []
        groups: list[tuple[list[str], object]] = []

        def close_groups() -> None:
            parts.extend(f"({' '.join(ns)} : {show_type(t)})" for ns, t in groups)
            groups.clear()

        def flush(everything: bool) -> None:
            nonlocal pending
            # In their order (a later `h` shadows an earlier one): the longest prefix that is ready.
            ready = []
            for n, h in pending:
                if not (everything or free_vars(h) <= emitted):
                    break
                ready.append((n, h))
            if not ready:
                return
            close_groups()
            for n, h in ready:
                shown = h
                for v in sorted(free_vars(h)):
                    if INACCESSIBLE in v and visible.get(v.split(INACCESSIBLE)[0]) == v:
                        shown = rename_free(shown, v, v.split(INACCESSIBLE)[0])
                rest = [m for m, _ in goal.hypotheses[goal.hypotheses.index((n, h)) + 1:]] + list(goal.context)
                parts.append(f"({printed_name(n, rest)} : {show(shown)})")
            pending = [x for x in pending if x not in ready]

        for i, (n, t) in enumerate(goal.variables):
            shown = printed_name(n, later_names[i + 1:])
            if shown in visible:
                flush(False)   # hypotheses about the variable about to be shadowed
                close_groups()
            if groups and groups[-1][1] == t and shown not in groups[-1][0]:
                groups[-1][0].append(shown)
            else:
                groups.append(([shown], t))
            visible[shown] = n
            emitted.add(n)
        close_groups()
        flush(True)
        binders = (" " + " ".join(parts)) if parts else ""
        return f"theorem {self.name}{binders} :\n    {show(self.goal.target)} :="


_DECLARATION = re.compile(r"^\s*(?:@\[[^\]]*\]\s*)?(?:(?:private|protected|noncomputable)\s+)*(?:theorem|lemma|example)\b",
                          re.MULTILINE)


def load_theorem(text: str, name: str | None = None, header: str | None = None) -> Theorem:
    """Parse and elaborate one theorem statement (or a bare proposition).

    The header's `open` lines decide what short names mean (`sqrt` is `Real.sqrt` under
    `open Real`, `Nat.sqrt` under `open Nat`, ambiguous under both), and its `variable`
    binders that the statement mentions become leading binders, as Lean includes them. The
    text may start with such lines itself (the context a `.lean` file gives a declaration)."""
    from prover.syntax.parser import read_scope, split_context
    context, body = split_context(text)
    scope = read_scope((header if header is not None else DEFAULT_HEADER) + "\n" + context)
    parsed = _with_variables(parse_theorem(body), scope.variables)
    autos: list[str] = []
    while True:
        try:
            return _load(_with_auto_bound(parsed, autos, scope.opens), scope, text, name, header, context)
        except UnknownIdentifier as err:
            if err.name in autos or not auto_bindable(err.name, scope.opens):
                raise
            autos.append(err.name)
        except RecursionError:
            raise LeanSyntaxError("expression nested too deeply", 1, 1) from None


def auto_bindable(name: str, opens) -> bool:
    """Whether Lean 4's default `autoImplicit` binds this unknown name as an implicit variable
    here and we follow it: short atomic names (`x`, `b₁`, `x'`, `xy`, `e1`) that no open
    namespace could define. Lean binds longer names too (`relaxedAutoImplicit`); those may be
    Mathlib definitions we do not know, so they stay refused."""
    if name in _NOT_AUTO_BOUND or (name == "φ" and "Nat" in opens):
        return False
    return re.fullmatch(r"[A-Za-zα-ωΑ-Ω](?:[A-Za-z]?[0-9₀-₉']*|[0-9₀-₉']+)", name) is not None


# Two-letter names that are Mathlib definitions or notation under common `open`s.
_NOT_AUTO_BOUND = {"id", "le", "lt", "ge", "gt", "ne", "eq", "or", "pi", "π", "φ", "σ", "Λ", "μ", "ζ", "ψ", "ε₀"}


def _with_auto_bound(parsed, autos: list[str], opens):
    """The statement with its auto-bound names as leading binders (Lean puts them first, in
    order of occurrence), each typed by unification over the whole signature: the first use
    that demands a type decides it, a numeral-only use defaults to ℕ (as Lean's metavariable
    would be assigned by the numeral's default instance)."""
    holes = [n for b in parsed.binders if b.type.op == "hole" for n in b.names]
    if not autos and not holes:
        return parsed
    from dataclasses import replace
    from prover.syntax.parser import Binder
    sig = parsed.goal
    for b in reversed(parsed.binders):
        if b.names == ("_inst",) or b.type.op == "hole":
            continue
        if to_type(b.type, extended=True) is not None:
            for n in reversed(b.names):
                sig = Expr("forall", (sig,), value=(n, b.type), pos=b.pos)
        else:
            sig = Expr("imp", (b.type, sig), pos=b.pos)
    trial = Elaborator({n: None for n in autos + holes}, opens, trial=True, extended=True)
    try:
        trial.prop(sig)
    except UnknownIdentifier:
        raise   # another auto-bound name: the caller adds it and comes back
    except LeanSyntaxError as err:
        raise UnsupportedSyntax(f"binder types to infer for {', '.join(autos + holes)} ({err.message})",
                                err.line, err.column) from None

    for n in autos + holes:
        if n in trial.postponed and not trial.demands.get(n):
            raise ElaborationError(f"invalid field notation: the type of {n} is not known (no use fixes it)", 1, 1)

    def inferred(n: str) -> Expr:
        return Expr("type", value=default_type(trial.demands.get(n, [])))
    binders = [Binder((n,), inferred(n), None) for n in autos]
    rest = tuple(Binder((n,), inferred(n), b.pos) if b.type.op == "hole" else b
                 for b in parsed.binders for n in (b.names if b.type.op == "hole" else (None,))
                 if b.type.op == "hole" or n is None)
    return replace(parsed, binders=tuple(binders) + rest)


def _load(parsed, scope, text, name, header, context) -> "Theorem":
    raw = zmod.translate(parsed)
    names = [n for b in parsed.binders for n in b.names if n != "_"]
    if raw is not parsed and len(set(names)) != len(names):
        pos = next((b.pos for b in parsed.binders if b.pos), None) or (1, 1)
        raise UnsupportedSyntax("a shadowed binder in a ZMod statement", *pos)
    variables: list[tuple[str, object]] = []
    hypotheses: list[tuple[str, Expr]] = []
    # A Lean declaration reads `R` as a type variable; only a bare proposition gets the ASCII types.
    ascii_types = not _DECLARATION.search(text)
    elaborator = Elaborator({}, scope.opens, ascii_types=ascii_types, extended=True)

    def shadow(n: str, binder) -> dict[str, str]:
        """A binder named like an earlier one shadows it (Lean allows this): the earlier
        variable or hypothesis becomes inaccessible in everything elaborated before."""
        taken = {m for m, _ in variables} | {m for m, _ in hypotheses}
        if n not in taken:
            return {}
        if any(m.startswith(n + ".") for m in elaborator.ctx) or any(isinstance(ty, tuple) and ty[0] == "Equiv"
                                                                    for m, ty in variables if m == n):
            raise UnsupportedSyntax(f"a binder {n} shadowing an equivalence", *(binder.pos or (None, None)))
        for e in [h for _, h in hypotheses]:
            taken |= all_names(e)
        fresh = inaccessible_name(n, taken)
        for i, (m, ty) in enumerate(variables):
            if m == n:
                variables[i] = (fresh, ty)
                elaborator.ctx[fresh] = elaborator.ctx.pop(n)
                hypotheses[:] = [(k, rename_free(h, n, fresh)) for k, h in hypotheses]
        hypotheses[:] = [(fresh if k == n else k, h) for k, h in hypotheses]
        return {n: fresh}

    for binder in raw.binders:
        ty = to_type(binder.type, ascii_types, extended=True)
        if isinstance(ty, tuple) and ty[0] == "Equiv":
            # An equivalence is a function with a two-sided inverse: bind both directions and
            # state the inverse laws (Equiv.left_inv, Equiv.right_inv) as hypotheses.
            _, a, b = ty
            for n in binder.names:
                shadow(n, binder)
                variables.append((n, ty))
                elaborator.ctx[f"{n}.1"] = ("→", (a,), b)
                elaborator.ctx[f"{n}.2"] = ("→", (b,), a)
                # (not `text`: that name is the statement's own text, kept in the Theorem)
                for law, law_text in (("left_inv", f"∀ x, {n}.2 ({n}.1 x) = x"),
                                      ("right_inv", f"∀ x, {n}.1 ({n}.2 x) = x")):
                    hypotheses.append((f"{n}.{law}", elaborator.prop(parse_term(law_text))))
            continue
        if ty is not None:
            for n in binder.names:
                if n == "_":
                    n = inaccessible_name("_", {m for m, _ in variables} | {m for m, _ in hypotheses})
                shadow(n, binder)
                variables.append((n, ty))
                elaborator.ctx[n] = ty
            continue
        prop = elaborator.prop(binder.type)
        for n in binder.names:
            if n == "_":
                # An anonymous hypothesis is inaccessible in Lean (`x✝`); automation still sees it.
                n = inaccessible_name("_", {m for m, _ in variables} | {m for m, _ in hypotheses})
            for old, fresh in shadow(n, binder).items():
                prop = rename_free(prop, old, fresh)   # elaborated before the shadowing
            hypotheses.append((n, prop))
    target = elaborator.prop(raw.goal)
    if target.ty != PROP:
        raise ElaborationError("the statement is not a proposition", 1, 1)
    translated = "ZMod" if raw is not parsed else ""
    if any(lower.needs_lowering(ty) for _, ty in variables) or \
            any(lower.mentions(h) for _, h in hypotheses) or lower.mentions(target):
        translated = translated or "ℝ≥0/Fin"
        # ℝ≥0 and `Fin n` become ℝ and ℕ with their facts (prover.syntax.lower).
        taken = {n for n, _ in variables} | {n for n, _ in hypotheses}
        for _, h in hypotheses:
            taken |= all_names(h)
        taken |= all_names(target)
        facts = []
        for n, ty in variables:
            for fact, prop in lower.variable_facts(n, ty):
                while fact in taken:
                    fact += "'"
                taken.add(fact)
                facts.append((fact, prop))
        variables = [(n, lower.lower_type(ty)) for n, ty in variables]
        hypotheses = facts + [(n, lower.lower(h)) for n, h in hypotheses]
        target = lower.lower(target)
    thm_name = name or raw.name
    # The printed statement binds the included variables itself: `variable` lines are dropped.
    kept = _without_variable_lines(context).strip()
    header = _without_variable_lines(header if header is not None else DEFAULT_HEADER)
    return Theorem(thm_name, Goal(tuple(variables), tuple(hypotheses), target), text,
                   header + "\n\n" + kept if kept else header, translated)


def _without_variable_lines(text: str) -> str:
    out, skipping = [], False
    for line in text.split("\n"):
        if line.startswith("variable"):
            skipping = True
            continue
        if skipping and line[:1].isspace() and line.strip():
            continue
        skipping = False
        out.append(line)
    return "\n".join(out)


def _with_variables(parsed, variables):
    """`variable` binders that the statement mentions (by name, in its binders or goal, or in
    the type of another included one), prepended in their order: Lean 4 includes exactly
    these (a hypothesis `variable (h : x > 0)` only when `h` is named)."""
    if not variables:
        return parsed
    from dataclasses import replace
    from prover.syntax.parser import Binder

    def names_in(e) -> set[str]:
        out = set()
        for n in e.walk():
            if n.op in ("var", "app") and isinstance(n.value, str):
                out.add(n.value)
                out.add(n.value.split(".")[0])
        return out

    # A theorem binder of the same name shadows the variable from its position on; the
    # variable is still included when something before it (or nothing) names it.
    mentioned = names_in(parsed.goal)
    for b in parsed.binders:
        mentioned |= names_in(b.type)
    chosen: list = []
    changed = True
    while changed:
        changed = False
        for b in variables:
            for n in b.names:
                if n in mentioned and (b, n) not in chosen:
                    chosen.append((b, n))
                    mentioned |= names_in(b.type)
                    changed = True
    extra = [Binder((n,), b.type, b.pos) for b in variables for n in b.names if (b, n) in chosen]
    return replace(parsed, binders=tuple(extra) + parsed.binders)


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
        text, first_line = item.with_context()
        try:
            out.append(load_theorem(text, name=item.name, header=header or DEFAULT_HEADER))
        except LeanSyntaxError as err:
            line = err.line + first_line - 1 if err.line is not None else item.line
            err = UnsupportedSyntax(err.construct, line, err.column) if isinstance(err, UnsupportedSyntax) \
                else type(err)(err.message, line, err.column)
            out.append(err)
    return out
