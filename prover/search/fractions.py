"""Field identities whose denominators may vanish (Lean's `x / 0 = 0`): a case split on each
denominator factor, then a certificate in each case (untrusted proposer for `reconstruct_leaf`;
the kernel checks every line).

    by_cases hz : f = 0
    · have hd : d = 0 := by linear_combination (d / f) * hz     -- each denominator f divides
      rw [hd, hz]                                              -- the divisions become `/ 0`
      ring                                                     -- `ring` knows `0⁻¹ = 0`
    · have hf : f ≠ 0 := by intro hc; exact hz hc
      …                                                        -- the next factor, or:
      have hi : d * d⁻¹ = 1 := by exact mul_inv_cancel₀ hd       -- for each denominator d
      linear_combination c₁ * hi₁ + …                           -- ring with d⁻¹ as atoms

The cofactors `cᵢ` come from clearing one inverse atom `Y = d⁻¹` at a time (outermost first):
with `u = d * Y`, `k` the degree of `Y` in `P = Σ pₑ Yᵉ` and `Q = Σ pₑ dᵏ⁻ᵉ`,

    P = Yᵏ · Σ pₑ dᵏ⁻ᵉ (uᵉ - 1) + Yᵏ Q - (uᵏ - 1) P,    uᵐ - 1 = (u - 1)(1 + u + … + uᵐ⁻¹),

so `P - Yᵏ Q` is a combination of `u - 1` (the relation `hi`), and `Q` (free of `Y`) is
cleared of the remaining atoms the same way. When the last residue is not 0 the identity does
not hold where the denominators are nonzero: nothing is proposed. ℕ/ℤ division truncates and
is left alone.
"""

from __future__ import annotations

import time

from prover.checkers.kernel_checker import KernelChecker
from prover.state import Goal
from prover.syntax.ast import COMPLEX, PROP, RAT, REAL, Expr, free_vars
from prover.syntax.printer import show

FIELDS = (RAT, REAL, COMPLEX)
MAX_FACTORS = 3      # denominator factors split on (each split doubles nothing: one leaf per factor + 1)
MAX_DENOMINATORS = 5


def _denominators(e: Expr) -> list[Expr]:
    """The distinct non-constant denominators of `e`, innermost first."""
    out: list[Expr] = []
    for n in e.walk():
        if n.op == "div" and n.ty in FIELDS and free_vars(n.args[1]) and n.args[1] not in out:
            out.append(n.args[1])
    return out


def applies(goal: Goal) -> bool:
    """Cheap shape test: an equation over a field with a division by a non-constant."""
    t = goal.target
    return t.op == "eq" and t.value in FIELDS and bool(_denominators(t))


# -- the certificate: cofactors of the relations d * d⁻¹ = 1 --------------------------------

def inverse_cofactors(goal: Goal, dens: list[Expr]):
    """(cofactor text per denominator, in `dens` order) with target_lhs - target_rhs =
    Σ cᵢ (dᵢ * dᵢ⁻¹ - 1) as polynomials in the variables and the atoms dᵢ⁻¹; None when the
    residue is not 0 (or the goal is outside the polynomial fragment)."""
    import sympy

    from prover.decide.algebra import NotPolynomial, PolyTranslator
    from prover.search.finder_tools import _atomize, _poly_text
    tr = PolyTranslator()
    atoms: dict = {}
    at = lambda e: tr(_atomize(e, atoms, inverses=True))   # noqa: E731
    try:
        target = sympy.expand(at(goal.target.args[0]) - at(goal.target.args[1]))
        inv_syms, den_polys = [], []
        for d in dens:
            key = next((k for k, v in atoms.items() if v == f"({show(d)})⁻¹"), None)
            if key is None:
                at(Expr("div", (Expr("num", value=1, ty=d.ty), d), ty=d.ty))
                key = next(k for k, v in atoms.items() if v == f"({show(d)})⁻¹")
            inv_syms.append(tr.sym(key))
            den_polys.append(sympy.expand(at(d)))
    except (NotPolynomial, RecursionError, StopIteration):
        return None
    if any(k not in {str(s) for s in inv_syms} for k, v in atoms.items() if v.endswith("⁻¹")):
        return None   # an inverse the case split did not name (a numeral's, or inside an atom)
    # outermost first: an atom whose denominator mentions another atom is cleared before it
    order = list(range(len(dens)))
    order.sort(key=lambda i: -sum(1 for j in range(len(dens)) if j != i and inv_syms[j] in den_polys[i].free_symbols))
    cof = {i: sympy.Integer(0) for i in order}
    factor = sympy.Integer(1)   # the product Yᵏ of the atoms cleared so far
    p = target
    for i in order:
        y, d = inv_syms[i], den_polys[i]
        if y in d.free_symbols:
            return None
        poly = sympy.Poly(p, y)
        k = poly.degree()
        if k <= 0:
            continue
        u = d * y
        s = lambda m: sum((u ** j for j in range(m)), sympy.Integer(0))   # noqa: E731
        coeffs = {e[0]: c for e, c in zip(poly.monoms(), poly.coeffs())}
        c_y = y ** k * sum(c * d ** (k - e) * s(e) for e, c in coeffs.items()) - s(k) * p
        cof[i] += factor * c_y
        factor = factor * y ** k
        p = sympy.expand(sum(c * d ** (k - e) for e, c in coeffs.items()))
    if sympy.expand(p) != 0:
        return None
    texts = []
    for i in range(len(dens)):
        c = sympy.expand(cof[i])
        text = "0" if c == 0 else _poly_text(c)
        for key, lean in atoms.items():
            text = text.replace(key, f"({lean})")
        texts.append(text)
    return texts


# -- the case split -----------------------------------------------------------------------

def _factor_texts(dens: list[Expr]) -> list[tuple[str, list]]:
    """The irreducible factors over ℚ of the denominators (Lean text of each, with the
    multiplicity in each denominator), most frequent first."""
    import sympy

    from prover.decide.algebra import NotPolynomial, PolyTranslator
    from prover.search.finder_tools import _poly_text
    tr = PolyTranslator()
    found: dict = {}
    texts: dict = {}
    for i, d in enumerate(dens):
        if any(n.op == "div" for n in d.walk()):
            continue
        try:
            poly = sympy.expand(tr(d))
        except (NotPolynomial, RecursionError):
            continue
        _, factors = sympy.factor_list(poly)
        for f, m in factors:
            if not f.free_symbols:
                continue
            lead = sympy.Poly(f).LC()
            f = sympy.expand(f / lead)
            found.setdefault(f, []).append((i, m))
            if not sympy.cancel(poly / f).free_symbols:
                texts.setdefault(f, show(d))   # the denominator as written: `rw` and assumption find it
    ranked = sorted(found.items(), key=lambda kv: (-len(kv[1]), len(str(kv[0]))))
    return [(texts.get(f) or _poly_text(f), where) for f, where in ranked]


def _elaborate(goal: Goal, text: str) -> Expr | None:
    from prover.errors import ProverError
    from prover.syntax.elaborate import Elaborator
    from prover.syntax.parser import parse_term
    try:
        return Elaborator(goal.context).prop(parse_term(text))
    except (ProverError, RecursionError):
        return None


def _closed_by_combination(goal: Goal, parts: list[str], lines: list[str], checker: KernelChecker) -> list[str] | None:
    """`lines` then `linear_combination Σ parts` when the kernel closes `goal` with it, else None."""
    from prover.checkers.base import Closed
    final = "linear_combination " + (" + ".join(parts) if parts else "0")
    if not isinstance(checker.close(goal, final), Closed):
        return None
    return lines + [final]


def _zero_case(goal: Goal, hz: str, f_text: str, dens: list[Expr], checker: KernelChecker,
               finders) -> list[str] | None:
    """`f = 0`: `d = 0` for every denominator `d` that `f` divides (`linear_combination q * hz`),
    `d⁻¹ = 0` by `inv_eq_zero.mpr`, and the goal by `linear_combination` with those as the
    relations (ring's atoms `d⁻¹` set to 0)."""
    import sympy

    from prover.decide.algebra import NotPolynomial, PolyTranslator
    from prover.search.finder_tools import _poly_text
    tr = PolyTranslator()
    try:
        f = sympy.expand(tr(goal.hypothesis(hz).args[0]))
    except (NotPolynomial, RecursionError):
        return None
    lines: list[str] = []
    zero: list[tuple[Expr, str]] = []
    current = goal
    for d in dens:
        if any(n.op == "div" for n in d.walk()):
            continue
        if show(d) == f_text:
            zero.append((d, hz))
            continue
        try:
            q, r = sympy.div(sympy.expand(tr(d)), f, *sorted(f.free_symbols, key=str))
        except (NotPolynomial, RecursionError, sympy.PolynomialError):
            continue
        if r != 0 or q == 0:
            continue
        name = current.fresh_name("hden")
        q_text = _poly_text(sympy.expand(q)) if q.free_symbols else str(q)
        line = f"have {name} : {show(d)} = 0 := by linear_combination ({q_text}) * {hz}"
        nxt = finders._apply_line(current, line, checker)
        if nxt is None:
            continue
        lines.append(line)
        zero.append((d, name))
        current = nxt
    if not zero:
        return None
    texts = _vanishing_cofactors(current, [d for d, _ in zero])
    if texts is None:
        return None
    parts = []
    for (d, name), c in zip(zero, texts):
        hx = current.fresh_name("hx")
        line = f"have {hx} : ({show(d)})⁻¹ = 0 := by exact inv_eq_zero.mpr {name}"
        nxt = finders._apply_line(current, line, checker)
        if nxt is None:
            return None
        lines.append(line)
        current = nxt
        if c != "0":
            parts.append(f"({c}) * {hx}")
    return _closed_by_combination(current, parts, lines, checker)


def _vanishing_cofactors(goal: Goal, dens: list[Expr]) -> list[str] | None:
    """(cofactor text per denominator) with lhs - rhs = Σ cᵢ dᵢ⁻¹ as polynomials in the
    variables and the inverse atoms (the other atoms stay free); None when the part free of
    these atoms is not 0."""
    import sympy

    from prover.decide.algebra import NotPolynomial, PolyTranslator
    from prover.search.finder_tools import _atomize, _poly_text
    tr = PolyTranslator()
    atoms: dict = {}
    try:
        p = sympy.expand(tr(_atomize(goal.target.args[0], atoms, inverses=True))
                         - tr(_atomize(goal.target.args[1], atoms, inverses=True)))
    except (NotPolynomial, RecursionError):
        return None
    texts = []
    for d in dens:
        key = next((k for k, v in atoms.items() if v == f"({show(d)})⁻¹"), None)
        if key is None:
            texts.append("0")
            continue
        x = tr.sym(key)
        rest = sympy.expand(p.subs(x, 0))
        c = sympy.expand(sympy.cancel((p - rest) / x))
        p = rest
        text = "0" if c == 0 else _poly_text(c)
        for k, lean in atoms.items():
            text = text.replace(k, f"({lean})")
        texts.append(text)
    return texts if p == 0 else None


def _cases(goal: Goal, factors: list[tuple[str, list]], dens: list[Expr], nonzero: list[str],
           checker: KernelChecker, finders, deadline: float) -> list[str] | None:
    """Split on the first factor; close the zero case; recurse in the nonzero case; with no
    factor left, prove each denominator nonzero and give the cofactor certificate."""
    from prover.checkers.base import Subgoals
    if time.monotonic() >= deadline:
        return None
    if not factors:
        return _nonzero_certificate(goal, dens, checker, finders, deadline)
    f_text, _ = factors[0]
    ne = _elaborate(goal, f"{f_text} ≠ 0")
    if ne is None:
        return None
    from prover.kernel.positivity import prove as positivity
    from prover.kernel.terms import alpha_equal
    if any(alpha_equal(h, ne) for _, h in goal.hypotheses) or positivity(goal.with_target(ne)) is not None:
        return _cases(goal, factors[1:], dens, nonzero, checker, finders, deadline)
    hz = goal.fresh_name("hz")
    split = checker.apply(goal, f"by_cases {hz} : {f_text} = 0")
    if not isinstance(split, Subgoals) or len(split.goals) != 2:
        return None
    zero, other = split.goals
    zero_lines = _zero_case(zero, hz, f_text, dens, checker, finders)
    if zero_lines is None:
        return None
    hf = other.fresh_name("hf")
    block = [f"have {hf} : {f_text} ≠ 0 := by", "  intro hc", f"  exact {hz} hc"]
    richer = finders._apply_line(other, "\n".join(block), checker)
    if richer is None:
        return None
    rest = _cases(richer, factors[1:], dens, nonzero + [hf], checker, finders, deadline)
    if rest is None:
        return None
    script = [f"by_cases {hz} : {f_text} = 0", "· " + zero_lines[0]] + ["  " + x for x in zero_lines[1:]]
    script += ["· " + block[0]] + ["  " + x for x in block[1:] + rest]
    return script


def _nonzero_certificate(goal: Goal, dens: list[Expr], checker: KernelChecker, finders,
                         deadline: float) -> list[str] | None:
    """Every denominator nonzero: `field_simp <;> ring` when the kernel's field_simp clears
    them; else `d ≠ 0` for each (a hypothesis, positivity on its factored form), the relations
    `d * d⁻¹ = 1` and the cofactor certificate."""
    from prover.checkers.base import Closed
    if isinstance(checker.close(goal, "field_simp <;> ring"), Closed):
        return ["field_simp <;> ring"]
    from prover.decide.limits import TIMED_OUT, run_with_limit
    texts = run_with_limit(inverse_cofactors, (goal, dens), seconds=min(2.0, max(deadline - time.monotonic(), 0.1)))
    if texts is TIMED_OUT or texts is None:
        return None
    lines: list[str] = []
    current = goal
    parts = []
    for d, c in zip(dens, texts):
        hd, more, current = _nonzero_fact(current, d, checker, finders, deadline)
        if hd is None:
            return None
        lines += more
        hi = current.fresh_name("hinv")
        line = f"have {hi} : ({show(d)}) * ({show(d)})⁻¹ = 1 := by exact mul_inv_cancel₀ {hd}"
        nxt = finders._apply_line(current, line, checker)
        if nxt is None:
            return None
        lines.append(line)
        current = nxt
        if c != "0":
            parts.append(f"({c}) * {hi}")
    return _closed_by_combination(current, parts, lines, checker)


def _nonzero_fact(goal: Goal, d: Expr, checker: KernelChecker, finders, deadline: float):
    """(name of `d ≠ 0`, lines, goal with it): a hypothesis, positivity (which reads the `≠ 0`
    hypotheses of the factors), or `rw` to its factored form and positivity."""
    from prover.kernel.terms import alpha_equal
    ne = Expr("ne", (d, Expr("num", value=0, ty=d.ty)), value=d.ty, ty=PROP)
    for n, h in goal.hypotheses:
        if alpha_equal(h, ne) and "✝" not in n:
            return n, [], goal
    name = goal.fresh_name("hdne")
    head = f"have {name} : {show(ne)} := by"
    if d.ty != COMPLEX:   # positivity needs an order
        richer = finders._apply_line(goal, f"{head} positivity", checker)
        if richer is not None:
            return name, [f"{head} positivity"], richer
        factored = _factored_text(goal, d)
        if factored and factored != show(d):
            block = [head, f"  have he : {show(d)} = {factored} := by ring", "  rw [he]", "  positivity"]
            richer = finders._apply_line(goal, "\n".join(block), checker)
            if richer is not None:
                return name, block, richer
    else:   # ℂ: `mul_ne_zero` on two factors with `≠ 0` hypotheses
        factored = _factored_text(goal, d)
        pieces = factored.split(" * ") if factored else []
        names = []
        for piece in pieces:
            prop = _elaborate(goal, f"{piece} ≠ 0")
            names.append(next((n for n, h in goal.hypotheses if prop is not None and alpha_equal(h, prop)
                               and "✝" not in n), None))
        if len(pieces) == 2 and all(names):
            block = [head, f"  have he : {show(d)} = {factored} := by ring", "  rw [he]",
                     f"  exact mul_ne_zero {names[0]} {names[1]}"]
            richer = finders._apply_line(goal, "\n".join(block), checker)
            if richer is not None:
                return name, block, richer
    hd, more, richer = finders._nonzero(goal, d, checker, deadline)
    return hd, more, richer


def _factored_text(goal: Goal, d: Expr) -> str | None:
    """`d` as a product of its irreducible factors over ℚ, each written as the hypothesis
    `f ≠ 0` writes it when one does (positivity then reads that hypothesis)."""
    import sympy

    from prover.decide.algebra import NotPolynomial, PolyTranslator
    from prover.search.finder_tools import _poly_text
    tr = PolyTranslator()
    try:
        poly = sympy.expand(tr(d))
        known = [(sympy.expand(tr(h.args[0])), show(h.args[0])) for n, h in goal.hypotheses
                 if h.op == "ne" and h.value == d.ty and h.args[1].op == "num" and h.args[1].value == 0]
    except (NotPolynomial, RecursionError):
        return None
    c, factors = sympy.factor_list(poly)
    if len(factors) < 2 and all(m == 1 for _, m in factors):
        return None
    parts = []
    for f, m in factors:
        text = f"({_poly_text(f)})"
        for p, written in known:
            if p == f or p == -f:
                text = f"({written})"
                c = c * (1 if p == f else (-1) ** m)
                break
        parts.append(text if m == 1 else f"{text} ^ {m}")
    if c != 1:
        parts.insert(0, str(c) if c > 0 else f"({c})")
    return " * ".join(parts)


def _flatten_nested(goal: Goal, checker: KernelChecker, finders, deadline: float) -> tuple[list[str], Goal]:
    """A denominator with divisions inside (`1 / a ^ 3 - 1 / b ^ 3`) whose own denominators the
    context shows nonzero: `have hN : N = A / B := by field_simp <;> ring` (A / B from SymPy's
    `together`), `rw [hN, div_div_eq_mul_div]` (`x / (A / B) = x * B / A`, Mathlib's
    `div_div_eq_mul_div`, true at 0 too); the polynomial denominator `A` is then split on
    like any other."""
    from prover.checkers.base import Subgoals
    from prover.decide.limits import TIMED_OUT, run_with_limit
    lines: list[str] = []
    for _ in range(2):
        nested = [d for d in _denominators(goal.target) if any(n.op == "div" for n in d.walk())]
        if not nested or time.monotonic() >= deadline:
            break
        d = nested[0]
        zero = Expr("num", value=0, ty=d.ty)
        found = run_with_limit(finders._cleared_fraction, (goal.with_target(Expr("eq", (d, zero), value=d.ty, ty=PROP)),),
                               seconds=min(1.0, max(deadline - time.monotonic(), 0.1)))
        if found is TIMED_OUT or found is None:
            break
        n_text, d_text = found
        name = goal.fresh_name("hnest")
        have = f"have {name} : {show(d)} = ({n_text}) / ({d_text}) := by\n  field_simp <;> ring"
        richer = finders._apply_line(goal, have, checker)
        if richer is None:
            break
        r = checker.apply(richer, f"rw [{name}, div_div_eq_mul_div]")
        if not isinstance(r, Subgoals) or len(r.goals) != 1:
            break
        lines += have.split("\n") + [f"rw [{name}, div_div_eq_mul_div]"]
        goal = r.goals[0]
    return lines, goal


def denominator_cases_leaf(goal: Goal, checker: KernelChecker, deadline: float, finders) -> list[str] | None:
    """A checked script for a field equation with non-constant denominators (see the module
    docstring), or None. `finders` is `prover.search.reconstruct`."""
    if not applies(goal) or time.monotonic() >= deadline:
        return None
    dens = _denominators(goal.target)
    if len(dens) > MAX_DENOMINATORS:
        return None
    deadline = min(deadline, time.monotonic() + 4.0)
    original = goal
    try:
        split, goal = finders._split_nonzero_conjunctions(goal, checker)
        flat, goal = _flatten_nested(goal, checker, finders, deadline)
        split += flat
        dens = _denominators(goal.target)
        if len(dens) > MAX_DENOMINATORS or any(any(n.op == "div" for n in d.walk()) for d in dens):
            return None
        factors = _factor_texts(dens)
        if len(factors) > MAX_FACTORS:
            return None
        lines = _cases(goal, factors, dens, [], checker, finders, deadline)
    except Exception:   # an untrusted finder that fails on its input proposes nothing
        return None
    if not lines:
        return None
    from prover.checkers.kernel_checker import certify
    script = split + lines
    return script if certify(original, "\n".join(script), checker=checker).ok else None


# -- comparisons the oracle left undecided: the kernel's own closers --------------------------

DIRECT_TACTICS = ("positivity", "nlinarith")
DIRECT_S = 1.5   # per goal, shared by the tactics (each first run in a child killed at its limit)
ROOT_DIRECT_S = 3.0   # at the root (the theorem itself), where nothing else has been tried yet


def kernel_direct(goal: Goal, checker: KernelChecker, deadline: float, seconds: float = DIRECT_S) -> str | None:
    """A comparison the decision procedures did not decide (Z3's nonlinear arithmetic gave up):
    `positivity` or bare `nlinarith` as the kernel models them (Mathlib's syntactic rules; the
    degree-2 products and a Positivstellensatz certificate checked by exact arithmetic) may
    still close it. No oracle is needed: the kernel's step is the proof. Each tactic runs
    first in a child with a hard limit (a product-heavy nlinarith can take seconds), and only
    one that closed there is re-run here, where the kernel issues its step."""
    from prover.checkers.base import Closed
    t = goal.target
    if t.op not in ("le", "lt", "ge", "gt") or len(goal.hypotheses) > 12:
        return None
    from prover.search.finder_tools import child_check, warm
    warm()   # the LP's imports in this process, once, not in each child's limit
    stop = min(deadline, time.monotonic() + seconds)
    for tactic in DIRECT_TACTICS:
        left = stop - time.monotonic()
        if left < 0.05:
            return None
        if not child_check(goal, tactic, checker, left):   # a refusal there is cached
            continue
        if isinstance(checker.close(goal, tactic), Closed):
            return tactic
    return None


# -- a sum of fractions of positive variables against a constant: one common denominator -------

def _summands(e: Expr) -> list[Expr]:
    return _summands(e.args[0]) + _summands(e.args[1]) if e.op == "add" else [e]


def _variables_of_sum(e: Expr) -> list[str] | None:
    parts = _summands(e)
    return [p.value for p in parts] if all(p.op == "var" for p in parts) else None


def _positive_variables(goal: Goal) -> set:
    out = set()
    for _, h in goal.hypotheses:
        if h.op in ("lt", "gt"):
            small, big = h.args if h.op == "lt" else (h.args[1], h.args[0])
            if small.op == "num" and small.value == 0 and big.op == "var":
                out.add(big.value)
    return out


def fraction_sum_leaf(goal: Goal, checker: KernelChecker, deadline: float, finders) -> list[str] | None:
    """`c < s` (or `s < c`, `≤`) with `s` a sum of fractions `nᵢ / Dᵢ`, each `nᵢ` and `Dᵢ` a sum
    of positive variables and `nᵢ` part of `Dᵢ` (`s` itself, or a variable with `hs : s = …`).
    With `T` the sum of all the variables of the denominators, each term is compared with a
    fraction over `T`: `nᵢ / T < nᵢ / Dᵢ` (a lower bound) or `nᵢ / Dᵢ < (nᵢ + eᵢ) / T` with
    `eᵢ = T - Dᵢ` (an upper bound), each as `have : A - B = N / (Dᵢ * T) := by field_simp <;>
    ring` and `have : 0 < N / (Dᵢ * T) := by positivity`; the bounds over `T` add up to a
    constant (`field_simp <;> ring`), and `linarith` concludes. Untrusted: the kernel checks."""
    t = goal.target
    if t.op not in ("lt", "le", "gt", "ge") or t.value not in (RAT, REAL) or time.monotonic() >= deadline:
        return None
    small, big = (t.args[1], t.args[0]) if t.op in ("gt", "ge") else t.args
    for side, other, lower in ((big, small, True), (small, big, False)):
        if free_vars(other):
            continue
        total = side
        if side.op == "var":
            total = next((h.args[1] for _, h in goal.hypotheses
                          if h.op == "eq" and h.args[0] == side and h.args[1].op == "add"), None)
            if total is None:
                continue
        terms = _summands(total)
        if len(terms) < 2 or any(x.op != "div" for x in terms):
            continue
        try:
            split, richer = finders._obtain_conjunctions(goal, checker, lambda n, h: True, 6)
            lines = _sum_bounds(richer, terms, lower, checker, finders)
        except Exception:   # an untrusted finder that fails on its input proposes nothing
            lines = None
        if lines:
            from prover.checkers.kernel_checker import certify
            script = split + lines
            if certify(goal, "\n".join(script), checker=checker).ok:
                return script
    return None


def _sum_bounds(goal: Goal, terms: list[Expr], lower: bool, checker: KernelChecker, finders) -> list[str] | None:
    import sympy
    positive = _positive_variables(goal)
    parts = []
    atoms: list[str] = []
    for term in terms:
        n, d = _variables_of_sum(term.args[0]), _variables_of_sum(term.args[1])
        if n is None or d is None or not set(n) <= set(d) or len(set(d)) != len(d) or not set(d) <= positive:
            return None
        parts.append((term, n, d))
        atoms += [v for v in d if v not in atoms]
    total = " + ".join(atoms)
    lines: list[str] = []
    bounds = []
    current = goal
    sym = {v: sympy.Symbol(v) for v in atoms}
    value = sympy.Integer(0)
    for term, n, d in parts:
        missing = [v for v in atoms if v not in d]
        rest = [v for v in d if v not in n]
        n_text = " + ".join(n)
        if not missing:
            bounds.append(show(term))
            value += sum(sym[v] for v in n) / sum(sym[v] for v in d)
            continue
        e_text = " + ".join(missing)
        if lower:
            bound = f"({n_text}) / ({total})"
            diff = f"{show(term)} - {bound}"
            quotient = f"({n_text}) * ({e_text}) / (({' + '.join(d)}) * ({total}))"
            value += sum(sym[v] for v in n) / sum(sym[v] for v in atoms)
        else:
            if not rest:
                return None
            bound = f"({n_text} + {e_text}) / ({total})"
            diff = f"{bound} - {show(term)}"
            quotient = f"({e_text}) * ({' + '.join(rest)}) / (({total}) * ({' + '.join(d)}))"
            value += (sum(sym[v] for v in n) + sum(sym[v] for v in missing)) / sum(sym[v] for v in atoms)
        key, pos = current.fresh_name("hkey"), current.fresh_name("hpos")
        for line in (f"have {key} : {diff} = {quotient} := by\n  field_simp <;> ring",
                     f"have {pos} : 0 < {quotient} := by positivity"):
            nxt = finders._apply_line(current, line, checker)
            if nxt is None:
                return None
            lines += line.split("\n")
            current = nxt
        bounds.append(bound)
    value = sympy.simplify(value)
    if not value.is_Rational:
        return None
    name = current.fresh_name("hsum")
    v_text = str(value.p) if value.q == 1 else f"{value.p} / {value.q}"
    line = f"have {name} : {' + '.join(bounds)} = {v_text} := by\n  field_simp <;> ring"
    nxt = finders._apply_line(current, line, checker)
    if nxt is None:
        return None
    lines += line.split("\n")
    from prover.checkers.base import Closed
    if not isinstance(checker.close(nxt, "linarith"), Closed):
        return None
    return lines + ["linarith"]


# -- `P ∨ ¬P` (`a ≠ b ∨ a = b`): by_cases -------------------------------------------------

def excluded_middle_leaf(goal: Goal, checker: KernelChecker) -> list[str] | None:
    """`a ≠ b ∨ a = b`, `P ∨ ¬P` (either order): `by_cases h : P`, then `left`/`right` and
    `exact h`, or `intro hc; exact h hc` for `≠` (`Ne a b` unfolds to `a = b → False`). No
    arithmetic: the statement is a tautology whatever `P` says (Lean's `by_cases` uses
    `Classical.em` / `Decidable.em`)."""
    from prover.kernel.terms import alpha_equal
    t = goal.target
    if t.op != "or" or len(t.args) != 2:
        return None
    a, b = t.args

    def negation(n: Expr, p: Expr) -> str | None:   # how `n` is `¬p`: "not" or "ne"
        if n.op == "not" and alpha_equal(n.args[0], p):
            return "not"
        if n.op == "ne" and p.op == "eq" and alpha_equal(Expr("eq", n.args, value=n.value, ty=PROP), p):
            return "ne"
        return None

    for pos, neg, pos_side in ((b, a, "right"), (a, b, "left")):
        how = negation(neg, pos)
        if how is None:
            continue
        neg_side = "left" if pos_side == "right" else "right"
        h = goal.fresh_name("hem")
        tail = [f"  exact {h}"] if how == "not" else ["  intro hc", f"  exact {h} hc"]
        script = [f"by_cases {h} : {show(pos)}", f"· {pos_side}", f"  exact {h}", f"· {neg_side}"] + tail
        from prover.checkers.kernel_checker import certify
        if certify(goal, "\n".join(script), checker=checker).ok:
            return script
    return None


# -- ℕ: `a * b / a = b` (truncating division, exact on a multiple) ---------------------------

def nat_cancel_leaf(goal: Goal, checker: KernelChecker) -> list[str] | None:
    """`a * b / a = b` (or `a * b / b = a`) over ℕ: `have hpos : 0 < a := by positivity` (or
    omega), then `exact Nat.mul_div_cancel_left b hpos` (`Nat.mul_div_cancel a hpos`)."""
    from prover.checkers.base import Closed
    from prover.kernel.terms import alpha_equal
    from prover.syntax.ast import NAT
    t = goal.target
    if t.op != "eq" or t.value != NAT:
        return None
    lhs, rhs = t.args
    if lhs.op != "div" or lhs.args[0].op != "mul":
        return None
    (x, y), d = lhs.args[0].args, lhs.args[1]
    for divisor, other, lemma in ((x, y, "Nat.mul_div_cancel_left"), (y, x, "Nat.mul_div_cancel")):
        if not (alpha_equal(divisor, d) and alpha_equal(other, rhs)):
            continue
        hpos = goal.fresh_name("hpos")
        for tactic in ("positivity", "omega"):
            line = f"have {hpos} : 0 < {show(d)} := by {tactic}"
            r = checker.apply(goal, line)
            if not hasattr(r, "goals") or len(r.goals) != 1:
                continue
            final = f"exact {lemma} ({show(other)}) {hpos}"
            if isinstance(checker.close(r.goals[0], final), Closed):
                return [line, final]
    return None
