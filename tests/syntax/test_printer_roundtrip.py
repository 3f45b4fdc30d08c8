"""Printing is faithful: for random typed terms (negative literals, decimals, casts, powers,
unary minus, nested binders that shadow), print → parse → elaborate gives back the same term
(up to bound names, and up to how a literal value is spelled: `num(-3)` prints as `-3`, which
reads back as `-(3)`; `num(-3/4)` as `-3 / 4`)."""

from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from prover.state import load_theorem
from prover.syntax.ast import INT, NAT, PROP, RAT, REAL, Expr, alpha_equal, num, var
from prover.syntax.printer import show

VARS = {NAT: ["a", "n"], INT: ["b", "z"], RAT: ["c", "q"], REAL: ["d", "x"]}
HEADER = "theorem t (a n : ℕ) (b z : ℤ) (c q : ℚ) (d x : ℝ) : "
SMALLER = {NAT: [], INT: [NAT], RAT: [NAT, INT], REAL: [NAT, INT, RAT]}


def literal(ty):
    if ty == NAT:
        return st.integers(0, 50).map(lambda v: num(v, NAT))
    if ty == INT:
        return st.integers(-50, 50).map(lambda v: num(v, INT))
    return st.one_of(
        st.integers(-50, 50).map(lambda v: num(v, ty)),
        st.builds(lambda n, k: num(Fraction(n, 10 ** k), ty), st.integers(-999, 999), st.integers(1, 3)),
        st.builds(lambda n, d: num(Fraction(n, d), ty), st.integers(-20, 20), st.integers(1, 9)))


def _visible(ty, bound):
    """The variables of type ty in scope: a binder hides a theorem variable of the same name."""
    shadowed = {n for n, _ in bound}
    return [n for n in VARS[ty] if n not in shadowed] + [n for n, t in bound if t == ty] or ["#none"]


def terms(ty, bound=()):
    names = _visible(ty, bound)
    leaves = literal(ty) if names == ["#none"] else st.one_of(literal(ty), st.sampled_from(names).map(lambda n: var(n, ty)))

    def extend(children):
        ops = ["add", "sub", "mul", "div"] + (["mod"] if ty in (NAT, INT) else [])
        bin_ = st.builds(lambda op, a, b: Expr(op, (a, b), ty=ty), st.sampled_from(ops), children, children)
        pw = st.builds(lambda a, k: Expr("pow", (a, num(k, NAT)), ty=ty), children, st.integers(0, 4))
        out = [bin_, pw]
        if ty != NAT:
            out.append(children.map(lambda a: Expr("neg", (a,), ty=ty)))
        for src in SMALLER[ty]:
            out.append(terms_flat(src, bound).map(lambda a: Expr("cast", (a,), value=ty, ty=ty)))
        if ty != NAT:
            out.append(children.map(lambda a: Expr("call", (a,), value="abs", ty=ty)))
        out.append(st.builds(lambda f, a, b: Expr("call", (a, b), value=f, ty=ty),
                             st.sampled_from(["min", "max"]), children, children))
        if ty == REAL:
            out.append(children.map(lambda a: Expr("call", (a,), value="Real.sqrt", ty=REAL)))
        if ty == INT:
            out.append(terms_flat(REAL, bound).map(lambda a: Expr("call", (a,), value="Int.floor", ty=INT)))
        out.append(st.builds(_sum, st.sampled_from(["sum", "prod"]), st.sampled_from(["i", "x", "n"]),
                             st.integers(0, 4), children, st.just(ty)))
        return st.one_of(*out)
    return st.recursive(leaves, extend, max_leaves=6)


def _sum(op, name, n, body, ty):
    """∑ name ∈ Finset.range n, (↑name : ty) + body: the binder may shadow a variable of body."""
    index = Expr("var", value=name, ty=NAT)
    term = index if ty == NAT else Expr("cast", (index,), value=ty, ty=ty)
    rng = Expr("set", (num(n, NAT),), value="Finset.range", ty=("Finset", NAT))
    from prover.syntax.ast import free_vars
    if name in free_vars(body):
        body = num(1, ty)   # the generated body meant the outer variable: keep the test honest
    return Expr(op, (rng, Expr("add", (term, body), ty=ty)), value=(name, NAT), ty=ty)


def terms_flat(ty, bound):
    names = _visible(ty, bound)
    leaf = literal(ty) if names == ["#none"] else st.one_of(literal(ty), st.sampled_from(names).map(lambda n: var(n, ty)))
    return st.one_of(leaf, st.builds(lambda a, b: Expr("add", (a, b), ty=ty), leaf, leaf),
                     st.builds(lambda a, k: Expr("pow", (a, num(k, NAT)), ty=ty), leaf, st.integers(0, 3)))


@st.composite
def props(draw, depth=2, bound=()):
    kind = draw(st.sampled_from(["rel", "rel", "and", "not", "forall", "exists"] if depth else ["rel"]))
    if kind == "rel":
        ty = draw(st.sampled_from([NAT, INT, RAT, REAL]))
        rel = draw(st.sampled_from(["eq", "ne", "lt", "le"]))
        a, b = draw(terms(ty, bound)), draw(terms(ty, bound))
        return Expr(rel, (a, b), value=ty, ty=PROP)
    if kind == "and":
        return Expr("and", (draw(props(depth - 1, bound)), draw(props(depth - 1, bound))), ty=PROP)
    if kind == "not":
        return Expr("not", (draw(props(depth - 1, bound)),), ty=PROP)
    ty = draw(st.sampled_from([NAT, INT, RAT, REAL]))
    name = draw(st.sampled_from(["x", "n", "y", "k"]))   # may shadow a theorem variable or a binder
    inner = tuple((n, t) for n, t in bound if n != name) + ((name, ty),)
    return Expr(kind, (draw(props(depth - 1, inner)),), value=(name, ty), ty=PROP)


def spelled(e: Expr) -> Expr:
    """Literal values in the form the parser gives them: -(3), -(3) / 4."""
    if e.op == "num":
        v = e.value
        if isinstance(v, Fraction) and v.denominator == 1:
            v = int(v)
        if isinstance(v, Fraction):
            n, d = Expr("num", value=abs(v.numerator), ty=e.ty), Expr("num", value=v.denominator, ty=e.ty)
            out = Expr("div", (n, d), ty=e.ty)
            return Expr("neg", (out,), ty=e.ty) if v < 0 else out
        if v < 0:
            return Expr("neg", (Expr("num", value=-v, ty=e.ty),), ty=e.ty)
        return Expr("num", value=v, ty=e.ty)
    return e.with_args(*(spelled(a) for a in e.args))


def folded(e: Expr) -> Expr:
    """Literal spellings back to values: -(3) → -3, 3 / 4 and -(3) / 4 and -(3 / 4) → the fraction."""
    e = e.with_args(*(folded(a) for a in e.args))
    if e.op == "neg" and e.args[0].op == "num" and e.ty != NAT:
        return Expr("num", value=-e.args[0].value, ty=e.ty)
    if e.op == "div" and e.ty in (RAT, REAL) and all(a.op == "num" for a in e.args) and e.args[1].value != 0:
        v = Fraction(e.args[0].value) / Fraction(e.args[1].value)
        return Expr("num", value=int(v) if v.denominator == 1 else v, ty=e.ty)
    if e.op == "num" and isinstance(e.value, Fraction) and e.value.denominator == 1:
        return Expr("num", value=int(e.value), ty=e.ty)
    return e


@settings(max_examples=300, deadline=None)
@given(props())
def test_print_parse_elaborate_is_the_identity(p):
    text = show(p)
    back = load_theorem(HEADER + text).goal.target
    assert alpha_equal(folded(back), folded(p)), f"{text}\n{back}\n{p}"


def test_negative_literal_under_a_power():
    p = Expr("eq", (Expr("pow", (num(-3, INT), num(2, NAT)), ty=INT), num(9, INT)), value=INT, ty=PROP)
    assert "(-3) ^ 2" in show(p) and "-3 ^ 2" not in show(p).replace("(-3) ^ 2", "")
    back = load_theorem(HEADER + show(p)).goal.target
    assert alpha_equal(folded(back), folded(p))
