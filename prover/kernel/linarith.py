"""`linarith` and `nlinarith`: Mathlib's preprocessing, then a checked Positivstellensatz-free
linear certificate (Farkas multipliers), as `Mathlib/Tactic/Linarith` does it.

Preprocessing (`Linarith/Preprocessing.lean`, `defaultPreprocessors`, in order, after
`splitConjunctions`, on by default as `splitHypotheses`):
0. `splitConjunctions`: `P ∧ Q` ↦ `P`, `Q`, recursively.
1. `filterComparisons`: keep facts `a R b` with `R ∈ {=, ≤, <, ≥, >}` and `¬ a R b` for
   `R ≠ =`; `≠`, `¬ (a = b)`, `∧`, `∨`, `↔`, quantified facts are dropped.
2. `removeNegations`: `¬ a < b` ↦ `b ≤ a` (`le_of_not_gt`), `¬ a ≤ b` ↦ `b < a` (`lt_of_not_ge`).
3. `natToInt`: ℕ facts are cast to ℤ by `push_cast` (`+ * ^` and numerals pushed; ℕ `-`
   stays under the cast, `/ %` become ℤ `/ %`); every cast `((t : ℕ) : C)` reachable from a
   fact's sides through `+ * - neg` gets `0 ≤ (t : C)` (`natCast_nonneg`).
4. `strengthenStrictInt`: over ℤ, `a < b` ↦ `a + 1 ≤ b` (`Int.add_one_le_iff`).
5. `compWithZero`: `a R b` ↦ `a - b R 0` (`sub_nonpos_of_le`, `sub_neg_of_lt`, `sub_eq_zero_of_eq`).
Then (`nlinarith` only) `nlinarithExtras`: `sq_nonneg a` / `mul_self_nonneg a` for every
subterm `a ^ 2` / `a * a` of a fact, and the product of every pair (with itself too,
`List.mapDiagM`) of same-type facts with the sign rule of `mul_nonneg`, `mul_pos_of_neg_of_neg`
and `mul_eq_zero`.

The goal (`Linarith/Frontend.lean`): an equality is split into `≤` and `≥` and both are
proved (`eq_of_not_lt_of_not_gt`); `t R s` adds its negation; `a ≠ b` and `¬ a R b` add
`a = b` / `a R b` (`Not.intro`); anything else is `exfalso` (only the hypotheses count).

Facts are linear forms over monomials of atoms (`Linarith.linearFormOfExpr`): a product of
atoms is one variable, `x ^ 3` is unrelated to `x`. Facts of different types never combine
(one problem per type; ℕ joins ℤ). The certificate for a problem is a map fact index ↦
rational multiplier (≥ 0, any sign for equalities); the kernel checks that the combination
has every non-constant coefficient 0 and is `0 < 0` or `0 ≤ -c`, `c > 0`.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from prover.kernel import poly as P
from prover.kernel.terms import alpha_equal
from prover.syntax.ast import INT, NAT, PROP, RAT, REAL, Expr, num

ORDERED = (NAT, INT, RAT, REAL)
FLIP = {"ge": "le", "gt": "lt"}
NEGATE = {"lt": "le", "le": "lt"}  # ¬ a < b ↦ b ≤ a ; ¬ a ≤ b ↦ b < a


@dataclass(frozen=True)
class Fact:
    """A preprocessed fact `lhs R 0`, `R ∈ {lt, le, eq}`, over `ty`; `origin` names it."""

    lhs: Expr
    rel: str
    ty: str
    origin: str


def _mk(op, a, b, ty):
    return Expr(op, (a, b), ty=ty)


def comparison(prop: Expr):
    """`(a, rel, b, ty)` for `a R b` with R in lt/le/eq (ge/gt flipped), negations of
    lt/le/ge/gt flipped (`removeNegations`); None for anything `filterComparisons` drops."""
    if prop.op == "not":
        inner = comparison(prop.args[0])
        if inner is None or inner[1] == "eq":
            return None
        a, rel, b, ty = inner
        return b, NEGATE[rel], a, ty
    if prop.op in ("eq", "le", "lt", "ge", "gt") and prop.value in ORDERED:
        a, b = prop.args
        if prop.op in FLIP:
            return b, FLIP[prop.op], a, prop.value
        return a, prop.op, b, prop.value
    return None


def split_conjunctions(props):
    out = []
    for name, prop in props:
        if prop.op == "and":
            out += split_conjunctions([(f"{name}.1", prop.args[0]), (f"{name}.2", prop.args[1])])
        else:
            out.append((name, prop))
    return out


def zify(e: Expr) -> Expr:
    """`push_cast` of an ℕ term into ℤ (what `zify` leaves): `+ * ^` pushed, `/ %` become
    ℤ's, truncated `-` and anything opaque stay under a cast."""
    if e.op == "num":
        return num(e.value, INT)
    if e.op in ("add", "mul", "div", "mod"):
        return e.with_args(*(zify(a) for a in e.args)).with_type(INT)
    if e.op == "pow":
        return Expr("pow", (zify(e.args[0]), e.args[1]), ty=INT)
    return Expr("cast", (e,), value=INT, ty=INT)


def nat_casts(e: Expr, out: list) -> None:
    """Casts from ℕ reachable through `+ * - neg` (`getNatComparisons`)."""
    if e.op == "cast" and e.args[0].ty == NAT:
        if e not in out:
            out.append(e)
    elif e.op in ("add", "mul", "sub", "neg"):
        for a in e.args:
            nat_casts(a, out)


def preprocess(props: list[tuple[str, Expr]]) -> list[Fact]:
    """Steps 1–5 above on named propositions, in Mathlib's order."""
    comps = []
    for name, prop in split_conjunctions(props):
        c = comparison(prop)
        if c is None:
            continue
        a, rel, b, ty = c
        if ty == NAT:
            a, b, ty = zify(a), zify(b), INT
        comps.append((name, a, rel, b, ty))
    casts: list[Expr] = []
    for _, a, _, b, _ in comps:
        nat_casts(a, casts)
        nat_casts(b, casts)
    comps = [(f"natCast_nonneg {c.args[0].value if c.args[0].op == 'var' else '_'}", num(0, c.ty), "le", c, c.ty)
             for c in casts] + comps
    facts = []
    for name, a, rel, b, ty in comps:
        if ty == INT and rel == "lt":
            a, rel = _mk("add", a, num(1, INT), INT), "le"
        facts.append(Fact(_mk("sub", a, b, ty), rel, ty, name))
    return facts


def _squares(e: Expr, out: list) -> None:
    """`findSquares`: subterms `a ^ 2` and `a * a`, outermost first, each once."""
    if e.op == "pow" and e.args[1].op == "num" and e.args[1].value == 2:
        _squares(e.args[0], out)
        key = (e.args[0], True)
        if key not in out:
            out.append(key)
        return
    if e.op == "mul" and alpha_equal(e.args[0], e.args[1]):
        _squares(e.args[0], out)
        key = (e.args[0], False)
        if key not in out:
            out.append(key)
        return
    for a in e.args:
        _squares(a, out)


PRODUCT_REL = {("lt", "lt"): "lt", ("lt", "le"): "le", ("le", "lt"): "le", ("le", "le"): "le"}


def nlinarith_extras(facts: list[Fact]) -> list[Fact]:
    """`nlinarithExtras`: square facts, then products of all pairs (diagonal included)."""
    found: list = []
    for f in facts:
        _squares(f.lhs, found)
    squares = []
    for a, is_sq in found:
        if a.ty not in (INT, RAT, REAL):
            continue  # sq_nonneg needs an ordered ring; ℕ terms were cast to ℤ already
        sq = Expr("pow", (a, num(2, NAT)), ty=a.ty) if is_sq else _mk("mul", a, a, a.ty)
        squares.append(Fact(_mk("sub", num(0, a.ty), sq, a.ty), "le",
                            a.ty, f"{'sq_nonneg' if is_sq else 'mul_self_nonneg'} _"))
    base = squares + facts
    products = []
    for i, f in enumerate(base):
        for g in base[i:]:
            if f.ty != g.ty:
                continue
            rel = "eq" if "eq" in (f.rel, g.rel) else PRODUCT_REL[(f.rel, g.rel)]
            prod = _mk("mul", f.lhs, g.lhs, f.ty)
            # f.lhs, g.lhs < 0 gives 0 < f.lhs * g.lhs: as `t R 0` the product is negated
            lhs = prod if rel == "eq" else Expr("neg", (prod,), ty=f.ty)
            products.append(Fact(lhs, rel, f.ty, f"mul ({f.origin}) ({g.origin})"))
    return squares + facts + products


@dataclass(frozen=True)
class Problem:
    """One linear problem: facts of one type as polynomials over one atom table."""

    ty: str
    facts: tuple[Fact, ...]
    polys: tuple
    atoms: P.AtomTable


def problems(facts: list[Fact]) -> list[Problem]:
    """Split facts by type (ℤ, ℚ, ℝ), each normalized over its own atoms, in a fixed order."""
    out = []
    for ty in (INT, RAT, REAL):
        mine = tuple(f for f in facts if f.ty == ty)
        if not mine:
            continue
        atoms = P.AtomTable()
        norm = P.Normalizer(atoms, field_mode="linarith")
        out.append(Problem(ty, mine, tuple(norm.poly(f.lhs) for f in mine), atoms))
    return out


def check_certificate(problem: Problem, multipliers: dict[int, Fraction]) -> bool:
    """Exact check: Σ cᵢ·pᵢ is a constant k, cᵢ ≥ 0 for inequalities, and k > 0, or k = 0
    with some strict fact used (so `0 < 0`). This is the whole of linarith's trust."""
    total: P.Poly = {}
    strict = False
    for i, c in multipliers.items():
        if not isinstance(i, int) or not 0 <= i < len(problem.facts):
            return False
        c = Fraction(c)
        fact = problem.facts[i]
        if fact.rel != "eq" and c < 0:
            return False
        if c and fact.rel == "lt":
            strict = True
        total = P.add(total, problem.polys[i], c)
    k = P.constant_of(total)
    if k is None:
        return False
    # Σ cᵢ pᵢ R 0 with R strict when `strict`; the combination equals k.
    return k > 0 or (k == 0 and strict)


def negated_goals(target: Expr) -> list[list[tuple[str, Expr]]]:
    """The extra facts of each run (`applyContrLemma`), one list per run; a goal that is not
    a comparison gets no extra fact (`exfalso`)."""
    if target.op == "eq" and target.value in ORDERED:
        a, b = target.args
        return [[("negated goal", Expr("lt", (a, b), value=target.value, ty=PROP))],
                [("negated goal", Expr("lt", (b, a), value=target.value, ty=PROP))]]
    if target.op in ("le", "lt", "ge", "gt") and target.value in ORDERED:
        return [[("negated goal", Expr("not", (target,), ty=PROP))]]
    if target.op == "ne" and target.value in ORDERED:
        return [[("negated goal", Expr("eq", target.args, value=target.value, ty=PROP))]]
    if target.op == "not" and target.args[0].op in ("eq", "le", "lt", "ge", "gt"):
        return [[("negated goal", target.args[0])]]
    return [[]]  # exfalso: the hypotheses alone must be contradictory


def runs(hypotheses: list[tuple[str, Expr]], target: Expr, nonlinear: bool) -> list[list[Problem]]:
    """For each run the goal needs, the problems (by type) of which one must be refuted."""
    out = []
    for extra in negated_goals(target):
        facts = preprocess(list(hypotheses) + extra)
        if nonlinear:
            facts = nlinarith_extras(facts)
        out.append(problems(facts))
    return out
