"""The starter lemma library (`lemmas/starter.jsonl`) and hint-term instantiation.

A hint such as `sq_nonneg (a - b)` names a library lemma and its arguments; instantiating it
gives a proposition in the goal's context (`0 ≤ (a - b) ^ 2`) that tactics add as a fact.
Lemmas with premises take hypothesis names (`mul_pos ha hb`): each premise is matched against
the named hypothesis to find the lemma's parameters, as Lean's unifier would.

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
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from prover.errors import TacticSyntaxError
from prover.state import Goal
from prover.syntax.ast import NUMBER_TYPES, NAT, Expr, substitute
from prover.syntax.elaborate import Elaborator
from prover.syntax.parser import parse_term

LIBRARY = Path(__file__).resolve().parents[2] / "lemmas" / "starter.jsonl"


@dataclass(frozen=True)
class Lemma:
    name: str
    params: tuple[str, ...]
    statement: str
    mathlib: str | None
    premises: tuple[str, ...] = ()
    explicit: tuple[str, ...] = ()   # parameters given explicitly after the premises (`pow_pos ha n`)
    nat: tuple[str, ...] = ()        # parameters typed ℕ in Mathlib: an argument of another type is refused


@lru_cache(maxsize=1)
def library() -> dict[str, Lemma]:
    if not LIBRARY.exists():
        return {}
    out = {}
    for line in LIBRARY.read_text(encoding="utf-8").splitlines():
        if line.strip():
            d = json.loads(line)
            out[d["name"]] = Lemma(d["name"], tuple(d["params"]), d["statement"], d.get("mathlib"),
                                   tuple(d.get("premises", ())), tuple(d.get("explicit", ())), tuple(d.get("nat", ())))
    return out


def _instantiate_raw(text: str, params, args) -> Expr:
    body = parse_term(text)
    for i, p in enumerate(params):
        body = substitute(body, p, Expr("var", value=f"#p{i}"))
    for i, a in enumerate(args):
        body = substitute(body, f"#p{i}", a)
    return body


def _from_premises(lemma: Lemma, args, goal: Goal) -> Expr:
    """Bind the parameters by matching each premise against the hypothesis passed for it."""
    from prover.tactics.rewrite import match_pattern
    proofs = args[: len(lemma.premises)]            # Mathlib's order: `pow_pos ha n`
    explicit = list(args[len(lemma.premises):])
    if len(explicit) != len(lemma.explicit) or any(p.op != "var" for p in proofs):
        raise TacticSyntaxError(f"{lemma.name} takes {len(lemma.premises)} hypothesis argument(s)"
                                + (f", then {', '.join(lemma.explicit)}" if lemma.explicit else ""), 1, 1)
    hyps = []
    for p in proofs:
        h = goal.hypothesis(p.value)
        if h is None:
            raise TacticSyntaxError(f"{lemma.name}: no hypothesis {p.value}", 1, 1)
        hyps.append(h)
    for ty in NUMBER_TYPES:
        types = {p: (NAT if p in lemma.explicit else ty) for p in lemma.params}
        el = Elaborator(types)
        subst: dict = {}
        try:
            premises = [el.prop(parse_term(t)) for t in lemma.premises]
        except Exception:  # this number type does not fit the lemma (e.g. no negation on ℕ)
            continue
        if all(match_pattern(pr, h, types, subst) for pr, h in zip(premises, hyps)):
            for name, value in zip(lemma.explicit, explicit):
                subst[name] = Elaborator(goal.context).term(value, NAT)
            if set(subst) != set(lemma.params):
                continue
            statement = el.prop(parse_term(lemma.statement))
            for i, p in enumerate(lemma.params):
                statement = substitute(statement, p, Expr("var", value=f"#p{i}", ty=types[p]))
            for i, p in enumerate(lemma.params):
                statement = substitute(statement, f"#p{i}", subst[p])
            return statement
    raise TacticSyntaxError(f"{lemma.name}: the hypotheses do not match its premises", 1, 1)


def instantiate_hint(hint: str, goal: Goal) -> Expr | None:
    """The proposition a hint term stands for; None for a hypothesis name (already known)."""
    term = parse_term(hint)
    if term.op == "var" and goal.hypothesis(term.value) is not None:
        return None
    name = term.value if term.op in ("app", "var") else None
    # A hypothesis shadows a library lemma of the same name, as in Lean.
    lemma = library().get(name) if name and goal.hypothesis(name) is None else None
    if lemma is None:
        from prover.tactics.learned import apply_term
        return apply_term(goal, term)
    args = term.args if term.op == "app" else ()
    if lemma.premises:
        return _from_premises(lemma, args, goal)
    if len(args) != len(lemma.params):
        raise TacticSyntaxError(f"{lemma.name} takes {len(lemma.params)} argument(s), got {len(args)}", 1, 1)
    for param, arg in zip(lemma.params, args):
        if param in lemma.nat:
            Elaborator(goal.context).term(arg, NAT)   # raises on a real or an integer, as Lean would
    return Elaborator(goal.context).prop(_instantiate_raw(lemma.statement, lemma.params, args))
