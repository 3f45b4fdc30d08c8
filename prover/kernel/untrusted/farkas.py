"""Farkas multipliers for a linarith problem: floating LP (SciPy's HiGHS), rationalized,
else an exact simplex (Bland's rule) on the LP's support or on the whole problem.

Untrusted: the kernel's `check_certificate` decides.
"""

from __future__ import annotations

import time
from fractions import Fraction

from prover.kernel import poly as P
from prover.kernel.linarith import Problem, check_certificate

EXACT_LIMIT = 120  # columns beyond which the exact fallback is not tried on the whole problem
EXACT_S = 1.5      # seconds the exact simplex may pivot before it gives up (the rule then refuses)


def _columns(problem: Problem, cols: list[int]):
    """Rows: non-constant monomials (= 0), then k ≥ 0 and k + Σ strict ≥ 1, over variables
    yⱼ ≥ 0 (equalities split into two signed copies)."""
    monos = sorted({m for i in cols for m in problem.polys[i] if m != P.ONE})
    row = {m: r for r, m in enumerate(monos)}
    variables = []  # (fact index, sign)
    for i in cols:
        variables.append((i, 1))
        if problem.facts[i].rel == "eq":
            variables.append((i, -1))
    return monos, row, variables


def find_certificate(problem: Problem) -> dict[int, Fraction] | None:
    cols = list(range(len(problem.facts)))
    stop = time.monotonic() + EXACT_S
    floating = _linprog(problem, cols)
    if floating is not None:
        rounded = {i: Fraction(v).limit_denominator(10**6) for i, v in floating.items() if abs(v) > 1e-9}
        if check_certificate(problem, rounded):
            return rounded
        support = sorted(floating)
        exact = exact_simplex(problem, support, stop)
        if exact is not None and check_certificate(problem, exact):
            return exact
    if len(cols) <= EXACT_LIMIT:
        exact = exact_simplex(problem, cols, stop)
        if exact is not None and check_certificate(problem, exact):
            return exact
    return None


def _linprog(problem: Problem, cols: list[int], time_limit: float | None = None,
             magnitudes: bool = False) -> dict[int, float] | None:
    """A floating Farkas combination by HiGHS: fact index ↦ signed multiplier (with
    `magnitudes`, the total weight of its columns: the support, where equalities' two signed
    copies must not cancel)."""
    try:
        import numpy as np
        from scipy.optimize import linprog
    except ImportError:  # pragma: no cover - SciPy is a dependency
        return None
    monos, row, variables = _columns(problem, cols)
    n = len(variables)
    a_eq = np.zeros((len(monos), n))
    kvec = np.zeros(n)
    strict = np.zeros(n)
    for j, (i, sign) in enumerate(variables):
        for m, c in problem.polys[i].items():
            if m == P.ONE:
                kvec[j] = sign * float(c)
            else:
                a_eq[row[m], j] = sign * float(c)
        if problem.facts[i].rel == "lt":
            strict[j] = 1.0
    a_ub = np.vstack([-kvec, -(kvec + strict)])
    b_ub = np.array([0.0, -1.0])
    try:
        res = linprog(np.ones(n), A_ub=a_ub, b_ub=b_ub, A_eq=a_eq if len(monos) else None,
                      b_eq=np.zeros(len(monos)) if len(monos) else None, bounds=(0, None), method="highs",
                      options={"time_limit": max(0.1, time_limit)} if time_limit is not None else None)
    except ValueError:
        return None
    if res.status != 0:
        return None
    out: dict[int, float] = {}
    for j, (i, sign) in enumerate(variables):
        if abs(res.x[j]) > 1e-9:
            out[i] = out.get(i, 0.0) + (abs(res.x[j]) if magnitudes else sign * res.x[j])
    return out


def exact_simplex(problem: Problem, cols: list[int], stop: float | None = None) -> dict[int, Fraction] | None:
    """Phase-1 simplex over Fractions with Bland's rule (terminates, exact); None when the
    monotonic clock passes `stop` first."""
    monos, row, variables = _columns(problem, cols)
    n = len(variables)
    # rows: monomial rows (= 0); k - s1 = 0; k + strict - s2 = 1 ; slack columns s1, s2
    rows: list[list[Fraction]] = [[Fraction(0)] * (n + 2) for _ in range(len(monos) + 2)]
    rhs = [Fraction(0)] * len(monos) + [Fraction(0), Fraction(1)]
    for j, (i, sign) in enumerate(variables):
        for m, c in problem.polys[i].items():
            if m == P.ONE:
                rows[-2][j] += sign * c
                rows[-1][j] += sign * c
            else:
                rows[row[m]][j] += sign * c
        if problem.facts[i].rel == "lt":
            rows[-1][j] += 1
    rows[-2][n] = Fraction(-1)
    rows[-1][n + 1] = Fraction(-1)
    width = n + 2
    m = len(rows)
    # artificial columns width .. width+m-1 form the starting basis
    tab = [r + [Fraction(int(k == q)) for k in range(m)] + [b] for q, (r, b) in enumerate(zip(rows, rhs))]
    basis = [width + q for q in range(m)]
    total = width + m
    # phase-1 objective: minimize Σ artificials; reduced costs row
    cost = [Fraction(0)] * (total + 1)
    for q in range(m):
        for k in range(total + 1):
            cost[k] -= tab[q][k]
    for k in range(width, total):
        cost[k] = Fraction(0)
    for _ in range(20000):
        if stop is not None and time.monotonic() > stop:
            return None
        enter = next((k for k in range(total) if cost[k] < 0), None)
        if enter is None:
            break
        best, leave = None, None
        for q in range(m):
            if tab[q][enter] > 0:
                ratio = tab[q][-1] / tab[q][enter]
                if best is None or ratio < best or (ratio == best and basis[q] < basis[leave]):
                    best, leave = ratio, q
        if leave is None:
            return None  # unbounded phase 1 cannot happen; be safe
        piv = tab[leave][enter]
        tab[leave] = [v / piv for v in tab[leave]]
        for q in range(m):
            if q != leave and tab[q][enter]:
                f = tab[q][enter]
                tab[q] = [a - f * b for a, b in zip(tab[q], tab[leave])]
        f = cost[enter]
        cost = [a - f * b for a, b in zip(cost, tab[leave])]
        basis[leave] = enter
    else:
        return None
    if -cost[-1] != 0:
        return None  # infeasible: no certificate
    out: dict[int, Fraction] = {}
    for q, b in enumerate(basis):
        if b < n and tab[q][-1]:
            i, sign = variables[b]
            out[i] = out.get(i, Fraction(0)) + sign * tab[q][-1]
    return {i: c for i, c in out.items() if c}
