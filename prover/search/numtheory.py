"""Checked scripts for number-theory goals: divisibility, congruences, parity, gcd bounds
(untrusted proposers for `reconstruct_leaf`; every script is certified by the kernel checker).

- `d ∣ e` over ℕ/ℤ: a witness `q` with `e = d * q` (SymPy's exact division of `e` by `d`,
  after reducing `e` modulo a Gröbner basis of the hypothesis equations), written
  `refine ⟨q, ?_⟩` (`∣` unfolds to `∃ c, e = d * c`) and closed by `ring`,
  `linear_combination` (the cofactor finder's), `linarith` or `omega`. `∃`/`∣` hypotheses are
  taken apart by `obtain` first.
- `x % m = y % m` over ℤ: `have hd : m ∣ y - x` by the same witness, then
  `exact Int.modEq_iff_dvd.mpr hd` (`Int.ModEq m x y` is by definition `x % m = y % m`).
- `Even t` / `Odd t` over ℕ/ℤ: hypotheses `Even s`/`Odd s` restated as `s % 2 = r` by
  `Nat.even_iff.mp h` (`Nat.odd_iff`, `Int.even_iff`, `Int.odd_iff`), the goal's `t % 2 = r`
  proved by the leaf finders, then `exact Nat.odd_iff.mpr hg`.
- `Nat.gcd a b ≤ c` with `u * a - v * b = k` for literals u, v, k > 0: `Nat.gcd_dvd_left`,
  `Nat.gcd_dvd_right`, `Nat.dvd_mul_left_of_dvd`, `Nat.dvd_sub'`, then `Nat.le_of_dvd` with
  `0 < u * a - v * b` by omega, and omega (the difference is k ≤ c).
- an equation between `m * n` and `Nat.gcd m n * Nat.lcm m n`: `Nat.gcd_mul_lcm m n`.
- two distinct primes `v`, `w` whose casts are roots of one quadratic `x ^ 2 - s x + c`: Vieta's
  `v + w = s`, then `v * w` by `interval_cases v` (primality by `norm_num at`).
- `∑ i ∈ range N, i = Nat.choose N 2`: induction, `Nat.choose_two_right`, `Nat.triangle_succ`, omega.

Each lemma is a Mathlib declaration with its statement in `prover.kernel.lemmas.SIGNATURES`.
Every finder checks the goal's shape first and declines at once otherwise.
"""

from __future__ import annotations

import time

from prover.checkers.base import Subgoals
from prover.checkers.kernel_checker import KernelChecker, certify
from prover.state import Goal
from prover.syntax.ast import INT, NAT, PROP, Expr, free_vars
from prover.syntax.printer import show

INTEGRAL = (NAT, INT)
MAX_HYPOTHESES = 6       # hypothesis equations fed to the Gröbner reduction
WITNESS_S = 1.5          # hard limit of the SymPy witness computation
PARITY_LEMMAS = {(NAT, "Even"): ("Nat.even_iff", 0), (NAT, "Odd"): ("Nat.odd_iff", 1),
                 (INT, "Even"): ("Int.even_iff", 0), (INT, "Odd"): ("Int.odd_iff", 1)}


def _parity(p: Expr) -> bool:
    return p.op == "pred" and p.value in ("Even", "Odd") and len(p.args) == 1 and p.args[0].ty in INTEGRAL


def _gcd_call(e: Expr) -> bool:
    return e.op == "call" and e.value == "Nat.gcd" and len(e.args) == 2


def _kind(goal: Goal) -> str | None:
    """The finder for the goal's shape (a cheap syntactic test), or None."""
    t = goal.target
    if any("✝" in n for n, _ in goal.variables):
        return None
    if _prime_pair(goal) is not None:
        return "prime_roots"
    if t.op == "dvd" and t.value in INTEGRAL:
        return None if _gcd_call(t.args[0]) else "dvd"
    if t.op == "le" and t.value == NAT and _gcd_call(t.args[0]):
        return "gcd"
    if t.op == "eq" and t.value in INTEGRAL and all(a.op == "mod" for a in t.args) \
            and t.args[0].args[1] == t.args[1].args[1]:
        return "modeq"
    if _parity(t) or any(_parity(h) for _, h in goal.hypotheses):
        return "parity"
    if t.op == "eq" and t.value == NAT and any(x.op == "call" and x.value == "Nat.lcm" for x in t.walk()):
        return "gcd_lcm"
    if _gauss_shape(t):
        return "gauss"
    return None


def numtheory_leaf(goal: Goal, checker: KernelChecker, deadline: float, finders, method: str = "",
                   depth: int = 0) -> list[str] | None:
    """A certified script for a number-theory goal (see the module docstring), or None.
    `finders` is `prover.search.reconstruct` (passed in to avoid an import cycle)."""
    kind = _kind(goal)
    if kind is None or time.monotonic() >= deadline:
        return None
    build = {"dvd": _dvd_script, "modeq": _modeq_script, "parity": _parity_script,
             "gcd": _gcd_script, "gcd_lcm": _gcd_lcm_script,
             "prime_roots": _prime_roots_script, "gauss": _gauss_script}[kind]
    try:
        script = build(goal, checker, deadline, finders, method, depth)
    except Exception:   # noqa: BLE001 - an untrusted finder that fails on its input proposes nothing
        return None
    if script and certify(goal, "\n".join(script), KernelChecker(cache=checker.cache)).ok:
        return script
    return None


# -- witnesses for `d ∣ e` ----------------------------------------------------------------

def _to_poly(e: Expr, symbols: dict):
    """An ℕ/ℤ polynomial term as a SymPy expression (`prover.decide.divisibility.integral_poly`)."""
    from prover.decide.divisibility import integral_poly
    return integral_poly(e, symbols)


def _equations(goal: Goal, ty, symbols: dict) -> list:
    """The hypothesis equations over `ty` that are polynomial, as `lhs - rhs`."""
    out = []
    for _, h in goal.hypotheses:
        if h.op == "eq" and h.value == ty:
            try:
                out.append(_to_poly(h.args[0], symbols) - _to_poly(h.args[1], symbols))
            except ValueError:
                continue
    return out[:MAX_HYPOTHESES]


def _quotient(e, d, hyps: list, names: list[str], ty=INT):
    """`q` with `e - d * q` in the ideal of `hyps` (exact division, else after reducing `e`
    modulo a lex Gröbner basis whose first variables are those of `e` not in `d`); None when
    neither division is exact with integer coefficients."""
    import sympy

    from prover.decide.divisibility import exact_quotient
    gens = [sympy.Symbol(n) for n in names]
    q = exact_quotient(e, d, gens, ty)
    if q is not None or not hyps or not gens:
        return q
    first = [g for g in gens if g in e.free_symbols and g not in d.free_symbols]
    order = first + [g for g in gens if g not in first]
    basis = sympy.groebner([sympy.expand(h) for h in hyps], *order, order="lex")
    _, reduced = basis.reduce(sympy.expand(e))
    return exact_quotient(reduced, d, order, ty)


def _witness(goal: Goal, e: Expr, d: Expr, ty, finders) -> str | None:
    """The text of an ℕ/ℤ polynomial `q` with `e = d * q` modulo the hypotheses (integer
    coefficients, nonnegative over ℕ), or None."""
    import sympy

    from prover.decide.limits import TIMED_OUT, run_with_limit
    symbols: dict = {}
    try:
        pe, pd = _to_poly(e, symbols), _to_poly(d, symbols)
    except ValueError:
        return None
    if sympy.expand(pd) == 0:
        return None
    hyps = _equations(goal, ty, symbols)
    try:
        if hyps:   # a Gröbner basis may take long: in a child with a hard limit
            q = run_with_limit(_quotient, (pe, pd, hyps, sorted(symbols), ty), seconds=WITNESS_S)
        else:      # one exact division of small polynomials: in process
            q = _quotient(pe, pd, [], sorted(symbols), ty)
    except (RuntimeError, sympy.PolynomialError):
        return None
    if q is None or q is TIMED_OUT:
        return None
    return str(int(q)) if q.is_number else finders._poly_text(q)


def _obtain_parts(goal: Goal, checker: KernelChecker) -> tuple[list[str], Goal]:
    """`obtain ⟨k, hk⟩ := h` for each hypothesis `h : ∃ k, …` (one ℕ/ℤ binder) or `h : d ∣ n`."""
    from prover.search.witness import _divisibility_unfolded
    return _divisibility_unfolded(goal, checker, exists=True)


def _closers(goal: Goal, finders, deadline: float) -> list:
    return ["ring", lambda: finders.linear_combination_candidates(goal, deadline=deadline), "linarith", "omega",
            "nlinarith"]


def _witness_lines(goal: Goal, e: Expr, d: Expr, ty, checker: KernelChecker, deadline: float, finders) -> list[str] | None:
    """`refine ⟨q, ?_⟩` and the closer of `e = d * q`, for the goal `d ∣ e`."""
    q = _witness(goal, e, d, ty, finders)
    if q is None:
        return None
    line = f"refine ⟨{q}, ?_⟩"
    r = checker.apply(goal, line)
    if not (isinstance(r, Subgoals) and len(r.goals) == 1):
        return None
    found = finders._first_checked(r.goals[0], _closers(r.goals[0], finders, deadline), checker, deadline)
    return [line, found] if found else None


def _dvd_script(goal: Goal, checker, deadline, finders, method, depth) -> list[str] | None:
    pre, g = _obtain_parts(goal, checker)
    d, e = g.target.args
    rest = _witness_lines(g, e, d, g.target.value, checker, deadline, finders)
    return pre + rest if rest else None


# -- congruences `x % m = y % m` over ℤ ------------------------------------------------------

def _modeq_script(goal: Goal, checker, deadline, finders, method, depth) -> list[str] | None:
    """`have hd : m ∣ y - x` by a witness, then `exact Int.modEq_iff_dvd.mpr hd`
    (`Int.modEq_iff_dvd {n a b : ℤ} : a ≡ b [ZMOD n] ↔ n ∣ b - a`)."""
    combined = _congruence_combination(goal, checker)
    if combined or goal.target.value != INT:
        return combined
    pre, g = _obtain_parts(goal, checker)
    (x, m), (y, _) = (a.args for a in g.target.args)
    diff = Expr("sub", (y, x), ty=INT)
    hd = g.fresh_name("hd")
    statement = f"({show(m)} : ℤ) ∣ ({show(y)} : ℤ) - ({show(x)})"
    side = g.with_target(Expr("dvd", (m, diff), value=INT, ty=PROP))
    inner = _witness_lines(side, diff, m, INT, checker, deadline, finders)
    if not inner:
        return None
    return pre + [f"have {hd} : {statement} := by"] + [f"  {x}" for x in inner] + \
        [f"exact Int.modEq_iff_dvd.mpr {hd}"]


def _congruence_combination(goal: Goal, checker: KernelChecker) -> list[str] | None:
    """`have h := Int.ModEq.add h₁ h₂` (`.mul`; `Nat.ModEq.*` over ℕ) for two congruence
    hypotheses of the goal's modulus, when its statement is the goal: `exact h`."""
    from prover.kernel.omega import from_modeq
    from prover.kernel.terms import alpha_equal
    t = goal.target
    ns = "Int.ModEq" if t.value == INT else "Nat.ModEq"
    m = t.args[0].args[1]
    congruences = [n for n, h in goal.hypotheses if "✝" not in n and from_modeq(h) and h.value == t.value
                   and alpha_equal(h.args[0].args[1], m)][:4]
    name = goal.fresh_name("hcong")
    for a in congruences:
        for b in congruences:
            for op in ("add", "mul"):
                line = f"have {name} := {ns}.{op} {a} {b}"
                r = checker.apply(goal, line)
                if isinstance(r, Subgoals) and len(r.goals) == 1 \
                        and alpha_equal(r.goals[0].hypothesis(name), t):
                    return [line, f"exact {name}"]
    return None


# -- parity ---------------------------------------------------------------------------------

def _parity_script(goal: Goal, checker, deadline, finders, method, depth) -> list[str] | None:
    """Parity facts as remainders: `have hp := Nat.even_iff.mp h` for each hypothesis, and
    the goal by `exact Nat.odd_iff.mpr hg` with `hg : t % 2 = 1` from the leaf finders."""
    lines, g = [], goal
    for name, h in goal.hypotheses:
        if not _parity(h) or "✝" in name:
            continue
        lemma, _ = PARITY_LEMMAS[(h.args[0].ty, h.value)]
        line = f"have {g.fresh_name('hpar')} := {lemma}.mp {name}"
        r = checker.apply(g, line)
        if not (isinstance(r, Subgoals) and len(r.goals) == 1):
            return None
        lines.append(line)
        g = r.goals[0]
    t = g.target

    def without_parity(x: Goal) -> Goal:
        # the leaf finders see the remainders only (no parity to convert again); what they
        # find is certified on the whole goal by `numtheory_leaf`
        return Goal(x.variables, tuple((n, h) for n, h in x.hypotheses if not _parity(h)), x.target)

    share = time.monotonic() + (deadline - time.monotonic()) / 2   # the finders after this one keep half
    if not _parity(t):
        if not lines:
            return None
        leaf = finders.reconstruct_leaf(without_parity(g), "", method or "z3", share, checker, depth + 1)
        return None if leaf.missing else lines + leaf.lines
    term = t.args[0]
    lemma, r = PARITY_LEMMAS[(term.ty, t.value)]
    if not free_vars(term):
        return None   # closed: decide evaluates it
    hg = g.fresh_name("hg")
    statement = f"({show(term)}) % 2 = {r}"
    from prover.syntax.elaborate import Elaborator
    from prover.syntax.parser import parse_term
    prop = Elaborator(g.context).prop(parse_term(statement))
    sub = g.with_target(prop)
    found = finders._first_checked(sub, ["omega"], checker, deadline)
    body = [found] if found else None
    if body is None:
        leaf = finders.reconstruct_leaf(without_parity(sub), "", method or "z3", share, checker, depth + 1)
        body = None if leaf.missing else leaf.lines
    if not body:
        return None
    return lines + [f"have {hg} : {statement} := by"] + [f"  {x}" for x in body] + [f"exact {lemma}.mpr {hg}"]


# -- gcd of two linear forms ------------------------------------------------------------------

def _combination(a, b):
    """(u, v, k) with u * a - v * b = k, u, v > 0 and k > 0 integers (a, b SymPy linear
    polynomials in one variable with positive leading coefficients), or None."""
    import sympy
    syms = sorted(a.free_symbols | b.free_symbols, key=str)
    if len(syms) != 1:
        return None
    x = syms[0]
    pa, pb = sympy.Poly(a, x), sympy.Poly(b, x)
    if pa.degree() != 1 or pb.degree() != 1:
        return None
    (a1, a0), (b1, b0) = pa.all_coeffs(), pb.all_coeffs()
    g = sympy.gcd(a1, b1)
    u, v = b1 // g, a1 // g
    k = u * a0 - v * b0
    if k > 0:
        return int(u), int(v), int(k), False
    if k < 0:
        return int(v), int(u), int(-k), True
    return None


def _gcd_script(goal: Goal, checker, deadline, finders, method, depth) -> list[str] | None:
    """`Nat.gcd a b ≤ c` from `gcd ∣ u * a - v * b`, `Nat.le_of_dvd`, and omega (the difference is k ≤ c)."""
    t = goal.target
    gcd = t.args[0]
    a, b = gcd.args
    symbols: dict = {}
    try:
        pa, pb = _to_poly(a, symbols), _to_poly(b, symbols)
    except ValueError:
        return None
    found = _combination(pa, pb)
    if found is None:
        return None
    u, v, _k, swapped = found
    first, second = ("h2", "h1") if swapped else ("h1", "h2")
    x, y = (b, a) if swapped else (a, b)
    h1, h2, h3, h4 = (goal.fresh_name(n) for n in ("hgcd1", "hgcd2", "hgcd3", "hgcd4"))
    names = {"h1": h1, "h2": h2}
    g_text, a_text, b_text = show(gcd), show(a), show(b)
    diff = f"{u} * ({show(x)}) - {v} * ({show(y)})"
    lines = [f"have {h1} : {g_text} ∣ {a_text} := by exact Nat.gcd_dvd_left ({a_text}) ({b_text})",
             f"have {h2} : {g_text} ∣ {b_text} := by exact Nat.gcd_dvd_right ({a_text}) ({b_text})",
             (f"have {h3} : {g_text} ∣ {diff} := by exact Nat.dvd_sub' (Nat.dvd_mul_left_of_dvd {names[first]} {u}) "
              f"(Nat.dvd_mul_left_of_dvd {names[second]} {v})"),
             # `gcd ≤ u * a - v * b` (no rewriting of the difference: omega evaluates it to k)
             f"have {h4} := Nat.le_of_dvd (by omega : 0 < {diff}) {h3}",
             "omega"]
    return lines


# -- gcd * lcm --------------------------------------------------------------------------------

def _gcd_lcm_script(goal: Goal, checker, deadline, finders, method, depth) -> list[str] | None:
    """`have h := Nat.gcd_mul_lcm m n` for each `Nat.lcm m n` of the goal, then a closer."""
    lines, g = [], goal
    seen = []
    for x in goal.target.walk():
        if x.op == "call" and x.value == "Nat.lcm" and len(x.args) == 2 and x not in seen:
            seen.append(x)
            m, n = (show(a) for a in x.args)
            line = f"have {g.fresh_name('hgl')} := Nat.gcd_mul_lcm ({m}) ({n})"
            r = checker.apply(g, line)
            if not (isinstance(r, Subgoals) and len(r.goals) == 1):
                return None
            lines.append(line)
            g = r.goals[0]
    if not lines:
        return None
    found = finders._first_checked(g, ["linarith", "nlinarith", "omega"], checker, deadline)
    return lines + [found] if found else None


# -- two distinct prime roots of one quadratic ------------------------------------------------

MAX_PRIME_SUM = 100      # interval_cases over v ≤ s: at most this many cases


def _prime_pair(goal: Goal) -> tuple[str, str, str] | None:
    """(hypothesis, v, w) for `h : v ≠ w` between two ℕ variables both stated prime somewhere in
    the hypotheses (`Nat.Prime v`, possibly inside a conjunction); None otherwise."""
    primes = {x.args[0].value for _, h in goal.hypotheses for x in h.walk()
              if x.op == "pred" and x.value == "Nat.Prime" and x.args and x.args[0].op == "var"}
    if len(primes) < 2:
        return None
    for n, h in goal.hypotheses:
        if h.op == "ne" and h.value == NAT and "✝" not in n and all(a.op == "var" for a in h.args) \
                and h.args[0].value != h.args[1].value and {a.value for a in h.args} <= primes:
            return n, h.args[0].value, h.args[1].value
    return None


def _is_prime(n: int) -> bool:
    return n >= 2 and all(n % d for d in range(2, int(n ** 0.5) + 1))


def _decasted(e: Expr, casts: dict) -> Expr:
    """`↑v` (a cast of an ℕ variable) as the variable `castZv` of the cast's type (kept in `casts`)."""
    if e.op == "cast" and e.args and e.args[0].op == "var" and e.args[0].ty == NAT:
        name = f"castZ{e.args[0].value}"
        casts[name] = e.args[0].value
        return Expr("var", value=name, ty=e.ty)
    if not e.args:
        return e
    return e.with_args(*(_decasted(a, casts) for a in e.args))


def _root_sum(g: Goal, v: str, w: str, field, finders) -> int | None:
    """s with `P(↑v) - P(↑w) = (↑v - ↑w) (↑v + ↑w - s)` for a polynomial P that the hypotheses
    say both casts are roots of (instances of definitions substituted, as in `prover.search.vieta`)."""
    import sympy
    atoms: dict = {}
    casts: dict = {}
    symbols: dict = {}
    polys = []
    for _, h in g.hypotheses:
        if h.op != "eq" or h.value != field or any(x.op in ("forall", "exists", "lambda") for x in h.walk()):
            continue
        a = finders._atomize(_decasted(Expr("sub", h.args, ty=field), casts), atoms)
        for x in free_vars(a):
            symbols.setdefault(x, sympy.Symbol(x))
        try:
            polys.append(sympy.expand(finders._to_sympy_poly(a, symbols)))
        except (ValueError, TypeError, KeyError):
            continue
    names = {sympy.Symbol(k) for k in atoms}
    values = {}
    for p in polys:   # instances `atom - e` define the atom
        for s in p.free_symbols & names:
            q = sympy.Poly(p, s)
            if s not in values and q.degree() == 1 and q.LC().is_number \
                    and not (sympy.expand(p - q.LC() * s).free_symbols & names):
                values[s] = sympy.expand(-(p - q.LC() * s) / q.LC())
    plain = [sympy.expand(p.subs(values)) for p in polys]
    sv, sw = sympy.Symbol(f"castZ{v}"), sympy.Symbol(f"castZ{w}")
    for p in plain:
        if p == 0 or sv not in p.free_symbols or sw in p.free_symbols or (p.free_symbols & names):
            continue
        image = sympy.expand(p.subs(sv, sw))
        if not any(r != 0 and sympy.cancel(image / r).is_number for r in plain):
            continue
        q, rem = sympy.div(sympy.expand(p - image), sv - sw, sv, sw)
        q = sympy.Poly(sympy.expand(q), sv, sw)
        if rem != 0 or q.total_degree() != 1:
            continue
        c = q.coeff_monomial(sv)
        if c == 0 or q.coeff_monomial(sw) != c or q.as_expr().free_symbols - {sv, sw}:
            continue
        s = -q.coeff_monomial(1) / c
        if s.is_integer and 0 <= s <= MAX_PRIME_SUM:
            return int(s)
    return None


def _prime_roots_script(goal: Goal, checker, deadline, finders, method, depth) -> list[str] | None:
    """`P(↑v) = 0`, `P(↑w) = 0`, `v ≠ w`, `v`, `w` prime, `P = x ^ 2 - s x + c`: Vieta's
    `↑v + ↑w = s` (`mul_left_cancel₀`), `v + w = s` by `exact_mod_cast`, then `v * w` by
    `interval_cases v` (each case closed by `norm_num at` on a primality hypothesis, or omega),
    and the goal by the finders with `↑v * ↑w` known."""
    from prover.syntax.ast import RAT, REAL
    lines, g = finders._obtain_conjunctions(goal, checker, lambda n, h: "✝" not in n, 4)
    hne, v, w = _prime_pair(g)
    inst, _ = finders._instantiate_definitions(g)
    for line in inst:
        r = checker.apply(g, line, budget_s=1.0)
        if not (isinstance(r, Subgoals) and len(r.goals) == 1):
            return None
        g = r.goals[0]
    lines += inst
    fields = [h.value for _, h in g.hypotheses if h.op == "eq" and h.value in (RAT, REAL)
              and any(x.op == "cast" and x.args and x.args[0].op == "var" and x.args[0].value in (v, w) for x in h.walk())]
    if not fields:
        return None
    field = fields[0]
    s = _root_sum(g, v, w, field, finders)
    if s is None:
        return None
    pairs = [(c, s - c) for c in range(s + 1) if _is_prime(c) and _is_prime(s - c) and c != s - c]
    products = {a * b for a, b in pairs}
    if len(products) != 1:
        return None
    product = products.pop()
    pv = next(n for n, h in g.hypotheses if h.op == "pred" and h.value == "Nat.Prime" and h.args[0] == Expr("var", value=v, ty=NAT))
    pw = next(n for n, h in g.hypotheses if h.op == "pred" and h.value == "Nat.Prime" and h.args[0] == Expr("var", value=w, ty=NAT))
    F = "ℝ" if field == REAL else "ℚ"
    cv, cw = f"({v} : {F})", f"({w} : {F})"
    hcast, hkey, hvieta, hsf, hs, hle, hp, hpf, hw = (g.fresh_name(n) for n in (
        "hcast", "hkey", "hvieta", "hsumF", "hsum", "hle", "hprod", "hprodF", "hw"))
    key_text = f"({cv} - {cw}) * ({cv} + {cw} - {s}) = ({cv} - {cw}) * 0"
    r = checker.apply(g, f"have {hcast} : {cv} ≠ {cw} := by exact_mod_cast {hne}")
    if not (isinstance(r, Subgoals) and len(r.goals) == 1):
        return None
    g = r.goals[0]
    lines.append(f"have {hcast} : {cv} ≠ {cw} := by exact_mod_cast {hne}")
    from prover.syntax.elaborate import Elaborator
    from prover.syntax.parser import parse_term
    key_goal = g.with_target(Elaborator(g.context).prop(parse_term(key_text)))
    found = finders._first_checked(key_goal, [lambda: finders.linear_combination_candidates(key_goal, deadline=deadline)],
                                   checker, deadline)
    if found is None:
        return None
    lines += [f"have {hkey} : {key_text} := by {found}",
              f"have {hvieta} : {cv} + {cw} - {s} = 0 := by exact mul_left_cancel₀ (sub_ne_zero.mpr {hcast}) {hkey}",
              f"have {hsf} : {cv} + {cw} = {s} := by linarith",
              f"have {hs} : {v} + {w} = {s} := by exact_mod_cast {hsf}",
              f"have {hle} : {v} ≤ {s} := by omega",
              f"have {hp} : {v} * {w} = {product} := by",
              f"  interval_cases {v}"]
    for c in range(s + 1):
        if not _is_prime(c):
            lines.append(f"  · norm_num at {pv}")
        elif not _is_prime(s - c) or c == s - c:
            lines += [f"  · have {hw} : {w} = {s - c} := by omega",
                      f"    subst {hw}",
                      f"    norm_num at {pw if not _is_prime(s - c) else hne}"]
        else:
            lines.append("  · omega")
    lines.append(f"have {hpf} : {cv} * {cw} = {product} := by exact_mod_cast {hp}")
    # the goal, seen with the field equations and the two new facts only (the whole script is
    # certified on the goal itself by `numtheory_leaf`)
    sf = Elaborator(g.context).prop(parse_term(f"{cv} + {cw} = {s}"))
    pf = Elaborator(g.context).prop(parse_term(f"{cv} * {cw} = {product}"))
    eqs = tuple((n, h) for n, h in g.hypotheses if h.op == "eq" and h.value == field
                and not any(x.op in ("forall", "exists") for x in h.walk()))
    view = Goal(g.variables, eqs + ((hsf, sf), (hpf, pf)), g.target)
    closer = finders._first_checked(view, [lambda: finders.linear_combination_candidates(view, deadline=deadline),
                                           "linarith", "nlinarith"], checker, deadline)
    return lines + [closer] if closer else None


# -- ∑ i ∈ range N, i = Nat.choose N 2 -----------------------------------------------------------

def _identity_sum(e: Expr) -> bool:
    """`∑ i ∈ Finset.range N, i` (the body is the bound variable itself)."""
    return e.op == "sum" and e.ty == NAT and e.args[0].op == "set" and e.args[0].value == "Finset.range" \
        and e.args[1].op == "var" and e.args[1].value == e.value[0]


def _choose_two(e: Expr) -> bool:
    return e.op == "call" and e.value == "Nat.choose" and len(e.args) == 2 \
        and e.args[1].op == "num" and e.args[1].value == 2


def _gauss_shape(t: Expr) -> bool:
    if t.op != "eq" or t.value != NAT:
        return False
    a, b = t.args
    return (_identity_sum(a) and _choose_two(b)) or (_identity_sum(b) and _choose_two(a))


def _gauss_script(goal: Goal, checker, deadline, finders, method, depth) -> list[str] | None:
    """`induction n` with the base case by `decide +kernel` and the step by
    `rw [Finset.sum_range_succ, ih]`, then `Nat.choose_two_right t` (`t.choose 2 = t * (t - 1) / 2`)
    for each `Nat.choose t 2` and `Nat.triangle_succ s` for each `t = s + 1`, and omega (the
    products are atoms to it; `/ 2` and `-` of ℕ it decides)."""
    from prover.syntax.ast import substitute
    t = goal.target
    free = sorted(free_vars(t))
    if len(free) != 1 or goal.context.get(free[0]) != NAT or goal.hypotheses:
        return None
    n = free[0]
    sum_left = _identity_sum(t.args[0])
    nxt = Expr("add", (Expr("var", value=n, ty=NAT), Expr("num", value=1, ty=NAT)), ty=NAT)
    step = substitute(t, n, nxt)
    chooses = [x for x in t.walk() if _choose_two(x)] + [x for x in step.walk() if _choose_two(x)]
    facts = []
    for c in dict.fromkeys(chooses):
        arg = c.args[0]
        facts.append(f"have {goal.fresh_name('hch')}{len(facts)} := Nat.choose_two_right ({show(arg)})")
        if arg.op == "add" and arg.args[1].op == "num" and arg.args[1].value == 1:
            facts.append(f"have {goal.fresh_name('htri')}{len(facts)} := Nat.triangle_succ ({show(arg.args[0])})")
    # the sum on the left of ih is rewritten into the goal's sum side by `ih` (or `← ih`)
    rw = f"rw [Finset.sum_range_succ, {'ih' if sum_left else '← ih'}]"
    return [f"induction {n} with", "| zero =>", "    decide +kernel", f"| succ {n} ih =>", f"    {rw}"] + \
        [f"    {x}" for x in facts] + ["    omega"]
