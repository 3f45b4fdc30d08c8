"""Hint terms for `nlinarith` from the goal's extremal points (untrusted).

A polynomial inequality `f ≥ 0` (or `f > 0`) under sign and equation hypotheses has, when
it is true, a Positivstellensatz certificate; nlinarith finds the degree-2 ones among the
products of its facts. The squares a certificate needs are those that vanish where `f` is
smallest: `a ^ 3 + 11 > 9 * a` for `0 < a` needs `(a - 7/4) ^ 2` (7/4 near the minimizer
√3), `a * b ^ 2 ≤ 4 / 27` under `a + b = 1` needs `(b - 2/3) ^ 2` (the equality case).
This module:

1. `extremal_points(goal)`: the goal's slack `f` (kernel normal form: `hi - lo` of the
   target) and the hypotheses as polynomials over the goal's atoms, and a few local minima
   of `f` on the region the hypotheses cut out (SciPy's SLSQP from several starts, floating);
2. `psatz_pool(goal)`: hint texts (Mathlib lemma applications the kernel resolves:
   `sq_nonneg`, `mul_nonneg`, `mul_pos`, `sub_nonneg.mpr`, `sub_pos.mpr`) built from those
   points: squares of `x - r` and `x + y - s` with `r`, `s` rationals near the minimizer's
   coordinates, of `q * x - p * y` along its ratios, of `x * y - r`, `x ^ 2 - y ^ 2`,
   `x * y - y * z`, and the hypotheses' nonnegative sides times squares and each other; terms
   that vanish at the equality points first;
3. `psatz_hints(goal, seconds)`: first an exact sum of squares of the slack
   (`prover.kernel.untrusted.sos`), then the kernel-layout LP of `hints.select_hints` over
   pools of 8, 16, the equality case's vanishing terms, all (first `linarith`, then
   `nlinarith` products); each candidate is tried on the kernel and the first it closes is
   returned. Goals whose facts are all linear, or that are false at a point the comparison
   hypotheses allow, get nothing.

Nothing here is trusted: the kernel resolves every term by its Mathlib statement, rebuilds
nlinarith's products and checks its own exact Farkas certificate (`prover.kernel.tactics`).
"""

from __future__ import annotations

import itertools
import math
import random
import time
from fractions import Fraction

from prover.errors import ProverError
from prover.kernel import linarith as L
from prover.kernel import poly as P
from prover.kernel.lemmas import resolve
from prover.state import Goal
from prover.syntax.ast import INT, NAT, RAT, REAL, Expr
from prover.syntax.printer import show

ORDERED = (INT, RAT, REAL)
MAX_ATOMS = 5       # goals over more atoms are left to the other finders
SMALL_POOL = 8      # the first pool tried: the best-ranked terms alone (a small LP)
MAX_POOL = 44       # pool terms offered to the LP (nlinarith's products grow as its square)
STARTS = 8          # local minimizations from different starts
TOL = 1e-6
_BAD = (ProverError, RecursionError, ValueError, ZeroDivisionError, OverflowError)


def _target_sides(t: Expr):
    if t.op in ("lt", "le"):
        return t.args[0], t.args[1], t.op == "lt"
    if t.op in ("gt", "ge"):
        return t.args[1], t.args[0], t.op == "gt"
    return None


def _atom_expr(entry):
    key = entry[1] if isinstance(entry, tuple) and len(entry) == 2 else None
    return key if isinstance(key, Expr) else None


class Problem:
    """`f` (the slack, ≥ 0 / > 0 to prove) and the hypotheses `g ≥ 0`, `g > 0`, `g = 0` as
    polynomials over atoms (indices into `atoms`, texts in `names`)."""

    def __init__(self, goal: Goal):
        t = goal.target
        sides = _target_sides(t)
        if sides is None or t.value not in ORDERED:
            raise ValueError("not an order goal over an ordered field or ℤ")
        self.ty = t.value
        lo, hi, self.strict = sides
        self.atoms = P.AtomTable()
        norm = P.Normalizer(self.atoms, field_mode="linarith")
        self.f = P.add(norm.poly(hi), norm.poly(lo), -1)
        self.hyps: list[tuple[str, P.Poly, str, Expr]] = []   # name, g, rel (le/lt/eq), prop
        for name, h in L.split_conjunctions(list(goal.hypotheses)):
            c = L.comparison(h)
            if c is None or c[3] != self.ty:
                continue
            a, rel, b, _ = c
            g = P.add(norm.poly(b), norm.poly(a), -1)
            self.hyps.append((name, g, rel, h))
        self.exprs = [_atom_expr(e) for e in self.atoms.atoms]
        if any(e is None for e in self.exprs) or not self.exprs or len(self.exprs) > MAX_ATOMS:
            raise ValueError("atoms out of reach")
        self.names = [_text(e) for e in self.exprs]
        self.n = len(self.exprs)
        self.nat = [e.op == "cast" and e.args and e.args[0].ty == NAT for e in self.exprs]
        # the target's non-atomic sums (`x * y + y * z + z * x`, `a ^ 2 + b ^ 2`), as polynomials
        self.subterms: list[tuple[str, P.Poly]] = []
        for x in t.walk():
            if (x.op in ("add", "sub") or (x.op == "pow" and x.args[0].op in ("add", "sub"))) \
                    and x.ty == self.ty and len(self.subterms) < 8:
                try:
                    p = norm.poly(x)
                except _BAD:
                    continue
                if len(self.atoms.atoms) == len(self.exprs) and P.constant_of(p) is None \
                        and all(p != q for _, q in self.subterms):
                    self.subterms.append((show(x), p))

    def value(self, p: P.Poly, x) -> float:
        total = 0.0
        for m, c in p.items():
            term = float(c)
            for i, k in m:
                term *= x[i] ** k
            total += term
        return total


def _text(e: Expr) -> str:
    s = show(e)
    return s if e.op in ("var", "num") or (s.startswith("(") and s.endswith(")")) else f"({s})"


def extremal_points(pb: Problem, seconds: float = 1.0) -> list[tuple[float, list[float]]]:
    """Local minima `(f(x), x)` of the slack on the hypotheses' region, lowest first
    (floating, untrusted)."""
    import numpy as np
    from scipy.optimize import minimize

    stop = time.monotonic() + seconds
    rng = random.Random(0)
    cons = []
    for _, g, rel, _ in pb.hyps:
        fun = (lambda x, g=g: pb.value(g, x))
        cons.append({"type": "eq" if rel == "eq" else "ineq", "fun": fun})
    for i in range(pb.n):
        if pb.nat[i]:
            cons.append({"type": "ineq", "fun": (lambda x, i=i: x[i])})
    # a box keeps the search bounded (a true goal's slack may still fall towards a boundary)
    bound = [(-50.0, 50.0)] * pb.n
    starts = [[1.0] * pb.n, [0.5] * pb.n, [2.0] * pb.n, [0.1 * (i + 1) for i in range(pb.n)]]
    while len(starts) < STARTS:
        starts.append([rng.uniform(-3, 3) for _ in range(pb.n)])
    found: list[tuple[float, list[float]]] = []
    for x0 in starts:
        if time.monotonic() > stop:
            break
        try:
            res = minimize(lambda x: pb.value(pb.f, x), np.array(x0, dtype=float), method="SLSQP",
                           bounds=bound, constraints=cons, options={"maxiter": 200, "ftol": 1e-12})
        except (ValueError, OverflowError, FloatingPointError):
            continue
        x = [float(v) for v in res.x]
        if not all(math.isfinite(v) for v in x):
            continue
        feasible = all((pb.value(g, x) >= -1e-6 if rel != "eq" else abs(pb.value(g, x)) <= 1e-6)
                       for _, g, rel, _ in pb.hyps)
        if not feasible:
            continue
        v = pb.value(pb.f, x)
        if not any(max(abs(a - b) for a, b in zip(x, y)) < 1e-4 for _, y in found):
            found.append((v, x))
    found.sort(key=lambda t: t[0])
    return found[:4]


def _rationals(v: float, tight: bool) -> list[Fraction]:
    """Small-denominator rationals near `v`: the exact one for an equality case, else the
    closest few."""
    out = []
    for d in (1, 2, 3, 4, 6, 8, 12):
        r = Fraction(v).limit_denominator(d)
        if tight and abs(float(r) - v) > 1e-3:
            continue
        if not tight and abs(float(r) - v) > max(0.35, 0.2 * abs(v)):
            continue
        if r not in out and abs(r) <= 100:
            out.append(r)
    if tight:
        return out[:1]
    out.sort(key=lambda r: abs(float(r) - v))
    return out[:3]


def _whole(rs: list[Fraction], ty: str) -> list[Fraction]:
    """Over ℤ only integers go into a hint as literals (`1 / 4 : ℤ` is `0` in Lean)."""
    return [r for r in rs if ty != INT or r.denominator == 1]


def _lit(k: Fraction, ty: str) -> str:
    if k.denominator == 1:
        return str(k.numerator)
    return f"({k.numerator} / {k.denominator})"


def _linear(coeffs: list[Fraction], names: list[str], const: Fraction, ty: str) -> str | None:
    """`c₁ * x₁ + … + k` as text, scaled to integers over ℤ (no ℤ division in a hint)."""
    if ty == INT or any(c.denominator != 1 for c in coeffs):
        den = math.lcm(*(c.denominator for c in coeffs + [const]))
        coeffs, const = [c * den for c in coeffs], const * den
        if ty != INT:
            g = math.gcd(*(int(c) for c in coeffs + [const]))
            if g > 1:
                coeffs, const = [c / g for c in coeffs], const / g
    parts = []
    for c, name in zip(coeffs, names):
        if not c:
            continue
        mag = abs(c)
        body = name if mag == 1 else f"{_lit(Fraction(mag), ty)} * {name}"
        parts.append(("- " if c < 0 else "+ ") + body)
    if not parts:
        return None
    if const:
        parts.append(("- " if const < 0 else "+ ") + _lit(Fraction(abs(const)), ty))
    text = " ".join(parts)
    return text[2:] if text.startswith("+ ") else "-" + text[2:]


def _forms(pb: Problem, points: list[tuple[float, list[float]]]) -> list[tuple[str, callable]]:
    """Candidate polynomials (text, floating evaluator) to square."""
    n, names, ty = pb.n, pb.names, pb.ty
    out: list[tuple[str, callable]] = []

    def lin(coeffs, const):
        text = _linear([Fraction(c) for c in coeffs], names, Fraction(const), ty)
        if text is not None:
            cs = [float(c) for c in coeffs]
            out.append((text, lambda x, cs=cs, k=float(const): sum(c * v for c, v in zip(cs, x)) + k))

    early: list[tuple[str, callable]] = []
    # the goal's own sums: shifted to their value at the minimum, and against each other
    subs = [(f"({t})", (lambda x, p=p: pb.value(p, x))) for t, p in pb.subterms]
    for v, x in points[:2]:
        tight = abs(v) < 1e-5
        for t, fn in subs:
            for r in _whole(_rationals(fn(x), tight), ty)[:2]:
                if r:
                    early.append((f"{t} - {_lit(abs(r), ty)}" if r > 0 else f"{t} + {_lit(abs(r), ty)}",
                                lambda y, fn=fn, r=float(r): fn(y) - r))
        for (t1, f1), (t2, f2) in itertools.combinations(subs, 2):
            if abs(f2(x)) > 1e-6:
                for r in _whole(_rationals(f1(x) / f2(x), tight), ty)[:1]:
                    if r:
                        q = "" if r == 1 else f"{_lit(abs(r), ty)} * "
                        sign = "-" if r > 0 else "+"
                        early.append((f"{t1} {sign} {q}{t2}", lambda y, f1=f1, f2=f2, r=float(r): f1(y) - r * f2(y)))
    for (t1, f1), (t2, f2) in itertools.combinations(subs, 2):
        early.append((f"{t1} - {t2}", lambda y, f1=f1, f2=f2: f1(y) - f2(y)))
    # completing the square in one atom with polynomial coefficients: f = A x² + B x + C gives
    # 4 A f = (2 A x + B)² + (4 A C - B²)
    for i in range(n):
        a_part, b_part = {}, {}
        for m, c in pb.f.items():
            k = dict(m).get(i, 0)
            rest = tuple((j, e) for j, e in m if j != i)
            if k == 2:
                a_part[rest] = c
            elif k == 1:
                b_part[rest] = c
            elif k > 2:
                a_part = None
                break
        if not a_part or not b_part or all(m == P.ONE for m in a_part):
            continue
        form = P.add(P.scale(P.mul(a_part, {((i, 1),): Fraction(1)}), 2), b_part)
        text = _poly_text(form, names)
        if text:
            early.append((text, lambda x, form=form: pb.value(form, x)))
    unit = lambda i, c=1: [Fraction(c) if j == i else Fraction(0) for j in range(n)]  # noqa: E731
    for v, x in points:
        tight = abs(v) < 1e-5
        for i in range(n):
            for r in _rationals(x[i], tight):
                lin(unit(i), -r)
        for i, j in itertools.combinations(range(n), 2):
            for s in _rationals(x[i] + x[j], tight):
                lin([a + b for a, b in zip(unit(i), unit(j))], -s)
            for s in _rationals(x[i] - x[j], tight):
                lin([a - b for a, b in zip(unit(i), unit(j))], -s)
            if abs(x[j]) > 1e-3 and abs(x[i]) > 1e-3:   # along the ray: q·xᵢ - p·xⱼ
                for r in _rationals(x[i] / x[j], tight):
                    if r not in (0, 1, -1):
                        lin([a * r.denominator - b * r.numerator for a, b in zip(unit(i), unit(j))], 0)
        if n >= 3:
            s = sum(x)
            for r in _rationals(s, tight):
                lin([Fraction(1)] * n, -r)
    # symmetric differences and sums, whatever the points
    for i, j in itertools.combinations(range(n), 2):
        lin([a - b for a, b in zip(unit(i), unit(j))], 0)
        lin([a + b for a, b in zip(unit(i), unit(j))], 0)
    for i, j, k in itertools.permutations(range(n), 3):
        if i < j:
            lin([a + b - c for a, b, c in zip(unit(i), unit(j), unit(k))], 0)
    # quadratic forms vanishing on the equality set of symmetric goals
    for i, j in itertools.combinations(range(n), 2):
        a, b = names[i], names[j]
        out.append((f"{a} ^ 2 - {b} ^ 2", lambda x, i=i, j=j: x[i] ** 2 - x[j] ** 2))
        out.append((f"{a} * {b}", lambda x, i=i, j=j: x[i] * x[j]))
        out.append((f"{a} ^ 2 - {a} * {b}", lambda x, i=i, j=j: x[i] ** 2 - x[i] * x[j]))
    for i, j, k in itertools.permutations(range(n), 3):
        if j < k:
            a, b, c = names[i], names[j], names[k]
            out.append((f"{a} * {b} - {a} * {c}", lambda x, i=i, j=j, k=k: x[i] * x[j] - x[i] * x[k]))
    for v, x in points[:2]:
        tight = abs(v) < 1e-5
        for i, j in itertools.combinations_with_replacement(range(n), 2):
            for r in _whole(_rationals(x[i] * x[j], tight), ty)[:1]:
                mono = f"{names[i]} ^ 2" if i == j else f"{names[i]} * {names[j]}"
                if r:
                    out.append((f"{mono} - {_lit(abs(r), ty)}" if r > 0 else f"{mono} + {_lit(abs(r), ty)}",
                                lambda x, i=i, j=j, r=float(r): x[i] * x[j] - r))
    seen, unique = set(), []
    for text, fn in early + out:
        if text not in seen:
            seen.add(text)
            unique.append((text, fn))
    return unique


def _poly_text(p: P.Poly, names: list[str]) -> str | None:
    """A polynomial with integer coefficients (scaled) as hint text."""
    if not p:
        return None
    den = math.lcm(*(Fraction(c).denominator for c in p.values()))
    parts = []
    for m, c in sorted(p.items(), key=lambda t: (-sum(k for _, k in t[0]), t[0])):
        c = int(Fraction(c) * den)
        mono = " * ".join(names[i] if k == 1 else f"{names[i]} ^ {k}" for i, k in m)
        mag = abs(c)
        body = (mono if mag == 1 else f"{mag} * {mono}") if mono else str(mag)
        parts.append(("- " if c < 0 else "+ ") + body)
    text = " ".join(parts)
    return text[2:] if text.startswith("+ ") else "-" + text[2:]


def _sign_facts(pb: Problem) -> list[tuple[str, callable, bool, int]]:
    """Proof texts of `0 ≤ g` / `0 < g` for each hypothesis `a ≤ b` / `a < b` (the
    hypothesis itself when `a` is 0, else `sub_nonneg.mpr h` / `sub_pos.mpr h`), with a
    floating evaluator of `g`, whether it is strict, and `g`'s degree."""
    out = []
    for name, g, rel, prop in pb.hyps:
        if rel == "eq" or prop.op not in ("lt", "le", "gt", "ge"):
            continue   # `¬ a < b` is no proof of `b ≤ a` for a lemma argument
        a = prop.args[0] if prop.op in ("lt", "le") else prop.args[1]
        zero = a.op == "num" and a.value == 0
        if rel == "lt":
            text = name if zero else f"(sub_pos.mpr {name})"
        else:
            text = name if zero else f"(sub_nonneg.mpr {name})"
        out.append((text, lambda x, g=g: pb.value(g, x), rel == "lt", _poly_degree(g)))
    return out


def _degree(fn, n: int) -> int:
    """The total degree of a polynomial function, read off its growth along a ray."""
    u = [0.5 + 0.37 * ((7 * i + 3) % 5) / 4 for i in range(n)]
    try:
        a, b = abs(fn([1e3 * v for v in u])), abs(fn([1e4 * v for v in u]))
    except (OverflowError, ValueError, ZeroDivisionError):
        return 99
    if a < 1e-300 or b < 1e-300:
        return 0
    return max(0, round(math.log10(b / a)))


def _poly_degree(p: P.Poly) -> int:
    return max((sum(k for _, k in m) for m in p), default=0)


def _round_robin(groups: list[list]) -> list:
    out = []
    for k in range(max((len(g) for g in groups), default=0)):
        out += [g[k] for g in groups if k < len(g)]
    return out


def psatz_pool(goal: Goal, seconds: float = 1.0) -> list[str]:
    """Hint texts for the LP, those vanishing at the goal's equality points first."""
    return psatz_pools(goal, seconds)[-1]


def psatz_pools(goal: Goal, seconds: float = 1.0, pb: Problem | None = None, points=None) -> list[list[str]]:
    """Pools to try in turn: the best-ranked terms alone (8; the squares alone, 12; 16); with an equality case, the terms
    vanishing there (a certificate's terms must vanish where the goal's slack does); all."""
    try:
        pb = pb or Problem(goal)
    except _BAD:
        return []
    points = extremal_points(pb, seconds) if points is None else points
    tight = [x for v, x in points if abs(v) < 1e-5]
    forms = _forms(pb, points)
    signs = _sign_facts(pb)

    def at_zero(fn) -> bool:
        return bool(tight) and all(abs(fn(x)) < 1e-4 for x in tight)

    # terms of degree beyond the goal's (+1: nlinarith multiplies by a hypothesis) only
    # crowd the LP: dropped
    top = max(2, _poly_degree(pb.f)) + 1
    degs = {t: _degree(fn, pb.n) for t, fn in forms}
    squares = [(f"sq_nonneg ({t})", fn) for t, fn in forms if 2 * degs[t] <= top]
    weighted = []
    for (t, fn), (s, gfn, strict, dg) in itertools.product(forms, signs):
        if dg + 2 * degs[t] > top:
            continue
        proof = f"(le_of_lt {s})" if strict else s
        weighted.append((f"mul_nonneg {proof} (sq_nonneg ({t}))", lambda x, fn=fn, g=gfn: g(x) * fn(x)))
    products = []
    for (s1, g1, st1, d1), (s2, g2, st2, d2) in itertools.combinations_with_replacement(signs, 2):
        if d1 + d2 > top:
            continue
        if st1 and st2:
            products.append((f"mul_pos {s1} {s2}", lambda x, a=g1, b=g2: a(x) * b(x)))
        else:
            p1 = f"(le_of_lt {s1})" if st1 else s1
            p2 = f"(le_of_lt {s2})" if st2 else s2
            products.append((f"mul_nonneg {p1} {p2}", lambda x, a=g1, b=g2: a(x) * b(x)))
    ranked = []
    for zero in (True, False):   # equality-case terms first; the three kinds interleaved
        ranked += [(not zero, text) for text in _round_robin(
            [[t for t, fn in group if at_zero(fn) == zero] for group in (squares, products, weighted)])]
    valid, vanishing = [], []
    for zero, text in ranked:
        try:
            resolve(goal, text)
        except _BAD:
            continue
        valid.append(text)
        if not zero:
            vanishing.append(text)
        if len(valid) >= MAX_POOL:
            break
    only_squares = [t for t in valid if t.startswith("sq_nonneg")][:SMALL_POOL + 4]
    pools = [valid[:SMALL_POOL], only_squares, valid[:2 * SMALL_POOL]]
    if vanishing and len(vanishing) < len(valid):
        pools.append(vanishing)
    return [p for k, p in enumerate(pools + [valid]) if p and p not in pools[:k]]


def _refutes(pb: Problem, x: list[float], v: float) -> bool:
    """A clear counterexample among the comparisons: the slack well below 0 at a point that
    meets every hypothesis without tolerance (equations to 1e-9). Near-boundary minima that
    a tolerance admits (`b² - 4ac < 0` at `b² = 4ac`) do not count."""
    if v > -1e-4 * max(1.0, max(abs(float(c)) for c in pb.f.values())):
        return False
    for _, g, rel, _ in pb.hyps:
        val = pb.value(g, x)
        if (rel == "eq" and abs(val) > 1e-9) or (rel == "le" and val < 0) or (rel == "lt" and val <= 0):
            return False
    return True


def worth_trying(goal: Goal) -> bool:
    """An order goal over ≤ MAX_ATOMS atoms with some fact of degree ≥ 2 (when the goal and
    every comparison are linear, linarith already decides it: nothing to find)."""
    try:
        pb = Problem(goal)
    except _BAD:
        return False
    return any(sum(k for _, k in m) >= 2 for p in [pb.f] + [g for _, g, _, _ in pb.hyps] for m in p)


def psatz_hints(goal: Goal, seconds: float = 3.0) -> list[str]:
    """Tactic texts `linarith [..]` / `nlinarith [..]`: the exact sum-of-squares squares when
    the goal's slack has one, else the pool terms an LP uses, pool after pool. Each is tried
    on the kernel here, and the first it closes is returned alone (the caller checks it
    again); with none closed, the untried rest."""
    from prover.checkers.base import Closed
    from prover.checkers.kernel_checker import KernelChecker
    from prover.kernel.untrusted.hints import select_hints
    from prover.kernel.untrusted.sos import sos_hint_lists
    stop = time.monotonic() + seconds
    try:
        pb = Problem(goal)
    except _BAD:
        return []
    if not worth_trying(goal):
        return []
    checker = KernelChecker()

    def closes(tactic: str) -> bool:
        try:
            return isinstance(checker.close(goal, tactic), Closed)
        except _BAD:
            return False

    tried: list[str] = []

    def attempt(hints: list[str] | None, nonlinear: bool) -> str | None:
        if not hints:
            return None
        for name in (("nlinarith",) if nonlinear else ("linarith", "nlinarith")):
            tactic = f"{name} [{', '.join(hints)}]"
            if tactic in tried:
                continue
            tried.append(tactic)
            if closes(tactic):
                return tactic
        return None

    lists = []
    c0 = pb.f.get(P.ONE, Fraction(0))
    if pb.strict and c0 > 0:   # a strict goal needs slack: f - c₀/100 as a sum of squares
        lists, exact = sos_hint_lists(P.add(pb.f, P.const(c0 / 100), -1), pb.n, pb.names, pb.ty == INT,
                                      min(0.5, seconds / 6))
        lists = lists if exact else []
    lists += sos_hint_lists(pb.f, pb.n, pb.names, pb.ty == INT, min(1.0, seconds / 3))[0]
    for hints in lists:
        found = attempt(hints, False)
        if found:
            return [found]
    points = extremal_points(pb, min(1.0, seconds / 4))
    if any(_refutes(pb, x, v) for v, x in points):
        return []   # false at a point the comparisons allow: no certificate from them exists
    for pool in psatz_pools(goal, 0.0, pb, points):
        for nonlinear in (False, True):
            if time.monotonic() >= stop:
                return []
            if nonlinear and len(pool) > 2 * SMALL_POOL and stop - time.monotonic() < 2.5:
                continue   # nlinarith's products over a large pool take seconds to build
            found = attempt(select_hints(goal, pool, nonlinear, seconds=max(0.1, stop - time.monotonic())),
                            nonlinear)
            if found:
                return [found]
    return []
