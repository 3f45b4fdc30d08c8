"""`linear_combination` cofactors after eliminating definitional equations (untrusted).

The cofactor finder (`reconstruct._solve_cofactors`) divides the goal's polynomial by the
hypotheses' or solves for cofactors of degree ≤ 2 in all of the goal's atoms. Hypotheses such as
`u 0 = a * r ^ 0`, `u 1 = a * r ^ 1`, `u 1 = 2` add one atom each and make the cofactors of the
rest (`a * r = 2`, `a * r ^ 3 = 6`, `√3 ^ 2 = 3` ⊢ `u 0 ^ 2 - 4 / 9 * √3 ^ 2 = 0`) too large for
that search. Here each hypothesis polynomial of degree 1 in an atom `v` with a numeric
coefficient is used to substitute `v` away (Gaussian elimination on such atoms), the remaining
ideal problem is solved with cofactors of degree ≤ 4 in the fewer atoms left, and the cofactors
are lifted back to the original hypotheses. Nothing here is trusted: the kernel re-checks the
`linear_combination` by `ring1`.
"""

from __future__ import annotations

MAX_UNKNOWNS = 150   # cofactor coefficients of the reduced linear system
MAX_DEGREE = 4


def _linear_atom(g, symbols):
    """(v, c) with g = c * v + rest, c a nonzero number, rest free of v; else None."""
    import sympy
    for v in symbols:
        p = sympy.Poly(g, v)
        if p.degree() == 1:
            c = p.coeff_monomial(v)
            if c.is_number and c != 0:
                return v, c
    return None


def _divide_exact(p, g, v, c, symbols):
    """(q, r): p = q * g + r with r = p at v := v's value from g = c * v + rest = 0."""
    import sympy
    r = sympy.expand(p.subs(v, -sympy.expand(g - c * v) / c))
    diff = sympy.expand(p - r)
    if diff == 0:
        return sympy.Integer(0), r
    order = [v] + [s for s in symbols if s != v]
    quotients, rem = sympy.reduced(diff, [g], *order, order="lex")
    if len(quotients) != 1 or sympy.expand(rem) != 0:
        raise ValueError("inexact elimination")
    return sympy.expand(quotients[0]), r


def _by_degree(target, gens, symbols):
    """Cofactors of degree ≤ MAX_DEGREE, at most MAX_UNKNOWNS unknowns, or None."""
    import sympy
    for degree in range(MAX_DEGREE + 1):
        monomials = sorted(sympy.itermonomials(symbols, degree), key=sympy.default_sort_key) if symbols else [1]
        if len(monomials) * len(gens) > MAX_UNKNOWNS:
            return None
        unknowns = [[sympy.Symbol(f"_e{i}_{j}") for j in range(len(monomials))] for i in range(len(gens))]
        combo = sum(sum(u * m for u, m in zip(us, monomials)) * g for us, g in zip(unknowns, gens))
        residual = sympy.Poly(sympy.expand(target - combo), *symbols) if symbols else sympy.Poly(target - combo)
        flat = [u for us in unknowns for u in us]
        solution = sympy.linsolve(residual.coeffs(), flat)
        if not solution:
            continue
        zero = {u: 0 for u in flat}
        values = [sympy.expand(v.xreplace(zero)) for v in next(iter(solution))]
        out, k = [], 0
        for us in unknowns:
            out.append(sympy.expand(sum(values[k + j] * m for j, m in enumerate(monomials))))
            k += len(us)
        return out
    return None


def eliminated_cofactors(target, gens, symbols, solve=None):
    """Cofactors c with target = Σ cᵢ gensᵢ (polynomial identity), found after eliminating the
    atoms that some generator defines linearly; None when none is found. `solve(t, g, s)` is
    tried on the reduced problem before the degree search."""
    import sympy
    n = len(gens)
    current = [(sympy.expand(g), [sympy.Integer(1) if j == i else sympy.Integer(0) for j in range(n)])
               for i, g in enumerate(gens)]
    t, lifted = sympy.expand(target), [sympy.Integer(0)] * n
    left = list(symbols)
    try:
        while True:
            pick = next(((k, found) for k, (g, _) in enumerate(current)
                         if (found := _linear_atom(g, left)) is not None), None)
            if pick is None:
                break
            k, (v, c) = pick
            g, m = current.pop(k)
            q, t = _divide_exact(t, g, v, c, left)
            lifted = [a + q * b for a, b in zip(lifted, m)]
            reduced = []
            for h, mh in current:
                qh, rh = _divide_exact(h, g, v, c, left)
                if rh != 0:
                    reduced.append((rh, [a - qh * b for a, b in zip(mh, m)]))
            current = reduced
            left = [s for s in left if s != v]
        if len(current) == n:
            return None   # nothing eliminated: the caller's own searches already failed on this problem
        if t == 0:
            return [sympy.expand(c) for c in lifted]
        # generators with an atom no other one and not the target has cannot help: dropped
        def used(s, skip):
            return s in t.free_symbols or any(s in h.free_symbols for i, (h, _) in enumerate(current) if i != skip)
        current = [(h, mh) for i, (h, mh) in enumerate(current) if all(used(s, i) for s in h.free_symbols)]
        if not current:
            return None
        left = sorted({s for h, _ in current for s in h.free_symbols} | t.free_symbols, key=str)
        hs = [h for h, _ in current]
        found = (solve(t, hs, left) if solve is not None else None) or _by_degree(t, hs, left)
    except (sympy.PolynomialError, ValueError, ZeroDivisionError, IndexError):
        return None
    if found is None:
        return None
    for c, (_, mh) in zip(found, current):
        lifted = [a + c * b for a, b in zip(lifted, mh)]
    return [sympy.expand(c) for c in lifted]
