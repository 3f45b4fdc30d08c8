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
   `mul_pos ha hb`, squares around the goal's numerals); then exact sums of squares and
   squares centred at the goal's numerical minima (`prover.kernel.untrusted.psatz`, `sos`);
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
from fractions import Fraction
from dataclasses import dataclass, field

from prover.checkers.base import Closed, Subgoals
from prover.checkers.kernel_checker import KernelChecker, closing_name
from prover.kernel import RULES
from prover.search.conjunctions import split_comparisons
from prover.search.finder_tools import (I_KEY, LOG_MAX_NUMERAL, _atomize, _poly_text, _refusal, _small_factor,  # noqa: F401
                                         _to_sympy_poly, child_check, warm)
from prover.state import Goal
from prover.syntax.ast import COMPLEX, INT, NAT, PROP, RAT, REAL, Expr, free_vars, function_equation
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
    if not eqs and not (t.value == COMPLEX and _mentions_i(t)):
        return []
    found = run_with_limit(_solve_cofactors, (goal, eqs), seconds=_left(deadline, budget_s))
    return [] if found is TIMED_OUT or found is None else [f"linear_combination {found}"]


def _solve_cofactors(goal: Goal, eqs) -> str | None:
    import sympy

    from prover.decide.algebra import NotPolynomial, PolyTranslator
    tr = PolyTranslator()
    atoms: dict = {}
    try:
        at = lambda e: tr(_atomize(e, atoms, inverses=True))   # noqa: E731
        target = sympy.expand(at(goal.target.args[0]) - at(goal.target.args[1]))
        gens = [sympy.expand(at(h.args[0]) - at(h.args[1])) for _, h in eqs]
    except (NotPolynomial, RecursionError):
        return None
    symbols = sorted(tr.symbols.values(), key=str)
    eqs = list(eqs)
    i_sym = tr.symbols.get(I_KEY)
    if i_sym is not None and goal.target.value == COMPLEX:
        # `Complex.I` is an atom to `ring`: `I ^ 2 + 1` joins the ideal as the proof
        # `Complex.I_sq : I ^ 2 = -1`; I last, so that lex orders eliminate the other atoms first
        # (defining equations `v = e(I)` and `I ^ 2 + 1` then form a Gröbner basis)
        eqs.append(("Complex.I_sq", None))
        gens.append(i_sym ** 2 + 1)
        symbols = [x for x in symbols if x != i_sym] + [i_sym]
    if not gens:
        return None
    divided = _divide_by_generators(target, gens, symbols) or _cofactors_by_degree(target, gens, symbols)
    if divided is None and len(gens) > 1:   # definitional equations `v = e` eliminated first
        from prover.search.elimination import eliminated_cofactors
        divided = eliminated_cofactors(target, gens, symbols,
                                       lambda t, g, s: _divide_by_generators(t, g, s) or _cofactors_by_degree(t, g, s))
    if divided is not None:
        return _combination_text([(name, q) for (name, _), q in zip(eqs, divided) if q != 0], atoms)
    return None


def _cofactors_by_degree(target, gens, symbols):
    """Cofactors (polynomials of degree ≤ 2, at most 120 unknowns) with target = Σ cᵢ gensᵢ,
    solved as a linear system over ℚ; None when there are none."""
    import sympy
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
        out = []
        k = 0
        for us in unknowns:
            out.append(sympy.expand(sum(values[k + j] * m for j, m in enumerate(monomials))))
            k += len(us)
        return out
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


def _mentions_i(e: Expr) -> bool:
    return any(x.op == "imag_unit" for x in e.walk())


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
    if t.op in ("lt", "le", "gt", "ge"):
        out.append(lambda: psatz_candidates(goal, deadline))
    if not _residues(goal):
        out.append(lambda: [f"nlinarith [{', '.join(h)}]" for h in nlinarith_hint_lists(goal)])
    return out


def psatz_candidates(goal: Goal, deadline: float | None = None, cap_s: float = 4.0) -> list[str]:
    """`linarith [..]`/`nlinarith [..]` with squares centred at the goal's numerical minima
    and hypothesis products an LP selects (`prover.kernel.untrusted.psatz`), in one child
    with a hard limit inside the deadline (untrusted: the kernel checks)."""
    from prover.decide.limits import TIMED_OUT, run_with_limit
    from prover.kernel.untrusted.psatz import psatz_hints, worth_trying
    left = _left(deadline, cap_s)
    if left < 0.5 or _residues(goal) or not worth_trying(goal):
        return []
    warm()
    found = run_with_limit(psatz_hints, (goal, left * 0.9), seconds=left)
    return [] if found is TIMED_OUT or not found else found


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


def interval_omega(goal: Goal, checker: KernelChecker, deadline: float) -> list[str] | None:
    """`interval_cases v <;> omega` (or `<;> decide`) for a ℕ/ℤ variable the hypotheses bound
    (at most `MAX_OMEGA_CASES` values), when omega alone cannot (a product or power of `v`
    is an atom to it, a value of `v` makes it a literal). Mathlib's interval_cases reads only
    hypotheses that are bounds themselves, so conjunctions are taken apart first
    (`obtain ⟨h, h'⟩ := h₀`). The kernel checks every case."""
    from prover.decide.bounds import variable_bounds
    if not _integral(goal):
        return None
    lines, goal = split_comparisons(goal, checker, ("lt", "le", "gt", "ge", "eq", "ne", "dvd"))
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
    first in a child killed at the deadline (`child_check`); only one that succeeds there is
    re-run here, where the kernel issues its step. Early on, or for cheap rules, True at once."""
    left = deadline - time.monotonic()
    name = closing_name(tactic)
    if left >= LATE_S or name not in ("linarith", "nlinarith"):
        return True
    if name == "linarith" and len(goal.hypotheses) <= SMALL_LINARITH:
        return True   # one small LP: milliseconds here, where a child costs a fork (~50 ms) and a re-run
    return child_check(goal, tactic, checker, left)


SMALL_LINARITH = 8   # hypotheses: a linarith check on at most this many runs here even near a deadline


def _closes(goal: Goal, tactic: str) -> bool:
    return isinstance(KernelChecker().close(goal, tactic), Closed)


QUICK = ("linarith", "positivity", "ring", "omega")   # one LP or normalisation each, no products


def _quick_closers(goal: Goal, written: str) -> list[str]:
    """The oracle's own tactic when it is a cheap kernel rule, and bare `linarith` on a
    comparison: tried first, since the finders below (case splits, division clearing) cost
    seconds on goals one Farkas certificate closes."""
    out = [written] if closing_name(written) in QUICK and "<;>" not in written else []
    if goal.target.op in ("lt", "le", "gt", "ge", "eq") and "linarith" not in out:
        out.append("linarith")
    return out


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
    if time.monotonic() < deadline:   # one cheap kernel check before the finders (its answer is cached)
        found = _first_checked(goal, _quick_closers(goal, written), checker, deadline)
        if found:
            return Leaf([found])
    exhausted = ("finders exhausted", checker.key(goal, ""), method, depth)
    if checker.cache.get(exhausted):   # every finder already ran on this goal and failed, within its
        # time: only the newly written tactic is worth a check (another proposal, or the final retry)
        found = written and closing_name(written) in RULES and "<;>" not in written \
            and _first_checked(goal, [written], checker, deadline)
        return Leaf([found]) if found else Leaf([oracle_line(method or "oracle")], [method or "oracle"])
    if depth <= 1 and time.monotonic() < deadline:   # `b = c` from `x = Real.logb b A` and log equations
        import sys

        from prover.search.logb_solve import logb_base_leaf   # (prover.search.logb_solve; declines on shape first)
        lines = logb_base_leaf(goal, checker, deadline, sys.modules[__name__])
        if lines:
            return Leaf(lines)
    if depth <= 2 and time.monotonic() < deadline:   # `h : IsLeast S x`, `b ^ v ∣ N ⊢ v ≤ k` (prover.search.least)
        from prover.search.least import least_leaf
        lines = least_leaf(goal, checker, deadline, depth)
        if lines:
            return Leaf(lines)
    unfolded = membership_unfolded(goal)
    if unfolded is not None:
        leaf = _through_membership(goal, unfolded, written, method, deadline, checker, depth)
        if leaf is not None:
            return leaf
    if depth <= 1 and time.monotonic() < deadline:   # set equations, membership-defined Finsets (prover.search.sets)
        from prover.search.sets import sets_leaf
        lines = sets_leaf(goal, checker, deadline)
        if lines:
            return Leaf(lines)
    if depth <= 1 and time.monotonic() < deadline:   # closed Finset computations: decide +kernel (prover.search.finset)
        import sys

        from prover.search.finset import finset_leaf
        lines = finset_leaf(goal, checker, deadline, sys.modules[__name__])
        if lines:
            return Leaf(lines)
    if depth == 0 and time.monotonic() < deadline:   # `f 2017` under parity guards; rational closed forms
        import sys

        from prover.search.recurrence import residue_class_leaf
        lines = residue_class_leaf(goal, checker, deadline, sys.modules[__name__])
        if not lines:   # `f (n + 2) = P / Q` with a closed form `(a n + b) / (c n + d)`
            from prover.search.recurrence import rational_form_leaf
            lines = rational_form_leaf(goal, checker, deadline, sys.modules[__name__])
        if not lines:   # `f : ℤ → R` with `∀ x, f x = f (x - 1) + c`: the closed form on [b, ∞)
            from prover.search.recurrence import int_affine_leaf
            lines = int_affine_leaf(goal, checker, deadline)
        if lines:
            return Leaf(lines)
    if depth == 0 and time.monotonic() < deadline:   # bilinear systems: (u - v) * L = 0 from two equations,
        # `u ≠ v` cancels it (prover.search.cancel); the shape is checked before any SymPy call
        import sys

        from prover.search.cancel import applies as cancel_applies
        from prover.search.cancel import cancel_leaf
        if cancel_applies(goal):
            lines = cancel_leaf(goal, checker, time.monotonic() + (deadline - time.monotonic()) * 3 / 4,
                                sys.modules[__name__])
            if lines:
                return Leaf(lines)
    if depth == 0 and time.monotonic() < deadline:   # two roots of one polynomial: (P(a) - P(b)) / (a - b) = 0,
        # before the case split that `a ≠ b` signals
        import sys

        from prover.search.vieta import vieta_leaf
        lines = vieta_leaf(goal, checker, time.monotonic() + (deadline - time.monotonic()) * 2 / 3,
                           sys.modules[__name__], method)
        if lines:
            return Leaf(lines)
    if depth <= 2 and time.monotonic() < deadline:   # `0 < (u - v) ^ 2` from `u ≠ v` for a strict inequality
        import sys

        from prover.search.strict_squares import applies, strict_square_leaf
        if applies(goal):
            lines = strict_square_leaf(goal, checker, time.monotonic() + (deadline - time.monotonic()) / 3,
                                       sys.modules[__name__])
            if lines:
                return Leaf(lines)
    if depth <= 2 and time.monotonic() < deadline:   # ∣ witnesses, ZMOD by ∣, parity, gcd (prover.search.numtheory)
        import sys

        from prover.search.numtheory import numtheory_leaf
        lines = numtheory_leaf(goal, checker, deadline, sys.modules[__name__], method, depth)
        if lines:
            return Leaf(lines)
    signal = case_signal(goal) if depth <= 1 and goal.target.op not in ("forall", "imp", "iff") else None
    if signal and time.monotonic() < deadline:
        # one line before a split: omega splits ∨ hypotheses itself, and linarith may not need them
        direct = _first_checked(goal, (["omega"] if _integral(goal) else []) + ["linarith"], checker,
                                min(deadline, time.monotonic() + 1.0))
        if direct:
            return Leaf([direct])
        # a weak signal (≠ beside equations) gets 3/4 of the time left: the finders below need the rest
        left = deadline - time.monotonic()
        lines = case_split_leaf(goal, method, deadline if signal == "strong" else deadline - left / 4, checker)
        if lines:
            return Leaf(lines)
    structure_first = goal.target.op in STRUCTURED and depth < MAX_SPLIT_DEPTH
    if structure_first:   # no closer proves ∧ ↔ ∀ → as a whole: take it apart first
        if written and closing_name(written) in RULES and isinstance(checker.close(goal, written), Closed):
            return Leaf([written])
        leaf = _by_split(goal, method, deadline, checker, depth)
        if leaf is not None:
            return leaf
    if depth <= 2 and (goal.target.op == "exists" or goal.target.op == "not" and goal.target.args[0].op == "exists") \
            and time.monotonic() < deadline:   # a witness by `use`, or `intro` + `obtain` (prover.search.witness)
        import sys

        from prover.search.witness import exists_leaf
        lines = exists_leaf(goal, checker, deadline - (deadline - time.monotonic()) / 3, sys.modules[__name__], depth)
        if lines:
            return Leaf(lines)
    if depth <= 1 and time.monotonic() < deadline:   # sin/cos/tan: values at multiples of π, signs (cheap; before the
        # division finders, which the sign facts feed)
        import sys

        from prover.search.trig import trig_leaf
        lines = trig_leaf(goal, checker, deadline, sys.modules[__name__])
        if lines:
            return Leaf(lines)
    if depth <= 1 and time.monotonic() < deadline:   # an ℕ/ℤ goal from facts about its casts: exact_mod_cast
        import sys

        from prover.search.casts import cast_leaf
        lines = cast_leaf(goal, checker, deadline, sys.modules[__name__], depth)
        if lines:
            return Leaf(lines)
    if depth <= 1 and time.monotonic() < deadline:   # `x ^ (5 / 3)`: ℕ exponents evaluated, pow_one/pow_zero
        import sys

        from prover.search.exponents import exponent_leaf
        lines = exponent_leaf(goal, checker, deadline, sys.modules[__name__], method, depth)
        if lines:
            return Leaf(lines)
    if depth <= 1 and time.monotonic() < deadline:   # a sum of fractions of positive sums against a constant
        import sys

        from prover.search.fractions import excluded_middle_leaf, fraction_sum_leaf, nat_cancel_leaf
        lines = (fraction_sum_leaf(goal, checker, deadline, sys.modules[__name__])
                 or excluded_middle_leaf(goal, checker) or nat_cancel_leaf(goal, checker))
        if lines:
            return Leaf(lines)
    if depth <= 1 and _determined(goal, _value_equations(goal)):   # every variable has a value: norm_num
        # evaluates after substitution; one kernel check, before the division finders' budget
        lines = ground_norm_num_leaf(goal, checker, deadline)
        if lines:
            return Leaf(lines)
    if depth == 0 and time.monotonic() < deadline:
        lines = division_leaf(goal, checker, deadline)
        if lines:
            return Leaf(lines)
    if depth == 0 and time.monotonic() < deadline:
        lines = field_simp_leaf(goal, checker, deadline)
        if lines:
            return Leaf(lines)
    if depth == 0 and time.monotonic() < deadline:   # `b / c ≤ a` by div_le_iff₀ and its kin (0 < c)
        import sys

        from prover.search.quotients import quotient_leaf
        lines = quotient_leaf(goal, checker, time.monotonic() + (deadline - time.monotonic()) / 2,
                              sys.modules[__name__], method)
        if lines:
            return Leaf(lines)
    if depth <= 1 and time.monotonic() < deadline:   # denominators that may vanish: by_cases on each factor
        import sys

        from prover.search.fractions import applies as fraction_applies, denominator_cases_leaf
        if fraction_applies(goal):
            lines = denominator_cases_leaf(goal, checker, deadline, sys.modules[__name__])
            if lines:
                return Leaf(lines)
    if depth <= 1:
        for facts in (_instantiate_definitions, _abs_facts):
            lines, richer = facts(goal)
            if lines:   # cheap closers on instances and |t| bounds before any costly finder
                found = _first_checked(richer, ["linarith", "nlinarith"], checker, deadline)
                if found:
                    return Leaf(lines + [found])
    if depth <= 1:
        lines = (ground_norm_num_leaf(goal, checker, deadline) or log_linear_leaf(goal, checker, deadline)
                 or floor_ceil_leaf(goal, checker, deadline) or nat_exponent_leaf(goal, checker, deadline)
                 or surd_value_leaf(goal, checker, deadline))
        if lines:
            return Leaf(lines)
    if depth <= 1 and time.monotonic() < deadline:   # Equiv values, functional-equation instances
        import sys

        from prover.search.function_facts import function_leaf
        lines = function_leaf(goal, checker, deadline, sys.modules[__name__])   # its finders: this module's
        if lines:
            return Leaf(lines)
    if depth <= 2 and time.monotonic() < deadline:   # √ with division, literal surds, `√E = R` (prover.search.surds)
        import sys

        from prover.search.surds import (monotone_leaf, rpow_square_leaf, sqrt_pair_leaf, surd_leaf, surd_product_leaf,
                                         zpow_leaf)
        lines = next((found for leaf in (surd_leaf, monotone_leaf, zpow_leaf, rpow_square_leaf, sqrt_pair_leaf,
                                         surd_product_leaf)
                      if (found := leaf(goal, checker, time.monotonic() + (deadline - time.monotonic()) / 2,
                                        sys.modules[__name__], method))), None)
        if lines:
            return Leaf(lines)
    if depth == 0 and time.monotonic() < deadline:   # `x 531` by a period of the recurrence (prover.search.recurrence)
        import sys

        from prover.search.recurrence import periodic_leaf
        lines = periodic_leaf(goal, checker, deadline, sys.modules[__name__])
        if lines:
            return Leaf(lines)
    if depth <= 1 and time.monotonic() < deadline:   # `c < a (n + 1)` through `a (n + 1) = √E`
        from prover.search.recurrence import sqrt_step_leaf
        lines = sqrt_step_leaf(goal, checker, deadline)
        if lines:
            return Leaf(lines)
    found = transcendental_leaf(goal, checker, deadline)
    if found:
        return Leaf([found])
    if depth == 0 and time.monotonic() < deadline:   # ℕ sums over long literal ranges: closed forms by induction
        from prover.search.bigops import closed_form_sums_leaf
        lines = closed_form_sums_leaf(goal, checker, deadline)
        if lines:
            return Leaf(lines)
    lines = induction_script(goal, checker, deadline, method, depth)
    if lines:
        return Leaf(lines)
    if depth <= 2 and time.monotonic() < deadline:   # `c ≤ v` by contradiction, each smaller value evaluated
        from prover.search.least import bound_by_cases_leaf, cases_evaluation_leaf
        lines = bound_by_cases_leaf(goal, checker, deadline) or cases_evaluation_leaf(goal, checker, deadline)
        if lines:
            return Leaf(lines)
    if depth == 0 and time.monotonic() < deadline:   # ℕ/ℤ products: a bound by nlinarith, then interval_cases
        from prover.search.integer_bounds import integer_bounds_leaf
        lines = integer_bounds_leaf(goal, checker, time.monotonic() + (deadline - time.monotonic()) * 2 / 3)
        if lines:
            return Leaf(lines)
    found = _first_checked(goal, leaf_candidates(goal, written, method, deadline), checker, deadline)
    if found:
        return Leaf([found])
    if depth <= 1 and goal.target.op in ("eq", "ne") and goal.target.value == COMPLEX and time.monotonic() < deadline:
        import sys   # ℂ definitions in conjunctions or under inverses: obtain, subst, then close

        from prover.search.complex_eq import complex_leaf
        lines = complex_leaf(goal, checker, deadline, sys.modules[__name__])
        if lines:
            return Leaf(lines)
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
    if depth <= 1 and time.monotonic() < deadline:   # ∀-hypotheses at the first numerals, then omega/linarith
        from prover.search.recurrence import numeral_instances_leaf
        lines = numeral_instances_leaf(goal, checker, deadline)
        if lines:
            return Leaf(lines)
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
    if time.monotonic() < deadline:
        checker.cache[exhausted] = True
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
    from prover.syntax.ast import set_equation

    def walk(e):   # a set equation is left whole by simp's membership lemmas (`unmark_membership`)
        if set_equation(e):
            return
        yield e
        for a in e.args:
            yield from walk(a)
    kinds = {k for p in [goal.target] + [h for _, h in goal.hypotheses] for x in walk(p) for k in (x.origin or ())}
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
            if function_equation(goal.hypothesis(h)):   # `h : f = fun x => e` is no function: congrFun
                if len(call.args) != 1:
                    continue
                tactic = f"have {name} := congrFun {h} ({show(call.args[0])})"
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
        from prover.syntax.ast import set_equation
        names, body = [], t
        while body.op == "forall" and not set_equation(body) and len(names) < 6:
            names.append(body.value[0])
            body = body.args[0]
        tactic = "intro " + " ".join(names) if names else f"ext {goal.fresh_name('x')}"
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
    left without certificate and the kernel checker (its cache serves the final replay).
    The checker shares the search's cache (`tree.kernel`): a check made during the search,
    success or refusal, is not made again; a leaf the search closed with a kernel certificate
    keeps its script (the final replay checks it again)."""
    from prover.search.certificates import KernelCertificate
    kernel = getattr(tree, "kernel", None)
    checker = KernelChecker(cache=kernel.cache) if kernel is not None else KernelChecker()
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
            if isinstance(getattr(node, "certificate", None), KernelCertificate) and not tactic.startswith(ORACLE_MARK):
                continue   # kernel-checked during the search: its script stands
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
    # `h : a ≠ 0 ∧ b ≠ 0`: field_simp's discharger (`assumption`) needs the parts
    split, goal = _obtain_conjunctions(goal, checker, lambda n, h: True, 6)
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
        # `sub_ne_zero.mpr h` (h : u ≠ v), positivity, norm_num, (n)linarith, `intro hc; exact h (by linarith)`
        _, more, richer = _nonzero(goal, prop.args[0], checker, deadline)
        if not more:
            break
        lines += more
        goal = richer
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
    functions = goal.functions
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
            if used or all(normal_numeral(a) for a in inst.args[0].args):
                lines.append(f"have {v_name} : {show(value_prop)} := by norm_num [{hints}]")
            else:   # `f (3 / 8) …`: simp may rewrite a fraction argument, so `norm_num [e]` need not
                # find it; `rw [e]` rewrites the instance's own left side (syntactically equal)
                lines.append(f"have {v_name} : {show(value_prop)} := by\n  rw [{e_name}]\n  norm_num")
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
    return _checked(lines + [f"norm_num [{', '.join(dict.fromkeys(used + variables))}]"], goal, checker) \
        or _checked(lines + ["linarith"], goal, checker)   # values at fractions: the calls are linarith atoms


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


# -- division in hypotheses: denominators cleared by Mathlib's `div_eq_iff` family -----------

MAX_CLEARED = 4   # division equations among the hypotheses cleared in one leaf


def division_leaf(goal: Goal, checker: KernelChecker, deadline: float) -> list[str] | None:
    """Equations with division among the hypotheses (over ℚ, ℝ, ℂ), each made polynomial by a
    Mathlib lemma applied to nonzero facts, then the goal closed from the cleared equations:
    - `h : a / b = c` ↦ `have h_1 : a = c * b := by exact (div_eq_iff hb).mp h`; `c = a / b` by
      `eq_div_iff` (`c * b = a`), `a / b = c / d` by `div_eq_div_iff` (`a * d = c * b`);
    - any other `h : L = R` (sums of fractions): `have hfield : L - (R) = N / D := by field_simp
      <;> ring` (N / D from SymPy's `together`), `have hq : N / D = 0 := by linarith`,
      `have h_1 : N = 0 * (D) := by exact (div_eq_iff hD).mp hq`;
    - each denominator's `f ≠ 0` from a hypothesis, `sub_ne_zero.mpr h` (h : u ≠ v, f = u - v),
      positivity, norm_num, (n)linarith, or `intro hc` / `exact h (by linarith)` (h : u ≠ v);
    - the goal: `a / b = c` by `exact (div_eq_iff hb).mpr hkey` with `hkey : a = c * b` found as
      for any leaf, other division goals by `field_simp_leaf`, the rest by `reconstruct_leaf`.
    Refused on ℕ/ℤ (truncating division): the lemmas need a `GroupWithZero`. Untrusted: every
    line is checked by the kernel checker as it is written."""
    if time.monotonic() >= deadline or not _division_equations(goal):
        return None
    budget = min(deadline, time.monotonic() + 6.0)
    try:
        split, goal = _split_nonzero_conjunctions(goal, checker)
        lines, richer = _clear_divisions(goal, checker, budget)
        lines = split + lines
    except Exception:   # an untrusted finder that fails on its input proposes nothing
        return None
    if not lines:
        return None
    rest = _division_goal(richer, checker, deadline)
    # the finders see the cleared equations without the fractions (SymPy's cofactor search
    # declines on division); what they find is replayed on the whole goal
    plain = Goal(richer.variables, tuple((n, h) for n, h in richer.hypotheses if not _field_eq(h)), richer.target)
    if rest is None and isinstance(checker.close(plain, "linarith"), Closed):
        rest = ["linarith"]   # the usual end: a linear goal from the cleared equations
    if rest is None:
        half = time.monotonic() + max(deadline - time.monotonic(), 0.0) / 2
        leaf = reconstruct_leaf(plain, "", "z3", half, checker, depth=1)
        rest = None if leaf.missing else leaf.lines
    if rest is None:
        rest = _cancel_factor(plain, checker, deadline)
    if not rest:
        return None
    from prover.checkers.replay import replay
    return lines + rest if replay(richer, "\n".join(rest), checker=checker).ok else None


def _cancel_factor(goal: Goal, checker: KernelChecker, deadline: float) -> list[str] | None:
    """`L = R` from `f * L = f * R` and `f ≠ 0` (`mul_left_cancel₀`), f the difference of a
    hypothesis `u ≠ v` or a nonzero fact's term: `have hkey : f * L = f * R` closed as a leaf
    (the cofactor finder), then `exact mul_left_cancel₀ hf hkey`."""
    t = goal.target
    if t.op != "eq" or t.value not in (INT, RAT, REAL, COMPLEX):
        return None
    zero = Expr("num", value=0, ty=t.value)
    factors = []
    for n, h in goal.hypotheses:
        if h.op == "ne" and h.value == t.value and "✝" not in n:
            f = h.args[0] if h.args[1] == zero else Expr("sub", h.args, ty=t.value)
            if free_vars(f) and f not in factors:
                factors.append(f)
    for f in factors[:4]:
        if time.monotonic() >= deadline:
            return None
        hf, lines, richer = _nonzero(goal, f, checker, deadline)
        if hf is None:
            continue
        key = Expr("eq", tuple(Expr("mul", (f, side), ty=t.value) for side in t.args), value=t.value, ty=PROP)
        name = richer.fresh_name("hkey")
        key_goal = richer.with_target(key)
        found = _first_checked(key_goal, [lambda g=key_goal: linear_combination_candidates(g, deadline=deadline)],
                               checker, deadline)
        if found is None:
            continue
        final = f"exact mul_left_cancel₀ {hf} {name}"
        if isinstance(checker.close(richer.with_hypothesis(name, key), final), Closed):
            return lines + [f"have {name} : {show(key)} := by {found}", final]
    return None


def _split_nonzero_conjunctions(goal: Goal, checker: KernelChecker) -> tuple[list[str], Goal]:
    """`obtain ⟨h_1, h_2⟩ := h` on conjunctions of `≠` facts, so that each is a hypothesis."""
    return _obtain_conjunctions(goal, checker, lambda n, h: "✝" not in n and any(x.op == "ne" for x in h.args), 4)


def _obtain_conjunctions(goal: Goal, checker: KernelChecker, wanted, rounds: int) -> tuple[list[str], Goal]:
    """`obtain ⟨h_1, h_2⟩ := h` on the first conjunction `wanted(name, h)` selects, up to
    `rounds` times (the parts of a nested one are split in later rounds)."""
    lines: list[str] = []
    for _ in range(rounds):
        conj = next((n for n, h in goal.hypotheses if h.op == "and" and wanted(n, h)), None)
        if conj is None:
            break
        left, right = goal.fresh_name(f"{conj}_1"), goal.fresh_name(f"{conj}_2")
        step = f"obtain ⟨{left}, {right}⟩ := {conj}"
        r = checker.apply(goal, step)
        if not isinstance(r, Subgoals) or len(r.goals) != 1:
            break
        lines.append(step)
        goal = r.goals[0]
    return lines, goal


def _field_eq(h: Expr) -> bool:
    """An equation over ℚ, ℝ, ℂ with a division by a non-constant (numeral denominators are
    linarith's own `cancelDenoms` business)."""
    return h.op == "eq" and h.value in (RAT, REAL, COMPLEX) and \
        any(n.op == "div" and free_vars(n.args[1]) for n in h.walk())


def _division_equations(goal: Goal) -> list[tuple[str, Expr]]:
    from prover.kernel.terms import accessible
    return [(n, h) for n, h in goal.hypotheses if _field_eq(h) and accessible(n)][:MAX_CLEARED]


def _apply_line(goal: Goal, line: str, checker: KernelChecker) -> Goal | None:
    """The goal after a `have` line the checker accepts (one goal left), else None."""
    from prover.checkers.replay import replay
    if "\n" in line:
        name, prop = _block_statement(goal, line)
        if prop is None or not replay(goal.with_target(prop), line.split("\n", 1)[1], checker=checker).ok:
            return None
        return goal.with_hypothesis(name, prop)
    r = checker.apply(goal, line)
    return r.goals[0] if isinstance(r, Subgoals) and len(r.goals) == 1 else None


def _block_statement(goal: Goal, block: str):
    from prover.errors import ProverError
    from prover.syntax.elaborate import Elaborator
    from prover.syntax.parser import parse_term
    m = re.match(r"have (\S+) : (.+) := by$", block.split("\n", 1)[0])
    if m is None:
        return None, None
    try:
        return m.group(1), Elaborator(goal.context).prop(parse_term(m.group(2)))
    except (ProverError, RecursionError):
        return None, None


def _nonzero(goal: Goal, f: Expr, checker: KernelChecker, deadline: float) -> tuple[str | None, list[str], Goal]:
    """(name of a hypothesis `f ≠ 0`, lines that make it, the goal with it); (None, [], goal)
    when no candidate is checked."""
    from prover.kernel.terms import alpha_equal
    ne = Expr("ne", (f, Expr("num", value=0, ty=f.ty)), value=f.ty, ty=PROP)
    for n, h in goal.hypotheses:
        if alpha_equal(h, ne):
            return n, [], goal
    from prover.kernel.field_simp import _factors
    parts = _factors(f)
    pre: list[str] = []
    if len(parts) > 1 or parts[0] is not f:   # a product or power: each factor first, then positivity
        for part in parts:
            if not free_vars(part):
                continue
            got, more, goal = _nonzero(goal, part, checker, deadline)
            if got is None:
                return None, [], goal
            pre += more
    name = goal.fresh_name("hne")
    head = f"have {name} : {show(ne)} := by"
    if pre:
        richer = _apply_line(goal, f"{head} positivity", checker)
        return (name, pre + [f"{head} positivity"], richer) if richer is not None else (None, [], goal)
    others = [(n, h) for n, h in goal.hypotheses if h.op == "ne" and h.value == f.ty and "✝" not in n]
    singles = []
    for n, h in others:
        if alpha_equal(f, Expr("sub", h.args, ty=f.ty)):
            singles.append(f"exact sub_ne_zero.mpr {n}")
    singles += ["positivity", "norm_num", "linarith"] + (["nlinarith"] if len(goal.hypotheses) <= 6 else [])
    for tactic in singles:
        if time.monotonic() >= deadline:
            break
        richer = _apply_line(goal, f"{head} {tactic}", checker)
        if richer is not None:
            return name, [f"{head} {tactic}"], richer
    hc = goal.fresh_name("hc")
    for n, _ in others:
        if time.monotonic() >= deadline:
            break
        block = f"{head}\n  intro {hc}\n  exact {n} (by linarith)"
        richer = _apply_line(goal, block, checker)
        if richer is not None:
            return name, block.split("\n"), richer
    return None, [], goal


def _clear_divisions(goal: Goal, checker: KernelChecker, deadline: float) -> tuple[list[str], Goal]:
    from prover.kernel.field_simp import _factors
    lines: list[str] = []
    for name, h in _division_equations(goal):
        for _ in range(3):   # a cleared equation may still hold a division (nested fractions)
            if time.monotonic() >= deadline or not _field_eq(h):
                break
            step = _clear_direct(goal, name, h, checker, deadline, complete=True) \
                or _clear_general(goal, name, h, checker, deadline) \
                or _clear_direct(goal, name, h, checker, deadline, complete=False)
            if step is None:
                break
            more, goal, name = step
            lines += more
            h = goal.hypothesis(name)
    # nonzero facts for the goal's own denominators (used by `div_eq_iff` and field_simp)
    t = goal.target
    if t.op == "eq" and t.value in (RAT, REAL, COMPLEX):
        for d in [n.args[1] for n in t.walk() if n.op == "div"]:
            for f in _factors(d):
                if free_vars(f) and time.monotonic() < deadline:
                    _, more, goal = _nonzero(goal, f, checker, deadline)
                    lines += more
    return lines, goal


def _clear_direct(goal: Goal, name: str, h: Expr, checker: KernelChecker, deadline: float, complete: bool):
    """`div_eq_div_iff`, `div_eq_iff`, `eq_div_iff` on a hypothesis of their shape (`complete`:
    only when the result has no division left)."""
    lhs, rhs = h.args
    if complete:
        rest = [lhs.args[0], rhs.args[0]] if lhs.op == rhs.op == "div" else \
            [lhs.args[0], rhs] if lhs.op == "div" else [lhs, rhs.args[0]] if rhs.op == "div" else []
        if not rest or any(x.op == "div" for e in rest for x in e.walk()) or \
                any(x.op == "div" for e in (lhs, rhs) if e.op == "div" for x in e.args[1].walk()):
            return None
    ty = h.value
    mul = lambda a, b: Expr("mul", (a, b), ty=ty)   # noqa: E731
    lines: list[str] = []
    if lhs.op == "div" and rhs.op == "div":
        hb, more, goal2 = _nonzero(goal, lhs.args[1], checker, deadline)
        hd, more2, goal2 = _nonzero(goal2, rhs.args[1], checker, deadline) if hb else (None, [], goal2)
        if hb and hd:
            prop = Expr("eq", (mul(lhs.args[0], rhs.args[1]), mul(rhs.args[0], lhs.args[1])), value=ty, ty=PROP)
            return _have_term(goal2, more + more2, prop, f"(div_eq_div_iff {hb} {hd}).mp {name}", checker)
    if lhs.op == "div":
        hb, more, goal2 = _nonzero(goal, lhs.args[1], checker, deadline)
        if hb:
            prop = Expr("eq", (lhs.args[0], mul(rhs, lhs.args[1])), value=ty, ty=PROP)
            return _have_term(goal2, more, prop, f"(div_eq_iff {hb}).mp {name}", checker)
    if rhs.op == "div":
        hb, more, goal2 = _nonzero(goal, rhs.args[1], checker, deadline)
        if hb:
            prop = Expr("eq", (mul(lhs, rhs.args[1]), rhs.args[0]), value=ty, ty=PROP)
            return _have_term(goal2, more, prop, f"(eq_div_iff {hb}).mp {name}", checker)
    return None


def _have_term(goal: Goal, lines: list[str], prop: Expr, term: str, checker: KernelChecker):
    new = goal.fresh_name("hcl")
    line = f"have {new} : {show(prop)} := by exact {term}"
    richer = _apply_line(goal, line, checker)
    if richer is None:
        return None
    return lines + [line], richer, new


def _clear_general(goal: Goal, name: str, h: Expr, checker: KernelChecker, deadline: float):
    """`L = R` with fractions anywhere: `L - (R) = N / D` by `field_simp <;> ring`, then
    `N / D = 0` by linarith and `N = 0 * D` by `div_eq_iff`."""
    from prover.decide.limits import TIMED_OUT, run_with_limit
    from prover.errors import ProverError
    from prover.kernel.field_simp import _factors
    from prover.syntax.elaborate import Elaborator
    from prover.syntax.parser import parse_term
    found = run_with_limit(_cleared_fraction, (goal.with_target(h),),
                           seconds=min(1.0, max(deadline - time.monotonic(), 0.1)))
    if found is TIMED_OUT or found is None:
        return None
    n_text, d_text = found
    el = Elaborator(goal.context)
    try:
        d_expr = el.term(parse_term(d_text), h.value)
    except (ProverError, RecursionError):
        return None
    lines: list[str] = []
    for f in _factors(d_expr):
        if free_vars(f):
            hf, more, goal = _nonzero(goal, f, checker, deadline)
            if hf is None:
                return None
            lines += more
    names = [goal.fresh_name(x) for x in ("hD", "hfield", "hq")]
    cleared = goal.fresh_name("hcl")
    steps = [f"have {names[0]} : {d_text} ≠ 0 := by positivity",
             f"have {names[1]} : {show(h.args[0])} - ({show(h.args[1])}) = ({n_text}) / ({d_text}) := by\n  {FIELD_SIMP}",
             f"have {names[2]} : ({n_text}) / ({d_text}) = 0 := by linarith",
             f"have {cleared} : {n_text} = 0 * ({d_text}) := by exact (div_eq_iff {names[0]}).mp {names[2]}"]
    for line in steps:
        if time.monotonic() >= deadline:
            return None
        nxt = _apply_line(goal, line, checker)
        if nxt is None:
            return None
        goal = nxt
    return lines + [x for line in steps for x in line.split("\n")], goal, cleared


def _division_goal(goal: Goal, checker: KernelChecker, deadline: float) -> list[str] | None:
    """A goal `a / b = c` (`c = a / b`): `have hkey : a = c * b` closed as a leaf, then
    `exact (div_eq_iff hb).mpr hkey` (`eq_div_iff`); other division goals: `field_simp_leaf`."""
    from prover.kernel.terms import alpha_equal
    t = goal.target
    if not _field_eq(t):
        return None
    lhs, rhs = t.args
    mul = lambda a, b: Expr("mul", (a, b), ty=t.value)   # noqa: E731
    for side, lemma in ((lhs, "div_eq_iff"), (rhs, "eq_div_iff")):
        if side.op != "div":
            continue
        ne = Expr("ne", (side.args[1], Expr("num", value=0, ty=t.value)), value=t.value, ty=PROP)
        hb = next((n for n, h in goal.hypotheses if alpha_equal(h, ne) and "✝" not in n), None)
        if hb is None:
            continue
        if lemma == "div_eq_iff":
            key = Expr("eq", (lhs.args[0], mul(rhs, lhs.args[1])), value=t.value, ty=PROP)
        else:
            key = Expr("eq", (mul(lhs, rhs.args[1]), rhs.args[0]), value=t.value, ty=PROP)
        name = goal.fresh_name("hkey")
        leaf = reconstruct_leaf(goal.with_target(key), "", "z3", deadline, checker, depth=1)
        if leaf.missing:
            continue
        final = f"exact ({lemma} {hb}).mpr {name}"
        if not isinstance(checker.close(goal.with_hypothesis(name, key), final), Closed):
            continue
        block = [f"have {name} : {show(key)} := by"] + ["  " + x for x in leaf.lines]
        return block + [final]
    lines = field_simp_leaf(goal, checker, deadline)
    return lines or None


# -- logarithms: log of products, quotients, powers, rpow, √, numerals as linear forms ---------

LOG_MAX_FACTS = 24        # `have` steps one log reconstruction may add
def _is_log(e: Expr) -> bool:
    return e.op == "call" and e.value == "Real.log" and len(e.args) == 1 and e.ty == REAL


def _is_rpow(e: Expr) -> bool:
    return e.op == "pow" and e.ty == REAL and e.args[1].ty == REAL


def _logexp_shape(goal: Goal) -> bool:
    props = [goal.target] + [h for _, h in goal.hypotheses]
    return any(_is_log(x) or (_is_rpow(x) and free_vars(x.args[1])) or (x.op == "call" and x.value == "Real.logb")
               for p in props for x in p.walk())


def _without_numeral_casts(e: Expr) -> Expr:
    """`((3 : ℕ) : ℝ)` ↦ `3` (what `ring` reads; linarith needs the numeral itself)."""
    from prover.kernel.poly import cast_numeral
    from prover.syntax.ast import num
    if e.op == "cast":
        k = cast_numeral(e)
        if k is not None:
            return num(k, e.ty) if k >= 0 else Expr("neg", (num(-k, e.ty),), ty=e.ty)
    if not e.args:
        return e
    return e.with_args(*(_without_numeral_casts(a) for a in e.args))


class _LogSteps:
    """`have` steps applied one by one through the checker (each must be accepted)."""

    def __init__(self, goal: Goal, checker: KernelChecker):
        self.goal, self.checker, self.lines, self.count = goal, checker, [], 0
        self.rpow_facts: list = []   # (name, `b ^ y`) of each `Real.log_rpow` fact
        self.superseded: set = set()  # facts restated in a cleaner form (numerals for casts)

    def name(self, stem: str = "hlog") -> str:
        self.count += 1
        return self.goal.fresh_name(f"{stem}{self.count}")

    def step(self, line: str) -> bool:
        if len(self.lines) >= LOG_MAX_FACTS * 2:
            return False
        r = self.checker.apply(self.goal, line, budget_s=2.0)
        if not isinstance(r, Subgoals) or len(r.goals) != 1:
            return False
        self.goal = r.goals[0]
        self.lines.append(line)
        return True

    def fact(self, term: str) -> Expr | None:
        """`have h := term`; a fact with cast numerals is restated by `linear_combination h`."""
        n = self.name()
        if not self.step(f"have {n} := {term}"):
            return None
        prop = self.goal.hypothesis(n)
        plain = _without_numeral_casts(prop)
        if plain != prop:
            m = self.name()
            if self.step(f"have {m} : {show(plain)} := by linear_combination {n}"):
                self.superseded.add(n)
                return plain
        return prop


def _log_expand(steps: _LogSteps, deadline: float) -> None:
    """Every `Real.log t` of the goal rewritten into logs of its factors, as facts: products and
    quotients (`Real.log_mul`, `Real.log_div`, both factors proved `≠ 0`), ℕ powers
    (`Real.log_pow`), real powers of a positive base (`Real.log_rpow`), `√` (`Real.log_sqrt`),
    `exp` (`Real.log_exp`), integer numerals through their prime factorization (`norm_num`
    proves `Real.log n = Real.log (p ^ k * …)`), with `Real.log_pos` for each prime."""
    from prover.syntax.ast import num
    zero = num(0, REAL)
    done: list[Expr] = []
    primes: list[int] = []

    def pending() -> list[Expr]:
        found: list[Expr] = []
        for p in [steps.goal.target] + [h for _, h in steps.goal.hypotheses]:
            for x in p.walk():
                if _is_log(x) and x not in found and x not in done:
                    found.append(x)
        return found

    for _ in range(LOG_MAX_FACTS):
        if time.monotonic() >= deadline:
            return
        todo = pending()
        if not todo:
            break
        atom = todo[0]
        done.append(atom)
        a = atom.args[0]
        g = steps.goal
        if a.op in ("mul", "div"):
            hx = _side_proof(g, "ne", a.args[0], zero, steps.checker)
            hy = hx and _side_proof(g, "ne", a.args[1], zero, steps.checker)
            if hy:
                steps.fact(f"Real.log_{a.op} {hx} {hy}")
        elif a.op == "pow" and a.args[1].ty == NAT:
            steps.fact(f"Real.log_pow ({show(a.args[0])}) ({show(a.args[1])})")
        elif _is_rpow(a):
            pos = _side_proof(g, "lt", zero, a.args[0], steps.checker)
            if pos:
                n = steps.count + 1
                if steps.fact(f"Real.log_rpow {pos} ({show(a.args[1])})") is not None:
                    steps.rpow_facts.append((f"hlog{n}", a))
        elif a.op == "call" and a.value == "Real.sqrt":
            nonneg = _side_proof(g, "le", zero, a.args[0], steps.checker)
            if nonneg:
                steps.fact(f"Real.log_sqrt {nonneg}")
        elif a.op == "call" and a.value == "Real.exp":
            steps.fact(f"Real.log_exp ({show(a.args[0])})")
        elif a.op == "num" and Fraction(a.value) in (0, 1):
            steps.fact("Real.log_one" if a.value == 1 else "Real.log_zero")
        elif a.op == "num" and Fraction(a.value).denominator == 1:
            factors = _small_factor(int(a.value))
            if not factors:
                continue
            if factors == [(int(a.value), 1)]:
                if int(a.value) not in primes:
                    primes.append(int(a.value))
                    steps.fact(f"Real.log_pos (by norm_num : (1:ℝ) < {int(a.value)})")
                continue
            product = " * ".join(f"{p} ^ {k}" if k > 1 else f"{p}" for p, k in factors)
            steps.step(f"have {steps.name()} : Real.log {int(a.value)} = Real.log ({product}) := by norm_num")


def _log_values(steps: _LogSteps) -> None:
    """`have h : R = c := by linarith` for a real power `R` with a variable exponent that a
    hypothesis fixes linearly (`4 ^ b + 2 ^ 3 = 12`), then `congrArg Real.log h`; and
    `congrArg Real.log h` for an equation `h` whose sides are products of such powers."""
    from prover.syntax.ast import num
    from prover.kernel.evaluate import NotEvaluable, value
    for name, h in list(steps.goal.hypotheses):
        if h.op != "eq" or h.value != REAL:
            continue
        powers = []
        for x in h.walk():
            if _is_rpow(x) and free_vars(x.args[1]) and x not in powers:
                powers.append(x)
        if not powers:
            continue
        if all(side.op in ("mul", "div", "pow", "num") or side in powers for side in h.args):
            steps.step(f"have {steps.name()} := congrArg Real.log {name}")
            continue
        if len(powers) != 1 or free_vars(h) - free_vars(powers[0]):
            continue
        t = Expr("var", value="t✝log", ty=REAL)
        diff = Expr("sub", h.args, ty=REAL)
        from prover.syntax.ast import replace_subterm
        try:
            f = replace_subterm(diff, powers[0], t)
            if free_vars(f) != {"t✝log"}:
                continue
            from prover.syntax.ast import substitute
            f0 = value(substitute(f, "t✝log", num(0, REAL)))
            f1 = value(substitute(f, "t✝log", num(1, REAL)))
            f2 = value(substitute(f, "t✝log", num(2, REAL)))
        except (NotEvaluable, ZeroDivisionError, ValueError, TypeError, Exception):
            continue
        slope = Fraction(f1) - Fraction(f0)
        if slope == 0 or Fraction(f2) - Fraction(f1) != slope:
            continue
        c = -Fraction(f0) / slope
        if c <= 0:
            continue
        fixed = steps.name()
        if steps.step(f"have {fixed} : ({show(powers[0])} : ℝ) = {_lit(c)} := by linarith"):
            steps.step(f"have {steps.name()} := congrArg Real.log {fixed}")


def _logb_identity(goal: Goal, checker: KernelChecker) -> list[str] | None:
    """`rw [Real.logb, …]` (once per `logb` of the target) then `ring`: identities that hold by
    the definition alone (`logb a b = 1 / logb b a`: both sides are `log b / log a` in a field
    with `0⁻¹ = 0`, by `one_div_div` after the unfolding)."""
    seen: list[Expr] = []
    for x in goal.target.walk():
        if x.op == "call" and x.value == "Real.logb" and x not in seen:
            seen.append(x)
    if not seen or len(seen) > 4:
        return None
    rw = f"rw [{', '.join(['Real.logb'] * len(seen))}]"
    r = checker.apply(goal, rw, budget_s=2.0)
    if isinstance(r, Closed):
        return [rw]
    if isinstance(r, Subgoals) and len(r.goals) == 1 and isinstance(checker.close(r.goals[0], "ring"), Closed):
        return [rw, "ring"]
    if isinstance(r, Subgoals) and len(r.goals) == 1 and any(
            x.op == "div" and x.args[0] == Expr("num", value=1, ty=REAL) and x.args[1].op == "div"
            for x in r.goals[0].target.walk()):
        # `ring` reads `(x / y)⁻¹` as the atom `(y⁻¹)⁻¹` (Mathlib's `evalInvAtom`): `one_div_div`
        # (`1 / (a / b) = b / a`, any `DivisionMonoid`) first
        rw = rw[:-1] + ", one_div_div]"
        r = checker.apply(goal, rw, budget_s=2.0)
        if isinstance(r, Closed):
            return [rw]
        if isinstance(r, Subgoals) and len(r.goals) == 1 and isinstance(checker.close(r.goals[0], "ring"), Closed):
            return [rw, "ring"]
    return None


def _numeral_log_forms(steps: _LogSteps) -> None:
    """For `h : Real.log (N ^ y) = y * Real.log N` with N a composite integer numeral:
    `have e : Real.log N = k₁ * Real.log p₁ + … := by linarith` (from the factorization facts)
    and `have h' : Real.log (N ^ y) = y * (k₁ * Real.log p₁ + …) := by linear_combination h + y * e`,
    so that `y * Real.log N` meets the prime logs' monomials in nlinarith."""
    forms: dict = {}
    for name, power in steps.rpow_facts:
        base, y = power.args
        if steps.goal.hypothesis(name) is None or base.op != "num" or Fraction(base.value).denominator != 1:
            continue
        factors = _small_factor(int(base.value))
        if not factors or len(factors) == 1 and factors[0][1] == 1:
            continue
        n = int(base.value)
        text = " + ".join(f"{k} * Real.log {p}" if k > 1 else f"Real.log {p}" for p, k in factors)
        if n not in forms:
            e = steps.name()
            if not steps.step(f"have {e} : Real.log {n} = {text} := by linarith"):
                continue
            forms[n] = e
        if steps.step(f"have {steps.name()} : Real.log ({show(power)}) = ({show(y)}) * ({text}) := "
                      f"by linear_combination {name} + ({show(y)}) * {forms[n]}"):
            steps.superseded.add(name)


def _logb_quotients(steps: _LogSteps) -> list[tuple[str, Expr]]:
    """`have h : Real.logb b x = Real.log x / Real.log b := by rw [Real.logb]` for each `logb`
    (its definition, unfolded by `rw`). Returns the (name, quotient) pairs."""
    out = []
    seen: list[Expr] = []
    for p in [steps.goal.target] + [h for _, h in steps.goal.hypotheses]:
        for x in p.walk():
            if x.op == "call" and x.value == "Real.logb" and len(x.args) == 2 and x not in seen:
                seen.append(x)
    for x in seen[:4]:
        b, arg = x.args
        q = Expr("div", (Expr("call", (arg,), value="Real.log", ty=REAL), Expr("call", (b,), value="Real.log", ty=REAL)),
                 ty=REAL)
        n = steps.name("hlogb")
        if steps.step(f"have {n} : {show(x)} = {show(q)} := by rw [Real.logb]"):
            out.append((n, q))
    return out


def _closed_log_ratio(q: Expr) -> Fraction | None:
    """A guess (mpmath, 60 digits; untrusted: linarith checks it) of the rational value of
    `Real.log A / Real.log B` for closed rational A, B."""
    try:
        import mpmath
        from prover.kernel.evaluate import value
        a, b = (Fraction(value(x.args[0])) for x in q.args)
        if a <= 0 or b <= 0 or b == 1:
            return None
        with mpmath.workdps(60):
            r = mpmath.log(mpmath.mpf(a.numerator) / a.denominator) / mpmath.log(mpmath.mpf(b.numerator) / b.denominator)
            c = Fraction(str(mpmath.nstr(r, 40))).limit_denominator(1000)
            if abs(mpmath.mpf(c.numerator) / c.denominator - r) > mpmath.mpf(10) ** -30:
                return None
        return c
    except Exception:
        return None


def _same_denominator_sums(steps: _LogSteps) -> None:
    """`have h := add_div a b c` for `a / c + b / c` in the target (closed logs over one base:
    `log 2 / log 6 + log 3 / log 6`), so the quotient `(a + b) / c` can get its value."""
    from prover.kernel.terms import alpha_equal
    done = 0
    for x in list(steps.goal.target.walk()):
        if done >= 3:
            return
        if x.op == "add" and x.ty == REAL and all(a.op == "div" for a in x.args) \
                and alpha_equal(x.args[0].args[1], x.args[1].args[1]) and not free_vars(x):
            a, c = x.args[0].args
            b = x.args[1].args[0]
            if steps.step(f"have {steps.name()} := add_div ({show(a)}) ({show(b)}) ({show(c)})"):
                done += 1


def _quotient_ratio(q: Expr) -> Fraction | None:
    """A guess (mpmath, 60 digits; untrusted: linarith checks it) of the rational value of a
    closed quotient whose parts involve logs."""
    try:
        import mpmath
        with mpmath.workdps(60):
            num_v, den_v = _approx(q.args[0]), _approx(q.args[1])
            if den_v == 0:
                return None
            r = num_v / den_v
            c = Fraction(str(mpmath.nstr(r, 40))).limit_denominator(1000)
            if abs(mpmath.mpf(c.numerator) / c.denominator - r) > mpmath.mpf(10) ** -30:
                return None
        return c
    except Exception:
        return None


def _quotient_facts(steps: _LogSteps, quotients) -> None:
    """For a closed quotient `A / B` with a log in B and a rational value c (from `logb` or in
    the goal): `have hx : A = c * B := by linarith`, `B ≠ 0` from `Real.log_pos` (B = log x,
    1 < x) or `Real.log_neg` (0 < x < 1), then `div_eq_of_eq_mul hne hx`."""
    from prover.kernel.evaluate import NotEvaluable, value
    found = [q for _, q in quotients]
    for p in [steps.goal.target] + [h for _, h in steps.goal.hypotheses]:
        for x in p.walk():
            if x.op == "div" and x.ty == REAL and _is_log(x.args[1]) and not free_vars(x) and x not in found:
                found.append(x)
    for q in found[:6]:
        a, b = q.args
        if free_vars(q) or not _is_log(b):
            continue
        c = _quotient_ratio(q)
        if c is None:
            continue
        try:
            arg = Fraction(value(b.args[0]))
        except (NotEvaluable, ZeroDivisionError, ValueError, OverflowError):
            continue
        hb = steps.name()
        if arg > 1:
            ok, ne = steps.step(f"have {hb} := Real.log_pos (by norm_num : (1:ℝ) < {show(b.args[0])})"), f"{hb}.ne'"
        elif 0 < arg < 1:
            ok, ne = steps.step(f"have {hb} := Real.log_neg (by norm_num : (0:ℝ) < {show(b.args[0])}) "
                                f"(by norm_num : ({show(b.args[0])} : ℝ) < 1)"), f"{hb}.ne"
        else:
            continue
        hx = steps.name()
        if ok and steps.step(f"have {hx} : {show(a)} = {_lit(c) if c >= 0 else '-' + _lit(-c)} * {show(b)} := by linarith"):
            steps.step(f"have {steps.name()} := div_eq_of_eq_mul {ne} {hx}")


def log_linear_leaf(goal: Goal, checker: KernelChecker, deadline: float) -> list[str] | None:
    """Goals about `Real.log`, `Real.logb` and real powers with variable exponents: the facts
    above as `have` steps (each checked as it is added), then `linarith` or `nlinarith`
    (log atoms are linear unknowns; a product of a variable and a log is a monomial)."""
    if not _logexp_shape(goal) or time.monotonic() >= deadline:
        return None
    lines = _logb_identity(goal, checker)
    if lines:
        return lines
    lines, start = _name_conjuncts(goal)
    steps = _LogSteps(start, checker)
    _log_values(steps)
    quotients = _logb_quotients(steps)
    _same_denominator_sums(steps)
    _log_expand(steps, deadline)
    _numeral_log_forms(steps)
    _quotient_facts(steps, quotients)
    if not steps.lines:
        return None
    from prover.kernel.terms import accessible
    kept = [n for n, h in steps.goal.hypotheses if accessible(n) and n not in steps.superseded
            and h.op in ("eq", "lt", "le", "gt", "ge", "ne", "not")]
    with_log = [n for n in kept if any(_is_log(x) for x in steps.goal.hypothesis(n).walk())]
    only, only_log = ", ".join(kept), ", ".join(with_log)
    for tactic in ("linarith", f"nlinarith only [{only_log}]", "nlinarith", f"nlinarith only [{only}]"):
        if time.monotonic() >= deadline:
            return None
        if _fits(steps.goal, tactic, checker, deadline) and isinstance(checker.close(steps.goal, tactic), Closed):
            return lines + steps.lines + [tactic]
    return None


# -- ⌊t⌋ and ⌈t⌉ of closed transcendental terms (√): bounds, then `Int.floor_eq_iff` ------------

def _approx(e: Expr):
    """mpmath value of a closed real term (untrusted: only proposes the integer the kernel checks)."""
    import mpmath
    if e.op == "num":
        v = Fraction(e.value)
        return mpmath.mpf(v.numerator) / v.denominator
    args = [_approx(a) for a in e.args]
    if e.op == "cast":
        return args[0]
    if e.op in ("add", "sub", "mul"):
        return {"add": args[0] + args[1], "sub": args[0] - args[1], "mul": args[0] * args[1]}[e.op]
    if e.op == "div":
        return args[0] / args[1] if args[1] != 0 else mpmath.mpf(0)
    if e.op == "neg":
        return -args[0]
    if e.op == "pow" and e.args[1].ty == NAT:
        return args[0] ** int(args[1])
    if e.op == "call" and e.value == "Real.sqrt":
        return mpmath.sqrt(args[0]) if args[0] > 0 else mpmath.mpf(0)
    if e.op == "call" and e.value == "Real.exp":
        return mpmath.exp(args[0])
    if e.op == "call" and e.value == "Real.log":
        return mpmath.log(abs(args[0])) if args[0] != 0 else mpmath.mpf(0)
    raise ValueError(e.op)


def floor_ceil_leaf(goal: Goal, checker: KernelChecker, deadline: float) -> list[str] | None:
    """`⌊t⌋`/`⌈t⌉` with t closed and transcendental (`⌊√26⌋`): its integer value k (mpmath,
    untrusted), the two bounds `((k : ℤ) : ℝ) ≤ t`, `t < ((k : ℤ) : ℝ) + 1` (for ⌈⌉:
    `((k : ℤ) : ℝ) - 1 < t`, `t ≤ ((k : ℤ) : ℝ)`) by the transcendental facts of t with
    `(by norm_num : ((k : ℤ) : ℝ) = k)` (a cast literal is an atom to linarith), then
    `Int.floor_eq_iff.mpr ⟨h₁, h₂⟩` (`Int.ceil_eq_iff.mpr`), and `linarith`/`omega` on ℤ."""
    import mpmath
    found: list[Expr] = []
    for p in [goal.target] + [h for _, h in goal.hypotheses]:
        for x in p.walk():
            if x.op == "call" and x.value in ("Int.floor", "Int.ceil") and len(x.args) == 1 and x.args[0].ty == REAL \
                    and not free_vars(x.args[0]) and _transcendental_atoms(goal.with_target(x.args[0])) and x not in found:
                found.append(x)
    if not found or time.monotonic() >= deadline:
        return None
    steps = _LogSteps(goal, checker)
    for x in found[:4]:
        t = x.args[0]
        try:
            with mpmath.workdps(50):
                v = _approx(t)
                k = int(mpmath.floor(v)) if x.value == "Int.floor" else int(mpmath.ceil(v))
                if abs(v - mpmath.nint(v)) < mpmath.mpf(10) ** -30:
                    continue   # (nearly) an integer: the bounds are not strict facts to find here
        except Exception:
            continue
        z = f"(({k} : ℤ) : ℝ)"
        cast = f"(by norm_num : {z} = {k})"
        tt = show(t)
        bounds = ([f"{z} ≤ {tt}", f"{tt} < {z} + 1"] if x.value == "Int.floor"
                  else [f"{z} - 1 < {tt}", f"{tt} ≤ {z}"])
        names = []
        for b in bounds:
            n = steps.name("hfl")
            ok = False
            from prover.syntax.elaborate import elaborate_prop
            from prover.syntax.parser import parse_term
            try:
                prop = elaborate_prop(parse_term(b), steps.goal.context)
            except Exception:
                return None
            sub = steps.goal.with_target(prop)
            for tac in transcendental_candidates(sub, checker)[:6]:
                if time.monotonic() >= deadline:
                    return None
                tac = tac[:-1] + f", {cast}]"
                if steps.step(f"have {n} : {b} := by {tac}"):
                    ok = True
                    break
            if not ok:
                return None
            names.append(n)
        lemma = "Int.floor_eq_iff.mpr" if x.value == "Int.floor" else "Int.ceil_eq_iff.mpr"
        if not steps.step(f"have {steps.name('hfl')} := {lemma} ⟨{names[0]}, {names[1]}⟩"):
            return None
    for tactic in ("linarith", "omega", "norm_num"):
        if isinstance(checker.close(steps.goal, tactic), Closed):
            return steps.lines + [tactic]
    return None


def ground_norm_num_leaf(goal: Goal, checker: KernelChecker, deadline: float) -> list[str] | None:
    """`norm_num [h₁, …]` with the hypotheses `x = c` (closed right sides) first, for a goal with
    √, log, rpow or ⌊⌋: the kernel's norm_num evaluates it after substitution (rpow at integer
    exponents, √ of exact squares); cheap, before the hint finders spend the budget."""
    from prover.kernel.evaluate import ground_equation
    if time.monotonic() >= deadline:
        return None
    shape = any(x.op == "pow" and x.args[1].ty == REAL or x.op == "call" for x in goal.target.walk())
    names = _value_equations(goal)
    if not names or not (shape or _determined(goal, names)):
        return None
    tactic = f"norm_num [{', '.join(names)}]"
    return [tactic] if isinstance(checker.close(goal, tactic), Closed) else None


def _value_equations(goal: Goal) -> list[str]:
    """Names of the hypotheses `x = c` with a closed right side."""
    from prover.kernel.evaluate import ground_equation
    return [n for n, h in goal.hypotheses if ground_equation(h, set()) and not free_vars(h.args[1]) and "✝" not in n]


def _determined(goal: Goal, names: list[str]) -> bool:
    """Every variable of the target has its value among the equations `names`."""
    fixed = {show(goal.hypothesis(n).args[0]) for n in names}
    return bool(free_vars(goal.target)) and all(v in fixed for v in free_vars(goal.target))


# -- variables with values in ℚ(√c): `have hv : v = √c` then the goal ----------------------------

def _surd_values(goal: Goal) -> dict | None:
    """The unique real solution of the hypotheses' polynomial equations over ℝ that satisfies
    their inequalities (SymPy, untrusted), as {variable: (kind, rational)} with kind "q" (v = r)
    or "sqrt" (v = √r) or "-sqrt"; None unless every variable has such a value."""
    import sympy
    names = [n for n, ty in goal.variables if ty == REAL]
    if not names or len(names) > 3:
        return None
    symbols = {n: sympy.Symbol(f"v{i}", real=True) for i, n in enumerate(names)}
    eqs, ineqs = [], []
    for _, h in goal.hypotheses:
        if h.op in ("eq", "lt", "le", "gt", "ge") and h.value == REAL:
            try:
                a, b = (_to_sympy_poly(x, symbols) for x in h.args)
            except (ValueError, ZeroDivisionError):
                continue
            (eqs if h.op == "eq" else ineqs).append((h.op, a, b))
    if not eqs:
        return None
    sols = sympy.solve([a - b for _, a, b in eqs], list(symbols.values()), dict=True)
    good = []
    for sol in sols:
        if set(sol) != set(symbols.values()) or not all(v.is_real for v in sol.values()):
            continue
        ok = True
        for op, a, b in ineqs:
            x, y = float(a.subs(sol)), float(b.subs(sol))
            ok &= {"lt": x < y, "le": x <= y, "gt": x > y, "ge": x >= y}[op]
        if ok:
            good.append(sol)
    if len(good) != 1:
        return None
    out = {}
    for n, s in symbols.items():
        v = sympy.simplify(good[0][s])
        if v.is_Rational:
            out[n] = ("q", Fraction(int(v.p), int(v.q)))
            continue
        sq = sympy.simplify(v ** 2)
        if not sq.is_Rational or sq <= 0:
            return None
        out[n] = ("sqrt" if v > 0 else "-sqrt", Fraction(int(sq.p), int(sq.q)))
    return out


def surd_value_leaf(goal: Goal, checker: KernelChecker, deadline: float) -> list[str] | None:
    """Goals about `√` whose real variables the hypotheses fix (`y ^ 3 = 1`, `x ^ 2 = 2 * y ^ 2`,
    `0 < x`): each value v proposed by SymPy, then `have hv : v = c` (or `v ^ 2 = c`,
    `Real.sq_sqrt`, `Real.sqrt_nonneg`, `have hv : v = √c`) each closed by the finders, then
    the goal from these facts. Every step is checked by the kernel."""
    from prover.decide.limits import TIMED_OUT, run_with_limit
    if not any(x.op == "call" and x.value == "Real.sqrt" for x in goal.target.walk()):
        return None
    def nonlinear(h: Expr) -> bool:
        return any(x.op == "pow" and x.args[0].op == "var" or x.op == "mul" and free_vars(x.args[0])
                   and free_vars(x.args[1]) for x in h.walk())
    if not any(h.op == "eq" and h.value == REAL and free_vars(h) and nonlinear(h) for _, h in goal.hypotheses):
        return None   # no polynomial equation fixes the variables (linear ones: `_determined_values`)
    if time.monotonic() >= deadline - 1:
        return None
    lines, g = _name_conjuncts(goal)
    try:
        values = run_with_limit(_surd_values, (g,), seconds=min(3.0, _left(deadline, 3.0)))
    except RuntimeError:
        return None
    if not values or values is TIMED_OUT:
        return None
    steps = _LogSteps(g, checker)

    def prove(statement: str) -> bool:
        from prover.syntax.elaborate import elaborate_prop
        from prover.syntax.parser import parse_term
        try:
            prop = elaborate_prop(parse_term(statement), steps.goal.context)
        except Exception:
            return False
        cap = max(3.0, (deadline - time.monotonic()) / 3)
        leaf = reconstruct_leaf(steps.goal.with_target(prop), "", "z3", min(deadline, time.monotonic() + cap),
                                checker, depth=2)
        if leaf.missing or not leaf.lines:
            return False
        if len(leaf.lines) == 1:
            return steps.step(f"have {steps.name('hv')} : {statement} := by {leaf.lines[0]}")
        block = "\n".join([f"have {steps.name('hv')} : {statement} := by"] + ["  " + l for l in leaf.lines])
        nxt = _apply_line(steps.goal, block, checker)
        if nxt is None:
            return False
        steps.goal = nxt
        steps.lines += block.split("\n")
        return True

    for n, (kind, c) in sorted(values.items(), key=lambda kv: kv[1][0] != "q"):
        if kind == "q":
            if not prove(f"{n} = {_lit(c) if c >= 0 else '-' + _lit(-c)}"):
                return None
            continue
        if not prove(f"{n} ^ 2 = {_lit(c)}"):
            return None
        steps.step(f"have {steps.name('hv')} := Real.sq_sqrt (by norm_num : (0:ℝ) ≤ {_lit(c)})")
        steps.step(f"have {steps.name('hv')} := Real.sqrt_nonneg {_lit(c)}")
        if not prove(f"{n} = {'-' if kind == '-sqrt' else ''}Real.sqrt {_lit(c)}"):
            return None
    leaf = reconstruct_leaf(steps.goal, "", "z3", deadline, checker, depth=2)
    if leaf.missing:
        return None
    return lines + steps.lines + leaf.lines


# -- ℕ exponents that are literal arithmetic: `x ^ (1 / 3)` is `x ^ 0 = 1` in Lean -------------

def nat_exponent_leaf(goal: Goal, checker: KernelChecker, deadline: float) -> list[str] | None:
    """`b ^ e` with `e` closed ℕ literal arithmetic of value 0 (`1 / 3`): `norm_num` when that
    closes the goal, else `linarith`/`nlinarith` with `(by norm_num : (b ^ e : T) = 1)` for each
    (an atom to linarith otherwise), and the √ facts of the goal."""
    from prover.kernel.evaluate import NotEvaluable, value
    powers: list[Expr] = []
    for p in [goal.target] + [h for _, h in goal.hypotheses]:
        for x in p.walk():
            if x.op == "pow" and x.args[1].ty == NAT and x.args[1].op != "num" and not free_vars(x.args[1]) \
                    and x.ty in (INT, RAT, REAL) and x not in powers:
                try:
                    if value(x.args[1]) == 0:
                        powers.append(x)
                except (NotEvaluable, ZeroDivisionError, ValueError, OverflowError):
                    continue
    if not powers or time.monotonic() >= deadline:
        return None
    if isinstance(checker.close(goal, "norm_num"), Closed):
        return ["norm_num"]
    hints = [f"(by norm_num : ({show(x)} : {x.ty}) = 1)" for x in powers[:8]]
    facts = []
    try:
        facts = transcendental_facts(goal, checker)[:6]
    except Exception:
        facts = []
    for tactic in (f"linarith [{', '.join(hints)}]", f"nlinarith [{', '.join(hints + facts)}]"):
        if time.monotonic() >= deadline:
            return None
        if isinstance(checker.close(goal, tactic), Closed):
            return [tactic]
    return None


# -- case analysis ------------------------------------------------------------------------------

MAX_CASE_DEPTH = 3      # nested case splits in one leaf
MAX_CASE_CANDIDATES = 8  # split tactics tried at one goal
ABS_FACTS_S = 1.0        # the cheap closer on |t| bounds (`_abs_facts`) before any split, at most this long


def case_split_leaf(goal: Goal, method: str, deadline: float, checker: KernelChecker,
                    depth: int = 0) -> list[str] | None:
    """Case analysis the oracle did not need to write, each branch closed by the kernel:
    `|t|` with a sign the kernel proves becomes `abs_of_nonneg`/`abs_of_neg` hints
    (`linarith [abs_of_neg (by linarith : t < 0)]`); otherwise a split, tried in order:
    `rcases h with h | h` on a `∨` hypothesis, `rcases mul_eq_zero.mp h with h | h` on
    `a * b = 0`, `rcases abs_cases (t) with ⟨h₁, h₂⟩ | ⟨h₁, h₂⟩` on each `|t|`, and a product
    made first (`have h : (p₁) * (p₂) = 0 := by linear_combination …`, cofactors from the
    untrusted finder): the factors of an equation hypothesis, of a polynomial in one variable
    of the target the equations imply (Gröbner elimination, SymPy's factorisation), or
    `(v - r₁) * (v - r₂)` for a goal `v = r₁ ∨ v = r₂`. Each branch is closed by `linarith`,
    `left`/`right` on a `∨` goal, `exfalso; exact hne (by linarith)` against a `≠` hypothesis,
    `nlinarith`, or a further split. Returns the script, or None."""
    if depth >= MAX_CASE_DEPTH or time.monotonic() >= deadline:
        return None
    pre: list[str] = []
    if depth == 0:
        if goal.target.op != "and" and _first_checked(goal, ["linarith"], checker, deadline):
            return ["linarith"]
        for side in ("left", "right") if goal.target.op == "or" else ():   # no split needed
            r = checker.apply(goal, side)
            if isinstance(r, Subgoals) and len(r.goals) == 1 and _first_checked(r.goals[0], ["linarith"], checker,
                                                                                deadline):
                return [side, "linarith"]
        facts, richer = _abs_facts(goal)   # the cheap closer on |t| bounds comes first, as below
        found = facts and _first_checked(richer, ["linarith", "nlinarith"], checker,
                                         min(deadline, time.monotonic() + ABS_FACTS_S))
        if found:
            return facts + [found]
        lines, goal = _instantiate_definitions(goal)
        named, goal = _name_conjuncts(goal)
        instances, goal = _instantiate_at_target(goal)
        pre = lines + named + instances
    hints = _abs_sign_hints(goal, checker, deadline)
    if hints:   # nlinarith only when every |t| has its sign (else a split is cheaper)
        every = len(hints) == len(_abs_terms(goal))
        found = _first_checked(goal, [f"linarith [{', '.join(hints)}]"], checker, deadline) \
            or every and _capped(goal, [f"nlinarith [{', '.join(hints)}]"], checker, deadline)
        if found:
            return pre + [found]
    for setup, tactic in _case_candidates(goal, checker, deadline)[:MAX_CASE_CANDIDATES]:
        if time.monotonic() >= deadline:
            return None
        g = goal
        if setup:
            r = checker.apply(g, setup)
            if not isinstance(r, Subgoals) or len(r.goals) != 1:
                continue
            g = r.goals[0]
        r = checker.apply(g, tactic)
        if not isinstance(r, Subgoals) or len(r.goals) < 2:
            continue
        branches = []
        for b in r.goals:
            lines = _close_branch(b, method, deadline, checker, depth)
            if lines is None:
                break
            branches.append(lines)
        else:
            return pre + ([setup] if setup else []) + _join_branches(tactic, branches)
    return None


def case_signal(goal: Goal) -> str | None:
    """Whether the goal shows a case split: "strong" for a `∨` hypothesis or target, `a * b = 0`
    or `|t|`; "weak" for a `≠` hypothesis beside equations (a root the hypotheses exclude),
    without division (a `≠ 0` there is field_simp's side condition); else None."""
    props = [h for _, h in goal.hypotheses]
    if any(x.op in ("mod", "dvd") for x in goal.target.walk()):
        return None   # residues: `interval_omega`/`residue_cases` below are the tools
    if goal.target.op == "or" or any(h.op == "or" or _is_product_zero(h) for h in props):
        return "strong"
    if any(x.op == "call" and x.value == "abs" for e in props + [goal.target] for x in e.walk()):
        return "strong"
    if any(x.op == "div" for e in props + [goal.target] for x in e.walk()):
        return None
    ne = any(h.op == "ne" for h in props) or any(h.op == "and" and any(p.op == "ne" for p in h.args) for h in props)
    return "weak" if ne and any(h.op in ("eq", "forall") for h in props) else None


def _join_branches(tactic: str, branches: list[list[str]]) -> list[str]:
    """`tac <;> t` when every branch is the same one line, else one bullet per branch."""
    if all(len(b) == 1 and b[0] == branches[0][0] for b in branches) and "\n" not in branches[0][0]:
        return [f"{tactic} <;> {branches[0][0]}"]
    lines = [tactic]
    for b in branches:
        lines.append("· " + b[0])
        lines += ["  " + x for x in b[1:]]
    return lines


def _close_branch(goal: Goal, method: str, deadline: float, checker: KernelChecker, depth: int,
                  disjuncts: bool = True) -> list[str] | None:
    """One branch of a split: a closer, `left`/`right` on a ∨ goal, `exfalso` against a `≠`
    hypothesis, or a further split."""
    found = _first_checked(goal, ["linarith"] + _combinations(goal, deadline), checker, deadline)
    if found:
        return [found]
    if disjuncts and goal.target.op == "or":
        for side in ("left", "right"):
            r = checker.apply(goal, side)
            if isinstance(r, Subgoals) and len(r.goals) == 1:
                rest = _close_branch(r.goals[0], method, deadline, checker, MAX_CASE_DEPTH, True)
                if rest is not None:
                    return [side] + rest
    ne = [name for name, h in goal.hypotheses if h.op == "ne" and accessible_name(name)]
    for closer in ("linarith", "nlinarith"):
        for name in ne:
            if time.monotonic() >= deadline:
                return None
            r = checker.apply(goal, "exfalso")
            if isinstance(r, Subgoals) and len(r.goals) == 1:
                tactics = [closer]
                if closer == "linarith":
                    h = goal.hypothesis(name)
                    tactics += _combinations(goal.with_target(Expr("eq", h.args, value=h.value, ty=h.ty)), deadline)
                found = _capped(r.goals[0], [f"exact {name} (by {t})" for t in tactics], checker, deadline)
                if found:
                    return ["exfalso", found]
        if closer == "linarith" and goal.target.op == "and":   # each part, once no contradiction is found
            r = checker.apply(goal, "constructor")
            if isinstance(r, Subgoals) and len(r.goals) == 2:
                parts = [_close_branch(g, method, deadline, checker, depth, disjuncts) for g in r.goals]
                if all(p is not None for p in parts):
                    return _join_branches("constructor", parts)
            return None
        if closer == "linarith":   # a further split (cheap) before any nlinarith (products: slow)
            lines = case_split_leaf(goal, method, deadline, checker, depth + 1)
            if lines:
                return lines
    if goal.target.op != "or":
        found = _capped(goal, ["nlinarith"], checker, deadline)
        if found:
            return [found]
    return None


NLINARITH_CAP_S = 1.0   # an nlinarith check in a case split: in a child killed after this long


def _capped(goal: Goal, tactics: list[str], checker: KernelChecker, deadline: float) -> str | None:
    """`_first_checked` under a deadline at most `NLINARITH_CAP_S` away, so that an nlinarith check
    (products of all pairs: seconds on a large context) runs in a child with a hard limit first."""
    return _first_checked(goal, tactics, checker, min(deadline, time.monotonic() + NLINARITH_CAP_S))


def _instantiate_at_target(goal: Goal) -> tuple[list[str], Goal]:
    """`have h₀_ := h₀ (a)` for a hypothesis `h₀ : ∀ x, P x` (one binder, a number type, no
    other quantifier) whose body applies a function `f` to `x`, at each argument `a` of an
    application `f a` in the target: the instance is about the target's own terms."""
    from prover.checkers.sympy_checker import SympyChecker
    from prover.syntax.ast import NUMBER_TYPES
    structural = SympyChecker()
    lines: list[str] = []
    for name, h in list(goal.hypotheses):
        if h.op != "forall" or not accessible_name(name) or h.value[1] not in NUMBER_TYPES:
            continue
        bound, body = h.value[0], h.args[0]
        if any(v.op in ("forall", "exists", "lambda", "sum", "prod", "setof") for v in body.walk()):
            continue
        heads = {x.value for x in body.walk() if x.op == "apply" and len(x.args) == 1
                 and x.args[0].op == "var" and x.args[0].value == bound}
        args = [x.args[0] for x in goal.target.walk() if x.op == "apply" and x.value in heads and len(x.args) == 1
                and x.args[0].ty == h.value[1]]
        if not any(x.op == "apply" for x in body.walk()) and body.op == "eq" and h.value[1] in (INT, RAT, REAL, COMPLEX):
            # an identity in x (`∀ x, x ^ 2 + a * x + b = (x - a) * (x - b)`): its values at 0, 1, -1
            args = [Expr("num", value=0, ty=h.value[1]), Expr("num", value=1, ty=h.value[1]),
                    Expr("neg", (Expr("num", value=1, ty=h.value[1]),), ty=h.value[1])]
        for a in list(dict.fromkeys(args))[:3]:
            tactic = f"have {goal.fresh_name(name + '_')} := {name} ({show(a)})"
            r = structural.apply(goal, tactic, budget_s=1.0)
            if isinstance(r, Subgoals) and len(r.goals) == 1:
                goal = r.goals[0]
                lines.append(tactic)
    return lines, goal


def _combinations(goal: Goal, deadline: float) -> list[str]:
    """`linear_combination e` for an equation goal over a ring without order (ℂ), where
    linarith cannot run; over ℤ ℚ ℝ linarith is tried instead."""
    if goal.target.op != "eq" or goal.target.value != COMPLEX:
        return []
    return linear_combination_candidates(goal, budget_s=0.5, deadline=deadline)


def accessible_name(name: str) -> bool:
    return "✝" not in name


def _abs_terms(goal: Goal) -> list[Expr]:
    terms: list[Expr] = []
    for e in [goal.target] + [h for _, h in goal.hypotheses]:
        if any(v.op in ("forall", "exists", "lambda", "sum", "prod", "setof") for v in e.walk()):
            continue
        for x in e.walk():
            if x.op == "call" and x.value == "abs" and x.ty in ORDERED and x.args[0] not in terms:
                terms.append(x.args[0])
    return terms[:4]


def _abs_sign_hints(goal: Goal, checker: KernelChecker, deadline: float) -> list[str]:
    """`abs_of_nonneg (by linarith : 0 ≤ t)` / `abs_of_neg (by linarith : t < 0)` for each `|t|`
    whose sign the kernel's linarith proves from the hypotheses."""
    from prover.syntax.ast import PROP
    hints = []
    for t in _abs_terms(goal):
        zero = Expr("num", value=0, ty=t.ty)
        for lemma, op, args, text in (("abs_of_nonneg", "le", (zero, t), f"0 ≤ {show(t)}"),
                                      ("abs_of_neg", "lt", (t, zero), f"{show(t)} < 0")):
            if time.monotonic() >= deadline:
                return hints
            if _first_checked(goal.with_target(Expr(op, args, value=t.ty, ty=PROP)), ["linarith"], checker, deadline):
                hints.append(f"{lemma} (by linarith : {text})")
                break
    return hints


def _case_candidates(goal: Goal, checker: KernelChecker, deadline: float) -> list[tuple[str | None, str]]:
    """(setup line or None, split tactic) in the order tried (see `case_split_leaf`)."""
    out: list[tuple[str | None, str]] = []
    for name, h in goal.hypotheses:
        if h.op == "or" and accessible_name(name):
            k, p = 1, h
            while p.op == "or" and k < 4:
                k, p = k + 1, p.args[1]
            out.append((None, f"rcases {name} with {' | '.join([name] * k)}"))
    for name, h in reversed(goal.hypotheses):   # the newest first: a product a split just made
        if _is_product_zero(h) and accessible_name(name):
            z = goal.fresh_name("hz")
            out.append((None, f"rcases mul_eq_zero.mp {name} with {z} | {z}"))
    known = {h.args[0].args[0] for _, h in goal.hypotheses
             if h.op == "eq" and h.args[0].op == "call" and h.args[0].value == "abs"
             and (h.args[1] == h.args[0].args[0] or h.args[1] == Expr("neg", h.args[0].args, ty=h.args[1].ty))}
    for t in _abs_terms(goal):
        if t in known:   # already split: `|t| = t` or `|t| = -t` is a hypothesis
            continue
        a, b = goal.fresh_name("hab"), goal.fresh_name("habs")
        out.append((None, f"rcases abs_cases ({show(t)}) with ⟨{a}, {b}⟩ | ⟨{a}, {b}⟩"))
    if goal.target.op == "or":   # `by_cases` on the first disjunct, then on signs of the variables
        from prover.syntax.ast import PROP
        decided = {h.args[0] if h.op == "not" else h for _, h in goal.hypotheses}
        first, hc = goal.target.args[0], goal.fresh_name("hc")
        if first.op in ("lt", "le", "gt", "ge") and first.value in ORDERED and first not in decided:
            out.append((None, f"by_cases {hc} : {show(first)}"))
        ordered = any(x.op in ("lt", "le", "gt", "ge") for x in goal.target.walk())
        for v in sorted(free_vars(goal.target))[:2] if ordered else ():
            ty = goal.context.get(v)
            if ty in ORDERED and Expr("le", (Expr("num", value=0, ty=ty), Expr("var", value=v, ty=ty)),
                                      value=ty, ty=PROP) not in decided:
                out.append((None, f"by_cases {hc} : 0 ≤ {v}"))
    if time.monotonic() < deadline:
        for text in _product_statements(goal, deadline):
            line = _proved_product(goal, text, checker, deadline)
            if line:
                hp = line.split()[1]
                out.append((line, f"rcases mul_eq_zero.mp {hp} with {hp} | {hp}"))
    return out


def _is_product_zero(h: Expr) -> bool:
    return h.op == "eq" and h.args[0].op == "mul" and h.args[1].op == "num" and h.args[1].value == 0 \
        and h.value in (NAT, INT, RAT, REAL, COMPLEX)


def _product_statements(goal: Goal, deadline: float) -> list[str]:
    """`(p₁) * (p₂) = 0` statements worth proving (untrusted proposals; see `case_split_leaf`)."""
    from prover.decide.limits import TIMED_OUT, run_with_limit
    found = run_with_limit(_factored_products, (goal,), seconds=_left(deadline, 1.5))
    return [] if found is TIMED_OUT or not found else found


def _factored_products(goal: Goal) -> list[str]:
    import sympy

    from prover.decide.algebra import NotPolynomial, PolyTranslator
    out: list[str] = []
    t = goal.target
    disjuncts = []
    while t.op == "or":
        disjuncts.append(t.args[0])
        t = t.args[1]
    disjuncts.append(t)
    if len(disjuncts) >= 2 and all(d.op == "eq" and d.value in (INT, RAT, REAL, COMPLEX) for d in disjuncts) \
            and all(d.args[0] == disjuncts[0].args[0] and not free_vars(d.args[1]) for d in disjuncts):
        v = show(disjuncts[0].args[0])
        out.append(" * ".join(f"({v} - ({show(d.args[1])}))" for d in disjuncts) + " = 0")
    eqs = [h for _, h in goal.hypotheses if h.op == "eq" and h.value in (INT, RAT, REAL, COMPLEX)
           and not _is_product_zero(h)]
    tr = PolyTranslator()
    atoms: dict = {}
    polys = []
    for h in eqs[:6]:
        try:
            polys.append((sympy.expand(tr(_atomize(h.args[0], atoms)) - tr(_atomize(h.args[1], atoms))), h.value))
        except (NotPolynomial, RecursionError):
            continue
    candidates = [p for p, _ in polys]
    symbols = sorted({s for p in candidates for s in p.free_symbols}, key=str)
    ty = polys[0][1] if polys else None
    excluded = any(h.op == "ne" for _, h in goal.hypotheses) or goal.target.op == "or"
    if excluded and polys and all(pty == ty for _, pty in polys) and 1 < len(symbols) <= 4 and len(polys) >= 2:
        for v in [s for s in symbols if str(s) in free_vars(goal.target) or str(s) in atoms][:2]:
            order = [s for s in symbols if s != v] + [v]
            try:
                basis = sympy.groebner(candidates, *order, order="lex")
            except Exception:
                continue
            candidates += [g for g in basis.exprs if g.free_symbols == {v}]
    for p in candidates:
        if not p.free_symbols:
            continue
        c, factors = sympy.factor_list(p)
        parts = [f for f, e in factors for _ in range(min(e, 2)) if f.free_symbols]
        if len(parts) < 2 or len(parts) > 4:
            continue
        text = " * ".join(f"({_poly_text(sympy.expand(f))})" for f in parts) + " = 0"
        for key, lean in atoms.items():
            text = text.replace(key, f"({lean})")
        if text not in out:
            out.append(text)
    return out[:4]


def _proved_product(goal: Goal, text: str, checker: KernelChecker, deadline: float) -> str | None:
    """`have hp : text := by tac` with a kernel closer for it, or None."""
    from prover.checkers.sympy_checker import SympyChecker
    try:
        prop = SympyChecker._prop(goal, text)
    except Exception:
        return None
    if prop.op != "eq" or prop.args[0].op != "mul" or prop.value not in (INT, RAT, REAL, COMPLEX):
        return None
    if any(h == prop for _, h in goal.hypotheses):   # already made (and split) further up
        return None
    side = goal.with_target(prop)
    found = _first_checked(side, [lambda: linear_combination_candidates(side, budget_s=1.0, deadline=deadline),
                                  "linarith", "nlinarith"], checker, deadline)
    if not found:
        return None
    return f"have {goal.fresh_name('hp')} : {text} := by {found}"
