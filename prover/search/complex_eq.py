"""Equations over ℂ whose hypotheses define variables (`q = 2 - 2 * Complex.I`), possibly inside
conjunctions: the definitions are eliminated, then the goal is closed by a kernel rule.

Untrusted proposer for `reconstruct_leaf` (every line is checked by the kernel checker before it
is returned). `Complex.I` is an atom to `ring` (Mathlib's `ring` never reduces `I ^ 2`); the
cofactor finder (`reconstruct.linear_combination_candidates`) adds `I ^ 2 + 1` to the ideal as
the library proof `Complex.I_sq : I ^ 2 = -1`. The leaf candidates already try that on the goal
as stated; this module covers what they cannot:

- definitions inside conjunctions: `obtain ⟨h₁, h₂⟩ := h` first;
- definitions under an inverse (`b / a` with `a = 7 + 6 * I`): `linear_combination` cannot
  relate the atoms `a⁻¹` and `(7 + 6 * I)⁻¹`, so each `v = e` (v a variable free in neither
  side's other half) is eliminated by `subst`, as in Lean, and the rest closed by `rfl`, `ring`
  or `linear_combination e` (with `Complex.I_sq`).
"""

from __future__ import annotations

import time

from prover.checkers.base import Closed, Subgoals
from prover.checkers.kernel_checker import KernelChecker
from prover.state import Goal
from prover.syntax.ast import COMPLEX, Expr, free_vars

MAX_SUBST = 8


def _definition(h: Expr, goal: Goal) -> bool:
    """`h : v = e` or `e = v` with v a ℂ variable of the context not free in e."""
    if h.op != "eq" or h.value != COMPLEX:
        return False
    for x, other in ((h.args[0], h.args[1]), (h.args[1], h.args[0])):
        if x.op == "var" and goal.context.get(x.value) == COMPLEX and x.value not in free_vars(other):
            return True
    return False


def _mentions_i(e: Expr) -> bool:
    return any(x.op == "imag_unit" for x in e.walk())


def _constant_denominators(goal: Goal) -> list[Expr]:
    """Closed denominators mentioning `Complex.I` (`(1 - I) / (1 + I)`), in order of appearance."""
    out: list[Expr] = []
    for e in goal.target.walk():
        if e.op == "div" and e.ty == COMPLEX and not free_vars(e.args[1]) and _mentions_i(e.args[1]) \
                and e.args[1] not in out:
            out.append(e.args[1])
    return out


def _norm(d: Expr, finders):
    """`a² + b²` for the closed `d ≡ a + b * I` (mod `I ^ 2 + 1`; I a SymPy symbol, never
    `sympy.I`), or None when d is not a polynomial in I over ℚ or is 0."""
    import sympy

    from prover.decide.algebra import NotPolynomial, PolyTranslator
    tr, atoms = PolyTranslator(), {}
    try:
        p = sympy.expand(tr(finders._atomize(d, atoms)))
    except (NotPolynomial, RecursionError):
        return None
    i = tr.symbols.get(finders.I_KEY)
    if i is None or p.free_symbols != {i}:
        return None
    r = sympy.rem(sympy.Poly(p, i), sympy.Poly(i ** 2 + 1, i))
    a, b = r.coeff_monomial(1), r.coeff_monomial(i)
    n = a ** 2 + b ** 2
    return sympy.Rational(n) if n != 0 else None


def _nonzero_block(goal: Goal, d: Expr, name: str, checker: KernelChecker, deadline: float, finders) -> str | None:
    """`have hd : d ≠ 0 := by intro hc; have hn : (N : ℂ) = 0 := by linear_combination …;
    have hn' : (N : ℂ) ≠ 0 := by norm_num; exact hn' hn`, N = a² + b² (the product with the
    conjugate, whose `I ^ 2` the combination's `Complex.I_sq` term reduces)."""
    from prover.syntax.printer import show
    n = _norm(d, finders)
    if n is None:
        return None
    d_text = show(d)
    n_text = f"({finders._lit(n)} : ℂ)"
    from prover.errors import ProverError
    from prover.syntax.elaborate import Elaborator
    from prover.syntax.parser import parse_term
    try:
        hc = Elaborator(goal.context).prop(parse_term(f"({d_text}) = 0"))
        target = Elaborator(goal.context).prop(parse_term(f"{n_text} = 0"))
    except (ProverError, RecursionError):
        return None
    inner = goal.with_hypothesis("hc", hc).with_target(target)
    found = finders._first_checked(inner, [lambda: finders.linear_combination_candidates(inner, deadline=deadline)],
                                   checker, deadline)
    if not found:
        return None
    return "\n".join([f"have {name} : ({d_text}) ≠ 0 := by", "  intro hc", f"  have hn : {n_text} = 0 := by {found}",
                      f"  have hn' : {n_text} ≠ 0 := by norm_num", "  exact hn' hn"])


def _nonzero_fact(g: Goal, d: Expr, checker: KernelChecker, deadline: float, finders):
    """(name, lines, goal with the fact) for `d ≠ 0`: a hypothesis, `norm_num` on a closed
    numeral expression, or `_nonzero_block` for a closed term with I; None otherwise."""
    from prover.kernel.terms import alpha_equal
    from prover.syntax.ast import PROP
    from prover.syntax.printer import show
    ne = Expr("ne", (d, Expr("num", value=0, ty=d.ty)), value=d.ty, ty=PROP)
    for n, h in g.hypotheses:
        if alpha_equal(h, ne):
            return n, [], g
    name = g.fresh_name("hd")
    if free_vars(d):
        return None
    line = f"have {name} : ({show(d)} : ℂ) ≠ 0 := by norm_num" if not _mentions_i(d) else \
        _nonzero_block(g, d, name, checker, deadline, finders)
    after = finders._apply_line(g, line, checker) if line else None
    return (name, [line], after) if after is not None else None


def _constant_division(goal: Goal, checker: KernelChecker, deadline: float, finders) -> list[str] | None:
    """`n / d = r`, `r = n / d`, `n₁ / d₁ = n₂ / d₂` with closed denominators (some with I): each
    `d ≠ 0` (`_nonzero_fact`), then `exact (div_eq_iff hd).mpr hkey` (`eq_div_iff`,
    `div_eq_div_iff`: Mathlib's statements, `POLYMORPHIC` in the kernel) with
    `have hkey : n = r * d := by linear_combination e` (e with `Complex.I_sq`). No field_simp: its
    simp set may rewrite `I ^ 2` on one side only, after which `ring` fails."""
    from prover.syntax.ast import PROP
    from prover.syntax.printer import show
    lhs, rhs = goal.target.args
    ldiv = lhs.op == "div" and not free_vars(lhs.args[1])
    rdiv = rhs.op == "div" and not free_vars(rhs.args[1])
    if not (ldiv or rdiv):
        return None
    lines: list[str] = []
    g = goal
    names = []
    for side in ([lhs] if ldiv else []) + ([rhs] if rdiv else []):
        got = _nonzero_fact(g, side.args[1], checker, deadline, finders)
        if got is None:
            return None
        name, more, g = got
        names.append(name)
        lines += more

    def mul(a, b):
        return Expr("mul", (a, b), ty=COMPLEX)
    if ldiv and rdiv:
        key, term = (mul(lhs.args[0], rhs.args[1]), mul(rhs.args[0], lhs.args[1])), f"div_eq_div_iff {names[0]} {names[1]}"
    elif ldiv:
        key, term = (lhs.args[0], mul(rhs, lhs.args[1])), f"div_eq_iff {names[0]}"
    else:
        key, term = (mul(lhs, rhs.args[1]), rhs.args[0]), f"eq_div_iff {names[0]}"
    prop = Expr("eq", key, value=COMPLEX, ty=PROP)
    inner = g.with_target(prop)
    found = finders._first_checked(inner, ["ring", lambda: finders.linear_combination_candidates(inner, deadline=deadline)],
                                   checker, deadline)
    if not found:
        return None
    hkey = g.fresh_name("hkey")
    script = lines + [f"have {hkey} : {show(prop)} := by {found}", f"exact ({term}).mpr {hkey}"]
    return finders._checked(script, goal, checker)


def _eliminate(goal: Goal, checker: KernelChecker, finders) -> tuple[list[str], Goal | None]:
    """`obtain` on ∧ hypotheses, then `subst` of each definition: (lines, the goal left), the
    goal None if the checker reports a `subst` as closing it (it leaves the goal, as Lean's does)."""
    lines, g = finders._name_conjuncts(goal)
    for _ in range(MAX_SUBST):
        name = next((n for n, h in g.hypotheses if _definition(h, g)), None)
        if name is None:
            break
        r = checker.apply(g, f"subst {name}")
        if isinstance(r, Closed):
            return lines + [f"subst {name}"], None
        if not isinstance(r, Subgoals) or len(r.goals) != 1:
            break
        lines.append(f"subst {name}")
        g = r.goals[0]
    return lines, g


def _disequality(goal: Goal, checker: KernelChecker, deadline: float, finders) -> list[str] | None:
    """`a ≠ b` over ℂ, closed once the definitions are substituted (`Complex.I ≠ 1`): `intro hc`,
    `have hn : (N : ℂ) = 0 := by linear_combination …` with N = |a - b|² (the conjugate times hc,
    `Complex.I_sq` for I ^ 2), `have hn' : (N : ℂ) ≠ 0 := by norm_num`, `exact hn' hn`."""
    from prover.errors import ProverError
    from prover.syntax.elaborate import Elaborator
    from prover.syntax.parser import parse_term
    lines, g = _eliminate(goal, checker, finders)
    if g is None:
        return lines
    a, b = g.target.args
    if free_vars(a) or free_vars(b) or not _mentions_i(g.target):
        return None
    n = _norm(Expr("sub", (a, b), ty=COMPLEX), finders)
    if n is None:
        return None
    n_text = f"({finders._lit(n)} : ℂ)"
    hc = g.fresh_name("hc")
    try:
        inner = g.with_hypothesis(hc, Expr("eq", (a, b), value=COMPLEX, ty=g.target.ty)) \
            .with_target(Elaborator(g.context).prop(parse_term(f"{n_text} = 0")))
    except (ProverError, RecursionError):
        return None
    found = finders._first_checked(inner, [lambda: finders.linear_combination_candidates(inner, deadline=deadline)],
                                   checker, deadline)
    if not found:
        return None
    script = lines + [f"intro {hc}", f"have hn : {n_text} = 0 := by {found}",
                      f"have hn' : {n_text} ≠ 0 := by norm_num", "exact hn' hn"]
    return finders._checked(script, goal, checker)


def complex_leaf(goal: Goal, checker: KernelChecker, deadline: float, finders) -> list[str] | None:
    """`obtain` on conjunctions, `subst` of the definitions, then `rfl`/`ring`/`linear_combination`
    (`finders`: `prover.search.reconstruct`, passed in to avoid an import cycle); division by
    closed terms with I by `_constant_division`."""
    t = goal.target
    if t.op not in ("eq", "ne") or t.value != COMPLEX or time.monotonic() >= deadline:
        return None
    if t.op == "ne":
        return _disequality(goal, checker, deadline, finders)
    if _constant_denominators(goal):
        found = _constant_division(goal, checker, deadline, finders)
        if found:
            return found
    lines, g = _eliminate(goal, checker, finders)
    if g is None:
        return lines
    if not lines:
        return None   # nothing to eliminate: the leaf candidates have seen this goal already
    found = finders._first_checked(
        g, ["rfl", "ring", lambda: finders.linear_combination_candidates(g, deadline=deadline)], checker, deadline)
    if found:
        return lines + [found]
    rest = _constant_division(g, checker, deadline, finders) if _constant_denominators(g) else None
    return lines + rest if rest else None
