"""Rewriting with library lemmas: typed first-order matching, Lean's `rw` discipline.

A rewrite lemma (`lemmas/rewrite.jsonl`) has typed parameters, an `lhs`, an `rhs` and side
conditions. `rw [name]` finds the first instance of `lhs` in the target (pre-order, never
under a binder that captures its variables), replaces every occurrence of that instance by
`rhs`, and leaves the instantiated side conditions as new goals, as Lean does.
`Finset.sum_range_succ` and `Finset.prod_range_succ` are built in (their pattern is higher order).

>>> from prover.state import load_theorem
>>> from prover.syntax.printer import show
>>> g = load_theorem("theorem t (x y : ℝ) (h : 0 < x) : Real.log (x * y) = 1").goal
>>> new, sides = rewrite(g.target, "Real.log_mul", g)
>>> show(new), [show(s) for s in sides]
('Real.log x + Real.log y = 1', ['x ≠ 0', 'y ≠ 0'])
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from prover.errors import TacticSyntaxError
from prover.state import Goal
from prover.syntax.ast import (COMPLEX, INT, INVERSE, NAT, RAT, REAL, Expr, alpha_equal, free_vars, replace_subterm,
                               function_equation, set_equation, substitute)
from prover.syntax.elaborate import Elaborator
from prover.syntax.parser import parse_term

LIBRARY = Path(__file__).resolve().parents[2] / "lemmas" / "rewrite.jsonl"
BUILTIN = ("Finset.sum_range_succ", "Finset.prod_range_succ", "Finset.sum_range_zero", "Finset.prod_range_zero",
           "zpow_ofNat")


@dataclass(frozen=True)
class RewriteRule:
    name: str
    params: dict
    lhs: Expr
    rhs: Expr
    hyps: tuple[Expr, ...]


@lru_cache(maxsize=1)
def rules() -> dict[str, list[RewriteRule]]:
    """Rewrite rules by name; a polymorphic lemma has one rule per number type."""
    out: dict[str, list[RewriteRule]] = {}
    if not LIBRARY.exists():
        return out
    for line in LIBRARY.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        d = json.loads(line)
        base_types = d["types"]
        variants = [base_types]
        if d.get("polymorphic"):
            # one rule per number type of the lemma's typeclass domain (`one_div_div` needs a
            # `DivisionMonoid`: ℚ ℝ ℂ, never ℕ ℤ, whose `/` truncates)
            domain = d.get("domain") or (NAT, INT, RAT, REAL, COMPLEX)
            variants = [{k: (t if t != REAL else ty) for k, t in base_types.items()} for ty in domain]
        for types in variants:
            el = Elaborator(dict(types))
            try:
                lhs = el.term(parse_term(d["lhs"]))
                rhs = el.term(parse_term(d["rhs"]), lhs.ty)
                hyps = tuple(el.prop(parse_term(h)) for h in d["hyps"])
            except Exception as err:  # a malformed library entry is a project bug
                raise TacticSyntaxError(f"rewrite library entry {d['name']}: {err}") from err
            out.setdefault(d["name"], []).append(RewriteRule(d["name"], dict(types), lhs, rhs, hyps))
    return out


def match_pattern(p: Expr, t: Expr, params: dict, subst: dict) -> bool:
    if p.op == "var" and p.value in params:
        if p.ty != t.ty:
            return False
        prev = subst.get(p.value)
        if prev is not None:
            return prev == t
        subst[p.value] = t
        return True
    if p.op != t.op or p.value != t.value or p.ty != t.ty or len(p.args) != len(t.args):
        return False
    return all(match_pattern(a, b, params, subst) for a, b in zip(p.args, t.args))


def _replace(e: Expr, old: Expr, new: Expr) -> Expr:
    # Occurrences under a binder of old's variables are other terms (Lean abstracts the
    # instance, not its text); binders are renamed so that new's variables stay free.
    return replace_subterm(e, old, new)


def subterms(e: Expr, bound: frozenset = frozenset()):
    """Pre-order subterms whose variables are not bound inside `e`."""
    if not (free_vars(e) & bound):
        yield e
    inner = bound
    if e.op in ("forall", "exists", "exists_unique", "lambda"):
        inner = bound | {e.value[0]}
        for a in e.args:
            yield from subterms(a, inner)
        return
    if e.op in ("sum", "prod"):
        yield from subterms(e.args[0], bound)
        yield from subterms(e.args[1], bound | {e.value[0]})
        return
    for a in e.args:
        yield from subterms(a, inner)


def range_succ(e: Expr, op: str) -> Expr | None:
    """`∑ k ∈ range (t + 1), f k` ↦ `∑ k ∈ range t, f k + f t` (and ∏ with `*`)."""
    if e.op != op:
        return None
    s, body = e.args
    if s.op != "set" or s.value != "Finset.range":
        return None
    n = s.args[0]
    if n.op == "add" and n.args[1].op == "num" and n.args[1].value == 1:
        t = n.args[0]
    elif n.op == "num" and n.value >= 1:
        t = Expr("num", value=n.value - 1, ty=NAT)
    else:
        return None
    name = e.value[0]
    smaller = Expr(op, (Expr("set", (t,), value="Finset.range", ty=s.ty), body), value=e.value, ty=e.ty)
    last = substitute(body, name, t)
    return Expr("add" if op == "sum" else "mul", (smaller, last), ty=e.ty)


def _head(e: Expr):
    """Lean's `HeadIndex` with the number of arguments, on our terms: `kabstract` compares only
    subterms with the pattern's head (`HAdd.hAdd` for every type's `+`: types are told apart by
    the defeq check, `surely_apart`)."""
    keep = e.op in ("call", "apply", "pred", "set", "cast", "var")
    return (e.op, e.value if keep else None, len(e.args))


class Unclear(ValueError):
    """Lean's `kabstract` may abstract a subterm the syntactic model does not: not modelled."""


def _instances(e: Expr, patterns: list, goal: Goal):
    """`kabstract` (Lean core, `Lean.Meta.kabstract`, as `rw` runs it: reducible transparency):
    the subterms with the pattern's head, in its traversal order (a node before its children,
    arguments left to right, nothing with a loose bound variable); the first that unifies with
    the pattern fixes its metavariables, and every later one defeq to that instance is
    rewritten too. Here a subterm unifies only syntactically; a subterm that Lean's defeq check
    might still identify (offsets `n + 2 =?= ?m + 1`, literal arithmetic, …) raises `Unclear`.
    `patterns`: (pattern, parameters) pairs, one per type of a polymorphic lemma, all tried at
    each subterm. Returns the index of the pattern, the instance and its parameter values, or
    None."""
    from prover.checkers.auto_close import may_unify, surely_apart
    context = goal.context
    found = None
    for sub in subterms(e):
        if found is None:
            for i, (pattern, params) in enumerate(patterns):
                if _head(sub) != _head(pattern):
                    continue
                trial: dict = {}
                if match_pattern(pattern, sub, params, trial) or (not params and alpha_equal(pattern, sub)):
                    found = (i, sub, trial)
                    break
                if may_unify(pattern, sub, set(params), context):
                    raise Unclear(sub)
        elif _head(sub) == _head(found[1]) and sub != found[1] and not surely_apart(sub, found[1], context):
            raise Unclear(sub)
    return found


def _unclear(name: str, err: Unclear) -> ValueError:
    from prover.syntax.printer import show
    return ValueError(f"rw [{name}]: Lean's rewrite may also match `{show(err.args[0])}` (defeq at reducible "
                      "transparency); not modelled")


def rewrite_with_hypothesis(e: Expr, name: str, goal: Goal) -> tuple[Expr, list[Expr]]:
    """`rw [h]` / `rw [← h]` with a local hypothesis `h : a = b` (no binders): every instance
    of `a` (`kabstract`, see `_instances`) becomes `b`. Lean fails when there is none ("did not
    find instance of the pattern")."""
    reverse = name.startswith("←")
    hname = name.removeprefix("←").strip()
    h = goal.hypothesis(hname)
    if h is None or "✝" in hname:
        raise ValueError(f"rw [{name}]: unknown identifier {hname}")
    if h.op != "eq":
        raise ValueError(f"rw [{name}]: {hname} is not an equation (only `a = b` hypotheses are modelled)")
    lhs, rhs = (h.args[1], h.args[0]) if reverse else h.args
    try:
        hit = _instances(e, [(lhs, {})], goal)
    except Unclear as err:
        raise _unclear(name, err) from None
    if hit is None:
        raise ValueError(f"rw [{name}]: did not find an instance of the pattern")
    return _replace(e, hit[1], rhs), []


def rewrite_set_equation(e: Expr, name: str, reverse: bool, h: Expr) -> Expr:
    """`rw [h]` with `h : S = T` a set equation whose rewritten side is a local set variable S
    (and the other side a set term the elaborator kept, not an unfolded membership): every free
    occurrence of S in `e` becomes T, capture-free (S is a free variable, so kabstract finds
    each occurrence, under binders too). Other set equations are refused (not modelled)."""
    from prover.syntax.ast import replace_subterm, unmark_set_equation
    a, b = unmark_set_equation(h).args[0].args
    if reverse:
        a, b = b, a
    if a.op != "mem" or b.op != "mem" or a.args[1].op != "var":
        raise ValueError(f"rw [{name}]: only a set equation `S = t` with S a local set and t a set term is modelled")
    old, new = a.args[1], b.args[1]
    if old.ty != new.ty:   # a Finset beside a Set is the coercion `↑t`, not t
        raise ValueError(f"rw [{name}]: the sides have different types ({old.ty}, {new.ty}): not modelled")
    if old.value not in free_vars(e):
        raise ValueError(f"rw [{name}]: did not find an instance of the pattern {old.value}")
    return replace_subterm(e, old, new)


def rewrite(e: Expr, name: str, goal: Goal) -> tuple[Expr, list[Expr]]:
    """Rewrite `e` with the named lemma or local hypothesis; returns (new expression, side
    conditions).

    Raises TacticSyntaxError for an unknown lemma and ValueError when nothing matches or when
    Lean's matching up to reducible defeq may pick another instance than the syntactic one."""
    bare = name.removeprefix("←").strip()
    h = goal.hypothesis(bare) if "✝" not in bare else None
    if h is not None:   # a local hypothesis shadows a lemma
        if set_equation(h):
            return rewrite_set_equation(e, bare, name.startswith("←"), h), []
        if function_equation(h):
            # `rw [h]` with `h : f = fun x => e` abstracts every occurrence of `f` (applied or not)
            # and leaves beta-redexes `(fun x => e) a`: not the pointwise rewrite of one instance
            raise ValueError(f"rw [{name}]: rewriting with an equation of functions is not modelled "
                             f"(use congrFun {bare} a)")
        if h.op in ("forall", "imp"):
            return rewrite_local(e, bare, name.startswith("←"), goal)
        from prover.kernel.omega import from_modeq
        if any(from_modeq(x) or x.origin for x in e.walk()):
            # Lean's term is `Nat.ModEq n a b` / `x ∈ S`: the unfolded `a % n`, `a ≤ x` are not its subterms
            raise ValueError(f"rw [{name}]: rewriting inside `≡` or a set membership is not modelled")
        if h.op == "eq" and h.args[1 if name.startswith("←") else 0].op == "num":
            # the front end writes numerals where Lean has other terms (`5.0`, `Nat.succ n`)
            raise ValueError(f"rw [{name}]: a numeral pattern is not modelled")
        return rewrite_with_hypothesis(e, name, goal)
    if name == "zpow_ofNat":
        return _rewrite_zpow_literal(e), []
    if name in BUILTIN:
        return _rewrite_builtin(e, name, goal)
    candidates = rules().get(name)
    if candidates is None:
        raise TacticSyntaxError(f"unknown rewrite lemma '{name}'", 1, 1)
    try:
        hit = _instances(e, [(rule.lhs, rule.params) for rule in candidates], goal)
    except Unclear as err:
        raise _unclear(name, err) from None
    if hit is None:
        raise ValueError(f"rw [{name}]: pattern not found")
    rule = candidates[hit[0]]
    hit = hit[1:]
    sub, subst = hit
    if set(subst) != set(rule.params) and not set(free_vars(rule.rhs)) <= set(subst) | set(goal.context):
        raise ValueError(f"rw [{name}]: the rewritten term has parameters the pattern does not fix")
    rhs, sides = rule.rhs, list(rule.hyps)
    for i, p in enumerate(rule.params):
        placeholder = Expr("var", value=f"#rw{i}", ty=rule.params[p])
        rhs = substitute(rhs, p, placeholder)
        sides = [substitute(s, p, placeholder) for s in sides]
    for i, p in enumerate(rule.params):
        if p in subst:
            rhs = substitute(rhs, f"#rw{i}", subst[p])
            sides = [substitute(s, f"#rw{i}", subst[p]) for s in sides]
    return _replace(e, sub, rhs), sides


def _rewrite_builtin(e: Expr, name: str, goal: Goal) -> tuple[Expr, list[Expr]]:
    """`Finset.sum_range_succ` (`∑ x ∈ range (n + 1), f x = ∑ x ∈ range n, f x + f n`, any
    `AddCommMonoid`), `Finset.prod_range_succ`, `…_range_zero`: the first sum (product) in
    `kabstract` order whose range is `t + 1` or a literal ≥ 1 (`5 =?= ?n + 1`); an earlier one
    over a range Lean may still unify (`range (n + 2)`, another kind of `Finset`) is refused."""
    from prover.checkers.auto_close import surely_apart
    op = "sum" if "sum" in name else "prod"
    found = None
    for sub in subterms(e):
        if sub.op != op:
            continue
        s = sub.args[0]
        if found is not None:
            if not sub == found and not surely_apart(sub, found, goal.context):
                raise _unclear(name, Unclear(sub))
            continue
        if s.op != "set" or s.value != "Finset.range":
            raise _unclear(name, Unclear(sub))
        n = s.args[0]
        if name.endswith("_zero"):
            if n == Expr("num", value=0, ty=NAT):
                found = sub
            elif n.op == "var" or (n.op == "add" and n.args[1].op == "num" and n.args[1].value >= 1) \
                    or (n.op == "num" and n.value >= 1):
                continue   # `range (t + 1)` or `range x` never unifies with `range 0`
            else:
                raise _unclear(name, Unclear(sub))
        elif range_succ(sub, op) is not None:
            found = sub
        elif n.op == "var" or n == Expr("num", value=0, ty=NAT):
            continue   # a variable or 0 is never `?n + 1`
        else:
            raise _unclear(name, Unclear(sub))
    if found is None:
        raise ValueError(f"rw [{name}]: pattern not found")
    new = Expr("num", value=0 if op == "sum" else 1, ty=found.ty) if name.endswith("_zero") else range_succ(found, op)
    return _replace(e, found, new), []


def _rewrite_zpow_literal(e: Expr) -> Expr:
    """`zpow_ofNat (a : G) (n : ℕ) : a ^ (OfNat.ofNat n : ℤ) = a ^ OfNat.ofNat n`
    (Mathlib/Algebra/Group/Defs.lean, any `DivInvMonoid`; its pattern is a numeral exponent, which
    no rule of the library can state): an integer power with a literal exponent `k ≥ 2` over
    ℚ/ℝ/ℂ becomes the monoid power `a ^ k`. Lean rewrites every instance of the first match's
    instantiation; when two different integer powers with literal exponents occur (0 and 1
    included: they match too), which one kabstract meets first is not modelled, and the step is
    refused; a lone `x ^ (0 : ℤ)` or `x ^ (1 : ℤ)` is refused as well (`zpow_zero`, `zpow_one`)."""
    # every literal exponent is a candidate match: over ℤ, `(0 : ℤ)` and `(1 : ℤ)` are core's
    # `instOfNat` numerals too (Mathlib's `Zero.toOfNat0`/`One.toOfNat1` have lower priority), so
    # `x ^ (1 : ℤ)` may be the first match, which is not modelled: any second power refuses
    found = [x for x in subterms(e) if x.op == "pow" and x.args[1].ty == INT and x.args[1].op == "num"
             and x.ty in (RAT, REAL, COMPLEX)]
    if not any(x.args[1].value >= 2 for x in found):
        raise ValueError("rw [zpow_ofNat]: pattern not found (a literal exponent of at least 2)")
    if any(not alpha_equal(x, found[0]) for x in found):
        raise ValueError("rw [zpow_ofNat]: several integer powers with literal exponents; which one Lean "
                         "rewrites first is not modelled")
    power = found[0]
    new = Expr("pow", (power.args[0], Expr("num", value=power.args[1].value, ty=NAT)), ty=power.ty)
    return _replace(e, power, new)


# -- rewriting with a local hypothesis -------------------------------------------------------

# patterns whose head Lean's kabstract keys as we do: local functions (`f a`, `σ.1 a`: the
# fvar or `Equiv.toFun`), local variables, `HAdd.hAdd`, `HSub.hSub`, `HMul.hMul`, `HDiv.hDiv`,
# `Neg.neg`, `HPow.hPow`. Not numerals: the front end writes some (`Nat.succ n` as `n + 1`,
# decimals) where Lean has another head.
LOCAL_HEADS = ("apply", "var", "add", "sub", "mul", "div", "neg", "pow")


def _maybe_inv(e: Expr) -> bool:
    """A `1 / x` the elaborator made from `x⁻¹` (marked `INVERSE`): Lean's term is `Inv.inv x`,
    another head."""
    return any(x.op == "div" and x.value == INVERSE for x in e.walk())


def rewrite_local(e: Expr, name: str, reverse: bool, goal: Goal) -> tuple[Expr, list[Expr]]:
    """`rw [h]` / `rw [← h]` with a local hypothesis `h : ∀ x₁ …, P₁ → … → a = b` (Lean core's
    `Lean.MVarId.rewrite`): the binders become pattern variables, `a` (or `b` for `←`) is the
    pattern; `kabstract` takes the first subterm in pre-order (left to right, never one with a
    variable bound inside `e`) that matches, and every occurrence of that instance is replaced;
    the premises, instantiated, are the side goals, in order. Matching here is syntactic where
    Lean's is up to reducible defeq, so the step is refused whenever a subterm with the
    pattern's head might match in Lean and not here (before the instance chosen, or differing
    from it): only heads that are local functions (`f a`, `σ.1 a`), local variables or numerals,
    a binder the match leaves undetermined, and any `%` (≡ [MOD] is desugared to it), set
    membership or `1 / x` that the elaborator made from `x⁻¹` are refused."""
    from prover.checkers.auto_close import _surely_not_defeq
    if name.startswith(tuple(f"{n}." for n, ty in goal.variables if isinstance(ty, tuple) and ty[0] == "Equiv")):
        raise ValueError(f"rw [{name}]: an Equiv field as a rewrite rule is not modelled (use `have h := {name} a`)")
    h = goal.hypothesis(name)
    binders: list[tuple[str, object]] = []
    premises: list[Expr] = []
    body = h
    k = 0
    while body.op in ("forall", "imp"):
        if body.op == "forall":
            bname, bty = body.value
            hole = f"#rwl{k}"
            k += 1
            binders.append((hole, bty))
            body = substitute(body.args[0], bname, Expr("var", value=hole, ty=bty))
        else:
            premises.append(body.args[0])
            body = body.args[1]
    if body.op != "eq":
        raise ValueError(f"rw [{name}]: {name} is not an equation (only `a = b`, under ∀ and →, is modelled)")
    lhs, rhs = (body.args[1], body.args[0]) if reverse else body.args
    params = dict(binders)
    if lhs.op not in LOCAL_HEADS or (lhs.op == "var" and lhs.value in params):
        raise ValueError(f"rw [{name}]: a pattern with this head is not modelled (only local functions, variables, + - * / ^)")
    if any(x.op == "mod" or x.origin for x in e.walk()):
        raise ValueError(f"rw [{name}]: rewriting a statement with `%`, `≡` or set membership is not modelled")
    if _maybe_inv(e) or _maybe_inv(h):
        raise ValueError(f"rw [{name}]: a `1 / x` that may be Lean's `x⁻¹` (another head) is not modelled")
    context = goal.context
    instance = None
    for sub in subterms(e):
        if not _same_head(sub, lhs):
            continue
        subst: dict = {}
        if match_pattern(lhs, sub, params, subst) and set(subst) == set(params):
            instance, found = sub, subst
            break
        if _may_match(lhs, sub, params, context):
            raise ValueError(f"rw [{name}]: an earlier subterm may match the pattern up to reducible defeq")
    if instance is None:
        raise ValueError(f"rw [{name}]: did not find an instance of the pattern")
    for sub in subterms(e):
        if _same_head(sub, instance) and sub != instance and not _surely_not_defeq(sub, instance, sub.ty, context):
            raise ValueError(f"rw [{name}]: another subterm may be the instance up to reducible defeq")
    new = rhs
    sides = list(premises)
    for hole, _ in binders:
        new = substitute(new, hole, found[hole])
        sides = [substitute(s, hole, found[hole]) for s in sides]
    if any(hole in free_vars(x) for hole, _ in binders for x in [new] + sides):
        raise ValueError(f"rw [{name}]: a binder the pattern does not determine")
    return _replace(e, instance, new), sides


def _same_head(sub: Expr, p: Expr) -> bool:
    """Lean's `toHeadIndex`/`headNumArgs` test: same head symbol, same number of arguments."""
    return sub.op == p.op and len(sub.args) == len(p.args) and sub.ty == p.ty and \
        (p.op in ("num",) or sub.value == p.value)


def _may_match(p: Expr, e: Expr, params: dict, context: dict) -> bool:
    """Might `p` (with pattern variables `params`) match `e` up to reducible defeq? False
    only when surely not (a rigid part of `p` apart from `e`'s, see `auto_close`)."""
    from prover.checkers.auto_close import _surely_not_defeq
    if p.op == "var" and p.value in params:
        return True
    if not (free_vars(p) & set(params)):
        return not _surely_not_defeq(p, e, p.ty, context)
    if p.op == e.op and p.value == e.value and len(p.args) == len(e.args) and p.ty == e.ty:
        return all(_may_match(a, b, params, context) for a, b in zip(p.args, e.args))
    rigid = ("add", "mul", "neg", "pow", "num", "apply")
    if p.ty in (INT, REAL) and p.op in rigid and (e.op in rigid or (e.op == "var" and e.value not in params)):
        # over ℤ and ℝ reducible unfolding stops at the opaque operations (`auto_close`): two
        # different heads among these never meet (`-`, `/` may unfold to `+ -`, `* ⁻¹`: unsure)
        return p.op == e.op and p.value == e.value and len(p.args) == len(e.args) and \
            all(_may_match(a, b, params, context) for a, b in zip(p.args, e.args))
    return True
