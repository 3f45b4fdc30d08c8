"""Mathlib facts about √, exp, log, sin/cos, π, rpow as kernel hint terms (`SIGNATURES`).

Each lemma resolves to its Mathlib statement; a hint at the wrong type, or whose premise is not
proved (a hypothesis stating something else, a `(by tac : P)` the kernel refuses), is refused;
every statement in the table holds at random points satisfying its premises, under Lean's
conventions (`√x = 0` for x < 0, `log 0 = 0`, `log (-x) = log x`)."""

import math

import mpmath
import pytest
from hypothesis import given, settings, strategies as st

from prover.kernel.lemmas import SIGNATURES, BadHint, resolve, signature
from prover.kernel.proof import CheckedStep, Refused
from prover.kernel.tactics import check
from prover.state import load_theorem
from prover.syntax.printer import show


def goal(text):
    return load_theorem(text).goal


G = goal("theorem t (x y : ℝ) (n : ℕ) (hx : 0 < x) (hy : y > 0) (h1 : 1 ≤ x) (hxy : x < y) (hz : x ≠ 0) : True")

RESOLVED = [
    ("Real.sqrt_nonneg 2", "0 ≤ Real.sqrt 2"),
    ("Real.sq_sqrt hx.le", "Real.sqrt x ^ 2 = x"),
    ("Real.sq_sqrt (by norm_num : (0:ℝ) ≤ 2)", "Real.sqrt 2 ^ 2 = 2"),
    ("Real.sq_sqrt (by positivity : (0:ℝ) ≤ x ^ 2 + 1)", "Real.sqrt (x ^ 2 + 1) ^ 2 = x ^ 2 + 1"),
    ("Real.sqrt_sq hx.le", "Real.sqrt (x ^ 2) = x"),
    ("Real.mul_self_sqrt hy.le", "Real.sqrt y * Real.sqrt y = y"),
    ("Real.sqrt_lt_sqrt hx.le hxy", "Real.sqrt x < Real.sqrt y"),
    ("Real.sqrt_mul hx.le y", "Real.sqrt (x * y) = Real.sqrt x * Real.sqrt y"),
    ("Real.sqrt_mul' x hy.le", "Real.sqrt (x * y) = Real.sqrt x * Real.sqrt y"),
    ("Real.exp_pos (x - 1)", "0 < Real.exp (x - 1)"),
    ("Real.add_one_le_exp y", "y + 1 ≤ Real.exp y"),
    ("Real.add_one_lt_exp hz", "x + 1 < Real.exp x"),
    ("Real.exp_log hy", "Real.exp (Real.log y) = y"),
    ("Real.log_exp (x * y)", "Real.log (Real.exp (x * y)) = x * y"),
    ("Real.log_mul hx.ne' hy.ne'", "Real.log (x * y) = Real.log x + Real.log y"),
    ("Real.log_div hz (by positivity : y ≠ 0)", "Real.log (x / y) = Real.log x - Real.log y"),
    ("Real.log_pow x 3", "Real.log (x ^ 3) = (↑(3 : ℕ) : ℝ) * Real.log x"),
    ("Real.log_le_sub_one_of_pos hx", "Real.log x ≤ x - 1"),
    ("Real.log_nonneg h1", "0 ≤ Real.log x"),
    ("Real.log_lt_log hx hxy", "Real.log x < Real.log y"),
    ("Real.sin_sq_add_cos_sq (2 * x)", "Real.sin (2 * x) ^ 2 + Real.cos (2 * x) ^ 2 = 1"),
    ("Real.neg_one_le_cos x", "-1 ≤ Real.cos x"),
    ("Real.pi_gt_three", "3 < π"),
    ("Real.pi_pos", "0 < π"),
    ("Real.rpow_natCast x n", "x ^ (↑n : ℝ) = x ^ n"),
    ("Real.sin_le_one n", "Real.sin (↑n : ℝ) ≤ 1"),   # ↑n inserted, as Lean elaborates at ℝ
]


@pytest.mark.parametrize("hint,expected", RESOLVED)
def test_resolved_statement(hint, expected):
    assert show(resolve(G, hint)) == expected


REFUSED = [
    "Real.sq_sqrt hxy",                                 # x < y is not 0 ≤ _
    "Real.sq_sqrt hx",                                  # 0 < x is not 0 ≤ x (Lean: type mismatch)
    "Real.sq_sqrt (by positivity : (0:ℝ) ≤ y - x)",     # positivity has no rule for `-`
    "Real.sq_sqrt (by norm_num : (0:ℝ) ≤ -1)",          # false side condition
    "Real.sq_sqrt (by sorry : (0:ℝ) ≤ x - 7)",          # not a kernel tactic
    "Real.sq_sqrt (by positivity)",                     # x cannot be inferred
    "Real.sq_sqrt",                                     # missing its argument
    "Real.log_mul hx hy",                               # 0 < x is not x ≠ 0
    "Real.log_mul hz",                                  # too few arguments
    "Real.log_pow 3 x",                                 # arguments swapped: x is not ℕ
    "Real.sqrt_sq h1",                                  # 1 ≤ x is not 0 ≤ x
    "Real.exp_log hz",                                  # x ≠ 0 is not 0 < x
    "Real.sin_le_one hx",                               # a proof where a real is expected
    "Real.pi_gt_three x",                               # no explicit arguments
    "Real.sqrt_le_sqrt_of_nonsense hx",                 # not a Mathlib name
    "Real.log_le_sub_one_of_pos (by linarith : 0 < y - x - 1)",  # not provable from the context
]


@pytest.mark.parametrize("hint", REFUSED)
def test_refused(hint):
    with pytest.raises(Exception):
        resolve(G, hint)


def test_sq_sqrt_needs_its_side_condition():
    g = goal("theorem t (x : ℝ) : Real.sqrt x ^ 2 = x")   # false in Lean: √(-1) = 0
    for t in ["nlinarith [Real.sq_sqrt (by positivity : (0:ℝ) ≤ x), Real.sqrt_nonneg x]",
              "linarith [Real.sq_sqrt (by linarith : (0:ℝ) ≤ x)]",
              "nlinarith [Real.sqrt_nonneg x, Real.sqrt_sq_eq_abs x]"]:
        assert isinstance(check(g, t), Refused), t
    g2 = goal("theorem t (x : ℝ) (h : 0 ≤ x) : Real.sqrt x ^ 2 = x")
    assert isinstance(check(g2, "linarith [Real.sq_sqrt h]"), CheckedStep)
    assert isinstance(check(g2, "linarith [Real.sq_sqrt (by linarith : (0:ℝ) ≤ x)]"), CheckedStep)


def test_closing_with_facts():
    cases = [
        ("theorem t (x : ℝ) : 0 < Real.exp x + x ^ 2", "nlinarith [Real.exp_pos x]"),
        ("theorem t (x : ℝ) (h : 0 < x) : Real.log x < x", "linarith [Real.log_le_sub_one_of_pos h]"),
        ("theorem t (x : ℝ) : Real.sin x ^ 2 ≤ 1", "nlinarith [Real.sin_sq_add_cos_sq x]"),
        ("theorem t : (3:ℝ) < π + 1", "linarith [Real.pi_gt_three]"),
        ("theorem t : Real.sqrt 16 ≤ 4", "nlinarith [Real.sq_sqrt (by norm_num : (0:ℝ) ≤ 16), Real.sqrt_nonneg 16]"),
    ]
    for statement, tactic in cases:
        assert isinstance(check(goal(statement), tactic), CheckedStep), (statement, tactic)
    assert isinstance(check(goal("theorem t (x : ℝ) : Real.log x < x"), "linarith [Real.log_le_sub_one_of_pos (by positivity : 0 < x)]"), Refused)
    assert isinstance(check(goal("theorem t : Real.sqrt 16 ≤ 3"), "nlinarith [Real.sq_sqrt (by norm_num : (0:ℝ) ≤ 16), Real.sqrt_nonneg 16]"), Refused)


# -- every statement of the table holds at random points satisfying its premises --------------

mpmath.mp.dps = 40


def _lean_log(v):
    return mpmath.mpf(0) if v == 0 else mpmath.log(abs(v))


CALLS = {"Real.sqrt": lambda v: mpmath.sqrt(v) if v > 0 else mpmath.mpf(0), "Real.exp": mpmath.exp,
         "Real.log": _lean_log, "Real.sin": mpmath.sin, "Real.cos": mpmath.cos, "abs": abs,
         "Real.tan": lambda v: mpmath.mpf(0) if mpmath.cos(v) == 0 else mpmath.sin(v) / mpmath.cos(v),
         "Int.floor": mpmath.floor, "Int.ceil": mpmath.ceil,
         "Nat.choose": lambda n, k: mpmath.mpf(0) if k > n else mpmath.binomial(n, k),
         "Nat.gcd": lambda m, n: mpmath.mpf(math.gcd(int(m), int(n))),
         "Nat.lcm": lambda m, n: mpmath.mpf(math.lcm(int(m), int(n)))}


def _lean_mod(a, b):
    """ℕ `%` and ℤ `Int.emod` (never negative for b ≠ 0; `a % 0 = a`), on integer values."""
    if b == 0:
        return a
    return a - abs(b) * mpmath.floor(a / abs(b))


def _value(e, env):
    if e.op == "num":
        return mpmath.mpf(e.value.numerator) / e.value.denominator if hasattr(e.value, "numerator") else mpmath.mpf(e.value)
    if e.op == "var":
        return env[e.value]
    if e.op == "pi":
        return +mpmath.pi
    if e.op == "imag_unit":   # Complex.I
        return mpmath.mpc(0, 1)
    if e.op == "cast":
        return _value(e.args[0], env)
    a = [_value(x, env) for x in e.args]
    if e.op == "call":
        return CALLS[e.value](*a)
    if e.op == "neg":
        return -a[0]
    if e.op == "mod":
        return _lean_mod(a[0], a[1])
    if e.op == "add":
        return a[0] + a[1]
    if e.op == "sub":
        return a[0] - a[1]
    if e.op == "mul":
        return a[0] * a[1]
    if e.op == "div":
        return mpmath.mpf(0) if a[1] == 0 else a[0] / a[1]
    if e.op == "pow":
        if e.args[1].ty == "ℕ":
            return a[0] ** int(a[1])
        if a[0] < 0:   # Mathlib's rpow at a negative base: exp (log x * y) * cos (y * π)
            return mpmath.exp(mpmath.log(-a[0]) * a[1]) * mpmath.cos(a[1] * mpmath.pi)
        return mpmath.mpf(0) ** a[1] if a[0] == 0 and a[1] != 0 else (mpmath.mpf(1) if a[1] == 0 else a[0] ** a[1])
    raise AssertionError(f"no evaluator for {e.op}")


TOL = mpmath.mpf(10) ** -25   # tolerance for the test's own floating evaluation only


def _holds(p, env, exact=False):
    """A premise is read exactly (its sides are exact at float inputs); a conclusion up to TOL."""
    if p.op == "and":
        return all(_holds(q, env, exact) for q in p.args)
    if p.op == "iff":   # both sides read exactly: they must agree
        return _holds(p.args[0], env, True) == _holds(p.args[1], env, True)
    if p.op == "pred" and p.value in ("Even", "Odd"):   # `∃ r, a = r + r`, `∃ k, a = 2 * k + 1` on integers
        return _lean_mod(_value(p.args[0], env), 2) == (0 if p.value == "Even" else 1)
    lhs, rhs = _value(p.args[0], env), _value(p.args[1], env)
    if p.op in ("gt", "ge"):
        lhs, rhs = rhs, lhs
    tol = 0 if exact else TOL * (1 + abs(lhs) + abs(rhs))
    return {"eq": lambda: abs(lhs - rhs) <= tol, "ne": lambda: lhs != rhs,
            "le": lambda: lhs <= rhs + tol, "ge": lambda: lhs <= rhs + tol,
            "lt": lambda: lhs < rhs + tol, "gt": lambda: lhs < rhs + tol,
            "dvd": lambda: rhs == 0 if lhs == 0 else rhs % lhs == 0}[p.op]()   # ℕ/ℤ divisibility (Nat.le_of_dvd)


reals = st.one_of(st.sampled_from([0, 1, -1, 2, 0.5, -0.5, 3]), st.floats(-50, 50, allow_nan=False))


@settings(max_examples=60, deadline=None)
@given(name=st.sampled_from(sorted(SIGNATURES)), xs=st.lists(reals, min_size=3, max_size=3),
       n=st.integers(0, 7), ns=st.lists(st.integers(0, 12), min_size=3, max_size=3))
def test_every_signature_holds(name, xs, n, ns):
    sig = signature(name)
    env, floats = {}, iter(xs)
    naturals = iter([n] + ns)   # distinct ℕ variables may take distinct values (gcd, dvd lemmas)
    for v, ty in sig.types.items():
        env[v] = mpmath.mpf(next(naturals)) if ty == "ℕ" else mpmath.mpf(next(floats))
        if ty == "ℤ":
            env[v] = mpmath.floor(env[v])
    if not all(_holds(p, env, exact=True) for p in sig.premises.values()):
        return
    assert _holds(sig.statement, env), (name, env)


def test_signature_table_is_well_formed():
    for name in SIGNATURES:
        sig = signature(name)
        assert sig.statement.ty == "Prop"
        assert all(ty in ("ℝ", "ℕ", "ℤ") for ty in sig.types.values()), name


def test_the_check_can_fail():
    """The numeric check sees Lean's conventions: these wrong statements fail at some point."""
    from prover.kernel.lemmas import _Signature
    wrong = [("(x : ℝ) : √(x ^ 2) = x", -1), ("(x : ℝ) : √x ^ 2 = x", -4),
             ("(x : ℝ) : Real.exp (Real.log x) = x", -2), ("(x : ℝ) : Real.log x ≤ x - 1", 0),
             (": Complex.I ^ 2 = 1", 0), (": Complex.I * Complex.I = 1", 0)]
    for text, point in wrong:
        sig = _Signature("wrong", text)
        assert not _holds(sig.statement, {"x": mpmath.mpf(point)}), text


def test_arguments_elaborated_at_the_binder_type():
    g = goal("theorem t (x : ℝ) (m : ℤ) (q : ℚ) : True")
    assert show(resolve(g, "Real.exp_pos q")) == "0 < Real.exp (↑q : ℝ)"   # coercion, as Lean inserts
    assert show(resolve(g, "Real.log_pow x (2 - 3)")) == "Real.log (x ^ (2 - 3)) = (↑(2 - 3 : ℕ) : ℝ) * Real.log x"
    for bad in ["Real.log_pow x (-1)", "Real.log_pow x m", "Real.log_pow x 1.5"]:
        with pytest.raises(Exception):
            resolve(g, bad)


NUMBER_THEORY = ["Nat.dvd_trans", "Nat.dvd_mul_left_of_dvd", "Nat.dvd_sub'", "Nat.gcd_dvd_left", "Nat.gcd_dvd_right",
                 "Nat.gcd_mul_lcm", "Nat.even_iff", "Nat.odd_iff", "Int.even_iff", "Int.odd_iff", "Int.modEq_iff_dvd"]


def test_number_theory_signatures_hold_on_a_grid():
    """The divisibility, gcd and parity rows hold at every point of a small grid where their
    premises hold (ℤ values negative too: `Int.emod` is never negative), and wrong variants fail."""
    import itertools

    from prover.kernel.lemmas import _Signature
    for name in NUMBER_THEORY:
        sig = signature(name)
        names = list(sig.types)
        values = {"ℕ": range(0, 7), "ℤ": range(-6, 7)}
        checked = 0
        for point in itertools.product(*(values[sig.types[v]] for v in names)):
            env = {v: mpmath.mpf(x) for v, x in zip(names, point)}
            if all(_holds(p, env, exact=True) for p in sig.premises.values()):
                assert _holds(sig.statement, env, exact=True), (name, point)
                checked += 1
        assert checked > 0, name
    wrong = ["{n : ℤ} : Odd n ↔ n % 2 = 0", "{n a b : ℤ} : a ≡ b [ZMOD n] ↔ n ∣ a + b",
             "{k m n : ℕ} (h₁ : k ∣ m) (h₂ : k ∣ n) : k ∣ m + n + 1", "(m n : ℕ) : Nat.gcd m n * Nat.lcm m n = m + n"]
    for text in wrong:
        sig = _Signature("wrong", text)
        names = list(sig.types)
        values = {"ℕ": range(0, 5), "ℤ": range(-4, 5)}
        assert any(all(_holds(p, env, exact=True) for p in sig.premises.values()) and not _holds(sig.statement, env, exact=True)
                   for env in ({v: mpmath.mpf(x) for v, x in zip(names, point)}
                               for point in itertools.product(*(values[sig.types[v]] for v in names)))), text
