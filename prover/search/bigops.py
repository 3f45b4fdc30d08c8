"""Sums over a literal range too long to evaluate (`∑ k ∈ Finset.range 2003, u k`, with
`h₀ : ∀ n, u n = 2 * n + 2`): each sum's closed form, proved by induction for every bound, then
instantiated at the literal. Untrusted: the script is kept only when the kernel checker
replays it (`certify`).

The closed form is found by evaluation: the body (local functions unfolded through their
defining hypotheses `∀ x, f x = e`) is summed for the bounds 0 … D + 2 and the values are
interpolated by a polynomial P of degree at most D with P(0) = 0 (the empty sum); two more
values must agree with P, and the kernel replays the induction anyway, so a wrong guess is only
a wasted try. For a ℕ sum with P's coefficients natural numbers the script is

    have hS : ∀ m, ∑ k ∈ Finset.range m, body = m * (Q m) := by
      intro m
      induction m with
      | zero => rw [Finset.sum_range_zero, zero_mul]
      | succ m ih =>
        rw [Finset.sum_range_succ, ih, h₀]
        ring
    have e₁ := hS 2003
    omega

(P = m * Q, Q's coefficients as repeated sums `m + m`: the base is `0 * Q 0 = 0` after `Finset.sum_range_zero`, closed by `zero_mul` and
`rw`'s `rfl` on `0 = 0`), with omega reading each sum as an atom (truncated subtraction of two
sums included).

>>> from prover.state import load_theorem
>>> g = load_theorem("theorem t : ∑ k ∈ Finset.range 5000, (2 * k + 1) = 25000000").goal
>>> lines = closed_form_sums_leaf(g, KernelChecker(), time.monotonic() + 20)
>>> lines[0]
'have hS₁ : ∀ m, ∑ k ∈ Finset.range m, (2 * k + 1) = m * m := by'
"""

from __future__ import annotations

import time
from fractions import Fraction
from math import comb

from prover.checkers.kernel_checker import KernelChecker, certify
from prover.state import Goal
from prover.syntax.ast import NAT, Expr, free_vars, substitute
from prover.syntax.printer import show

MAX_DEGREE = 4        # degree of the closed form (the body's degree + 1)
CHECK_POINTS = 2      # values beyond the interpolation points that must agree
MAX_SUMS = 3
MAX_TERMS = 12      # monomials of Q written out (coefficients as repeated sums)
CLOSERS = ("omega", "linarith")


def closed_form_sums_leaf(goal: Goal, checker: KernelChecker, deadline: float) -> list[str] | None:
    """A kernel-checked script through closed forms of the goal's ℕ sums over literal ranges,
    or None (see the module docstring). Declines at once when the goal has no such sum."""
    sums = list(dict.fromkeys(
        e for e in goal.target.walk() if e.op == "sum" and e.ty == NAT and e.args[0].op == "set"
        and e.args[0].value == "Finset.range" and e.args[0].args[0].op == "num"))
    if not sums or len(sums) > MAX_SUMS:
        return None
    from prover.kernel.evaluate import MAX_TERMS as EVALUATED
    if all(s.args[0].args[0].value <= EVALUATED and free_vars(s) <= {s.value[0]} for s in sums):
        return None   # closed sums the kernel's norm_num evaluates: nothing to add
    lines: list[str] = []
    facts: list[str] = []
    used = set(goal.names) | {v for e in sums for v in free_vars(e)} | {e.value[0] for e in sums}
    for i, s in enumerate(sums, 1):
        if time.monotonic() >= deadline:
            return None
        found = _closed_form(goal, s)
        if found is None:
            return None
        q_text, rewrites = found
        k, body = s.value[0], s.args[1]
        m = _fresh("m", used | {k})
        name, fact = _fresh(f"hS{_sub(i)}", used), _fresh(f"e{_sub(i)}", used)
        used |= {name, fact}
        q = q_text.replace("#m", m)
        step = ", ".join(["Finset.sum_range_succ", "ih"] + rewrites)
        lines += [f"have {name} : ∀ {m}, ∑ {k} ∈ Finset.range {m}, {_paren(show(body))} = {m} * {q} := by",
                  f"  intro {m}", f"  induction {m} with",
                  "  | zero => rw [Finset.sum_range_zero, zero_mul]",
                  f"  | succ {m} ih =>", f"    rw [{step}]", "    ring"]
        facts.append(f"have {fact} := {name} {s.args[0].args[0].value}")
    for closer in CLOSERS:
        if time.monotonic() >= deadline:
            return None
        script = lines + facts + [closer]
        if certify(goal, "\n".join(script), KernelChecker(checker.cache)).ok:
            return script
    return None


def _closed_form(goal: Goal, s: Expr) -> tuple[str, list[str]] | None:
    """Q's text (the variable written `#m`) with P(m) = m * Q(m) the interpolated sum, and the
    hypotheses that unfold the body's local functions; None when a function has no defining
    hypothesis, a value is not evaluable, or P is not a polynomial with ℕ coefficients."""
    from prover.kernel.evaluate import NotEvaluable, value
    k, body = s.value[0], s.args[1]
    definitions: dict[str, tuple[str, str, Expr]] = {}
    for f in sorted(free_vars(body) - {k}):
        d = _definition(goal, f)
        if d is None:
            return None
        definitions[f] = d
    points = MAX_DEGREE + 1 + CHECK_POINTS
    ys, total = [Fraction(0)], Fraction(0)
    try:
        for j in range(points - 1):
            total += Fraction(value(_unfold(substitute(body, k, Expr("num", value=j, ty=NAT)), definitions)))
            ys.append(total)
    except (NotEvaluable, ValueError, ZeroDivisionError, OverflowError):
        return None
    coeffs = _interpolate(ys[:MAX_DEGREE + 1])
    if any(_poly(coeffs, x) != y for x, y in enumerate(ys)):
        return None
    if coeffs[0] != 0 or any(c.denominator != 1 or c < 0 for c in coeffs) or not any(coeffs):
        return None
    terms = []
    for power, c in enumerate(coeffs[1:]):   # Q(m) = Σ c_{i+1} m^i
        if c == 0:
            continue
        mono = "" if power == 0 else ("#m" if power == 1 else f"#m ^ {power}")
        # `c * m` is written `m + … + m`: the base `0 * Q 0` must have no other product, or
        # which instance `rw [zero_mul]` abstracts is not modelled
        terms += [str(c)] if not mono else [mono] * int(c)
    if len(terms) > MAX_TERMS:
        return None
    q = " + ".join(terms)
    q = q if len(terms) == 1 and " " not in q else f"({q})"
    return q, [definitions[f][0] for f in definitions]


def _definition(goal: Goal, f: str) -> tuple[str, str, Expr] | None:
    """(hypothesis name, bound variable, right side) of `h : ∀ x, f x = e` with e mentioning x only."""
    for name, h in goal.hypotheses:
        if h.op == "forall" and h.value[1] == NAT and "✝" not in name:
            x, eq = h.value[0], h.args[0]
            if eq.op == "eq" and eq.args[0].op == "apply" and eq.args[0].value == f \
                    and eq.args[0].args == (Expr("var", value=x, ty=NAT),) and free_vars(eq.args[1]) <= {x}:
                return name, x, eq.args[1]
    return None


def _unfold(e: Expr, definitions: dict) -> Expr:
    if e.op == "apply" and e.value in definitions and len(e.args) == 1:
        _, x, rhs = definitions[e.value]
        return substitute(rhs, x, _unfold(e.args[0], definitions))
    if not e.args:
        return e
    return Expr(e.op, tuple(_unfold(a, definitions) for a in e.args), value=e.value, ty=e.ty)


def _interpolate(ys: list[Fraction]) -> list[Fraction]:
    """Monomial coefficients of the polynomial through (0, y₀), (1, y₁), …: Newton's forward
    differences, P(m) = Σ Δⁱy₀ · C(m, i), expanded."""
    diffs, row = [], list(ys)
    while row:
        diffs.append(row[0])
        row = [b - a for a, b in zip(row, row[1:])]
    coeffs = [Fraction(0)] * len(ys)
    for i, d in enumerate(diffs):
        falling = [Fraction(1)]        # m (m - 1) … (m - i + 1) / i!
        for r in range(i):
            falling = [Fraction(0)] + falling
            for j in range(len(falling) - 1):
                falling[j] -= r * falling[j + 1]
        for j, c in enumerate(falling):
            coeffs[j] += d * c / Fraction(_fact(i))
    while len(coeffs) > 1 and coeffs[-1] == 0:
        coeffs.pop()
    return coeffs


def _fact(i: int) -> int:
    return comb(i, i) if i == 0 else i * _fact(i - 1)


def _poly(coeffs: list[Fraction], x: int) -> Fraction:
    return sum((c * x ** j for j, c in enumerate(coeffs)), Fraction(0))


def _paren(text: str) -> str:
    return text if text.replace("_", "").replace(".", "").isalnum() or " " not in text else f"({text})"


def _sub(i: int) -> str:
    return "".join("₀₁₂₃₄₅₆₇₈₉"[int(c)] for c in str(i))


def _fresh(base: str, used: set) -> str:
    name, i = base, 0
    while name in used:
        i += 1
        name = f"{base}'{i}" if i > 1 else f"{base}'"
    return name
