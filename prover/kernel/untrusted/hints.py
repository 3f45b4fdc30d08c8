"""Hint terms for `nlinarith [..]` chosen by an LP over a pool of candidates (untrusted).

Mathlib users close polynomial inequalities with `nlinarith [t₁, …, tₖ]`, the tᵢ being
facts such as `sq_nonneg (a - b)`, `mul_pos ha hb` or
`mul_nonneg ha.le (sq_nonneg (a * c - b ^ 2))`: linarith then looks for a nonnegative
combination of the hypotheses, the terms, the negated goal and (nlinarith) their pairwise
products. This module proposes such lists (a Positivstellensatz certificate of degree 2 in
the terms, searched as linear programming, as Parrilo's SOS relaxations and Mathlib's own
linarith oracle do):

1. `candidate_pool(goal)`: hint texts, each a Mathlib lemma applied to the goal's atoms and
   hypotheses — squares of differences and sums of atoms, of atoms shifted by the goal's
   numerals, of differences of monomials; products of positive atoms; and, from the goal's
   polynomial, weighted squares `m · (u - v)²` for each pair of its monomials `m·u²`,
   `m·v²` (the AM-GM step), with `0 ≤ m` from the sign hypotheses.
2. `select_hints(goal, pool, nonlinear)`: the kernel's own preprocessing (`prover.kernel.
   linarith.runs`) on the hypotheses plus the whole pool, one floating LP (SciPy's HiGHS)
   for a Farkas combination, and the pool terms its support uses — at most `MAX_HINTS`.

Nothing here is trusted: the kernel rebuilds the smaller problem from the returned list and
checks its own certificate exactly (`prover.kernel.tactics`).
"""

from __future__ import annotations

import itertools
from fractions import Fraction

from prover.errors import ProverError
from prover.kernel import linarith as L
from prover.kernel import poly as P
from prover.kernel.lemmas import resolve
from prover.state import Goal
from prover.syntax.ast import INT, RAT, REAL, Expr
from prover.syntax.printer import show

MAX_HINTS = 12
MAX_POOL = 48
ORDERED = (INT, RAT, REAL)
_ARITH = ("add", "sub", "mul", "neg", "num")


def _lit(k: Fraction) -> str:
    return str(k.numerator) if k.denominator == 1 else f"({k.numerator} / {k.denominator})"


def _atom_terms(e: Expr, ty: str, out: list) -> None:
    """Maximal non-arithmetic subterms of type `ty` (variables, `Real.sqrt x`, `f 2`)."""
    if e.op in _ARITH or (e.op == "pow" and e.args[1].op == "num") or (e.op == "div" and not e.args[1].args
                                                                       and e.args[1].op == "num"):
        for a in e.args[:1] if e.op in ("pow", "div") else e.args:
            _atom_terms(a, ty, out)
        return
    if e.op in ("lt", "le", "gt", "ge", "eq", "ne", "and", "or", "not", "iff", "imp"):
        for a in e.args:
            _atom_terms(a, ty, out)
        return
    if e.ty == ty and e.op not in ("forall", "exists", "lambda") and e not in out:
        out.append(e)


def _text(e: Expr) -> str:
    s = show(e)
    return s if e.op in ("var", "num") or (s.startswith("(") and s.endswith(")")) else f"({s})"


def _sign_proofs(goal: Goal, ty: str) -> tuple[dict, dict]:
    """Atom text ↦ proof text of `0 < atom` (pos) / `0 ≤ atom` (nonneg)."""
    pos, nonneg = {}, {}
    for n, h in L.split_conjunctions(list(goal.hypotheses)):
        if "." in n:  # a conjunct: name it by projection
            continue
        if h.op in ("lt", "le") and h.value == ty and h.args[0].op == "num" and h.args[0].value == 0:
            side = h.args[1]
        elif h.op in ("gt", "ge") and h.value == ty and h.args[1].op == "num" and h.args[1].value == 0:
            side = h.args[0]
        else:
            continue
        key = show(side)
        if h.op in ("lt", "gt"):
            pos.setdefault(key, n)
            nonneg.setdefault(key, f"{n}.le")
        else:
            nonneg.setdefault(key, n)
    for n, h in goal.hypotheses:  # `h : 0 < a ∧ 0 < b`: h.1, h.2
        if h.op != "and":
            continue
        for part, proj in ((h.args[0], "1"), (h.args[1], "2")):
            if part.op in ("lt", "le") and part.value == ty and part.args[0].op == "num" and part.args[0].value == 0:
                key, strict = show(part.args[1]), part.op == "lt"
            elif part.op in ("gt", "ge") and part.value == ty and part.args[1].op == "num" and part.args[1].value == 0:
                key, strict = show(part.args[0]), part.op == "gt"
            else:
                continue
            if strict:
                pos.setdefault(key, f"{n}.{proj}")
                nonneg.setdefault(key, f"le_of_lt {n}.{proj}")
            else:
                nonneg.setdefault(key, f"{n}.{proj}")
    return pos, nonneg


def _nonneg_product(names: list[str], nonneg: dict) -> str | None:
    """Proof text of `0 ≤ a₁ * … * aₖ` from the atoms' sign proofs (`mul_nonneg`)."""
    proofs = [nonneg.get(a) for a in names]
    if not proofs or any(p is None for p in proofs):
        return None
    text = _paren(proofs[0])
    for p in proofs[1:]:
        text = f"(mul_nonneg {text} {_paren(p)})"
    return text


def _paren(t: str) -> str:
    return t if " " not in t or (t.startswith("(") and t.endswith(")")) else f"({t})"


def _mono_text(m: dict, names: list[str]) -> str:
    parts = [names[i] if k == 1 else f"{names[i]} ^ {k}" for i, k in sorted(m.items()) if k]
    return " * ".join(parts) if parts else "1"


def candidate_pool(goal: Goal) -> list[str]:
    """Hint texts worth offering to `nlinarith`, most useful first (see the module docstring)."""
    t = goal.target
    ty = t.value if t.op in ("lt", "le", "gt", "ge", "eq", "ne") and t.value in ORDERED else None
    if ty is None:
        for _, h in goal.hypotheses:
            if h.op in ("lt", "le", "gt", "ge", "eq") and h.value in ORDERED:
                ty = h.value
                break
    if ty is None:
        return []
    found: list[Expr] = []
    _atom_terms(t, ty, found)
    for _, h in goal.hypotheses:
        _atom_terms(h, ty, found)
    found = [a for a in found if a.op != "num"][:6]
    names = [_text(a) for a in found]
    pos, nonneg = _sign_proofs(goal, ty)
    out: list[str] = []
    # weighted squares from the goal's own monomials (AM-GM pairs), when the goal is polynomial
    out += _amgm_terms(goal, found, names, nonneg)
    pairs = list(itertools.combinations(names, 2))
    out += [f"sq_nonneg ({a} - {b})" for a, b in pairs]
    out += [f"sq_nonneg ({a} + {b})" for a, b in pairs]
    out += [f"mul_pos {pos[a]} {pos[b]}" for a, b in pairs if a in pos and b in pos]
    out += [f"mul_pos (mul_pos {pos[a]} {pos[b]}) {pos[c]}" for a, b, c in itertools.combinations(names, 3)
            if a in pos and b in pos and c in pos]
    nums = []
    for e in [t] + [h for _, h in goal.hypotheses]:
        for x in e.walk():
            if x.op == "num" and x.value and abs(x.value) <= 100 and Fraction(x.value) not in nums:
                nums.append(Fraction(x.value))
    shifts = sorted({abs(k) for k in nums} | {Fraction(1)})[:4]
    for a in names[:4]:
        for k in shifts:
            out += [f"sq_nonneg ({a} - {_lit(k)})", f"sq_nonneg ({a} + {_lit(k)})"]
    out[:0] = _completing_squares(goal, found, names)
    out += [f"sq_nonneg ({a} + {b} - {c})" for a, b, c in itertools.permutations(names[:3], 3) if a < b]
    out += [f"sq_nonneg {a}" for a in names]
    valid = []
    for h in dict.fromkeys(out):
        try:
            resolve(goal, h)
        except (ProverError, RecursionError, ValueError, ZeroDivisionError):
            continue
        valid.append(h)
        if len(valid) >= MAX_POOL:
            break
    return valid


def _completing_squares(goal: Goal, found: list[Expr], names: list[str]) -> list[str]:
    """`sq_nonneg (q * x - p)` for each atom x of a polynomial `c₂x² + c₁x + …` among the
    goal's sides and the hypotheses (x₀ = p / q = -c₁ / 2c₂, the vertex), integer
    coefficients only (so ℤ division never enters a hint)."""
    polys = []
    for e in [goal.target] + [h for _, h in goal.hypotheses]:
        c = L.comparison(e) if e.op != "ne" else (e.args[0], "eq", e.args[1], e.value)
        if c is not None and c[3] in ORDERED:
            polys.append(Expr("sub", (c[0], c[2]), ty=c[3]))
    out = []
    for e in polys:
        atoms = P.AtomTable()
        try:
            p = P.Normalizer(atoms, field_mode="linarith").poly(e)
        except (ProverError, RecursionError, ValueError, ZeroDivisionError):
            continue
        for i, entry in enumerate(atoms.atoms):
            key = entry[1] if isinstance(entry, tuple) and len(entry) == 2 else None
            j = next((j for j, a in enumerate(found) if key is not None and show(a) == show(key)), None)
            if j is None:
                continue
            c2, c1 = p.get(((i, 2),), 0), p.get(((i, 1),), 0)
            if not c2 or not c1:
                continue
            x0 = Fraction(-c1) / (2 * Fraction(c2))
            q, n = x0.denominator, x0.numerator
            lead = names[j] if q == 1 else f"{q} * {names[j]}"
            out.append(f"sq_nonneg ({lead} - {n})" if n > 0 else f"sq_nonneg ({lead} + {-n})")
    return out


def _amgm_terms(goal: Goal, found: list[Expr], names: list[str], nonneg: dict) -> list[str]:
    """`m · (u - v)²` for pairs of positive monomials `m·u²`, `m·v²` of the goal's
    polynomial `hi - lo` (m square-free, its atoms nonnegative by hypothesis)."""
    t = goal.target
    if t.op not in ("lt", "le", "gt", "ge"):
        return []
    lo, hi = (t.args[0], t.args[1]) if t.op in ("lt", "le") else (t.args[1], t.args[0])
    atoms = P.AtomTable()
    norm = P.Normalizer(atoms, field_mode="linarith")
    try:
        p = P.add(norm.poly(hi), norm.poly(lo), -1)
    except (ProverError, RecursionError, ValueError, ZeroDivisionError):
        return []
    # map the normalizer's atom indices to our atom list
    index = {}
    for i, entry in enumerate(atoms.atoms):
        key = entry[1] if isinstance(entry, tuple) and len(entry) == 2 else None
        match = next((j for j, a in enumerate(found) if key is not None and show(a) == show(key)), None)
        if match is None:
            return []
        index[i] = match
    monos, negative = [], []
    for m, c in p.items():
        if m != P.ONE:
            (monos if c > 0 else negative).append({index[i]: k for i, k in m})
    # a negative monomial N between positive ones P and N²/P (the AM-GM chain's middle terms)
    for pm, nm in itertools.product(list(monos), negative):
        keys = set(pm) | set(nm)
        q = {i: 2 * nm.get(i, 0) - pm.get(i, 0) for i in keys}
        if all(k >= 0 for k in q.values()) and q not in monos and len(monos) < 16:
            monos.append(q)
    out = []
    for a, b in itertools.combinations(monos, 2):
        keys = set(a) | set(b)
        if any(a.get(i, 0) % 2 != b.get(i, 0) % 2 for i in keys):
            continue
        if sum(a.values()) != sum(b.values()):
            continue
        weight = sorted(i for i in keys if a.get(i, 0) % 2)
        u = {i: a.get(i, 0) // 2 for i in keys}
        v = {i: b.get(i, 0) // 2 for i in keys}
        # common factors of u and v go outside the square as well (m·w²·(u' - v')²)
        g = {i: min(u[i], v[i]) for i in keys}
        u2 = {i: u[i] - g[i] for i in keys}
        v2 = {i: v[i] - g[i] for i in keys}
        for uu, vv, extra in ((u, v, []), (u2, v2, [i for i in keys if g[i]])):
            square = f"sq_nonneg ({_mono_text(uu, names)} - {_mono_text(vv, names)})"
            w = weight + (extra if extra else [])
            w = sorted(set(w))
            if not w:
                out.append(square)
                continue
            proof = _nonneg_product([names[i] for i in w], nonneg)
            if proof is not None:
                out.append(f"mul_nonneg {proof} ({square})")
            elif not extra:
                out.append(square)
    return out


def _support_lp(problem: L.Problem, deadline_s: float) -> dict[int, float] | None:
    """A Farkas combination by HiGHS (floating; only its support is used)."""
    from prover.kernel.untrusted.farkas import _linprog
    return _linprog(problem, list(range(len(problem.facts))), time_limit=deadline_s, magnitudes=True)


def select_hints(goal: Goal, pool: list[str], nonlinear: bool, seconds: float = 2.0) -> list[str] | None:
    """The pool terms a Farkas combination uses (kernel preprocessing, HiGHS LP), at most
    `MAX_HINTS`, heaviest first; None when the LP finds no combination."""
    hints = []
    for h in pool:
        try:
            hints.append((h, resolve(goal, h)))
        except (ProverError, RecursionError, ValueError, ZeroDivisionError):
            continue
    props = dict(hints)
    own = [goal.target] + [h for _, h in goal.hypotheses]
    weight: dict[str, float] = {}
    for extra in L.negated_goals(goal.target):
        facts = L.preprocess(list(goal.hypotheses) + hints + extra)
        if nonlinear:
            facts = L.nlinarith_extras(facts)
        base = [f for f in facts if not f.origin.startswith("mul (")]
        needs = [_needs(f, props, own) for f in base]
        parts: list[tuple] = [(i,) for i in range(len(base))]
        for i, f in enumerate(base if nonlinear else []):
            for j in range(i, len(base)):
                if f.ty == base[j].ty:
                    parts.append((i, j))
        if len(parts) != len(facts):
            return None   # not the kernel's layout: propose nothing
        for problem in L.problems(facts):
            index = [k for k, f in enumerate(facts) if f.ty == problem.ty]
            found = _support_lp(problem, seconds)
            if found is None:
                continue
            for i, c in found.items():
                for b in parts[index[i]]:
                    for h in needs[b]:
                        weight[h] = weight.get(h, 0.0) + c
            break
        else:
            return None
    chosen = sorted(weight, key=lambda h: -weight[h])[:MAX_HINTS]
    return [h for h in pool if h in chosen]


def _needs(fact: L.Fact, props: dict, own: list) -> list[str]:
    """The pool terms a base fact comes from: itself, or for a square nlinarith found in a
    subterm (`sq_nonneg _`), the first pool term with that subterm (none when the goal or a
    hypothesis has it)."""
    if fact.origin in props:
        return [fact.origin]
    if fact.origin in ("sq_nonneg _", "mul_self_nonneg _"):
        sq = fact.lhs.args[1]
        if any(x == sq for e in own for x in e.walk()):
            return []
        for h, prop in props.items():
            if any(x == sq for x in prop.walk()):
                return [h]
    return []
