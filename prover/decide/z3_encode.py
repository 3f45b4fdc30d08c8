"""A Lean-faithful encoding of typed goals into Z3.

ℕ and ℤ are Z3 integers (ℕ variables constrained ≥ 0), ℝ are Z3 reals, and so are the
theorem's ℚ variables: a refutation `hypotheses ∧ ¬goal` unsat over ℝ is unsat over ℚ as long
as every ℚ quantity is existential in that formula (a rational model is a real one). A ℚ
quantifier that is universal in it (`∀ q : ℚ` in a hypothesis, `∃ q : ℚ` in the goal, either
under `↔`) ranges over exactly the quotients `p / d` of integers with `d ≥ 1`. Every
operation is encoded with Lean's meaning: truncated ℕ subtraction, `x / 0 = 0`, Euclidean
ℤ division and remainder (SMT-LIB `div`/`mod` are Euclidean), `Real.sqrt` and `⌊x⌋` by
their defining constraints. Anything else (sin, log, user functions, sums with symbolic
bounds) becomes an uninterpreted function of its free variables: sound, because the true
meaning is one interpretation among those Z3 must refute. Such a function is keyed by the typed
term (and the binders its variables belong to), never by its printed text: `(9 / 4) ^ n` at ℕ
and at ℝ are two terms. Every symbol the encoder makes up has `GENERATED_MARK` in its name,
which no identifier the parser accepts contains, so it cannot be a user's variable.

>>> from prover.state import load_theorem
>>> g = load_theorem("theorem t (x : ℝ) (h : 3 * x - 7 = 11) : x = 6").goal
>>> refute(g, timeout_ms=2000).status
'proved'
"""

from __future__ import annotations

import functools
import math
import threading
import time
from dataclasses import dataclass
from fractions import Fraction

import z3

from prover.decide.evaluate import Evaluator, NotEvaluable, rational_value
from prover.syntax.ast import COMPLEX, INT, NAT, RAT, REAL, Expr, free_vars

GENERATED_MARK = "✝"   # in every made-up Z3 name; the parser accepts no identifier containing it
SMALL_PRIME_BOUND = 256   # Nat.Prime n is encoded exactly (n among the primes listed) for n ≤ this


@functools.lru_cache(maxsize=1)
def _small_primes() -> tuple[int, ...]:
    import sympy
    return tuple(sympy.primerange(2, SMALL_PRIME_BOUND + 1))

EXPAND_POWER_LIMIT = 12


def exact_rational(v) -> Fraction | None:
    """v as a Fraction when it is an exact rational (int, Fraction, SymPy Rational), else None.
    bool and float are not exact numerals here."""
    if isinstance(v, bool):
        return None
    if isinstance(v, (int, Fraction)):
        return Fraction(v)
    if getattr(v, "is_Rational", False) is True and hasattr(v, "p") and hasattr(v, "q"):
        return Fraction(int(v.p), int(v.q))
    return None


CERTIFIED_BITS = 96   # working precision of the interval enclosure of an irrational constant


def certified_bounds(value) -> tuple[Fraction, Fraction] | None:
    """Rational (lo, hi) with lo ≤ value ≤ hi, from an outward-rounded mpmath interval
    enclosure of the SymPy real `value` (the endpoints are binary floats, converted exactly);
    None when the value has a part the enclosure does not model."""
    from mpmath.ctx_iv import MPIntervalContext

    from prover.decide.evaluate import _enclose
    iv = MPIntervalContext()
    iv.prec = CERTIFIED_BITS
    try:
        box = _enclose(value, iv)
    except (ArithmeticError, ValueError, TypeError, AttributeError):
        return None
    if box is None:
        return None
    try:
        a, b = box._mpi_   # the exact endpoint tuples, no conversion through any precision
        lo, hi = _mpf_fraction(a), _mpf_fraction(b)
    except (ValueError, OverflowError, TypeError, AttributeError):
        return None
    if lo > hi or hi - lo > 1:
        return None
    return lo, hi


def _mpf_fraction(t) -> Fraction:
    from mpmath.libmp import finf, fnan, fninf, to_rational
    if t in (finf, fninf, fnan):
        raise ValueError("unbounded enclosure")
    p, q = to_rational(t)
    return Fraction(int(p), int(q))


class Unencodable(Exception):
    """The goal uses something the encoding does not model (ℂ, unknown sets, ...)."""


def _sort(ty):
    if ty in (NAT, INT):
        return z3.IntSort()
    if ty in (RAT, REAL):
        return z3.RealSort()
    if ty == "Prop":
        return z3.BoolSort()
    raise Unencodable(f"type {ty}")


class Encoder:
    def __init__(self, goal, exact_rationals: bool = False):
        self.exact_rationals = exact_rationals   # every ℚ quantifier as p / d, not only universal ones
        self.ctx = z3.Context()
        self.side: list = []           # defining constraints of fresh symbols
        self.vars: dict[str, object] = {}
        self.funcs: dict[str, object] = {}
        self.cache: dict[object, object] = {}
        self.bound: dict[str, object] = {}  # bound variable name -> its z3 term (a const, or p / d for ℚ)
        self.polarity = 1   # of the formula being encoded within the asserted one: 1, -1, or 0 (both)
        self.types: dict[str, object] = {}
        self.counter = 0
        self.log_terms: list = []   # (argument, log value) pairs, for monotonicity facts
        self.factorial_terms: list = []   # (argument, factorial) pairs, for recursion and monotonicity
        self.huge = False            # a numeral beyond HUGE was encoded
        self.moduli = _moduli(goal)  # constant moduli and divisors, for residues of c ^ n
        self.positive_logs: dict[tuple, object] = {}   # key(term) -> its log, for positive terms c ^ y
        for name, ty in goal.variables:
            self.types[name] = ty
            if isinstance(ty, tuple) and ty[0] == "Equiv":
                self.types[f"{name}.1"] = ("→", (ty[1],), ty[2])
                self.types[f"{name}.2"] = ("→", (ty[2],), ty[1])
            if isinstance(ty, tuple):
                continue
            if ty in (NAT, INT, RAT, REAL):
                v = z3.Const(name, self._s(ty))
                self.vars[name] = v
                if ty == NAT:
                    self.side.append(v >= 0)

    def _s(self, ty):
        s = _sort(ty)
        return {z3.IntSort(): z3.IntSort(self.ctx), z3.RealSort(): z3.RealSort(self.ctx),
                z3.BoolSort(): z3.BoolSort(self.ctx)}[s]

    def fresh(self, ty, prefix="t"):
        self.counter += 1
        return z3.Const(generated_name(prefix, self.counter), self._s(ty))

    def key(self, e: Expr, kind: str = "opaque") -> tuple:
        """What identifies a term for sharing one symbol: the typed term itself (types are part
        of `Expr` equality, positions are not) and, for each bound variable it mentions, the Z3
        term of that binder, so the same text under two binders is two terms."""
        bound = tuple(sorted((v, self.bound[v].sexpr()) for v in free_vars(e) if v in self.bound))
        return (kind, e, bound)

    def num(self, value, ty):
        """The Z3 numeral of an exact rational: an int, a Fraction or a SymPy Rational, and
        nothing else. Z3's numeral reader is lenient (it reads "E" as 0 and "1 + E" as 1), so no
        other value may ever reach it as text; an irrational closed value goes through `closed`."""
        q = exact_rational(value)
        if q is None:
            raise Unencodable(f"non-rational numeral {type(value).__name__}")
        if abs(q) > HUGE:
            self.huge = True
        if ty in (NAT, INT):
            if q.denominator != 1:
                raise Unencodable("non-integer numeral at ℕ/ℤ")
            return z3.IntVal(q.numerator, self.ctx)
        return z3.RealVal(f"{int(q.numerator)}/{int(q.denominator)}", self.ctx)   # text from two ints only

    def closed(self, e: Expr, value):
        """The Z3 term of the closed term `e` whose exact value is `value`: a numeral when the
        value is rational; otherwise a symbol for the typed term, with only proved facts about
        it: the bounds of an outward-rounded interval enclosure of the value (certified)."""
        if exact_rational(value) is not None:
            return self.num(value, e.ty)
        if e.ty not in (RAT, REAL):
            return self.opaque(e, self._s(e.ty))
        box = certified_bounds(value)
        if box is None:
            return self.opaque(e, self._s(e.ty))
        lo, hi = box
        return self._defined(e, lambda s: [s >= self.num(lo, REAL), s <= self.num(hi, REAL)])

    # -- propositions -------------------------------------------------------------------
    def prop(self, e: Expr):
        op = e.op
        if op == "true":
            return z3.BoolVal(True, self.ctx)
        if op == "false":
            return z3.BoolVal(False, self.ctx)
        if op == "and":
            return z3.And(self.prop(e.args[0]), self.prop(e.args[1]))
        if op == "or":
            return z3.Or(self.prop(e.args[0]), self.prop(e.args[1]))
        if op == "not":
            return z3.Not(self._flipped(e.args[0], -self.polarity))
        if op == "imp":
            return z3.Implies(self._flipped(e.args[0], -self.polarity), self.prop(e.args[1]))
        if op == "iff":
            return self._flipped(e.args[0], 0) == self._flipped(e.args[1], 0)
        if op in ("eq", "ne", "lt", "le", "gt", "ge"):
            if e.value == COMPLEX:
                raise Unencodable("ℂ")
            a, b = self.term(e.args[0]), self.term(e.args[1])
            return {"eq": lambda: a == b, "ne": lambda: a != b, "lt": lambda: a < b, "le": lambda: a <= b,
                    "gt": lambda: a > b, "ge": lambda: a >= b}[op]()
        if op == "dvd":
            if e.value not in (NAT, INT):
                raise Unencodable("divisibility outside ℕ/ℤ")
            a, b = self.term(e.args[0]), self.term(e.args[1])
            return z3.If(a == 0, b == 0, b % a == 0)
        if op == "pred":
            return self._predicate(e)
        if op in ("forall", "exists"):
            return self._quantifier(e)
        if op == "mem":
            return self._membership(e)
        if op == "exists_unique":
            raise Unencodable("∃!")
        raise Unencodable(op)

    def prop_asserted(self, e: Expr):
        """`e` as a conjunct of the formula Z3 refutes (a hypothesis)."""
        return self._flipped(e, 1)

    def prop_refuted(self, e: Expr):
        """`e` where its negation is the conjunct (the goal)."""
        return self._flipped(e, -1)

    def _flipped(self, e: Expr, polarity: int):
        saved, self.polarity = self.polarity, polarity
        try:
            return self.prop(e)
        finally:
            self.polarity = saved

    def _quantifier(self, e: Expr):
        name, ty = e.value
        if isinstance(ty, tuple):
            raise Unencodable("quantifier over a function or set")
        self.counter += 1
        # Universal in the refuted formula: ∀ asserted, ∃ denied, or either under ↔.
        universal = self.polarity == 0 or (e.op == "forall") == (self.polarity > 0)
        if ty == RAT and (universal or self.exact_rationals):
            # Exactly the rationals: p / d with d ≥ 1. (As a real, a universal ℚ quantifier
            # would claim more than the statement: ∀ q : ℚ, q ^ 2 ≠ 2 is true, over ℝ false.)
            p = z3.Const(generated_name(name + "num", self.counter), z3.IntSort(self.ctx))
            d = z3.Const(generated_name(name + "den", self.counter), z3.IntSort(self.ctx))
            consts, guard, value = [p, d], d >= 1, z3.ToReal(p) / z3.ToReal(d)
        else:
            v = z3.Const(generated_name(name, self.counter), self._s(ty))
            consts, guard, value = [v], (v >= 0 if ty == NAT else None), v
        saved, saved_ty = self.bound.get(name, _MISSING), self.types.get(name, _MISSING)
        self.bound[name] = value
        self.types[name] = ty
        try:
            body = self.prop(e.args[0])
        finally:
            for table, old in ((self.bound, saved), (self.types, saved_ty)):
                if old is _MISSING:
                    table.pop(name, None)
                else:
                    table[name] = old
        if e.op == "forall":
            return z3.ForAll(consts, body if guard is None else z3.Implies(guard, body))
        return z3.Exists(consts, body if guard is None else z3.And(guard, body))

    def _predicate(self, e: Expr):
        name = e.value
        if name in ("Even", "Odd"):
            if e.args[0].ty not in (NAT, INT):
                raise Unencodable("parity outside ℕ/ℤ")
            v = self.term(e.args[0])
            return (v % 2 == 0) if name == "Even" else (v % 2 == 1)
        if name == "Nat.Prime":
            try:
                value = Evaluator().term(e.args[0])
                import sympy
                return z3.BoolVal(bool(sympy.isprime(value)), self.ctx)
            except NotEvaluable:
                pass
            p = self.term(e.args[0])
            prime = self.opaque(e, z3.BoolSort(self.ctx))
            # True of every n: primes are ≥ 2, odd except 2, and below the bound exactly the listed ones.
            self.side += [z3.Implies(prime, p >= 2), z3.Implies(z3.And(prime, p != 2), p % 2 == 1),
                          z3.Implies(p <= SMALL_PRIME_BOUND, prime == z3.Or([p == q for q in _small_primes()]))]
            return prime
        return self.opaque(e, z3.BoolSort(self.ctx))

    def _membership(self, e: Expr):
        x_e, s = e.args
        x = self.term(x_e)
        kind = s.value
        if s.op == "set" and kind == "Finset.range":
            return z3.And(0 <= x, x < self.term(s.args[0]))
        if s.op == "set" and kind in ("Finset.Icc", "Finset.Ico", "Finset.Ioc", "Finset.Ioo"):
            a, b = self.term(s.args[0]), self.term(s.args[1])
            lo = (a <= x) if kind in ("Finset.Icc", "Finset.Ico") else (a < x)
            hi = (x <= b) if kind in ("Finset.Icc", "Finset.Ioc") else (x < b)
            return z3.And(lo, hi)
        if s.op == "set" and kind == "literal":
            return z3.Or(*[x == self.term(a) for a in s.args])
        if s.op == "set" and kind == "Finset.filter":
            lam, inner = s.args
            from prover.syntax.ast import substitute
            return z3.And(self._membership(Expr("mem", (x_e, inner))), self.prop(substitute(lam.args[0], lam.value[0], x_e)))
        return self.opaque(e, z3.BoolSort(self.ctx))

    # -- terms --------------------------------------------------------------------------
    def term(self, e: Expr):
        op, ty = e.op, e.ty
        if ty == COMPLEX:
            raise Unencodable("ℂ")
        if op == "num":
            return self.num(e.value, ty)
        if op == "var":
            name = e.value
            if name in self.bound:
                return self.bound[name]
            if name in self.vars:
                return self.vars[name]
            raise Unencodable(f"variable {name}")
        if op == "cast":
            inner = self.term(e.args[0])
            src = e.args[0].ty
            if e.value in (RAT, REAL) and src in (NAT, INT):
                return z3.ToReal(inner)
            if e.value in (NAT, INT) and src in (NAT, INT):
                return inner
            if e.value in (RAT, REAL) and src in (RAT, REAL):
                return inner
            raise Unencodable(f"cast {src} → {e.value}")
        if op in ("add", "sub", "mul"):
            a, b = self.term(e.args[0]), self.term(e.args[1])
            if op == "add":
                return a + b
            if op == "mul":
                la, lb = self.positive_logs.get(self.key(e.args[0])), self.positive_logs.get(self.key(e.args[1]))
                if la is not None and lb is not None:
                    # log (u * v) = log u + log v for positive u, v (Real.log_mul)
                    self.positive_logs[self.key(e)] = la + lb
                    self.log_terms.append((a * b, la + lb))
                return a * b
            return z3.If(a >= b, a - b, 0) if ty == NAT else a - b
        if op == "div":
            a, b = self.term(e.args[0]), self.term(e.args[1])
            zero = self.num(0, ty)
            return z3.If(b == 0, zero, a / b)
        if op == "mod":
            if ty not in (NAT, INT):
                raise Unencodable("% on a field")
            a, b = self.term(e.args[0]), self.term(e.args[1])
            return z3.If(b == 0, a, a % b)
        if op == "neg":
            return -self.term(e.args[0])
        if op == "pow":
            return self._pow(e)
        if op == "pi":
            return self._defined(e, lambda p: [p > self.num(Fraction(314159265, 10 ** 8), REAL),
                                               p < self.num(Fraction(314159266, 10 ** 8), REAL)])
        if op == "call":
            return self._call(e)
        if op in ("apply", "sum", "prod", "card"):
            try:
                if not free_vars(e):
                    return self.closed(e, Evaluator().term(e))
            except (NotEvaluable, TypeError, ValueError):
                pass
            if op == "apply":
                return self._apply(e)
            return self.opaque(e, self._s(ty))
        raise Unencodable(op)

    def _apply(self, e: Expr):
        f = self.funcs.get(e.value)
        if f is None:
            fty = self.types.get(e.value)
            if not (isinstance(fty, tuple) and fty[0] == "→"):
                raise Unencodable(f"function {e.value}")
            f = z3.Function(e.value, *[self._s(t) for t in fty[1]], self._s(fty[2]))
            self.funcs[e.value] = f
        return f(*[self.term(a) for a in e.args])

    def _pow(self, e: Expr):
        base, exponent = e.args
        try:
            n = Evaluator().term(exponent) if not free_vars(exponent) else None
        except NotEvaluable:
            n = None
        if n is not None and exponent.ty == NAT:
            try:
                if not free_vars(base):
                    return self.closed(e, Evaluator().term(e))
            except (NotEvaluable, TypeError, ValueError, OverflowError):
                pass
            if n == 0:
                return self.num(1, e.ty)
            if n <= EXPAND_POWER_LIMIT:
                b = self.term(base)
                out = b
                for _ in range(n - 1):
                    out = out * b
                return out
        split = _linear_exponent(exponent) if exponent.ty == NAT else None
        if split is not None and (split[1] or len(split[0]) > 1 or any(c > 1 for c in split[0].values())):
            # x ^ (c₁·v₁ + … + d) = (x ^ v₁) ^ c₁ ⋯ x ^ d, so every power of x shares the atoms x ^ vᵢ.
            coeffs, const = split
            out = self.term(Expr("pow", (base, Expr("num", value=const, ty=NAT)), ty=e.ty)) if const else None
            for v, c in coeffs.items():
                atom = self.term(Expr("pow", (base, Expr("var", value=v, ty=NAT)), ty=e.ty))
                for _ in range(c):
                    out = atom if out is None else out * atom
            return out
        out = self.opaque(e, self._s(e.ty))
        if exponent.ty == REAL and e.ty == REAL and not free_vars(base):
            self._real_power(e, out)
        if exponent.ty == NAT and e.ty in (NAT, INT, REAL, RAT):
            # x ^ n for symbolic n: uninterpreted, with facts true of every monoid power.
            b, n_z = self.term(base), self.term(exponent)
            one = self.num(1, e.ty)
            self.side += [z3.Implies(n_z == 0, out == one), z3.Implies(n_z == 1, out == b),
                          z3.Implies(b > 0, out > 0), z3.Implies(b >= 1, out >= one),
                          z3.Implies(z3.And(b > 1, n_z >= 1), out >= b)]
            if e.ty in (NAT, INT) and not free_vars(base):
                self.side += self._power_residues(base, n_z, out)
        return out

    def _real_power(self, e: Expr, out) -> None:
        """c ^ y for a constant c > 0 and a real y: positive, with log (c ^ y) = y · log c
        (Real.rpow_pos_of_pos, Real.log_rpow), so the log facts give its injectivity and
        monotonicity in y."""
        log_c = self._log_of_constant(e.args[0])
        try:
            c = Evaluator().term(e.args[0])
            positive = c > 0
        except (NotEvaluable, TypeError, ValueError):
            positive = False
        if log_c is None or not positive:
            return
        log_out = self.term(e.args[1]) * log_c
        self.side.append(out > 0)
        self.positive_logs[self.key(e)] = log_out
        self.log_terms.append((out, log_out))

    def _power_residues(self, base: Expr, n_z, out) -> list:
        """For a constant base c, the residue of c ^ n modulo each modulus m of the goal, by the
        eventually periodic table of c ^ k % m (Euclidean `%`, as Lean's on ℕ and ℤ)."""
        try:
            c = Evaluator().term(base)
        except (NotEvaluable, TypeError, ValueError):
            return []
        if not isinstance(c, int):
            return []
        facts = []
        for m in self.moduli:
            pre, residues = power_residue_cycle(c, m)
            period = len(residues) - pre
            if period > MAX_PERIOD:
                continue
            for k in range(pre):
                facts.append(z3.Implies(n_z == k, out % m == residues[k]))
            for j in range(period):
                facts.append(z3.Implies(z3.And(n_z >= pre, (n_z - pre) % period == j), out % m == residues[pre + j]))
        return facts

    def _call(self, e: Expr):
        name, ty = e.value, e.ty
        if not free_vars(e):
            try:
                v = Evaluator().term(e)
                if exact_rational(v) is not None:
                    return self.num(v, ty)
            except (NotEvaluable, TypeError, ValueError, OverflowError):
                pass
        if name in ("Nat.gcd", "Nat.lcm"):
            return self._gcd_lcm(e)
        if name == "abs":
            a = self.term(e.args[0])
            return z3.If(a >= 0, a, -a)
        if name in ("min", "max"):
            a, b = self.term(e.args[0]), self.term(e.args[1])
            return z3.If(a <= b, a, b) if name == "min" else z3.If(a <= b, b, a)
        if name == "Real.sqrt":
            x = self.term(e.args[0])
            return self._defined(e, lambda s: [s >= 0, z3.Implies(x >= 0, s * s == x), z3.Implies(x < 0, s == 0)])
        if name in ("Int.floor", "Nat.floor", "Int.ceil", "Nat.ceil"):
            x = self.term(e.args[0])
            if e.args[0].ty in (NAT, INT):
                k = x
            else:
                k = z3.ToInt(x) if "floor" in name else -z3.ToInt(-x)
            return z3.If(k < 0, 0, k) if name.startswith("Nat.") else k
        if name == "Int.natAbs":
            a = self.term(e.args[0])
            return z3.If(a >= 0, a, -a)
        if name == "Int.toNat":
            a = self.term(e.args[0])
            return z3.If(a >= 0, a, 0)
        if name == "Nat.succ":
            return self.term(e.args[0]) + 1
        if name == "Real.tan":
            x_e = e.args[0]
            sin = self.opaque(Expr("call", (x_e,), value="Real.sin", ty=REAL), self._s(REAL))
            cos = self.opaque(Expr("call", (x_e,), value="Real.cos", ty=REAL), self._s(REAL))
            return z3.If(cos == 0, self.num(0, REAL), sin / cos)
        if name == "Real.logb":
            b_e, x_e = e.args
            lb = self._call(Expr("call", (b_e,), value="Real.log", ty=REAL))
            lx = self._call(Expr("call", (x_e,), value="Real.log", ty=REAL))
            return z3.If(lb == 0, self.num(0, REAL), lx / lb)
        if name in ("Real.sin", "Real.cos"):
            out = self.opaque(e, self._s(REAL))
            other = "Real.cos" if name == "Real.sin" else "Real.sin"
            partner = self.opaque(Expr("call", e.args, value=other, ty=REAL), self._s(REAL))
            self.side += [out >= -1, out <= 1, out * out + partner * partner == 1]
            # Signs on the principal intervals (Real.sin_pos_of_pos_of_lt_pi, Real.cos_pos_of_mem_Ioo).
            x, pi = self.term(e.args[0]), self.term(Expr("pi", ty=REAL))
            if name == "Real.sin":
                self.side += [z3.Implies(z3.And(x > 0, x < pi), out > 0), z3.Implies(z3.And(x < 0, x > -pi), out < 0),
                              z3.Implies(x == 0, out == 0)]
            else:
                self.side += [z3.Implies(z3.And(x > -pi / 2, x < pi / 2), out > 0), z3.Implies(x == 0, out == 1)]
            return out
        if name == "Nat.factorial":
            out = self.opaque(e, self._s(NAT))
            x = self.term(e.args[0])
            # Nat.factorial_pos, Nat.self_le_factorial, and the first values exactly.
            self.side += [out >= 1, out >= x] + [z3.Implies(x == k, out == math.factorial(k)) for k in range(8)]
            self.factorial_terms.append((x, out))
            return out
        if name == "Real.exp":
            out = self.opaque(e, self._s(REAL))
            self.side.append(out > 0)
            return out
        if name == "Real.log":
            constant = self._log_of_constant(e.args[0])
            if constant is not None:
                return constant
            x = self.term(e.args[0])
            out = self.opaque(e, self._s(REAL))
            self.log_terms.append((x, out))
            # log 0 = 0 and log 1 = 0; log is positive above 1 and negative on (0, 1).
            self.side += [z3.Implies(x == 0, out == 0), z3.Implies(x == 1, out == 0),
                          z3.Implies(x > 1, out > 0), z3.Implies(z3.And(x > 0, x < 1), out < 0)]
            self.side += self._log_split(e.args[0], out)
            return out
        return self.opaque(e, self._s(ty))

    def _gcd_lcm(self, e: Expr):
        """`Nat.gcd a b` and `Nat.lcm a b` by facts true of them (Nat.gcd_dvd_left,
        Nat.gcd_le_left, Nat.gcd_mul_lcm, …), with the other as a shared symbol; the
        greatest-divisor property itself is not stated."""
        if free_vars(e) & set(self.bound):
            return self.opaque(e, self._s(NAT))  # under a binder: a function of it, no facts
        key = self.key(Expr("call", e.args, value="Nat.gcd", ty=NAT), "gcd-lcm")
        if key not in self.cache:
            a, b = self.term(e.args[0]), self.term(e.args[1])
            g, lcm = self.fresh(NAT, "gcd"), self.fresh(NAT, "lcm")
            zero = self.num(0, NAT)
            self.side += [g >= 0, lcm >= 0,
                          (g == 0) == z3.And(a == 0, b == 0),
                          z3.Implies(g > 0, z3.And(a % g == 0, b % g == 0)),
                          z3.Implies(a > 0, g <= a), z3.Implies(b > 0, g <= b),
                          g * lcm == a * b,
                          (lcm == 0) == z3.Or(a == 0, b == 0),
                          z3.Implies(lcm > 0, z3.And(lcm % a == 0, lcm % b == 0, lcm >= a, lcm >= b)),
                          z3.Implies(z3.And(a > 0, b == zero), g == a), z3.Implies(z3.And(b > 0, a == zero), g == b)]
            self.cache[key] = (g, lcm)
        g, lcm = self.cache[key]
        return g if e.value == "Nat.gcd" else lcm

    def _log_of_constant(self, arg: Expr):
        """log q for a closed rational q ≠ 0 as Σ eₚ·log p over its prime factorization
        (log |q| = Σ eₚ log p), each log p a symbol with certified rational bounds."""
        q = rational_value(arg)
        if q is None or q == 0:
            return None
        import sympy
        total = self.num(0, REAL)
        factors = dict(sympy.factorint(abs(q.numerator)))
        for p, e in sympy.factorint(q.denominator).items():
            factors[p] = factors.get(p, 0) - e
        if any(p > 10**6 for p in factors):
            return None
        for p, e in factors.items():
            total = total + e * self._log_prime(int(p))
        self.log_terms.append((self.num(abs(q), REAL), total))
        return total

    def _log_prime(self, p: int):
        key = ("logprime", p)
        if key not in self.cache:
            import sympy
            sym = self.fresh(REAL, f"log{p}")
            box = certified_bounds(sympy.log(sympy.Integer(p)))
            if box is None:
                raise Unencodable(f"log {p}: no certified enclosure")
            lo, hi = box
            self.side += [sym >= self.num(lo, REAL), sym <= self.num(hi, REAL)]
            self.cache[key] = sym
        return self.cache[key]

    def log_facts(self) -> list:
        """Injectivity and strict monotonicity of log on the positive reals, for every pair of
        log arguments met while encoding (Real.log_lt_log_iff, Real.log_injOn_pos)."""
        facts = []
        terms = self.log_terms[:40]
        for i, (u, lu) in enumerate(terms):
            for v, lv in terms[i + 1:]:
                both = z3.And(u > 0, v > 0)
                facts += [z3.Implies(both, (lu == lv) == (u == v)), z3.Implies(both, (lu < lv) == (u < v))]
        return facts

    def _log_split(self, arg: Expr, out) -> list:
        """Real.log_mul and Real.log_div (both factors nonzero), Real.log_pow (any base, ℕ
        exponent) and Real.log_rpow (positive base): the log of a product as a sum of logs."""
        def log(t: Expr):
            return self._call(Expr("call", (t,), value="Real.log", ty=REAL))
        if arg.op in ("mul", "div") and arg.ty == REAL:
            a, b = arg.args
            nonzero = z3.And(self.term(a) != 0, self.term(b) != 0)
            return [z3.Implies(nonzero, out == (log(a) + log(b) if arg.op == "mul" else log(a) - log(b)))]
        if arg.op == "pow" and arg.ty == REAL:
            base, n = arg.args
            if n.ty == NAT:
                return [out == z3.ToReal(self.term(n)) * log(base)]
            if n.ty == REAL:
                return [z3.Implies(self.term(base) > 0, out == self.term(n) * log(base))]
        return []

    def factorial_facts(self) -> list:
        """For every pair of factorials met: `(m + 1)! = (m + 1) * m!` (Nat.factorial_succ) and
        monotonicity, strict from 2 on (Nat.factorial_le, Nat.factorial_lt)."""
        facts = []
        terms = self.factorial_terms[:12]
        for i, (u, fu) in enumerate(terms):
            for v, fv in terms[i + 1:]:
                for (a, fa), (b, fb) in (((u, fu), (v, fv)), ((v, fv), (u, fu))):
                    facts += [z3.Implies(a == b + 1, fa == a * fb), z3.Implies(a <= b, fa <= fb),
                              z3.Implies(z3.And(a < b, b >= 2), fa < fb)]
        return facts

    def _defined(self, e: Expr, constraints):
        """A fresh symbol for `e` (closed or over bound-free variables), with defining facts."""
        key = self.key(e, "def") if not (free_vars(e) & set(self.bound)) else None
        if key is not None and key in self.cache:
            return self.cache[key]
        if key is None:
            return self.opaque(e, self._s(e.ty))
        s = self.fresh(e.ty, "d")
        self.cache[key] = s
        self.side.extend(constraints(s))
        return s

    def opaque(self, e: Expr, sort):
        """An uninterpreted function of the term's free variables, one per typed term: the
        same term under two binders is one function applied to two variables."""
        fv = sorted(free_vars(e))
        fv = [v for v in fv if v in self.bound or v in self.vars]
        key = ("opaque", e, sort.name())
        f = self.cache.get(key)
        if f is None:
            self.counter += 1
            f = z3.Function(generated_name("u", self.counter), *[self._var(v).sort() for v in fv], sort)
            self.cache[key] = f
        return f(*[self._var(v) for v in fv]) if fv else f()

    def _var(self, name):
        return self.bound.get(name) if name in self.bound else self.vars[name]


MAX_MODULUS = 1000
MAX_PERIOD = 60
_MISSING = object()


def generated_name(base: str, counter: int) -> str:
    """A Z3 name made up by the encoder: `base✝counter`. User names come from the parser,
    which accepts no identifier containing `GENERATED_MARK`, so the two never meet.

    >>> generated_name("x", 3)
    'x✝3'
    """
    return f"{base}{GENERATED_MARK}{counter}"


def _moduli(goal) -> list[int]:
    """Constant moduli `_ % m` and divisors `m ∣ _` (2 ≤ m ≤ MAX_MODULUS) of the goal, at most 4."""
    found = set()
    for e in [goal.target] + [h for _, h in goal.hypotheses]:
        for n in e.walk():
            if n.op == "mod" and n.args[1].op == "num":
                found.add(n.args[1].value)
            if n.op == "dvd" and n.args[0].op == "num":
                found.add(n.args[0].value)
    return sorted(int(m) for m in found if isinstance(m, int) and 2 <= m <= MAX_MODULUS)[:4]


def _closed_values(exprs) -> set:
    """Positive rational values of closed real quotients and powers (`8 / 7`, `1000 ^ 5`),
    which join the log facts as the numerals do."""
    out = set()
    for e in exprs:
        for n in e.walk():
            if n.op not in ("div", "pow") or n.ty not in (REAL, RAT) or free_vars(n):
                continue
            if n.op == "pow" and not (n.args[1].op == "num" and n.args[1].ty == NAT and n.args[1].value <= 64):
                continue
            q = rational_value(n)
            if q is not None and q > 0:
                out.add(q)
    return out


def power_residue_cycle(c: int, m: int) -> tuple[int, list[int]]:
    """(pre-period, residues): c ^ k % m for k = 0, 1, … until the first repeat; for k ≥ pre
    the residue of c ^ k is residues[pre + (k - pre) % (len(residues) - pre)].

    >>> power_residue_cycle(2, 7)
    (0, [1, 2, 4])
    >>> power_residue_cycle(2, 12)
    (2, [1, 2, 4, 8])
    """
    seen: dict[int, int] = {}
    residues: list[int] = []
    r = 1 % m
    while r not in seen:
        seen[r] = len(residues)
        residues.append(r)
        r = (r * c) % m
    return seen[r], residues


def _linear_exponent(e: Expr) -> tuple[dict[str, int], int] | None:
    """`2 * n + 3` ↦ ({n: 2}, 3) for ℕ exponents built from +, * by numerals, variables and
    numerals (no subtraction); None otherwise or when a coefficient is large."""
    if e.op == "num":
        return {}, int(e.value)
    if e.op == "var":
        return {e.value: 1}, 0
    if e.op == "add":
        a, b = _linear_exponent(e.args[0]), _linear_exponent(e.args[1])
        if a is None or b is None:
            return None
        coeffs = dict(a[0])
        for k, v in b[0].items():
            coeffs[k] = coeffs.get(k, 0) + v
        return (coeffs, a[1] + b[1]) if all(v <= EXPAND_POWER_LIMIT for v in coeffs.values()) else None
    if e.op == "mul":
        for c, x in ((e.args[0], e.args[1]), (e.args[1], e.args[0])):
            if c.op == "num":
                inner = _linear_exponent(x)
                if inner is None or int(c.value) > EXPAND_POWER_LIMIT:
                    return None
                k = int(c.value)
                coeffs = {v: n * k for v, n in inner[0].items()}
                return (coeffs, inner[1] * k) if all(v <= EXPAND_POWER_LIMIT for v in coeffs.values()) else None
    return None


HUGE = 10 ** 40   # numerals beyond this make a check run under a hard (process) limit
INTERRUPT_GRACE_S = 0.5


def _check_verdict(solver) -> str:
    return str(solver.check())


@dataclass
class Z3Result:
    status: str            # "proved", "countermodel" (a model of hyps ∧ ¬goal, maybe spurious), "unknown"
    detail: str
    time_s: float


def refute(goal, timeout_ms: int = 5000, extra_hyps=(), use_hyps: bool = True,
           quantified_hyps: bool = True) -> Z3Result:
    """Check `hypotheses ∧ ¬target` for unsatisfiability; unsat means the goal holds.

    With `quantified_hyps=False`, ∀-hypotheses are left out (pass their ground instances
    in `extra_hyps`): Z3's nonlinear arithmetic is complete only without quantifiers.

    With ℚ quantifiers, the first half of the time goes to the encoding where every one is exact
    (`∃ x : ℚ, a = x` in a hypothesis then says that a is rational), the rest to the one where
    those existential in the refuted formula range over ℝ (sound, and easier for Z3's real
    arithmetic, which is complete without integers)."""
    start = time.monotonic()
    exprs = [goal.target, *extra_hyps] + ([h for _, h in goal.hypotheses] if use_hyps else [])
    if not any(n.op in ("forall", "exists") and n.value[1] == RAT for e in exprs for n in e.walk()):
        return _refute_once(goal, timeout_ms, extra_hyps, use_hyps, quantified_hyps, exact_rationals=False)
    first = _refute_once(goal, timeout_ms // 2, extra_hyps, use_hyps, quantified_hyps, exact_rationals=True)
    if first.status == "proved":
        return first
    left = int(timeout_ms - (time.monotonic() - start) * 1000)
    second = _refute_once(goal, left, extra_hyps, use_hyps, quantified_hyps, exact_rationals=False)
    return Z3Result(second.status, second.detail, time.monotonic() - start)


def _refute_once(goal, timeout_ms: int, extra_hyps, use_hyps: bool, quantified_hyps: bool,
                 exact_rationals: bool) -> Z3Result:
    start = time.monotonic()
    if timeout_ms < 1:
        return Z3Result("unknown", "z3: no time left", 0.0)   # Z3 reads a timeout of 0 as none at all
    try:
        enc = Encoder(goal, exact_rationals)
        facts = []
        if use_hyps:
            for _, h in goal.hypotheses:
                if not quantified_hyps and h.op == "forall":
                    continue
                try:
                    facts.append(enc.prop_asserted(h))
                except Unencodable:
                    continue  # dropping a hypothesis only weakens what we assume
        for h in extra_hyps:
            try:
                facts.append(enc.prop_asserted(h))
            except Unencodable:
                continue
        negated = z3.Not(enc.prop_refuted(goal.target))
        if enc.log_terms:
            # Numerals of the problem join the log monotonicity facts (x = 8 from log x = log 8).
            exprs = [goal.target] + [h for _, h in goal.hypotheses]
            numerals = {n.value for e in exprs for n in e.walk() if n.op == "num" and n.ty in (REAL, RAT) and n.value > 0}
            numerals |= _closed_values(exprs)
            for value in sorted(numerals)[:12]:
                enc._log_of_constant(Expr("num", value=value, ty=REAL))
    except Unencodable as err:
        return Z3Result("unknown", f"unencodable: {err}", time.monotonic() - start)
    except (z3.Z3Exception, RecursionError) as err:
        return Z3Result("unknown", f"z3 error: {err}", time.monotonic() - start)
    solver = z3.Solver(ctx=enc.ctx)
    solver.set("timeout", int(timeout_ms))
    solver.add(*enc.side, *enc.log_facts(), *enc.factorial_facts(), *facts, negated)
    try:
        if enc.huge:
            # Z3 does not look at its timeout inside long bignum arithmetic (942! in a goal):
            # such a check runs in a child process killed at the deadline.
            from prover.decide.limits import TIMED_OUT, run_with_limit
            verdict = run_with_limit(_check_verdict, (solver,), seconds=timeout_ms / 1000 + 0.05)
            answer = {"unsat": z3.unsat, "sat": z3.sat}.get(verdict if verdict is not TIMED_OUT else "", z3.unknown)
        else:
            # Belt and braces: interrupt the context shortly after the deadline.
            alarm = threading.Timer(timeout_ms / 1000 + INTERRUPT_GRACE_S, enc.ctx.interrupt)
            alarm.daemon = True
            alarm.start()
            try:
                answer = solver.check()
            finally:
                alarm.cancel()
    except (z3.Z3Exception, RuntimeError) as err:
        return Z3Result("unknown", f"z3 error: {err}", time.monotonic() - start)
    elapsed = time.monotonic() - start
    if answer == z3.unsat:
        return Z3Result("proved", f"z3 unsat of hypotheses ∧ ¬goal ({len(facts)} facts)", elapsed)
    if answer == z3.sat:
        return Z3Result("countermodel", "z3 model of hypotheses ∧ ¬goal", elapsed)
    return Z3Result("unknown", "z3: unknown or out of time in a child process" if enc.huge else f"z3: {solver.reason_unknown()}",
                    elapsed)
