"""Bilinear systems: equations whose pairwise differences factor as `(u - v) * L = 0` with
`u ≠ v` known (untrusted proposer for `reconstruct_leaf`; every line is checked by the kernel).

For `|a 1 - a 2| * x 2 + … = 1`, `a 1 > a 2 > …` the script is

    have e1 : |a 1 - a 2| = a 1 - a 2 := by exact abs_of_pos (by linarith : 0 < a 1 - a 2)
    have e2 : |a 2 - a 1| = -(a 2 - a 1) := by exact abs_of_neg (by linarith : a 2 - a 1 < 0)
    have g1 : P₁ = 0 := by linear_combination h₉ - x 2 * e1 - …      -- the equations without |·|
    have k1 : (a 1 - a 2) * (L) = (a 1 - a 2) * 0 := by linear_combination g1 - g2
    have q1 : L = 0 := by exact mul_left_cancel₀ (sub_ne_zero.mpr h₀) k1
    ...                                     -- the goal, by `reconstruct_leaf` with the new facts

`abs_of_pos`, `abs_of_neg`, `mul_left_cancel₀` and `sub_ne_zero` are Mathlib's
(`prover.kernel.lemmas`); the factor `u - v` divides the difference of two equations exactly
(SymPy's polynomial division), its nonzeroness is a hypothesis `u ≠ v`, `u < v` or `u > v`
(`h.ne`/`h.ne'` give the `≠`).
"""

from __future__ import annotations

import re
import time

from prover.checkers.base import Subgoals
from prover.checkers.kernel_checker import KernelChecker
from prover.state import Goal
from prover.syntax.ast import RAT, REAL, Expr
from prover.syntax.printer import show

FIELDS = (RAT, REAL)
MAX_EQUATIONS = 8
MAX_FACTS = 6
MAX_TERMS = 40
MAX_ABS = 16   # |t| atoms, each one or two linarith checks
MAX_DEGREE = 3
LEAF_S = 2.0   # the general leaf after the cancelled facts (when the direct closing fails)
_ACTIVE = False
_POLY_TEXT: list = [None]   # `reconstruct._poly_text`, from the `finders` parameter (no import cycle)


def applies(goal: Goal) -> bool:
    """The shape, without SymPy: two or more equations over ℝ/ℚ with a product of two
    non-numeral factors, and a `≠`/`<` between two distinct terms."""
    eqs = [h for _, h in goal.hypotheses if h.op == "eq" and h.value in FIELDS
           and any(x.op == "mul" and all(a.op != "num" for a in x.args) for x in h.walk())
           and not any(x.op in ("forall", "exists", "lambda") for x in h.walk())]
    if not 2 <= len(eqs) <= MAX_EQUATIONS:
        return False
    return any(h.op in ("ne", "lt", "gt") and h.args[0] != h.args[1] for _, h in goal.hypotheses)


def cancel_leaf(goal: Goal, checker: KernelChecker, deadline: float, finders) -> list[str] | None:
    """A checked script for a goal whose equations cancel to linear facts, or None.
    `finders` is `prover.search.reconstruct` (passed in to avoid an import cycle)."""
    global _ACTIVE
    if _ACTIVE or time.monotonic() >= deadline or not applies(goal):
        return None
    _ACTIVE = True
    _POLY_TEXT[0] = finders._poly_text
    try:
        return _cancel(goal, checker, deadline, finders)
    except Exception:   # an untrusted finder that fails on its input proposes nothing
        return None
    finally:
        _ACTIVE = False


def _apply(g: Goal, line: str, checker: KernelChecker, budget: float = 1.5) -> Goal | None:
    r = checker.apply(g, line, budget_s=budget)
    return r.goals[0] if isinstance(r, Subgoals) and len(r.goals) == 1 else None


def _text(p, atoms: dict) -> str:
    """A SymPy polynomial in atom symbols as Lean text (atoms as their Lean text)."""
    import sympy
    p = sympy.expand(p)
    if p.is_number:
        q = sympy.Rational(p)
        return str(q.p) if q.q == 1 else f"({q.p} / {q.q})"
    text = _POLY_TEXT[0](sympy.expand(p))
    return re.sub(r"atom\d+Z", lambda m: f"({atoms[m.group(0)]})", text)


def _cancel(goal: Goal, checker: KernelChecker, deadline: float, finders) -> list[str] | None:
    import sympy
    g = goal
    lines: list[str] = []
    atoms: dict = {}
    symbols: dict = {}

    def poly(e: Expr):
        a = finders._atomize(e, atoms)
        from prover.syntax.ast import free_vars
        for v in free_vars(a):
            symbols.setdefault(v, sympy.Symbol(v))
        return sympy.expand(finders._to_sympy_poly(a, symbols))

    # the equations, as polynomials `L - R` (abs applications are atoms)
    eqs = []
    for n, h in goal.hypotheses:
        if h.op == "eq" and h.value in FIELDS and "✝" not in n \
                and not any(x.op in ("forall", "exists", "lambda") for x in h.walk()):
            try:
                p = poly(Expr("sub", h.args, ty=h.value))
            except (ValueError, TypeError, KeyError):
                continue
            if p != 0 and (len(p.as_ordered_terms()) > MAX_TERMS or p.free_symbols and
                           sympy.Poly(p, *sorted(p.free_symbols, key=str)).total_degree() > MAX_DEGREE):
                continue   # small bilinear systems only: SymPy's division stays quick
            eqs.append((n, p, h.value))
    if len(eqs) < 2:
        return None
    # nonzero differences u - v from `u ≠ v`, `u < v`, `u > v`
    nonzero = []
    for n, h in goal.hypotheses:
        if h.op in ("ne", "lt", "gt") and "✝" not in n and (h.value in FIELDS or h.args[0].ty in FIELDS):
            try:
                d = poly(Expr("sub", h.args, ty=h.args[0].ty))
            except (ValueError, TypeError, KeyError):
                continue
            proof = f"sub_ne_zero.mpr {n}" if h.op == "ne" else \
                f"sub_ne_zero.mpr {n}.ne" if h.op == "lt" else f"sub_ne_zero.mpr {n}.ne'"
            if d != 0:
                nonzero.append((d, proof, show(h.args[0]), show(h.args[1])))
    if not nonzero:
        return None
    # |t| atoms: their signs by linarith, abs_of_pos / abs_of_neg
    abs_values = {}
    if sum(text.startswith("|") for text in atoms.values()) > MAX_ABS:
        return None
    for key, text in list(atoms.items()):
        if not text.startswith("|") or time.monotonic() >= deadline:
            continue
        inner = text[1:-1]
        for lemma, fact, value in (("abs_of_pos", f"0 < {inner}", inner), ("abs_of_neg", f"{inner} < 0", f"-({inner})")):
            name = g.fresh_name("habs")
            line = f"have {name} : {text} = {value} := by exact {lemma} (by linarith : {fact})"
            nxt = _apply(g, line, checker)
            if nxt is not None:
                h = nxt.hypothesis(name)
                abs_values[sympy.Symbol(key)] = (name, poly(h.args[1]))
                g = nxt
                lines.append(line)
                break
    # the equations restated without |·| (linear in each |·| atom)
    plain = []
    for n, p, ty in eqs:
        present = [s for s in p.free_symbols if s in abs_values]
        if not present:
            if not any(atoms.get(str(s), "").startswith("|") for s in p.free_symbols):
                plain.append((n, p, ty))
            continue
        if any(atoms.get(str(s), "").startswith("|") and s not in abs_values for s in p.free_symbols):
            continue
        if sympy.Poly(p, *present).total_degree() != 1:
            continue
        new = sympy.expand(p.subs({s: abs_values[s][1] for s in present}))
        combo = n + "".join(f" - ({_text(sympy.diff(p, s), atoms)}) * {abs_values[s][0]}" for s in present)
        name = g.fresh_name("hplain")
        line = f"have {name} : ({_text(new, atoms)} : {ty}) = 0 := by linear_combination {combo}"
        nxt = _apply(g, line, checker, 2.0)
        if nxt is None:
            continue
        g = nxt
        lines.append(line)
        plain.append((name, new, ty))
    # differences of two equations with an exact factor u - v ≠ 0
    facts = 0
    found: list = []
    used = set()
    for i in range(len(plain)):
        for j in range(i + 1, len(plain)):
            if facts >= MAX_FACTS or time.monotonic() >= deadline:
                break
            (ni, pi, ty), (nj, pj, _) = plain[i], plain[j]
            diff = sympy.expand(pi - pj)
            if diff == 0:
                continue
            for d, proof, u, v in nonzero:
                gens = sorted(diff.free_symbols | d.free_symbols, key=str)
                q, rem = sympy.div(diff, d, *gens)
                q = sympy.expand(q)
                if rem != 0 or q == 0 or q.is_number or any(_proportional(q, k) for k in found):
                    continue
                if any(_proportional(q, p) for _, p, _ in plain):
                    continue
                k, f = g.fresh_name("hk"), g.fresh_name("hq")
                dt, qt = f"{u} - {v}", _text(q, atoms)
                step = [f"have {k} : (({dt}) * ({qt}) : {ty}) = ({dt}) * 0 := by linear_combination {ni} - {nj}",
                        f"have {f} : ({qt} : {ty}) = 0 := by exact mul_left_cancel₀ ({proof}) {k}"]
                nxt = _apply(g, step[0], checker, 2.0)
                nxt = nxt and _apply(nxt, step[1], checker)
                if nxt is None:
                    continue
                g = nxt
                lines += step
                found.append(q)
                used.add(k)
                facts += 1
                break
    if not facts or time.monotonic() >= deadline:
        return None
    # the target without |·|: rw with the sign facts
    target_abs = [abs_values[s][0] for s in abs_values
                  if any(x.op == "call" and x.value == "abs" and f"|{show(x.args[0])}|" == atoms[str(s)]
                         for x in g.target.walk())]
    if target_abs:
        line = f"rw [{', '.join(target_abs)}]"
        r = checker.apply(g, line, budget_s=1.0)
        if isinstance(r, Subgoals) and len(r.goals) == 1:
            g = r.goals[0]
            lines.append(line)
    # the values the linear facts determine: `have hv : X = e := by linarith`
    # (linear facts with numeric coefficients only: `linsolve`, exact and polynomial-time)
    linear = [q for q in found if sympy.Poly(q, *sorted(q.free_symbols, key=str)).total_degree() == 1
              and all(c.is_number for c in sympy.Poly(q, *sorted(q.free_symbols, key=str)).coeffs())]
    unknowns = sorted(set().union(*(q.free_symbols for q in linear)), key=str) if linear else []
    solved = []
    if linear:
        sol = list(sympy.linsolve(linear, unknowns))
        if len(sol) == 1:
            # a variable's value in terms of the free ones (linsolve leaves those as themselves)
            solved = [{u: e for u, e in zip(unknowns, sol[0]) if sympy.expand(e - u) != 0}]
    values = []
    if len(solved) == 1:
        for s, e in sorted(solved[0].items(), key=lambda t: str(t[0])):
            name = g.fresh_name("hv")
            line = f"have {name} : ({_text(s, atoms)} : {plain[0][2]}) = {_text(sympy.expand(e), atoms)} := by linarith"
            nxt = _apply(g, line, checker)
            if nxt is not None:
                g = nxt
                lines.append(line)
                values.append((name, sympy.expand(s - e)))
    closing = _close(g, plain, values, nonzero, atoms, poly, checker)
    if closing is not None:
        return lines + closing
    keep = {n for n, _, _ in plain} | {n for n, _ in values}
    abs_free = [(n, h) for n, h in g.hypotheses
                if (n in keep or h.op in ("ne", "lt", "gt", "le", "ge")) and not any(x.op == "call" and x.value == "abs" for x in h.walk())]
    view = Goal(g.variables, tuple(abs_free), g.target)
    leaf = finders.reconstruct_leaf(view, "", "z3", min(deadline, time.monotonic() + LEAF_S), checker, 0)
    if leaf.missing:
        return None
    from prover.checkers.replay import replay
    return lines + leaf.lines if replay(g, "\n".join(leaf.lines), checker=checker).ok else None


def _conjuncts(t: Expr) -> list[Expr]:
    return _conjuncts(t.args[0]) + _conjuncts(t.args[1]) if t.op == "and" else [t]


def _close(g: Goal, plain, values, nonzero, atoms, poly, checker: KernelChecker) -> list[str] | None:
    """The target, a conjunction of equations `L = R` or `L = N / D` (`D` a difference `u - v`
    with `u ≠ v` known), each by `linear_combination` over the restated equations and the
    values (cofactors by SymPy's reduction modulo the values)."""
    import sympy
    parts = _conjuncts(g.target)
    if not all(p.op == "eq" and p.value in FIELDS for p in parts):
        return None
    vpolys = [v for _, v in values]
    vnames = [n for n, _ in values]
    gens = sorted(set().union(*(v.free_symbols for v in vpolys)), key=str) if vpolys else []
    setup, blocks, dens = [], [], {}
    if any(n.startswith("hden") for n, _ in g.hypotheses):
        return None
    for part in parts:
        lhs, rhs = part.args
        pre = []
        if rhs.op == "div":
            dtext = show(rhs.args[1])
            proof = next((pr for _, pr, u, v in nonzero if f"{u} - {v}" == dtext), None)
            if dtext not in dens:
                name = dens[dtext] = f"hden{len(dens)}"
                if proof is not None:
                    setup.append(f"have {name} : {dtext} ≠ 0 := by exact {proof}")
                else:   # a sign by linarith from the order facts
                    for fact, proj in ((f"0 < {dtext}", "ne'"), (f"{dtext} < 0", "ne")):
                        line = f"have {name}_s : {fact} := by linarith"
                        if _apply(g, line, checker) is not None:
                            setup += [line, f"have {name} : {dtext} ≠ 0 := by exact {name}_s.{proj}"]
                            break
                    else:
                        return None
            t = poly(Expr("sub", (Expr("mul", (lhs, rhs.args[1]), ty=part.value), rhs.args[0]), ty=part.value))
            combo = _combination(t, plain, vpolys, vnames, gens, atoms)
            if combo is None:
                return None
            stated = f"{show(lhs, 71)} * ({dtext}) = {show(rhs.args[0])}"
            blocks.append([f"exact (eq_div_iff {dens[dtext]}).mpr (by linear_combination {combo} : {stated})"])
            continue
        t = poly(Expr("sub", (lhs, rhs), ty=part.value))
        combo = _combination(t, plain, vpolys, vnames, gens, atoms)
        if combo is None:
            return None
        blocks.append(pre + [f"linear_combination {combo}"])
    out = list(setup)
    for i, block in enumerate(blocks):
        if i < len(blocks) - 1:
            out.append("constructor")
            out += ["· " + block[0]] + ["  " + b for b in block[1:]]
        else:
            out += block
    r = g
    for line in setup:
        nxt = _apply(r, line, checker)
        if nxt is None:
            return None
        r = nxt
    from prover.checkers.replay import replay
    return out if replay(g, "\n".join(out), checker=checker).ok else None


def _combination(t, plain, vpolys, vnames, gens, atoms) -> str | None:
    """Coefficients with `t = Σ c_v (X - e) + λ P` (P one restated equation), as text."""
    import sympy
    if vpolys:
        qs, r = sympy.reduced(t, vpolys, *gens)
    else:
        qs, r = [], t
    r = sympy.expand(r)
    coeffs = list(qs)
    terms = []
    if r != 0:
        for n, p, _ in plain:
            if vpolys:
                qj, rj = sympy.reduced(p, vpolys, *gens)
            else:
                qj, rj = [], p
            rj = sympy.expand(rj)
            if rj == 0:
                continue
            lam = sympy.cancel(r / rj)
            if not lam.is_polynomial() or sympy.denom(lam) != 1:
                continue
            lam = sympy.expand(lam)
            coeffs = [sympy.expand(c - lam * d) for c, d in zip(coeffs, qj)]
            terms.append(f"({_text(lam, atoms)}) * {n}")
            break
        else:
            return None
    terms += [f"({_text(c, atoms)}) * {n}" for c, n in zip(coeffs, vnames) if c != 0]
    return " + ".join(terms) if terms else "0"


def _proportional(a, b) -> bool:
    import sympy
    if a == 0 or b == 0:
        return False
    return bool(sympy.cancel(a / b).is_number)
