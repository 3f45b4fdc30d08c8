"""Helpers shared by the reconstruction (`prover.search.reconstruct`) and the finders it calls
(`fractions`, `surds`, `logb_solve`): polynomial text for certificates, atoms for the polynomial
finders, prime factors, and kernel checks in a child process with a hard limit. Untrusted, like
every finder: the kernel checks whatever they help propose. They live below `reconstruct` so
that the finders import them without an import cycle."""

from __future__ import annotations

from fractions import Fraction

from prover.checkers.base import Closed
from prover.checkers.kernel_checker import KernelChecker
from prover.state import Goal
from prover.syntax.ast import COMPLEX, NAT, RAT, REAL, Expr, free_vars
from prover.syntax.printer import show

I_KEY = "imagIZ"   # the finder's name for the atom `Complex.I`


def _atomize(e: Expr, atoms: dict, inverses: bool = False) -> Expr:
    """Applications of functions (`f 3`, `Real.sqrt x`) as fresh variables `atomN` (their Lean
    text kept in `atoms`), so that the polynomial finder sees them as atoms, as ring does.
    `inverses`: `a / b` (b not a numeral, over a field) as `a * atom` with the atom `b⁻¹`
    (ring's `a * b⁻¹`; the kernel checks whatever the finder proposes)."""
    if inverses and e.op == "div" and free_vars(e.args[1]) and e.ty in (RAT, REAL, COMPLEX):
        inv = Expr("inv", (e.args[1],), ty=e.ty)
        return Expr("mul", (_atomize(e.args[0], atoms, inverses), _atomize(inv, atoms)), ty=e.ty)
    if e.op == "imag_unit":   # an atom to ring, never `sympy.I` (whose square SymPy reduces)
        atoms[I_KEY] = "Complex.I"
        return Expr("var", value=I_KEY, ty=e.ty)
    if e.op in ("apply", "call", "inv"):
        text = show(e) if e.op != "inv" else f"({show(e.args[0])})⁻¹"
        key = next((k for k, v in atoms.items() if v == text), None)
        if key is None:
            key = f"atom{len(atoms)}Z"
            atoms[key] = text
        return Expr("var", value=key, ty=e.ty)
    if not e.args:
        return e
    return Expr(e.op, tuple(_atomize(a, atoms, inverses) for a in e.args), value=e.value, ty=e.ty)


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


def _to_sympy_poly(e: Expr, symbols: dict):
    import sympy
    if e.op == "num":
        return sympy.Rational(Fraction(e.value).numerator, Fraction(e.value).denominator)
    if e.op == "var" and e.value in symbols:
        return symbols[e.value]
    if e.op == "call" and e.value == "Real.sqrt" and not free_vars(e):
        return sympy.sqrt(_to_sympy_poly(e.args[0], symbols))
    args = [_to_sympy_poly(a, symbols) for a in e.args]
    if e.op == "add":
        return args[0] + args[1]
    if e.op == "sub":
        return args[0] - args[1]
    if e.op == "mul":
        return args[0] * args[1]
    if e.op == "div":
        return args[0] / args[1]
    if e.op == "neg":
        return -args[0]
    if e.op == "pow" and e.args[1].op == "num" and e.args[1].ty == NAT and int(e.args[1].value) <= 8:
        return args[0] ** int(e.args[1].value)
    raise ValueError(e.op)


LOG_MAX_NUMERAL = 10 ** 6  # numerals factored into primes inside `Real.log`


def _small_factor(n: int) -> list[tuple[int, int]] | None:
    """Prime factorization of 2 ≤ n ≤ LOG_MAX_NUMERAL by trial division (untrusted: norm_num
    checks the product)."""
    if not 2 <= n <= LOG_MAX_NUMERAL:
        return None
    out, p = [], 2
    while p * p <= n:
        k = 0
        while n % p == 0:
            n, k = n // p, k + 1
        if k:
            out.append((p, k))
        p += 1
    if n > 1:
        out.append((n, 1))
    return out


def warm() -> None:
    """Import what the kernel's and the finders' LPs need (SciPy's optimizer, about a second)
    once, in a parent process before it forks workers, so no prove budget pays for it."""
    import prover.kernel.untrusted.farkas  # noqa: F401
    try:
        import scipy.optimize  # noqa: F401
    except ImportError:  # pragma: no cover - SciPy is a dependency
        pass


def child_check(goal: Goal, tactic: str, checker: KernelChecker, seconds: float) -> bool:
    """Whether the kernel closes `goal` by `tactic`, decided in a child killed after `seconds`
    (True at once when the checker's cache holds the answer). The child's refusal is recorded
    in the cache, so the check is never run again in this prove call; so is the time it ran
    out in, so it is not tried again with as little time. The caller re-runs a success in its
    own checker, where the kernel issues the step."""
    from prover.decide.limits import TIMED_OUT, run_with_limit
    key = checker.key(goal, tactic)
    if key in checker.cache:
        return True
    late = ("late check timed out",) + key
    if checker.cache.get(late, 0.0) >= seconds:
        return False
    try:
        reason = run_with_limit(_refusal, (goal, tactic), seconds=seconds)
    except RuntimeError:
        return False
    if reason is TIMED_OUT:
        checker.cache[late] = max(seconds, checker.cache.get(late, 0.0))
        return False
    if reason is not None:
        checker.refused(goal, tactic, reason)
        return False
    return True


def _refusal(goal: Goal, tactic: str) -> str | None:
    """The kernel's reason for refusing `tactic` on `goal`, None when it closes it."""
    result = KernelChecker().close(goal, tactic)
    return None if isinstance(result, Closed) else result.reason
