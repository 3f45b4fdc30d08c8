"""Exact evaluation of closed terms under Lean's semantics.

ℕ and ℤ values are Python ints, ℚ values Fractions; ℝ and ℂ values are exact SymPy numbers
(radicals, π, trig values). Division by zero is 0, ℕ subtraction truncates, ℤ division and
remainder are Euclidean, `Real.sqrt` of a negative is 0, `Real.log 0 = 0`.

>>> from prover.state import load_theorem
>>> evaluate_prop(load_theorem("theorem t : (7 : ℤ) % (-3) = 1").goal.target)
True
>>> evaluate_prop(load_theorem("theorem t : (5 : ℕ) - 7 + 7 = 7").goal.target)
True
"""

from __future__ import annotations

import math
from fractions import Fraction

import sympy

from prover.syntax.ast import COMPLEX, INT, NAT, RAT, Expr, free_vars, substitute

POW_LIMIT_BITS = 200_000       # refuse to build integers larger than this many bits
ENUMERATION_LIMIT = 100_000    # largest finite set a sum, product or card may enumerate
WITNESS_SEARCH = 21            # an unbounded ∀/∃ over ℕ/ℤ is tried at this many small values


class NotEvaluable(Exception):
    """The term is not closed, too large, or outside what the evaluator models."""


def ediv(a: int, b: int) -> int:
    """Lean's `Int.ediv` (also ℕ division): Euclidean, and `a / 0 = 0`.

    >>> ediv(7, -3), ediv(-7, 3), ediv(5, 0)
    (-2, -3, 0)
    """
    if b == 0:
        return 0
    q = a // b
    if a - b * q < 0:  # Python floors; Euclidean keeps the remainder nonnegative
        q += 1
    return q


def emod(a: int, b: int) -> int:
    """Lean's `Int.emod`: never negative for b ≠ 0, and `a % 0 = a`.

    >>> emod(7, -3), emod(-7, 3), emod(5, 0)
    (1, 2, 5)
    """
    if b == 0:
        return a
    return a - b * ediv(a, b)


def to_sympy(v):
    if isinstance(v, Fraction):
        return sympy.Rational(v.numerator, v.denominator)
    if isinstance(v, int):
        return sympy.Integer(v)
    return v


def _is_zero(v) -> bool:
    if isinstance(v, (int, Fraction)):
        return v == 0
    return compare(v, 0) == 0


def compare(a, b) -> int:
    """Sign of a - b for exact numbers; raises NotEvaluable when undecidable here.

    Nothing numeric decides equality: a difference is 0 only when it is the rational 0, its
    minimal polynomial is x (algebraic numbers), or SymPy simplifies it to the literal 0. A
    nonzero sign comes from certified interval arithmetic (mpmath's `iv`, outward rounding):
    an interval that excludes 0 at some precision; never from a floating-point value.

    >>> compare(sympy.sqrt(2) + sympy.sqrt(3), sympy.sqrt(10)), compare(sympy.sqrt(8), 2 * sympy.sqrt(2))
    (-1, 0)
    >>> compare(sympy.Rational(1, 3) + sympy.Rational(3, 10 ** 50), sympy.Rational(1, 3))
    1
    """
    if isinstance(a, (int, Fraction)) and isinstance(b, (int, Fraction)):
        return (a > b) - (a < b)
    d = sympy.expand(to_sympy(a) - to_sympy(b))
    if d.is_Rational:
        return int(sympy.sign(d))
    sign = _interval_sign(d)
    if sign is not None:
        return sign
    if _exactly_zero(d):
        return 0
    if d.is_algebraic:
        # Nonzero (its minimal polynomial is not x): finer intervals must separate it from 0.
        sign = _interval_sign(d, precisions=INTERVAL_PRECISIONS_NONZERO)
        if sign is not None:
            return sign
    raise NotEvaluable(f"cannot decide the sign of {d}")


INTERVAL_PRECISIONS = (128, 512)                 # bits, for a first certified sign
INTERVAL_PRECISIONS_NONZERO = (2048, 8192)       # for a number known to be nonzero


def _exactly_zero(d) -> bool:
    """d = 0 proved symbolically: minimal polynomial x (algebraic d), or simplification to the
    literal 0 (every log here has a positive argument, since Real.log builds log |x|, so
    forcing log(a·b) = log a + log b is valid)."""
    if d.is_algebraic:
        x = sympy.Dummy("x")
        try:
            return sympy.minimal_polynomial(d, x) == x
        except (NotImplementedError, ValueError, sympy.polys.polyerrors.PolynomialError):
            return False
    try:
        e = sympy.expand_log(d, force=True) if d.has(sympy.log) else d
        return sympy.simplify(e) == 0
    except (NotImplementedError, ValueError, TypeError, sympy.polys.polyerrors.PolynomialError):
        return False


def _interval_sign(d, precisions=INTERVAL_PRECISIONS) -> int | None:
    """The sign of the real number d when an outward-rounded interval enclosure excludes 0."""
    from mpmath.ctx_iv import MPIntervalContext
    iv = MPIntervalContext()  # a private context: its precision is ours alone
    for prec in precisions:
        iv.prec = prec
        try:
            box = _enclose(d, iv)
        except (ArithmeticError, ValueError, TypeError):
            return None
        if box is None:
            return None
        if box.a > 0:
            return 1
        if box.b < 0:
            return -1
    return None


def _enclose(e, iv):
    """An interval (mpmath `iv.mpf`) containing the real number e, or None when e has a part
    this enclosure does not model (complex values, unknown functions)."""
    if e.is_Integer:
        return iv.mpf(int(e))
    if e.is_Rational:
        return iv.mpf(int(e.p)) / iv.mpf(int(e.q))
    if e is sympy.pi:
        return iv.pi
    if e is sympy.E:
        return iv.e
    if e.is_Add or e.is_Mul:
        parts = [_enclose(a, iv) for a in e.args]
        if any(p is None for p in parts):
            return None
        out = parts[0]
        for p in parts[1:]:
            out = out + p if e.is_Add else out * p
        return out
    if e.is_Pow:
        base, ex = e.args
        x = _enclose(base, iv)
        if x is None:
            return None
        if ex.is_Integer:
            n = int(ex)
            if n >= 0:
                return x ** n
            if x.a > 0 or x.b < 0:
                return iv.mpf(1) / (x ** (-n))
            return None
        y = _enclose(ex, iv)
        if y is None or not x.a > 0:
            return None  # a non-integer power of a base not proved positive
        return iv.exp(iv.log(x) * y)
    funcs = {sympy.exp: iv.exp, sympy.sin: iv.sin, sympy.cos: iv.cos}
    if e.func in funcs:
        x = _enclose(e.args[0], iv)
        return None if x is None else funcs[e.func](x)
    if e.func is sympy.log:
        x = _enclose(e.args[0], iv)
        return None if x is None or not x.a > 0 else iv.log(x)
    if e.func is sympy.Abs:
        x = _enclose(e.args[0], iv)
        return None if x is None else abs(x)
    return None


def _conjuncts(e: Expr) -> list[Expr]:
    if e.op == "and":
        return _conjuncts(e.args[0]) + _conjuncts(e.args[1])
    return [e]


def _small_integers(n: int):
    """0, 1, -1, 2, -2, … (n values)."""
    yield 0
    for k in range(1, n // 2 + 1):
        yield k
        yield -k


def _as_rational(v) -> int | Fraction | None:
    if isinstance(v, (int, Fraction)):
        return v
    if getattr(v, "is_Rational", False):
        return Fraction(int(v.p), int(v.q))
    return None


def _integer_value(v) -> list:
    """The integer equal to v (as a one-element list), or [] when v is not an integer: an
    ℕ/ℤ variable whose cast equals v takes only that value."""
    if isinstance(v, int):
        return [v]
    if isinstance(v, Fraction):
        return [int(v)] if v.denominator == 1 else []
    if getattr(v, "is_Integer", False):
        return [int(v)]
    if getattr(v, "is_Rational", False):
        return []
    raise NotEvaluable("cast equal to an irrational")


def _lean_value(v, ty):
    if ty == NAT:
        if not isinstance(v, int) or v < 0:
            raise NotEvaluable("ℕ value out of range")
    return v


class Evaluator:
    """Evaluates closed typed terms; `env` binds variable names to values."""

    def __init__(self, env: dict | None = None, functions: dict | None = None):
        self.env = env or {}
        self.functions = functions or {}

    def prop(self, e: Expr) -> bool:
        op = e.op
        if op == "true":
            return True
        if op == "false":
            return False
        if op == "and":
            return self.prop(e.args[0]) and self.prop(e.args[1])
        if op == "or":
            return self.prop(e.args[0]) or self.prop(e.args[1])
        if op == "not":
            return not self.prop(e.args[0])
        if op == "imp":
            return (not self.prop(e.args[0])) or self.prop(e.args[1])
        if op == "iff":
            return self.prop(e.args[0]) == self.prop(e.args[1])
        if op in ("eq", "ne", "lt", "le", "gt", "ge"):
            a, b = self.term(e.args[0]), self.term(e.args[1])
            if e.value == COMPLEX:
                if op not in ("eq", "ne"):
                    raise NotEvaluable("order on ℂ")
                re_d, im_d = sympy.expand(to_sympy(a) - to_sympy(b)).as_real_imag()
                zero = compare(re_d, 0) == 0 and compare(im_d, 0) == 0
                return zero if op == "eq" else not zero
            c = compare(a, b)
            return {"eq": c == 0, "ne": c != 0, "lt": c < 0, "le": c <= 0, "gt": c > 0, "ge": c >= 0}[op]
        if op == "dvd":
            a, b = self.term(e.args[0]), self.term(e.args[1])
            if not isinstance(a, int) or not isinstance(b, int):
                raise NotEvaluable("divisibility outside ℕ/ℤ")
            return b == 0 if a == 0 else b % a == 0
        if op == "pred":
            name = e.value
            v = self.term(e.args[0])
            if name == "Nat.Prime":
                return bool(sympy.isprime(v))
            if name in ("Even", "Odd"):
                if not isinstance(v, int):
                    raise NotEvaluable("parity of a non-integer")
                return (v % 2 == 0) == (name == "Even")
            raise NotEvaluable(name)
        if op == "mem":
            x = self.term(e.args[0])
            return any(compare(x, y) == 0 for y in self.elements(e.args[1]))
        if op in ("forall", "exists"):
            return self._quantifier(e)
        raise NotEvaluable(op)

    def _quantifier(self, e: Expr) -> bool:
        """∀/∃ decided by enumeration over a bounded domain; otherwise only a counterexample
        (for ∀) or a witness (for ∃) among small integers decides it."""
        name, ty = e.value
        domain = self._bounded_domain(e)
        if domain is not None:
            results = (self._at(name, v).prop(e.args[0]) for v in domain)
            return all(results) if e.op == "forall" else any(results)
        if ty in (NAT, INT):
            for v in (range(WITNESS_SEARCH) if ty == NAT else _small_integers(WITNESS_SEARCH)):
                try:
                    value = self._at(name, v).prop(e.args[0])
                except (NotEvaluable, ZeroDivisionError, ValueError, TypeError, OverflowError):
                    continue
                if value != (e.op == "forall"):
                    return value  # a counterexample refutes ∀, a witness proves ∃
        raise NotEvaluable("unbounded quantifier")

    def _at(self, name: str, value) -> Evaluator:
        return Evaluator({**self.env, name: value}, self.functions)

    def _bounded_domain(self, e: Expr) -> list | range | None:
        """A finite list containing every value of the bound variable where the quantifier's
        guard holds, or None. Only `∀ x, G x → P x` and `∃ x, G x ∧ P x` have a guard (`∀ x < b,
        P x` and `∃ x ∈ s, P x` desugar to these); G is an order bound on x (ℕ: above; ℤ:
        above and below, through casts too), `x = t`, or `x ∈ s` for a set s this evaluator
        enumerates, or a conjunction containing such parts. `∀ x, G x ∧ P x` and
        `∃ x, G x → P x` range over the whole type: they are never bounded."""
        name, ty = e.value
        guards = []
        body = e.args[0]
        if e.op == "forall":
            while body.op == "imp":  # ∀ x, G₁ → G₂ → P: every premise guards
                guards += _conjuncts(body.args[0])
                body = body.args[1]
        else:
            guards = _conjuncts(body)  # ∃ x, G ∧ P: every conjunct guards
        lo = 0 if ty == NAT else None
        hi = None
        members = None
        for g in guards:
            try:
                found = self._guard_bounds(g, name, ty)
            except (NotEvaluable, ZeroDivisionError, ValueError, TypeError, OverflowError):
                continue
            if found is None:
                continue
            _, glo, ghi, gmembers = found
            if gmembers is not None and (members is None or len(gmembers) < len(members)):
                members = gmembers
            if glo is not None:
                lo = glo if lo is None else max(lo, glo)
            if ghi is not None:
                hi = ghi if hi is None else min(hi, ghi)
        if members is not None:
            # ℕ values only (a cast equal to -3 names no natural number)
            return [v for v in members if not (ty == NAT and (not isinstance(v, int) or v < 0))]
        if ty in (NAT, INT) and lo is not None and hi is not None:
            if hi - lo + 1 > ENUMERATION_LIMIT:
                return None
            return range(lo, hi + 1)
        return None

    def _guard_bounds(self, g: Expr, name: str, ty):
        """(kind, lo, hi, members) that the atom g implies for the bound variable, or None."""
        xv = Expr("var", value=name, ty=ty)
        if g.op == "mem" and g.args[0] == xv and name not in free_vars(g.args[1]):
            return "mem", None, None, self.elements(g.args[1])
        if g.op not in ("lt", "le", "gt", "ge", "eq"):
            return None
        a, b, rel = g.args[0], g.args[1], g.op
        if rel in ("gt", "ge"):
            a, b, rel = b, a, {"gt": "lt", "ge": "le"}[rel]
        for side, other, var_on_left in ((a, b, True), (b, a, False)):
            # A cast of an ℕ/ℤ variable to a larger type keeps its order (casts are monotone
            # and injective from ℕ and ℤ).
            inner = side.args[0] if side.op == "cast" and ty in (NAT, INT) else side
            if inner != xv or name in free_vars(other):
                continue
            v = self.term(other)
            if rel == "eq":
                return "eq", None, None, [v] if side is inner else _integer_value(v)
            v = _as_rational(v)
            if v is None:
                return None
            if var_on_left:  # x < v or x ≤ v
                return "order", None, (math.ceil(v) - 1 if rel == "lt" else math.floor(v)), None
            return "order", (math.floor(v) + 1 if rel == "lt" else math.ceil(v)), None, None
        return None

    def elements(self, s: Expr) -> list:
        kind = s.value
        if kind == "Finset.range":
            n = self.term(s.args[0])
            self._check_size(n)
            return list(range(n))
        if kind in ("Finset.Icc", "Finset.Ico", "Finset.Ioc", "Finset.Ioo"):
            a, b = self.term(s.args[0]), self.term(s.args[1])
            if not isinstance(a, int) or not isinstance(b, int):
                raise NotEvaluable("interval of non-integers")
            lo = a if kind in ("Finset.Icc", "Finset.Ico") else a + 1
            hi = b if kind in ("Finset.Icc", "Finset.Ioc") else b - 1
            self._check_size(hi - lo + 1)
            return list(range(lo, hi + 1))
        if kind in ("Nat.divisors", "Nat.properDivisors"):
            n = self.term(s.args[0])
            if n == 0:
                return []
            divs = sorted(sympy.divisors(n))
            return divs if kind == "Nat.divisors" else divs[:-1]
        if kind == "Finset.filter":
            lam, inner = s.args
            name = lam.value[0]
            return [v for v in self.elements(inner) if Evaluator({**self.env, name: v}, self.functions).prop(lam.args[0])]
        if kind == "literal":
            out = []
            for a in s.args:
                v = self.term(a)
                if not any(compare(v, w) == 0 for w in out):
                    out.append(v)
            return out
        raise NotEvaluable(f"set {kind}")

    @staticmethod
    def _check_size(n):
        if not isinstance(n, int) or n > ENUMERATION_LIMIT:
            raise NotEvaluable("set too large to enumerate")

    def term(self, e: Expr):
        op, ty = e.op, e.ty
        if op == "num":
            v = e.value
            if ty in (NAT, INT):
                return int(v)
            if ty == RAT:
                return Fraction(v)
            return to_sympy(Fraction(v)) if isinstance(v, Fraction) else sympy.Integer(v)
        if op == "var":
            if e.value in self.env:
                return self.env[e.value]
            raise NotEvaluable(f"free variable {e.value}")
        if op == "pi":
            return sympy.pi
        if op == "imag_unit":
            return sympy.I
        if op == "cast":
            v = self.term(e.args[0])
            if e.value in (NAT, INT):
                return int(v)
            if e.value == RAT:
                return Fraction(v)
            return to_sympy(v)
        if op in ("add", "sub", "mul", "div", "mod"):
            a, b = self.term(e.args[0]), self.term(e.args[1])
            return _lean_value(self._arith(op, a, b, ty), ty)
        if op == "neg":
            return -self.term(e.args[0])
        if op == "pow":
            return self._pow(e)
        if op == "call":
            return self._call(e)
        if op == "apply":
            fn = self.functions.get(e.value)
            if fn is None:
                raise NotEvaluable(f"unknown function {e.value}")
            return fn(*[self.term(a) for a in e.args])
        if op in ("sum", "prod"):
            name = e.value[0]
            vals = [Evaluator({**self.env, name: v}, self.functions).term(e.args[1]) for v in self.elements(e.args[0])]
            if op == "sum":
                total = 0 if ty in (NAT, INT) else (Fraction(0) if ty == RAT else sympy.Integer(0))
                for v in vals:
                    total = total + v
            else:
                total = 1 if ty in (NAT, INT) else (Fraction(1) if ty == RAT else sympy.Integer(1))
                for v in vals:
                    total = total * v
            return total  # exact: no "nice number" rounding (nsimplify) may change the value
        if op == "card":
            return len(self.elements(e.args[0]))
        raise NotEvaluable(op)

    def _arith(self, op, a, b, ty):
        if ty in (NAT, INT):
            if op == "add":
                return a + b
            if op == "sub":
                return max(a - b, 0) if ty == NAT else a - b
            if op == "mul":
                return a * b
            if op == "div":
                return ediv(a, b)
            return emod(a, b)
        if op == "mod":
            raise NotEvaluable("% on a field")
        if op == "div":
            if _is_zero(b):
                return Fraction(0) if ty == RAT else sympy.Integer(0)
            if ty == RAT:
                return Fraction(a) / Fraction(b)
            return to_sympy(a) / to_sympy(b)
        if op == "add":
            return a + b
        if op == "sub":
            return a - b
        return a * b

    def _pow(self, e: Expr):
        base_e, exp_e = e.args
        # (a ^ n) % m is computed by modular exponentiation; see `_call`/`_arith` callers.
        n = self.term(exp_e)
        a = self.term(base_e)
        if exp_e.ty in (NAT,):
            if isinstance(a, int):
                if abs(a) > 1 and n * max(a.bit_length(), 1) > POW_LIMIT_BITS:
                    raise NotEvaluable("power too large")
                return a ** n
            if n > 10_000:
                raise NotEvaluable("power too large")
            return a ** n
        if exp_e.ty == INT:
            if _is_zero(a):
                return sympy.Integer(1) if n == 0 else sympy.Integer(0)  # 0⁻¹ = 0
            return (Fraction(a) ** n) if isinstance(a, Fraction) else to_sympy(a) ** n
        # rpow: x ^ y for real y (Mathlib: 0 ^ 0 = 1, 0 ^ y = 0, negative base via exp/log·cos).
        a_s, n_s = to_sympy(a), to_sympy(n)
        if _is_zero(a_s):
            return sympy.Integer(1) if _is_zero(n_s) else sympy.Integer(0)
        if compare(a_s, 0) > 0:
            return a_s ** n_s
        raise NotEvaluable("rpow of a negative base")

    def _call(self, e: Expr):
        name = e.value
        args = [self.term(a) for a in e.args]
        if name == "Real.sqrt":
            x = to_sympy(args[0])
            return sympy.Integer(0) if compare(x, 0) <= 0 else _sqrt(x)
        if name == "abs":
            x = args[0]
            if isinstance(x, (int, Fraction)):
                return abs(x)
            return -x if compare(x, 0) < 0 else x
        if name in ("min", "max"):
            c = compare(args[0], args[1])
            return args[0] if (c <= 0) == (name == "min") else args[1]
        if name in ("Int.floor", "Int.ceil", "Nat.floor", "Nat.ceil", "Int.fract"):
            x = args[0]
            if isinstance(x, (int, Fraction)):
                fl, ce = math.floor(x), math.ceil(x)
            else:
                x = to_sympy(x)
                fl = int(sympy.floor(x))
                ce = int(sympy.ceiling(x))
                if compare(x, fl) < 0 or compare(x, fl + 1) >= 0:
                    raise NotEvaluable("floor not certified")
                if compare(x, ce) > 0 or compare(x, ce - 1) <= 0:
                    raise NotEvaluable("ceil not certified")
            if name == "Int.fract":
                return x - fl
            v = fl if name.endswith("floor") else ce
            return max(v, 0) if name.startswith("Nat.") else v
        if name == "Nat.gcd" or name == "Int.gcd":
            return math.gcd(args[0], args[1])
        if name == "Nat.lcm":
            return 0 if 0 in args else math.lcm(args[0], args[1])
        if name == "Nat.factorial":
            if args[0] > 5000:
                raise NotEvaluable("factorial too large")
            return math.factorial(args[0])
        if name == "Nat.choose":
            return math.comb(args[0], args[1])
        if name == "Nat.sqrt":
            return math.isqrt(args[0])
        if name == "Nat.fib":   # fib 0 = 0, fib 1 = 1, fib (n + 2) = fib n + fib (n + 1)
            if args[0] > 20000:
                raise NotEvaluable("fib too large")
            a, b = 0, 1
            for _ in range(args[0]):
                a, b = b, a + b
            return a
        if name == "Nat.totient":   # #{m < n | coprime n m}; φ 0 = 0, φ 1 = 1
            n = args[0]
            if n > 10 ** 10:
                raise NotEvaluable("totient too large")
            out, m, p = n, n, 2
            while p * p <= m:
                if m % p == 0:
                    while m % p == 0:
                        m //= p
                    out -= out // p
                p += 1
            if m > 1:
                out -= out // m
            return out
        if name == "Nat.succ":
            return args[0] + 1
        if name == "Nat.digits":
            b, n = args
            if b < 2:
                raise NotEvaluable("Nat.digits base below 2")
            digits = []
            while n > 0:  # little-endian; Nat.digits b 0 = []
                digits.append(n % b)
                n //= b
            return digits
        if name in ("List.sum", "List.length", "List.prod"):
            xs = args[0]
            return sum(xs) if name == "List.sum" else len(xs) if name == "List.length" else math.prod(xs)
        if name == "Int.natAbs":
            return abs(args[0])
        if name == "Int.toNat":
            return max(args[0], 0)
        if name == "Rat.num":
            return Fraction(args[0]).numerator
        if name == "Rat.den":
            return Fraction(args[0]).denominator
        if name == "Real.log":
            x = to_sympy(args[0])
            return sympy.Integer(0) if _is_zero(x) else sympy.log(sympy.Abs(x))
        if name == "Real.exp":
            return sympy.exp(to_sympy(args[0]))
        if name in ("Real.sin", "Real.cos"):
            f = sympy.sin if name == "Real.sin" else sympy.cos
            return f(to_sympy(args[0]))
        if name == "Real.tan":
            x = to_sympy(args[0])
            c = sympy.cos(x)
            return sympy.Integer(0) if _is_zero(c) else sympy.sin(x) / c
        if name == "Real.logb":
            b, x = (to_sympy(a) for a in args)
            lb = sympy.Integer(0) if _is_zero(b) else sympy.log(sympy.Abs(b))
            lx = sympy.Integer(0) if _is_zero(x) else sympy.log(sympy.Abs(x))
            if _is_zero(lb):
                return sympy.Integer(0)
            return lx / lb
        raise NotEvaluable(name)


def rational_value(e: Expr) -> Fraction | None:
    """The exact rational value of a closed term, or None (not closed, not rational, not
    evaluable)."""
    if free_vars(e):
        return None
    try:
        v = Evaluator().term(e)
        if isinstance(v, (int, Fraction)):
            return Fraction(v)
        return Fraction(int(v.p), int(v.q)) if getattr(v, "is_Rational", False) else None
    except (NotEvaluable, TypeError, ValueError, ZeroDivisionError, OverflowError, AttributeError):
        return None


def evaluate_prop(e: Expr, env: dict | None = None) -> bool:
    """Decide a closed proposition exactly; raises NotEvaluable otherwise."""
    return Evaluator(env).prop(_modular_powers(e))


def _modular_powers(e: Expr) -> Expr:
    """Rewrite `a ^ n % m` with closed ℕ/ℤ a, n, m into its value (fast modular power), so
    statements like `2 ^ 2008 % 10 = 6` or `(k ^ 2 + 2 ^ k) % 10` with huge k evaluate."""
    if not e.args:
        return e
    e = e.with_args(*(_modular_powers(a) for a in e.args))
    if e.op == "mod" and e.ty in (NAT, INT):
        try:
            m = Evaluator().term(e.args[1])
            if isinstance(m, int) and m != 0:
                r = _eval_mod(e.args[0], m)
                if r is not None:
                    return Expr("num", value=emod(r, m), ty=e.ty)
        except NotEvaluable:
            return e
    return e


def _eval_mod(e: Expr, m: int) -> int | None:
    """Value of closed ℕ/ℤ term `e` modulo m, using only ring operations (+, *, ^); None
    when `e` has other operations (ℕ subtraction, division) that do not commute with mod."""
    if e.op == "num":
        return int(e.value) % abs(m)
    if e.op in ("add", "mul") or (e.op == "sub" and e.ty == INT):
        a, b = _eval_mod(e.args[0], m), _eval_mod(e.args[1], m)
        if a is None or b is None:
            return None
        return {"add": a + b, "mul": a * b, "sub": a - b}[e.op] % abs(m)
    if e.op == "pow" and e.args[1].ty == NAT:
        a = _eval_mod(e.args[0], m)
        try:
            n = Evaluator().term(e.args[1])
        except NotEvaluable:
            return None
        return None if a is None else pow(a, n, abs(m))
    try:
        v = Evaluator().term(e)
    except NotEvaluable:
        return None
    return v % abs(m) if isinstance(v, int) else None


__all__ = ["Evaluator", "NotEvaluable", "evaluate_prop", "ediv", "emod", "compare", "substitute"]


def _sqrt(x):
    """√x for x > 0, exact: a rational square root as a rational (by integer square roots),
    anything else as the unevaluated power x^(1/2). SymPy's own `sqrt` factors its argument,
    which on numerals of a hundred digits takes long or fails inside SymPy.

    >>> _sqrt(sympy.Rational(9, 4)), _sqrt(sympy.Integer(2))
    (3/2, sqrt(2))
    """
    if isinstance(x, sympy.Rational):
        import math
        p, q = int(x.p), int(x.q)
        rp, rq = math.isqrt(p), math.isqrt(q)
        if rp * rp == p and rq * rq == q:
            return sympy.Rational(rp, rq)
        if max(p.bit_length(), q.bit_length()) > 64:
            return sympy.Pow(x, sympy.Rational(1, 2), evaluate=False)
    return sympy.sqrt(x)
