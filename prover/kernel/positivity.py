"""`positivity`: Mathlib's syntactic rules (`Mathlib/Tactic/Positivity/Core.lean`, `Basic.lean`),
one per operation, for goals `0 < e`, `0 ≤ e`, `e ≠ 0`, `0 ≠ e`.

Each subterm gets a strictness: "pos", "nonneg", "nonzero" or None (`Strictness`). `core`
runs the extension for the head operation, then `normNumPositivity` (closed numerals),
`positivityCanon` (ℕ is nonnegative), then, unless already positive, `compareHyp` on every
hypothesis: `0 < e`, `0 ≤ e`, `e ≠ 0`, `c < e`, `c ≤ e`, `c = e` with `c` a numeral whose
sign norm_num knows. Results combine with `orElse` (nonneg and nonzero make pos). There is
no rule for subtraction or negation of non-numerals: `1 < y ⊢ 0 < y - 1` is refused.
The certificate is the derivation: one (subterm, strictness, rule) line per node.

>>> from prover.state import load_theorem
>>> prove(load_theorem("theorem t (x : ℝ) (h : x ≠ 0) : 0 < x ^ 2 + Real.exp x").goal) is not None
True
>>> prove(load_theorem("theorem t (y : ℝ) (h : 1 < y) : 0 < y - 1").goal) is None
True
"""

from __future__ import annotations

from prover.kernel.evaluate import NotEvaluable, value
from prover.kernel.terms import alpha_equal
from prover.state import Goal
from prover.syntax.ast import INT, NAT, REAL, Expr, free_vars
from prover.syntax.printer import show

ORDERED = ("ℕ", "ℤ", "ℚ", "ℝ")
FIELDS = ("ℚ", "ℝ")


def _zero(e: Expr) -> bool:
    return e.op == "num" and e.value == 0


def or_else(r1, r2):
    """`Positivity.orElse`."""
    if r1 is None:
        return r2
    if r1 == "pos" or r2 is None:
        return r1
    if r2 == "pos":
        return r2
    if {r1, r2} == {"nonneg", "nonzero"}:
        return "pos"
    return r1


def norm_num_sign(e: Expr):
    """`normNumPositivity`: the sign of a closed numeral expression."""
    if free_vars(e):
        return None
    try:
        v = value(e)
    except NotEvaluable:
        return None
    return "pos" if v > 0 else "nonneg" if v == 0 else "nonzero"


class Positivity:
    def __init__(self, goal: Goal):
        self.goal = goal
        self.trace: list[tuple[str, str, str]] = []

    def core(self, e: Expr):
        result = None
        rule = ""
        try:
            result, rule = self.extension(e), e.op if e.op != "call" else e.value
        except RecursionError:  # pragma: no cover
            result = None
        r = norm_num_sign(e)
        if r is not None and or_else(result, r) != result:
            result, rule = or_else(result, r), "norm_num"
        if e.ty == NAT and or_else(result, "nonneg") != result:
            result, rule = or_else(result, "nonneg"), "positivityCanon (ℕ)"
        if result != "pos":
            for name, h in self.goal.hypotheses:
                r = self.compare_hyp(e, h)
                if r is not None and or_else(result, r) != result:
                    result, rule = or_else(result, r), f"compareHyp {name}"
        if result is not None:
            self.trace.append((show(e), result, rule))
        return result

    def compare_hyp(self, e: Expr, h: Expr):
        """`compareHyp`: `lo ≤ e`, `lo < e`, `x = e` / `e = x`, `e ≠ 0` / `0 ≠ e`."""
        if h.op in ("le", "lt", "ge", "gt") and h.value == e.ty:
            lo, hi = h.args if h.op in ("le", "lt") else (h.args[1], h.args[0])
            if not alpha_equal(hi, e):
                return None
            strict = h.op in ("lt", "gt")
            if _zero(lo):
                return "pos" if strict else "nonneg"
            s = norm_num_sign(lo)
            if s == "pos":
                return "pos"
            if s == "nonneg":
                return "pos" if strict else "nonneg"
            return None
        if h.op == "eq" and h.value == e.ty:
            lhs, rhs = h.args
            if alpha_equal(rhs, e):
                other = lhs
            elif alpha_equal(lhs, e):
                other = rhs
            else:
                return None
            return "nonneg" if _zero(other) else norm_num_sign(other)
        if h.op == "ne" and h.value == e.ty:
            lhs, rhs = h.args
            if (_zero(lhs) and alpha_equal(rhs, e)) or (_zero(rhs) and alpha_equal(lhs, e)):
                return "nonzero"
        return None

    def extension(self, e: Expr):
        """The `@[positivity]` extension for the head of `e` (None when none applies)."""
        op, ty = e.op, e.ty
        if op == "add":  # evalAdd
            a, b = self.core(e.args[0]), self.core(e.args[1])
            if "pos" in (a, b) and {a, b} <= {"pos", "nonneg"}:
                return "pos"
            if a == b == "nonneg":
                return "nonneg"
            return None
        if op == "mul":  # evalMul
            a, b = self.core(e.args[0]), self.core(e.args[1])
            if a == b == "pos":
                return "pos"
            if {a, b} <= {"pos", "nonneg"} and None not in (a, b):
                return "nonneg"
            if {a, b} <= {"pos", "nonzero"} and None not in (a, b):
                return "nonzero"
            return None
        if op == "pow" and e.args[1].ty == NAT:  # evalPow
            n = e.args[1]
            if n.op == "num" and n.value == 0:
                return "pos"
            result = None
            if n.op == "num" and n.value % 2 == 0 and ty != NAT:
                result = "nonneg"  # (even_two_mul m).pow_nonneg
            a = self.core(e.args[0])
            return or_else(result, a)  # pow_pos, pow_nonneg, pow_ne_zero
        if op == "pow" and e.args[1].ty == INT and ty in FIELDS:  # evalZPow
            n = e.args[1]
            lit = value(n) if not free_vars(n) and n.op in ("num", "neg") else None
            if lit == 0:
                return "pos"
            result = "nonneg" if lit is not None and lit % 2 == 0 else None
            return or_else(result, self.core(e.args[0]))  # zpow_pos, zpow_nonneg, zpow_ne_zero
        if op == "pow" and e.args[1].ty == REAL:  # evalRpow
            a = self.core(e.args[0])
            return a if a in ("pos", "nonneg") else None
        if op == "div" and ty in FIELDS:  # evalDiv
            return _both(self.core(e.args[0]), self.core(e.args[1]))
        if op == "div" and ty == INT:  # evalIntDiv
            a, b = self.core(e.args[0]), self.core(e.args[1])
            if a == b == "pos" and alpha_equal(e.args[0], e.args[1]):
                return "pos"  # int_div_self_pos
            return "nonneg" if a in ("pos", "nonneg") and b in ("pos", "nonneg") else None
        if op == "cast":  # evalNatCast / evalIntCast
            a = self.core(e.args[0])
            if e.args[0].ty == NAT:
                return "pos" if a == "pos" else "nonneg"
            return a
        if op == "call":
            name = e.value
            if name == "abs":  # evalAbs
                a = self.core(e.args[0])
                return "pos" if a in ("pos", "nonzero") else "nonneg"
            if name == "Real.sqrt":  # evalSqrt
                return "pos" if self.core(e.args[0]) == "pos" else "nonneg"
            if name == "Real.exp":  # evalExp
                return "pos"
            if name == "Real.log":  # evalLogNatCast, evalLogIntCast, evalLogNatLit, evalLogNNRat…
                return self.log_sign(e.args[0])
            if name == "Int.floor":  # evalIntFloor: Int.floor_nonneg
                return "nonneg" if self.core(e.args[0]) in ("pos", "nonneg") else None
            if name == "Int.ceil":  # evalIntCeil: Int.ceil_pos, Int.ceil_nonneg
                a = self.core(e.args[0])
                return a if a in ("pos", "nonneg") else None
            if name == "Int.natAbs":  # evalNatAbs: Int.natAbs_pos
                return "pos" if self.core(e.args[0]) in ("pos", "nonzero") else "nonneg"
            if name == "Nat.factorial":  # evalFactorial
                return "pos"
            if name == "Nat.succ":
                return "pos"
            if name == "min":  # evalMin
                return _both(self.core(e.args[0]), self.core(e.args[1]))  # min is one of its arguments
            if name == "max":  # evalMax
                a, b = self.core(e.args[0]), self.core(e.args[1])
                if "pos" in (a, b):
                    return "pos"
                if "nonneg" in (a, b):
                    return "nonneg"
                if a == b == "nonzero":
                    return "nonzero"
                return None
        if op == "pi":  # Real.pi_pos
            return "pos"
        return None


    def log_sign(self, x: Expr):
        """`Real.log` of a cast natural or integer (nonneg), or of a numeral: positive when
        `|c| > 1`, nonneg at `c ∈ {0, 1, -1}`, nonzero when `0 < |c| < 1`."""
        if x.op == "cast" and x.args[0].ty in (NAT, INT):
            return "nonneg"
        if free_vars(x):
            return None
        try:
            c = abs(value(x))
        except NotEvaluable:
            return None
        return "pos" if c > 1 else "nonneg" if c in (0, 1) else "nonzero"


WANT = {"lt": ("pos",), "le": ("pos", "nonneg"), "ne": ("pos", "nonzero")}


def prove(goal: Goal):
    """The derivation (list of (subterm, strictness, rule)) when `positivity` closes `goal`."""
    t = goal.target
    if t.op in ("lt", "le") and _zero(t.args[0]):
        want, e = t.op, t.args[1]
    elif t.op in ("gt", "ge") and _zero(t.args[1]):
        want, e = {"gt": "lt", "ge": "le"}[t.op], t.args[0]
    elif t.op == "ne" and _zero(t.args[1]):
        want, e = "ne", t.args[0]
    elif t.op == "ne" and _zero(t.args[0]):
        want, e = "ne", t.args[1]
    else:
        return None
    if t.value not in ORDERED:
        return None
    p = Positivity(goal)
    r = p.core(e)
    if r in WANT[want]:
        return tuple(p.trace)
    return None


def _both(a, b):
    """What a quotient or a minimum of two terms is when both are: positive, nonnegative,
    nonzero, or nothing known."""
    if a == b == "pos":
        return "pos"
    if None not in (a, b) and {a, b} <= {"pos", "nonneg"}:
        return "nonneg"
    if None not in (a, b) and {a, b} <= {"pos", "nonzero"}:
        return "nonzero"
    return None
