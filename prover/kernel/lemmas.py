"""Hint terms for `linarith [...]` / `nlinarith [...]`: hypotheses by name and a few Mathlib
lemmas applied to explicit arguments, each with its exact Mathlib statement.

A term is a hypothesis name, or `lemma arg₁ … argₙ` whose arguments are, in Mathlib's
order, terms (elaborated in the goal's context) or proofs (hypothesis names or nested
terms) whose statement must match the lemma's premise exactly (up to `>`/`≥` notation,
which unfolds reducibly to `<`/`≤`). Anything else is refused with its name.

>>> from prover.state import load_theorem
>>> g = load_theorem("theorem t (a b : ℝ) (ha : 0 < a) (hb : b > 0) : True").goal
>>> from prover.syntax.printer import show
>>> show(resolve(g, "mul_pos ha hb"))
'0 < a * b'
>>> show(resolve(g, "sq_nonneg (a - b)"))
'0 ≤ (a - b) ^ 2'
"""

from __future__ import annotations

from prover.errors import ProverError
from prover.state import Goal
from prover.kernel.terms import accessible
from prover.syntax.ast import NAT, PROP, REAL, Expr, num
from prover.syntax.elaborate import elaborate_term
from prover.syntax.parser import parse_term

ORDERED_RINGS = ("ℤ", "ℚ", "ℝ")
ORDERED_SEMIRINGS = (NAT,) + ORDERED_RINGS


class BadHint(ProverError):
    """A hint term Lean would not elaborate (unknown name, wrong argument)."""


def _rel(op, a, b):
    return Expr(op, (a, b), value=a.ty, ty=PROP)


def _binop(op, a, b):
    return Expr(op, (a, b), ty=a.ty)


def _sides(prop: Expr, op: str):
    """`(a, b)` of `a op b`, reading `b > a` as `a < b` and `b ≥ a` as `a ≤ b`."""
    if prop.op == op:
        return prop.args
    flipped = {"lt": "gt", "le": "ge"}.get(op)
    if flipped and prop.op == flipped:
        return prop.args[1], prop.args[0]
    return None


def _zero(e: Expr) -> bool:
    return e.op == "num" and e.value == 0


def _premise_pos(prop, strict: bool):
    """`a` from `0 < a` (strict) / `0 ≤ a`."""
    s = _sides(prop, "lt" if strict else "le")
    if s and _zero(s[0]):
        return s[1]
    raise BadHint(f"premise {'0 < _' if strict else '0 ≤ _'} expected")


def _premise_neg(prop):
    s = _sides(prop, "lt")
    if s and _zero(s[1]):
        return s[0]
    raise BadHint("premise _ < 0 expected")


def _needs(ty, domain, name):
    if ty not in domain:
        raise BadHint(f"{name} needs an ordered {'ring' if domain == ORDERED_RINGS else 'semiring'}, got {ty}")


def _square(a):
    return Expr("pow", (a, num(2, NAT)), ty=a.ty)


def _lemma_sq_nonneg(t, name):
    (a,) = t
    _needs(a.ty, ORDERED_SEMIRINGS, name)
    return _rel("le", num(0, a.ty), _square(a))


def _lemma_mul_self_nonneg(t, name):
    (a,) = t
    _needs(a.ty, ORDERED_SEMIRINGS, name)
    return _rel("le", num(0, a.ty), _binop("mul", a, a))


def _lemma_abs_nonneg(t, name):
    (a,) = t
    _needs(a.ty, ORDERED_RINGS, name)
    return _rel("le", num(0, a.ty), Expr("call", (a,), value="abs", ty=a.ty))


def _lemma_sq_abs(t, name):
    (a,) = t
    _needs(a.ty, ORDERED_RINGS, name)
    return _rel("eq", _square(Expr("call", (a,), value="abs", ty=a.ty)), _square(a))


def _two_premises(strict_a, strict_b, op):
    def build(t, name):
        a, b = _premise_pos(t[0], strict_a), _premise_pos(t[1], strict_b)
        if a.ty != b.ty:
            raise BadHint(f"{name}: arguments of different types")
        _needs(a.ty, ORDERED_SEMIRINGS, name)
        return _rel(op, num(0, a.ty), _binop("mul", a, b))
    return build


def _lemma_mul_pos_of_neg_of_neg(t, name):
    a, b = _premise_neg(t[0]), _premise_neg(t[1])
    if a.ty != b.ty:
        raise BadHint(f"{name}: arguments of different types")
    _needs(a.ty, ORDERED_RINGS, name)
    return _rel("lt", num(0, a.ty), _binop("mul", a, b))


def _pow_lemma(strict):
    def build(t, name):
        a, n = _premise_pos(t[0], strict), t[1]
        if n.ty != NAT:
            raise BadHint(f"{name}: the exponent must be a natural number")
        _needs(a.ty, ORDERED_SEMIRINGS, name)
        return _rel("lt" if strict else "le", num(0, a.ty), Expr("pow", (a, n), ty=a.ty))
    return build


def _lemma_sqrt_nonneg(t, name):
    (x,) = t
    if x.ty != REAL:
        raise BadHint(f"{name} is about ℝ")
    return _rel("le", num(0, REAL), Expr("call", (x,), value="Real.sqrt", ty=REAL))


def _lemma_exp_pos(t, name):
    (x,) = t
    if x.ty != REAL:
        raise BadHint(f"{name} is about ℝ")
    return _rel("lt", num(0, REAL), Expr("call", (x,), value="Real.exp", ty=REAL))


def _lemma_sq_sqrt(t, name):
    x = _premise_pos(t[0], False)
    if x.ty != REAL:
        raise BadHint(f"{name} is about ℝ")
    return _rel("eq", _square(Expr("call", (x,), value="Real.sqrt", ty=REAL)), x)


def _lemma_sub_nonneg_mpr(t, name):
    s = _sides(t[0], "le")  # sub_nonneg : 0 ≤ a - b ↔ b ≤ a
    if s is None:
        raise BadHint(f"{name}: premise _ ≤ _ expected")
    b, a = s
    _needs(a.ty, ORDERED_RINGS, name)
    return _rel("le", num(0, a.ty), _binop("sub", a, b))


def _lemma_sub_pos_mpr(t, name):
    s = _sides(t[0], "lt")  # sub_pos : 0 < a - b ↔ b < a
    if s is None:
        raise BadHint(f"{name}: premise _ < _ expected")
    b, a = s
    _needs(a.ty, ORDERED_RINGS, name)
    return _rel("lt", num(0, a.ty), _binop("sub", a, b))


def _lemma_le_of_lt(t, name):
    s = _sides(t[0], "lt")  # le_of_lt, LT.lt.le : a < b → a ≤ b
    if s is None:
        raise BadHint(f"{name}: premise _ < _ expected")
    return _rel("le", *s)


# name ↦ (argument kinds in Mathlib's explicit order: "term" or "proof", builder)
LEMMAS = {
    "sq_nonneg": (("term",), _lemma_sq_nonneg),
    "pow_two_nonneg": (("term",), _lemma_sq_nonneg),
    "mul_self_nonneg": (("term",), _lemma_mul_self_nonneg),
    "abs_nonneg": (("term",), _lemma_abs_nonneg),
    "sq_abs": (("term",), _lemma_sq_abs),
    "mul_pos": (("proof", "proof"), _two_premises(True, True, "lt")),
    "mul_nonneg": (("proof", "proof"), _two_premises(False, False, "le")),
    "mul_pos_of_neg_of_neg": (("proof", "proof"), _lemma_mul_pos_of_neg_of_neg),
    "pow_pos": (("proof", "term"), _pow_lemma(True)),
    "pow_nonneg": (("proof", "term"), _pow_lemma(False)),
    "Real.sqrt_nonneg": (("term",), _lemma_sqrt_nonneg),
    "Real.exp_pos": (("term",), _lemma_exp_pos),
    "Real.sq_sqrt": (("proof",), _lemma_sq_sqrt),
    "sub_nonneg.mpr": (("proof",), _lemma_sub_nonneg_mpr),
    "sub_nonneg.2": (("proof",), _lemma_sub_nonneg_mpr),
    "sub_pos.mpr": (("proof",), _lemma_sub_pos_mpr),
    "sub_pos.2": (("proof",), _lemma_sub_pos_mpr),
    "le_of_lt": (("proof",), _lemma_le_of_lt),
}
PROJECTIONS = {"le": "le_of_lt"}  # `h.le` is `LT.lt.le h`


def resolve(goal: Goal, text: str) -> Expr:
    """The proposition proved by the hint term `text` in `goal`'s context."""
    return _resolve(goal, parse_term(text))


def _resolve(goal: Goal, e: Expr) -> Expr:
    if e.op == "app_expr" and e.args[0].op == "proj" and e.args[0].args[0].op == "var":
        # `sub_pos.2 h` parses as a projection applied to arguments
        e = Expr("app", e.args[1:], value=f"{e.args[0].args[0].value}.{e.args[0].value}")
    if e.op == "var" and "." in e.value and goal.hypothesis(e.value) is None:
        base, _, field = e.value.rpartition(".")
        if field in PROJECTIONS and goal.hypothesis(base) is not None:
            return LEMMAS[PROJECTIONS[field]][1]([goal.hypothesis(base)], f"{base}.{field}")
    if e.op == "var":
        prop = goal.hypothesis(e.value) if accessible(e.value) else None
        if prop is None:
            if e.value in LEMMAS:
                raise BadHint(f"{e.value} needs its arguments")
            raise BadHint(f"unknown identifier {e.value}")
        return prop
    if e.op == "app" and isinstance(e.value, str):
        if goal.hypothesis(e.value) is not None:
            raise BadHint(f"{e.value} is a hypothesis, not a function")  # shadows the lemma
        if e.value not in LEMMAS:
            raise BadHint(f"unknown lemma {e.value}")
        kinds, build = LEMMAS[e.value]
        if len(e.args) != len(kinds):
            raise BadHint(f"{e.value} takes {len(kinds)} explicit arguments")
        args = []
        for kind, a in zip(kinds, e.args):
            if kind == "proof":
                args.append(_resolve(goal, a))
            else:
                args.append(elaborate_term(a, goal.context))
        return build(args, e.value)
    raise BadHint("unsupported hint term")


# -- local hypotheses applied to arguments (`exact h 5 (by norm_num)`) -----------------------

def split_application(text: str) -> list[str]:
    """`"h 5 (by norm_num) (a + 1)"` ↦ `["h", "5", "(by norm_num)", "(a + 1)"]` (top-level words)."""
    words, depth, cur = [], 0, ""
    for ch in text.strip():
        depth += ch in "([{⟨"
        depth -= ch in ")]}⟩"
        if ch == " " and depth == 0:
            if cur:
                words.append(cur)
            cur = ""
        else:
            cur += ch
    if depth != 0:
        raise BadHint("unbalanced brackets")
    return words + ([cur] if cur else [])


def instantiate_local(goal: Goal, text: str, prove):
    """The statement of `h a₁ … aₙ` for a local hypothesis `h : ∀ x, … → …` (Lean's
    application typing, `instantiateForall`): each term argument instantiates the next `∀` at
    its binder type (elaborated there, substituted without capture); a premise is discharged
    by a hypothesis stating it (up to α) or by `(by tac)`, where `prove(premise, tac)` must
    return the kernel's step for `tac` on the premise. Returns (statement, premise steps)."""
    from prover.kernel.terms import alpha_equal
    from prover.syntax.ast import NUMBER_TYPES, substitute
    words = split_application(text)
    if any("✝" in w for w in words):
        raise BadHint("an inaccessible name (✝) cannot be written in a proof")
    if not words or goal.hypothesis(words[0]) is None or words[0] in goal.context:
        raise BadHint(f"{words[0] if words else '?'} is not a local hypothesis")
    prop, steps = goal.hypothesis(words[0]), []
    for arg in words[1:]:
        if prop.op == "forall":
            name, ty = prop.value
            if ty not in NUMBER_TYPES or arg.startswith("(by ") or goal.hypothesis(arg) is not None:
                raise BadHint(f"{words[0]}: argument {arg} for a ∀ over {ty} is not modelled")
            value = elaborate_term(parse_term(arg), goal.context, ty)
            if value.ty != ty:
                raise BadHint(f"{words[0]}: {arg} does not have type {ty}")
            prop = substitute(prop.args[0], name, value)
        elif prop.op == "imp":
            premise = prop.args[0]
            if arg.startswith("(by ") and arg.endswith(")"):
                step = prove(goal.with_target(premise), arg[4:-1].strip())
                if step is None:
                    raise BadHint(f"{words[0]}: {arg} does not prove the premise")
                steps.append(step)
            elif goal.hypothesis(arg) is not None and alpha_equal(goal.hypothesis(arg), premise):
                steps.append(arg)
            else:
                raise BadHint(f"{words[0]}: {arg} does not prove the premise")
            prop = prop.args[1]
        else:
            raise BadHint(f"{words[0]} takes fewer arguments")
    return prop, steps


NAT_LITERAL_OPS = {"add": lambda a, b: a + b, "sub": lambda a, b: max(a - b, 0), "mul": lambda a, b: a * b,
                   "div": lambda a, b: a // b if b else 0, "mod": lambda a, b: a % b if b else a}


def reduce_nat_literals(e: Expr) -> Expr:
    """`5 - 1` ↦ `4` for ℕ literals under `+ - * / %`: what Lean's definitional unfolding decides
    by `Nat.reduceBinNatOp` (GMP-accelerated `Nat.add`, `Nat.sub`, … on literals) when `exact`
    unifies a statement with the goal. Nothing else is reduced (no ℤ, no `^`, no variables)."""
    if not e.args:
        return e
    args = tuple(reduce_nat_literals(a) for a in e.args)
    if e.op in NAT_LITERAL_OPS and e.ty == NAT and all(a.op == "num" and a.ty == NAT for a in args):
        a, b = (int(x.value) for x in args)
        if a.bit_length() < 256 and b.bit_length() < 256:
            return num(NAT_LITERAL_OPS[e.op](a, b), NAT)
    return e.with_args(*args)
