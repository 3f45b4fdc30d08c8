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

import re

from prover.errors import ProverError
from prover.state import Goal
from prover.kernel.terms import accessible
from prover.syntax.ast import NAT, PROP, REAL, SET_EXT, Expr, num, set_equation
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


def _abs_of(op: str, strict: bool, negate: bool):
    """`abs_of_nonneg (h : 0 ≤ a) : |a| = a`, `abs_of_pos (h : 0 < a) : |a| = a`,
    `abs_of_nonpos (h : a ≤ 0) : |a| = -a`, `abs_of_neg (h : a < 0) : |a| = -a`
    (Mathlib/Algebra/Order/Group/Unbundled/Abs.lean, additive `mabs_of_one_le` …; `a` implicit)."""
    def build(t, name):
        s = _sides(t[0], op)
        if s is None or not _zero(s[1] if negate else s[0]):
            raise BadHint(f"{name}: premise {'_ ' + ('<' if strict else '≤') + ' 0' if negate else '0 ' + ('<' if strict else '≤') + ' _'} expected")
        a = s[0] if negate else s[1]
        _needs(a.ty, ORDERED_RINGS, name)
        return _rel("eq", _abs(a), Expr("neg", (a,), ty=a.ty) if negate else a)
    return build


def _abs(a):
    return Expr("call", (a,), value="abs", ty=a.ty)


def _lemma_le_abs_self(t, name):
    (a,) = t   # le_abs_self (a : α) : a ≤ |a|
    _needs(a.ty, ORDERED_RINGS, name)
    return _rel("le", a, _abs(a))


def _lemma_neg_abs_le(t, name):
    (a,) = t   # neg_abs_le (a : α) : -|a| ≤ a
    _needs(a.ty, ORDERED_RINGS, name)
    return _rel("le", Expr("neg", (_abs(a),), ty=a.ty), a)


def _abs_bound(op: str, of_sub: bool):
    """`abs_le : |a| ≤ b ↔ -b ≤ a ∧ a ≤ b`, `abs_lt : |a| < b ↔ -b < a ∧ a < b`,
    `abs_sub_le_iff : |a - b| ≤ c ↔ a - b ≤ c ∧ b - a ≤ c`, `abs_sub_lt_iff : |a - b| < c ↔
    a - b < c ∧ b - a < c` (Mathlib/Algebra/Order/Group/Abs.lean), read left to right (`.mp`)."""
    def build(t, name):
        s = _sides(t[0], op)
        if s is None or s[0].op != "call" or s[0].value != "abs":
            raise BadHint(f"{name}: premise |_| {'<' if op == 'lt' else '≤'} _ expected")
        a, b = s[0].args[0], s[1]
        _needs(a.ty, ORDERED_RINGS, name)
        if of_sub:
            if a.op != "sub":
                raise BadHint(f"{name}: premise |_ - _| {'<' if op == 'lt' else '≤'} _ expected")
            x, y = a.args
            return Expr("and", (_rel(op, a, b), _rel(op, _binop("sub", y, x), b)), ty=PROP)
        return Expr("and", (_rel(op, Expr("neg", (b,), ty=b.ty), a), _rel(op, a, b)), ty=PROP)
    return build


def _lemma_sq_pos_of_pos(t, name):
    a = _premise_pos(t[0], True)   # sq_pos_of_pos (ha : 0 < a) : 0 < a ^ 2 (`a` implicit)
    _needs(a.ty, ORDERED_SEMIRINGS, name)
    return _rel("lt", num(0, a.ty), _square(a))


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
    "sub_nonneg.mpr": (("proof",), _lemma_sub_nonneg_mpr),
    "sub_nonneg.2": (("proof",), _lemma_sub_nonneg_mpr),
    "sub_pos.mpr": (("proof",), _lemma_sub_pos_mpr),
    "sub_pos.2": (("proof",), _lemma_sub_pos_mpr),
    "le_of_lt": (("proof",), _lemma_le_of_lt),
    "abs_of_nonneg": (("proof",), _abs_of("le", False, False)),
    "abs_of_pos": (("proof",), _abs_of("lt", True, False)),
    "abs_of_nonpos": (("proof",), _abs_of("le", False, True)),
    "abs_of_neg": (("proof",), _abs_of("lt", True, True)),
    "le_abs_self": (("term",), _lemma_le_abs_self),
    "neg_abs_le": (("term",), _lemma_neg_abs_le),
    "sq_pos_of_pos": (("proof",), _lemma_sq_pos_of_pos),
    **{f"{n}.{d}": (("proof",), _abs_bound(op, sub)) for n, op, sub in (
        ("abs_le", "le", False), ("abs_lt", "lt", False),
        ("abs_sub_le_iff", "le", True), ("abs_sub_lt_iff", "lt", True)) for d in ("mp", "1")},
}


def _lemma_ne_of_gt(t, name):
    s = _sides(t[0], "lt")  # LT.lt.ne' : a < b → b ≠ a
    if s is None:
        raise BadHint(f"{name}: premise _ < _ expected")
    return _rel("ne", s[1], s[0])


def _lemma_ne_of_lt(t, name):
    s = _sides(t[0], "lt")  # LT.lt.ne : a < b → a ≠ b
    if s is None:
        raise BadHint(f"{name}: premise _ < _ expected")
    return _rel("ne", s[0], s[1])


# `h.le` is `LT.lt.le h`, `h.ne` is `LT.lt.ne h : a ≠ b`, `h.ne'` is `LT.lt.ne' h : b ≠ a` (h : a < b)
PROJECTIONS = {"le": _lemma_le_of_lt, "ne": _lemma_ne_of_lt, "ne'": _lemma_ne_of_gt}


# -- Mathlib lemmas about √, exp, log, sin/cos, π, rpow, by their Mathlib signatures --------------
# Each entry is the declaration's binders and statement as in Mathlib (source file in the comment):
# `(x : ℝ)` an explicit argument, `{x : ℝ}` an implicit one (found by unifying a premise),
# `(h : P)` an explicit proof of the premise P. `√x` is `Real.sqrt x`, `π` is `Real.pi`.
SIGNATURES = {
    # Lean core Init/Data/Nat/Basic.lean: `protected theorem Nat.pow_le_pow_right {n : Nat}
    # (hx : n > 0) {i : Nat} : ∀ {j}, i ≤ j → n^i ≤ n^j`
    "Nat.pow_le_pow_right": "{n : ℕ} (hx : n > 0) {i j : ℕ} (h : i ≤ j) : n ^ i ≤ n ^ j",
    # Mathlib/Data/Nat/Defs.lean (`theorem Nat.le_of_dvd {m n : ℕ} (h1 : 0 < n) : m ∣ n → m ≤ n`)
    "Nat.le_of_dvd": "{m n : ℕ} (h1 : 0 < n) (h2 : m ∣ n) : m ≤ n",
    # Divisibility, gcd and parity (round 12). Lean core Init/Data/Nat/Dvd.lean:
    # `protected theorem Nat.dvd_trans {a b c : Nat} (h₁ : a ∣ b) (h₂ : b ∣ c) : a ∣ c`,
    # `theorem Nat.dvd_mul_left_of_dvd {a b : Nat} (h : a ∣ b) (c : Nat) : a ∣ c * b`
    "Nat.dvd_trans": "{a b c : ℕ} (h₁ : a ∣ b) (h₂ : b ∣ c) : a ∣ c",
    "Nat.dvd_mul_left_of_dvd": "{a b : ℕ} (h : a ∣ b) (c : ℕ) : a ∣ c * b",
    # Mathlib/Data/Nat/Defs.lean (namespace Nat, `variable {k m n : ℕ}`): `lemma dvd_sub' (h₁ : k ∣ m) (h₂ : k ∣ n) : k ∣ m - n`
    "Nat.dvd_sub'": "{k m n : ℕ} (h₁ : k ∣ m) (h₂ : k ∣ n) : k ∣ m - n",
    # Lean core Init/Data/Nat/Gcd.lean, Init/Data/Nat/Lcm.lean: `theorem gcd_dvd_left (m n : Nat) : gcd m n ∣ m`, …,
    # `theorem gcd_mul_lcm (m n : Nat) : gcd m n * lcm m n = m * n`
    "Nat.gcd_dvd_left": "(m n : ℕ) : Nat.gcd m n ∣ m",
    "Nat.gcd_dvd_right": "(m n : ℕ) : Nat.gcd m n ∣ n",
    "Nat.gcd_mul_lcm": "(m n : ℕ) : Nat.gcd m n * Nat.lcm m n = m * n",
    # Mathlib/Algebra/Group/Nat/Even.lean (`variable {m n : ℕ}`), Mathlib/Algebra/Group/Int/Even.lean and
    # Mathlib/Algebra/Ring/Int/Parity.lean (`variable {m n : ℤ}`): parity as a remainder
    "Nat.even_iff": "{n : ℕ} : Even n ↔ n % 2 = 0",
    "Nat.odd_iff": "{n : ℕ} : Odd n ↔ n % 2 = 1",
    "Int.even_iff": "{n : ℤ} : Even n ↔ n % 2 = 0",
    "Int.odd_iff": "{n : ℤ} : Odd n ↔ n % 2 = 1",
    # Mathlib/Data/Int/ModEq.lean (namespace Int, `variable {m n a b c d : ℤ}`; `Int.ModEq n a b` is by definition
    # `a % n = b % n`, which the parser writes for `a ≡ b [ZMOD n]`): `theorem modEq_iff_dvd : a ≡ b [ZMOD n] ↔ n ∣ b - a`
    "Int.modEq_iff_dvd": "{n a b : ℤ} : a ≡ b [ZMOD n] ↔ n ∣ b - a",
    # Lean core Init/Data/Nat/Lemmas.lean, Init/Data/Nat/Dvd.lean: `protected theorem Nat.pow_dvd_pow
    # {m n : Nat} (a : Nat) (h : m ≤ n) : a ^ m ∣ a ^ n`, `protected theorem Nat.dvd_trans {a b c : Nat}
    # (h₁ : a ∣ b) (h₂ : b ∣ c) : a ∣ c`
    "Nat.pow_dvd_pow": "{m n : ℕ} (a : ℕ) (h : m ≤ n) : a ^ m ∣ a ^ n",
    # Init/Data/Nat/Div/Basic.lean: `theorem Nat.mod_eq_of_lt {a b : Nat} (h : a < b) : a % b = a`
    "Nat.mod_eq_of_lt": "{a b : ℕ} (h : a < b) : a % b = a",
    # Mathlib/Analysis/Real/Sqrt.lean (formerly Mathlib/Data/Real/Sqrt.lean), `variable {x y : ℝ}`
    "Real.sqrt_nonneg": "(x : ℝ) : 0 ≤ √x",
    "Real.sq_sqrt": "{x : ℝ} (h : 0 ≤ x) : √x ^ 2 = x",
    "Real.sqrt_sq": "{x : ℝ} (h : 0 ≤ x) : √(x ^ 2) = x",
    "Real.mul_self_sqrt": "{x : ℝ} (h : 0 ≤ x) : √x * √x = x",
    "Real.sqrt_mul_self": "{x : ℝ} (h : 0 ≤ x) : √(x * x) = x",
    "Real.sqrt_sq_eq_abs": "(x : ℝ) : √(x ^ 2) = |x|",
    "Real.sqrt_zero": ": √0 = 0",
    "Real.sqrt_one": ": √1 = 1",
    "Real.sqrt_le_sqrt": "{x y : ℝ} (h : x ≤ y) : √x ≤ √y",
    "Real.sqrt_lt_sqrt": "{x y : ℝ} (hx : 0 ≤ x) (h : x < y) : √x < √y",
    "Real.sqrt_pos_of_pos": "{x : ℝ} (h : 0 < x) : 0 < √x",   # alias ⟨_, sqrt_pos_of_pos⟩ := sqrt_pos
    "Real.sqrt_mul": "{x : ℝ} (hx : 0 ≤ x) (y : ℝ) : √(x * y) = √x * √y",
    "Real.sqrt_mul'": "(x : ℝ) {y : ℝ} (hy : 0 ≤ y) : √(x * y) = √x * √y",
    "Real.le_sqrt_of_sq_le": "{x y : ℝ} (h : x ^ 2 ≤ y) : x ≤ √y",
    "Real.sqrt_le_iff": "{x y : ℝ} : √x ≤ y ↔ 0 ≤ y ∧ x ≤ y ^ 2",
    "Real.sqrt_eq_iff_mul_self_eq_of_pos": "{x y : ℝ} (h : 0 < y) : √x = y ↔ y * y = x",
    "Real.sqrt_one_add_le": "{x : ℝ} (h : -1 ≤ x) : √(1 + x) ≤ 1 + x / 2",
    "Real.sqrt_lt'": "{x y : ℝ} (hy : 0 < y) : √x < y ↔ x < y ^ 2",
    "Real.lt_sqrt": "{x y : ℝ} (hx : 0 ≤ x) : x < √y ↔ x ^ 2 < y",
    # Mathlib/Analysis/SpecialFunctions/Exp.lean, Mathlib/Analysis/Complex/Exponential.lean
    "Real.exp_pos": "(x : ℝ) : 0 < Real.exp x",
    "Real.exp_nonneg": "(x : ℝ) : 0 ≤ Real.exp x",
    "Real.add_one_le_exp": "(x : ℝ) : x + 1 ≤ Real.exp x",
    "Real.add_one_lt_exp": "{x : ℝ} (hx : x ≠ 0) : x + 1 < Real.exp x",
    "Real.exp_zero": ": Real.exp 0 = 1",
    # Lean core, Nat/Basic.lean (`protected theorem Nat.mul_div_cancel_left`, `Nat.mul_div_cancel`):
    # ℕ's truncating `/` is exact on a multiple of a positive divisor
    "Nat.mul_div_cancel_left": "(m : ℕ) {n : ℕ} (H : 0 < n) : n * m / n = m",
    "Nat.mul_div_cancel": "(m : ℕ) {n : ℕ} (H : 0 < n) : m * n / n = m",
    # Mathlib/Combinatorics/Choose/Basic.lean (namespace Nat)
    "Nat.choose_symm": "{n k : ℕ} (hk : k ≤ n) : Nat.choose n (n - k) = Nat.choose n k",
    "Nat.choose_eq_zero_of_lt": "{n k : ℕ} (h : n < k) : Nat.choose n k = 0",
    "Nat.choose_succ_succ'": "(n k : ℕ) : Nat.choose (n + 1) (k + 1) = Nat.choose n k + Nat.choose n (k + 1)",
    "Nat.choose_self": "(n : ℕ) : Nat.choose n n = 1",
    "Nat.choose_zero_right": "(n : ℕ) : Nat.choose n 0 = 1",
    "Nat.choose_one_right": "(n : ℕ) : Nat.choose n 1 = n",
    # same file: `theorem choose_two_right (n : ℕ) : n.choose 2 = n * (n - 1) / 2`,
    # `theorem triangle_succ (n : ℕ) : (n + 1) * (n + 1 - 1) / 2 = n * (n - 1) / 2 + n`
    "Nat.choose_two_right": "(n : ℕ) : Nat.choose n 2 = n * (n - 1) / 2",
    "Nat.triangle_succ": "(n : ℕ) : (n + 1) * (n + 1 - 1) / 2 = n * (n - 1) / 2 + n",
    "Real.one_le_exp": "{x : ℝ} (hx : 0 ≤ x) : 1 ≤ Real.exp x",
    "Real.exp_le_exp": "{x y : ℝ} : Real.exp x ≤ Real.exp y ↔ x ≤ y",
    "Real.exp_lt_exp": "{x y : ℝ} : Real.exp x < Real.exp y ↔ x < y",
    # Mathlib/Analysis/SpecialFunctions/Log/Basic.lean, `variable {x y : ℝ}`
    "Real.exp_log": "{x : ℝ} (hx : 0 < x) : Real.exp (Real.log x) = x",
    "Real.log_exp": "(x : ℝ) : Real.log (Real.exp x) = x",
    "Real.log_zero": ": Real.log 0 = 0",
    "Real.log_one": ": Real.log 1 = 0",
    "Real.log_mul": "{x y : ℝ} (hx : x ≠ 0) (hy : y ≠ 0) : Real.log (x * y) = Real.log x + Real.log y",
    "Real.log_div": "{x y : ℝ} (hx : x ≠ 0) (hy : y ≠ 0) : Real.log (x / y) = Real.log x - Real.log y",
    "Real.log_pow": "(x : ℝ) (n : ℕ) : Real.log (x ^ n) = n * Real.log x",
    "Real.log_sqrt": "{x : ℝ} (hx : 0 ≤ x) : Real.log (√x) = Real.log x / 2",
    "Real.log_le_sub_one_of_pos": "{x : ℝ} (hx : 0 < x) : Real.log x ≤ x - 1",
    "Real.log_lt_sub_one_of_pos": "{x : ℝ} (hx1 : 0 < x) (hx2 : x ≠ 1) : Real.log x < x - 1",
    "Real.log_le_self": "{x : ℝ} (hx : 0 ≤ x) : Real.log x ≤ x",
    "Real.log_pos": "{x : ℝ} (hx : 1 < x) : 0 < Real.log x",
    "Real.log_nonneg": "{x : ℝ} (hx : 1 ≤ x) : 0 ≤ Real.log x",
    "Real.log_neg": "{x : ℝ} (h0 : 0 < x) (h1 : x < 1) : Real.log x < 0",
    "Real.log_nonpos": "{x : ℝ} (hx : 0 ≤ x) (h'x : x ≤ 1) : Real.log x ≤ 0",
    "Real.log_le_log": "{x y : ℝ} (hx : 0 < x) (hxy : x ≤ y) : Real.log x ≤ Real.log y",
    "Real.log_lt_log": "{x y : ℝ} (hx : 0 < x) (h : x < y) : Real.log x < Real.log y",
    # Mathlib/Analysis/SpecialFunctions/Trigonometric/Basic.lean, Mathlib/Data/Complex/Trigonometric
    # (`variable (x y : ℝ)`), Mathlib/Analysis/Real/Pi/Bounds.lean
    "Real.sin_sq_add_cos_sq": "(x : ℝ) : Real.sin x ^ 2 + Real.cos x ^ 2 = 1",
    "Real.cos_sq_add_sin_sq": "(x : ℝ) : Real.cos x ^ 2 + Real.sin x ^ 2 = 1",
    "Real.sin_le_one": "(x : ℝ) : Real.sin x ≤ 1",
    "Real.neg_one_le_sin": "(x : ℝ) : -1 ≤ Real.sin x",
    "Real.cos_le_one": "(x : ℝ) : Real.cos x ≤ 1",
    "Real.neg_one_le_cos": "(x : ℝ) : -1 ≤ Real.cos x",
    "Real.sin_pos_of_pos_of_lt_pi": "{x : ℝ} (h0x : 0 < x) (hxp : x < π) : 0 < Real.sin x",
    "Real.sin_nonneg_of_nonneg_of_le_pi": "{x : ℝ} (h0x : 0 ≤ x) (hxp : x ≤ π) : 0 ≤ Real.sin x",
    "Real.pi_pos": ": 0 < π",
    "Real.pi_nonneg": ": 0 ≤ π",
    "Real.two_le_pi": ": (2 : ℝ) ≤ π",
    "Real.pi_le_four": ": π ≤ 4",
    "Real.pi_lt_four": ": π < 4",
    "Real.pi_gt_three": ": 3 < π",
    # Mathlib/Analysis/SpecialFunctions/Trigonometric/Basic.lean (namespace Real): values at
    # multiples of π (`@[simp] theorem cos_pi_div_three : cos (π / 3) = 1 / 2`, …) and the
    # complement/supplement identities (`(x : ℝ)` explicit)
    "Real.sin_zero": ": Real.sin 0 = 0",
    "Real.cos_zero": ": Real.cos 0 = 1",
    "Real.sin_pi": ": Real.sin π = 0",
    "Real.cos_pi": ": Real.cos π = -1",
    "Real.sin_pi_div_two": ": Real.sin (π / 2) = 1",
    "Real.cos_pi_div_two": ": Real.cos (π / 2) = 0",
    "Real.cos_pi_div_three": ": Real.cos (π / 3) = 1 / 2",
    "Real.sin_pi_div_six": ": Real.sin (π / 6) = 1 / 2",
    "Real.cos_pi_div_six": ": Real.cos (π / 6) = √3 / 2",
    "Real.sin_pi_div_three": ": Real.sin (π / 3) = √3 / 2",
    "Real.cos_pi_div_four": ": Real.cos (π / 4) = √2 / 2",
    "Real.sin_pi_div_four": ": Real.sin (π / 4) = √2 / 2",
    "Real.tan_pi_div_four": ": Real.tan (π / 4) = 1",
    "Real.sin_pi_div_two_sub": "(x : ℝ) : Real.sin (π / 2 - x) = Real.cos x",
    "Real.cos_pi_div_two_sub": "(x : ℝ) : Real.cos (π / 2 - x) = Real.sin x",
    "Real.sin_pi_sub": "(x : ℝ) : Real.sin (π - x) = Real.sin x",
    "Real.cos_pi_sub": "(x : ℝ) : Real.cos (π - x) = -Real.cos x",
    # Mathlib/Data/Complex/Trigonometric.lean (namespace Real, `variable (x y : ℝ)`)
    "Real.sin_two_mul": "(x : ℝ) : Real.sin (2 * x) = 2 * Real.sin x * Real.cos x",
    "Real.cos_two_mul": "(x : ℝ) : Real.cos (2 * x) = 2 * Real.cos x ^ 2 - 1",
    "Real.cos_sq'": "(x : ℝ) : Real.cos x ^ 2 = 1 - Real.sin x ^ 2",
    "Real.sin_sq": "(x : ℝ) : Real.sin x ^ 2 = 1 - Real.cos x ^ 2",
    "Real.sin_add": "(x y : ℝ) : Real.sin (x + y) = Real.sin x * Real.cos y + Real.cos x * Real.sin y",
    "Real.cos_add": "(x y : ℝ) : Real.cos (x + y) = Real.cos x * Real.cos y - Real.sin x * Real.sin y",
    "Real.sin_sub": "(x y : ℝ) : Real.sin (x - y) = Real.sin x * Real.cos y - Real.cos x * Real.sin y",
    "Real.cos_sub": "(x y : ℝ) : Real.cos (x - y) = Real.cos x * Real.cos y + Real.sin x * Real.sin y",
    # Mathlib/Analysis/SpecialFunctions/Pow/Real.lean
    "Real.rpow_natCast": "(x : ℝ) (n : ℕ) : x ^ (n : ℝ) = x ^ n",
    # Mathlib/Analysis/SpecialFunctions/Pow/Real.lean (namespace Real)
    "Real.rpow_mul": "{x : ℝ} (hx : 0 ≤ x) (y z : ℝ) : x ^ (y * z) = (x ^ y) ^ z",
    "Real.log_rpow": "{x : ℝ} (hx : 0 < x) (y : ℝ) : Real.log (x ^ y) = y * Real.log x",
    "Real.rpow_pos_of_pos": "{x : ℝ} (hx : 0 < x) (y : ℝ) : 0 < x ^ y",
    "Real.rpow_nonneg": "{x : ℝ} (hx : 0 ≤ x) (y : ℝ) : 0 ≤ x ^ y",
    # Mathlib/Algebra/GroupWithZero/Units/Basic.lean (`[GroupWithZero G₀] {a b c : G₀}`), at G₀ = ℝ: a quotient
    # by a proved nonzero divisor (`a = c * b → a / b = c`, the arrow applied as an argument)
    "div_eq_of_eq_mul": "{a b c : ℝ} (hb : b ≠ 0) (h : a = c * b) : a / b = c",
    "add_div": "(a b c : ℝ) : (a + b) / c = a / c + b / c",   # Mathlib/Algebra/Field/Basic.lean (`DivisionSemiring α`, explicit a b c)
    # Mathlib/Algebra/Order/Floor (`Int.floor_eq_iff : ⌊a⌋ = z ↔ ↑z ≤ a ∧ a < z + 1`,
    # `Int.ceil_eq_iff : ⌈a⌉ = z ↔ ↑z - 1 < a ∧ a ≤ z`, `{z : ℤ} {a : α}`), at α = ℝ, used by `.mpr`
    # on an anonymous constructor `⟨h₁, h₂⟩`
    "Int.floor_eq_iff.mpr": "{z : ℤ} {r : ℝ} (h : ↑z ≤ r ∧ r < ↑z + 1) : ⌊r⌋ = z",
    "Int.ceil_eq_iff.mpr": "{z : ℤ} {r : ℝ} (h : ↑z - 1 < r ∧ r ≤ ↑z) : ⌈r⌉ = z",
    # Mathlib/Algebra/GroupWithZero/Defs.lean: `{M₀} [Mul M₀] [Zero M₀] [IsRightCancelMulZero M₀]`, here at ℝ
    # only (other types are refused, never misread); `mul_left_cancel₀` is in POLYMORPHIC
    "mul_right_cancel₀": "{a b c : ℝ} (hb : b ≠ 0) (h : a * b = c * b) : a = c",
    # Mathlib/Data/Complex/Basic.lean (namespace Complex; `I : ℂ` is an opaque constant to `ring`,
    # which never reduces `I ^ 2`: these are the facts a proof names, e.g. `linear_combination c * Complex.I_sq`)
    "Complex.I_sq": ": Complex.I ^ 2 = -1",                # @[simp] theorem I_sq : I ^ 2 = -1
    "Complex.I_mul_I": ": Complex.I * Complex.I = -1",     # @[simp] theorem I_mul_I : I * I = -1
    "Complex.I_ne_zero": ": Complex.I ≠ 0",                # theorem I_ne_zero : (I : ℂ) ≠ 0
    "Complex.I_pow_four": ": Complex.I ^ 4 = 1",           # @[simp] theorem I_pow_four : I ^ 4 = 1
}

# Lemmas of `SIGNATURES` without binders (`Complex.I_sq`): a proof by their name alone.
NULLARY = frozenset(n for n, text in SIGNATURES.items() if text.startswith(": "))


def nullary_statement(goal: Goal, name: str) -> Expr:
    """The statement of the binder-free lemma `name` (a local of that name shadows it)."""
    if name not in NULLARY or goal.hypothesis(name) is not None or name in goal.context \
            or name.split(".")[0] in goal.context:   # `Complex.I_sq` with a local `Complex`: a projection to Lean
        raise BadHint(f"{name} is not a library lemma without arguments")
    return _apply_signature(goal, name, [])


# `congrArg f h : f a = f b` (Lean core, `{f : α → β} (h : a₁ = a₂)`, f given explicitly here as
# `congrArg f h`) for these functions ℝ → ℝ: taking logs (or √, exp, sin, cos, tan) of both sides of an equation.
CONGR_FUNCTIONS = ("Real.log", "Real.exp", "Real.sqrt", "Real.sin", "Real.cos", "Real.tan")


# Lemmas over a type variable `α`, by their Mathlib signatures, with the number types whose
# instances Lean finds (`GroupWithZero`, `CommGroupWithZero`: ℚ, ℝ, ℂ; `AddGroup`: ℤ, ℚ, ℝ, ℂ;
# never ℕ, where `/` truncates and `-` is truncated: Lean fails to synthesize the instance).
# An iff is used through `.mp`/`.mpr`/`.1`/`.2` applied to a proof (`iff_projection`).
FIELD_TYPES = ("ℚ", "ℝ", "ℂ")
ADD_GROUP_TYPES = ("ℤ", "ℚ", "ℝ", "ℂ")
ORDERED_FIELD_TYPES = ("ℚ", "ℝ")
POLYMORPHIC = {
    # Mathlib/Algebra/GroupWithZero/Units/Basic.lean, `variable [GroupWithZero G₀] {a b c : G₀}`
    "div_eq_iff": (FIELD_TYPES, "{a b c : α} (hb : b ≠ 0) : a / b = c ↔ a = c * b"),
    "eq_div_iff": (FIELD_TYPES, "{a b c : α} (hb : b ≠ 0) : c = a / b ↔ c * b = a"),
    # same file, section CommGroupWithZero, `{a b c d : G₀}`
    "div_eq_div_iff": (FIELD_TYPES, "{a b c d : α} (hb : b ≠ 0) (hd : d ≠ 0) : a / b = c / d ↔ a * d = c * b"),
    # Mathlib/Algebra/GroupWithZero/Defs.lean, `[GroupWithZero G₀] {a : G₀}` (`@[simp] lemma mul_inv_cancel₀`)
    "mul_inv_cancel₀": (FIELD_TYPES, "{a : α} (h : a ≠ 0) : a * a⁻¹ = 1"),
    # Mathlib/Algebra/GroupWithZero/Defs.lean, `[Mul M₀] [Zero M₀] [NoZeroDivisors M₀] {a b : M₀}`
    "mul_ne_zero": (("ℕ",) + ADD_GROUP_TYPES, "{a b : α} (ha : a ≠ 0) (hb : b ≠ 0) : a * b ≠ 0"),
    # Mathlib/Algebra/GroupWithZero/Basic.lean, `[GroupWithZero G₀] {a : G₀}` (`@[simp] theorem inv_eq_zero`)
    "inv_eq_zero": (FIELD_TYPES, "{a : α} : a⁻¹ = 0 ↔ a = 0"),
    # Mathlib/Algebra/Group/Basic.lean (`@[to_additive]` of `div_ne_one`, `div_ne_one_of_ne`)
    "sub_ne_zero": (ADD_GROUP_TYPES, "{a b : α} : a - b ≠ 0 ↔ a ≠ b"),
    "sub_ne_zero_of_ne": (ADD_GROUP_TYPES, "{a b : α} (h : a ≠ b) : a - b ≠ 0"),
    # Mathlib/Algebra/GroupWithZero/Defs.lean, `[Mul M₀] [Zero M₀] [IsLeftCancelMulZero M₀] {a b c : M₀}`
    # (ℕ included: a cancellative monoid with zero)
    "mul_left_cancel₀": (("ℕ",) + ADD_GROUP_TYPES, "{a b c : α} (ha : a ≠ 0) (h : a * b = a * c) : b = c"),
    # Mathlib/Algebra/Order/GroupWithZero/Unbundled/Basic.lean, `[GroupWithZero G₀] [PartialOrder G₀]
    # [MulPosReflectLT G₀] {a b c : G₀}` (and `[PosMulReflectLT G₀]` for the `_left` ones): ordered
    # fields, ℚ and ℝ (ℂ's order is scoped; ℕ and ℤ are no groups with zero); the positivity
    # argument is explicit and required
    "div_le_iff₀": (ORDERED_FIELD_TYPES, "{a b c : α} (hc : 0 < c) : b / c ≤ a ↔ b ≤ a * c"),
    "le_div_iff₀": (ORDERED_FIELD_TYPES, "{a b c : α} (hc : 0 < c) : a ≤ b / c ↔ a * c ≤ b"),
    "div_lt_iff₀": (ORDERED_FIELD_TYPES, "{a b c : α} (hc : 0 < c) : b / c < a ↔ b < a * c"),
    "lt_div_iff₀": (ORDERED_FIELD_TYPES, "{a b c : α} (hc : 0 < c) : a < b / c ↔ a * c < b"),
    "div_lt_div_of_pos_left": (ORDERED_FIELD_TYPES, "{a b c : α} (ha : 0 < a) (hc : 0 < c) (h : c < b) : a / b < a / c"),
    "div_le_div_of_nonneg_left": (ORDERED_FIELD_TYPES, "{a b c : α} (ha : 0 ≤ a) (hc : 0 < c) (h : c ≤ b) : a / b ≤ a / c"),
}
PROJECTION_SIDES = {"mp": 0, "1": 0, "mpr": 1, "2": 1}


_BINDER = re.compile(r"([({])([^(){}:]+) : ([^(){}]+)[)}]")


def _top_level(text: str, sep: str, opening: str, closing: str) -> int | None:
    """The index of the first `sep` outside brackets, or None."""
    depth = 0
    for i, ch in enumerate(text):
        depth += ch in opening
        depth -= ch in closing
        if depth == 0 and text.startswith(sep, i):
            return i
    return None


class _Signature:
    """A lemma's binders (name, type or premise, explicit?) and statement, elaborated once as
    the theorem `(binders) : statement`; its variables are pattern variables."""

    def __init__(self, name: str, text: str):
        from prover.state import load_theorem
        cut = _top_level(text, ": ", "({", ")}")
        head, concl = text[:cut], text[cut + 2:]
        self.binders = []   # (name, kind: "term" | "proof" | "implicit")
        parts = []
        for opening, names, ty in _BINDER.findall(head):
            for n in names.split():
                premise = any(r in ty for r in ("<", "≤", "≠", "=", ">", "≥", "∣"))
                self.binders.append((n, "proof" if premise else ("term" if opening == "(" else "implicit")))
                parts.append(f"({n} : {ty})")
        if _BINDER.sub("", head).strip():
            raise ValueError(f"{name}: unreadable binders {head!r}")
        goal = load_theorem(f"theorem {name.replace('.', '_').replace(chr(39), '_')} {' '.join(parts)} : {concl}").goal
        self.types = {n: goal.variables[n] if isinstance(goal.variables, dict) else dict(goal.variables)[n]
                      for n, k in self.binders if k != "proof"}
        self.premises = {n: goal.hypothesis(n) for n, k in self.binders if k == "proof"}
        self.statement = goal.target
        for e in list(self.premises.values()) + [self.statement]:
            if _has_binder(e):
                raise ValueError(f"{name}: a binder in a signature is not supported")


def _has_binder(e: Expr) -> bool:
    from prover.syntax.ast import BINDER_OPS
    return e.op in BINDER_OPS or any(_has_binder(a) for a in e.args)


_SIGNATURE_CACHE: dict = {}


def signature(name: str, ty: str | None = None) -> _Signature:
    """The signature of `name` (at the number type `ty` for a lemma over `α`)."""
    key = (name, ty)
    if key not in _SIGNATURE_CACHE:
        text = SIGNATURES[name] if ty is None else POLYMORPHIC[name][1].replace("α", ty)
        _SIGNATURE_CACHE[key] = _Signature(name, text)
    return _SIGNATURE_CACHE[key]


def _variants(name: str) -> list[_Signature]:
    if name in SIGNATURES:
        return [signature(name)]
    return [signature(name, ty) for ty in POLYMORPHIC[name][0]]


_FLIP = {"gt": "lt", "ge": "le"}


def oriented(e: Expr) -> Expr:
    """`b > a` ↦ `a < b`, `b ≥ a` ↦ `a ≤ b` (reducible notation, as Lean unifies it)."""
    if e.op in _FLIP:
        return Expr(_FLIP[e.op], (e.args[1], e.args[0]), value=e.value, ty=e.ty)
    return e


def _match(pattern: Expr, term: Expr, metas: dict, binding: dict) -> bool:
    """First-order matching of a signature's premise against a proved proposition: a pattern
    variable is bound to a subterm of its type (consistently, up to α); everything else must be
    syntactically the same node (stricter than Lean's unification up to defeq: refuses more)."""
    from prover.kernel.terms import alpha_equal
    if pattern.op == "var" and pattern.value in metas:
        if term.ty != metas[pattern.value]:
            return False
        if pattern.value in binding:
            return alpha_equal(binding[pattern.value], term)
        binding[pattern.value] = term
        return True
    if (pattern.op, pattern.value, pattern.ty, len(pattern.args)) != (term.op, term.value, term.ty, len(term.args)):
        return False
    return all(_match(p, t, metas, binding) for p, t in zip(pattern.args, term.args))


def _instantiate(e: Expr, binding: dict) -> Expr:
    if e.op == "var" and e.value in binding:
        return binding[e.value]
    if not e.args:
        return e
    return e.with_args(*(_instantiate(a, binding) for a in e.args))


def _apply_signature(goal: Goal, name: str, words: list[str]) -> Expr:
    """`name w₁ … wₙ`: a lemma's statement at its explicit arguments (a lemma over `α` at the
    one number type its arguments fit; every other type is refused)."""
    errors = []
    for sig in _variants(name):
        try:
            binding = _bind_arguments(goal, name, sig, words)
            return _complete(name, sig, binding, sig.statement)
        except BadHint as err:
            errors.append(str(err))
    raise BadHint(errors[0] if len(errors) == 1 else f"{name}: no instance fits ({'; '.join(dict.fromkeys(errors))})")


def _complete(name: str, sig: _Signature, binding: dict, e: Expr) -> Expr:
    missing = [n for n in sig.types if n not in binding]
    if missing:
        raise BadHint(f"{name}: cannot infer {', '.join(missing)}")
    return _instantiate(e, binding)


_PROJECTION = re.compile(r"(?:\((.+)\)|([\w.']+))\.(mp|mpr|1|2)")


def is_kernel_term(goal: Goal, words: list[str]) -> bool:
    """Whether `resolve` reads the application `words` through the kernel's own tables: an
    iff projection `(lemma args).mp h` / `lemma.mpr h` of a kernel lemma, a `POLYMORPHIC`
    lemma, or `congrArg` (a local name shadows them all, as in Lean)."""
    if not words or goal.hypothesis(words[0]) is not None or words[0] in goal.context or is_local_term(goal, words[0]):
        return False
    if words[0] in ("congrArg", "congrFun") or words[0] in POLYMORPHIC:
        return True
    return len(words) == 2 and _PROJECTION.fullmatch(words[0]) is not None and (
        words[0].startswith("(") or words[0].rpartition(".")[0] in SIGNATURES
        or words[0].rpartition(".")[0] in POLYMORPHIC)


def iff_projection(goal: Goal, head: str, argument: str) -> Expr:
    """`(lemma args).mp h` / `.mpr h` (`Iff.mp : (a ↔ b) → a → b`, `Iff.mpr`; `.1`, `.2`):
    the lemma's explicit arguments bind what they determine, the side `h` proves is matched
    against the lemma's side (binding the remaining implicits), and the result is the other
    side instantiated. Only lemmas whose statement is an iff; every implicit must be bound."""
    m = _PROJECTION.fullmatch(head)
    if m is None:
        raise BadHint(f"unsupported hint term {head}")
    words = split_application(m.group(1)) if m.group(1) else [m.group(2)]
    name, side = words[0], PROJECTION_SIDES[m.group(3)]
    if name not in SIGNATURES and name not in POLYMORPHIC:
        raise BadHint(f"unknown lemma {name}")
    if goal.hypothesis(name) is not None or name in goal.context:
        raise BadHint(f"{name} is a local, not a lemma")   # a local shadows the lemma
    proved = oriented(_proof_argument(goal, argument))
    errors = []
    for sig in _variants(name):
        try:
            if sig.statement.op != "iff":
                raise BadHint(f"{name} is not an iff (no .{m.group(3)})")
            binding = _bind_arguments(goal, name, sig, words[1:])
            if not _match(oriented(sig.statement.args[side]), proved, sig.types, binding):
                raise BadHint(f"{name}.{m.group(3)}: {argument} does not prove {'the left' if side == 0 else 'the right'} side")
            return _complete(name, sig, binding, sig.statement.args[1 - side])
        except BadHint as err:
            errors.append(str(err))
    raise BadHint(errors[0] if len(errors) == 1 else f"{name}: no instance fits ({'; '.join(dict.fromkeys(errors))})")


def _bind_arguments(goal: Goal, name: str, sig: _Signature, words: list[str]) -> dict:
    """The pattern variables the explicit arguments determine (terms elaborated at their
    binder's type; proofs matched against their premise)."""
    explicit = [(n, k) for n, k in sig.binders if k != "implicit"]
    if len(words) != len(explicit):
        raise BadHint(f"{name} takes {len(explicit)} explicit arguments")
    binding: dict = {}
    for (n, kind), word in zip(explicit, words):
        if kind == "term":
            value = elaborate_term(parse_term(word), goal.context, sig.types[n])
            if value.ty != sig.types[n]:
                raise BadHint(f"{name}: {word} does not have type {sig.types[n]}")
            binding[n] = value
    for (n, kind), word in zip(explicit, words):
        if kind == "proof":
            proved = oriented(_proof_argument(goal, word))
            if not _match(oriented(sig.premises[n]), proved, sig.types, binding):
                raise BadHint(f"{name}: {word} does not prove the premise {n}")
    return binding


def _proof_argument(goal: Goal, word: str) -> Expr:
    """The proposition proved by a proof argument: a hypothesis, a lemma application in
    parentheses, or `(by tac : P)`, where the kernel must close P with `tac`."""
    inner = word[1:-1].strip() if word.startswith("(") and word.endswith(")") else None
    if inner is not None and inner.startswith("by "):
        cut = _top_level(inner, " : ", "([{⟨", ")]}⟩")
        if cut is None:
            raise BadHint(f"{word}: a `by` argument needs its type, `(by tac : P)`")
        tactic, prop_text = inner[3:cut].strip(), inner[cut + 3:].strip()
        from prover.syntax.elaborate import elaborate_prop
        prop = elaborate_prop(parse_term(prop_text), goal.context)
        from prover.kernel.proof import CheckedStep
        from prover.kernel.tactics import check
        if not isinstance(check(goal.with_target(prop), tactic), CheckedStep):
            raise BadHint(f"{word}: {tactic} does not prove {prop_text}")
        return prop
    if word.startswith("⟨") and word.endswith("⟩"):
        # `⟨h₁, h₂⟩` against a premise `P ∧ Q` (`And.intro`); nested to the right as Lean reads it
        parts, depth, cur = [], 0, ""
        for ch in word[1:-1]:
            depth += ch in "([{⟨"
            depth -= ch in ")]}⟩"
            if ch == "," and depth == 0:
                parts.append(cur.strip())
                cur = ""
            else:
                cur += ch
        parts.append(cur.strip())
        if len(parts) < 2 or not all(parts):
            raise BadHint(f"{word}: an anonymous constructor needs at least two proofs")
        props = [_proof_argument(goal, p) for p in parts]
        out = props[-1]
        for p in reversed(props[:-1]):
            out = Expr("and", (p, out), ty=PROP)
        return out
    return resolve(goal, inner if inner is not None else word)


def resolve(goal: Goal, text: str) -> Expr:
    """The proposition proved by the hint term `text` in `goal`'s context."""
    text = text.strip()
    if text.startswith("(by ") and text.endswith(")") and split_application(text) == [text]:
        return _proof_argument(goal, text)   # `(by tac : P)`: P, closed by the kernel's `tac`
    if text.endswith(".symm") and split_application(text) == [text]:
        # `(t).symm` / `h.symm` (`Eq.symm : a = b → b = a`, `Ne.symm`): t read as a hint term
        inner = text[:-len(".symm")]
        if inner.startswith("(") and inner.endswith(")") and split_application(inner) == [inner]:
            inner = inner[1:-1]
        elif goal.hypothesis(inner) is None:
            raise BadHint(f"unsupported hint term {text}")
        proved = resolve(goal, inner)
        if proved.op not in ("eq", "ne"):
            raise BadHint(f"{text}: .symm needs an equation or a disequation")
        return Expr(proved.op, (proved.args[1], proved.args[0]), value=proved.value, ty=PROP)
    words = split_application(text)
    if len(words) > 1 and goal.hypothesis(words[0]) is None and is_local_term(goal, words[0]):
        # `hu h₁₁`, `h₁.2 hx`, `(h₀ 5).mpr (by norm_num)`: a local proof applied
        from prover.kernel.proof import CheckedStep
        from prover.kernel.tactics import check
        return instantiate_local(goal, text, lambda g, tac: (
            step if isinstance(step := check(g, tac), CheckedStep) else None))[0]
    if len(words) == 2 and _PROJECTION.fullmatch(words[0]) and goal.hypothesis(words[0]) is None \
            and words[0] not in goal.context \
            and (words[0].startswith("(") or words[0].rpartition(".")[0] in SIGNATURES
                 or words[0].rpartition(".")[0] in POLYMORPHIC):
        return iff_projection(goal, words[0], words[1])
    if words and words[0] == "congrArg" and goal.hypothesis("congrArg") is None and "congrArg" not in goal.context:
        return _congr_arg(goal, words[1:])
    if words and words[0] == "congrFun" and goal.hypothesis("congrFun") is None and "congrFun" not in goal.context:
        return _congr_fun(goal, words[1:])
    if words and goal.hypothesis(words[0]) is None and "(" not in words[0] and words[0] not in goal.context:
        if words[0] in SIGNATURES or words[0] in POLYMORPHIC:
            return _apply_signature(goal, words[0], words[1:])
        if words[0] in LEMMAS and any(w.startswith("(by ") for w in words[1:]):
            kinds, build = LEMMAS[words[0]]
            if len(words) - 1 != len(kinds):
                raise BadHint(f"{words[0]} takes {len(kinds)} explicit arguments")
            args = [_proof_argument(goal, w) if kind == "proof" else elaborate_term(parse_term(w), goal.context)
                    for kind, w in zip(kinds, words[1:])]
            return build(args, words[0])
    return _resolve(goal, parse_term(text))


def _congr_fun(goal: Goal, words: list[str]) -> Expr:
    """`congrFun h a` (Lean core: `theorem congrFun {f g : (a : α) → β a} (h : f = g) (a : α) :
    f a = g a`) with `h : f = fun x => e` local (a function equation, `ast.FUNEXT`): `f a = e[a]`
    (Lean's statement has `(fun x => e) a`, which `instantiateMVars` and defeq beta-reduce). For
    a function of several arguments the result is again an equation of functions."""
    from prover.syntax.ast import NUMBER_TYPES, function_equation, substitute, unmark_function_equation
    if len(words) != 2:
        raise BadHint("congrFun: only `congrFun h a` is modelled")
    h = goal.hypothesis(words[0]) if accessible(words[0]) and words[0] not in goal.context else None
    if h is None or not function_equation(h):
        raise BadHint(f"congrFun: {words[0]} is not a local equation of functions `f = fun x => …`")
    pointwise = unmark_function_equation(h)
    name, ty = pointwise.value
    if ty not in NUMBER_TYPES or words[1].startswith("(by "):
        raise BadHint(f"congrFun: argument {words[1]} over {ty} is not modelled")
    value = elaborate_term(parse_term(words[1]), goal.context, ty)
    if value.ty != ty:
        raise BadHint(f"congrFun: {words[1]} does not have type {ty}")
    return substitute(pointwise.args[0], name, value)


def _congr_arg(goal: Goal, words: list[str]) -> Expr:
    """`congrArg f h` with `h : a = b` over ℝ and f one of `CONGR_FUNCTIONS`, or f a local function
    of one argument of a's type (`x : ℕ → ℤ`, `h : k + 5 - 1 = k + 4`): `f a = f b`."""
    ty = goal.context.get(words[0]) if len(words) == 2 and goal.hypothesis(words[0]) is None \
        and accessible(words[0]) else None
    if isinstance(ty, tuple) and len(ty) == 3 and ty[0] == "→" and len(ty[1]) == 1:
        proved = _proof_argument(goal, words[1])
        if proved.op != "eq" or proved.value != ty[1][0]:
            raise BadHint(f"congrArg: {words[1]} is not an equation in {ty[1][0]}, the domain of {words[0]}")
        a, b = proved.args
        return _rel("eq", Expr("apply", (a,), value=words[0], ty=ty[2]), Expr("apply", (b,), value=words[0], ty=ty[2]))
    if len(words) != 2 or words[0] not in CONGR_FUNCTIONS:
        raise BadHint(f"congrArg: only `congrArg F h` with F one of {', '.join(CONGR_FUNCTIONS)} is modelled")
    proved = _proof_argument(goal, words[1])
    if proved.op != "eq" or proved.value != REAL:
        raise BadHint(f"congrArg: {words[1]} is not an equation over ℝ")
    a, b = proved.args
    return _rel("eq", Expr("call", (a,), value=words[0], ty=REAL), Expr("call", (b,), value=words[0], ty=REAL))


def _finset_membership(p: Expr) -> bool:
    """A membership the elaborator unfolded from a Finset (`x ∈ s \\ t`, `x ∈ s.filter p`): to
    Lean a Multiset/List membership, which no projection or `rcases` pattern takes apart."""
    return bool(p.origin) and any(k.startswith("Finset.") for k in p.origin)


def _resolve(goal: Goal, e: Expr) -> Expr:
    if e.op == "app_expr" and e.args[0].op == "proj" and e.args[0].args[0].op == "var":
        # `sub_pos.2 h` parses as a projection applied to arguments
        e = Expr("app", e.args[1:], value=f"{e.args[0].args[0].value}.{e.args[0].value}")
    if e.op == "var" and "." in e.value and goal.hypothesis(e.value) is None:
        base, _, field = e.value.rpartition(".")
        if field in PROJECTIONS and goal.hypothesis(base) is not None:
            if _finset_membership(goal.hypothesis(base)):
                raise BadHint(f"{base}.{field}: a Finset membership has no projection .{field}")
            return PROJECTIONS[field]([goal.hypothesis(base)], f"{base}.{field}")
    if e.op == "proj" and e.value in ("1", "2") and len(e.args) == 1:
        # `h.1` / `h.2` for `h : A ∧ B` is `And.left h : A` / `And.right h : B`
        inner = _resolve(goal, e.args[0])
        if _finset_membership(inner):
            raise BadHint(f".{e.value}: a Finset membership has no projection (it is no `And`)")
        if inner.op != "and":
            raise BadHint(f".{e.value} needs a proof of a conjunction")
        return inner.args[int(e.value) - 1]
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


# `h.1`, `h.2`, `h.mp`, `(h a).mpr`: a projection of a local proof (`And.left`/`And.right`,
# `Iff.mp`/`Iff.mpr`; `.1`/`.2` are the same projections by position).
_LOCAL_PROJECTION = re.compile(r"(?:\((.+)\)|([^\s().]+))\.(1|2|left|right|mp|mpr)")
_AND_FIELDS = {"1": 0, "left": 0, "2": 1, "right": 1}
_IFF_FIELDS = {"1": 0, "mp": 0, "2": 1, "mpr": 1}


def _local_hypothesis(goal: Goal, name: str) -> Expr | None:
    if not accessible(name) or name in goal.context:
        return None
    return goal.hypothesis(name)


def is_local_term(goal: Goal, head: str) -> bool:
    """Whether `head` (the first word of an application) is a local proof `instantiate_local`
    reads: a hypothesis, a projection of one (`h.2`, `h.mpr`), or of a local application in
    parentheses (`(h₀ 11).mpr`). A local name shadows a library lemma of the same name."""
    if _local_hypothesis(goal, head) is not None:
        return True
    m = _LOCAL_PROJECTION.fullmatch(head)
    if m is None:
        return False
    if m.group(2):
        return _local_hypothesis(goal, m.group(2)) is not None
    try:
        inner = split_application(m.group(1))
    except BadHint:
        return False
    return bool(inner) and is_local_term(goal, inner[0])


def _local_head(goal: Goal, head: str, prove) -> tuple[Expr, list]:
    """The statement of the head of a local application: a hypothesis, or the projection
    `.1 .2 .left .right` of a conjunction (`IsLeast S a` is one: Lean's projection notation
    unfolds the definition) or `.1 .2 .mp .mpr` of an iff (as the implication it is)."""
    prop = _local_hypothesis(goal, head)
    if prop is not None:
        return prop, []
    m = _LOCAL_PROJECTION.fullmatch(head)
    if m is None:
        raise BadHint(f"{head} is not a local hypothesis")
    if m.group(2):
        inner, steps = _local_hypothesis(goal, m.group(2)), []
        if inner is None:
            raise BadHint(f"{m.group(2)} is not a local hypothesis")
    else:
        inner, steps = instantiate_local(goal, m.group(1), prove)
    field = m.group(3)
    if _finset_membership(inner):
        # a Finset membership is no `And`/`Iff` up to the unfolding projection notation does
        raise BadHint(f"{head}: a Finset membership has no projection .{field}")
    if inner.op == "and" and field in _AND_FIELDS:
        return inner.args[_AND_FIELDS[field]], steps
    if inner.op == "iff" and field in _IFF_FIELDS and inner.value not in SET_EXT:
        a, b = inner.args if _IFF_FIELDS[field] == 0 else inner.args[::-1]
        return Expr("imp", (a, b), ty=PROP), steps
    raise BadHint(f"{head}: .{field} needs a proof of {'an iff' if field in ('mp', 'mpr') else 'a conjunction or an iff'}")


def instantiate_strict(prop: Expr, proved: Expr) -> Expr:
    """`h hx` for `h : ∀ ⦃a⦄, P a → Q a` (a strict-implicit binder: `lowerBounds`/`upperBounds`,
    `syntax.ast.strict_implicit`): Lean makes `a` a metavariable, assigned by unifying `P ?a`
    with hx's type. Here `P a` is matched first-order against `proved` and the instance must be
    `proved` up to α (Lean unifies up to defeq: this refuses more, never less). Returns the
    instantiated `P t → Q t`, whose premise hx then proves.

    >>> from prover.state import load_theorem
    >>> from prover.syntax.printer import show
    >>> g = load_theorem("theorem t (S : Set ℕ) (u : ℕ) (h₁ : IsLeast S u) (h : 11 ∈ S) : u ≤ 11").goal
    >>> show(instantiate_strict(g.hypothesis("h₁").args[1], g.hypothesis("h")))
    '11 ∈ S → u ≤ 11'
    """
    from prover.kernel.terms import alpha_equal
    from prover.syntax.ast import free_vars, substitute
    name, ty = prop.value
    body = prop.args[0]
    if body.op != "imp" or name not in free_vars(body.args[0]):
        raise BadHint("a strict-implicit binder is modelled only before a premise that mentions it")
    binding: dict = {}
    if not _match(body.args[0], proved, {name: ty}, binding) or name not in binding:
        raise BadHint("the argument does not prove the premise (no instance of the strict-implicit binder)")
    instance = substitute(body, name, binding[name])
    if not alpha_equal(instance.args[0], proved):
        raise BadHint("the argument does not prove the premise (no instance of the strict-implicit binder)")
    return instance


def instantiate_local(goal: Goal, text: str, prove):
    """The statement of `h a₁ … aₙ` for a local hypothesis `h : ∀ x, … → …` (Lean's
    application typing, `instantiateForall`): each term argument instantiates the next `∀` at
    its binder type (elaborated there, substituted without capture); a premise is discharged
    by a hypothesis stating it (up to α) or by `(by tac)`, where `prove(premise, tac)` must
    return the kernel's step for `tac` on the premise. A strict-implicit `∀ ⦃a⦄` (of
    `lowerBounds`/`upperBounds`) takes no term argument: the next argument, a hypothesis, proves
    its premise and fixes `a` (`instantiate_strict`). The head may be a projection (`h.2`,
    `(h₀ 5).mpr`, `_local_head`). Returns (statement, premise steps)."""
    from prover.kernel.terms import alpha_equal
    from prover.syntax.ast import NUMBER_TYPES, function_equation, strict_implicit, substitute
    words = split_application(text)
    if any("✝" in w for w in words):
        raise BadHint("an inaccessible name (✝) cannot be written in a proof")
    if not words or not is_local_term(goal, words[0]):
        raise BadHint(f"{words[0] if words else '?'} is not a local hypothesis")
    prop, steps = _local_head(goal, words[0], prove)
    for arg in words[1:]:
        if set_equation(prop):
            # `h : S = T` is an `Eq`: `h x` is not a term (Lean: `Set.ext_iff.mp h x`)
            raise BadHint(f"{words[0]}: a set equation is not a function")
        if function_equation(prop):
            raise BadHint(f"{words[0]}: an equation of functions is not a function (congrFun {words[0]} a)")
        if strict_implicit(prop):
            given = _local_hypothesis(goal, arg)
            if given is None:
                raise BadHint(f"{words[0]}: its element is strict-implicit (∀ ⦃a⦄, a ∈ s → …): "
                              f"{arg} is not a hypothesis proving the membership")
            prop = instantiate_strict(prop, given)
        if prop.op == "forall":
            name, ty = prop.value
            if ty not in NUMBER_TYPES or arg.startswith("(by ") or goal.hypothesis(arg) is not None:
                raise BadHint(f"{words[0]}: argument {arg} for a ∀ over {ty} is not modelled")
            value = elaborate_term(parse_term(arg), goal.context, ty)
            if value.ty != ty:
                raise BadHint(f"{words[0]}: {arg} does not have type {ty}")
            prop = substitute(prop.args[0], name, value)
        elif prop.op in ("imp", "not", "ne"):
            # `¬p` is `p → False` and `a ≠ b` is `a = b → False` (`Not`, `Ne` unfold when Lean
            # elaborates the application: the function's type is put in whnf)
            premise = prop.args[0] if prop.op != "ne" else Expr("eq", prop.args, value=prop.value, ty=PROP)
            if arg.startswith("(by ") and arg.endswith(")"):
                step = prove(goal.with_target(premise), arg[4:-1].strip())
                if step is None:
                    raise BadHint(f"{words[0]}: {arg} does not prove the premise")
                steps.append(step)
            elif goal.hypothesis(arg) is not None and alpha_equal(goal.hypothesis(arg), premise):
                steps.append(arg)
            else:
                raise BadHint(f"{words[0]}: {arg} does not prove the premise")
            prop = prop.args[1] if prop.op == "imp" else Expr("false", ty=PROP)
        else:
            raise BadHint(f"{words[0]} takes fewer arguments")
    return prop, steps


NAT_LITERAL_OPS = {"add": lambda a, b: a + b, "sub": lambda a, b: max(a - b, 0), "mul": lambda a, b: a * b,
                   "div": lambda a, b: a // b if b else 0, "mod": lambda a, b: a % b if b else a}


def reduce_nat_literals(e: Expr) -> Expr:
    """`5 - 1` ↦ `4` for ℕ literals under `+ - * / %`: what Lean's definitional unfolding decides
    by `Nat.reduceBinNatOp` (GMP-accelerated `Nat.add`, `Nat.sub`, … on literals) when `exact`
    unifies a statement with the goal; and ℕ literal offsets `t + 1 + 1` ↦ `t + 2`, as Lean's
    `isDefEqOffsetNat` compares `e + k` (k a literal) by its base and offset, so `a (n + 1 + 1)`
    and `a (n + 2)` unify in `exact`. Nothing else is reduced (no ℤ, no `^`, no `n + 2 - 1`)."""
    if not e.args:
        return e
    args = tuple(reduce_nat_literals(a) for a in e.args)
    if e.op in NAT_LITERAL_OPS and e.ty == NAT and all(a.op == "num" and a.ty == NAT for a in args):
        a, b = (int(x.value) for x in args)
        if a.bit_length() < 256 and b.bit_length() < 256:
            return num(NAT_LITERAL_OPS[e.op](a, b), NAT)
    if e.op == "add" and e.ty == NAT and _nat_literal(args[1]) and args[0].op == "add" and args[0].ty == NAT \
            and _nat_literal(args[0].args[1]):
        total = int(args[0].args[1].value) + int(args[1].value)
        if total.bit_length() < 256:
            return e.with_args(args[0].args[0], num(total, NAT))
    return e.with_args(*args)


def _nat_literal(e: Expr) -> bool:
    return e.op == "num" and e.ty == NAT and isinstance(e.value, int)
