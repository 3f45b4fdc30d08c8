"""Evaluation agrees with an independent exact reference on random closed terms.

Terms over ℕ, ℤ and ℚ are generated as small trees, printed as Lean text, loaded through
the public parser and elaborator, and evaluated; the reference below computes their value
with Python ints and Fractions under Lean's rules, written independently of
`prover.decide.evaluate`: truncated ℕ subtraction, floor ℕ division, Euclidean ℤ `/` and
`%` (remainder never negative), `x / 0 = 0`, `x % 0 = x`, and sums and products over
`Finset.range`/`Icc`/`Ico`/`Ioc`/`Ioo`, empty when reversed.
"""

from __future__ import annotations

from fractions import Fraction

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from prover.decide.evaluate import Evaluator, evaluate_prop
from prover.state import load_theorem

NAT, INT, RAT = "ℕ", "ℤ", "ℚ"
OPS = {NAT: ("add", "sub", "mul", "div", "mod"), INT: ("add", "sub", "mul", "div", "mod"),
       RAT: ("add", "sub", "mul", "div")}
SETS = ("Finset.range", "Finset.Icc", "Finset.Ico", "Finset.Ioc", "Finset.Ioo")
BOUND_MOD = 7  # interval ends are taken modulo 7 to keep sums short


# -- the reference ---------------------------------------------------------------------

def _floor_div(a: int, b: int) -> int:
    """ℤ division rounding so that the remainder lies in [0, |b|)."""
    if b == 0:
        return 0
    r = a % abs(b)  # Python's % with a positive modulus is already in [0, |b|)
    return (a - r) // b


def reference(tree, ty, env):
    kind = tree[0]
    if kind == "num":
        return tree[1]
    if kind == "idx":
        return env[tree[1]] if ty == NAT else (Fraction(env[tree[1]]) if ty == RAT else env[tree[1]])
    if kind == "neg":
        return -reference(tree[1], ty, env)
    if kind == "pow":
        return reference(tree[1], ty, env) ** tree[2]
    if kind in ("sum", "prod"):
        _, _, name, set_kind, lo_t, hi_t, body = tree
        total = 0 if kind == "sum" else 1
        for i in _members(set_kind, reference(lo_t, NAT, env) % BOUND_MOD, reference(hi_t, NAT, env) % BOUND_MOD):
            v = reference(body, ty, {**env, name: i})
            total = total + v if kind == "sum" else total * v
        return Fraction(total) if ty == RAT else total
    a, b = reference(tree[1], ty, env), reference(tree[2], ty, env)
    if kind == "add":
        return a + b
    if kind == "mul":
        return a * b
    if kind == "sub":
        return a - b if ty != NAT or a >= b else 0
    if ty == RAT:  # kind == "div"
        return Fraction(0) if b == 0 else Fraction(a) / Fraction(b)
    if kind == "div":
        return _floor_div(a, b)
    return a if b == 0 else a - b * _floor_div(a, b)  # mod


def _members(set_kind, a, b):
    if set_kind == "Finset.range":
        return range(a)
    lo = a if set_kind in ("Finset.Icc", "Finset.Ico") else a + 1
    hi = b if set_kind in ("Finset.Icc", "Finset.Ioc") else b - 1
    return range(lo, hi + 1)  # empty when hi < lo, as in Lean


# -- printing as Lean text -------------------------------------------------------------

def lean(tree, ty) -> str:
    kind = tree[0]
    if kind == "num":
        return _literal(tree[1], ty)
    if kind == "idx":
        return tree[1] if ty == NAT else f"({tree[1]} : {ty})"
    if kind == "neg":
        return f"(-{lean(tree[1], ty)})"
    if kind == "pow":
        return f"({lean(tree[1], ty)} ^ {tree[2]})"
    if kind in ("sum", "prod"):
        _, _, name, set_kind, lo_t, hi_t, body = tree
        big = "∑" if kind == "sum" else "∏"
        lo, hi = f"({lean(lo_t, NAT)} % {BOUND_MOD})", f"({lean(hi_t, NAT)} % {BOUND_MOD})"
        s = f"Finset.range {lo}" if set_kind == "Finset.range" else f"{set_kind} {lo} {hi}"
        return f"({big} {name} ∈ {s}, {lean(body, ty)})"
    sym = {"add": "+", "sub": "-", "mul": "*", "div": "/", "mod": "%"}[kind]
    return f"({lean(tree[1], ty)} {sym} {lean(tree[2], ty)})"


def _literal(v, ty) -> str:
    if isinstance(v, Fraction) and v.denominator != 1:
        return f"(({v.numerator} : {ty}) / {v.denominator})"
    return f"({int(v)} : {ty})"


# -- generated trees -------------------------------------------------------------------

def trees(ty, depth: int, scope: tuple[str, ...], big: bool = True):
    leaves = [st.builds(lambda n: ("num", n), st.integers(0, 12) if ty == NAT else st.integers(-12, 12))]
    if scope:
        leaves.append(st.sampled_from([("idx", name) for name in scope]))
    leaf = st.one_of(*leaves)
    if depth == 0:
        return leaf
    sub = trees(ty, depth - 1, scope, big)
    options = [leaf,
               st.builds(lambda op, a, b: (op, a, b), st.sampled_from(OPS[ty]), sub, sub),
               st.builds(lambda a, n: ("pow", a, n), sub, st.integers(0, 3))]
    if ty != NAT:
        options.append(st.builds(lambda a: ("neg", a), sub))
    if big and len(scope) < 2:
        name = f"i{len(scope)}"
        bound = trees(NAT, 1, (), big=False)
        options.append(st.builds(lambda op, s, lo, hi, body: (op, None, name, s, lo, hi, body),
                                 st.sampled_from(("sum", "prod")), st.sampled_from(SETS), bound, bound,
                                 trees(ty, depth - 1, scope + (name,))))
    return st.one_of(*options)


def _exact(v):
    """The evaluator's value as an int or Fraction (ℚ values may come back as SymPy rationals)."""
    if isinstance(v, (int, Fraction)):
        return v
    return Fraction(int(v.p), int(v.q))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from((NAT, INT, RAT)).flatmap(lambda ty: st.tuples(st.just(ty), trees(ty, 3, ()))))
def test_evaluation_agrees_with_the_reference(case):
    ty, tree = case
    want = reference(tree, ty, {})
    if abs(want) > 10 ** 30:
        return  # keep printed literals short; the large-number paths have their own tests
    text = f"theorem t : {lean(tree, ty)} = {_literal(want, ty)}"
    target = load_theorem(text).goal.target
    assert _exact(Evaluator().term(target.args[0])) == want, text
    assert evaluate_prop(target) is True, text
    wrong = want + 1
    assert evaluate_prop(load_theorem(f"theorem t : {lean(tree, ty)} = {_literal(wrong, ty)}").goal.target) is False


def test_the_reference_follows_lean_on_known_values():
    # Values from Lean's documentation (Int.ediv / Int.emod, Nat.sub): the reference is right.
    assert reference(("div", ("num", 7), ("num", -3)), INT, {}) == -2
    assert reference(("div", ("num", -7), ("num", 3)), INT, {}) == -3
    assert reference(("mod", ("num", -7), ("num", 3)), INT, {}) == 2
    assert reference(("mod", ("num", 7), ("num", -3)), INT, {}) == 1
    assert reference(("mod", ("num", 5), ("num", 0)), NAT, {}) == 5
    assert reference(("sub", ("num", 3), ("num", 5)), NAT, {}) == 0
    assert reference(("div", ("num", 3), ("num", 0)), RAT, {}) == 0
    icc_reversed = ("sum", None, "i0", "Finset.Icc", ("num", 5), ("num", 2), ("idx", "i0"))
    assert reference(icc_reversed, INT, {}) == 0
