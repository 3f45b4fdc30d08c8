"""Type elaboration: untyped `Expr` to typed `Expr`, the way Lean 4 elaborates arithmetic.

Lean elaborates a tree of `+ - * / %` (and both sides of a relation) together: the
largest number type among the leaves wins, and casts are inserted at the leaves. A
numeral with no type information is a natural number. The base of `^` belongs to the
tree, the exponent is elaborated on its own (so `x ^ 2` has a ℕ exponent, and
`x ^ (1 / 3)` means `x ^ 0`). See `shared/LEAN_SEMANTICS.md`.

>>> from prover.syntax.parser import parse_term
>>> e = elaborate_prop(parse_term("(n : ℝ) - 1 = x"), {"n": NAT, "x": REAL})
>>> e.args[0].op, e.args[0].ty, e.args[0].args[0].op
('sub', 'ℝ', 'cast')
"""

from __future__ import annotations

from dataclasses import replace
from fractions import Fraction

from prover.errors import ElaborationError, LeanSyntaxError, UnsupportedSyntax
from prover.syntax.ast import (COMPLEX, INT, INVERSE, NAT, NUMBER_TYPES, PROP, RAT, REAL, Expr, is_fin, is_function_type,
                               SubstitutionError, mark_function_equation, mark_set_equation, mark_strict_implicit,
                               substitute)
from prover.syntax.printer import show_type  # noqa: F401  (re-exported: state, lower)

# `ℝ≥0` (NNReal) exists only inside a theorem's own elaboration (`Elaborator(extended=True)`):
# `prover.syntax.lower` rewrites it to ℝ with its facts before anything else sees the goal.
NNREAL = "ℝ≥0"
_RANK = {NAT: 0, INT: 1, RAT: 2, NNREAL: 2.5, REAL: 3, COMPLEX: 4}


def _coerces(src, dst) -> bool:
    """Whether Lean has a coercion from the number type `src` to `dst` (↑): up the chain
    ℕ → ℤ → ℚ → ℝ → ℂ, and ℕ → ℝ≥0 → ℝ; none from ℤ or ℚ to ℝ≥0."""
    if src not in _RANK or dst not in _RANK or _RANK[src] >= _RANK[dst]:
        return False
    return not (dst == NNREAL and src in (INT, RAT))


_TREE_OPS = frozenset({"add", "sub", "mul", "div", "mod", "neg", "pow"})
_RELATIONS = frozenset({"eq", "ne", "lt", "le", "gt", "ge", "dvd"})

# Known functions: argument types ("poly": elaborated together, any number type) and result
# type ("same": the type of the poly arguments).
FUNCTIONS: dict[str, tuple[tuple, object]] = {
    "Real.sqrt": ((REAL,), REAL), "Real.log": ((REAL,), REAL), "Real.exp": ((REAL,), REAL),
    "Real.sin": ((REAL,), REAL), "Real.cos": ((REAL,), REAL), "Real.tan": ((REAL,), REAL),
    "Real.arctan": ((REAL,), REAL), "Real.logb": ((REAL, REAL), REAL),
    "Nat.gcd": ((NAT, NAT), NAT), "Nat.lcm": ((NAT, NAT), NAT), "Nat.factorial": ((NAT,), NAT),
    "Nat.choose": ((NAT, NAT), NAT), "Nat.sqrt": ((NAT,), NAT), "Nat.succ": ((NAT,), NAT),
    "Int.gcd": ((INT, INT), NAT), "Int.natAbs": ((INT,), NAT), "Int.toNat": ((INT,), NAT),
    "Int.floor": (("poly",), INT), "Int.ceil": (("poly",), INT), "Int.fract": (("poly",), "same"),
    "Nat.floor": (("poly",), NAT), "Nat.ceil": (("poly",), NAT),
    "abs": (("poly",), "same"), "min": (("poly", "poly"), "same"), "max": (("poly", "poly"), "same"),
    "Rat.num": ((RAT,), INT), "Rat.den": ((RAT,), NAT),
    "Nat.Prime": ((NAT,), PROP), "Even": (("poly",), PROP), "Odd": (("poly",), PROP),
    "Irrational": ((REAL,), PROP),
    "Nat.digits": ((NAT, NAT), ("List", NAT)),
    # Exact under Lean's definitions in the evaluator where it knows them; otherwise opaque
    # (an uninterpreted function of its arguments).
    "Nat.fib": ((NAT,), NAT), "Nat.totient": ((NAT,), NAT), "Nat.log": ((NAT, NAT), NAT),
    "Nat.pred": ((NAT,), NAT), "Nat.dist": ((NAT, NAT), NAT),
    "Real.sinh": ((REAL,), REAL), "Real.cosh": ((REAL,), REAL), "Real.tanh": ((REAL,), REAL),
    "Real.arcsin": ((REAL,), REAL), "Real.arccos": ((REAL,), REAL), "Real.cot": ((REAL,), REAL),
    "Int.fmod": ((INT, INT), INT), "Int.emod": ((INT, INT), INT), "Int.sign": ((INT,), INT),
    "Nat.Coprime": ((NAT, NAT), PROP),
    "Complex.re": ((COMPLEX,), REAL), "Complex.im": ((COMPLEX,), REAL), "Complex.normSq": ((COMPLEX,), REAL),
    "Complex.abs": ((COMPLEX,), REAL),
    "NNReal.sqrt": ((NNREAL,), NNREAL),
    # Opaque (uninterpreted functions of their arguments).
    "Complex.exp": ((COMPLEX,), COMPLEX),
    "List.sum": (("list",), NAT), "List.length": (("list",), NAT), "List.prod": (("list",), NAT),
}
SET_FUNCTIONS = {"Finset.range", "Finset.Icc", "Finset.Ico", "Finset.Ioc", "Finset.Ioo", "Finset.filter",
                 "Nat.divisors", "Nat.properDivisors"}
# Global names that need no `open`: fully qualified ones, root names, and notation. The parser
# writes notation (`|x|`, `√x`, `n !`, `⌊x⌋`) as a fully qualified or unwritable name ("|"), so a
# local variable of the same short name never captures it.
ALIASES = {
    "Real.sqrt": "Real.sqrt", "Nat.factorial": "Nat.factorial",
    "|": "abs", "Int.floor": "Int.floor", "Int.ceil": "Int.ceil", "Int.natAbs": "Int.natAbs",
    "Finset.card": "Finset.card", "Finset.sum": "Finset.sum", "Finset.prod": "Finset.prod",
    "Nat.Prime": "Nat.Prime",
    # `_root_.Prime p` on ℕ is `Nat.Prime p` (Nat.prime_iff); other types are refused by the ℕ argument.
    "Prime": "Nat.Prime",
}
# Short names that mean a global only under `open NAMESPACE` (the file header's `open` lines).
# Where two open namespaces both provide the name, Lean elaborates every reading and reports an
# ambiguity when more than one succeeds: see `_open_name`.
OPEN_NAMES: dict[str, dict[str, str]] = {
    "sqrt": {"Real": "Real.sqrt", "Nat": "Nat.sqrt"}, "log": {"Real": "Real.log"}, "exp": {"Real": "Real.exp"},
    "sin": {"Real": "Real.sin"}, "cos": {"Real": "Real.cos"}, "tan": {"Real": "Real.tan"},
    "logb": {"Real": "Real.logb"}, "arctan": {"Real": "Real.arctan"}, "pi": {"Real": "Real.pi"},
    "factorial": {"Nat": "Nat.factorial"}, "choose": {"Nat": "Nat.choose"}, "succ": {"Nat": "Nat.succ"},
    "digits": {"Nat": "Nat.digits"}, "divisors": {"Nat": "Nat.divisors"},
    "properDivisors": {"Nat": "Nat.properDivisors"}, "fib": {"Nat": "Nat.fib"}, "totient": {"Nat": "Nat.totient"},
    "floor": {"Int": "Int.floor", "Nat": "Nat.floor"}, "ceil": {"Int": "Int.ceil", "Nat": "Nat.ceil"},
    "natAbs": {"Int": "Int.natAbs"}, "toNat": {"Int": "Int.toNat"},
    "φ": {"Nat": "Nat.totient"}, "sinh": {"Real": "Real.sinh"}, "cosh": {"Real": "Real.cosh"},
    "arcsin": {"Real": "Real.arcsin"}, "arccos": {"Real": "Real.arccos"}, "Coprime": {"Nat": "Nat.Coprime"},
    "gcd": {"Nat": "Nat.gcd"}, "lcm": {"Nat": "Nat.lcm"},
}


def _fresh_for(e: Expr, base: str) -> str:
    used = {n.value for n in e.walk() if n.op in ("var", "app")}
    used |= {n.value[0] for n in e.walk() if isinstance(n.value, tuple) and n.value and isinstance(n.value[0], str)}
    k = 0
    while f"{base}{k}" in used:
        k += 1
    return f"{base}{k}"


def _unfold_order(rel_in: str, rel_out: str, arity_two: bool = True):
    """`StrictMono f := ∀ a b, a < b → f a < f b` and its kin, unfolded by definition."""
    def unfold(e: Expr) -> Expr:
        if len(e.args) != 1:
            raise _unsupported(e, f"{e.value} with {len(e.args)} arguments")
        f = e.args[0]
        a, b = _fresh_for(e, "a"), _fresh_for(e, "b")
        if a == b:
            b = b + "'"
        va, vb = Expr("var", value=a, pos=e.pos), Expr("var", value=b, pos=e.pos)
        fa, fb = _apply_raw(f, va, e), _apply_raw(f, vb, e)
        body = Expr("imp", (Expr(rel_in, (va, vb), pos=e.pos), Expr(rel_out, (fa, fb), pos=e.pos)), pos=e.pos)
        return Expr("forall", (Expr("forall", (body,), value=(b, None), pos=e.pos),), value=(a, None), pos=e.pos)
    return unfold


def _apply_raw(f: Expr, x: Expr, where: Expr) -> Expr:
    if f.op == "compose":
        # (g ∘ f) x = g (f x)  (Function.comp_apply, by definition)
        return _apply_raw(f.args[0], _apply_raw(f.args[1], x, where), where)
    if f.op == "var":
        return Expr("app", (x,), value=f.value, pos=where.pos)
    if f.op == "lambda":
        return _substituted(f.args[0], f.value[0], x, where)
    raise _unsupported(where, f"{where.value} of a compound function")


def _injective(e: Expr) -> Expr:
    if len(e.args) != 1:
        raise _unsupported(e, f"{e.value} with {len(e.args)} arguments")
    f = e.args[0]
    a, b = _fresh_for(e, "a"), _fresh_for(e, "b")
    va, vb = Expr("var", value=a), Expr("var", value=b)
    body = Expr("imp", (Expr("eq", (_apply_raw(f, va, e), _apply_raw(f, vb, e))), Expr("eq", (va, vb))), pos=e.pos)
    return Expr("forall", (Expr("forall", (body,), value=(b, None)),), value=(a, None), pos=e.pos)


def _surjective(e: Expr) -> Expr:
    if len(e.args) != 1:
        raise _unsupported(e, f"{e.value} with {len(e.args)} arguments")
    f = e.args[0]
    a, b = _fresh_for(e, "a"), _fresh_for(e, "b")
    va, vb = Expr("var", value=a), Expr("var", value=b)
    body = Expr("exists", (Expr("eq", (_apply_raw(f, va, e), vb)),), value=(a, None))
    return Expr("forall", (body,), value=(b, None), pos=e.pos)


_FUNCTION_PREDICATES = {
    "StrictMono": _unfold_order("lt", "lt"), "Monotone": _unfold_order("le", "le"),
    "StrictAnti": _unfold_order("lt", "gt"), "Antitone": _unfold_order("le", "ge"),
    "Function.Injective": _injective, "Function.Surjective": _surjective,
    "Function.Bijective": lambda e: Expr("and", (_injective(e), _surjective(e)), pos=e.pos),
}


MAX_ITE = 6


def _lift_ite(e: Expr) -> Expr | None:
    """`R (if c then a else b)` is `(c → R a) ∧ (¬c → R b)` (by cases on `c`): the first `if`
    not under a binder is lifted out of an atomic proposition."""
    def find(x: Expr):
        if x.op == "ite":
            return x
        if x.op in ("forall", "exists", "exists_unique", "lambda", "sum", "prod", "setof"):
            return None
        for a in x.args:
            found = find(a)
            if found is not None:
                return found
        return None
    found = None
    for a in e.args:
        found = find(a)
        if found is not None:
            break
    if found is None:
        return None

    def swap(x: Expr, branch: Expr) -> Expr:
        if x is found:
            return branch
        if not x.args:
            return x
        return x.with_args(*(swap(a, branch) for a in x.args))
    c, a, b = found.args
    return Expr("and", (Expr("imp", (c, swap(e, a)), pos=e.pos),
                        Expr("imp", (Expr("not", (c,), pos=e.pos), swap(e, b)), pos=e.pos)), pos=e.pos)
# The namespaces the default header (`prover.state.DEFAULT_HEADER`) opens.
DEFAULT_OPENS = frozenset({"BigOperators", "Real", "Nat", "Topology", "Rat"})
_PROJECTIONS = {"den": "Rat.den", "num": "Rat.num", "card": "Finset.card", "divisors": "Nat.divisors",
                "sum": "List.sum", "length": "List.length", "prod": "List.prod", "digits": "Nat.digits",
                "properDivisors": "Nat.properDivisors", "natAbs": "Int.natAbs", "toNat": "Int.toNat",
                "succ": "Nat.succ", "factorial": "Nat.factorial"}
_SET_INTERVALS = {"Set.Icc": ("le", "le"), "Set.Ico": ("le", "lt"), "Set.Ioc": ("lt", "le"), "Set.Ioo": ("lt", "lt"),
                  "Set.Ici": ("le", None), "Set.Ioi": ("lt", None), "Set.Iic": (None, "le"), "Set.Iio": (None, "lt")}
# Predicates of one function, opaque (uninterpreted propositions of their argument): their
# definitions (limits, summability) are beyond the checker; never unfolded or guessed.
OPAQUE_FUNCTION_PREDICATES = frozenset({"Continuous", "Summable", "Differentiable", "CauchySeq"})
# Functions whose Mathlib instances need a ring (`Neg`): `|x|`, `Int.floor` (FloorRing), …
_NOT_ON_NNREAL = frozenset({"abs", "Int.floor", "Int.ceil", "Int.fract"})
_KNOWN_UNSUPPORTED = ("Filter.", "ZMod", "Equiv", "Function.", "List.Pairwise", "Fintype", "NNReal",
                      "Polynomial", "Complex.exp", "deriv", "Set.", "Matrix", "Irrational")


class UnknownIdentifier(ElaborationError):
    """A name neither bound nor global. In a theorem's signature Lean 4 (`autoImplicit`, on by
    default) binds it as an implicit variable: see `prover.state.load_theorem`."""

    def __init__(self, name: str, message: str, line=None, column=None):
        self.name = name
        super().__init__(message, line, column)


def _unknown(e: Expr, name: str, message: str) -> UnknownIdentifier:
    line, col = e.pos if e.pos else (None, None)
    return UnknownIdentifier(name, message, line, col)


def _fail(e: Expr, message: str) -> ElaborationError:
    line, col = e.pos if e.pos else (None, None)
    return ElaborationError(message, line, col)


def _substituted(body: Expr, name: str, value: Expr, where: Expr) -> Expr:
    """`substitute`, its refusal (a term put where `name` is applied as a function) positioned
    at `where`."""
    try:
        return substitute(body, name, value)
    except SubstitutionError as err:
        raise _unsupported(where, err.construct) from None


def _unsupported(e: Expr, construct: str) -> UnsupportedSyntax:
    line, col = e.pos if e.pos else (None, None)
    return UnsupportedSyntax(construct, line, col)


_ASCII_TYPES = {"R": REAL, "Q": RAT, "Z": INT, "N": NAT, "C": COMPLEX}


def to_type(e: Expr, ascii_types: bool = False, extended: bool = False):
    """Read a type expression (`ℝ`, `ℕ → ℝ`, `Finset ℕ`); None when `e` is not a type.

    The ASCII letters R, Q, Z, N, C are read as ℝ, ℚ, ℤ, ℕ, ℂ only with `ascii_types` (bare
    propositions typed by users). In a Lean declaration `R` is a type variable (autoImplicit:
    an arbitrary type), so there it is refused by name."""
    if e.op == "type":
        if not isinstance(e.value, str):
            return e.value   # a type already read (a function's domain, re-quantified)
        if e.value in ("NNReal", "ℝ≥0"):
            if extended:
                return NNREAL
            raise _unsupported(e, "type NNReal")
        if e.value.startswith(("Type", "Sort")):
            raise _unsupported(e, f"a type variable ({e.value})")
        return e.value
    if e.op == "var" and e.value in _ASCII_TYPES:
        if not ascii_types:
            raise _unsupported(e, f"type variable {e.value}")
        return _ASCII_TYPES[e.value]
    if e.op == "imp":
        dom, cod = to_type(e.args[0], ascii_types, extended), to_type(e.args[1], ascii_types, extended)
        if dom is None or cod is None:
            return None
        if is_function_type(cod):
            return ("→", (dom,) + cod[1], cod[2])
        return ("→", (dom,), cod)
    if e.op == "app" and e.value == "Equiv" and len(e.args) == 2:
        a, b = to_type(e.args[0], ascii_types), to_type(e.args[1], ascii_types)
        return ("Equiv", a, b) if a is not None and b is not None else None
    if e.op == "app" and e.value in ("Finset", "Set") and len(e.args) == 1:
        inner = to_type(e.args[0], ascii_types)
        return (e.value, inner) if inner is not None else None
    if extended and e.op == "app" and e.value == "Fin" and len(e.args) == 1:
        n = e.args[0]
        if n.op == "num" and isinstance(n.value, int):
            return ("Fin", Expr("num", value=n.value, ty=NAT))
        if n.op == "var" and isinstance(n.value, str) and "." not in n.value:
            return ("Fin", Expr("var", value=n.value, ty=NAT))
        raise _unsupported(e, "Fin of a compound size")
    if e.op in ("app", "var") and isinstance(e.value, str) and e.value.split(".")[0] in ("ZMod", "Equiv", "Polynomial"):
        raise _unsupported(e, f"type {e.value}")
    return None


def default_type(demands) -> object:
    """The type unification gives a name from its demands `(type, strong)`: the first strong
    one; else ℤ when a weak one came from a tree with a negation (Lean's default instance
    `Neg ℤ` has priority over `OfNat ℕ`); else ℕ (the numerals' default instance)."""
    strong = [t for t, is_strong in demands if is_strong]
    if strong:
        return strong[0]
    return INT if any(t == INT for t, _ in demands) else NAT


class _NoCommonType(Exception):
    pass


def join(t1, t2):
    """The larger of two number types (ℕ < ℤ < ℚ < ℝ < ℂ, ℕ < ℝ≥0 < ℝ); ℤ or ℚ with ℝ≥0 have
    none (no coercion either way: Lean's `binop%` fails to unify them)."""
    if NNREAL in (t1, t2) and {t1, t2} & {INT, RAT}:
        raise _NoCommonType(f"no common type for {t1} and {t2} (no coercion between ℤ/ℚ and ℝ≥0)")
    return t1 if _RANK[t1] >= _RANK[t2] else t2


class Elaborator:
    """Elaborates terms in a context of typed variables (theorem binders and bound names).

    A bound variable whose type Lean would infer by unification (`∀ x, f x = ...`) is
    elaborated twice: first with a flexible type that records what the context demands,
    then with the type found (ℕ when nothing demands more, as Lean defaults numerals).
    """

    def __init__(self, ctx: dict[str, object], opens=DEFAULT_OPENS, trial: bool = False, ascii_types: bool = False,
                 extended: bool = False):
        self.ctx = dict(ctx)
        for n, ty in ctx.items():   # `σ.1`/`σ.2` (toFun/invFun) of an equivalence, as `load_theorem` binds them
            if isinstance(ty, tuple) and len(ty) == 3 and ty[0] == "Equiv":
                self.ctx.setdefault(f"{n}.1", ("→", (ty[1],), ty[2]))
                self.ctx.setdefault(f"{n}.2", ("→", (ty[2],), ty[1]))
        self.opens = frozenset(opens)
        # A trial elaboration only collects type demands on names being inferred: a tree that
        # nothing types yet is postponed (as Lean postpones numerals' default instances), not failed.
        self.trial = trial
        self.ascii_types = ascii_types   # R/Q/Z/N/C as ℝ/ℚ/ℤ/ℕ/ℂ (bare propositions only)
        # ℝ≥0 and `Fin n` (a theorem's own statement, lowered by `prover.syntax.lower` after).
        self.extended = extended
        self.demands: dict[str, list] = {}
        self.postponed: set[str] = set()   # names whose field notation waited for their type
        self._demand_is_strong = True

    # -- propositions -------------------------------------------------------------------
    def prop(self, e: Expr) -> Expr:
        op = e.op
        if op not in ("and", "or", "imp", "iff", "not", "forall", "exists", "exists_unique"):
            if sum(1 for n in e.walk() if n.op == "ite") > MAX_ITE:
                # Lifting copies the proposition once per branch: bounded, not exponential.
                raise _unsupported(e, f"more than {MAX_ITE} `if … then … else` in one proposition")
            lifted = _lift_ite(e)
            if lifted is not None:
                return self.prop(lifted)
        if op == "ite":
            c, a, b = e.args
            return self.prop(Expr("and", (Expr("imp", (c, a), pos=e.pos),
                                          Expr("imp", (Expr("not", (c,), pos=e.pos), b), pos=e.pos)), pos=e.pos))
        if op in ("eq", "ne") and any(side.op == "tuple" for side in e.args):
            return self._tuple_equation(e)
        if op in ("eq", "ne", "le", "ge", "lt", "gt") and (self._is_function(e.args[0]) or
                                                          self._is_function(e.args[1])):
            return self._function_relation(e)
        if op in ("var", "proj", "app_expr") and (method := self._method_call(e)) is not None:
            return self.prop(method)
        if self.trial and self._postponed_field(e):
            self.postponed.add(self._field_receiver(e))
            # `p.Prime` with p's type not yet known: Lean postpones field notation on a
            # metavariable type (elaborated once later uses fix it); the trial goes on.
            return Expr("true", ty=PROP, pos=e.pos)
        if op in ("and", "or", "imp", "iff"):
            return Expr(op, (self.prop(e.args[0]), self.prop(e.args[1])), ty=PROP, pos=e.pos)
        if op == "not":
            return Expr("not", (self.prop(e.args[0]),), ty=PROP, pos=e.pos)
        if op in ("forall", "exists", "exists_unique"):
            return self._quantifier(e)
        if op in _RELATIONS:
            if any(self._is_set(side) for side in e.args):
                if op not in ("eq", "ne"):
                    raise _unsupported(e, "order on sets")
                return self._set_equation(e)
            return self._relation(e)
        if op in ("mem", "not_mem"):
            inner = self._membership(e.args[0], e.args[1], e)
            return Expr("not", (inner,), ty=PROP, pos=e.pos) if op == "not_mem" else inner
        if op == "var" and e.value in ("True", "False"):
            return Expr(e.value.lower(), ty=PROP, pos=e.pos)
        if op == "app":
            return self._predicate(e)
        if op == "var" and self.ctx.get(e.value) == PROP:
            # A propositional variable: an opaque proposition (a predicate of no arguments).
            return Expr("apply", (), value=e.value, ty=PROP, pos=e.pos)
        raise _fail(e, f"expected a proposition, found {describe(e)}")

    def _quantifier(self, e: Expr) -> Expr:
        name, ty_expr = e.value
        ty = self._declared_type(name, ty_expr) if ty_expr is not None else self._infer_binder(name, e.args[0])
        body = self._with(name, ty, lambda: self.prop(e.args[0]))
        return Expr(e.op, (body,), value=(name, ty), ty=PROP, pos=e.pos)

    def _trial(self, name: str) -> Elaborator:
        """An elaborator for a trial run with `name` bound and its type unknown: its `demands`
        say what the uses of `name` require (Lean's unification across the body)."""
        return Elaborator({**self.ctx, name: None}, self.opens, trial=True, ascii_types=self.ascii_types,
                          extended=self.extended)

    def _term_demands(self, name: str, body: Expr, expected) -> list:
        """What elaborating the term `body` demands of the type of `name` (errors of the trial
        are ignored: the real elaboration reports them)."""
        trial = self._trial(name)
        try:
            trial.term(body, expected)
        except LeanSyntaxError:
            pass
        return trial.demands.get(name, [])

    def _binder_over(self, lam: Expr, elem) -> None:
        """A `fun x : T => …` given a Finset's elements: Lean elaborates T and the set at one
        element type; a different T is a type mismatch (or, with a numeral-only set such as
        `Finset.Icc 1 5`, the set taken at T, which is not modelled): refused either way."""
        if len(lam.value) > 1 and lam.value[1] is not None:
            declared = self._declared_type(lam.value[0], lam.value[1])
            if declared != elem:
                raise _unsupported(lam, f"a binder {lam.value[0]} : {declared} over a Finset of {elem} "
                                        "(a type mismatch in Lean, or the set read at the binder's type)")

    def _declared_type(self, name: str, ty_expr: Expr):
        ty = to_type(ty_expr, self.ascii_types, self.extended)
        if ty is None:
            raise _fail(ty_expr, f"expected a type for {name}")
        return ty

    def _infer_binder(self, name: str, body: Expr):
        trial = self._trial(name)
        trial.prop(body)
        found = trial.demands.get(name, [])
        if name in trial.postponed and not found:
            raise _fail(body, f"invalid field notation: the type of {name} is not known (no use fixes it)")
        return default_type(found)

    def _with(self, name, ty, thunk):
        if (isinstance(ty, tuple) and ty and ty[0] == "Equiv") or self.ctx.get(f"{name}.1") is not None:
            # `σ.1`/`σ.2` name the context's equivalence by a string: a bound equivalence, or a
            # binder shadowing one, would be read as the outer σ's fields
            raise UnsupportedSyntax(f"a bound variable {name} of an Equiv type, or shadowing one, is not modelled")
        saved = self.ctx.get(name, _MISSING)
        self.ctx[name] = ty
        try:
            return thunk()
        finally:
            if saved is _MISSING:
                del self.ctx[name]
            else:
                self.ctx[name] = saved

    def _relation(self, e: Expr) -> Expr:
        lhs, rhs, ty = self._tree_pair(e.args[0], e.args[1])
        if ty == COMPLEX and e.op in ("lt", "le", "gt", "ge"):
            # Mathlib's order on ℂ is the scoped instance `ComplexOrder` (z ≤ w ↔ re ≤ re ∧ im = im):
            # without `open ComplexOrder` Lean fails to synthesize it; with it, it is not modelled
            if "ComplexOrder" in self.opens:
                raise _unsupported(e, "the order on ℂ (ComplexOrder)")
            raise _fail(e, f"failed to synthesize {'LT' if e.op in ('lt', 'gt') else 'LE'} ℂ")
        return Expr(e.op, (lhs, rhs), value=ty, ty=PROP, pos=e.pos)

    def _global(self, e: Expr, name: str):
        """The global constant a name denotes, once no local of that name exists: itself, its
        alias, or the reading an `open` namespace gives it. Returns a tuple of candidates when
        two open namespaces provide it (Lean tries each; see `_disambiguate`)."""
        if name in ALIASES:
            return ALIASES[name]
        table = OPEN_NAMES.get(name)
        if table is None:
            return name
        found = tuple(g for ns, g in table.items() if ns in self.opens)
        if not found:
            raise _unknown(e, name, f"unknown identifier '{name}' (no `open` line provides it)")
        return found[0] if len(found) == 1 else found

    def _disambiguate(self, e: Expr, candidates: tuple) -> str:
        """Lean elaborates an ambiguous name once per reading and fails with "ambiguous,
        possible interpretations" when more than one succeeds. A reading with a ℕ parameter
        fails on an argument of a larger type (no coercion goes down); a real or polymorphic
        one accepts every number type."""
        if len(e.args) != 1:
            raise _fail(e, f"ambiguous, possible interpretations: {', '.join(candidates)}")
        arg = self._leaf(e.args[0], None) if e.args[0].op not in _TREE_OPS else self._tree_or_none(e.args[0])
        ok = [c for c in candidates
              if FUNCTIONS.get(c, ((None,), None))[0][0] != NAT or arg is None or arg.ty == NAT]
        if len(ok) != 1:
            raise _fail(e, f"ambiguous, possible interpretations: {', '.join(candidates)}")
        return ok[0]

    def _resolve_call(self, e: Expr) -> str:
        if e.value == "‖" and len(e.args) == 1:
            # `‖x‖`: the norm, `Complex.abs` on ℂ (Complex.norm_eq_abs) and `|x|` on ℝ (Real.norm_eq_abs).
            ty = self._definite_type(e.args[0])
            if ty == COMPLEX:
                return "Complex.abs"
            if ty == REAL:
                return "abs"
            raise _unsupported(e, f"norm ‖·‖ on {ty if ty is not None else 'an undetermined type'}")
        name = self._global(e, e.value)
        return self._disambiguate(e, name) if isinstance(name, tuple) else name

    # -- Lean-faithful desugarings ---------------------------------------------------------
    def _tuple_equation(self, e: Expr) -> Expr:
        """`(a, b) = (c, d)` is `a = c ∧ b = d` (Prod.mk.injEq); each component pair must have
        one type, as the two `Prod` types must unify."""
        lhs, rhs = e.args
        if lhs.op != "tuple" or rhs.op != "tuple" or len(lhs.args) != len(rhs.args):
            raise _unsupported(e, "equation between a tuple and a non-tuple")
        parts = []
        for a, b in zip(lhs.args, rhs.args):
            ta, tb = self._definite_type(a), self._definite_type(b)
            if ta is not None and tb is not None and ta != tb:
                raise _fail(e, f"type mismatch in a tuple: {ta} and {tb}")
            parts.append(self._relation(Expr("eq", (a, b), pos=e.pos)))
        out = parts[-1]
        for p in reversed(parts[:-1]):
            out = Expr("and", (p, out), ty=PROP, pos=e.pos)
        return Expr("not", (out,), ty=PROP, pos=e.pos) if e.op == "ne" else out

    def _definite_type(self, e: Expr):
        try:
            typed = self._leaf(e, None) if e.op not in _TREE_OPS else self._tree_or_none(e)
        except LeanSyntaxError:
            return None
        return typed.ty if typed is not None else None

    def _at(self, side: Expr, v: Expr, where: Expr) -> Expr:
        if side.op == "num":
            return side
        if side.op == "var" and self._is_function(side):
            return Expr("app", (v,), value=side.value, pos=where.pos)
        if side.op == "lambda":
            return _substituted(side.args[0], side.value[0], v, where)
        raise _unsupported(where, "order between a function and a non-function")

    def _is_set(self, e: Expr) -> bool:
        if e.op in ("setof", "image", "preimage"):
            return True
        if e.op == "ascribe" and e.args[0].op == "set_literal":
            ty = to_type(e.args[1])
            return isinstance(ty, tuple) and ty[0] in ("Set", "Finset")
        if e.op == "app" and (e.value in _SET_INTERVALS or e.value == "Set.range" or e.value in SET_FUNCTIONS) \
                and e.value not in self.ctx:
            return True
        return e.op == "var" and isinstance(self.ctx.get(e.value), tuple) and self.ctx[e.value][0] in ("Set", "Finset")

    def _set_element_type(self, e: Expr):
        if e.op == "app" and e.value in SET_FUNCTIONS and e.value not in self.ctx:
            return self.set_expr(e)[1]
        if e.op == "var":
            return self.ctx[e.value][1]
        if e.op == "setof" and e.value[1] is not None:
            return to_type(e.value[1])
        if e.op == "ascribe":
            return to_type(e.args[1])[1]
        return None

    def _set_equation(self, e: Expr) -> Expr:
        """`A = B` for sets is `∀ x, x ∈ A ↔ x ∈ B` (Set.ext_iff, Finset.ext_iff)."""
        a, b = e.args
        if not (self._is_set(a) or a.op == "set_literal") or not (self._is_set(b) or b.op == "set_literal"):
            raise _unsupported(e, "equality of a set and a non-set")
        types = {t for t in (self._set_element_type(a), self._set_element_type(b)) if t is not None}
        if len(types) > 1:
            raise _fail(e, "sets of different element types")
        x = _fresh_for(e, "x")
        vx = Expr("var", value=x, pos=e.pos)
        body = Expr("iff", (Expr("mem", (vx, a), pos=e.pos), Expr("mem", (vx, b), pos=e.pos)), pos=e.pos)
        ty = Expr("type", value=next(iter(types))) if types else None
        out = mark_set_equation(self.prop(Expr("forall", (body,), value=(x, ty), pos=e.pos)), self._set_family(a, b))
        return Expr("not", (out,), ty=PROP, pos=e.pos) if e.op == "ne" else out

    def _set_family(self, a: Expr, b: Expr) -> str:
        """The `@[ext]` lemma `ext` uses: "Finset.ext" when a side is a `Finset` and none is a
        `Set` (a Finset beside a Set is coerced to it, `Finset.coe`), else "Set.ext"."""
        kinds = set()
        for side in (a, b):
            ty = None
            if side.op == "var":
                ty = self.ctx.get(side.value)
            elif side.op == "ascribe":
                ty = to_type(side.args[1])
            elif side.op == "app" and side.value in SET_FUNCTIONS and side.value not in self.ctx:
                ty = ("Finset",)
            elif side.op in ("setof", "image", "preimage") or side.op == "app" and side.value not in self.ctx:
                ty = ("Set",)
            if isinstance(ty, tuple) and ty and ty[0] in ("Set", "Finset"):
                kinds.add(ty[0])
        return "Finset.ext" if kinds == {"Finset"} else "Set.ext"

    def _is_function(self, e: Expr) -> bool:
        if e.op == "lambda":
            return True
        return e.op == "var" and is_function_type(self.ctx.get(e.value)) and self.ctx[e.value][2] != PROP

    def _function_relation(self, e: Expr) -> Expr:
        """`f = fun x => t` is `∀ x, f x = t` (funext), `f = g` is `∀ x, f x = g x`; `f ≤ g` is
        `∀ x, f x ≤ g x` (Pi.le_def); `f < g` is `f ≤ g ∧ ¬g ≤ f` (Preorder's default `lt`)."""
        lhs, rhs = e.args
        fun = lhs if lhs.op == "var" and self._is_function(lhs) else rhs
        if not (fun.op == "var" and self._is_function(fun)):
            raise _unsupported(e, "equation between functions")
        if e.op in ("lt", "gt"):
            # f < g unfolds to `f ≤ g ∧ ¬g ≤ f` (Pi.preorder keeps Preorder's default `lt`);
            # `Pi.lt_def` (`… ∧ ∃ i, f i < g i`) is a theorem, not what constructor/obtain see.
            small, big = (lhs, rhs) if e.op == "lt" else (rhs, lhs)
            if len(self.ctx[fun.value][1]) != 1:
                raise _unsupported(e, "order on functions of several arguments")
            le = Expr("le", (small, big), pos=e.pos)
            back = Expr("le", (big, small), pos=e.pos)
            return self.prop(Expr("and", (le, Expr("not", (back,), pos=e.pos)), pos=e.pos))
        dom = self.ctx[fun.value][1]
        names = []
        taken = {n.value for n in e.walk() if n.op in ("var", "app")}
        taken |= {n.value[0] for n in e.walk() if isinstance(n.value, tuple) and n.value and isinstance(n.value[0], str)}
        for i in range(len(dom)):
            k = 0
            while f"x{k}" in taken:
                k += 1
            names.append(f"x{k}")
            taken.add(f"x{k}")
        vars_ = [Expr("var", value=n, pos=e.pos) for n in names]

        def applied(side: Expr) -> Expr:
            if side.op == "num" and e.op in ("le", "ge"):
                return side   # a numeral is the constant function (Pi.le_def)
            if side.op == "lambda":
                body, rest = side, list(vars_)
                while body.op == "lambda" and rest:
                    bname, bty = body.value
                    v = rest.pop(0)
                    if bty is not None and to_type(bty) != dom[len(vars_) - len(rest) - 1]:
                        raise _fail(side, "type mismatch between a function and a lambda")
                    body = _substituted(body.args[0], bname, v, side)
                if rest:
                    raise _unsupported(side, "lambda with fewer binders than the function's arguments")
                return body
            if side.op == "var" and self._is_function(side):
                if self.ctx[side.value] != self.ctx[fun.value]:
                    raise _fail(side, "functions of different types")
                return Expr("app", tuple(vars_), value=side.value, pos=e.pos)
            raise _unsupported(side, "a function compared with a non-function")

        rel = Expr("eq" if e.op == "ne" else e.op, (applied(lhs), applied(rhs)), pos=e.pos)
        body: Expr = rel
        for n, t in reversed(list(zip(names, dom))):
            body = Expr("forall", (body,), value=(n, Expr("type", value=t)), pos=e.pos)
        if e.op in ("eq", "ne"):   # an `Eq` of functions, not a Π-type (`prover.syntax.ast.FUNEXT`)
            out = mark_function_equation(self.prop(body))
            return Expr("not", (out,), ty=PROP, pos=e.pos) if e.op == "ne" else out
        return self.prop(body)

    def _method_call(self, e: Expr, extra: tuple = ()) -> Expr | None:
        """Dot notation `x.f a` on a term of a known type `T` is `T.f x a` (the receiver is the
        first explicit argument of our functions): `p.Prime`, `n.choose k`, `(a + b).gcd c`."""
        if e.op == "app_expr" and e.args[0].op in ("proj", "var"):
            return self._method_call(e.args[0], tuple(e.args[1:]) + extra)
        if e.op == "var" and isinstance(e.value, str) and "." in e.value and e.value not in self.ctx:
            head, *fields = e.value.split(".")
            if head not in self.ctx:
                return None
            recv: Expr = Expr("var", value=head, pos=e.pos)
            for f in fields[:-1]:
                recv = Expr("proj", (recv,), value=f, pos=e.pos)
            e = Expr("proj", (recv,), value=fields[-1], pos=e.pos)
        if e.op != "proj":
            return None
        recv, field = e.args[0], e.value
        if field.isdigit():
            return None
        ty = self._receiver_type(recv)
        ns = {NAT: "Nat", INT: "Int", REAL: "Real", RAT: "Rat", COMPLEX: "Complex", NNREAL: "NNReal"}.get(ty)
        if isinstance(ty, tuple) and ty[0] == "Finset":
            ns = "Finset"
        if ns is None:
            return None
        full = f"{ns}.{field}"
        if full not in FUNCTIONS and full not in SET_FUNCTIONS and full not in _FUNCTION_PREDICATES \
                and full not in ("Finset.card",):
            return None
        return Expr("app", (recv,) + extra, value=full, pos=e.pos)

    def _postponed_field(self, e: Expr) -> bool:
        """Field notation whose receiver is a name being inferred (`p.Prime`, `p.gcd q`)."""
        name = self._field_receiver(e)
        return name is not None and name in self.ctx and self.ctx[name] is None

    @staticmethod
    def _field_receiver(e: Expr):
        while e.op in ("proj", "app_expr"):
            e = e.args[0]
        if e.op == "var" and isinstance(e.value, str):
            return e.value.split(".")[0]
        return None

    def _receiver_type(self, recv: Expr):
        if recv.op == "num":
            return NAT if isinstance(recv.value, int) else None   # `(6).choose 2`: the numeral's default
        if recv.op == "var" and isinstance(self.ctx.get(recv.value), tuple):
            return self.ctx[recv.value]
        return self._definite_type(recv)

    def _predicate(self, e: Expr) -> Expr:
        if e.value in self.ctx:
            # A local name always wins over a global of the same short name (`Prime`, `Even`).
            fty = self.ctx[e.value]
            if is_function_type(fty) and fty[2] == PROP:
                # An opaque predicate: an uninterpreted function of its arguments.
                dom = fty[1]
                if len(e.args) != len(dom):
                    raise _unsupported(e, f"partial or over-application of {e.value}")
                args = tuple(self._argument(a, t) for a, t in zip(e.args, dom))
                return Expr("apply", args, value=e.value, ty=PROP, pos=e.pos)
            raise _fail(e, f"expected a proposition, found {describe(e)}")
        name = self._resolve_call(e)
        if name in _FUNCTION_PREDICATES:
            return self.prop(_FUNCTION_PREDICATES[name](e))
        if name == "Nat.Coprime" and len(e.args) == 2:
            # Nat.Coprime m n := Nat.gcd m n = 1
            return self.prop(Expr("eq", (Expr("app", e.args, value="Nat.gcd", pos=e.pos), Expr("num", value=1)),
                                  pos=e.pos))
        if name == "List.Pairwise" and len(e.args) == 2 and e.args[0].op == "rel_section" \
                and e.args[1].op == "list_literal":
            items = e.args[1].args
            pairs = [Expr(e.args[0].value, (items[i], items[j]), pos=e.pos)
                     for i in range(len(items)) for j in range(i + 1, len(items))]
            out = pairs[-1] if pairs else Expr("var", value="True")
            for p in reversed(pairs[:-1]):
                out = Expr("and", (p, out), pos=e.pos)
            return self.prop(out)
        if name in ("IsLeast", "IsGreatest") and len(e.args) == 2:
            s, a = e.args
            # IsLeast S a  :=  a ∈ S ∧ a ∈ lowerBounds S  =  a ∈ S ∧ ∀ ⦃x⦄, x ∈ S → a ≤ x
            # IsGreatest S a := a ∈ S ∧ a ∈ upperBounds S  =  a ∈ S ∧ ∀ ⦃x⦄, x ∈ S → x ≤ a
            fresh = _fresh_name(e, "w")
            w = Expr("var", value=fresh)
            bound = Expr("le", (a, w) if name == "IsLeast" else (w, a))
            desugared = Expr("and", (Expr("mem", (a, s), pos=e.pos),
                                     Expr("forall", (Expr("imp", (Expr("mem", (w, s)), bound)),),
                                          value=(fresh, None))), pos=e.pos)
            # marked as the definition it unfolds: `constructor`/`obtain` (whnf) take it apart,
            # simp-based tactics (norm_num, decide) do not see through `IsLeast` (no simp lemma)
            out = self.prop(desugared)
            bounds = mark_strict_implicit(out.args[1], "lowerBounds" if name == "IsLeast" else "upperBounds")
            out = replace(out, args=(out.args[0], bounds))
            return replace(out, origin=(name,) + tuple(k for k in (out.origin or ()) if k != name))
        if name in OPAQUE_FUNCTION_PREDICATES and name not in self.ctx:
            if len(e.args) != 1:
                raise _unsupported(e, f"{name} with {len(e.args)} arguments")
            return Expr("pred", (self._function_value(e.args[0], e),), value=name, ty=PROP, pos=e.pos)
        if name == "Filter.Tendsto" and len(e.args) == 3:
            return self._tendsto(e)
        if name == "Fintype" and len(e.args) == 1 and name not in self.ctx:
            # An instance `Fintype ↥S` as a hypothesis: an opaque proposition of S (that S is
            # finite, with an enumeration); what it enables is `S.toFinset`, itself opaque.
            lam, _ = self._set_predicate(e.args[0], e)
            return Expr("pred", (lam,), value="Fintype", ty=PROP, pos=e.pos)
        spec = FUNCTIONS.get(name)
        if spec is None and isinstance(name, str) and (name[:1].isupper() or "." in name):
            # A predicate we do not model (`Continuous f`, `Summable a`): named, never guessed.
            raise _unsupported(e, f"predicate {name}")
        if spec is None or spec[1] != PROP:
            self._check_known(e, name)
            raise _fail(e, f"expected a proposition, found {describe(e)}")
        if len(e.args) != len(spec[0]):
            raise _fail(e, f"{name} expects {len(spec[0])} argument(s)")
        args = self._call_args(e, spec[0])
        return Expr("pred", args, value=name, ty=PROP, pos=e.pos)

    def _function_value(self, f: Expr, where: Expr) -> Expr:
        """A function as an argument of an opaque predicate: a local function variable, or a
        `fun x : T => t` (binder type given or inferred from the body, ℕ by default)."""
        if f.op == "var" and is_function_type(self.ctx.get(f.value)) and self.ctx[f.value][2] != PROP:
            return Expr("var", value=f.value, ty=self.ctx[f.value], pos=f.pos)
        if f.op == "compose":
            inner = f.args[1]
            while inner.op == "compose":
                inner = inner.args[1]
            ity = self.ctx.get(inner.value) if inner.op == "var" else None
            if inner.op == "lambda" and inner.value[1] is not None:
                dom_expr = inner.value[1]
            elif is_function_type(ity) and len(ity[1]) == 1 and ity[1][0] in _RANK:
                dom_expr = Expr("type", value=ity[1][0])
            else:
                raise _unsupported(where, "a composition whose inner function has no known domain")
            x = _fresh_for(f, "x")
            lam = Expr("lambda", (_apply_raw(f, Expr("var", value=x, pos=f.pos), where),), value=(x, dom_expr), pos=f.pos)
            return self._function_value(lam, where)
        if f.op == "lambda" and f.args[0].op != "lambda":
            name, ty_expr = f.value
            if ty_expr is not None:
                ty = self._declared_type(name, ty_expr)
            else:
                strong = [t for t, is_strong in self._term_demands(name, f.args[0], None) if is_strong]
                if not strong:
                    # Lean: "typeclass instance problem is stuck" unless a numeral decides it.
                    raise _unsupported(f, f"the type of {name} in this fun (write `fun {name} : T => …`)")
                ty = strong[0]
            if ty not in _RANK:
                raise _unsupported(f, f"a function on {show_type(ty)}")
            body = self._with(name, ty, lambda: self.term(f.args[0], None))
            if body.ty not in _RANK:
                raise _unsupported(f, f"a function into {show_type(body.ty)}")
            return Expr("lambda", (body,), value=(name, ty), ty=("→", (ty,), body.ty), pos=f.pos)
        raise _unsupported(where, f"{where.value} of this argument")

    def _set_predicate(self, s: Expr, where: Expr) -> tuple[Expr, object]:
        """A `Set T` as its membership predicate `fun x : T => x ∈ S` (elaborated), with T:
        a preimage `f ⁻¹' S` (T the domain of f), `{x : T | p x}`, or a set variable."""
        elem = None
        if s.op == "preimage" and s.args[0].op == "var" and is_function_type(self.ctx.get(s.args[0].value)) \
                and len(self.ctx[s.args[0].value][1]) == 1:
            elem = self.ctx[s.args[0].value][1][0]
        elif s.op == "setof" and s.value[1] is not None:
            elem = to_type(s.value[1], self.ascii_types, self.extended)
        elif s.op == "var" and isinstance(self.ctx.get(s.value), tuple) and self.ctx[s.value][0] == "Set":
            elem = self.ctx[s.value][1]
        if elem not in _RANK:
            raise _unsupported(where, f"a set of this form as a type ({describe(s)})")
        # A set-builder keeps its own binder (so a printed statement reads back the same).
        x = s.value[0] if s.op == "setof" else _fresh_for(Expr("mem", (s,)), "x")
        vx = Expr("var", value=x, pos=where.pos)
        body = self._with(x, elem, lambda: self._membership(vx, s, where))
        return Expr("lambda", (body,), value=(x, elem), ty=("→", (elem,), PROP), pos=s.pos), elem

    def _tendsto(self, e: Expr) -> Expr:
        """`Filter.Tendsto f Filter.atTop (𝓝 L)`: an opaque proposition of f and L (a limit
        is never computed); other filters are refused by name."""
        f_raw, at, nhds = e.args
        if not (at.op == "var" and at.value in ("Filter.atTop", "atTop")) or not (
                nhds.op == "app" and nhds.value == "𝓝" and len(nhds.args) == 1 and "Topology" in self.opens):
            raise _unsupported(e, "Filter.Tendsto with these filters")
        f = self._function_value(f_raw, e)
        dom, cod = f.ty[1], f.ty[2]
        if len(dom) != 1 or dom[0] not in (NAT, REAL):
            raise _unsupported(e, "Filter.Tendsto of a function of this domain")
        limit = self.term(nhds.args[0], cod)
        return Expr("pred", (f, limit), value="Filter.Tendsto.atTop", ty=PROP, pos=e.pos)

    def _membership(self, x: Expr, s: Expr, where: Expr) -> Expr:
        """`x ∈ s` by its predicate (what the oracle reads), marked with the set kinds it was
        unfolded from (`Expr.origin`): Lean's omega/linarith see an opaque membership until
        `simp only [Set.mem_Icc, …]` unfolds it (the kernel reads the mark)."""
        out = self._membership_predicate(x, s, where)
        kind = self._membership_kind(s)
        if kind:
            out = replace(out, origin=kind + tuple(k for k in (out.origin or ()) if k not in kind))
        return out

    def _is_finset(self, s: Expr) -> bool:
        """`s` is written as a Finset: a `Finset.…` constructor, a local of a Finset type, a
        Finset ascription, or a difference of such."""
        if s.op == "app" and isinstance(s.value, str) and s.value.startswith("Finset."):
            return True
        if s.op == "var":
            ty = self.ctx.get(s.value)
            return isinstance(ty, tuple) and bool(ty) and ty[0] == "Finset"
        if s.op == "ascribe":
            ty = to_type(s.args[1])
            return isinstance(ty, tuple) and bool(ty) and ty[0] == "Finset"
        if s.op == "sdiff":
            return any(self._is_finset(a) for a in s.args)
        return False

    def _membership_kind(self, s: Expr) -> tuple[str, ...]:
        if s.op in ("preimage", "image"):
            return ("Set." + s.op,)
        if s.op == "sdiff":
            # `x ∈ s \ t` is `x ∈ s ∧ x ∉ t` by definition for a Set; for a Finset it is a
            # Multiset membership (`Finset.mem_sdiff` is a theorem)
            return ("Finset.sdiff",) if self._is_finset(s.args[0]) or self._is_finset(s.args[1]) else ("Set.diff",)
        if s.op == "setof":
            return ("setOf",)
        if s.op in ("set_literal", "ascribe"):
            lit = s if s.op == "set_literal" else s.args[0]
            if lit.op != "set_literal":
                return ()
            ty = to_type(s.args[1]) if s.op == "ascribe" else None
            family = "Finset" if isinstance(ty, tuple) and ty[0] == "Finset" else "Set"
            return (f"{family}.singleton",) if len(lit.args) == 1 else (f"{family}.insert", f"{family}.singleton")
        if s.op == "app" and s.value not in self.ctx and (s.value in _SET_INTERVALS or s.value == "Set.range"):
            return (s.value,)
        return ()

    def _membership_predicate(self, x: Expr, s: Expr, where: Expr) -> Expr:
        if s.op == "preimage":
            # x ∈ f ⁻¹' S  ↔  f x ∈ S (Set.mem_preimage)
            return self._membership(_apply_raw(s.args[0], x, where), s.args[1], where)
        if s.op == "image":
            # y ∈ f '' S  ↔  ∃ x, x ∈ S ∧ f x = y (Set.mem_image)
            f, inner = s.args
            fty = self.ctx.get(f.value) if f.op == "var" else None
            w = _fresh_for(Expr("mem", (x, s)), "w")
            vw = Expr("var", value=w, pos=where.pos)
            ty = Expr("type", value=fty[1][0]) if is_function_type(fty) and len(fty[1]) == 1 else None
            body = Expr("and", (Expr("mem", (vw, inner), pos=where.pos), Expr("eq", (_apply_raw(f, vw, where), x),
                                                                            pos=where.pos)), pos=where.pos)
            return self.prop(Expr("exists", (body,), value=(w, ty), pos=where.pos))
        if s.op == "ascribe" and s.args[0].op == "set_literal":
            ty = to_type(s.args[1])
            if isinstance(ty, tuple) and ty[0] in ("Set", "Finset") and ty[1] in _RANK:
                items = tuple(Expr("ascribe", (item, Expr("type", value=ty[1])), pos=item.pos) for item in s.args[0].args)
                return self._membership_predicate(Expr("ascribe", (x, Expr("type", value=ty[1])), pos=x.pos),
                                                  Expr("set_literal", items, pos=s.pos), where)
        if s.op == "app" and s.value in _SET_INTERVALS and s.value not in self.ctx:
            # `x ∈ Set.Icc a b` is `a ≤ x ∧ x ≤ b` (Set.mem_Icc); x and the bounds share a type.
            lows, highs = _SET_INTERVALS[s.value]
            if len(s.args) != (lows is not None) + (highs is not None):
                raise _fail(s, f"{s.value} expects {(lows is not None) + (highs is not None)} argument(s)")
            typed = self._tree([x, *s.args], None)
            tx, bounds = typed[0], list(typed[1:])
            xd = self._definite_type(x)
            if xd is not None and xd != tx.ty:
                raise _fail(where, f"{describe(x)} has type {xd}, the set has elements of type {tx.ty}")
            parts = []
            if lows is not None:
                parts.append(Expr(lows, (bounds.pop(0), tx), value=tx.ty, ty=PROP, pos=where.pos))
            if highs is not None:
                parts.append(Expr(highs, (tx, bounds.pop(0)), value=tx.ty, ty=PROP, pos=where.pos))
            return parts[0] if len(parts) == 1 else Expr("and", tuple(parts), ty=PROP, pos=where.pos)
        if s.op == "app" and s.value == "Set.range" and len(s.args) == 1 and s.value not in self.ctx:
            # y ∈ Set.range f  ↔  ∃ a, f a = y (Set.mem_range)
            f = s.args[0]
            fty = self.ctx.get(f.value) if f.op == "var" else None
            if f.op == "lambda" and f.value[1] is not None:
                dom = f.value[1]
            elif is_function_type(fty) and len(fty[1]) == 1 and not is_fin(fty[1][0]):
                dom = Expr("type", value=fty[1][0])
            else:
                raise _unsupported(s, "Set.range of this function")
            w = _fresh_for(Expr("mem", (x, s)), "w")
            vw = Expr("var", value=w, pos=where.pos)
            body = Expr("eq", (_apply_raw(f, vw, where), x), pos=where.pos)
            return self.prop(Expr("exists", (body,), value=(w, dom), pos=where.pos))
        if s.op == "app" and s.value not in self.ctx and len(s.args) == 2 and self._resolve_call(s) == "Nat.digits":
            # `d ∈ Nat.digits b n` (List.Mem): an opaque proposition of d, b, n.
            return Expr("mem", (self.term(x, NAT), self._list_arg(s)), ty=PROP, pos=where.pos)
        if s.op == "sdiff":
            return Expr("and", (self._membership(x, s.args[0], where),
                                Expr("not", (self._membership(x, s.args[1], where),), ty=PROP)), ty=PROP)
        if s.op == "set_literal":
            options = [self._relation(Expr("eq", (x, item), pos=where.pos)) for item in s.args]
            out = options[-1]
            for o in reversed(options[:-1]):
                out = Expr("or", (o, out), ty=PROP)
            return out
        if s.op == "setof":
            name, ty_expr = s.value
            value = x if ty_expr is None else Expr("ascribe", (x, ty_expr), pos=x.pos)
            return self.prop(_substituted(s.args[0], name, value, s))
        sset, elem = self.set_expr(s)
        xe = self.term(x, elem)
        return Expr("mem", (xe, sset), ty=PROP, pos=where.pos)

    # -- sets ---------------------------------------------------------------------------
    def set_expr(self, e: Expr) -> tuple[Expr, object]:
        """Elaborate a finite set; returns (typed expression, element type)."""
        if e.op == "var":
            e = self._resolve_dotted(e)
        if e.op == "var":
            ty = self.ctx.get(e.value)
            if isinstance(ty, tuple) and ty[0] in ("Finset", "Set"):
                return e.with_type(ty), ty[1]
            raise _fail(e, f"expected a set, found {describe(e)}")
        if (e.op == "proj" and e.value == "toFinset") or (e.op == "app" and e.value == "Set.toFinset"
                                                          and len(e.args) == 1 and e.value not in self.ctx):
            # `S.toFinset` (with a `Fintype ↥S` instance): an opaque finite set, by S's predicate.
            lam, elem = self._set_predicate(e.args[0], e)
            return Expr("set", (lam,), value="Set.toFinset", ty=("Finset", elem), pos=e.pos), elem
        if e.op == "proj":
            field = _PROJECTIONS.get(e.value)
            if field in SET_FUNCTIONS:
                return self.set_expr(Expr("app", e.args, value=field, pos=e.pos))
        if e.op == "app":
            name = e.value if e.value in self.ctx else self._resolve_call(e)
            if name in ("Finset.range",):
                n = self.term(e.args[0], NAT)
                return Expr("set", (n,), value=name, ty=("Finset", NAT), pos=e.pos), NAT
            if name in ("Finset.Icc", "Finset.Ico", "Finset.Ioc", "Finset.Ioo") and len(e.args) == 2:
                a, b, ty = self._tree_pair(e.args[0], e.args[1])
                return Expr("set", (a, b), value=name, ty=("Finset", ty), pos=e.pos), ty
            if name in ("Nat.divisors", "Nat.properDivisors"):
                n = self.term(e.args[0], NAT)
                return Expr("set", (n,), value=name, ty=("Finset", NAT), pos=e.pos), NAT
            if name == "Finset.filter" and len(e.args) == 2:
                inner, elem = self.set_expr(e.args[1])
                pred = e.args[0]
                if pred.op != "lambda":
                    raise _unsupported(pred, "Finset.filter with a non-lambda predicate")
                bname = pred.value[0]
                self._binder_over(pred, elem)
                body = self._with(bname, elem, lambda: self.prop(pred.args[0]))
                lam = Expr("lambda", (body,), value=(bname, elem), ty=PROP)
                return Expr("set", (lam, inner), value=name, ty=("Finset", elem), pos=e.pos), elem
        if e.op == "set_literal":
            elems = self._tree(list(e.args), None)
            ty = elems[0].ty
            return Expr("set", tuple(elems), value="literal", ty=("Finset", ty), pos=e.pos), ty
        self._check_known(e, e.value if isinstance(e.value, str) else e.op)
        raise _unsupported(e, f"set expression {describe(e)}")

    # -- terms --------------------------------------------------------------------------
    def term(self, e: Expr, expected=None) -> Expr:
        """Elaborate a term, with an optional expected number type."""
        if e.op in _TREE_OPS:
            return self._tree([e], expected)[0]
        typed = self._leaf(e, expected)
        if typed is None:
            return self._tree([e], expected)[0]
        if expected is not None and typed.ty != expected:
            if is_fin(typed.ty) and expected == NAT and typed.op == "var":
                return typed.with_type(NAT)   # `(i : ℕ)` is `Fin.val i`: the index itself
            if _coerces(typed.ty, expected):
                return Expr("cast", (typed,), value=expected, ty=expected, pos=e.pos)
            if typed.ty != expected:
                raise _fail(e, f"type mismatch: {describe(e)} has type {typed.ty}, expected {expected}")
        return typed

    def _tree_pair(self, a: Expr, b: Expr):
        a2, b2 = self._tree([a, b], None)
        return a2, b2, a2.ty

    def _tree(self, roots: list[Expr], expected) -> list[Expr]:
        leaves: list[Expr] = []
        for r in roots:
            self._collect_leaves(r, leaves)
        definite = {}
        for leaf in leaves:
            typed = self._leaf(leaf, None)
            if typed is not None:
                if typed.ty not in _RANK:
                    if len(leaves) == 1 and len(roots) == 1:
                        return [typed]
                    raise _fail(leaf, f"{describe(leaf)} has type {show_type(typed.ty)}, not a number")
                definite[id(leaf)] = typed
        types = [t.ty for t in definite.values()]
        strong = bool(types) or expected is not None
        if expected is not None:
            if expected not in _RANK:
                raise _fail(roots[0], f"expected {show_type(expected)}, found a number")
            types.append(expected)
        target = NAT
        if not strong and any(n.op == "neg" for r in roots for n in _tree_nodes(r)):
            # Nothing types this tree: Lean's default instances decide, and `Neg ℤ` (priority
            # mid) fires before `OfNat ℕ` (priority low): `-2 + 3 = 1` and `x > -6` with an
            # auto-bound x are read in ℤ (`#check -42 : Int`).
            target = INT
        try:
            for t in types:
                target = join(target, t)
        except _NoCommonType as err:
            raise _fail(roots[0], str(err)) from None
        if expected is not None and target != expected:
            raise _fail(roots[0], f"type mismatch: a term of type {target} where {expected} is expected")
        saved, self._demand_is_strong = self._demand_is_strong, strong
        try:
            return [self._rebuild(r, definite, target) for r in roots]
        except ElaborationError:
            if self.trial and not strong:
                # Nothing types this tree yet: Lean postpones it; a later use may type its names.
                return [Expr("num", value=0, ty=target, pos=r.pos) for r in roots]
            raise
        finally:
            self._demand_is_strong = saved

    def _collect_leaves(self, e: Expr, out: list):
        if e.op in ("add", "sub", "mul", "div", "mod"):
            self._collect_leaves(e.args[0], out)
            self._collect_leaves(e.args[1], out)
        elif e.op == "neg":
            self._collect_leaves(e.args[0], out)
        elif e.op == "pow":
            self._collect_leaves(e.args[0], out)
        else:
            out.append(e)

    def _rebuild(self, e: Expr, definite: dict, target) -> Expr:
        if e.op == "mod" and target == NNREAL:
            raise _fail(e, "% on ℝ≥0 (NNReal has no Mod instance)")
        if e.op in ("add", "sub", "mul", "div", "mod"):
            return Expr(e.op, (self._rebuild(e.args[0], definite, target), self._rebuild(e.args[1], definite, target)),
                        ty=target, pos=e.pos)
        if e.op == "neg":
            if target == NAT:
                raise _fail(e, "negation of a natural number (ℕ has no `-x`)")
            if target == NNREAL:
                raise _fail(e, "negation in ℝ≥0 (NNReal has no `-x`)")
            return Expr("neg", (self._rebuild(e.args[0], definite, target),), ty=target, pos=e.pos)
        if e.op == "pow":
            base = self._rebuild(e.args[0], definite, target)
            exponent = self.term(e.args[1], None)
            if exponent.ty not in (NAT, INT, REAL):
                raise _unsupported(e, f"power with exponent of type {exponent.ty}")
            if exponent.ty == INT and target in (NAT, INT):
                raise _fail(e, "integer power of a ℕ/ℤ base")
            if exponent.ty == REAL and target not in (REAL, NNREAL):
                raise _unsupported(e, f"real power of a {target} base")
            return Expr("pow", (base, exponent), ty=target, pos=e.pos)
        typed = definite.get(id(e))
        if typed is None:
            return self._leaf(e, target, flexible_ok=False)
        if typed.ty == target:
            return typed
        return Expr("cast", (typed,), value=target, ty=target, pos=e.pos)

    def _leaf(self, e: Expr, expected, flexible_ok: bool = True) -> Expr | None:
        """Elaborate a leaf. Returns None for a flexible leaf (numeral, `↑x`, a polymorphic
        function of flexible arguments) when no type is expected yet."""
        op = e.op
        if op == "num":
            if expected is None:
                return None
            if expected in (NAT, INT) and (e.value != int(e.value) or isinstance(e.value, Fraction)):
                # the parser keeps a decimal's value as a Fraction (`2.0` too): ℕ and ℤ have no
                # `OfScientific` instance, so Lean fails to elaborate it whatever its value
                raise _fail(e, f"decimal literal in {expected} (no OfScientific instance)")
            return Expr("num", value=e.value, ty=expected, pos=e.pos)
        if op == "pi":
            return Expr("pi", ty=REAL, pos=e.pos)
        if op == "coe":
            inner = self.term(e.args[0], None)
            if expected is None:
                return None
            if inner.ty == expected:
                return inner
            if _coerces(inner.ty, expected):
                return Expr("cast", (inner,), value=expected, ty=expected, pos=e.pos)
            raise _fail(e, f"cannot cast {inner.ty} to {expected}")
        if op == "ascribe":
            ty = to_type(e.args[1], self.ascii_types, self.extended)
            if ty is None:
                raise _fail(e.args[1], "expected a type after ':'")
            return self.term(e.args[0], ty)
        if op == "var":
            e = self._resolve_dotted(e)
            if e.op != "var":
                return self._leaf(e, expected, flexible_ok)
            name = e.value
            if name not in self.ctx:
                # A bound or local name always wins over a global of the same short name.
                if name == "Complex.I":
                    return Expr("imag_unit", ty=COMPLEX, pos=e.pos)
                if name == "Real.pi" or (name in OPEN_NAMES and self._global(e, name) == "Real.pi"):
                    return Expr("pi", ty=REAL, pos=e.pos)
                self._check_known(e, name)
                raise _unknown(e, name, f"unknown identifier '{name}'")
            ty = self.ctx[name]
            if ty is None:  # a bound name whose type is being inferred
                if expected is None:
                    return None
                self.demands.setdefault(name, []).append((expected, self._demand_is_strong))
                if self._demand_is_strong:
                    # Unification assigns the type once: later uses see it as known.
                    self.ctx[name] = expected
                return Expr("var", value=name, ty=expected, pos=e.pos)
            if is_function_type(ty):
                raise _unsupported(e, f"function {name} used without arguments")
            return Expr("var", value=name, ty=ty, pos=e.pos)
        if op == "app":
            return self._application(e, expected)
        if op == "proj":
            if e.value in ("1", "2") and e.args[0].op == "tuple":
                # `(a, b).1 = a`, `(a, b, c).2 = (b, c)` (Prod.fst, Prod.snd)
                items = e.args[0].args
                part = items[0] if e.value == "1" else (items[1] if len(items) == 2 else
                                                         Expr("tuple", items[1:], pos=e.pos))
                return self._leaf(part, expected, flexible_ok) if part.op not in _TREE_OPS else \
                    self.term(part, expected) if expected is not None else self._tree_or_none(part)
            method = self._method_call(e)
            if method is not None:
                return self._leaf(method, expected, flexible_ok)
            field = _PROJECTIONS.get(e.value)
            if field is None:
                raise _unsupported(e, f"projection .{e.value}")
            return self._leaf(Expr("app", e.args, value=field, pos=e.pos), expected, flexible_ok)
        if op in ("sum", "prod"):
            return self._big_operator(e, expected)
        if op == "inv":
            if expected is None and self._leaf_is_flexible(e.args[0]):
                return None   # `3⁻¹`: typed by the surrounding tree, like the numeral itself
            inner = self.term(e.args[0], expected)
            if inner.ty in (NAT, INT):
                raise _fail(e, f"⁻¹ on {inner.ty}")
            return Expr("div", (Expr("num", value=1, ty=inner.ty), inner), value=INVERSE, ty=inner.ty, pos=e.pos)
        if op in _TREE_OPS:
            return self._tree([e], expected)[0] if expected is not None else self._tree_or_none(e)
        if op == "setof":
            raise _unsupported(e, "set-builder notation used as a value")
        if op == "app_expr" and e.args[0].op == "proj" and e.args[0].args[0].op == "var":
            # `σ.1 x` for `σ : Equiv α β`: the load step binds `σ.1` and `σ.2` as functions.
            head = e.args[0]
            fname = f"{head.args[0].value}.{head.value}"
            base = self.ctx.get(head.args[0].value)
            if fname in self.ctx and (base is None or (isinstance(base, tuple) and base[0] == "Equiv")):
                return self._application(Expr("app", e.args[1:], value=fname, pos=e.pos), expected)
        if op == "app_expr" and e.args[0].op == "compose" and len(e.args) == 2:
            out = _apply_raw(e.args[0], e.args[1], e)
            return self._leaf(out, expected, flexible_ok) if out.op not in _TREE_OPS else \
                (self.term(out, expected) if expected is not None else self._tree_or_none(out))
        if op == "app_expr" and e.args[0].op == "lambda":
            # `(fun x => t) a` is `t[x := a]` (β-reduction).
            lam, arg = e.args[0], e.args[1]
            bname, bty = lam.value
            arg = arg if bty is None else Expr("ascribe", (arg, bty), pos=arg.pos)
            body = _substituted(lam.args[0], bname, arg, e)
            rest = e.args[2:]
            out = body if not rest else Expr("app_expr", (body,) + rest, pos=e.pos)
            return self._leaf(out, expected, flexible_ok) if out.op not in _TREE_OPS else \
                (self.term(out, expected) if expected is not None else self._tree_or_none(out))
        if op == "app_expr":
            method = self._method_call(e)
            if method is not None:
                return self._leaf(method, expected, flexible_ok)
        if op in ("app_expr",):
            raise _unsupported(e, "application of a compound expression")
        if op == "tuple":
            raise _unsupported(e, "tuple (a, b) used as a value")
        if op == "hole":
            raise _fail(e, "a hole `_` where a term is expected")
        if op in ("type",):
            raise _fail(e, f"type {e.value} used as a value")
        raise _unsupported(e, describe(e))

    def _tree_or_none(self, e: Expr) -> Expr | None:
        leaves: list = []
        self._collect_leaves(e, leaves)
        if all(self._leaf(l, None) is None for l in leaves):
            return None
        return self._tree([e], None)[0]

    def _resolve_dotted(self, e: Expr) -> Expr:
        """`x.den`, `S.card`, `x.divisors.card`: a local name followed by projections."""
        name = e.value
        if "." not in name or name in self.ctx:
            return e
        head, *fields = name.split(".")
        if head not in self.ctx:
            return e
        out = Expr("var", value=head, pos=e.pos)
        for f in fields:
            out = Expr("proj", (out,), value=f, pos=e.pos)
        return out

    def _application(self, e: Expr, expected) -> Expr | None:
        name = e.value
        if name not in self.ctx and "." in name and name.split(".")[0] in self.ctx:
            method = self._method_call(Expr("app_expr", (Expr("var", value=name, pos=e.pos),) + e.args, pos=e.pos))
            if method is not None:
                return self._leaf(method, expected)
        if name in self.ctx:
            fty = self.ctx[name]
            if not is_function_type(fty):
                raise _fail(e, f"{name} is not a function")
            dom, cod = fty[1], fty[2]
            if len(e.args) != len(dom):
                raise _unsupported(e, f"partial or over-application of {name}")
            args = tuple(self._argument(a, t) for a, t in zip(e.args, dom))
            return Expr("apply", args, value=name, ty=cod, pos=e.pos)
        if name in ("∑", "∏") and len(e.args) == 1 and e.args[0].op == "lambda":
            return self._univ_big_operator(e, expected)
        if name in ("∑'", "∏'") and len(e.args) == 1 and e.args[0].op == "lambda":
            return self._series(e, expected)
        name = self._resolve_call(e)
        if name == "Finset.card":
            s, _ = self.set_expr(e.args[0])
            return Expr("card", (s,), ty=NAT, pos=e.pos)
        if name in ("Finset.sum", "Finset.prod") and len(e.args) == 2:
            fn = e.args[1]
            bname = _fresh_name(e, "k")   # an accessible name, so the statement prints and parses back
            body = Expr("apply_expr", (fn, Expr("var", value=bname)))
            if fn.op == "lambda":
                bname, body = fn.value[0], fn.args[0]
                self._binder_over(fn, self.set_expr(e.args[0])[1])
            elif fn.op == "var":
                body = Expr("app", (Expr("var", value=bname),), value=fn.value)
            op = "sum" if name == "Finset.sum" else "prod"
            return self._big_operator(Expr(op, (e.args[0], body), value=(bname, None), pos=e.pos), expected)
        spec = FUNCTIONS.get(name)
        if spec is None:
            self._check_known(e, name)
            raise _fail(e, f"unknown function '{name}'")
        arg_types, result = spec
        if result == PROP:
            raise _fail(e, f"{name} is a proposition, used as a value")
        if name == "Nat.digits":
            raise _unsupported(e, "Nat.digits as a value (use its .sum or .length)")
        if len(e.args) != len(arg_types):
            raise _fail(e, f"{name} expects {len(arg_types)} argument(s), got {len(e.args)}")
        if result == "same":
            poly = [a for a, t in zip(e.args, arg_types) if t == "poly"]
            if expected is None and all(self._leaf_is_flexible(a) for a in poly):
                return None
            args = self._call_args(e, arg_types, expected)
            if args[0].ty == NNREAL and name in _NOT_ON_NNREAL:
                raise _fail(e, f"{name} on ℝ≥0 (NNReal has no `-x`, so no {name})")
            return Expr("call", args, value=name, ty=args[0].ty, pos=e.pos)
        args = self._call_args(e, arg_types)
        if name in _NOT_ON_NNREAL and any(a.ty == NNREAL for a in args):
            raise _fail(e, f"{name} on ℝ≥0 (it needs a ring: NNReal is only a semiring)")
        return Expr("call", args, value=name, ty=result, pos=e.pos)

    def _argument(self, a: Expr, t) -> Expr:
        """An argument of a local function at its parameter type. At `Fin n` (lowered to ℕ
        with `i < n`) only an index bound at that same `Fin n`, or a numeral k below a literal
        n, are taken (Lean reads k as `k % n`): anything else is refused, never reduced."""
        if not is_fin(t):
            return self.term(a, t)
        if a.op == "var" and self.ctx.get(a.value) == t:
            return Expr("var", value=a.value, ty=NAT, pos=a.pos)
        if a.op == "num" and isinstance(a.value, int) and t[1].op == "num" and a.value < t[1].value:
            return Expr("num", value=a.value, ty=NAT, pos=a.pos)
        raise _unsupported(a, "an argument of type Fin that is not an index of that type")

    def _univ_big_operator(self, e: Expr, expected) -> Expr | None:
        """`∑ i : Fin n, f i` and `∑ i, f i` (Finset.univ): over `Fin n` the sum over
        `Finset.range n` with i as the natural number (Fin.sum_univ_eq_sum_range); over an
        infinite type Lean has no `Fintype` instance and refuses."""
        lam = e.args[0]
        name, ty_expr = lam.value
        body_raw = lam.args[0]
        if ty_expr is not None:
            ty = to_type(ty_expr, self.ascii_types, self.extended)
            if ty is None:
                raise _fail(ty_expr, f"expected a type for {name}")
        else:
            ty = self._index_type(name, body_raw)
            if ty is None:
                raise _unsupported(e, f"a sum over Finset.univ of a type not fixed by its body")
        if ty in _RANK or is_function_type(ty):
            raise _fail(e, f"failed to synthesize Fintype {show_type(ty)} (∑ over Finset.univ of an infinite type)")
        if not is_fin(ty):
            raise _unsupported(e, f"a sum over Finset.univ of {show_type(ty)}")
        op = "sum" if e.value == "∑" else "prod"
        raw = Expr(op, (Expr("fin_range", (), value=ty),) + (body_raw,), value=(name, None), pos=e.pos)
        return self._big_operator(raw, expected, index_type=ty)

    def _index_type(self, name: str, body: Expr):
        """The type of an unannotated index: the `Fin n` domain of a local function it is
        passed to (Lean unifies the binder's type with it), when all such uses agree."""
        found = set()
        for node in body.walk():
            if node.op == "app" and node.value in self.ctx and is_function_type(self.ctx[node.value]):
                for a, t in zip(node.args, self.ctx[node.value][1]):
                    if a.op == "var" and a.value == name:
                        found.add(t)
        return found.pop() if len(found) == 1 else None

    def _series(self, e: Expr, expected) -> Expr | None:
        """`∑' n, f n` and `∏' n, f n` (tsum, tprod): an opaque term, `tsum (fun n => f n)`.
        Never evaluated: a series that is not summable has tsum 0 in Mathlib (tsum_def)."""
        lam = e.args[0]
        name, ty_expr = lam.value
        body_raw = lam.args[0]
        if ty_expr is not None:
            ty = self._declared_type(name, ty_expr)
        else:
            ty = default_type(self._term_demands(name, body_raw, expected))
        if ty not in (NAT, INT, RAT, REAL, COMPLEX):
            raise _unsupported(e, f"a series over {show_type(ty)}")
        flexible = self._with(name, ty, lambda: self._leaf_is_flexible(body_raw))
        if flexible and expected is None:
            return None
        body = self._with(name, ty, lambda: self.term(body_raw, expected))
        if body.ty not in (NAT, INT, RAT, REAL, COMPLEX):
            raise _unsupported(e, f"a series of values in {show_type(body.ty)}")
        fn = Expr("lambda", (body,), value=(name, ty), ty=("→", (ty,), body.ty), pos=e.pos)
        return Expr("call", (fn,), value="tsum" if e.value == "∑'" else "tprod", ty=body.ty, pos=e.pos)

    def _leaf_is_flexible(self, e: Expr) -> bool:
        if e.op in _TREE_OPS:
            leaves: list = []
            self._collect_leaves(e, leaves)
            return all(self._leaf(l, None) is None for l in leaves)
        return self._leaf(e, None) is None

    def _call_args(self, e: Expr, arg_types, poly_expected=None) -> tuple:
        if "list" in arg_types:
            return tuple(self._list_arg(a) if t == "list" else self.term(a, t) for a, t in zip(e.args, arg_types))
        poly = [a for a, t in zip(e.args, arg_types) if t == "poly"]
        poly_typed = iter(self._tree(poly, poly_expected) if poly else [])
        return tuple(next(poly_typed) if t == "poly" else self.term(a, t) for a, t in zip(e.args, arg_types))

    def _list_arg(self, e: Expr) -> Expr:
        """A list of naturals: `Nat.digits b n` (the only list producer modelled)."""
        if e.op == "app" and e.value not in self.ctx and len(e.args) == 2 and self._resolve_call(e) == "Nat.digits":
            args = (self.term(e.args[0], NAT), self.term(e.args[1], NAT))
            return Expr("call", args, value="Nat.digits", ty=("List", NAT), pos=e.pos)
        raise _unsupported(e, f"list expression {describe(e)}")

    def _big_operator(self, e: Expr, expected, index_type=None) -> Expr | None:
        if e.args[0].op == "fin_range":
            n = e.args[0].value[1]
            sset, elem = Expr("set", (n,), value="Finset.range", ty=("Finset", NAT), pos=e.pos), NAT
        else:
            sset, elem = self.set_expr(e.args[0])
        bname = e.value[0]
        body_raw = e.args[1]
        local = index_type if index_type is not None else elem
        flexible = self._with(bname, local, lambda: self._leaf_is_flexible(body_raw))
        if flexible and expected is None:
            return None
        body = self._with(bname, local, lambda: self.term(body_raw, expected))
        return Expr(e.op, (sset, body), value=(bname, elem), ty=body.ty, pos=e.pos)

    def _check_known(self, e: Expr, name) -> None:
        if isinstance(name, str) and name.startswith(_KNOWN_UNSUPPORTED):
            raise _unsupported(e, name)


_MISSING = object()


def _tree_nodes(e: Expr):
    """The operator nodes of one `binop%` tree (not the exponents, not inside leaves)."""
    yield e
    if e.op in ("add", "sub", "mul", "div", "mod", "neg", "inv") or (e.op == "app" and e.value in ("|", "abs", "min", "max")):
        # a polymorphic leaf (`|-3|`, `min a (-1)`, `(-2)⁻¹`) shares the tree's type
        for a in e.args:
            yield from _tree_nodes(a)
    elif e.op == "pow":
        yield from _tree_nodes(e.args[0])


def _fresh_name(e: Expr, base: str) -> str:
    """A name used nowhere in `e`, neither as a variable, a function nor a binder (so it is
    neither captured by one of e's binders nor captures one of its names)."""
    used = {n.value for n in e.walk() if n.op in ("var", "app")}
    used |= {n.value[0] for n in e.walk() if n.op in ("forall", "exists", "exists_unique", "lambda", "setof",
                                                       "sum", "prod") and isinstance(n.value, tuple)}
    i = 0
    while f"{base}{i}" in used:
        i += 1
    return f"{base}{i}"


def describe(e: Expr) -> str:
    if e.op in ("var", "app"):
        return f"'{e.value}'"
    if e.op == "num":
        return f"numeral {e.value}"
    return e.op


def elaborate_prop(e: Expr, ctx: dict[str, object]) -> Expr:
    """Elaborate a proposition in a context of typed variables."""
    return Elaborator(ctx).prop(e)


def elaborate_term(e: Expr, ctx: dict[str, object], expected=None) -> Expr:
    return Elaborator(ctx).term(e, expected)
