"""`ZMod n`, translated to ℤ before elaboration.

The residues `0, 1, …, n - 1` stand for the elements of `ZMod n`, and the ring operations
commute with reduction, so a statement over `ZMod n` becomes one over ℤ:

- a variable `x : ZMod n` becomes `x : ℤ` with the hypothesis `0 ≤ x ∧ x < n`;
- `a = b` becomes `(a - b) % n = 0` (with `a`, `b` computed in ℤ), and `v = t` for a variable v
  becomes `v = t % n`, which names v's value;
- for prime n, `t⁻¹` of a closed t is its inverse modulo n (0 for t ≡ 0, as in the field
  `ZMod p`), and of any other t a new variable w with `0 ≤ w < n` and
  `t * w ≡ 1 ∨ (t ≡ 0 ∧ w = 0)`, which determines it; `a / b` is `a * b⁻¹`;
- casts `(k : ZMod n)` of ℕ and ℤ terms become the terms themselves in ℤ.

Anything else over `ZMod n` (order, `∣`, functions, quantifiers over it, two moduli, inverses
modulo a composite n) is refused as unsupported. The translation is equivalent to the statement,
so its verdict is the statement's; a proof found is a proof of the ℤ statement (its steps name
`x % n`, `x_range`), which Lean would need restated over `ZMod n`.

>>> from prover.state import load_theorem
>>> print(load_theorem("theorem t (x : ZMod 7) (h : 2 * x = 3⁻¹) : x = 6").goal)
x : ℤ
x_range : 0 ≤ x ∧ x < 7
h : (2 * x - 5) % 7 = 0
⊢ x = 6 % 7
"""

from __future__ import annotations

from sympy import isprime

from prover.errors import LeanSyntaxError, UnsupportedSyntax
from prover.syntax.ast import INT, Expr
from prover.syntax.parser import Binder, RawTheorem

MAX_MODULUS = 10**6


def _modulus(t: Expr) -> int | None:
    if t.op == "app" and t.value == "ZMod" and len(t.args) == 1 and t.args[0].op == "num":
        return int(t.args[0].value)
    return None


def _refuse(e: Expr, what: str) -> UnsupportedSyntax:
    line, col = e.pos if e.pos else (None, None)
    return UnsupportedSyntax(f"ZMod: {what}", line, col)


def _num(v: int) -> Expr:
    return Expr("num", value=v)


def _int(e: Expr) -> Expr:
    return Expr("ascribe", (e, Expr("type", value=INT)))


class _Translation:
    def __init__(self, n: int, zvars: set[str], names: set[str]):
        self.n, self.zvars, self.names = n, zvars, names   # names: taken, not for witnesses
        self.inverses: list[tuple[str, Expr]] = []   # (w, t): w is t⁻¹

    def mentions(self, e: Expr) -> bool:
        return any((x.op == "var" and x.value in self.zvars) or (x.op == "ascribe" and _modulus(x.args[1]) is not None)
                   for x in e.walk())

    def prop(self, e: Expr) -> Expr:
        if e.op in ("and", "or", "imp", "iff", "not"):
            return e.with_args(*(self.prop(a) for a in e.args))
        if not self.mentions(e):
            return e
        if e.op in ("eq", "ne"):
            a, b = (self.term(x) for x in e.args)
            n = _num(self.n)
            if e.op == "eq" and e.args[0].op == "var" and e.args[0].value in self.zvars:
                out = Expr("eq", (e.args[0], Expr("mod", (_int(b), n))))
            elif e.op == "eq" and e.args[1].op == "var" and e.args[1].value in self.zvars:
                out = Expr("eq", (e.args[1], Expr("mod", (_int(a), n))))
            else:
                out = Expr("eq", (Expr("mod", (_int(Expr("sub", (a, b))), n)), _num(0)))
            return Expr("not", (out,)) if e.op == "ne" else out
        raise _refuse(e, f"{e.op} over ZMod {self.n}")

    def term(self, e: Expr) -> Expr:
        op = e.op
        if op in ("num", "var"):
            return e
        if op == "ascribe":
            m = _modulus(e.args[1])
            if m is None:
                if self.mentions(e.args[0]):
                    raise _refuse(e, "a ZMod term cast out of ZMod")
                return e
            if m != self.n:
                raise _refuse(e, f"ZMod {m} next to ZMod {self.n}")
            return self.term(e.args[0])
        if op in ("add", "sub", "mul", "neg"):
            return e.with_args(*(self.term(a) for a in e.args))
        if op == "pow":
            if self.mentions(e.args[1]):
                raise _refuse(e, "a ZMod exponent")
            return e.with_args(self.term(e.args[0]), e.args[1])
        if op == "inv":
            return self.inverse(self.term(e.args[0]), e)
        if op == "div":
            return Expr("mul", (self.term(e.args[0]), self.inverse(self.term(e.args[1]), e)))
        if not self.mentions(e):
            return e  # an ℕ or ℤ term, cast
        raise _refuse(e, f"{op} on ZMod {self.n}")

    def inverse(self, t: Expr, where: Expr) -> Expr:
        if not isprime(self.n):
            raise _refuse(where, f"⁻¹ in ZMod {self.n} (not a field)")
        from prover.decide.evaluate import Evaluator, NotEvaluable
        from prover.syntax.elaborate import Elaborator
        try:
            v = Evaluator().term(Elaborator({}).term(_int(t)))
            if isinstance(v, int):
                return _num(pow(v, -1, self.n) if v % self.n else 0)
        except (NotEvaluable, TypeError, ValueError, LeanSyntaxError):
            pass  # not closed: a witness
        w = f"inv_{len(self.inverses)}"
        while w in self.names:
            w += "_"
        self.names.add(w)
        self.inverses.append((w, t))
        return Expr("var", value=w)

    def inverse_definition(self, w: str, t: Expr) -> Expr:
        n, wv = _num(self.n), Expr("var", value=w)
        unit = Expr("eq", (Expr("mod", (_int(Expr("sub", (Expr("mul", (t, wv)), _num(1)))), n)), _num(0)))
        zero = Expr("and", (Expr("eq", (Expr("mod", (_int(t), n)), _num(0))), Expr("eq", (wv, _num(0)))))
        return Expr("and", (_range(w, self.n), Expr("or", (unit, zero))))


def _range(name: str, n: int) -> Expr:
    v = Expr("var", value=name)
    return Expr("and", (Expr("le", (_num(0), v)), Expr("lt", (v, _num(n)))))


def translate(raw: RawTheorem) -> RawTheorem:
    """The ℤ statement equivalent to a statement over `ZMod n`; others are returned as they are."""
    moduli = {_modulus(b.type) for b in raw.binders} | {_modulus(x.args[1]) for b in raw.binders
                                                         for x in b.type.walk() if x.op == "ascribe"}
    moduli |= {_modulus(x.args[1]) for x in raw.goal.walk() if x.op == "ascribe"}
    moduli.discard(None)
    if not moduli:
        return raw
    for x in [raw.goal] + [b.type for b in raw.binders]:
        for node in x.walk():
            if node.op in ("forall", "exists", "exists_unique") and node.value[1] is not None \
                    and _modulus(node.value[1]) is not None:
                raise _refuse(node, "a quantifier over ZMod")
    if len(moduli) > 1:
        raise UnsupportedSyntax(f"ZMod: several moduli {sorted(moduli)}")
    n = moduli.pop()
    if not 1 <= n <= MAX_MODULUS:
        raise UnsupportedSyntax(f"ZMod {n}")
    taken = {name for b in raw.binders for name in b.names}
    taken |= {x.value for e in [raw.goal] + [b.type for b in raw.binders] for x in e.walk() if x.op == "var"}
    tr = _Translation(n, {name for b in raw.binders if _modulus(b.type) is not None for name in b.names}, taken)
    binders: list[Binder] = []
    for b in raw.binders:
        if _modulus(b.type) is not None:
            binders.append(Binder(b.names, Expr("type", value=INT), b.pos))
            binders += [Binder((f"{name}_range",), _range(name, n), b.pos) for name in b.names]
        elif any(x.op == "app" and x.value == "ZMod" for x in b.type.walk()) and _modulus(b.type) is None \
                and not any(x.op == "ascribe" for x in b.type.walk()):
            raise _refuse(b.type, "a type built on ZMod")
        elif tr.mentions(b.type):
            binders.append(Binder(b.names, tr.prop(b.type), b.pos))
        else:
            binders.append(b)
    goal = tr.prop(raw.goal)
    # Variables first, then each inverse witness with the hypothesis that determines it, then
    # the hypotheses (which may mention the witnesses).
    from prover.syntax.elaborate import to_type
    variables = [b for b in binders if to_type(b.type) is not None]
    hypotheses = [b for b in binders if to_type(b.type) is None]
    witnesses = [Binder((w,), Expr("type", value=INT)) for w, _ in tr.inverses]
    definitions = [Binder((f"{w}_def",), tr.inverse_definition(w, t)) for w, t in tr.inverses]
    return RawTheorem(raw.name, tuple(variables + witnesses + definitions + hypotheses), goal)


__all__ = ["translate"]
