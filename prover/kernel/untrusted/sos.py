"""Sum-of-squares hints for a polynomial that is nonnegative everywhere (untrusted).

`f = zᵀ Q z` with `z` the monomials of half `f`'s degree and `Q` positive semidefinite is a
sum of squares. No SDP solver is at hand, so a Gram matrix is found by alternating
projections (floating): onto the affine space of matrices with `zᵀ Q z = f` (each
coefficient of `f` spread equally over the entries that produce its monomial) and onto the
PSD cone shifted by a margin (eigenvalues clipped). Then, in exact arithmetic, `Q` is rounded
to small-denominator rationals, projected back onto the affine space exactly, and factored
`Q = L D Lᵀ`; with every `dₖ ≥ 0`, `f = Σ dₖ (lₖ · z)²` and `linarith [sq_nonneg (l₁ · z), …]`
proves `0 ≤ f`. The eigenvectors of the floating `Q`, rounded, are offered as well (for an
LP to combine when the rounding is not exact).

Nothing here is trusted: the kernel resolves each `sq_nonneg` term and checks its own
Farkas certificate.
"""

from __future__ import annotations

import itertools
import math
import time
from fractions import Fraction

MAX_BASIS = 20
ITERATIONS = 600


def _basis(f: dict, n: int) -> list[tuple[int, ...]] | None:
    """Monomials (exponent tuples) that can appear in a square summing to `f`: total degree
    between half of `f`'s lowest and highest even degrees, each variable's exponent at most
    half its largest in `f` and at least half its smallest."""
    exps = [_exps(m, n) for m in f]
    degs = [sum(e) for e in exps]
    hi, lo = max(degs), min(degs)
    if hi % 2 or hi == 0:
        return None
    top = [max(e[i] for e in exps) // 2 for i in range(n)]
    bottom = [(min(e[i] for e in exps) + 1) // 2 for i in range(n)]
    out = []
    for e in itertools.product(*(range(b, t + 1) for b, t in zip(bottom, top))):
        if (lo + 1) // 2 <= sum(e) <= hi // 2:
            out.append(e)
    return out if 0 < len(out) <= MAX_BASIS else None


def _exps(m, n) -> tuple[int, ...]:
    e = [0] * n
    for i, k in m:
        e[i] = k
    return tuple(e)


def gram(f: dict, n: int, seconds: float = 1.0, margin_frac: float = 1e-3):
    """`(basis, groups, Q)`: a floating PSD Gram matrix of `f`, or None."""
    import numpy as np
    basis = _basis(f, n)
    if basis is None:
        return None
    target = {_exps(m, n): float(c) for m, c in f.items()}
    size = len(basis)
    groups: dict[tuple, list[tuple[int, int]]] = {}
    for i in range(size):
        for j in range(size):
            mono = tuple(a + b for a, b in zip(basis[i], basis[j]))
            groups.setdefault(mono, []).append((i, j))
    if any(m not in groups for m in target):
        return None
    rows = {m: (np.array([i for i, _ in g]), np.array([j for _, j in g])) for m, g in groups.items()}
    want = {m: target.get(m, 0.0) for m in groups}
    q = np.zeros((size, size))
    stop = time.monotonic() + seconds
    scale = max(abs(v) for v in target.values())
    margin = margin_frac * scale
    for it in range(ITERATIONS):
        for m, (ii, jj) in rows.items():
            q[ii, jj] += (want[m] - q[ii, jj].sum()) / len(ii)
        w, v = np.linalg.eigh((q + q.T) / 2)
        if w.min() >= -1e-9 * scale and it > 20:
            break
        q = (v * np.maximum(w, margin if it < ITERATIONS // 2 else 0.0)) @ v.T
        if time.monotonic() > stop:
            break
    for m, (ii, jj) in rows.items():
        q[ii, jj] += (want[m] - q[ii, jj].sum()) / len(ii)
    return basis, groups, (q + q.T) / 2


def _square_factor(f: dict, n: int):
    """`(h, g)` with `f = h² · g` over ℚ (SymPy's factorization; `h` the product of the
    factors of even multiplicity, halved), as polynomials keyed by exponent tuples; `(None,
    None)` when `f` has no repeated factor."""
    import sympy
    xs = sympy.symbols(f"x0:{n}")
    expr = sympy.Add(*[sympy.Rational(c.numerator, c.denominator) * sympy.Mul(*[xs[i] ** k for i, k in m])
                       for m, c in f.items()])
    try:
        const, factors = sympy.factor_list(sympy.Poly(expr, *xs))
    except (sympy.PolificationFailed, ValueError):
        return None, None
    h, g = sympy.Integer(1), sympy.Rational(const)
    for p, e in factors:
        h *= p.as_expr() ** (e // 2)
        g *= p.as_expr() ** (e % 2)
    if h == 1:
        return None, None
    to_poly = lambda e: {tuple((i, k) for i, k in enumerate(mono) if k): Fraction(int(sympy.Rational(c).p), int(sympy.Rational(c).q))  # noqa: E731
                         for mono, c in sympy.Poly(sympy.expand(e), *xs).terms()}
    return {_exps(m, n): c for m, c in to_poly(h).items()}, to_poly(g)


def _exact_ldl(q: list[list[Fraction]]):
    """`(L, d)` with `q = L diag(d) Lᵀ`, or None when some pivot is negative (or zero with a
    nonzero column)."""
    size = len(q)
    low = [[Fraction(0)] * size for _ in range(size)]
    d = [Fraction(0)] * size
    for k in range(size):
        d[k] = q[k][k] - sum(low[k][j] ** 2 * d[j] for j in range(k))
        if d[k] < 0:
            return None
        for i in range(k + 1, size):
            v = q[i][k] - sum(low[i][j] * low[k][j] * d[j] for j in range(k))
            if d[k] == 0:
                if v != 0:
                    return None
            else:
                low[i][k] = v / d[k]
        low[k][k] = Fraction(1)
    return low, d


def _rounded(q, groups, f: dict, n: int, den: int) -> list[list[Fraction]]:
    size = len(q)
    r = [[Fraction(float(q[i][j])).limit_denominator(den) for j in range(size)] for i in range(size)]
    for i in range(size):
        for j in range(i):
            r[i][j] = r[j][i]
    target = {_exps(m, n): Fraction(c) for m, c in f.items()}
    for m, cells in groups.items():
        # exact affine correction, symmetric: spread the residual over the group's cells
        residual = target.get(m, Fraction(0)) - sum(r[i][j] for i, j in cells)
        if residual:
            share = residual / len(cells)
            for i, j in cells:
                r[i][j] += share
    return r


def _form_text(coeffs: list[Fraction], basis, names: list[str], integral: bool) -> str | None:
    den = math.lcm(*(c.denominator for c in coeffs))
    ints = [int(c * den) for c in coeffs]
    g = math.gcd(*ints)
    if not g:
        return None
    ints = [c // g for c in ints]
    if next(c for c in ints if c) < 0:
        ints = [-c for c in ints]
    parts = []
    for c, e in zip(ints, basis):
        if not c:
            continue
        mono = " * ".join(names[i] if k == 1 else f"{names[i]} ^ {k}" for i, k in enumerate(e) if k)
        mag = abs(c)
        if not mono:
            body = str(mag)
        else:
            body = mono if mag == 1 else f"{mag} * {mono}"
        parts.append(("- " if c < 0 else "+ ") + body)
    text = " ".join(parts)
    return text[2:] if text.startswith("+ ") else "-" + text[2:]


def sos_hint_lists(f: dict, n: int, names: list[str], integral: bool = False,
                   seconds: float = 1.0) -> tuple[list[list[str]], bool]:
    """Hint lists `sq_nonneg (…)` whose squares, suitably weighted, may sum to `f`: the exact
    LDLᵀ squares alone when the rounded Gram matrix factors, else the rounded eigenvectors."""
    import numpy as np
    stop = time.monotonic() + seconds
    square, rest = _square_factor(f, n)
    if square is not None:   # f = h² · g: squares of g's squares times h
        h_text = _form_text(list(square.values()), list(square), names, integral)
        if rest is not None and h_text:
            if all(m == () for m in rest) and rest.get((), 0) > 0:
                return [[f"sq_nonneg ({h_text})"]], True
            inner, exact = sos_hint_lists(rest, n, names, integral, seconds / 2)
            if exact:
                return [[f"sq_nonneg (({h_text}) * {t[len('sq_nonneg '):]})" for t in inner[0]]], True
    out: list[list[str]] = []
    q = None
    for margin in (0.05, 1e-3):
        found = gram(f, n, max(0.05, (stop - time.monotonic()) / 2), margin)
        if found is None:
            return [], False
        basis, groups, q = found
        for den in (1, 2, 4, 12, 60, 360, 5040):
            r = _rounded(q, groups, f, n, den)
            ldl = _exact_ldl(r)
            if ldl is None:
                continue
            low, d = ldl
            hints = []
            for k in range(len(basis)):
                if d[k] > 0:
                    text = _form_text([low[i][k] for i in range(len(basis))], basis, names, integral)
                    if text:
                        hints.append(f"sq_nonneg ({text})")
            if hints:
                return [hints], True   # an exact decomposition: linarith needs nothing else
    w, v = np.linalg.eigh(q)
    eig = []
    for k in np.argsort(-w):
        if w[k] <= 1e-9:
            continue
        vec = v[:, k] / np.abs(v[:, k]).max()
        coeffs = [Fraction(float(c)).limit_denominator(12) for c in vec]
        text = _form_text(coeffs, basis, names, integral) if any(coeffs) else None
        if text:
            eig.append(f"sq_nonneg ({text})")
    if eig:
        out.append(eig[:12])
    return out, False
