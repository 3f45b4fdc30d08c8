"""Exact evaluation of closed terms under Lean's semantics: the rules behind `norm_num`,
`decide` and `rfl` on closed arithmetic.

ℕ: truncated `-`, floor `/` with `a / 0 = 0`, `a % 0 = a` (`Nat.sub`, `Nat.div`, `Nat.mod`).
ℤ: `Int.ediv`/`Int.emod` (`0 ≤ a % b < |b|` for `b ≠ 0`, `a / 0 = 0`). ℚ, ℝ: exact rationals,
`x / 0 = 0` (`div_zero`). `^` only with a natural exponent (`Monoid.npow`). A term outside
this (a free variable, `Real.sqrt`, `rpow`, `log`, …) is not evaluable and the rule refuses.

>>> from prover.state import load_theorem
>>> value(load_theorem("theorem t : (-7 : ℤ) % 3 = 2").goal.target.args[0])
2
>>> holds(load_theorem("theorem t : (7 : ℤ) / -3 = -2").goal.target)
True
"""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from fractions import Fraction

from prover.syntax.ast import COMPLEX, INT, NAT, RAT, REAL, Expr, substitute

MAX_BITS = 1 << 16  # a bigger intermediate value is refused rather than computed


class NotEvaluable(Exception):
    """The term is outside the closed arithmetic fragment."""


def ediv(a: int, b: int) -> int:
    """`Int.ediv`: the quotient with a nonnegative remainder; `a / 0 = 0`."""
    if b == 0:
        return 0
    q = a // b if b > 0 else -(a // -b)
    return q


def emod(a: int, b: int) -> int:
    return a - b * ediv(a, b) if b else a


def _check(v):
    n = v.numerator if isinstance(v, Fraction) else v
    d = v.denominator if isinstance(v, Fraction) else 1
    if abs(n).bit_length() > MAX_BITS or d.bit_length() > MAX_BITS:
        raise NotEvaluable("number too large")
    return v


def _norm(v, ty):
    if ty in (NAT, INT):
        if isinstance(v, Fraction):
            if v.denominator != 1:
                raise NotEvaluable("non-integer in an integer type")
            v = v.numerator
        if ty == NAT and v < 0:
            raise NotEvaluable("negative natural number")
        return int(v)
    if ty in (RAT, REAL, COMPLEX):  # ℂ: only its rational numerals are evaluated
        return Fraction(v)
    raise NotEvaluable(f"type {ty}")


def _factorial(n: int) -> int:
    if n > 2000:
        raise NotEvaluable("factorial too large")
    out = 1
    for k in range(2, n + 1):
        out *= k
    return out


def value(e: Expr):
    """The exact value of a closed term (int for ℕ/ℤ, Fraction for ℚ/ℝ)."""
    op, ty = e.op, e.ty
    if op == "num":
        return _norm(Fraction(e.value), ty)
    if op in ("add", "sub", "mul", "div", "mod"):
        a, b = value(e.args[0]), value(e.args[1])
        return _check(_arith(op, a, b, ty))
    if op == "neg":
        if ty == NAT:
            raise NotEvaluable("negation in ℕ")
        return _norm(-value(e.args[0]), ty)
    if op == "pow" and e.args[1].ty == INT and ty in (RAT, REAL, COMPLEX):
        base, n = Fraction(value(e.args[0])), value(e.args[1])  # zpow: x ^ (-n) = (x ^ n)⁻¹
        if abs(n) * max(1, abs(base.numerator).bit_length(), base.denominator.bit_length()) > MAX_BITS:
            raise NotEvaluable("power too large")
        if n < 0:
            base, n = (1 / base if base else Fraction(0)), -n
        return _norm(base ** n, ty)
    if op == "pow" and e.args[1].ty == REAL and ty == REAL:
        # rpow at an integer exponent: `Mathlib.Analysis.SpecialFunctions.Pow.Real`'s `evalRPow`
        # (`x ^ (n : ℝ) = x ^ n`, `x ^ (-n : ℝ) = (x ^ n)⁻¹`, every x; `0⁻¹ = 0`); any other
        # exponent is not evaluated (`(-8) ^ (1/3 : ℝ)` is not `-2`)
        k = Fraction(value(e.args[1]))
        if k.denominator != 1:
            raise NotEvaluable("real exponent")
        base, n = Fraction(value(e.args[0])), int(k)
        if abs(n) * max(1, abs(base.numerator).bit_length(), base.denominator.bit_length()) > MAX_BITS:
            raise NotEvaluable("power too large")
        if n < 0:
            base, n = (1 / base if base else Fraction(0)), -n
        return _norm(base ** n, ty)
    if op == "pow":
        if e.args[1].ty != NAT:
            raise NotEvaluable("real exponent")
        base, n = value(e.args[0]), value(e.args[1])
        if n * max(1, abs(base.numerator if isinstance(base, Fraction) else base).bit_length()) > MAX_BITS:
            raise NotEvaluable("power too large")
        return _norm(Fraction(base) ** n, ty)
    if op == "cast":
        src = e.args[0].ty
        order = (NAT, INT, RAT, REAL)
        if src not in order or ty not in order or order.index(src) > order.index(ty):
            raise NotEvaluable("cast")
        return _norm(value(e.args[0]), ty)
    if op == "call":
        return _call(e)
    if op in ("sum", "prod"):
        return _big_operator(e)
    if op == "card" and _WORK.get() is not None:
        return len(elements(e.args[0]))
    raise NotEvaluable(op)


INTERVALS = {"Finset.range": (0, 0), "Finset.Icc": (0, 0), "Finset.Ico": (0, -1),
             "Finset.Ioc": (1, 0), "Finset.Ioo": (1, -1)}
# NormNum.BigOperators takes `Finset.range n` apart one element at a time, a proof nested n deep:
# bounded as `decide +kernel`'s enumeration is (ELEMENT_LIMIT, below); a longer sum is refused.
MAX_TERMS = 1_000


def _big_operator(e: Expr):
    """`∑`/`∏` over `Finset.range n`, `Finset.Icc a b`, … with closed bounds
    (`Mathlib.Tactic.NormNum.BigOperators` evaluates these term by term)."""
    s, body = e.args
    if _WORK.get() is not None:   # `decide +kernel`: any enumerable Finset (`elements`)
        name = e.value[0]
        total = 0 if e.op == "sum" else 1
        for k in elements(s):
            v = value(substitute(body, name, Expr("num", value=k, ty=s.ty[1])))
            total = _check(total + v if e.op == "sum" else total * v)
        return _norm(total, e.ty)
    if s.op != "set" or s.value not in INTERVALS or s.ty[1] not in (NAT, INT):
        raise NotEvaluable("big operator over this set")
    bounds = [value(a) for a in s.args]
    lo, hi = (0, bounds[0] - 1) if s.value == "Finset.range" else bounds
    lo, hi = lo + INTERVALS[s.value][0], hi + INTERVALS[s.value][1]
    if hi - lo + 1 > MAX_TERMS:
        raise NotEvaluable("too many terms")
    name = e.value[0]
    total = 0 if e.op == "sum" else 1
    for k in range(lo, hi + 1):
        v = value(substitute(body, name, Expr("num", value=k, ty=s.ty[1])))
        total = _check(total + v if e.op == "sum" else total * v)
    return _norm(total, e.ty)


def _arith(op, a, b, ty):
    if op == "add":
        return _norm(a + b, ty)
    if op == "mul":
        return _norm(a * b, ty)
    if op == "sub":
        return max(a - b, 0) if ty == NAT else _norm(a - b, ty)
    if op == "div":
        if ty == NAT:
            return a // b if b else 0
        if ty == INT:
            return ediv(a, b)
        if ty in (RAT, REAL, COMPLEX):
            return Fraction(a) / b if b else Fraction(0)
    if op == "mod":
        if ty == NAT:
            return a % b if b else a
        if ty == INT:
            return emod(a, b)
    raise NotEvaluable(f"{op} on {ty}")


def _call(e: Expr):
    name, args = e.value, e.args
    vals = [value(a) for a in args]
    if name == "abs" and e.ty in (INT, RAT, REAL):
        return _norm(abs(vals[0]), e.ty)
    if name in ("min", "max") and e.ty in (NAT, INT, RAT, REAL):
        return _norm((min if name == "min" else max)(vals), e.ty)
    if name == "Nat.factorial":
        if _WORK.get() is not None:
            _WORK.get().spend(vals[0], "elements")   # `Nat.factorial` recurses once per unit
        return _factorial(vals[0])
    if name == "Nat.choose" and _WORK.get() is not None:
        if vals[1] > 0:
            _WORK.get().spend(vals[0], "elements")   # the recursion on n nests n deep
        _WORK.get().spend(choose_calls(*vals), "choose")
        from math import comb
        return comb(*vals)
    if name == "Nat.totient" and e.ty == NAT and _WORK.get() is not None:
        # Mathlib/Data/Nat/Totient.lean: `totient n := #{a ∈ range n | n.Coprime a}`, a plain
        # definition the kernel reduces (`totient_one : φ 1 = 1 := rfl`): n elements, each a
        # GMP-accelerated `Nat.gcd`; enumerated under `decide +kernel` only (norm_num has no
        # totient extension)
        from math import gcd
        _WORK.get().spend(vals[0], "elements")
        return sum(1 for a in range(vals[0]) if gcd(vals[0], a) == 1)
    if name in ("Nat.gcd", "Nat.lcm") and e.ty == NAT:
        from math import gcd, lcm
        return (gcd if name == "Nat.gcd" else lcm)(*vals)
    if name == "Nat.succ":
        return vals[0] + 1
    if name == "Int.natAbs":
        return abs(vals[0])
    if name in ("Int.gcd", "Int.lcm"):
        from math import gcd, lcm
        return (gcd if name == "Int.gcd" else lcm)(abs(vals[0]), abs(vals[1]))
    if name in ("Int.floor", "Int.ceil"):
        v = Fraction(vals[0])
        return v.__floor__() if name == "Int.floor" else v.__ceil__()
    if name in ("Rat.num", "Rat.den"):
        v = Fraction(vals[0])
        return v.numerator if name == "Rat.num" else v.denominator
    if name == "Real.sqrt":  # `Mathlib.Tactic.NormNum.RealSqrt`: exact squares of rationals
        from math import isqrt
        v = Fraction(vals[0])
        if v <= 0:
            return Fraction(0)
        n, d = isqrt(v.numerator), isqrt(v.denominator)
        if n * n != v.numerator or d * d != v.denominator:
            raise NotEvaluable("irrational square root")
        return Fraction(n, d)
    if name == "Nat.sqrt" and e.ty == NAT and _WORK.get() is None:   # well-founded: no kernel reduction
        from math import isqrt
        return isqrt(vals[0])
    raise NotEvaluable(name)


TRIAL_LIMIT = 10**6


def is_prime(n: int) -> bool:
    """Exact primality by trial division (`Mathlib.Tactic.NormNum.Prime` certifies the same
    facts: a factor, or none below √n); refused when √n is beyond `TRIAL_LIMIT` and no
    factor is found below it."""
    if n < 2:
        return False
    k = 2
    while k * k <= n and k <= TRIAL_LIMIT:
        if n % k == 0:
            return False
        k += 1
    if k * k <= n:
        raise NotEvaluable("primality of a large number")
    if n > PRIME_PROOF_LIMIT:
        raise NotEvaluable(f"norm_num's primality proof of {n} needs more than Lean's default maxRecDepth")
    return True


# Mathlib's `Nat.Prime` extension proves primality with one `minFacHelper` step per odd
# candidate below √n; its tests prove 1000003 at Lean's default `maxRecDepth` (512) and need
# `set_option maxRecDepth 8000` for 2^25 - 39. Primes above this are refused (compositeness
# needs only the factor and is never limited).
PRIME_PROOF_LIMIT = 1_100_000


CMP = {"eq": lambda a, b: a == b, "ne": lambda a, b: a != b, "lt": lambda a, b: a < b,
       "le": lambda a, b: a <= b, "gt": lambda a, b: a > b, "ge": lambda a, b: a >= b}


def holds(p: Expr) -> bool:
    """Truth of a closed proposition built from comparisons, `∣`, `Nat.Prime`, `Even`,
    `Odd` and the connectives."""
    op = p.op
    if op in CMP:
        if p.value not in (NAT, INT, RAT, REAL) and not (p.value == COMPLEX and op in ("eq", "ne")):
            raise NotEvaluable(f"comparison over {p.value}")
        return CMP[op](value(p.args[0]), value(p.args[1]))
    if op == "true":
        return True
    if op == "false":
        return False
    if op == "not":
        return not holds(p.args[0])
    if op == "and":
        return holds(p.args[0]) and holds(p.args[1])
    if op == "or":
        return holds(p.args[0]) or holds(p.args[1])
    if op == "imp":
        return (not holds(p.args[0])) or holds(p.args[1])
    if op == "iff":
        return holds(p.args[0]) == holds(p.args[1])
    if op == "dvd" and p.value in (NAT, INT):
        a, b = value(p.args[0]), value(p.args[1])
        return b == 0 if a == 0 else b % a == 0
    if op == "pred" and p.value == "Nat.Prime" and p.args[0].ty == NAT:
        return is_prime(value(p.args[0]))
    if op == "pred" and p.value in ("Even", "Odd") and p.args[0].ty in (NAT, INT):
        return value(p.args[0]) % 2 == (0 if p.value == "Even" else 1)
    raise NotEvaluable(op)


def mentions(p: Expr, types) -> bool:
    """Does any subterm of `p` live in one of `types` (as a term or a compared type)?"""
    return any(e.ty in types or (e.op in CMP and e.value in types) for e in p.walk())


def normal_numeral(e: Expr) -> bool:
    """An integer numeral as norm_num writes its results (`5`, `-5`, in ℕ ℤ ℚ ℝ): simp leaves
    it unchanged, so a hypothesis about `f 5` matches the goal's `f 5` after simp has
    normalized the arguments. A fraction (`1 / 2`, `-(2 / 5)`) is not: simp may rewrite it."""
    if e.op == "neg" and e.ty in (INT, RAT, REAL):
        return e.args[0].op == "num" and e.args[0].ty == e.ty and Fraction(e.args[0].value).denominator == 1 \
            and e.args[0].value > 0
    return e.op == "num" and e.ty in (NAT, INT, RAT, REAL) and Fraction(e.value).denominator == 1 and e.value >= 0


def ground_equation(h: Expr, functions: set) -> bool:
    """`x = e` (x a local variable) or `f c₁ … cₙ = e` (f a local function, cᵢ normal ℕ/ℤ
    numerals): a hypothesis `simp [h]` uses as a rewrite rule of a closed left side."""
    if h.op != "eq":
        return False
    lhs = h.args[0]
    if lhs.op == "var":
        return lhs.value not in functions
    return lhs.op == "apply" and lhs.value in functions and all(normal_numeral(a) for a in lhs.args)


MAX_REWRITES = 256


def rewrite_ground(t: Expr, equations: list[Expr]) -> Expr:
    """`simp [h₁, …]` with ground equations (`ground_equation`): every occurrence of a left
    side is replaced by its right side, again on the result, until nothing changes (Lean's simp
    rewrites to a fixpoint). More than `MAX_REWRITES` rounds is refused (simp would loop)."""
    from prover.kernel.terms import canonical
    from prover.syntax.ast import free_vars
    table = {canonical(h.args[0]): h.args[1] for h in reversed(equations)}  # the first hint wins
    incoming = set().union(*(free_vars(h) for h in equations)) if equations else set()

    def step(e: Expr) -> Expr:
        hit = table.get(canonical(e)) if e.op in ("var", "apply") else None
        if hit is not None:
            return hit
        if e.op == "var" or not e.args:
            return e
        bound = e.value[0] if e.op in ("forall", "exists", "exists_unique", "lambda", "sum", "prod", "setof") \
            and isinstance(e.value, tuple) else None
        if bound is not None and bound in incoming:
            raise NotEvaluable("a binder here shadows a name of a hint")
        return e.with_args(*(step(a) for a in e.args))

    for _ in range(MAX_REWRITES):
        new = step(t)
        if new == t:
            return t
        t = new
        if _too_big(t):
            break
    raise NotEvaluable("rewriting does not terminate")


def _too_big(e: Expr, limit: int = 10_000) -> bool:
    """More than `limit` nodes (counted with repetitions, stopping at the limit)."""
    stack, n = [e], 0
    while stack:
        n += 1
        if n > limit:
            return True
        stack.extend(stack.pop().args)
    return False


# -- `decide +kernel` on Finset computations ---------------------------------------------------

# Lean's `decide +kernel` has the kernel alone reduce the `Decidable` instance to `isTrue`:
# `Finset.range n` unfolds to `List.range n` (one `Nat.rec` step per element, the literal turned
# into `Nat.succ` form), `Finset.Icc a b` on ℕ to `List.range' a (b + 1 - a)` (on ℤ a `map` of a
# range), `Finset.filter p` walks the list deciding `p` on each element, `Finset.sum`/`card` fold
# it, `Nat.divisors n` is `filter (· ∣ n) (Ico 1 (n + 1))`. Each element is a kernel reduction of
# a list cell and of the predicate on it (`Nat` +, -, *, /, %, gcd, ==, ≤, ^ run on GMP); long
# lists make deep kernel terms and slow checks, so the total number of elements enumerated is
# bounded by ELEMENT_LIMIT and a proposition needing more is refused. `Nat.choose` is defined by
# structural recursion (`choose (n+1) (k+1) = choose n k + choose n (k+1)`) whose compiled
# `brecOn` form does not share the two recursive calls: its work is the size of the naive call
# tree (`choose_calls`), bounded in total by CHOOSE_LIMIT. The kernel also bounds the nesting of
# its reductions (recent Lean: 16 × maxRecDepth = 8,192 nested whnf/defeq calls; before, the
# native stack): folding a list nests a few calls per element, and `choose n k` nests n deep, so
# ELEMENT_LIMIT is kept well inside (≥ 8 nested calls per element) and `choose n k` spends n
# elements besides its calls.
ELEMENT_LIMIT = 1_000
CHOOSE_LIMIT = 100_000


class Work:
    """What one `decide +kernel` check may enumerate (see ELEMENT_LIMIT and CHOOSE_LIMIT)."""

    def __init__(self, elements: int = ELEMENT_LIMIT, choose: int = CHOOSE_LIMIT):
        self.left = {"elements": elements, "choose": choose}
        self.limits = dict(self.left)

    def spend(self, n: int, kind: str) -> None:
        self.left[kind] -= n
        if self.left[kind] < 0:
            what = "Finset elements enumerated" if kind == "elements" else "Nat.choose recursive calls"
            raise NotEvaluable(f"more than {self.limits[kind]} {what} (decide +kernel's work limit)")


_WORK: ContextVar[Work | None] = ContextVar("kernel_decide_work", default=None)


@contextmanager
def enumeration(work: Work):
    """Evaluate with Finset enumeration on (`decide +kernel`), within `work`."""
    token = _WORK.set(work)
    try:
        yield work
    finally:
        _WORK.reset(token)


def choose_calls(n: int, k: int) -> int:
    """The calls made by the structural recursion of `Nat.choose n k` (without sharing):
    one for `k = 0` or `n = 0`, else one plus those of `choose (n-1) (k-1)` and
    `choose (n-1) k`. Computed row by row; counts beyond CHOOSE_LIMIT are capped."""
    if k == 0 or n == 0:
        return 1
    if n > 10 * CHOOSE_LIMIT:
        return CHOOSE_LIMIT + 1
    k = min(k, n + 1)
    row = [1] * (k + 1)   # calls(0, j) = 1
    for _ in range(n):
        new = [1] + [min(CHOOSE_LIMIT + 1, 1 + row[j - 1] + row[j]) for j in range(1, k + 1)]
        row = new
    return row[k]


FINSETS = ("Finset.range", "Finset.Icc", "Finset.Ico", "Finset.Ioc", "Finset.Ioo", "Finset.filter",
           "Nat.divisors", "Nat.properDivisors")


def elements(s: Expr) -> list[int]:
    """The elements of a closed ℕ/ℤ Finset in the order Lean's list has them (only under
    `enumeration`; every element is charged to the work budget)."""
    work = _WORK.get()
    if work is None or s.op != "set" or s.value not in FINSETS or s.ty[1] not in (NAT, INT):
        raise NotEvaluable("Finset not enumerated")
    kind = s.value
    if kind == "Finset.filter":
        lam, inner = s.args
        name = lam.value[0]
        return [k for k in elements(inner)
                if holds(substitute(lam.args[0], name, Expr("num", value=k, ty=s.ty[1])))]
    if kind in ("Nat.divisors", "Nat.properDivisors"):
        n = value(s.args[0])
        top = n + 1 if kind == "Nat.divisors" else n   # filter (· ∣ n) (Ico 1 top)
        work.spend(max(top - 1, 0), "elements")
        return [d for d in range(1, top) if n % d == 0]
    bounds = [value(a) for a in s.args]
    lo, hi = (0, bounds[0] - 1) if kind == "Finset.range" else bounds
    lo, hi = lo + INTERVALS[kind][0], hi + INTERVALS[kind][1]
    work.spend(max(hi - lo + 1, 0), "elements")
    return list(range(lo, hi + 1))
