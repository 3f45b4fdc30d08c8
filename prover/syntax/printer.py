"""Typed `Expr` back to Lean 4 text, with the fewest parentheses Lean's precedences allow.

Casts print as `(↑x : ℝ)`; an arithmetic side made only of numerals whose type is not ℕ
prints with an ascription, so the text elaborates back to the same typed term.

>>> from prover.state import load_theorem
>>> show(load_theorem("theorem t (n : ℕ) (x : ℝ) : (n - 1 : ℝ) ≤ x * 2 ^ 3").goal.target)
'(↑n : ℝ) - 1 ≤ x * 2 ^ 3'
"""

from __future__ import annotations

from fractions import Fraction

from prover.syntax.ast import INVERSE, NAT, NUMBER_TYPES, Expr, is_fin

_REL_TEXT = {"eq": "=", "ne": "≠", "lt": "<", "le": "≤", "gt": ">", "ge": "≥", "dvd": "∣"}
_BIN = {"add": ("+", 65), "sub": ("-", 65), "mul": ("*", 70), "div": ("/", 70), "mod": ("%", 70)}
_LOGIC = {"iff": ("↔", 20, False), "imp": ("→", 25, True), "or": ("∨", 30, True), "and": ("∧", 35, True)}
_MAX = 1024


def _exact_decimal(value: Fraction) -> str:
    """The exact decimal of a fraction whose denominator divides a power of 10.

    >>> _exact_decimal(Fraction(3, 8)), _exact_decimal(Fraction(-30000000000000001, 10 ** 17))
    ('0.375', '-0.30000000000000001')
    """
    digits = 0
    while (value * 10 ** digits).denominator != 1:
        digits += 1
    scaled = abs(value.numerator * 10 ** digits // value.denominator)
    whole, frac = divmod(scaled, 10 ** digits)
    sign = "-" if value < 0 else ""
    return f"{sign}{whole}.{frac:0{digits}d}" if digits else f"{sign}{whole}"


def _numeral(value) -> str:
    if isinstance(value, Fraction) and value.denominator != 1:
        d = value.denominator
        while d % 2 == 0:
            d //= 2
        while d % 5 == 0:
            d //= 5
        if d == 1:
            text = _exact_decimal(value)  # never through float: 0.30000000000000001 is not 0.3
            return text if len(text) < 18 else f"({value.numerator} / {value.denominator})"
        return f"({value.numerator} / {value.denominator})"
    return str(int(value))


def _all_numerals(e: Expr) -> bool:
    if e.op in _BIN or e.op == "neg":
        return all(_all_numerals(a) for a in e.args)
    if e.op == "pow":
        return _all_numerals(e.args[0])
    return e.op == "num"


def _ascribe_if_needed(e: Expr, text: str) -> str:
    if e.ty in NUMBER_TYPES and e.ty != NAT and _all_numerals(e):
        return f"({text} : {e.ty})"
    return text


def show(e: Expr, prec: int = 0) -> str:
    """Lean text of `e`, parenthesized for a context of precedence `prec`."""
    text, own = _show(e)
    return f"({text})" if own < prec else text


def _show(e: Expr) -> tuple[str, int]:
    op = e.op
    if op == "num":
        text = _numeral(e.value)
        # A negative literal is a negation: `-3 ^ 2` reads back as -(3 ^ 2), so it binds like `-x`.
        return text, (75 if text.startswith("-") else _MAX)
    if op == "var":
        return e.value, _MAX
    if op == "pi":
        return "π", _MAX
    if op == "imag_unit":
        return "Complex.I", _MAX
    if op in ("true", "false"):
        return op.capitalize(), _MAX
    if op == "cast":
        inner = e.args[0]
        if _all_numerals(inner):
            # `(↑0 : ℚ)` does not say what 0 is cast from: name its type, ℕ included.
            return f"(↑({show(inner)} : {inner.ty}) : {e.value})", _MAX
        return f"(↑{show(inner, _MAX)} : {e.value})", _MAX
    if op == "div" and e.value == INVERSE:   # the elaborator's reading of `x⁻¹` (postfix, max precedence)
        return f"{show(e.args[1], _MAX)}⁻¹", _MAX - 1
    if op in _BIN:
        sym, p = _BIN[op]
        return f"{show(e.args[0], p)} {sym} {show(e.args[1], p + 1)}", p
    if op == "neg":
        inner = show(e.args[0], 75)
        if inner.startswith("-"):
            inner = f"({inner})"   # `--` starts a comment in Lean
        return f"-{inner}", 75
    if op == "pow":
        exponent = e.args[1]
        return f"{show(e.args[0], 76)} ^ {_ascribe_if_needed(exponent, show(exponent, 75))}", 75
    if op in _REL_TEXT:
        lhs, rhs = show(e.args[0], 51), show(e.args[1], 51)
        if _all_numerals(e.args[0]) and _all_numerals(e.args[1]):
            lhs = _ascribe_if_needed(e.args[0], lhs)  # nothing else fixes the type
        return f"{lhs} {_REL_TEXT[op]} {rhs}", 50
    if op in _LOGIC:
        sym, p, right = _LOGIC[op]
        left_p, right_p = (p + 1, p) if right else (p + 1, p + 1)
        return f"{show(e.args[0], left_p)} {sym} {show(e.args[1], right_p)}", p
    if op == "not":
        return f"¬{show(e.args[0], 40)}", 40
    if op == "forall" and e.args[0].op == "iff" and e.args[0].value in ("Set.ext", "Finset.ext"):
        text = _set_equation(e)
        if text is not None:
            return text, 50
    if op in ("forall", "exists", "exists_unique"):
        sym = {"forall": "∀", "exists": "∃", "exists_unique": "∃!"}[op]
        name, ty = e.value
        return f"{sym} {name} : {show_type(ty)}, {show(e.args[0])}", 0
    if op == "mem":
        return f"{show(e.args[0], 51)} ∈ {show(e.args[1], 51)}", 50
    if op == "pred" and e.value == "Filter.Tendsto.atTop":
        return f"Filter.Tendsto {show(e.args[0], _MAX)} Filter.atTop (𝓝 {show(e.args[1], _MAX)})", _MAX - 1
    if op in ("pred", "set") and e.value in ("Fintype", "Set.toFinset") and len(e.args) == 1 \
            and e.args[0].op == "lambda" and isinstance(e.args[0].value[1], str):
        lam = e.args[0]
        builder = "{" + f"{lam.value[0]} : {show_type(lam.value[1])} | {show(lam.args[0])}" + "}"
        return f"{e.value} {builder}", _MAX - 1
    if op == "call" and e.value in ("tsum", "tprod") and len(e.args) == 1 and e.args[0].op == "lambda":
        lam = e.args[0]
        sym = "∑'" if e.value == "tsum" else "∏'"
        body = lam.args[0]
        return f"{sym} {lam.value[0]} : {show_type(lam.value[1])}, {_ascribe_if_needed(body, show(body, 67))}", 0
    if op == "pred" or op == "call":
        return _application(e.value, e.args)
    if op == "apply":
        # A local function: never the notation of a global of the same name (`abs` is not `|·|`).
        return " ".join([e.value] + [show(a, _MAX) for a in e.args]), _MAX - 1
    if op == "card":
        return f"Finset.card {show(e.args[0], _MAX)}", _MAX - 1
    if op == "set":
        if e.value == "literal":
            return "{" + ", ".join(show(a) for a in e.args) + "}", _MAX
        return _application(e.value, e.args)
    if op == "lambda":
        if isinstance(e.value[1], str):
                return f"fun ({e.value[0]} : {show_type(e.value[1])}) => {show(e.args[0])}", 0
        return f"fun {e.value[0]} => {show(e.args[0])}", 0
    if op in ("sum", "prod"):
        sym = "∑" if op == "sum" else "∏"
        body = e.args[1]
        return f"{sym} {e.value[0]} ∈ {show(e.args[0], 51)}, {_ascribe_if_needed(body, show(body, 67))}", 0
    raise ValueError(f"cannot print node {op}")


def _set_equation(e: Expr) -> str | None:
    """A set equation (`ast.set_equation`) as `S = T`: each side is the set of its membership
    (`x ∈ T`), a set-builder `{y : α | p y}` (Set) or a literal `({a, b} : Finset α)` (Finset,
    from `x = a ∨ x = b`); None when a side is none of these (then printed pointwise)."""
    from prover.syntax.ast import all_names, free_vars, substitute
    name, ty = e.value
    family = e.args[0].value

    def side(m: Expr) -> str | None:
        if m.op == "mem" and m.args[0] == Expr("var", value=name, ty=m.args[0].ty) and name not in free_vars(m.args[1]):
            return show(m.args[1], 51)
        if family == "Finset.ext":
            items, rest = [], m
            while True:
                part = rest.args[0] if rest.op == "or" else rest
                if part.op != "eq" or part.args[0].op != "var" or part.args[0].value != name \
                        or name in free_vars(part.args[1]):
                    return None
                items.append(show(part.args[1]))
                if rest.op != "or":
                    break
                rest = rest.args[1]
            return "({" + ", ".join(items) + "} : Finset " + show_type(ty) + ")"
        fresh = name + "'"
        while fresh in all_names(m):
            fresh += "'"
        body = substitute(m, name, Expr("var", value=fresh, ty=ty))
        return "{" + f"{fresh} : {show_type(ty)} | {show(body)}" + "}"
    if ty is None:
        return None
    a, b = (side(m) for m in e.args[0].args)
    return None if a is None or b is None else f"{a} = {b}"


_POLY_ARGS = {"abs", "min", "max", "Int.floor", "Int.ceil", "Int.fract", "Nat.floor", "Nat.ceil", "Even", "Odd",
              "Finset.Icc", "Finset.Ico", "Finset.Ioc", "Finset.Ioo"}


def _application(fn: str, args) -> tuple[str, int]:
    if fn in _POLY_ARGS:
        # Arguments of polymorphic functions carry no expected type: keep their type visible.
        first = _ascribe_if_needed(args[0], show(args[0], _MAX))
        if fn == "abs" and len(args) == 1:
            # as an argument it is parenthesized: `f (|x|)` (the grammar reads no `f |x|`)
            return f"|{_ascribe_if_needed(args[0], show(args[0]))}|", _MAX - 1
        return " ".join([fn, first] + [show(a, _MAX) for a in args[1:]]), _MAX - 1
    if fn == "Nat.factorial" and len(args) == 1:
        return f"{show(args[0], _MAX)} !", _MAX
    return " ".join([fn] + [show(a, _MAX) for a in args]), _MAX - 1


def show_type(ty) -> str:
    if is_fin(ty):
        return f"Fin {show(ty[1])}" if ty[1].op in ("num", "var") else "Fin (…)"
    if isinstance(ty, tuple):
        if ty[0] == "→":
            return " → ".join(map(show_type, (*ty[1], ty[2])))
        return " ".join([ty[0]] + [show_type(t) if isinstance(t, str) else f"({show_type(t)})" for t in ty[1:]])
    return str(ty)
