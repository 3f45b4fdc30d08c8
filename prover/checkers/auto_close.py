"""The closings Lean runs by itself after `rw` and `use`, modelled conservatively.

- `rw [rules] (at h)?` is `rewrite [rules] (at h)?; try (with_reducible rfl)` (Lean core): after
  rewriting, the main goal is closed when `rfl` proves it at reducible transparency.
- `use e` (`Mathlib/Tactic/Use.lean`) runs `try with_reducible use_discharger` on each remaining
  Prop goal; `use_discharger` tries, with backtracking, `apply exists_prop.mpr <;> use_discharger`,
  `apply And.intro <;> use_discharger` (all conjuncts or nothing), `rfl`, `assumption` and
  `apply True.intro`.

Each question has three answers: True (Lean surely closes the goal), False (surely not) and
None (we cannot tell: definitional unfolding at reducible transparency, ℕ literal arithmetic
`2 + 2 = 4`, casts, `≤` by its `@[refl]` lemma, ...). The checker refuses a step whose answer is
None: a script written for the wrong answer is refused by Lean ("no goals" or an unsolved goal).

"False" rests on two facts. `rfl` proves only statements true for every value of their free
variables, so an equation that evaluates differently at some sample point is never closed by it.
Over ℤ and ℝ, reducible unfolding stops at opaque operations (`Int.add`, `Int.mul`, `Int.sub`,
... are plain definitions; ℝ's `+`, `*`, `-x`, `x⁻¹` are irreducible), so two arithmetic terms
built from numerals, variables, `+ - * / ^` and `-x` are reducibly defeq only when they agree as
trees once the instances that may unfold (ℝ's `a - b` as `a + -b`, `a / b` as `a * b⁻¹`) are
unfolded; both choices are tried (Mathlib's own test `use 1, 2, 3; rfl` on `a + b + c = 6` over
ℤ shows closed arithmetic is not closed there).
"""

from __future__ import annotations

from fractions import Fraction
from itertools import product

from prover.syntax.ast import INT, NAT, PROP, RAT, REAL, Expr, alpha_equal, canonical, free_vars, substitute

_SAMPLES = {NAT: (0, 1, 2, 3, 5, 7), INT: (0, 1, -1, 2, -3, 5),
            RAT: (0, 1, -1, Fraction(1, 2), -3, Fraction(5, 3)),
            REAL: (0, 1, -1, Fraction(1, 2), -3, Fraction(5, 3))}
_OPAQUE_TYPES = (INT, REAL)   # arithmetic stops at opaque operations under reducible unfolding
_NEVER_RFL = ("and", "or", "not", "ne", "exists", "false",   # no `@[refl]` relation at their head;
              "forall", "imp")   # a Π-type is no relation application (`applyRfl` fails on it)


def _assignments(names: list[str], context: dict) -> list[dict] | None:
    if any(context.get(n) not in _SAMPLES for n in names):
        return None
    if not names:
        return [{}]
    rows = []
    for k in range(len(_SAMPLES[NAT])):   # a few deterministic mixes of the sample values
        rows.append({n: _SAMPLES[context[n]][(k + 2 * i) % len(_SAMPLES[NAT])] for i, n in enumerate(names)})
    return rows


def _numeral(v, ty) -> Expr:
    v = Fraction(v)
    n = Expr("num", value=abs(v.numerator), ty=ty)
    if v.denominator != 1:
        n = Expr("div", (n, Expr("num", value=v.denominator, ty=ty)), ty=ty)
    return Expr("neg", (n,), ty=ty) if v < 0 else n


def sometimes_differ(a: Expr, b: Expr, context: dict) -> bool:
    """Do `a` and `b` (terms or propositions) take different values at a sample assignment of
    their free variables (exact evaluation under Lean's semantics)? False when unsure."""
    from prover.kernel.evaluate import NotEvaluable, holds, value
    names = sorted(free_vars(a) | free_vars(b))
    rows = _assignments(names, context)
    if rows is None:
        return False
    for row in rows:
        x, y = a, b
        for n, v in row.items():
            x, y = substitute(x, n, _numeral(v, context[n])), substitute(y, n, _numeral(v, context[n]))
        try:
            if x.ty == PROP:
                if holds(x) != holds(y):
                    return True
            elif value(x) != value(y):
                return True
        except (NotEvaluable, ZeroDivisionError, OverflowError, ValueError, TypeError):
            continue
    return False


def _skeleton(e: Expr, unfold_sub: bool, unfold_div: bool) -> Expr | None:
    """`e` with the reducible unfoldings chosen; None outside the opaque arithmetic fragment.
    A cast (`↑n`) is kept as a leaf: it may unfold to a numeral's own form (`(5 : ℝ)` is
    `Nat.cast 5` through `instOfNat`), so `_apart` never separates it from a cast or a numeral."""
    op = e.op
    if op == "var":
        return e
    if op == "cast":
        return Expr("cast", value=e.value, ty=e.ty)
    if op in ("sum", "prod"):
        return _big_operator_skeleton(e, lambda x: _skeleton(x, unfold_sub, unfold_div))
    if op == "num":
        return e if isinstance(e.value, int) and e.value >= 0 else None
    if op == "pow":
        base = _skeleton(e.args[0], unfold_sub, unfold_div)
        if base is not None and e.args[1].ty == REAL and e.ty == REAL:
            # `x ^ (y : ℝ)` is `Real.rpow x y` through instances only (`Real.instPow`): an
            # irreducible definition, so an opaque head over base and exponent, never `Monoid.npow`
            exponent = _skeleton(e.args[1], unfold_sub, unfold_div)
            return None if exponent is None else Expr("call", (base, exponent), value="Real.rpow", ty=e.ty)
        if base is None or e.args[1].ty != NAT:
            return None
        return Expr("pow", (base, e.args[1]), ty=e.ty)   # `Monoid.npow`: opaque; the exponent in ℕ
    if op in ("add", "sub", "mul", "div", "neg"):
        args = [_skeleton(x, unfold_sub, unfold_div) for x in e.args]
        if any(x is None for x in args):
            return None
        if op == "sub" and unfold_sub:
            return Expr("add", (args[0], Expr("neg", (args[1],), ty=e.ty)), ty=e.ty)
        if op == "div" and unfold_div:
            return Expr("mul", (args[0], Expr("inv", (args[1],), ty=e.ty)), ty=e.ty)
        return Expr(op, tuple(args), ty=e.ty)
    if e.args and isinstance(e.value, str) and (
            (op == "call" and e.value.startswith(OPAQUE_FUNCTIONS)) or op == "apply"):
        # `Real.sin`, `Real.exp`, …: plain (not `@[reducible]`) definitions, and local function
        # variables: `with_reducible` never unfolds them, so an application is an opaque head
        # over its arguments.
        args = [_skeleton(x, unfold_sub, unfold_div) for x in e.args]
        return None if any(x is None for x in args) else Expr(op, tuple(args), value=e.value, ty=e.ty)
    return None


OPAQUE_FUNCTIONS = ("Real.",)


def _big_operator_skeleton(e: Expr, inner) -> Expr | None:
    """`∑ x ∈ Finset.range t, f x` (`Finset.sum`, a plain definition: an opaque head under
    reducible unfolding) over its range and body; the terms compared are α-canonical
    (`canonical`), so bound names at the same depth agree."""
    s, body = e.args
    if s.op != "set" or s.value != "Finset.range":
        return None
    bound, b = _nat_normal(s.args[0]), inner(body)
    if bound is None or b is None:
        return None
    return Expr(e.op, (bound, b), value=e.value, ty=e.ty)


# ℕ under `with_reducible` (Lean's `Meta.isDefEq` at reducible transparency, instances unfolded):
# `Nat.add`, `Nat.mul`, `Nat.sub`, `Nat.div`, `Nat.mod`, `Nat.pow`, `Nat.factorial`,
# `Nat.choose` and `Finset.sum` are plain definitions, never unfolded there, so two applications
# with different heads are apart and equal heads need equal arguments. What the check does see
# through is literal arithmetic (`Nat.reduceBinNatOp`, `evalNat`: closed subterms are evaluated
# here) and offsets (`isDefEqOffsetNat`: `e + 2 =?= e' + 1 + 1`; literal addends are gathered
# here into `c + k`). An operation with a literal 0 operand (`x * 0`, `x ^ 0`, `x - 0`) is
# outside the model (None): nothing is claimed about it.
_NAT_OPAQUE_CALLS = ("Nat.factorial", "Nat.choose")


def _nat_normal(e: Expr) -> Expr | None:
    """The ℕ term as reducible defeq can at most identify it (see above); None outside."""
    from prover.kernel.evaluate import NotEvaluable, value
    if e.ty != NAT:
        return None
    if e.op == "num":
        return e if isinstance(e.value, int) and e.value >= 0 else None
    if e.op == "var":
        return e
    if not free_vars(e):
        try:
            v = value(e)
        except (NotEvaluable, ZeroDivisionError, OverflowError, ValueError, TypeError, RecursionError):
            return None
        return Expr("num", value=v, ty=NAT) if isinstance(v, int) and v >= 0 else None
    if e.op in ("sum", "prod"):
        return _big_operator_skeleton(e, _nat_normal)
    if e.op == "call" and e.value in _NAT_OPAQUE_CALLS and all(a.ty == NAT for a in e.args):
        args = [_nat_normal(a) for a in e.args]
        return None if any(a is None for a in args) else Expr("call", tuple(args), value=e.value, ty=NAT)
    if e.op not in ("add", "mul", "sub", "div", "mod", "pow") or len(e.args) != 2:
        return None
    a, b = (_nat_normal(x) for x in e.args)
    if a is None or b is None:
        return None
    if any(x.op == "num" and x.value == 0 for x in (a, b)):
        return None   # `x * 0`, `x ^ 0`, `x + 0`, `0 - x`, …: outside the model
    if e.op == "add" and b.op == "num":   # an offset `c + k`
        if a.op == "add" and a.args[1].op == "num":
            return Expr("add", (a.args[0], Expr("num", value=a.args[1].value + b.value, ty=NAT)), ty=NAT)
        return Expr("add", (a, b), ty=NAT)
    return Expr(e.op, (a, b), ty=NAT)


def _offset(x: Expr) -> tuple[Expr | None, int]:
    if x.op == "num":
        return None, x.value
    if x.op == "add" and x.args[1].op == "num":
        return x.args[0], x.args[1].value
    return x, 0


def nat_apart(x: Expr, y: Expr) -> bool:
    """Two normal forms (`_nat_normal`) that reducible defeq surely never identifies: a literal
    against a term with a variable, different offsets, different opaque heads or variables, or
    equal heads with some arguments apart."""
    cx, kx = _offset(x)
    cy, ky = _offset(y)
    if cx is None or cy is None:
        return not (cx is None and cy is None and kx == ky)
    if kx != ky:
        return True   # `c + k =?= c' + k'` needs `c =?= c' + (k' - k)`: a core is no offset
    if cx.op != cy.op:
        return True
    if cx.op == "var":
        return cx.value != cy.value
    if cx.op == "call" and cx.value != cy.value:
        return True
    return any(nat_apart(a, b) for a, b in zip(cx.args, cy.args))


def surely_apart(a: Expr, b: Expr, context: dict) -> bool:
    """Are the terms `a` and `b` surely not definitionally equal at reducible transparency
    (so neither `with_reducible rfl` nor `rw`'s `kabstract` identifies them)?"""
    if a.ty != b.ty:
        return True
    return _surely_not_defeq(a, b, a.ty, context)


def _surely_not_defeq(a: Expr, b: Expr, ty, context: dict) -> bool:
    if sometimes_differ(a, b, context):
        return True
    a, b = canonical(a), canonical(b)
    if ty == NAT:
        x, y = _nat_normal(a), _nat_normal(b)
        return x is not None and y is not None and nat_apart(x, y)
    if ty not in _OPAQUE_TYPES:
        return False
    choices = ((False, False),) if ty == INT else tuple(product((False, True), repeat=2))
    for unfold_sub, unfold_div in choices:
        x, y = _skeleton(a, unfold_sub, unfold_div), _skeleton(b, unfold_sub, unfold_div)
        if x is None or y is None or not _apart(x, y, context):
            return False
    return True


def _apart(x: Expr, y: Expr, context: dict) -> bool:
    """Two skeletons (trees of variables, numerals and opaque operations) that are surely not
    definitionally equal: different heads, different numerals, or some argument pair apart
    (an opaque head never unfolds, so equal applications need equal arguments)."""
    if x.ty == NAT and y.ty == NAT:
        nx, ny = _nat_normal(x), _nat_normal(y)
        return nx is not None and ny is not None and nat_apart(nx, ny)
    if "cast" in (x.op, y.op):   # a cast may unfold to a numeral's form or to another cast
        return not {x.op, y.op} <= {"cast", "num"}
    if x.op != y.op:
        return True
    if x.op == "var":
        return x.value != y.value
    if x.op in ("sum", "prod"):
        return _apart(x.args[0], y.args[0], context) or _apart(x.args[1], y.args[1], context)
    if x.op == "num":
        return x.value != y.value
    if x.op in ("call", "apply") and x.value != y.value:
        return True
    if x.op == "pow":
        n, m = x.args[1], y.args[1]
        exponent_apart = not alpha_equal(n, m) and (sometimes_differ(n, m, context) or _apart(n, m, context))
        return exponent_apart or _apart(x.args[0], y.args[0], context)
    return any(_apart(a, b, context) for a, b in zip(x.args, y.args))


def rfl_closes(target: Expr, context: dict) -> bool | None:
    """Does `with_reducible rfl` close `target`? (`Eq.refl`, `Iff.refl`, `@[refl]` lemmas.)"""
    op = target.op
    if op in _NEVER_RFL:
        return False
    if op in ("eq", "iff"):
        a, b = target.args
        if alpha_equal(a, b):
            return True
        if {a.op, b.op} & {"sum", "prod", "card"} and {a.op, b.op} & {"num"}:
            return False   # `Finset.sum`/`prod`/`card` are not reducible: whnfR never meets the numeral
        return False if _surely_not_defeq(a, b, target.value, context) else None
    if op in ("le", "ge", "dvd") and len(target.args) == 2:   # `le_refl`, `dvd_refl` are `@[refl]`: need a ≡ b
        a, b = target.args
        return False if _surely_not_defeq(a, b, target.value, context) else None
    if op in ("lt", "gt"):   # `Nat.lt`, `Int.lt`, ℝ's `<` are not reducible and carry no refl lemma
        return False
    if len(target.args) == 2 and target.args[0].ty != PROP and sometimes_differ(target, Expr("true", ty=PROP), context):
        return False   # a relation false somewhere is never proved by a reflexivity lemma
    return None


def _reducible_form(p: Expr) -> Expr:
    """`a ≥ b` is `b ≤ a`, `a > b` is `b < a`, `a ≠ b` is `¬ a = b` (reducible definitions)."""
    if p.op in ("ge", "gt"):
        return Expr("le" if p.op == "ge" else "lt", (p.args[1], p.args[0]), value=p.value, ty=p.ty)
    if p.op == "ne":
        return Expr("not", (Expr("eq", p.args, value=p.value, ty=PROP),), ty=PROP)
    return p


_FAMILIES = {"eq": "eq", "le": "le", "lt": "lt", "and": "and", "or": "or", "iff": "iff", "exists": "exists",
             "dvd": "dvd", "true": "true", "false": "false", "not": "pi", "imp": "pi", "forall": "pi"}


def _rigid_mismatch(a: Expr, b: Expr) -> bool:
    """Heads that reducible unfolding never turns into one another (in reducible form), or the
    same relation over different types."""
    fa, fb = _FAMILIES.get(a.op), _FAMILIES.get(b.op)
    if fa is None or fb is None:
        return False
    if fa != fb:
        return True
    return fa in ("eq", "le", "lt", "dvd") and a.value != b.value


def assumption_closes(target: Expr, hypotheses, context: dict) -> tuple[bool | None, str | None]:
    """Does `with_reducible assumption` close `target`? Returns the verdict and the hypothesis."""
    t = _reducible_form(target)
    unsure = False
    for name, h in hypotheses:
        r = _reducible_form(h)
        if alpha_equal(r, t):
            return True, name
        if _rigid_mismatch(r, t):
            continue
        if not sometimes_differ(h, target, context):
            unsure = True
    return (None if unsure else False), None


def use_discharges(target: Expr, hypotheses, context: dict) -> tuple[bool | None, str | None]:
    """Does `try with_reducible use_discharger` close `target`? The verdict and, when it does,
    a closing tactic the kernel can check for it (`rfl`, `assumption`, `trivial`)."""
    if target.op == "true":
        return True, "trivial"
    verdicts = []
    if target.op == "exists" and target.value[1] == PROP:
        verdicts.append(None)   # `exists_prop.mpr`: not modelled
    if target.op == "and":
        parts = [use_discharges(x, hypotheses, context)[0] for x in target.args]
        if all(p is True for p in parts):
            return None, None   # closed, but by several steps: refused rather than modelled
        verdicts.append(False if any(p is False for p in parts) else None)
    r = rfl_closes(target, context)
    if r is True:
        return True, "rfl"
    verdicts.append(r)
    a, _ = assumption_closes(target, hypotheses, context)
    if a is True:
        return True, "assumption"
    verdicts.append(a)
    return (False if all(v is False for v in verdicts) else None), None


_RIGID = frozenset({"var", "num", "add", "sub", "mul", "div", "mod", "neg", "pow", "sum", "prod", "cast"})


def _rigid(e: Expr) -> bool:
    return e.op in _RIGID or (e.op == "call" and isinstance(e.value, str)
                              and (e.value.startswith(OPAQUE_FUNCTIONS) or e.value in _NAT_OPAQUE_CALLS))


def may_unify(pattern: Expr, term: Expr, params: set, context: dict) -> bool:
    """Could Lean's `isDefEq` at reducible transparency unify `pattern` (`params` are its
    metavariables) with `term`? False only when surely not: a type mismatch, a closed pattern
    part `surely_apart` from the term, ℕ offsets that cannot meet (`?n + 1` against `2 * n` or
    a literal 0: `isDefEqOffsetNat`), or different opaque heads (ℝ's `-`/`+` and `/`/`*` may
    unfold into one another; ℚ, ℂ are not modelled)."""
    if pattern.op == "var" and pattern.value in params:
        return pattern.ty == term.ty
    if pattern.ty != term.ty:
        return False
    if not (free_vars(pattern) & params):
        return not surely_apart(pattern, term, context)
    ty = pattern.ty
    if ty == NAT:
        if pattern.op == "add" and pattern.args[1].op == "num" and not free_vars(pattern.args[1]):
            k = pattern.args[1].value
            t = _nat_normal(term)
            if t is None:
                return True
            core, kt = _offset(t)
            return kt >= k   # `c + k =?= c' + k'` with k' < k needs a core to be an offset
        if term.op == "num" or (term.op == "add" and term.args[1].op == "num"):
            return True
    if pattern.op != term.op or len(pattern.args) != len(term.args) \
            or (pattern.op in ("call", "apply", "cast") and pattern.value != term.value):
        if ty not in (NAT, INT, REAL) or not (_rigid(pattern) and _rigid(term)):
            return True
        if "cast" in (pattern.op, term.op):
            return {pattern.op, term.op} <= {"cast", "num"}
        if ty == REAL and ({pattern.op, term.op} <= {"add", "sub"} or {pattern.op, term.op} <= {"mul", "div"}):
            return True
        return False
    if pattern.op in ("sum", "prod", "forall", "exists", "lambda", "setof"):
        return True   # binders: not modelled
    return all(may_unify(a, b, params, context) for a, b in zip(pattern.args, term.args))
