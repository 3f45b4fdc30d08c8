"""Solving for the base of a logarithm: `b = c` from `x = Real.logb b A` and equations that fix
x through logs (`7 ^ (x + 7) = 8 ^ x`). Untrusted proposer for `reconstruct_leaf`; the kernel
checks every line. The script, with L = `Real.log b`, E = log c in prime logs:

    <log facts: congrArg Real.log, Real.log_rpow, Real.log_pow, factorizations, log_pos>
    have hq : Real.logb b A = Real.log A / L := by rw [Real.logb]
    by_cases hz : L = 0
    · exfalso                                        -- `logb 1 A = log A / 0 = 0`
      have hq0 : Real.logb b A = 0 := by
        rw [hq, hz]
        ring
      have hx0 : x = 0 := by linarith
      have … : x * Y = 0 := by                       -- each log atom Y
        rw [hx0]
        ring
      linarith
    · have hf : L ≠ 0 := by
        intro hc
        exact hz hc
      have hi : L * L⁻¹ = 1 := by exact mul_inv_cancel₀ hf
      have hxl : x * L = Real.log A := by linear_combination L * h₂ + L * hq + Real.log A * hi
      have hx : x ≠ 0 := by                          -- as in the zero case, from x = 0
        intro hx0
        …
        linarith
      have hm : x * L = x * E := by linarith          -- monomials x * Y are atoms
      have hL : L = E := by exact mul_left_cancel₀ hx hm
      have he := congrArg Real.exp hL'               -- hL' : L = Real.log c, by linarith
      have he1 := Real.exp_log h₀                    -- exp (log b) = b
      have he2 := Real.exp_log (by norm_num : (0:ℝ) < c)
      linarith

Cheap decline: the target must be `v = c` (v a real variable, c a positive rational literal),
`0 < v` a hypothesis, and `Real.logb v _` in a hypothesis.
"""

from __future__ import annotations

import time
from fractions import Fraction

from prover.checkers.base import Closed, Subgoals
from prover.checkers.kernel_checker import KernelChecker
from prover.state import Goal
from prover.syntax.ast import REAL, Expr
from prover.syntax.printer import show

MAX_LOGB = 2


def _positive_literal(e: Expr) -> Fraction | None:
    c = _literal(e)
    return c if c is not None and c > 0 else None


def _literal(e: Expr) -> Fraction | None:
    from prover.kernel.evaluate import NotEvaluable, value
    from prover.syntax.ast import free_vars
    if free_vars(e):
        return None
    try:
        c = Fraction(value(e))
    except (NotEvaluable, ZeroDivisionError, ValueError, TypeError, OverflowError):
        return None
    return c


def applies(goal: Goal) -> bool:
    t = goal.target
    if t.op != "eq" or t.value != REAL or t.args[0].op != "var":
        return False
    v = t.args[0]
    if not any(x.op == "call" and x.value == "Real.logb" and len(x.args) == 2 and x.args[0] == v
               for _, h in goal.hypotheses for x in h.walk()):
        return False
    return any(h.op == "lt" and h.args[0].op == "num" and h.args[0].value == 0 and h.args[1] == v
               for _, h in goal.hypotheses)


def _log_text(k: Fraction) -> list[tuple[int, int]] | None:
    """Prime exponents of a positive rational: [(p, ±k)]."""
    from prover.search.finder_tools import _small_factor
    out: list[tuple[int, int]] = []
    for n, sign in ((k.numerator, 1), (k.denominator, -1)):
        if n == 1:
            continue
        f = _small_factor(n)
        if not f:
            return None
        out += [(p, sign * e) for p, e in f]
    return out


def _lit(k: Fraction) -> str:
    text = str(abs(k.numerator)) if k.denominator == 1 else f"{abs(k.numerator)} / {k.denominator}"
    return text if k > 0 else f"-({text})"


def _block(head: str, body: list[str]) -> list[str]:
    return [head] + ["  " + x for x in body]


def logb_base_leaf(goal: Goal, checker: KernelChecker, deadline: float, finders) -> list[str] | None:
    if not applies(goal) or time.monotonic() >= deadline:
        return None
    _LogSteps, _apply_line, _is_log = finders._LogSteps, finders._apply_line, finders._is_log
    _log_expand, _log_values = finders._log_expand, finders._log_values
    _logb_quotients, _numeral_log_forms = finders._logb_quotients, finders._numeral_log_forms
    t = goal.target
    v, c_expr = t.args
    c = _positive_literal(c_expr)
    if c is None or c == 1:
        return None
    pos = next(n for n, h in goal.hypotheses
               if h.op == "lt" and h.args[0].op == "num" and h.args[0].value == 0 and h.args[1] == v)
    factors = _log_text(c)
    if not factors:
        return None
    steps = _LogSteps(goal, checker)
    _log_values(steps)
    quotients = [(n, q) for n, q in _logb_quotients(steps) if q.args[1].args[0] == v]
    if not quotients or len(quotients) > MAX_LOGB:
        return None
    L = show(quotients[0][1].args[1])
    # log c's numerator and denominator among the logs (`Real.log_div`, or `Real.log_pos` on an
    # integer c), then every log factored into prime logs
    if c_expr.op == "div":   # as written (`3 / 1` too): `Real.log (p / q) = Real.log p - Real.log q`
        a, d = (show(x) for x in c_expr.args)
        steps.step(f"have {steps.name('hlc')} := Real.log_div (by norm_num : ({a} : ℝ) ≠ 0) "
                   f"(by norm_num : ({d} : ℝ) ≠ 0)")
    elif c_expr.op == "num" and c > 1:
        steps.step(f"have {steps.name('hlc')} := Real.log_pos (by norm_num : (1:ℝ) < {c.numerator})")
    _log_expand(steps, deadline)
    _numeral_log_forms(steps)
    qname, q = quotients[0]
    logb_term = next(x for x in steps.goal.hypothesis(qname).walk()
                     if x.op == "call" and x.value == "Real.logb")
    # the unknown fixed by the logb: a variable `x` with `x = logb v A` (or `logb v A = x`)
    xname, xeq, literal = None, None, False
    for n, h in steps.goal.hypotheses:
        if h.op == "eq" and h.value == REAL and logb_term in h.args:
            other = h.args[0] if h.args[1] == logb_term else h.args[1]
            if other.op == "var" and other != v:
                xname, xeq = show(other), (n, h.args[1] == logb_term)
                break
            k = _literal(other)
            if k:   # `logb v A = k`: the unknown is the literal k (nonzero by norm_num)
                xname, xeq, literal = f"({_lit(k)} : ℝ)", (n, h.args[1] == logb_term), True
                break
    if xname is None:
        return None
    log_a = show(q.args[0])
    prime_logs = sorted({x for _, h in steps.goal.hypotheses for x in h.walk()
                         if _is_log(x) and x.args[0].op == "num"}, key=show)
    atoms = [show(x) for x in prime_logs if show(x) != L] + [L]
    if len(atoms) > 8 or time.monotonic() >= deadline:
        return None
    g = steps.goal
    used: set[str] = set()

    def fresh(stem: str) -> str:
        k = 1
        while f"{stem}{k}" in used or g.fresh_name(f"{stem}{k}") != f"{stem}{k}":
            k += 1
        used.add(f"{stem}{k}")
        return f"{stem}{k}"

    hz, hq0, hx0, hf, hi, hxl, hx, hm, hL, hLc, he, he1, he2 = (fresh(s) for s in (
        "hz", "hq0", "hx0", "hf", "hi", "hxl", "hx", "hm", "hL", "hLc", "he", "he1", "he2"))
    hxz = [fresh("hxz") for _ in atoms]

    def zero_products() -> list[str]:
        out = []
        for name, a in zip(hxz, atoms):
            out += _block(f"have {name} : {xname} * {a} = 0 := by", [f"rw [{hx0}]", "ring"])
        return out

    # zero case: logb v A = log A / 0 = 0 forces x = 0, which the log facts refute
    sign = "" if xeq[1] else "-"
    zero = ["exfalso"] + _block(f"have {hq0} : {show(logb_term)} = 0 := by", [f"rw [{qname}, {hz}]", "ring"])
    zero += ["linarith"] if literal else [f"have {hx0} : {xname} = 0 := by linarith"] + zero_products() + ["linarith"]
    e_text = " + ".join(f"({k}) * Real.log {p}" for p, k in factors)
    nonzero = _block(f"have {hf} : {L} ≠ 0 := by", ["intro hc", f"exact {hz} hc"])
    nonzero += [f"have {hi} : {L} * ({L})⁻¹ = 1 := by exact mul_inv_cancel₀ {hf}",
                f"have {hxl} : {xname} * {L} = {log_a} := by linear_combination {sign}({L}) * {xeq[0]} "
                f"+ ({L}) * {qname} + ({log_a}) * {hi}"]
    nonzero += ([f"have {hx} : {xname} ≠ 0 := by norm_num"] if literal else
                _block(f"have {hx} : {xname} ≠ 0 := by", [f"intro {hx0}"] + zero_products() + ["linarith"]))
    cl = show(c_expr)
    nonzero += [f"have {hm} : {xname} * {L} = {xname} * ({e_text}) := by linarith",
                f"have {hL} : {L} = {e_text} := by exact mul_left_cancel₀ {hx} {hm}",
                f"have {hLc} : {L} = Real.log ({cl}) := by linarith",
                f"have {he} := congrArg Real.exp {hLc}",
                f"have {he1} := Real.exp_log {pos}",
                f"have {he2} := Real.exp_log (by norm_num : (0:ℝ) < {cl})",
                "linarith"]
    script = steps.lines + [f"by_cases {hz} : {L} = 0"]
    script += ["· " + zero[0]] + ["  " + x for x in zero[1:]]
    script += ["· " + nonzero[0]] + ["  " + x for x in nonzero[1:]]
    from prover.checkers.replay import replay
    if time.monotonic() >= deadline:
        return None
    if replay(goal, "\n".join(script), checker=checker, budget_s=max(deadline - time.monotonic(), 0.5)).ok:
        return script
    return None
