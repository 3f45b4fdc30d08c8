"""Certificate reconstruction: the oracle's closing steps become kernel-checked tactics.

The search (and the direct decision path) close leaves with the oracle: Z3, Gröbner bases,
SymPy, finite checks. For each such leaf this module tries, in a fixed order and while time
is left, tactics the kernel models (`prover.kernel`), and keeps the first one the kernel
accepts, with the hint list or coefficients it checked:

1. the tactic as written, when the kernel models it;
2. closed evaluation: `norm_num`, `decide`, `rfl`; `ring`; `linarith`; `positivity`;
3. `linear_combination e`, with `e` from an untrusted cofactor finder (multivariate division
   of the goal's polynomial by the hypotheses', any degree; else cofactors of degree ≤ 2 in
   the goal's variables, solved exactly as a linear system);
4. `nlinarith`, bare; `linarith [..]`/`nlinarith [..]` with the hint terms an LP selects from
   a pool (`prover.kernel.untrusted.hints`: weighted squares, completed squares, products of
   positive atoms); then blind product hint lists (`sq_nonneg (a - b)` for pairs of atoms,
   `mul_pos ha hb`, squares around the goal's numerals);
5. facts before closing: `∀` definitions instantiated, conjunctions named (`obtain`), bounds
   of `|t|` (`le_abs_self`, `neg_abs_le`), values the hypotheses fix (`subst`, evaluation);
6. structure the oracle did not need, up to `MAX_SPLIT_DEPTH` steps: `constructor` on ∧/↔,
   `intro` of every leading binder, `obtain ⟨x, hx⟩ := h` on ∃ hypotheses,
   `interval_cases v`, with each part closed as above.

Every finder runs under a hard limit inside the deadline (`run_with_limit`), cheap ones first.

A leaf with no kernel certificate is written `sorry -- true by oracle (METHOD)` and the
result's verdict is `true-by-oracle`. Nothing here is trusted: every tactic it proposes is
checked by the kernel, and the final proof is replayed through `KernelChecker` (`certify`)
before the verdict `checked` is given (`prover.search.verdict`).

>>> from prover.state import load_theorem
>>> g = load_theorem("theorem t (a b : ℝ) : 2 * a * b ≤ a ^ 2 + b ^ 2").goal
>>> reconstruct_leaf(g, "nlinarith", "z3", time.monotonic() + 10).lines
['nlinarith [sq_nonneg (a - b)]']
"""

from __future__ import annotations

import itertools
import re
import time
from dataclasses import dataclass, field

from prover.checkers.base import Closed, Subgoals
from prover.checkers.kernel_checker import KernelChecker, closing_name
from prover.kernel import RULES
from prover.state import Goal
from prover.syntax.ast import COMPLEX, INT, NAT, RAT, REAL, Expr, free_vars
from prover.syntax.printer import show

ORACLE_MARK = "sorry -- true by oracle"
MIN_RECONSTRUCT_S = 2.0   # time given to reconstruction even when the search used its whole budget
MAX_SPLIT_DEPTH = 3       # nested structure steps (`constructor`, `intro`, `obtain`, ...) before a leaf
MAX_HINTS = 12            # hint terms in one nlinarith call (products grow as their square)
ORDERED = (INT, RAT, REAL)


@dataclass
class Leaf:
    lines: list[str]                                  # the script closing the goal
    missing: list[str] = field(default_factory=list)  # oracle methods left without a certificate


def _left(deadline: float | None, cap: float) -> float:
    """Seconds a finder may use: at most `cap`, never past the deadline."""
    return cap if deadline is None else max(0.0, min(cap, deadline - time.monotonic()))


def warm() -> None:
    """Import what the kernel's and the finders' LPs need (SciPy's optimizer, about a second)
    once, in a parent process before it forks workers, so no prove budget pays for it."""
    import prover.kernel.untrusted.farkas  # noqa: F401
    try:
        import scipy.optimize  # noqa: F401
    except ImportError:  # pragma: no cover - SciPy is a dependency
        pass


def oracle_line(method: str) -> str:
    return f"{ORACLE_MARK} ({method})"


def _comparison(e: Expr) -> bool:
    return e.op in ("lt", "le", "gt", "ge", "eq", "ne")


def _atoms(goal: Goal) -> list[str]:
    """Variables of an ordered ring type that the target or a hypothesis mentions, in binder order."""
    used = set(free_vars(goal.target))
    for _, h in goal.hypotheses:
        used |= free_vars(h)
    return [n for n, ty in goal.variables if ty in ORDERED and n in used]


def _numerals(goal: Goal) -> list:
    seen = []
    for e in [goal.target] + [h for _, h in goal.hypotheses]:
        for x in e.walk():
            if x.op == "num" and x.value not in seen and x.value not in (0,) and abs(x.value) <= 100:
                seen.append(x.value)
    return seen[:4]


def _sign_hyps(goal: Goal) -> tuple[list[str], list[str]]:
    """Hypotheses `0 < e` / `e > 0` (positive) and `0 ≤ e` / `e ≥ 0` (nonnegative), by name."""
    pos, nonneg = [], []
    for n, h in goal.hypotheses:
        if h.op not in ("lt", "le", "gt", "ge") or h.value not in ORDERED:
            continue
        zero_left = h.op in ("lt", "le") and h.args[0].op == "num" and h.args[0].value == 0
        zero_right = h.op in ("gt", "ge") and h.args[1].op == "num" and h.args[1].value == 0
        if zero_left or zero_right:
            (pos if h.op in ("lt", "gt") else nonneg).append(n)
    return pos, nonneg


def nlinarith_hint_lists(goal: Goal) -> list[list[str]]:
    """Candidate hint lists for `nlinarith`, most promising first (untrusted: the kernel checks)."""
    atoms = _atoms(goal)[:6]
    pairs = list(itertools.combinations(atoms, 2))
    diff = [f"sq_nonneg ({a} - {b})" for a, b in pairs]
    summ = [f"sq_nonneg ({a} + {b})" for a, b in pairs]
    squares = [f"sq_nonneg {a}" for a in atoms]
    shifted = [f"sq_nonneg ({a} - {_lit(k)})" for a in atoms[:3] for k in _numerals(goal) if k > 0]
    pos, nonneg = _sign_hyps(goal)
    prods = [f"mul_pos {a} {b}" for a, b in itertools.combinations(pos, 2)]
    prods += [f"mul_nonneg {a} {b}" for a, b in itertools.combinations(nonneg, 2)]
    prods += [f"mul_nonneg {a}.le {b}" for a in pos for b in nonneg]
    out = []
    quartic = [f"sq_nonneg ({a} ^ 2 - {b} ^ 2)" for a, b in pairs] + [f"sq_nonneg ({a} * {b})" for a, b in pairs]
    for hints in (diff, prods, diff + prods, diff + summ, shifted, squares + shifted, diff + summ + prods,
                  shifted + prods, diff + summ + quartic):
        hints = list(dict.fromkeys(hints))[:MAX_HINTS]
        if hints and hints not in out:
            out.append(hints)
    return out


def _lit(k) -> str:
    from fractions import Fraction
    k = Fraction(k)
    return str(k.numerator) if k.denominator == 1 else f"({k.numerator} / {k.denominator})"


def linear_combination_candidates(goal: Goal, budget_s: float = 1.0, deadline: float | None = None) -> list[str]:
    """`linear_combination e` for an equation goal: coefficients c_i (polynomials of degree
    ≤ 2 in the goal's variables) with goal_lhs - goal_rhs = Σ c_i (lhs_i - rhs_i), solved as a
    linear system over ℚ (untrusted: the kernel re-checks the combination by `ring1`)."""
    from prover.decide.limits import TIMED_OUT, run_with_limit
    t = goal.target
    if t.op != "eq" or t.value not in (INT, RAT, REAL, COMPLEX):
        return []
    eqs = [(n, h) for n, h in goal.hypotheses if h.op == "eq" and h.value == t.value][:6]
    if not eqs:
        return []
    found = run_with_limit(_solve_cofactors, (goal, eqs), seconds=_left(deadline, budget_s))
    return [] if found is TIMED_OUT or found is None else [f"linear_combination {found}"]


def _solve_cofactors(goal: Goal, eqs) -> str | None:
    import sympy

    from prover.decide.algebra import NotPolynomial, PolyTranslator
    tr = PolyTranslator()
    atoms: dict = {}
    try:
        target = sympy.expand(tr(_atomize(goal.target.args[0], atoms)) - tr(_atomize(goal.target.args[1], atoms)))
        gens = [sympy.expand(tr(_atomize(h.args[0], atoms)) - tr(_atomize(h.args[1], atoms))) for _, h in eqs]
    except (NotPolynomial, RecursionError):
        return None
    symbols = sorted(tr.symbols.values(), key=str)
    divided = _divide_by_generators(target, gens, symbols)
    if divided is not None:
        return _combination_text([(name, q) for (name, _), q in zip(eqs, divided) if q != 0], atoms)
    for degree in (0, 1, 2):
        monomials = sorted(sympy.itermonomials(symbols, degree), key=sympy.default_sort_key) if symbols else [1]
        if len(monomials) * len(gens) > 120:
            break
        unknowns = [[sympy.Symbol(f"_u{i}_{j}") for j in range(len(monomials))] for i in range(len(gens))]
        combo = sum(sum(u * m for u, m in zip(us, monomials)) * g for us, g in zip(unknowns, gens))
        residual = sympy.Poly(sympy.expand(target - combo), *symbols) if symbols else sympy.Poly(target - combo)
        flat = [u for us in unknowns for u in us]
        solution = sympy.linsolve(residual.coeffs(), flat)
        if not solution:
            continue
        values = next(iter(solution))
        values = [v.subs({u: 0 for u in flat}) for v in values]   # free parameters set to 0
        parts = []
        k = 0
        for (name, _), us in zip(eqs, unknowns):
            coeff = sympy.expand(sum(values[k + j] * m for j, m in enumerate(monomials)))
            k += len(us)
            if coeff != 0:
                parts.append((name, coeff))
        return _combination_text(parts, atoms)
    return None


def _divide_by_generators(target, gens, symbols):
    """Cofactors of any degree by multivariate division (`sympy.reduced`) of the goal's
    polynomial by the hypotheses' (lex and grevlex orders, each generator order): quotients
    when the remainder is 0, else None. The division is exact over ℚ."""
    import sympy
    if not symbols or not gens or any(g == 0 for g in gens):
        return None
    orders = [list(range(len(gens)))]
    if len(gens) > 1:
        orders.append(orders[0][::-1])
    for order in ("grevlex", "lex"):
        for perm in orders:
            try:
                quotients, rem = sympy.reduced(target, [gens[i] for i in perm], *symbols, order=order)
            except (sympy.PolynomialError, ValueError, ZeroDivisionError):
                return None
            if sympy.expand(rem) == 0:
                out = [0] * len(gens)
                for i, q in zip(perm, quotients):
                    out[i] = sympy.expand(q)
                return out
    return None


def _combination_text(parts, atoms: dict) -> str | None:
    if not parts:
        return None
    text = " + ".join(_term(name, c) for name, c in parts).replace("+ -", "- ")
    for key, lean in atoms.items():
        text = text.replace(key, f"({lean})")
    return text


def _atomize(e: Expr, atoms: dict) -> Expr:
    """Applications of functions (`f 3`, `Real.sqrt x`) as fresh variables `atomN` (their Lean
    text kept in `atoms`), so that the polynomial finder sees them as atoms, as ring does."""
    if e.op in ("apply", "call"):
        text = show(e)
        key = next((k for k, v in atoms.items() if v == text), None)
        if key is None:
            key = f"atom{len(atoms)}Z"
            atoms[key] = text
        return Expr("var", value=key, ty=e.ty)
    if not e.args:
        return e
    return Expr(e.op, tuple(_atomize(a, atoms) for a in e.args), value=e.value, ty=e.ty)


def _term(name: str, c) -> str:
    import sympy
    if c == 1:
        return name
    if c == -1:
        return f"-{name}"
    if c.is_number:
        q = sympy.Rational(c)
        return f"{q.p} * {name}" if q.q == 1 else f"({q.p} / {q.q}) * {name}"
    return f"({_poly_text(c)}) * {name}"


def _poly_text(c) -> str:
    import sympy
    terms = []
    for monom, coeff in sympy.Poly(c, *sorted(c.free_symbols, key=str)).terms():
        gens = sorted(c.free_symbols, key=str)
        factors = [(str(g) if e == 1 else f"{g} ^ {e}") for g, e in zip(gens, monom) if e]
        q = sympy.Rational(coeff)
        lit = str(q.p) if q.q == 1 else f"({q.p} / {q.q})"
        if not factors:
            terms.append(lit)
        elif q == 1:
            terms.append(" * ".join(factors))
        else:
            terms.append(" * ".join([lit] + factors))
    return " + ".join(terms)


def lp_hint_candidates(goal: Goal, deadline: float | None = None, cap_s: float = 3.0) -> list[str]:
    """`linarith [..]`, else `nlinarith [..]`, with the hint terms an LP over a candidate pool
    uses (`prover.kernel.untrusted.hints`), run in one child with a hard limit inside the
    deadline (untrusted: the kernel checks the shorter list it returns)."""
    from prover.decide.limits import TIMED_OUT, run_with_limit
    from prover.kernel.untrusted.hints import candidate_pool
    left = _left(deadline, cap_s)
    if left < 0.3 or _residues(goal):
        return []
    pool = candidate_pool(goal)
    if not pool:
        return []
    warm()   # imported once here, not in every child
    found = run_with_limit(_lp_hints, (goal, pool, left), seconds=left)
    return [] if found is TIMED_OUT or not found else found


def _residues(goal: Goal) -> bool:
    """ℕ/ℤ `%`, `/` or `∣` in the goal: omega's ground, where products of squares do not help
    (the finders that fork are skipped, leaving the search its time)."""
    return any(x.op in ("mod", "dvd") or (x.op == "div" and x.ty in (NAT, INT))
               for e in [goal.target] + [h for _, h in goal.hypotheses] for x in e.walk())


def _lp_hints(goal: Goal, pool: list[str], seconds: float) -> list[str]:
    from prover.kernel.untrusted.hints import select_hints
    start = time.monotonic()
    hints = select_hints(goal, pool, False, seconds=seconds)
    if hints:
        text = ", ".join(hints)
        return [f"linarith [{text}]", f"nlinarith [{text}]"]
    hints = select_hints(goal, pool, True, seconds=max(0.1, seconds - (time.monotonic() - start)))
    return [f"nlinarith [{', '.join(hints)}]"] if hints else []


def leaf_candidates(goal: Goal, written: str, method: str = "", deadline: float | None = None) -> list:
    """Kernel tactics to try on a leaf, in order (strings, or callables giving strings lazily)."""
    out: list = []
    if closing_name(written) in RULES and "<;>" not in written and written not in out:
        out.append(written)
    closed = not free_vars(goal.target)
    if closed:
        out += ["norm_num", "decide", "rfl"]
    t = goal.target
    if t.op == "eq":
        out += ["ring", "rfl"]
    out.append("linarith")
    out.append(lambda: omega_candidates(goal))
    out.append(lambda: modeq_candidates(goal))
    if any(h == t for _, h in goal.hypotheses):
        out.insert(0, "assumption")
    if t.op in ("lt", "le", "gt", "ge", "ne"):
        out.append("positivity")
    out.append("nlinarith")
    # the finders that fork a child (SymPy, HiGHS) after the in-process rules
    if t.op in ("lt", "le", "gt", "ge"):
        out.append(lambda: [f"nlinarith [{', '.join(h)}]" for h in [square_hints(goal, deadline)] if h])
    if t.op == "eq":
        out.append(lambda: linear_combination_candidates(goal, deadline=deadline))
    out.append(lambda: lp_hint_candidates(goal, deadline))
    if not _residues(goal):
        out.append(lambda: [f"nlinarith [{', '.join(h)}]" for h in nlinarith_hint_lists(goal)])
    return out


def _integral(goal: Goal) -> bool:
    """Whether the goal is omega's business: its target compares or divides ℕ/ℤ terms."""
    return any(x.op in ("eq", "ne", "lt", "le", "gt", "ge", "dvd") and x.value in (NAT, INT)
               for x in goal.target.walk())


def omega_candidates(goal: Goal) -> list[str]:
    """`omega` for a goal about ℕ/ℤ (divisibility, residues, truncated subtraction)."""
    return ["omega"] if _integral(goal) else []


def modeq_candidates(goal: Goal) -> list[str]:
    """`simp only [Nat.ModEq, Int.ModEq] at * <;> omega` when a `≡ [MOD n]`/`[ZMOD n]` statement
    is in the goal or a hypothesis (omega alone does not unfold them); only the kinds present
    are listed."""
    from prover.kernel.omega import modeq_types
    from prover.kernel.tactics import SIMP_MODEQ
    kinds = modeq_types(goal)
    names = [name for name, ty in SIMP_MODEQ.items() if ty is not None and ty in kinds]
    # `Set.mem_setOf_eq` first: after `intro` on `lowerBounds {x | …}` Lean's hypothesis is a
    # membership omega does not read (the goal here shows its predicate).
    return [f"simp only [Set.mem_setOf_eq, {', '.join(names)}] at * <;> omega"] if names else []


MAX_RESIDUE_MODULUS = 24


def _nonlinear(e: Expr) -> bool:
    """A term omega reads as an atom: a power or product of non-ground ℕ/ℤ terms."""
    if e.op == "pow":
        return bool(free_vars(e.args[0]))
    return e.op == "mul" and bool(free_vars(e.args[0])) and bool(free_vars(e.args[1]))


def _congruence_lines(goal: Goal, congr: dict, nat: bool, prefix: str) -> list[str]:
    """`have` steps giving `t ≡ t' [ZMOD n]` for each maximal non-linear ℕ/ℤ subterm t of the
    goal, composed from the variables' congruences `congr` (name → hypothesis) with
    `Int.ModEq.add`/`add_left`/`add_right`/`mul`/`mul_left`/`mul_right`/`pow` (`Nat.ModEq.*` over ℕ);
    subterms that need a variable without a congruence (or `-`, `/`, `%`) are skipped."""
    ns = "Nat.ModEq" if nat else "Int.ModEq"
    lines: list[str] = []
    done: dict = {}

    def build(e: Expr) -> str | None:
        if not free_vars(e):
            return None
        if e in done:
            return done[e]
        name = None
        if e.op == "var":
            name = congr.get(e.value)
            if name is None:
                raise ValueError(e.value)
        elif e.op in ("add", "mul") or (e.op == "pow" and e.args[1].op == "num"):
            if e.op == "pow":
                base = build(e.args[0])
                step = f"{ns}.pow {e.args[1].value} {base}"
            else:
                a, b = (build(x) for x in e.args)
                word = "add" if e.op == "add" else "mul"
                step = f"{ns}.{word} {a} {b}" if a and b else \
                    f"{ns}.{word}_right ({show(e.args[1])}) {a}" if a else f"{ns}.{word}_left ({show(e.args[0])}) {b}"
            name = f"{prefix}{len(lines) + 1}"
            lines.append(f"have {name} := {step}")
        else:
            raise ValueError(e.op)
        done[e] = name
        return name

    def visit(e: Expr):
        if e.ty in (NAT, INT) and _nonlinear(e):
            mark = len(lines)
            try:
                build(e)
            except ValueError:
                del lines[mark:]
            return
        for a in e.args:
            visit(a)

    for p in [goal.target] + [h for _, h in goal.hypotheses]:
        visit(p)
    return lines


def _closing(nat: bool) -> str:
    return f"simp only [Set.mem_setOf_eq, {'Nat.ModEq' if nat else 'Int.ModEq'}] at * <;> omega"


def residue_cases(goal: Goal, checker: KernelChecker, deadline: float) -> list[str] | None:
    """Residues of polynomial terms in ℕ/ℤ variables modulo a literal n of the goal. Each
    variable gets a congruence: from a hypothesis `v % n = r` (`have hv : v ≡ r [ZMOD n] := by
    simp only [Int.ModEq] at * <;> omega`) or, for one variable without, by `mod_cases hmod :
    v % n`; then each maximal non-linear subterm's congruence is composed from them
    (`_congruence_lines`: `Int.ModEq.add_right 1 hx`, `Int.ModEq.pow 2 h1`, …) and
    `simp only [Set.mem_setOf_eq, Int.ModEq] at * <;> omega` closes (the non-linear terms are
    omega atoms whose residues the unfolded congruences fix). Returns the script when the
    kernel checks it."""
    from prover.checkers.kernel_checker import certify
    props = [goal.target] + [h for _, h in goal.hypotheses]
    atoms = [e for p in props for e in p.walk() if e.ty in (NAT, INT) and _nonlinear(e)]
    variables = sorted({v for e in atoms for v in free_vars(e) if goal.context.get(v) in (NAT, INT)})
    if not atoms or not variables or any(goal.context.get(v) != goal.context[variables[0]] for v in variables):
        return None
    nat = goal.context[variables[0]] == NAT
    ns = "Nat.ModEq" if nat else "Int.ModEq"
    moduli = sorted({int(e.args[1].value) for p in props for e in p.walk() if e.op == "mod" and e.args[1].op == "num"}
                    | {int(e.args[0].value) for p in props for e in p.walk() if e.op == "dvd" and e.args[0].op == "num"})
    for n in moduli:
        if not 2 <= n <= MAX_RESIDUE_MODULUS or time.monotonic() >= deadline:
            continue
        kind = "MOD" if nat else "ZMOD"
        congr: dict = {}
        lines: list[str] = []
        for name, h in goal.hypotheses:   # `v % n = r` and `v ≡ r [ZMOD n]` (the parser's reading is the same)
            if h.op == "eq" and h.args[0].op == "mod" and h.args[0].args[0].op == "var" \
                    and h.args[0].args[1] == Expr("num", value=n, ty=h.value) and not free_vars(h.args[1]):
                v = h.args[0].args[0].value
                if v in variables and v not in congr:
                    try:
                        r = value_of(h.args[1])
                    except Exception:
                        continue
                    congr[v] = f"hc_{v}"
                    lines.append(f"have hc_{v} : {v} ≡ {r} [{kind} {n}] := by {_closing(nat)}")
        missing = [v for v in variables if v not in congr]
        if len(missing) > 1 or any(f"hc_{v}" in goal.names for v in congr) or "hmod" in goal.names:
            continue
        if missing:
            congr[missing[0]] = "hmod"
            case = _congruence_lines(goal, congr, nat, "hr") + [_closing(nat)]
            script = lines + [f"mod_cases hmod : {missing[0]} % {n}"]
            for _ in range(n):
                script += ["· " + case[0]] + ["  " + x for x in case[1:]]
        else:
            script = lines + _congruence_lines(goal, congr, nat, "hr") + [_closing(nat)]
        if any(m.group(1) in goal.names for x in script if (m := re.match(r"[·\s]*have (\S+)", x))):
            continue   # every name the script introduces is fresh
        if certify(goal, "\n".join(script), KernelChecker(checker.cache)).ok:
            return script
    return None


def value_of(e: Expr) -> int:
    from prover.kernel.evaluate import value
    v = value(e)
    if not isinstance(v, int):
        raise ValueError(v)
    return v


MAX_OMEGA_CASES = 100


def _right_conjuncts(e: Expr) -> list[Expr]:
    """`a ∧ b ∧ c` as [a, b, c] (the shape `⟨h₁, h₂, h₃⟩` takes apart); [] for a left-nested one."""
    parts = []
    while e.op == "and":
        if e.args[0].op == "and":
            return []
        parts.append(e.args[0])
        e = e.args[1]
    return parts + [e] if parts else []


def interval_omega(goal: Goal, checker: KernelChecker, deadline: float) -> list[str] | None:
    """`interval_cases v <;> omega` (or `<;> decide`) for a ℕ/ℤ variable the hypotheses bound
    (at most `MAX_OMEGA_CASES` values), when omega alone cannot (a product or power of `v`
    is an atom to it, a value of `v` makes it a literal). Mathlib's interval_cases reads only
    hypotheses that are bounds themselves, so conjunctions are taken apart first
    (`obtain ⟨h, h'⟩ := h₀`). The kernel checks every case."""
    from prover.decide.bounds import variable_bounds
    if not _integral(goal):
        return None
    lines: list[str] = []
    for name, h in goal.hypotheses:
        parts = _right_conjuncts(h)
        if 2 <= len(parts) <= 4 and all(p.op in ("lt", "le", "gt", "ge", "eq", "ne", "dvd") for p in parts):
            names: list[str] = []
            for i in range(len(parts)):
                names.append(next(c for c in (f"{name}_{j}" for j in itertools.count(i))
                                  if c not in goal.names and c not in names))
            pattern = f"obtain ⟨{', '.join(names)}⟩ := {name}"
            r = checker.apply(goal, pattern)
            if isinstance(r, Subgoals) and len(r.goals) == 1:
                goal = r.goals[0]
                lines.append(pattern)
    for n, ty in goal.variables:
        if ty not in (NAT, INT) or n not in free_vars(goal.target) or time.monotonic() >= deadline:
            continue
        b = variable_bounds(goal, n)
        if b is None or b[1] - b[0] >= MAX_OMEGA_CASES:
            continue
        for closer in ("omega", "decide"):
            tactic = f"interval_cases {n} <;> {closer}"
            if time.monotonic() < deadline and isinstance(checker.apply(goal, tactic), Closed):
                return lines + [tactic]
    return None


def _first_checked(goal: Goal, candidates, checker: KernelChecker, deadline: float) -> str | None:
    tried = set()
    for c in candidates:
        if time.monotonic() >= deadline:
            return None
        try:
            proposed = list(c()) if callable(c) else [c]
        except Exception:   # an untrusted finder that fails on its input proposes nothing
            continue
        for tactic in proposed:
            if tactic in tried:
                continue
            tried.add(tactic)
            if time.monotonic() >= deadline:
                return None
            if not _fits(goal, tactic, checker, deadline):
                continue
            if isinstance(checker.close(goal, tactic), Closed):
                return tactic
    return None


LATE_S = 1.5   # with less time left, a (n)linarith check is first tried in a child with a hard limit


def _fits(goal: Goal, tactic: str, checker: KernelChecker, deadline: float) -> bool:
    """Near the deadline, a `linarith`/`nlinarith` check (its products can take seconds) runs
    first in a child killed at the deadline; only one that succeeds there is re-run here, where
    the kernel issues its step. Early on, or for cheap rules, True at once."""
    from prover.decide.limits import TIMED_OUT, run_with_limit
    left = deadline - time.monotonic()
    if left >= LATE_S or closing_name(tactic) not in ("linarith", "nlinarith") or (goal, tactic) in checker.cache:
        return True
    try:
        ok = run_with_limit(_closes, (goal, tactic), seconds=left)
    except RuntimeError:
        return False
    return ok is not TIMED_OUT and bool(ok)


def _closes(goal: Goal, tactic: str) -> bool:
    return isinstance(KernelChecker().close(goal, tactic), Closed)


def reconstruct_leaf(goal: Goal, written: str, method: str, deadline: float,
                     checker: KernelChecker | None = None, depth: int = 0) -> Leaf:
    """A kernel-checked script for a goal the oracle closed (see the module docstring)."""
    checker = checker or KernelChecker()
    if written.startswith(ORACLE_MARK):
        return Leaf([written], [method or "oracle"])
    if written and closing_name(written) is None and "<;>" not in written:
        return Leaf([written])   # a structural closer: kept, certified by the final replay
    if "<;>" in written and isinstance(checker.apply(goal, written), Closed):
        return Leaf([written])
    unfolded = membership_unfolded(goal)
    if unfolded is not None:
        leaf = _through_membership(goal, unfolded, written, method, deadline, checker, depth)
        if leaf is not None:
            return leaf
    structure_first = goal.target.op in STRUCTURED and depth < MAX_SPLIT_DEPTH
    if structure_first:   # no closer proves ∧ ↔ ∀ → as a whole: take it apart first
        if written and closing_name(written) in RULES and isinstance(checker.close(goal, written), Closed):
            return Leaf([written])
        leaf = _by_split(goal, method, deadline, checker, depth)
        if leaf is not None:
            return leaf
    if depth == 0 and time.monotonic() < deadline:
        lines = field_simp_leaf(goal, checker, deadline)
        if lines:
            return Leaf(lines)
    if depth <= 1:
        for facts in (_instantiate_definitions, _abs_facts):
            lines, richer = facts(goal)
            if lines:   # cheap closers on instances and |t| bounds before any costly finder
                found = _first_checked(richer, ["linarith", "nlinarith"], checker, deadline)
                if found:
                    return Leaf(lines + [found])
    found = transcendental_leaf(goal, checker, deadline)
    if found:
        return Leaf([found])
    lines = induction_script(goal, checker, deadline, method, depth)
    if lines:
        return Leaf(lines)
    found = _first_checked(goal, leaf_candidates(goal, written, method, deadline), checker, deadline)
    if found:
        return Leaf([found])
    lines = interval_omega(goal, checker, deadline)
    if lines:
        return Leaf(lines)
    lines = residue_cases(goal, checker, deadline)
    if lines:
        return Leaf(lines)
    if depth == 0 and time.monotonic() < deadline:
        chain = evaluation_chain(goal, deadline, checker)
        if chain:
            return Leaf(chain)
    if depth < 2 and _has_succ_power(goal.target) and time.monotonic() < deadline:
        # `x ^ (n + 1)` is an atom to linarith: `rw [pow_succ]` exposes `x ^ n * x` first.
        from prover.checkers.sympy_checker import SympyChecker
        r = SympyChecker().apply(goal, "rw [pow_succ]", budget_s=1.0)
        if isinstance(r, Closed):   # Lean's `rw` closes `a = a` by rfl: nothing may follow it
            return Leaf(["rw [pow_succ]"])
        if isinstance(r, Subgoals) and len(r.goals) == 1 and r.goals[0] != goal:
            leaf = reconstruct_leaf(r.goals[0], "", method, deadline, checker, depth + 1)
            if not leaf.missing:
                return Leaf(["rw [pow_succ]"] + leaf.lines)
    if depth <= 1 and time.monotonic() < deadline:
        lines, richer = _instantiate_definitions(goal)
        if lines:
            leaf = reconstruct_leaf(richer, "", method, deadline, checker, depth + 1)
            if not leaf.missing:
                return Leaf(lines + leaf.lines)
    if depth <= 1 and time.monotonic() < deadline:
        lines, richer = _name_conjuncts(goal)
        if lines:   # hint terms can name the parts now (`mul_pos ha hb`)
            found = _first_checked(richer, [lambda: lp_hint_candidates(richer, deadline),
                                            lambda: [f"nlinarith [{', '.join(h)}]" for h in nlinarith_hint_lists(richer)]],
                                   checker, deadline)
            if found:
                return Leaf(lines + [found])
    if depth <= 1 and time.monotonic() < deadline:
        lines, richer = _abs_facts(goal)
        if lines:
            found = _first_checked(richer, leaf_candidates(richer, "", method, deadline), checker, deadline)
            if found:
                return Leaf(lines + [found])
    if depth == 0 and time.monotonic() < deadline:
        values = _determined_values(goal, deadline, checker)
        if values:
            richer = goal
            for name, text, prop in values:
                richer = richer.with_hypothesis(name, prop)
            found = _first_checked(richer, [lambda: _by_values(richer, values, deadline)]
                                   + leaf_candidates(richer, "", method, deadline),
                                   checker, deadline)
            lines = [f"have {name} : {text} := by linarith" for name, text, _ in values]
            if found:
                return Leaf(lines + [found])
            step = _inequality_by_value(richer, values, checker, deadline)
            if step:
                return Leaf(lines + step)
            step = _substitute_values(richer, values, checker)
            if step:
                return Leaf(lines + step)
    if depth < MAX_SPLIT_DEPTH and not structure_first:
        leaf = _by_split(goal, method, deadline, checker, depth)
        if leaf is not None:
            return leaf
    return Leaf([oracle_line(method or "oracle")], [method or "oracle"])


STRUCTURED = ("and", "iff", "forall", "imp")


def induction_script(goal: Goal, checker: KernelChecker, deadline: float, method: str, depth: int) -> list[str] | None:
    """Induction on a ℕ variable in a sum's range, an exponent or a factorial
    (`prover.search.induction`), its step closed by the finders here when its own closers fail."""
    from prover.search.induction import applies, induction_leaf
    if depth > 0 or time.monotonic() >= deadline or not applies(goal):
        return None
    mine = time.monotonic() + (deadline - time.monotonic()) / 2   # the finders after it keep half the time
    return induction_leaf(goal, checker, mine,
                          lambda g: _first_checked(g, leaf_candidates(g, "", method, mine), checker, mine))


def membership_unfolded(goal: Goal) -> tuple[list[str], Goal] | None:
    """The `simp only` lemmas unfolding every set membership of the goal (`x ∈ Set.Icc a b`,
    marked by the elaborator; omega/linarith do not see through them) and the unfolded goal;
    None when there is none."""
    from prover.kernel.tactics import SIMP_MEMBERSHIP
    from prover.syntax.ast import unmark_membership
    kinds = {k for p in [goal.target] + [h for _, h in goal.hypotheses] for x in p.walk() for k in (x.origin or ())}
    if not kinds:
        return None
    lemmas = sorted(n for n, k in SIMP_MEMBERSHIP.items() if k in kinds)
    if {SIMP_MEMBERSHIP[n] for n in lemmas} != kinds:
        return None
    every = frozenset(kinds)
    return lemmas, Goal(goal.variables, tuple((n, unmark_membership(h, every)) for n, h in goal.hypotheses),
                        unmark_membership(goal.target, every))


def _through_membership(goal: Goal, unfolded, written: str, method: str, deadline: float,
                        checker: KernelChecker, depth: int) -> Leaf | None:
    """`simp only [Set.mem_Icc, …] at * <;> tac` with `tac` the closer found on the unfolded
    goal; None otherwise (a script of several lines on the unfolded goal is not carried back:
    the caller goes on with the marked goal, whose structure steps `constructor`/`obtain`
    take apart as Lean's do, by whnf)."""
    lemmas, plain = unfolded
    leaf = reconstruct_leaf(plain, "" if written.startswith(ORACLE_MARK) else written, method, deadline,
                            checker, depth)
    if not leaf.missing and len(leaf.lines) == 1 and closing_name(leaf.lines[0]) in RULES:
        line = f"simp only [{', '.join(lemmas)}] at * <;> {leaf.lines[0]}"
        if isinstance(checker.close(goal, line), Closed):
            return Leaf([line])
    return None


def _by_split(goal: Goal, method: str, deadline: float, checker: KernelChecker, depth: int) -> Leaf | None:
    """`_split`'s structure step, then each part reconstructed; None unless all are checked."""
    if time.monotonic() >= deadline:
        return None
    split = _split(goal, method)
    if split is None:
        return None
    first, subgoals = split
    leaves = []
    for g in subgoals:
        leaf = reconstruct_leaf(g, "", method, deadline, checker, depth + 1)
        if leaf.missing:
            return None
        leaves.append(leaf)
    lines = [first]
    for leaf in leaves:
        lines.append("· " + leaf.lines[0])
        lines += ["  " + x for x in leaf.lines[1:]]
    return Leaf(lines)


def _substitute_values(goal: Goal, values: list, checker: KernelChecker) -> list[str] | None:
    """Every variable of the target has a value (`hᵢ : vᵢ = cᵢ`): `subst hᵢ` each, then the
    closed goal by evaluation (`norm_num`, `decide`): ℕ subtraction, `/` and `%` included."""
    named = {prop.args[0].value: name for name, _, prop in values}
    if not free_vars(goal.target) or not set(free_vars(goal.target)) <= set(named):
        return None
    lines = []
    for var in sorted(free_vars(goal.target)):
        tactic = f"subst {named[var]}"
        r = checker.apply(goal, tactic)
        if not isinstance(r, Subgoals) or len(r.goals) != 1:
            return None
        goal = r.goals[0]
        lines.append(tactic)
    for closer in ("norm_num", "decide"):
        if isinstance(checker.close(goal, closer), Closed):
            return lines + [closer]
    return None


def _name_conjuncts(goal: Goal) -> tuple[list[str], Goal]:
    """`obtain ⟨h₁, h₂⟩ := h` for each hypothesis `h : P ∧ Q` (nested: again on the second
    part) whose parts are comparisons: a hint term names a hypothesis, not a projection."""
    from prover.checkers.sympy_checker import SympyChecker
    structural = SympyChecker()
    lines: list[str] = []
    for _ in range(8):
        target = next((n for n, h in goal.hypotheses if h.op == "and"
                       and all(p.op in ("lt", "le", "gt", "ge", "eq", "ne", "and") for p in h.args)), None)
        if target is None:
            break
        first = goal.fresh_name(f"{target}_1")
        second = goal.fresh_name(f"{target}_2") if first != f"{target}_2" else goal.fresh_name(f"{target}_3")
        tactic = f"obtain ⟨{first}, {second}⟩ := {target}"
        r = structural.apply(goal, tactic, budget_s=1.0)
        if not isinstance(r, Subgoals) or len(r.goals) != 1:
            break
        goal = r.goals[0]
        lines.append(tactic)
    return lines, goal


ABS_LEMMAS = ("le_abs_self", "neg_abs_le")


def _abs_facts(goal: Goal) -> tuple[list[str], Goal]:
    """`have h := le_abs_self (t)` and `have h := neg_abs_le (t)` (Mathlib: `t ≤ |t|`,
    `-|t| ≤ t`) for each `|t|` of an ordered ring in the goal: the bounds linarith and
    nlinarith need about an absolute value (its products give `t² ≤ |t|²`)."""
    from prover.checkers.sympy_checker import SympyChecker
    terms = []
    for e in [goal.target] + [h for _, h in goal.hypotheses]:
        for x in e.walk():
            if x.op == "call" and x.value == "abs" and x.ty in ORDERED and x.args[0] not in terms \
                    and not any(v.op in ("forall", "exists", "lambda", "sum", "prod", "setof") for v in e.walk()):
                terms.append(x.args[0])
    if not terms:
        return [], goal
    structural = SympyChecker()
    lines: list[str] = []
    for t in terms[:4]:
        for lemma in ABS_LEMMAS:
            name = goal.fresh_name("habs")
            tactic = f"have {name} := {lemma} ({show(t)})"
            r = structural.apply(goal, tactic, budget_s=1.0)
            if isinstance(r, Subgoals) and len(r.goals) == 1:
                goal = r.goals[0]
                lines.append(tactic)
    return lines, goal


def _determined_values(goal: Goal, deadline: float, checker: KernelChecker) -> list:
    """Variables whose value the hypotheses fix linearly: a value guessed from a model of the
    hypotheses (untrusted), kept when the kernel's `linarith` proves `v = value`. Returns
    (hypothesis name, statement text, proposition) for each."""
    from prover.search.counterexample import model_of_hypotheses
    from prover.syntax.elaborate import Elaborator
    from prover.syntax.parser import parse_term
    if not goal.hypotheses or goal.target.op not in ("eq", "le", "lt", "ge", "gt", "ne"):
        return []
    left = _left(deadline, 0.5)
    if left < 0.05:
        return []
    model = model_of_hypotheses(goal, timeout_ms=int(left * 1000))
    if not model:
        return []
    out = []
    for n, ty in goal.variables:
        if ty not in ORDERED + (NAT,) or n not in model or time.monotonic() >= deadline:
            continue
        text = f"{n} = {_lit(model[n]) if model[n] >= 0 else '-' + _lit(-model[n])}"
        try:
            prop = Elaborator(goal.context).prop(parse_term(text))
        except Exception:
            continue
        if isinstance(checker.close(goal.with_target(prop), "linarith"), Closed):
            out.append((goal.fresh_name(f"h{n}"), text, prop))
    return out


def _by_values(goal: Goal, values: list, deadline: float | None = None) -> list[str]:
    """`linear_combination Σ qᵢ * hᵢ` for an equation goal once variables have values
    `hᵢ : vᵢ = cᵢ`: the goal's polynomial divided by each `vᵢ - cᵢ` in turn (exact quotients
    of any degree); the remainder must vanish. Untrusted: the kernel checks."""
    from prover.decide.limits import TIMED_OUT, run_with_limit
    found = run_with_limit(_divide_by_values, (goal, values), seconds=_left(deadline, 1.0))
    return [] if found is TIMED_OUT or not found else [found]


def _divide_by_values(goal: Goal, values: list) -> str | None:
    import sympy

    from prover.decide.algebra import NotPolynomial, PolyTranslator
    t = goal.target
    if t.op != "eq" or t.value not in ORDERED:
        return None
    tr = PolyTranslator()
    try:
        rem = sympy.expand(tr(t.args[0]) - tr(t.args[1]))
        divisors = [(name, tr(prop.args[0]), sympy.expand(tr(prop.args[0]) - tr(prop.args[1])))
                    for name, _, prop in values]
    except (NotPolynomial, RecursionError):
        return None
    parts = []
    for name, var, d in divisors:
        q, rem = sympy.div(rem, d, var)
        q = sympy.expand(q)
        if q != 0:
            parts.append((name, q))
    if sympy.expand(rem) != 0 or not parts:
        return None
    return "linear_combination " + " + ".join(_term(n, c) for n, c in parts).replace("+ -", "- ")


def _inequality_by_value(goal: Goal, values: list, checker: KernelChecker,
                         deadline: float | None = None) -> list[str] | None:
    """A comparison whose sides have values at the determined point: `have hk : a - b = k :=
    by linear_combination …` (the exact value k), then `linarith`."""
    from fractions import Fraction

    from prover.kernel.evaluate import NotEvaluable, value
    from prover.syntax.ast import substitute
    from prover.syntax.elaborate import Elaborator
    from prover.syntax.parser import parse_term
    t = goal.target
    if t.op not in ("le", "lt", "ge", "gt", "ne") or t.value not in ORDERED:
        return None
    diff = Expr("sub", (t.args[0], t.args[1]), ty=t.value)
    closed = diff
    for _, _, prop in values:
        closed = substitute(closed, prop.args[0].value, prop.args[1])
    try:
        k = Fraction(value(closed))
    except (NotEvaluable, ZeroDivisionError):
        return None
    text = f"{show(t.args[0])} - ({show(t.args[1])}) = {_lit(k) if k >= 0 else '-' + _lit(-k)}"
    try:
        prop = Elaborator(goal.context).prop(parse_term(text))
    except Exception:
        return None
    combos = _by_values(goal.with_target(prop), values, deadline)
    if not combos:
        return None
    name = goal.fresh_name("hk")
    inner = f"have {name} : {text} := by {combos[0]}"
    after = goal.with_hypothesis(name, prop)
    if isinstance(checker.close(goal.with_target(prop), combos[0]), Closed) \
            and isinstance(checker.close(after, "linarith"), Closed):
        return [inner, "linarith"]
    return None


def _has_succ_power(e: Expr) -> bool:
    return any(x.op == "pow" and x.args[1].op == "add" and x.args[1].args[1].op == "num" and x.args[1].args[1].value == 1
               for x in e.walk())


def _definitions(goal: Goal) -> dict:
    """Hypotheses `h : ∀ x₁ … xₖ, f x₁ … xₖ = e` (unguarded): function name ↦ (h, k)."""
    out = {}
    for name, h in goal.hypotheses:
        bound = []
        body = h
        while body.op == "forall":
            bound.append(body.value[0])
            body = body.args[0]
        if not bound or body.op != "eq":
            continue
        lhs = body.args[0]
        if lhs.op == "apply" and [a.value if a.op == "var" else None for a in lhs.args] == bound:
            out.setdefault(lhs.value, (name, len(bound)))
    return out


MAX_INSTANCES = 8


def _instantiate_definitions(goal: Goal) -> tuple[list[str], Goal]:
    """`have hᵢ := h a` for each application `f a` in the goal whose function has a definition
    `h : ∀ x, f x = e`, twice over (values of nested applications): the instances are
    equations linarith and linear_combination can use (their applications are atoms)."""
    from prover.checkers.sympy_checker import SympyChecker
    defs = _definitions(goal)
    if not defs:
        return [], goal
    structural = SympyChecker()
    lines: list[str] = []
    done: set = set()
    for _ in range(2):
        calls = []
        for e in [goal.target] + [h for n, h in goal.hypotheses if n not in {d[0] for d in defs.values()}]:
            for x in e.walk():
                if x.op == "apply" and x.value in defs and len(x.args) == defs[x.value][1] and x not in done:
                    if not any(v.op in ("forall", "exists", "lambda", "sum", "prod", "setof") for v in e.walk()
                               if x in v.walk() and v is not x):
                        calls.append(x)
        for call in dict.fromkeys(calls):
            if len(lines) >= MAX_INSTANCES:
                break
            done.add(call)
            h = defs[call.value][0]
            name = goal.fresh_name(f"{h}_")
            tactic = f"have {name} := {h} " + " ".join(f"({show(a)})" for a in call.args)
            r = structural.apply(goal, tactic, budget_s=1.0)
            if isinstance(r, Subgoals) and len(r.goals) == 1:
                goal = r.goals[0]
                lines.append(tactic)
    return lines, goal


def _split(goal: Goal, method: str):
    """Structure to take apart before trying again: `constructor` on ∧/↔, `intro` on → ∀ ¬,
    `interval_cases v` on a small bounded ℕ/ℤ variable."""
    from prover.checkers.sympy_checker import SympyChecker
    structural = SympyChecker()
    t = goal.target
    tactic = None
    if t.op in ("and", "iff"):
        tactic = "constructor"
    elif t.op in ("imp", "not"):
        tactic = f"intro {goal.fresh_name('h')}"
    elif t.op == "forall":
        names, body = [], t
        while body.op == "forall" and len(names) < 6:
            names.append(body.value[0])
            body = body.args[0]
        tactic = "intro " + " ".join(names)
    if tactic is None:
        for name, h in goal.hypotheses:
            if h.op == "exists":   # `obtain ⟨x, hx⟩ := h`: the witness as a variable
                var = goal.fresh_name(h.value[0])
                tactic = f"obtain ⟨{var}, {goal.fresh_name('h' + var)}⟩ := {name}"
                break
    if tactic is None:
        from prover.decide.bounds import variable_bounds
        for n, ty in goal.variables:
            if ty in (NAT, INT) and n in free_vars(goal.target):
                b = variable_bounds(goal, n)
                if b is not None and b[1] - b[0] <= 12:
                    tactic = f"interval_cases {n}"
                    break
    if tactic is None:
        return None
    r = structural.apply(goal, tactic, budget_s=1.0)
    if isinstance(r, Subgoals) and r.goals and all(g != goal for g in r.goals):
        return tactic, r.goals
    return None


def reconstruct_have(goal: Goal, tactic: str, deadline: float, checker: KernelChecker) -> tuple[str, list[str]]:
    """`have h : P := by tac` whose inner step the kernel refuses: a kernel tactic for P on one
    line, or the inner step marked as true by oracle."""
    from prover.tactics.parse import parse_tactic
    try:
        t = parse_tactic(tactic)
    except Exception:
        return tactic, ["structural step"]
    if t.name != "have" or t.statement is None or not t.args:
        return tactic, [f"{tactic.split()[0]} (its inner step)"]
    from prover.checkers.sympy_checker import SympyChecker
    try:
        prop = SympyChecker._prop(goal, t.statement)
    except Exception:
        return tactic, ["have"]
    leaf = reconstruct_leaf(goal.with_target(prop), t.inner or "", "z3", deadline, checker)
    if len(leaf.lines) == 1 and not leaf.missing:
        return f"have {t.args[0]} : {t.statement} := by {leaf.lines[0]}", []
    return f"have {t.args[0]} : {t.statement} := by {oracle_line('z3')}", leaf.missing or ["z3"]


def reconstruct_tree(tree, deadline: float) -> tuple[list[str], KernelChecker]:
    """Give every oracle-closed leaf of the proof in `tree` a kernel tactic (or the oracle
    mark), and every `have … := by tac` edge a kernel-checked inner step; returns the methods
    left without certificate and the kernel checker (its cache serves the final replay)."""
    checker = KernelChecker()
    deadline = max(deadline, time.monotonic() + MIN_RECONSTRUCT_S)
    missing: list[str] = []
    seen: set[int] = set()
    stack = [tree.root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if node.closed_by:
            tactic, cert, source = node.closed_by
            if tactic.startswith(ORACLE_MARK) and getattr(node, "oracle", None):
                tactic = node.oracle[0]   # a second, longer try (the kernel's cache skips what failed)
            leaf = reconstruct_leaf(node.goal, tactic, cert.method, deadline, checker)
            node.closed_by = ("\n".join(leaf.lines), cert, source)
            missing += leaf.missing
            continue
        edge = next(e for e in node.edges if e.status == "proved")
        result = checker.apply(node.goal, edge.tactic)
        if not isinstance(result, Subgoals):
            edge.tactic, lost = reconstruct_have(node.goal, edge.tactic, deadline, checker)
            missing += lost
        stack += edge.children
    return missing, checker


__all__ = ["reconstruct_tree", "Leaf", "reconstruct_leaf", "reconstruct_have", "nlinarith_hint_lists", "linear_combination_candidates",
           "ORACLE_MARK", "oracle_line", "MIN_RECONSTRUCT_S", "show"]


def square_hints(goal: Goal, deadline: float | None = None) -> list[str]:
    """`sq_nonneg (l)` hints that complete the square: when `rhs - lhs` of a `≤`/`<` goal (or
    `lhs - rhs` of `≥`/`>`) is a quadratic polynomial p in the goal's variables, p = zᵀQz with
    z = (x₁ … xₙ, 1), and Q's LDLᵀ decomposition (exact, over ℚ) gives p = Σ dₖ lₖ(z)²; with
    every dₖ ≥ 0, `linarith` closes the goal from the squares `0 ≤ lₖ²` (untrusted: the kernel
    checks). Each lₖ is scaled to integer coefficients."""
    from prover.decide.limits import TIMED_OUT, run_with_limit
    found = run_with_limit(_square_hints, (goal,), seconds=_left(deadline, 1.0))
    return [] if found is TIMED_OUT or not found else found


def _square_hints(goal: Goal) -> list[str] | None:
    from fractions import Fraction
    from math import lcm

    import sympy

    from prover.decide.algebra import NotPolynomial, PolyTranslator
    t = goal.target
    if t.op not in ("le", "lt", "ge", "gt") or t.value not in ORDERED:
        return None
    types = dict(goal.variables)
    lo, hi = (t.args[0], t.args[1]) if t.op in ("le", "lt") else (t.args[1], t.args[0])
    tr = PolyTranslator()
    try:
        p = sympy.expand(tr(hi) - tr(lo))
    except (NotPolynomial, RecursionError):
        return None
    names = sorted(tr.symbols, key=str)
    if not names or any(types.get(n) != t.value for n in names):
        return None
    syms = [tr.symbols[n] for n in names]
    poly = sympy.Poly(p, *syms)
    if poly.total_degree() != 2:
        return None
    n = len(syms)
    q = [[Fraction(0)] * (n + 1) for _ in range(n + 1)]
    for monom, coeff in poly.terms():
        c = Fraction(int(sympy.Rational(coeff).p), int(sympy.Rational(coeff).q))
        idx = [i for i, e in enumerate(monom) for _ in range(e)]
        if len(idx) == 2:
            i, j = idx
        elif len(idx) == 1:
            i, j = idx[0], n
        else:
            i, j = n, n
        if i == j:
            q[i][i] += c
        else:
            q[i][j] += c / 2
            q[j][i] += c / 2
    size = n + 1
    lower = [[Fraction(0)] * size for _ in range(size)]
    d = [Fraction(0)] * size
    for k in range(size):
        d[k] = q[k][k] - sum(lower[k][j] ** 2 * d[j] for j in range(k))
        for i in range(k + 1, size):
            v = q[i][k] - sum(lower[i][j] * lower[k][j] * d[j] for j in range(k))
            if d[k] == 0:
                if v != 0:
                    return None   # not positive semidefinite in this order
                lower[i][k] = Fraction(0)
            else:
                lower[i][k] = v / d[k]
        lower[k][k] = Fraction(1)
        if d[k] < 0 and k < n:
            return None
    hints = []
    for k in range(n):
        if d[k] <= 0:
            continue
        coeffs = [lower[i][k] for i in range(size)]
        scale = lcm(*(c.denominator for c in coeffs))
        ints = [int(c * scale) for c in coeffs]
        hints.append(f"sq_nonneg ({_linear_text(ints, names)})")
    return hints or None


def _linear_text(ints: list[int], names: list[str]) -> str:
    parts = []
    for c, name in zip(ints, names + [""]):
        if c == 0:
            continue
        mag = abs(c)
        body = name if (name and mag == 1) else (f"{mag} * {name}" if name else str(mag))
        parts.append(("- " if c < 0 else "+ ") + body)
    text = " ".join(parts) or "0"
    return text[2:] if text.startswith("+ ") else "-" + text[2:] if text.startswith("- ") else text


FIELD_SIMP = "field_simp <;> ring"


def field_simp_leaf(goal: Goal, checker: KernelChecker, deadline: float) -> list[str] | None:
    """Division in a field equation: `field_simp <;> ring` when it is an identity once the
    denominators are cleared; else, with equations among the hypotheses,
    `have hfield : L - (R) = N / D := by field_simp <;> ring` (N / D from SymPy's `together`,
    D as a product of its factors so that each is discharged on its own) and
    `linear_combination hfield + (e) / (D)`, `e` the cofactors with `N = e` from the
    linear-algebra finder. Untrusted: the kernel checks both steps."""
    t = goal.target
    if t.op not in ("eq", "le", "lt", "ge", "gt") or t.value not in (RAT, REAL, COMPLEX) \
            or not any(n.op == "div" for n in t.walk()):
        return None
    split = []   # `h : a ≠ 0 ∧ b ≠ 0`: field_simp's discharger (`assumption`) needs the parts
    for _ in range(6):
        conj = next((n for n, h in goal.hypotheses if h.op == "and"), None)
        if conj is None:
            break
        left, right = goal.fresh_name(f"{conj}_1"), goal.fresh_name(f"{conj}_2")
        step = f"obtain ⟨{left}, {right}⟩ := {conj}"
        r = checker.apply(goal, step)
        if not isinstance(r, Subgoals) or len(r.goals) != 1:
            break
        split.append(step)
        goal = r.goals[0]
    try:
        facts, goal = _nonzero_facts(goal, checker, min(deadline, time.monotonic() + 2.0))
        lines = _field_simp_lines(goal, checker, deadline)
    except Exception:   # an untrusted finder that fails on its input proposes nothing
        return None
    return split + facts + lines if lines else None


_CANNOT = re.compile(r"field_simp: cannot prove (.+) ≠ 0 \(no hypothesis")


def _nonzero_facts(goal: Goal, checker: KernelChecker, deadline: float) -> tuple[list[str], Goal]:
    """A denominator factor field_simp's discharger cannot prove nonzero from the context
    (`a - 1` when `h : 1 < a`): `have hne : a - 1 ≠ 0 := by linarith` (or nlinarith, positivity)
    puts the fact where its `assumption` finds it."""
    from prover.errors import ProverError
    from prover.syntax.elaborate import Elaborator
    from prover.syntax.parser import parse_term
    t = goal.target
    small, big = (t.args[1], t.args[0]) if t.op in ("ge", "gt") else t.args
    lines: list[str] = []
    for _ in range(3):
        equation = goal if t.op == "eq" else goal.with_target(Expr("eq", (big, small), value=t.value, ty=t.ty))
        answer = checker.close(equation, FIELD_SIMP)
        m = None if isinstance(answer, Closed) else _CANNOT.match(answer.reason)
        if m is None:
            break
        try:
            prop = Elaborator(goal.context).prop(parse_term(f"{m.group(1)} ≠ 0"))
        except (ProverError, RecursionError):
            break
        side = goal.with_target(prop)
        tactic = _first_checked(side, ["positivity", "linarith", "nlinarith"], checker, deadline)
        if tactic is None:
            break
        name = goal.fresh_name("hne")
        lines.append(f"have {name} : {m.group(1)} ≠ 0 := by {tactic}")
        goal = goal.with_hypothesis(name, prop)
    return lines, goal


def _field_simp_lines(goal: Goal, checker: KernelChecker, deadline: float) -> list[str] | None:
    t = goal.target
    deadline = min(deadline, time.monotonic() + 3.0)
    small, big = (t.args[1], t.args[0]) if t.op in ("ge", "gt") else t.args
    equation = goal if t.op == "eq" else goal.with_target(Expr("eq", (big, small), value=t.value, ty=t.ty))
    answer = checker.close(equation, FIELD_SIMP)
    if t.op == "eq" and isinstance(answer, Closed):
        return [FIELD_SIMP]
    if not isinstance(answer, Closed) and not answer.reason.startswith("ring failed"):
        return None   # a denominator field_simp cannot clear: no cleared form will check either
    if t.op in ("le", "lt", "ge", "gt"):
        return _field_simp_inequality(goal, checker, deadline)
    if not any(h.op == "eq" and h.value == t.value for _, h in goal.hypotheses):
        return None
    from prover.decide.limits import TIMED_OUT, run_with_limit
    found = run_with_limit(_cleared_fraction, (goal,), seconds=min(1.0, max(deadline - time.monotonic(), 0.1)))
    if found is TIMED_OUT or found is None:
        return None
    n_text, d_text = found
    from prover.errors import ProverError
    from prover.syntax.elaborate import Elaborator
    from prover.syntax.parser import parse_term
    name = goal.fresh_name("hfield")
    statement = f"{show(t.args[0])} - ({show(t.args[1])}) = ({n_text}) / ({d_text})"
    try:
        key = Elaborator(goal.context).prop(parse_term(statement))
        cleared = goal.with_target(Elaborator(goal.context).prop(parse_term(f"{n_text} = 0")))
    except (ProverError, RecursionError):
        return None
    if not isinstance(checker.close(goal.with_target(key), FIELD_SIMP), Closed):
        return None
    richer = goal.with_hypothesis(name, key)
    for candidate in linear_combination_candidates(cleared, budget_s=min(1.0, max(deadline - time.monotonic(), 0.1))):
        combination = candidate.removeprefix("linear_combination ")
        final = f"linear_combination {name} + ({combination}) / ({d_text})"
        if isinstance(checker.close(richer, final), Closed):
            return [f"have {name} : {statement} := by", f"  {FIELD_SIMP}", final]
    return None


def _field_simp_inequality(goal: Goal, checker: KernelChecker, deadline: float) -> list[str] | None:
    """`L ≤ R` (or `<`) with division: `have hfield : R - (L) = M / D := by field_simp <;> ring`,
    `have hnum : 0 ≤ M` by the usual finders, `have hquot : 0 ≤ M / D := by positivity` (M by
    the hypothesis hnum, D by positivity's rules), then `linarith`."""
    from prover.errors import ProverError
    from prover.syntax.elaborate import Elaborator
    from prover.syntax.parser import parse_term
    from prover.decide.limits import TIMED_OUT, run_with_limit
    t = goal.target
    small, big = (t.args[1], t.args[0]) if t.op in ("ge", "gt") else t.args
    rel = "<" if t.op in ("lt", "gt") else "≤"
    flipped = goal.with_target(Expr("eq", (big, small), value=t.value, ty=t.ty))
    found = run_with_limit(_cleared_fraction, (flipped,), seconds=min(1.0, max(deadline - time.monotonic(), 0.1)))
    if found is TIMED_OUT or found is None:
        return None
    m_text, d_text = found
    names = [goal.fresh_name(n) for n in ("hfield", "hnum", "hquot")]
    lines = [f"have {names[0]} : {show(big)} - ({show(small)}) = ({m_text}) / ({d_text}) := by",
             f"  {FIELD_SIMP}"]
    try:
        el = Elaborator(goal.context)
        key = el.prop(parse_term(lines[0][len(f"have {names[0]} : "):-len(" := by")]))
        num_prop = el.prop(parse_term(f"0 {rel} {m_text}"))
        quot_prop = el.prop(parse_term(f"0 {rel} ({m_text}) / ({d_text})"))
    except (ProverError, RecursionError):
        return None
    if not isinstance(checker.close(goal.with_target(key), FIELD_SIMP), Closed):
        return None
    num_goal = goal.with_target(num_prop)
    budget = min(deadline, time.monotonic() + 4.0)
    num_tactic = _first_checked(num_goal, leaf_candidates(num_goal, "", "z3"), checker, budget)
    if num_tactic is None:
        return None
    richer = goal.with_hypothesis(names[0], key).with_hypothesis(names[1], num_prop)
    if not isinstance(checker.close(richer.with_target(quot_prop), "positivity"), Closed):
        return None
    if not isinstance(checker.close(richer.with_hypothesis(names[2], quot_prop), "linarith"), Closed):
        return None
    return lines + [f"have {names[1]} : 0 {rel} {m_text} := by {num_tactic}",
                    f"have {names[2]} : 0 {rel} ({m_text}) / ({d_text}) := by positivity", "linarith"]


def _cleared_fraction(goal: Goal) -> tuple[str, str] | None:
    """(N, D) as Lean text with L - R = N / D, D a product of factor powers (SymPy)."""
    import sympy
    atoms: dict = {}
    symbols: dict = {}

    def tr(e: Expr):
        if e.op == "num":
            return sympy.Rational(e.value.numerator, e.value.denominator) if hasattr(e.value, "denominator") else sympy.Integer(e.value)
        if e.op == "var":
            return symbols.setdefault(e.value, sympy.Symbol(e.value))
        if e.op in ("add", "sub", "mul", "div"):
            a, b = tr(e.args[0]), tr(e.args[1])
            return {"add": a + b, "sub": a - b, "mul": a * b, "div": a / b}[e.op]
        if e.op == "neg":
            return -tr(e.args[0])
        if e.op == "pow" and e.args[1].op == "num" and e.args[1].ty == NAT:
            return tr(e.args[0]) ** int(e.args[1].value)
        raise ValueError("not a rational function of variables")

    t = _atomize(goal.target, atoms)
    numer, denom = sympy.fraction(sympy.together(tr(t.args[0]) - tr(t.args[1])))
    coeff, factors = sympy.factor_list(denom)
    if not factors:
        return None
    numer = sympy.expand(numer / coeff)
    if numer == 0:
        return None
    def text(c):
        return _lit(sympy.Rational(c)) if c.is_number else _poly_text(c)
    parts = [f"({text(f)})" + (f" ^ {k}" if k > 1 else "") for f, k in factors]
    n_text, d_text = text(numer).replace(" + -", " - "), " * ".join(parts).replace(" + -", " - ")
    for key, lean in atoms.items():
        n_text, d_text = n_text.replace(key, f"({lean})"), d_text.replace(key, f"({lean})")
    return n_text, d_text


# -- evaluation of functions given by hypotheses (recurrences, definitions) ------------------

MAX_CHAIN = 60   # function values computed from the hypotheses, each two `have`s in the script


def _function_rules(goal: Goal, functions: set) -> tuple[dict, list]:
    """Ground hypotheses `f c = e` (by (f, values of c)) and rules `∀ x…, P → … → f pat = e`
    whose patterns are binders `n`, `n + k` (ℕ) or numerals."""
    from prover.kernel.evaluate import ground_equation, value
    ground, rules = {}, []
    for name, h in goal.hypotheses:
        if "✝" in name:
            continue   # inaccessible: no script can name it
        if ground_equation(h, functions) and h.args[0].op == "apply":
            try:
                key = (h.args[0].value, tuple(value(a) for a in h.args[0].args))
            except Exception:
                continue
            ground.setdefault(key, name)
            continue
        binders, premises, body = [], [], h
        while body.op in ("forall", "imp"):
            if body.op == "forall":
                if premises:
                    break
                binders.append(body.value)
            else:
                premises.append(body.args[0])
            body = body.args[-1]
        if not binders or body.op != "eq" or body.args[0].op != "apply" or body.args[0].value not in functions:
            continue
        rules.append((name, binders, body))
    return ground, rules


def _match_pattern(pats, vals, binders) -> dict | None:
    """Values of the binders making `f pats` the call `f vals` (ℕ offsets `n + k` solved)."""
    from prover.kernel.evaluate import value
    names = {b for b, _ in binders}
    out: dict = {}
    for p, v in zip(pats, vals):
        if p.op == "var" and p.value in names:
            x = v
        elif p.op == "add" and p.args[0].op == "var" and p.args[0].value in names and p.args[1].op == "num" \
                and p.ty == NAT:
            x = v - p.args[1].value
            if x < 0:
                return None
            p = p.args[0]
        elif not free_vars(p):
            try:
                if value(p) != v:
                    return None
            except Exception:
                return None
            continue
        else:
            return None
        if out.setdefault(p.value, x) != x:
            return None
    return out if set(out) == names else None


def _literal(v, ty) -> Expr:
    from fractions import Fraction
    v = Fraction(v)
    mag = Expr("num", value=abs(v.numerator), ty=ty) if v.denominator == 1 else \
        Expr("div", (Expr("num", value=abs(v.numerator), ty=ty), Expr("num", value=v.denominator, ty=ty)), ty=ty)
    return Expr("neg", (mag,), ty=ty) if v < 0 else mag


def evaluation_chain(goal: Goal, deadline: float, checker: KernelChecker) -> list[str] | None:
    """A script computing the values of the functions the goal applies to numerals, from the
    hypotheses that define them (values `f 1 = 20`, recurrences `∀ n, n ≥ 3 → f n = …`,
    definitions `∀ x, f x = …`), up to `MAX_CHAIN` values: for each value
    `have eₖ : f c = rhs[c] := by exact h c (by norm_num)` (the instance, checked by the kernel's
    `exact`) and `have vₖ : f c = value := by norm_num [eₖ, …]`, then `norm_num [v…]` on the goal.
    The values come from exact evaluation here (untrusted: each step is checked by the kernel)."""
    from prover.kernel.evaluate import NotEvaluable, ground_equation, holds, normal_numeral, value
    from prover.kernel.lemmas import reduce_nat_literals
    from prover.syntax.ast import substitute
    functions = {n for n, ty in goal.variables if isinstance(ty, tuple)}
    variables = [n if "✝" not in n else f"‹{show(h)}›" for n, h in goal.hypotheses
                 if h.op == "eq" and h.args[0].op == "var" and ground_equation(h, functions) and n not in goal.context]
    calls = [x for x in goal.target.walk() if x.op == "apply" and x.value in functions]
    if any(free_vars(a) - functions for c in calls for a in c.args):
        return None
    ground, rules = _function_rules(goal, functions)
    if not calls and variables:
        return _checked([f"norm_num [{', '.join(variables)}]"], goal, checker)
    if not calls or (not rules and not ground):
        return None
    known: dict = {}          # (f, args) -> (value, hypothesis name)
    lines: list[str] = []
    taken = set(goal.names)

    def fresh(base):
        name = base
        k = 0
        while name in taken:
            k += 1
            name = f"{base}_{k}"
        taken.add(name)
        return name

    def evaluate(e: Expr, depth: int):
        """Value of a closed term whose function calls are computed on the way; also the
        names of the value hypotheses it used."""
        used = []

        def inline(x: Expr) -> Expr:
            if x.op == "apply" and x.value in functions:
                args = tuple(inline(a) for a in x.args)
                v, hyp = compute(x.value, tuple(value(a) for a in args), depth + 1)
                used.append(hyp)
                return _literal(v, x.ty)
            return x.with_args(*(inline(a) for a in x.args)) if x.args else x
        return value(inline(e)), used

    def compute(f: str, vals: tuple, depth: int):
        key = (f, vals)
        if key in known:
            return known[key]
        if len(known) >= MAX_CHAIN or depth > MAX_CHAIN or time.monotonic() > deadline:
            raise NotEvaluable("chain too long")
        if key in ground:
            h = goal.hypothesis(ground[key])
            v, _ = evaluate(h.args[1], depth)
            known[key] = (v, ground[key])
            return known[key]
        for name, binders, body in rules:
            lhs = body.args[0]
            if lhs.value != f or len(lhs.args) != len(vals):
                continue
            sol = _match_pattern(lhs.args, vals, binders)
            if sol is None or any(ty not in (NAT, INT, RAT, REAL) for _, ty in binders):
                continue
            inst = goal.hypothesis(name)
            args_text, premises_ok = [], True
            for b, ty in binders:
                arg = _literal(sol[b], ty)
                inst = substitute(inst.args[0], b, arg)
                args_text.append(show(arg) if arg.op == "num" else f"({show(arg)})")
            while inst.op == "imp":
                try:
                    ok = holds(inst.args[0])
                except NotEvaluable:
                    ok = False
                if not ok:
                    premises_ok = False
                    break
                parity = any(x.op == "pred" and x.value in ("Even", "Odd") for x in inst.args[0].walk())
                args_text.append("(by decide)" if parity else "(by norm_num)")
                inst = inst.args[1]
            if not premises_ok:
                continue
            inst = reduce_nat_literals(inst)
            if not all(normal_numeral(a) for x in inst.args[1].walk() if x.op == "apply" for a in x.args):
                continue
            v, used = evaluate(inst.args[1], depth)
            e_name, v_name = fresh(f"e{f}{len(known)}"), fresh(f"v{f}{len(known)}")
            lines.append(f"have {e_name} : {show(inst)} := by exact {name} {' '.join(args_text)}")
            value_prop = Expr("eq", (inst.args[0], _literal(v, inst.args[0].ty)), value=inst.value, ty=inst.ty)
            hints = ", ".join(dict.fromkeys([e_name] + used))
            lines.append(f"have {v_name} : {show(value_prop)} := by norm_num [{hints}]")
            known[key] = (v, v_name)
            return known[key]
        raise NotEvaluable(f"no hypothesis gives {f} at {vals}")

    used: list = []
    try:
        for c in calls:
            _, hyps = evaluate(c, 0)
            used += hyps
    except (NotEvaluable, RecursionError, ZeroDivisionError):
        return _linear_instances(goal, functions, rules, checker)
    if not lines:
        return None
    return _checked(lines + [f"norm_num [{', '.join(dict.fromkeys(used + variables))}]"], goal, checker)


def _checked(script: list[str], goal: Goal, checker: KernelChecker) -> list[str] | None:
    """The script when the kernel checker replays it completely, else None."""
    from prover.checkers.kernel_checker import certify
    if certify(goal, "\n".join(script), KernelChecker(cache=checker.cache)).ok:
        return script
    return None


def _linear_instances(goal: Goal, functions: set, rules: list, checker: KernelChecker) -> list[str] | None:
    """Values the hypotheses fix only together (`s 9 = 110`, `s 7 = 42`, `∀ n, s (n + 2) = s (n + 1)
    + s n` ⊢ `s 4 = 10`): every instance of a one-argument ℕ rule whose calls stay between the
    least and the greatest numeral argument of the goal, as `have eₖ := by exact h c`, then
    `linarith` on these equations (their calls are atoms). At most `MAX_CHAIN` instances."""
    from prover.kernel.evaluate import NotEvaluable, holds, normal_numeral, value
    from prover.kernel.lemmas import reduce_nat_literals
    from prover.syntax.ast import substitute
    numerals = []
    for e in [goal.target] + [h for _, h in goal.hypotheses]:
        for x in e.walk():
            if x.op == "apply" and x.value in functions and len(x.args) == 1 and normal_numeral(x.args[0]) \
                    and x.args[0].ty == NAT:
                numerals.append(value(x.args[0]))
    if not numerals or max(numerals) - min(numerals) > MAX_CHAIN:
        return None
    lo, hi = min(numerals), max(numerals)
    lines: list[str] = []
    for name, binders, body in rules:
        if len(binders) != 1 or binders[0][1] != NAT or len(body.args[0].args) != 1:
            continue
        for c in range(lo, hi + 1):
            sol = _match_pattern(body.args[0].args, (c,), binders)
            if sol is None or len(lines) >= MAX_CHAIN:
                continue
            b = binders[0][0]
            inst = substitute(goal.hypothesis(name).args[0], b, Expr("num", value=sol[b], ty=NAT))
            args = [str(sol[b])]
            try:
                while inst.op == "imp":
                    if not holds(inst.args[0]):
                        raise NotEvaluable("premise")
                    parity = any(x.op == "pred" and x.value in ("Even", "Odd") for x in inst.args[0].walk())
                    args.append("(by decide)" if parity else "(by norm_num)")
                    inst = inst.args[1]
            except NotEvaluable:
                continue
            inst = reduce_nat_literals(inst)
            inner = [x.args[0] for x in inst.walk() if x.op == "apply" and x.value in functions]
            if not all(normal_numeral(a) and lo <= value(a) <= hi for a in inner):
                continue
            lines.append(f"have {goal.fresh_name(f'e{name}_{c}')} : {show(inst)} := by exact {name} {' '.join(args)}")
    if not lines:
        return None
    return _checked(lines + ["linarith"], goal, checker)


# -- transcendental atoms: Mathlib facts about √, exp, log, sin/cos, π as hint terms -----------

TRANSCENDENTAL = ("Real.sqrt", "Real.exp", "Real.log", "Real.sin", "Real.cos")


def _transcendental_atoms(goal: Goal) -> list[Expr]:
    """`√a`, `exp a`, `log a`, `sin a`, `cos a`, `π` occurring in the goal outside binders
    (innermost first, each once)."""
    found: list[Expr] = []
    for _, h in goal.hypotheses:
        _collect_transcendental(h, found)
    _collect_transcendental(goal.target, found)
    return found


def _collect_transcendental(e: Expr, found: list) -> None:
    from prover.syntax.ast import BINDER_OPS
    if e.op in BINDER_OPS:
        return
    for a in e.args:
        _collect_transcendental(a, found)
    if (e.op == "call" and e.value in TRANSCENDENTAL and len(e.args) == 1 and e.ty == REAL) or e.op == "pi":
        if e not in found:
            found.append(e)


def _side_proof(goal: Goal, op: str, lhs: Expr, rhs: Expr, checker: KernelChecker) -> str | None:
    """`(by tac : lhs op rhs)` for the first of positivity, norm_num, linarith, nlinarith the
    kernel accepts (untrusted choice: the hint is re-checked where it is used)."""
    from prover.kernel.proof import CheckedStep
    from prover.kernel.tactics import check
    prop = Expr(op, (lhs, rhs), value=REAL, ty="Prop")
    tactics = ("norm_num", "positivity") if not free_vars(prop) else ("positivity", "linarith", "nlinarith")
    symbol = {"le": "≤", "lt": "<", "ne": "≠"}[op]
    for tac in tactics:
        if op == "ne" and tac not in ("positivity", "norm_num"):
            continue
        if isinstance(check(goal.with_target(prop), tac), CheckedStep):
            left = "(0:ℝ)" if lhs.op == "num" and lhs.value == 0 else f"({show(lhs)} : ℝ)"
            return f"(by {tac} : {left} {symbol} {show(rhs)})"
    return None


def transcendental_facts(goal: Goal, checker: KernelChecker) -> list[str]:
    """Hint terms (Mathlib lemmas, kernel-resolved) for each transcendental atom of the goal:
    √a: `Real.sqrt_nonneg a`, and `Real.sq_sqrt` when `0 ≤ a` is proved; exp a: `Real.exp_pos a`,
    `Real.add_one_le_exp a`; log a: `Real.log_le_sub_one_of_pos`, `Real.exp_log` when `0 < a`;
    log (exp b): `Real.log_exp b`; log (a * b): `Real.log_mul` with both factors `≠ 0`;
    sin/cos: `Real.sin_sq_add_cos_sq` and the bounds ±1; π: `Real.pi_gt_three`."""
    from prover.kernel.lemmas import resolve
    from prover.syntax.ast import num
    zero = num(0, REAL)
    facts: list[str] = []
    atoms = _transcendental_atoms(goal)
    seen = list(atoms)
    for _round in range(2):   # the facts' own new atoms (log x from log (x * y)) get facts once
        new_facts = _atom_facts(goal, atoms, checker, zero)
        out_round = []
        for f in dict.fromkeys(new_facts):
            try:
                prop = resolve(goal, f)   # keep what the kernel reads (untrusted filter; re-checked in use)
            except Exception:
                continue
            out_round.append(f)
            _collect_transcendental(prop, seen)
        facts += [f for f in out_round if f not in facts]
        atoms = [a for a in seen if a not in atoms and all(a is not b for b in atoms)]
        atoms = [a for a in atoms if a not in _transcendental_atoms(goal)]
        if not atoms:
            break
    return facts


def _atom_facts(goal: Goal, atoms: list, checker: KernelChecker, zero: Expr) -> list[str]:
    facts: list[str] = []
    for atom in atoms:
        if atom.op == "pi":
            facts += ["Real.pi_gt_three", "Real.pi_le_four"]
            continue
        a = atom.args[0]
        arg = f"({show(a)})"
        if atom.value == "Real.sqrt":
            facts.append(f"Real.sqrt_nonneg {arg}")
            side = _side_proof(goal, "le", zero, a, checker)
            if side:
                facts.append(f"Real.sq_sqrt {side}")
        elif atom.value == "Real.exp":
            facts += [f"Real.exp_pos {arg}", f"Real.add_one_le_exp {arg}"]
            if a.op == "call" and a.value == "Real.log":
                side = _side_proof(goal, "lt", zero, a.args[0], checker)
                if side:
                    facts.append(f"Real.exp_log {side}")
        elif atom.value == "Real.log":
            if a.op == "call" and a.value == "Real.exp":
                facts.append(f"Real.log_exp ({show(a.args[0])})")
                continue
            side = _side_proof(goal, "lt", zero, a, checker)
            if side:
                facts.append(f"Real.log_le_sub_one_of_pos {side}")
            if a.op in ("mul", "div"):
                hx = _side_proof(goal, "ne", a.args[0], zero, checker)
                hy = _side_proof(goal, "ne", a.args[1], zero, checker)
                if hx and hy:
                    facts.append(f"Real.log_{a.op} {hx} {hy}")
        else:   # sin, cos
            facts.append(f"Real.sin_sq_add_cos_sq {arg}")
            if atom.value == "Real.sin":
                pos = _side_proof(goal, "lt", zero, a, checker)
                below = pos and _side_proof(goal, "lt", a, Expr("pi", (), ty=REAL), checker)
                if below:
                    facts.append(f"Real.sin_pos_of_pos_of_lt_pi {pos} {below}")
            name = "sin" if atom.value == "Real.sin" else "cos"
            facts += [f"Real.{name}_le_one {arg}", f"Real.neg_one_le_{name} {arg}"]
    return facts


def transcendental_candidates(goal: Goal, checker: KernelChecker) -> list[str]:
    """`linarith`/`nlinarith` with the atoms' Mathlib facts, then with product hints too."""
    facts = transcendental_facts(goal, checker)
    if not facts:
        return []
    base = ", ".join(facts[:MAX_HINTS])
    out = [f"linarith [{base}]", f"nlinarith [{base}]"]
    extra = _transcendental_squares(goal)
    if extra:
        out.append(f"nlinarith [{', '.join(facts[:MAX_HINTS] + extra)}]")
    for hints in nlinarith_hint_lists(goal)[:4]:
        out.append(f"nlinarith [{', '.join((facts + hints)[:MAX_HINTS + 4])}]")
    return out


def _transcendental_squares(goal: Goal) -> list[str]:
    """Squares nlinarith may need besides the facts: `sq_nonneg (A - B)` for two atoms of the
    goal (`sin x - cos x`), and the Cauchy–Schwarz cross term `sq_nonneg (x₁ * y₂ - x₂ * y₁)` for
    two products `x₁ * y₁`, `x₂ * y₂` of variables in the target (untrusted: the kernel checks)."""
    atoms = [a for a in _transcendental_atoms(goal) if a.op != "pi" and free_vars(a)][:4]
    out = [f"sq_nonneg ({show(a)} - {show(b)})" for a, b in itertools.combinations(atoms, 2)]
    products: list = []

    def walk(e: Expr):
        if e.op == "mul" and all(x.op == "var" for x in e.args) and e.ty == REAL:
            if e.args not in products:
                products.append(e.args)
        for x in e.args:
            walk(x)
    walk(goal.target)
    for (x1, y1), (x2, y2) in list(itertools.combinations(products, 2))[:4]:
        out.append(f"sq_nonneg ({x1.value} * {y2.value} - {x2.value} * {y1.value})")
    return out[:6]


def transcendental_leaf(goal: Goal, checker: KernelChecker, deadline: float) -> str | None:
    if not _transcendental_atoms(goal):
        return None
    return _first_checked(goal, [lambda: transcendental_candidates(goal, checker)], checker, deadline)
