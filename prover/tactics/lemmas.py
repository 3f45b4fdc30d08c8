"""The starter lemma library (`lemmas/starter.jsonl`) and hint-term instantiation.

Every entry is a real Mathlib (or Lean core) declaration, by its exact name, with its
statement, its explicit arguments in Mathlib's order (`args`: a term parameter or a
hypothesis), the type of every parameter (`types`; `α` for the lemma's type variable) and,
for a polymorphic lemma, the number types its typeclass assumptions admit (`domain`: a lemma
about ordered groups does not apply to ℕ). `verified` names where the declaration was checked.

A hint such as `sq_nonneg (a - b)` names a library lemma and its arguments; instantiating it
gives a proposition in the goal's context (`0 ≤ (a - b) ^ 2`) that tactics add as a fact.
Arguments are checked as Lean checks them: a term argument is elaborated at its parameter's
type (a real for an ℕ parameter is a type mismatch), `α` is fixed by the arguments (or by the
hypotheses) and must be in the lemma's domain, and a hypothesis argument must have the
premise's statement, which binds the implicit parameters (`mul_pos ha hb`). Named arguments
(`Nat.lt_two_pow_self (n := k + 1)`) give a parameter by name. Fewer arguments than the lemma
takes leave the rest as `∀` / `→` (`Nat.Prime.eq_one_or_self_of_dvd hp`).

>>> from prover.state import load_theorem
>>> g = load_theorem("theorem t (a b : ℝ) (ha : 0 < a) (hb : 0 < b) : 0 ≤ a").goal
>>> from prover.syntax.printer import show
>>> show(instantiate_hint("sq_nonneg (a - b)", g))
'0 ≤ (a - b) ^ 2'
>>> show(instantiate_hint("mul_pos ha hb", g))
'0 < a * b'
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from prover.errors import LeanSyntaxError, ProverError, TacticSyntaxError
from prover.state import Goal
from prover.syntax.ast import NUMBER_TYPES, PROP, Expr, all_names, inaccessible_name, substitute
from prover.syntax.elaborate import Elaborator
from prover.syntax.parser import parse_term
from prover.tactics.environment import apply_term

LIBRARY = Path(__file__).resolve().parents[2] / "lemmas" / "starter.jsonl"
TYPE_VARIABLE = "α"
# Order in which Lean's unifier would settle `α` from a numeral alone (ℕ by default).
_TYPE_ORDER = tuple(NUMBER_TYPES)


@dataclass(frozen=True)
class Arg:
    """One explicit argument: a term parameter (`param`) or a hypothesis (`hyp`, its statement)."""
    param: str | None = None
    hyp: str | None = None


@dataclass(frozen=True)
class Lemma:
    name: str
    types: tuple[tuple[str, str], ...]   # parameter -> type (`α` for the type variable)
    args: tuple[Arg, ...]                # explicit arguments, in Mathlib's order
    statement: str                       # the conclusion
    domain: tuple[str, ...] = ()         # the number types `α` may be (polymorphic lemmas)
    verified: str = ""                   # where the declaration was checked

    @property
    def params(self) -> tuple[str, ...]:
        return tuple(p for p, _ in self.types)

    @property
    def implicit(self) -> tuple[str, ...]:
        explicit = {a.param for a in self.args if a.param}
        return tuple(p for p in self.params if p not in explicit)

    @property
    def premises(self) -> tuple[str, ...]:
        return tuple(a.hyp for a in self.args if a.hyp is not None)

    def text(self) -> str:
        """The lemma as one line (premises → conclusion), for the memory and the policy."""
        return " → ".join(self.premises + (self.statement,))


def _from_json(d: dict) -> Lemma:
    args = tuple(Arg(param=a["term"]) if "term" in a else Arg(hyp=a["hyp"]) for a in d["args"])
    return Lemma(d["name"], tuple(d["types"].items()), args, d["statement"], tuple(d.get("domain", ())),
                 d.get("verified", ""))


@lru_cache(maxsize=1)
def library() -> dict[str, Lemma]:
    if not LIBRARY.exists():
        return {}
    out = {}
    for line in LIBRARY.read_text(encoding="utf-8").splitlines():
        if line.strip():
            lemma = _from_json(json.loads(line))
            out[lemma.name] = lemma
    return out


# -- hint text: head, positional and named arguments ------------------------------------------

_NAMED = re.compile(r"\(\s*([^\W\d][\w']*)\s*:=")


def split_named(hint: str) -> tuple[str, dict[str, str]]:
    """`f (n := t) a` ↦ (`f a`, {n: t}): named arguments, Lean's `(x := e)`, taken out."""
    named: dict[str, str] = {}
    out, i = [], 0
    while i < len(hint):
        m = _NAMED.match(hint, i) if hint[i] == "(" else None
        if m is None:
            out.append(hint[i])
            i += 1
            continue
        depth, j = 1, m.end()
        while j < len(hint) and depth:
            depth += {"(": 1, ")": -1}.get(hint[j], 0)
            j += 1
        if depth:
            raise TacticSyntaxError(f"unbalanced named argument in '{hint}'", 1, 1)
        if m.group(1) in named:
            raise TacticSyntaxError(f"argument '{m.group(1)}' given twice", 1, 1)
        named[m.group(1)] = hint[m.end(): j - 1].strip()
        i = j
    return "".join(out).strip(), named


def hint_head(hint: str) -> str | None:
    """The name a hint term applies (`mul_pos` in `mul_pos ha hb`)."""
    term = parse_term(split_named(hint)[0])
    return term.value if term.op in ("app", "var") else None


# -- instantiation ---------------------------------------------------------------------------

def _mismatch(lemma: Lemma, why: str) -> TacticSyntaxError:
    return TacticSyntaxError(f"{lemma.name}: {why}", 1, 1)


def _oriented(p: Expr) -> Expr:
    """`a > b` is notation for `b < a` (and `≥` for `≤`), as Lean unfolds it when unifying."""
    if p.op == "gt":
        return Expr("lt", (p.args[1], p.args[0]), value=p.value, ty=p.ty)
    if p.op == "ge":
        return Expr("le", (p.args[1], p.args[0]), value=p.value, ty=p.ty)
    return p


def _numeral(e: Expr) -> bool:
    return e.op == "num" or (e.op == "neg" and len(e.args) == 1 and e.args[0].op == "num")


def _natural_type(arg: Expr, goal: Goal):
    """The type an argument elaborates at on its own (how Lean's unifier fixes `α`)."""
    try:
        return Elaborator(goal.context).term(arg).ty
    except LeanSyntaxError:
        return None


def _choose_alpha(lemma: Lemma, positional: list[Expr], named: dict[str, Expr], goal: Goal) -> list:
    """The candidate types for `α`: fixed by the first term argument of type `α` that is not a
    bare numeral (a numeral alone defaults to ℕ); otherwise every type of the domain, in order
    (a hypothesis argument then settles it)."""
    if not lemma.domain:
        return [None]
    types = dict(lemma.types)
    given: list[Expr] = []
    k = 0
    for a in lemma.args:
        if a.param is not None and a.param in named:
            if types[a.param] == TYPE_VARIABLE:
                given.append(named[a.param])
            continue
        if k >= len(positional):
            break
        if a.param is not None and types[a.param] == TYPE_VARIABLE:
            given.append(positional[k])
        k += 1
    given += [named[p] for p in lemma.implicit if p in named and types[p] == TYPE_VARIABLE]
    definite = [g for g in given if not _numeral(g)]
    if definite:
        ty = _natural_type(definite[0], goal)
        if ty not in lemma.domain:
            raise _mismatch(lemma, f"no instance at type {ty}: the lemma holds for {', '.join(lemma.domain)}")
        return [ty]
    if given:
        return [t for t in _TYPE_ORDER if t in lemma.domain][:1]
    return [t for t in _TYPE_ORDER if t in lemma.domain]


def _instantiate_at(lemma: Lemma, alpha, positional: list[Expr], named: dict[str, Expr], goal: Goal) -> Expr:
    from prover.tactics.rewrite import match_pattern
    types = {p: (alpha if t == TYPE_VARIABLE else t) for p, t in lemma.types}
    el = Elaborator(dict(types))
    user = Elaborator(goal.context)
    try:
        statement = el.prop(parse_term(lemma.statement))
        premises = {a.hyp: _oriented(el.prop(parse_term(a.hyp))) for a in lemma.args if a.hyp is not None}
    except LeanSyntaxError as err:   # a library entry that does not elaborate is a project bug
        raise _mismatch(lemma, f"library entry does not elaborate at {alpha}: {err}") from err
    subst: dict[str, Expr] = {}
    for name, value in named.items():
        if name not in types:
            raise _mismatch(lemma, f"no parameter named '{name}'")
        subst[name] = user.term(value, types[name])
    rest: list[Arg] = []
    queue = list(positional)
    for a in lemma.args:
        if a.param is not None and a.param in named:
            continue
        if not queue:
            rest.append(a)
            continue
        given = queue.pop(0)
        if a.param is not None:
            subst[a.param] = user.term(given, types[a.param])   # raises on a type mismatch
            continue
        h = goal.hypothesis(given.value) if given.op == "var" else None
        if h is None:
            raise _mismatch(lemma, f"'{given.value if given.op == 'var' else given.op}' is not a hypothesis "
                                   f"proving {a.hyp}")
        if not match_pattern(premises[a.hyp], _oriented(h), types, subst):
            raise _mismatch(lemma, f"the hypotheses do not match its premises: {given.value} is not {a.hyp}")
    if queue:
        raise _mismatch(lemma, f"takes {len(lemma.args)} explicit argument(s), got more")
    rest_params = {a.param for a in rest if a.param is not None}
    missing = [p for p in lemma.params if p not in subst and p not in rest_params]
    if missing:
        raise _mismatch(lemma, f"cannot determine {', '.join(missing)} (give it as ({missing[0]} := …))")
    if lemma.domain and not any(t == TYPE_VARIABLE and p in subst for p, t in lemma.types):
        # Nothing given fixes the type: Lean's instance problem is stuck; no instance is chosen.
        raise _mismatch(lemma, "cannot determine its type from the arguments given")
    # The remaining explicit arguments stay as `∀` / `→`, with bound names no user can write.
    # Parameters are instantiated first and the binders put around the result, so that no
    # substitution ever has to reach under a binder it would be captured by.
    taken = set().union(*(all_names(v) for v in subst.values())) | {n for n, _ in goal.variables} \
        | {n for n, _ in goal.hypotheses}
    hidden: dict[str, str] = {}
    for a in rest:
        if a.param is not None:
            hidden[a.param] = inaccessible_name(a.param, taken)
            taken.add(hidden[a.param])
            subst[a.param] = Expr("var", value=hidden[a.param], ty=types[a.param])
    order = lemma.params

    def instantiate(e: Expr) -> Expr:
        for i, p in enumerate(order):
            e = substitute(e, p, Expr("var", value=f"#p{i}", ty=types[p]))
        for i, p in enumerate(order):
            e = substitute(e, f"#p{i}", subst[p])
        return e

    body = instantiate(statement)
    for a in reversed(rest):
        if a.param is not None:
            body = Expr("forall", (body,), value=(hidden[a.param], types[a.param]), ty=PROP)
        else:
            body = Expr("imp", (instantiate(premises[a.hyp]), body), ty=PROP)
    return body


def instantiate_lemma(lemma: Lemma, hint: str, goal: Goal) -> Expr:
    text, named_text = split_named(hint)
    term = parse_term(text)
    positional = list(term.args if term.op == "app" else ())
    named = {k: parse_term(v) for k, v in named_text.items()}
    errors = []
    for alpha in _choose_alpha(lemma, positional, named, goal):
        try:
            return _instantiate_at(lemma, alpha, positional, named, goal)
        except LeanSyntaxError as err:
            errors.append(err)
    if len(errors) == 1:
        raise errors[0]
    last = errors[-1]
    raise _mismatch(lemma, f"the arguments fit none of its instances ({getattr(last, 'message', last)})")


def instantiate_hint(hint: str, goal: Goal, environment=None) -> Expr | None:
    """The proposition a hint term stands for; None for a hypothesis name (already known). A
    head that is neither a hypothesis nor a library lemma is looked up in `environment` (the
    learned lemmas, `prover.tactics.environment`; none when not given)."""
    text, named = split_named(hint)
    head = text.split(maxsplit=1)[0] if text.split() else ""
    if "(by " in text and not named and goal.hypothesis(head) is None and head not in goal.context:
        # a proof argument `(by tac : P)` (`Real.log_le_sub_one_of_pos (by positivity : 0 < x)`): the
        # term parser does not read it; the kernel's reading checks the inner tactic on `P`
        from prover.kernel.lemmas import POLYMORPHIC, SIGNATURES, resolve
        if head in SIGNATURES or head in POLYMORPHIC:
            try:
                return resolve(goal, hint)
            except (ProverError, ValueError, RecursionError) as err:
                raise TacticSyntaxError(f"{hint}: {err}", 1, 1) from None
    term = parse_term(text)
    if term.op == "var" and not named and goal.hypothesis(term.value) is not None:
        return None
    name = term.value if term.op in ("app", "var") else None
    # A hypothesis shadows a library lemma of the same name, as in Lean.
    lemma = library().get(name) if name and goal.hypothesis(name) is None else None
    if lemma is None:
        if named:
            raise TacticSyntaxError(f"named arguments are modelled for library lemmas only: '{hint}'", 1, 1)
        from prover.kernel.lemmas import POLYMORPHIC, SIGNATURES, is_kernel_term, resolve
        if name and goal.hypothesis(name) is None and name not in goal.context and \
                (name in SIGNATURES or name in POLYMORPHIC or name == "congrArg"
                 or is_kernel_term(goal, text.split(maxsplit=1))):   # `Real.exp_le_exp.mpr h`
            try:   # the kernel's reading of a Mathlib signature (`Real.sin_add a b`)
                return resolve(goal, hint)
            except (ProverError, ValueError, RecursionError) as err:
                raise TacticSyntaxError(f"{hint}: {err}", 1, 1) from None
        return apply_term(goal, term, environment)
    return instantiate_lemma(lemma, hint, goal)
