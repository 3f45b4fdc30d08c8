"""Closed evaluation, local ∀ instances (`exact h 5 (by norm_num)`) and `norm_num [h…]` with
ground local equations: what Lean's tactics accept, and their refused twins."""

import time
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from prover.checkers.kernel_checker import KernelChecker, certify
from prover.kernel import CheckedStep, check
from prover.kernel.evaluate import NotEvaluable, is_prime, value
from prover.kernel.lemmas import reduce_nat_literals
from prover.search.reconstruct import evaluation_chain
from prover.state import load_theorem
from prover.syntax.ast import INT, NAT, Expr

FIB = "(f : ℕ → ℕ) (h₀ : f 1 = 1) (h₁ : f 2 = 1) (h : ∀ n, n ≥ 3 → f n = f (n - 1) + f (n - 2))"


def verdict(text, tactic):
    r = check(load_theorem(text).goal, tactic)
    return "accept" if isinstance(r, CheckedStep) else "refuse"


@pytest.mark.parametrize("text, tactic, expected", [
    # Nat.Prime by norm_num (Mathlib.Tactic.NormNum.Prime), never by decide
    ("theorem t : Nat.Prime 97", "norm_num", "accept"),
    ("theorem t : Nat.Prime 91", "norm_num", "refuse"),
    ("theorem t : ¬ Nat.Prime 91", "norm_num", "accept"),
    ("theorem t : ¬ Nat.Prime 89", "norm_num", "refuse"),
    ("theorem t : Nat.Prime 97", "decide", "refuse"),
    # decide: no reals
    ("theorem t : (3 : ℝ) * 2 = 6", "decide", "refuse"),
    ("theorem t : (3 : ℤ) * 2 = 6", "decide", "accept"),
    # gcd, lcm, factorial, natAbs, floor, ceil of numerals
    ("theorem t : Nat.gcd 84 36 = 12", "norm_num", "accept"),
    ("theorem t : Nat.gcd 84 36 = 6", "norm_num", "refuse"),
    ("theorem t : Nat.lcm 4 6 = 12", "norm_num", "accept"),
    ("theorem t : Nat.factorial 5 = 120", "norm_num", "accept"),
    ("theorem t : Int.floor ((-7 : ℝ) / 2) = -4", "norm_num", "accept"),
    ("theorem t : Int.floor ((-7 : ℝ) / 2) = -3", "norm_num", "refuse"),
    ("theorem t : Int.ceil ((7 : ℝ) / 2) = 4", "norm_num", "accept"),
    # big operators: norm_num evaluates them over Finset.range only (NormNum.BigOperators)
    ("theorem t : ∑ i ∈ Finset.range 5, i ^ 2 = 30", "norm_num", "accept"),
    ("theorem t : ∑ i ∈ Finset.range 5, i ^ 2 = 31", "norm_num", "refuse"),
    ("theorem t : ∑ i ∈ Finset.Icc 1 4, i ^ 2 = 30", "norm_num", "refuse"),
    # exact h a (by tac): the instance at that argument, ℕ literal arithmetic reduced
    (f"theorem t {FIB} : f 5 = f 4 + f 3", "exact h 5 (by norm_num)", "accept"),
    (f"theorem t {FIB} : f 5 = f 4 + f 3", "exact h 4 (by norm_num)", "refuse"),
    (f"theorem t {FIB} : f 5 = f 4 + f 3", "exact h 6 (by norm_num)", "refuse"),
    (f"theorem t {FIB} : f 2 = f 1 + f 0", "exact h 2 (by norm_num)", "refuse"),
    (f"theorem t {FIB} : f 5 = f 4 + f 3", "exact h 5 (by decide)", "accept"),
    (f"theorem t {FIB} : f 5 = f 4 + f 3", "exact h 5", "refuse"),                 # premise missing
    (f"theorem t {FIB} : f 5 = f 4 + f 3", "exact h 5 (by linarith) (by norm_num)", "refuse"),
    (f"theorem t {FIB} (h5 : 5 ≥ 3) : f 5 = f 4 + f 3", "exact h 5 h5", "accept"),
    (f"theorem t {FIB} (h5 : 5 ≥ 4) : f 5 = f 4 + f 3", "exact h 5 h5", "refuse"),
    # ℤ and ℝ arithmetic is not reduced by unification (only ℕ literals)
    ("theorem t (g : ℤ → ℤ) (h : ∀ n, g n = g (n - 1) + 1) : g 5 = g 4 + 1", "exact h 5", "refuse"),
    ("theorem t (g : ℤ → ℤ) (h : ∀ n, g n = g (n - 1) + 1) : g 5 = g (5 - 1) + 1", "exact h 5", "accept"),
    ("theorem t (g : ℝ → ℝ) (h : ∀ x, g x = 2 * x + 1) : g 3 = 7", "exact h 3", "refuse"),
    ("theorem t (g : ℝ → ℝ) (h : ∀ x, g x = 2 * x + 1) : g 3 = 2 * 3 + 1", "exact h 3", "accept"),
    # capture: the argument mentions a name the hypothesis binds inside
    ("theorem t (y : ℕ) (g : ℕ → ℕ) (h : ∀ x, g x = ∑ y ∈ Finset.range x, y) : "
     "g y = ∑ z ∈ Finset.range y, z", "exact h y", "accept"),
    ("theorem t (y : ℕ) (g : ℕ → ℕ) (h : ∀ x, g x = ∑ y ∈ Finset.range x, y) : "
     "g y = ∑ z ∈ Finset.range y, y", "exact h y", "refuse"),
    # norm_num [h…]: local equations with a closed left side rewrite, then evaluation
    ("theorem t (f : ℕ → ℕ) (h₁ : f 4 = 3) (h₂ : f 3 = 2) : f 4 + f 3 = 5", "norm_num [h₁, h₂]", "accept"),
    ("theorem t (f : ℕ → ℕ) (h₁ : f 4 = 3) (h₂ : f 3 = 2) : f 4 + f 3 = 6", "norm_num [h₁, h₂]", "refuse"),
    ("theorem t (f : ℕ → ℕ) (h₁ : f 4 = 3) (h₂ : f 3 = 2) : f 4 + f 3 = 5", "norm_num [h₁]", "refuse"),
    ("theorem t (f : ℕ → ℕ) (h₁ : f 4 = 3) (h₂ : f 3 = 2) : f 4 + f 3 = 5", "norm_num", "refuse"),
    ("theorem t (f : ℕ → ℕ) (h₁ : f 4 = 3) (h₂ : f 3 = 2) : f 4 + f 3 = 5", "norm_num only [h₁, h₂]", "refuse"),
    # a left side simp would normalize first (not a numeral) is not a rewrite rule here
    ("theorem t (f : ℕ → ℕ) (h₁ : f (2 + 2) = 3) : f 4 = 3", "norm_num [h₁]", "refuse"),
    ("theorem t (f : ℝ → ℝ) (h₁ : f (1 / 2) = 3) : f (1 / 2) = 3", "norm_num [h₁]", "refuse"),
    # a ∀ hypothesis is not a ground rewrite rule; a looping one is refused
    ("theorem t (f : ℕ → ℕ) (h : ∀ n, f n = 2 * n) : f 3 = 6", "norm_num [h]", "refuse"),
    ("theorem t (f : ℕ → ℕ) (h : f 1 = f 1 + 0) : f 1 = 0", "norm_num [h]", "refuse"),
    ("theorem t (x : ℕ) (h : x = 4) : x ^ 2 = 16", "norm_num [h]", "accept"),
    ("theorem t (x : ℕ) (h : x = 4) : x ^ 2 = 15", "norm_num [h]", "refuse"),
])
def test_evaluation_rules(text, tactic, expected):
    assert verdict(text, tactic) == expected


def test_recurrence_chain_is_checked_and_a_wrong_value_is_not():
    goal = load_theorem(f"theorem t {FIB} : f 12 = 144").goal
    script = evaluation_chain(goal, time.monotonic() + 10, KernelChecker())
    assert script and script[-1].startswith("norm_num [") and len(script) == 2 * 10 + 1
    assert certify(goal, "\n".join(script)).ok
    false = load_theorem(f"theorem t {FIB} : f 12 = 145").goal
    assert evaluation_chain(false, time.monotonic() + 10, KernelChecker()) is None
    # the same script with a wrong instance argument is refused by the kernel
    bad = "\n".join(script).replace("exact h 5 (by norm_num)", "exact h 6 (by norm_num)")
    assert bad != "\n".join(script) and not certify(goal, bad).ok


def test_guarded_recurrence_with_parity_premises():
    goal = load_theorem("theorem t (f : ℕ → ℚ) (h₀ : f 1 = 2) (h₁ : ∀ n : ℕ, 1 < n ∧ Even n → f n = f (n - 1) + 1) "
                        "(h₂ : ∀ n : ℕ, 1 < n ∧ Odd n → f n = f (n - 2) + 2) : f 9 = 10").goal
    script = evaluation_chain(goal, time.monotonic() + 10, KernelChecker())
    assert script and any("(by decide)" in line for line in script)
    assert certify(goal, "\n".join(script)).ok


# -- properties: kernel evaluation agrees with a reference model of Lean's ℕ/ℤ arithmetic --------

def _lean_ref(op, a, b, ty):
    """Lean 4 core: `Nat.sub` truncates, `Nat.div`/`Int.div` (`Int.ediv`) and `%` (`Int.emod`)
    with `x / 0 = 0`, `x % 0 = x`; the remainder of `Int.emod` is in `[0, |b|)`."""
    if op == "add":
        return a + b
    if op == "mul":
        return a * b
    if op == "sub":
        return max(a - b, 0) if ty == NAT else a - b
    if b == 0:
        return 0 if op == "div" else a
    r = a % abs(b)                      # in [0, |b|)
    q = (a - r) // b
    return q if op == "div" else r


@st.composite
def closed_term(draw, ty, depth=3):
    if depth == 0 or draw(st.booleans()):
        v = draw(st.integers(0 if ty == NAT else -30, 30))
        lit = Expr("num", value=abs(v), ty=ty)
        return (Expr("neg", (lit,), ty=ty) if v < 0 else lit), v
    op = draw(st.sampled_from(["add", "sub", "mul", "div", "mod"]))
    (a, va), (b, vb) = draw(closed_term(ty, depth - 1)), draw(closed_term(ty, depth - 1))
    return Expr(op, (a, b), ty=ty), _lean_ref(op, va, vb, ty)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from([NAT, INT]).flatmap(lambda ty: closed_term(ty)))
def test_kernel_evaluation_agrees_with_lean_semantics(term_and_value):
    term, expected = term_and_value
    assert value(term) == expected
    if term.ty == NAT:   # exact's ℕ literal reduction computes the same values
        reduced = reduce_nat_literals(term)
        assert reduced.op == "num" and reduced.value == expected


def _reference_prime(n):
    return n >= 2 and all(n % k for k in range(2, int(n ** 0.5) + 1))


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 5000), st.integers(2, 300), st.integers(2, 300))
def test_primality_agrees_and_products_are_refused(n, p, q):
    assert is_prime(n) == _reference_prime(n)
    assert verdict(f"theorem t : Nat.Prime {n}", "norm_num") == ("accept" if _reference_prime(n) else "refuse")
    assert verdict(f"theorem t : Nat.Prime ({p} * {q})", "norm_num") == "refuse"
    assert verdict(f"theorem t : ¬ Nat.Prime ({p} * {q})", "norm_num") == "accept"


@settings(max_examples=100, deadline=None)
@given(st.integers(-40, 40), st.integers(1, 12))
def test_floor_and_ceil_agree_with_their_definition(p, q):
    x = Fraction(p, q)
    fl = p // q      # Python's // is the floor
    assert value(load_theorem(f"theorem t : Int.floor (({p} : ℝ) / {q}) = 0").goal.target.args[0]) == fl
    assert fl <= x < fl + 1
    with pytest.raises(NotEvaluable):
        value(load_theorem("theorem t (x : ℝ) : Int.floor x = 0").goal.target.args[0])


def test_a_doubling_rewrite_rule_is_refused_quickly():
    started = time.monotonic()
    assert verdict("theorem t (f : ℕ → ℕ) (h : f 1 = f 1 + f 1) : f 1 = 0", "norm_num [h]") == "refuse"
    assert time.monotonic() - started < 5


@pytest.mark.parametrize("text", [
    "theorem t (p q : ℝ → ℝ) (h₀ : ∀ x : ℝ, p x = 2 - x ^ 2) (h₁ : ∀ x : ℝ, x ≠ 0 → q x = 6 / x) : p (q 3) = -2",
    "theorem t (s : ℕ → ℕ → ℕ) (h₀ : ∀ a b : ℕ, 0 < a ∧ 0 < b → s a b = a * b + b) : s 3 4 = 16",
    "theorem t (u v : ℚ) (h₀ : u = 1 + 2 + 3) (h₁ : v = 4 * 2) : u / v = 3 / 4",
])
def test_nested_calls_and_variable_values_are_reconstructed(text):
    goal = load_theorem(text).goal
    script = evaluation_chain(goal, time.monotonic() + 10, KernelChecker())
    assert script and certify(goal, "\n".join(script)).ok
    wrong = load_theorem(text.rsplit("=", 1)[0] + "= 1").goal
    assert evaluation_chain(wrong, time.monotonic() + 10, KernelChecker()) is None


def test_an_instance_outside_the_guard_is_never_emitted():
    # f 2 is not given by the recurrence (2 ≥ 3 is false) and there is no base value for it
    goal = load_theorem("theorem t (f : ℕ → ℕ) (h₀ : f 1 = 1) (h : ∀ n, n ≥ 3 → f n = f (n - 1) + f (n - 2)) : "
                        "f 4 = 3").goal
    assert evaluation_chain(goal, time.monotonic() + 10, KernelChecker()) is None


def test_values_fixed_only_together_are_found_by_linarith_on_instances():
    text = "theorem t (s : ℕ → ℝ) (h₀ : ∀ n : ℕ, s (n + 2) = s (n + 1) + s n) (h₁ : s 8 = 60) (h₂ : s 6 = 23) : s 3 = 5"
    goal = load_theorem(text).goal
    script = evaluation_chain(goal, time.monotonic() + 10, KernelChecker())
    assert script and script[-1] == "linarith" and certify(goal, "\n".join(script)).ok
    assert evaluation_chain(load_theorem(text.replace("= 5", "= 6")).goal, time.monotonic() + 10,
                            KernelChecker()) is None


@pytest.mark.parametrize("tactic", ["norm_num [_✝]", "exact _✝", "linarith [_✝]", "exact h 3 _✝", "nlinarith [_✝]"])
def test_an_inaccessible_hypothesis_cannot_be_named(tactic):
    # `(_ : x = 3)` is inaccessible in Lean (`_✝`): no tactic text can refer to it
    text = "theorem t (x : ℕ) (f : ℕ → ℕ) (h : ∀ n, n = 3 → f n = 1) (_ : x = 3) : x + 1 = 4"
    if tactic.startswith("exact h"):
        text = "theorem t (f : ℕ → ℕ) (h : ∀ n, n = 3 → f n = 1) (_ : 3 = 3) : f 3 = 1"
    assert verdict(text, tactic) == "refuse"
    goal = load_theorem(text).goal
    assert evaluation_chain(goal, time.monotonic() + 5, KernelChecker()) is None or \
        all("✝" not in line for line in evaluation_chain(goal, time.monotonic() + 5, KernelChecker()))


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 4), st.integers(1, 3), st.integers(0, 30), st.integers(0, 30), st.booleans())
def test_an_instance_is_accepted_exactly_at_its_argument(guard, k, at, claimed, same):
    """`exact h a (by norm_num)` on `f c = f (c - k) + c` holds iff a = c and a ≥ guard (the
    premise); ℕ literal arithmetic in the goal is reduced, never anything else."""
    claimed = at if same else claimed
    text = (f"theorem t (f : ℕ → ℕ) (h : ∀ n, n ≥ {guard} → f n = f (n - {k}) + n) : "
            f"f {claimed} = f {max(claimed - k, 0)} + {claimed}")
    expected = "accept" if at == claimed and at >= guard else "refuse"
    assert verdict(text, f"exact h {at} (by norm_num)") == expected


@pytest.mark.parametrize("text, tactic, expected", [
    ("theorem t (x : ℕ) (_ : x = 3) : x + 1 = 4", "norm_num [‹x = 3›]", "accept"),
    ("theorem t (x : ℕ) (_ : x = 3) : x + 1 = 4", "norm_num [‹x = 4›]", "refuse"),
    ("theorem t (x : ℕ) (_ : x = 3) : x + 1 = 5", "norm_num [‹x = 3›]", "refuse"),
    ("theorem t (x : ℕ) (_ : x = 3) : x + 1 = 4", "norm_num [‹x = 3››]", "refuse"),
])
def test_a_hypothesis_by_its_statement(text, tactic, expected):
    assert verdict(text, tactic) == expected


def test_an_anonymous_hypothesis_is_named_by_its_statement_in_a_chain():
    goal = load_theorem("theorem t (a b : ℝ) (m : ℤ) (h₀ : a = 3 * b - b ^ 2) (h₁ : b = (m : ℝ) ^ 2 - 2 ^ m) "
                        "(_ : m = 2) : a = 0").goal
    script = evaluation_chain(goal, time.monotonic() + 10, KernelChecker())
    assert script == ["norm_num [h₀, h₁, ‹m = 2›]"] and certify(goal, script[0]).ok


@settings(max_examples=12, deadline=None)
@given(n=st.integers(min_value=1, max_value=2_000), k=st.integers(min_value=1, max_value=3))
def test_norm_num_big_operators_stop_where_decide_kernel_does(n, k):
    """NormNum.BigOperators builds a proof nested once per element: a `∑` over `Finset.range n` is
    evaluated for n ≤ ELEMENT_LIMIT (the bound `decide +kernel` has) and refused beyond, true or
    not (a conservative bound: Lean's exact depth limit cannot be calibrated here)."""
    from prover.kernel.evaluate import ELEMENT_LIMIT
    total = sum((i + k) ** 2 for i in range(n))
    for claimed in (total, total + 1):
        got = verdict(f"theorem t : ∑ i ∈ Finset.range {n}, (i + {k}) ^ 2 = {claimed}", "norm_num")
        expected = "accept" if n <= ELEMENT_LIMIT and claimed == total else "refuse"
        assert got == expected, (n, k, claimed)
