"""`ℝ≥0` (NNReal) and `Fin n`, lowered to ℝ and ℕ after a theorem is elaborated.

Nothing after the front end knows these types: the elaborated statement is rewritten into an
equivalent one over ℝ and ℕ, as `prover.syntax.zmod` rewrites `ZMod n` into ℤ.

- `x : ℝ≥0` becomes `x : ℝ` with the hypothesis `x_nonneg : 0 ≤ x` (NNReal.coe_nonneg);
  a function into ℝ≥0 gets `f_nonneg : ∀ a, 0 ≤ f a` (names made unique against the statement's); `∀ x : ℝ≥0, P` becomes
  `∀ x : ℝ, 0 ≤ x → P`, `∃ x : ℝ≥0, P` becomes `∃ x : ℝ, 0 ≤ x ∧ P` (and `∃!` the same).
- The operations are NNReal's own, read through the coercion to ℝ (a semiring morphism):
  `+ * / ⁻¹ ^`, numerals, `NNReal.sqrt` (NNReal.coe_sqrt) are ℝ's; subtraction is truncated,
  `a - b = max (a - b) 0` (NNReal.coe_sub_def); `↑x : ℝ` is x itself; `(n : ℝ≥0)` for n : ℕ is
  `(n : ℝ)` (NNReal.coe_natCast).
- `i : Fin n` becomes `i : ℕ` with `i_lt : i < n` (Fin.is_lt); `∀ i : Fin n` and `∃`
  are bounded the same way; a function on `Fin n` becomes one on ℕ whose values at `i ≥ n`
  are never used (the elaborator admits only indices of the same `Fin n`, or numerals below
  a literal n, as its arguments). `∑ i : Fin n, f i` was already elaborated as the sum over
  `Finset.range n` (Fin.sum_univ_eq_sum_range).

The result is equivalent to the statement, so its verdict is the statement's; a proof found is
one of the lowered statement, which Lean would need restated with the coercions.
"""

from __future__ import annotations

from prover.errors import UnsupportedSyntax
from prover.syntax.ast import NAT, PROP, REAL, Expr
from prover.syntax.elaborate import NNREAL, is_fin


def needs_lowering(ty) -> bool:
    if ty == NNREAL or is_fin(ty):
        return True
    if isinstance(ty, tuple) and ty and ty[0] == "→":
        return any(needs_lowering(t) for t in ty[1]) or needs_lowering(ty[2])
    if isinstance(ty, tuple):
        return any(needs_lowering(t) for t in ty[1:] if not isinstance(t, Expr))
    return False


def lower_type(ty):
    if ty == NNREAL:
        return REAL
    if is_fin(ty):
        return NAT
    if isinstance(ty, tuple) and ty and ty[0] == "→":
        return ("→", tuple(lower_type(t) for t in ty[1]), lower_type(ty[2]))
    if isinstance(ty, tuple):
        return (ty[0],) + tuple(lower_type(t) for t in ty[1:])
    return ty


def _nonneg(x: Expr) -> Expr:
    return Expr("le", (Expr("num", value=0, ty=REAL), x), value=REAL, ty=PROP)


def _below(i: Expr, n: Expr) -> Expr:
    return Expr("lt", (i, n), value=NAT, ty=PROP)


def _guard(name: str, ty):
    """The fact a bound value of type `ty` carries once lowered, or None."""
    v = Expr("var", value=name, ty=lower_type(ty))
    if ty == NNREAL:
        return _nonneg(v)
    if is_fin(ty):
        return _below(v, ty[1])
    return None


def lower(e: Expr) -> Expr:
    """The elaborated term or proposition with ℝ≥0 and `Fin n` lowered (see the module)."""
    op = e.op
    args = tuple(lower(a) if isinstance(a, Expr) else a for a in e.args)
    ty = lower_type(e.ty)
    if op in ("forall", "exists", "exists_unique"):
        name, bty = e.value
        guard = _guard(name, bty)
        body = args[0]
        if guard is not None:
            body = Expr("imp" if op == "forall" else "and", (guard, body), ty=PROP, pos=e.pos)
        return Expr(op, (body,), value=(name, lower_type(bty)), ty=PROP, pos=e.pos, origin=e.origin)
    if op in ("lambda", "setof", "sum", "prod"):
        name, bty = e.value
        if needs_lowering(bty):
            line, col = e.pos if e.pos else (None, None)
            raise UnsupportedSyntax(f"a binder of type {bty if isinstance(bty, str) else bty[0]} in this position",
                                    line, col)
        return Expr(op, args, value=e.value, ty=ty, pos=e.pos)
    if op == "sub" and e.ty == NNREAL:
        # NNReal.coe_sub_def: ↑(a - b) = max (↑a - ↑b) 0
        diff = Expr("sub", args, ty=REAL, pos=e.pos)
        return Expr("call", (diff, Expr("num", value=0, ty=REAL)), value="max", ty=REAL, pos=e.pos)
    if op == "cast":
        src = e.args[0].ty
        if src == NNREAL and e.value == REAL:
            return args[0]   # NNReal.coe: the value itself
        target = lower_type(e.value)
        if lower_type(src) == target:
            return args[0]
        return Expr("cast", args, value=target, ty=target, pos=e.pos)
    if op == "call" and e.value == "NNReal.sqrt":
        return Expr("call", args, value="Real.sqrt", ty=REAL, pos=e.pos)   # NNReal.coe_sqrt
    value = lower_type(e.value) if op in ("eq", "ne", "lt", "le", "gt", "ge", "dvd") else e.value
    return Expr(op, args, value=value, ty=ty, pos=e.pos, origin=e.origin)   # membership marks kept


def mentions(e: Expr) -> bool:
    """Whether a lowered type occurs anywhere in `e` (a node's type or a binder's)."""
    for n in e.walk():
        if needs_lowering(n.ty) or (n.op in ("forall", "exists", "exists_unique", "lambda", "sum", "prod", "setof")
                                    and needs_lowering(n.value[1])) or (n.op == "cast" and needs_lowering(n.value)):
            return True
    return False


def variable_facts(name: str, ty) -> list[tuple[str, Expr]]:
    """The hypotheses a lowered variable carries: `x_nonneg : 0 ≤ x`, `i_lt : i < n`,
    `f_nonneg : ∀ a, 0 ≤ f a` for a function into ℝ≥0 (the caller makes the names unique)."""
    if ty == NNREAL:
        return [(f"{name}_nonneg", _nonneg(Expr("var", value=name, ty=REAL)))]
    if is_fin(ty):
        return [(f"{name}_lt", _below(Expr("var", value=name, ty=NAT), ty[1]))]
    if isinstance(ty, tuple) and ty[0] == "→" and ty[2] == NNREAL:
        dom = [lower_type(t) for t in ty[1]]
        names = [f"a{k}" for k in range(len(dom))]
        body = _nonneg(Expr("apply", tuple(Expr("var", value=n, ty=t) for n, t in zip(names, dom)),
                            value=name, ty=REAL))
        for n, t, raw in reversed(list(zip(names, dom, ty[1]))):
            guard = _guard(n, raw)
            if guard is not None:
                body = Expr("imp", (guard, body), ty=PROP)
            body = Expr("forall", (body,), value=(n, t), ty=PROP)
        return [(f"{name}_nonneg", body)]
    return []
