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

from prover.syntax.ast import INT, NAT, PROP, RAT, REAL, Expr, alpha_equal, free_vars, substitute

_SAMPLES = {NAT: (0, 1, 2, 3, 5, 7), INT: (0, 1, -1, 2, -3, 5),
            RAT: (0, 1, -1, Fraction(1, 2), -3, Fraction(5, 3)),
            REAL: (0, 1, -1, Fraction(1, 2), -3, Fraction(5, 3))}
_OPAQUE_TYPES = (INT, REAL)   # arithmetic stops at opaque operations under reducible unfolding
_NEVER_RFL = ("and", "or", "not", "ne", "exists", "false")   # no `@[refl]` relation at their head


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
    """`e` with the reducible unfoldings chosen; None outside the opaque arithmetic fragment."""
    op = e.op
    if op == "var":
        return e
    if op == "num":
        return e if isinstance(e.value, int) and e.value >= 0 else None
    if op == "pow":
        base = _skeleton(e.args[0], unfold_sub, unfold_div)
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


def _surely_not_defeq(a: Expr, b: Expr, ty, context: dict) -> bool:
    if sometimes_differ(a, b, context):
        return True
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
    if x.op != y.op:
        return True
    if x.op == "var":
        return x.value != y.value
    if x.op == "num":
        return x.value != y.value
    if x.op in ("call", "apply") and x.value != y.value:
        return True
    if x.op == "pow":
        n, m = x.args[1], y.args[1]
        exponent_apart = not alpha_equal(n, m) and sometimes_differ(n, m, context)
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
