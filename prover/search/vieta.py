"""Vieta facts from two roots: `P(a) = 0`, `P(b) = 0`, `a ≠ b` give `(P(a) - P(b)) / (a - b) = 0`
(untrusted proposer for `reconstruct_leaf`; every line is checked by the kernel checker).

For `f a = 0`, `f b = 0`, `h : a ≠ b` and `h₀ : ∀ x, f x = 2 * x ^ 2 - 7 * x + 2` the script is

    have h₀_ := h₀ (a)                 -- the instances of the definitions (`_instantiate_definitions`)
    have h₀_1 := h₀ (b)
    have hkey : (a - b) * (2 * a + 2 * b - 7) = (a - b) * 0 := by linear_combination ...
    have hvieta : 2 * a + 2 * b - 7 = 0 := by exact mul_left_cancel₀ (sub_ne_zero.mpr h) hkey
    ...                                -- the goal, by `reconstruct_leaf` with the new fact

`mul_left_cancel₀ (ha : a ≠ 0) (h : a * b = a * c) : b = c` and `sub_ne_zero : a - b ≠ 0 ↔ a ≠ b`
are Mathlib's (`prover.kernel.lemmas`); the quotient is SymPy's exact division of
`P(a) - P(b)` by `a - b`, the `linear_combination` coefficients the Gröbner cofactor finder's.
A second round applies the same step to the new facts (`Q(a, b) = 0`, `Q(a, c) = 0`, `b ≠ c`),
as for the three roots of a cubic.
"""

from __future__ import annotations

import time

from prover.checkers.base import Subgoals
from prover.checkers.kernel_checker import KernelChecker
from prover.state import Goal
from prover.syntax.ast import COMPLEX, RAT, REAL, Expr, free_vars

FIELDS = (RAT, REAL, COMPLEX)
MAX_FACTS = 4
ROUNDS = 2
_ACTIVE = False   # no Vieta step inside the leaf search that follows one


def _pairs(goal: Goal) -> list[tuple[str, str, str]]:
    """(hypothesis, v, w) for each `h : v ≠ w` between two variables of a field type."""
    out = []
    for n, h in goal.hypotheses:
        if h.op == "ne" and h.value in FIELDS and "✝" not in n \
                and all(a.op == "var" for a in h.args) and h.args[0].value != h.args[1].value:
            out.append((n, h.args[0].value, h.args[1].value))
    return out


def _polynomials(goal: Goal, finders) -> list:
    """Each hypothesis equation `L = R` over a field as the SymPy polynomial `L - R`, with the
    applications `f t` replaced by the right sides of their instances `f t = e` (None when an
    application is left)."""
    import sympy
    atoms: dict = {}
    eqs = []
    for n, h in goal.hypotheses:
        if h.op != "eq" or h.value not in FIELDS or any(x.op in ("forall", "exists", "lambda") for x in h.walk()):
            continue
        eqs.append(Expr("sub", h.args, ty=h.value))
    symbols: dict = {}
    translated = []
    for e in eqs:
        a = finders._atomize(e, atoms)
        for v in free_vars(a):
            symbols.setdefault(v, sympy.Symbol(v))
        try:
            translated.append(sympy.expand(finders._to_sympy_poly(a, symbols)))
        except (ValueError, TypeError, KeyError):
            continue
    names = {sympy.Symbol(k) for k in atoms}
    # instances: `atom - e` with e free of atoms define the atom
    values = {}
    for p in translated:
        for s in p.free_symbols & names:
            if s in values:
                continue
            q = sympy.Poly(p, s)
            if q.degree() == 1 and q.LC().is_number and not (sympy.expand(p - q.LC() * s).free_symbols & names):
                values[s] = sympy.expand(-(p - q.LC() * s) / q.LC())
    out = []
    for p in translated:
        r = sympy.expand(p.subs(values))
        if r != 0 and not (r.free_symbols & names) and r not in out and -r not in out:
            out.append(r)
    return out


def _quotients(polys: list, pairs, known: list) -> list:
    """(hypothesis, v, w, Q) with (P(v) - P(w)) = (v - w) Q for P, P[v := w] in `polys`."""
    import sympy
    out = []
    for n, v, w in pairs:
        sv, sw = sympy.Symbol(v), sympy.Symbol(w)
        for p in polys:
            if sv not in p.free_symbols or sw in p.free_symbols:
                continue
            image = sympy.expand(p.subs(sv, sw))
            if not any(_proportional(image, r) for r in polys):
                continue
            q, rem = sympy.div(sympy.expand(p - image), sv - sw, sv, sw)
            q = sympy.expand(q)
            if q != 0 and not q.is_number and sympy.Poly(q, *sorted(q.free_symbols, key=str)).LC() < 0:
                q = -q   # a positive leading coefficient (as written by hand)
            if rem != 0 or q == 0 or q.is_number or any(_proportional(q, k) for k in known + [x[3] for x in out]):
                continue
            out.append((n, v, w, q))
    return out


def _proportional(a, b) -> bool:
    import sympy
    if a == 0 or b == 0:
        return False
    r = sympy.cancel(a / b)
    return bool(r.is_number)


def vieta_leaf(goal: Goal, checker: KernelChecker, deadline: float, finders, method: str = "") -> list[str] | None:
    """A checked script for a goal whose hypotheses name two roots of one polynomial, or None.
    `finders` is `prover.search.reconstruct` (passed in to avoid an import cycle)."""
    global _ACTIVE
    if _ACTIVE or time.monotonic() >= deadline:
        return None
    if not _pairs(goal) and not any(h.op == "and" and any(x.op == "ne" for x in h.walk()) for _, h in goal.hypotheses):
        return None
    _ACTIVE = True
    try:
        return _vieta(goal, checker, deadline, finders, method)
    except Exception:   # an untrusted finder that fails on its input proposes nothing
        return None
    finally:
        _ACTIVE = False


def _vieta(goal: Goal, checker: KernelChecker, deadline: float, finders, method: str) -> list[str] | None:
    split, g = finders._split_nonzero_conjunctions(goal, checker)
    more, g = finders._obtain_conjunctions(g, checker, lambda n, h: "✝" not in n and all(x.op == "eq" for x in h.args), 4)
    lines = split + more
    pairs = _pairs(g)
    if not pairs:
        return None
    inst, richer = finders._instantiate_definitions(g)
    if inst:
        for line in inst:   # the structural instances, each replayed by the kernel checker
            r = checker.apply(g, line, budget_s=1.0)
            if not (isinstance(r, Subgoals) and len(r.goals) == 1):
                return None
            g = r.goals[0]
        lines += inst
    facts = 0
    known: list = []
    for _ in range(ROUNDS):
        polys = _polynomials(g, finders)
        found = _quotients(polys, pairs, known + polys)
        progress = False
        for n, v, w, q in found:
            if facts >= MAX_FACTS or time.monotonic() >= deadline:
                break
            step = _fact(g, n, v, w, q, checker, deadline, finders)
            if step is None:
                continue
            new_lines, g = step
            lines += new_lines
            known.append(q)
            facts += 1
            progress = True
        if not progress:
            break
    if not facts or time.monotonic() >= deadline:
        return None
    roots, g = _root_equations(g, checker, finders)
    lines += roots
    # the finders see the polynomial facts only (no applications, no `a ≠ b` to split on);
    # what they find is replayed on the whole goal
    used = {n for n, _, _ in pairs}
    view = Goal(g.variables, tuple((n, h) for n, h in g.hypotheses
                                   if n not in used and not any(x.op in ("apply", "forall", "exists") for x in h.walk())),
                g.target)
    leaf = finders.reconstruct_leaf(view, "", method or "z3", deadline, checker, 0)
    if leaf.missing:
        return None
    from prover.checkers.replay import replay
    return lines + leaf.lines if replay(g, "\n".join(leaf.lines), checker=checker).ok else None


def _root_equations(g: Goal, checker: KernelChecker, finders) -> tuple[list[str], Goal]:
    """`have hroot : P = 0 := by linarith` for each polynomial equation that the hypotheses
    state through applications (`f a = 0` with `f a = 2 * a ^ 2 - 7 * a + 2`)."""
    if not any(x.op == "apply" for _, h in g.hypotheses for x in h.walk()):
        return [], g
    lines = []
    plain = [h for _, h in g.hypotheses if h.op == "eq" and not any(x.op in ("apply", "forall") for x in h.walk())]
    stated = _polynomials(Goal(g.variables, tuple((n, h) for n, h in g.hypotheses if h in plain), g.target), finders)
    for p in _polynomials(g, finders):
        if any(_proportional(p, q) for q in stated):
            continue
        text = finders._poly_text(p)
        name = g.fresh_name("hroot")
        line = f"have {name} : ({text} : {_field(g)}) = 0 := by linarith"
        r = checker.apply(g, line, budget_s=2.0)
        if isinstance(r, Subgoals) and len(r.goals) == 1:
            h = r.goals[0].hypothesis(name)
            if h is not None and h not in plain:
                g = r.goals[0]
                lines.append(line)
    return lines, g


def _field(g: Goal) -> str:
    return next(h.value for _, h in g.hypotheses if h.op == "ne" and h.value in FIELDS)


def _fact(g: Goal, n: str, v: str, w: str, q, checker: KernelChecker, deadline: float, finders):
    """`have hkey : (v - w) * Q = (v - w) * 0 := by linear_combination …` and
    `have hvieta : Q = 0 := by exact mul_left_cancel₀ (sub_ne_zero.mpr n) hkey`."""
    from prover.syntax.elaborate import Elaborator
    from prover.syntax.parser import parse_term
    ty = g.hypothesis(n).value
    qtext = finders._poly_text(q)
    key_text = f"({v} - {w}) * ({qtext}) = ({v} - {w}) * 0"
    el = Elaborator(g.context)
    key = el.prop(parse_term(key_text))
    if key.op != "eq" or key.value != ty:
        return None
    key_goal = g.with_target(key)
    found = finders._first_checked(key_goal, [lambda: finders.linear_combination_candidates(key_goal, deadline=deadline)],
                                   checker, deadline)
    if found is None:
        return None
    hkey, hv = g.fresh_name("hkey"), g.fresh_name("hvieta")
    have_key = f"have {hkey} : {key_text} := by {found}"
    r = checker.apply(g, have_key, budget_s=2.0)
    if not (isinstance(r, Subgoals) and len(r.goals) == 1):
        return None
    g2 = r.goals[0]
    have_fact = f"have {hv} : ({qtext} : {ty}) = 0 := by exact mul_left_cancel₀ (sub_ne_zero.mpr {n}) {hkey}"
    r = checker.apply(g2, have_fact, budget_s=2.0)
    if not (isinstance(r, Subgoals) and len(r.goals) == 1) or r.goals[0].hypothesis(hv) is None:
        return None
    return [have_key, have_fact], r.goals[0]
