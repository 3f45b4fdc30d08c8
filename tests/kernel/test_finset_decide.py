"""`decide +kernel` on closed Finset computations (sums, products, cards over ranges,
intervals, filters, divisors, `Nat.choose`), its work limits and refusals, and
`simp only [h₀] <;> decide +kernel` with ∀-equations of local functions."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from prover.checkers.kernel_checker import KernelChecker, certify
from prover.kernel import CheckedStep, check
from prover.kernel.evaluate import CHOOSE_LIMIT, ELEMENT_LIMIT, choose_calls
from prover.search.finset import finset_leaf
from prover.search import reconstruct
from prover.state import load_theorem
from prover.tactics.parse import UnsupportedTactic, parse_tactic


def run(text, tactic):
    return check(load_theorem(text).goal, tactic)


def verdict(text, tactic):
    return "accept" if isinstance(run(text, tactic), CheckedStep) else "refuse"


K = "decide +kernel"


@pytest.mark.parametrize("text, tactic, expected", [
    ("theorem t : (∑ k ∈ Finset.filter (fun x => x % 7 = 2) (Finset.range 40), k) = 117", K, "accept"),
    ("theorem t : (∑ k ∈ Finset.filter (fun x => x % 7 = 2) (Finset.range 40), k) = 118", K, "refuse"),
    ("theorem t : Finset.card (Finset.filter (fun x => x % 13 = 4) (Finset.Icc 10 99)) = 7", K, "accept"),
    ("theorem t : Finset.card (Finset.filter (fun x => x % 13 = 4) (Finset.Icc 10 99)) = 6", K, "refuse"),
    # Icc is inclusive, Ico is not
    ("theorem t : (∑ k ∈ Finset.Icc 1 10, k) = 55", K, "accept"),
    ("theorem t : (∑ k ∈ Finset.Ico 1 10, k) = 45", K, "accept"),
    ("theorem t : (∑ k ∈ Finset.Ico 1 10, k) = 55", K, "refuse"),
    ("theorem t : (∑ k ∈ Finset.Ioo 1 10, k) = 44", K, "accept"),
    ("theorem t : (∑ k ∈ Finset.Ioc 1 10, k) = 54", K, "accept"),
    # ℕ subtraction truncates inside the sum: 0 - 1 = 0
    ("theorem t : (∑ k ∈ Finset.range 5, (2 * k - 1)) = 16", K, "accept"),
    ("theorem t : (∑ k ∈ Finset.range 5, (2 * k - 1)) = 15", K, "refuse"),
    ("theorem t : (∑ k ∈ Finset.range 5, ((2 * k : ℤ) - 1)) = 15", K, "accept"),
    ("theorem t : (∑ k ∈ Finset.Icc (-4 : ℤ) 3, k) = -4", K, "accept"),
    ("theorem t : (∑ d ∈ Nat.divisors 28, d) = 56", K, "accept"),
    ("theorem t : (∑ d ∈ Nat.properDivisors 28, d) = 28", K, "accept"),
    ("theorem t : (∑ d ∈ Nat.properDivisors 28, d) = 56", K, "refuse"),
    ("theorem t : Finset.card (Nat.divisors 0) = 0", K, "accept"),
    ("theorem t : (∏ k ∈ Finset.Icc 1 5, k) = 120", K, "accept"),
    ("theorem t : (∑ k ∈ Finset.range 9, Nat.choose 8 k) = 256", K, "accept"),
    ("theorem t : Finset.card (Finset.filter (fun n => 5 ∣ 3 * (n : ℤ) - 1) (Finset.range 30)) = 6", K, "accept"),
    ("theorem t : Finset.card (Finset.filter (fun n => Nat.gcd n 12 = 1) (Finset.Icc 1 12)) = 4", K, "accept"),
    # plain decide: literal arithmetic only, never a Finset
    ("theorem t : (∑ k ∈ Finset.Icc 1 10, k) = 55", "decide", "refuse"),
    ("theorem t : (3 : ℤ) * 2 = 6", K, "accept"),
    # no instance reduces: ℝ, Nat.Prime (well-founded minFac), Nat.sqrt (well-founded)
    ("theorem t : (∑ k ∈ Finset.range 4, (k : ℝ)) = 6", K, "refuse"),
    ("theorem t : Finset.card (Finset.filter (fun p => Nat.Prime p) (Finset.range 10)) = 4", K, "refuse"),
    ("theorem t : (∑ k ∈ Finset.range 4, Nat.sqrt k) = 3", K, "refuse"),
    # other flags are not modelled
    ("theorem t : (∑ k ∈ Finset.Icc 1 10, k) = 55", "decide +native", "refuse"),
    # a free variable
    ("theorem t (n : ℕ) (h : n = 3) : (∑ k ∈ Finset.range n, k) = 3", K, "refuse"),
])
def test_decide_kernel(text, tactic, expected):
    assert verdict(text, tactic) == expected


def test_element_limit_is_named():
    n = ELEMENT_LIMIT + 1
    r = run(f"theorem t : (∑ k ∈ Finset.range {n}, k) = {n * (n - 1) // 2}", K)
    assert not isinstance(r, CheckedStep) and str(ELEMENT_LIMIT) in r.reason
    n = ELEMENT_LIMIT
    assert verdict(f"theorem t : (∑ k ∈ Finset.range {n}, k) = {n * (n - 1) // 2}", K) == "accept"
    # nested enumerations count together: divisors of each k enumerate k candidates
    r = run("theorem t : (∑ k ∈ Finset.range 100, Finset.card (Nat.divisors k)) = 473", K)
    assert not isinstance(r, CheckedStep) and "work limit" in r.reason


def test_choose_limit_is_named():
    assert choose_calls(5, 0) == 1 and choose_calls(0, 3) == 1
    assert choose_calls(2, 1) == 1 + choose_calls(1, 0) + choose_calls(1, 1) == 5
    assert choose_calls(40, 20) > CHOOSE_LIMIT
    r = run("theorem t : Nat.choose 40 20 = 137846528820", K)
    assert not isinstance(r, CheckedStep) and str(CHOOSE_LIMIT) in r.reason
    assert verdict("theorem t : Nat.choose 12 5 = 792", K) == "accept"


def test_parse_flag():
    assert parse_tactic("decide +kernel").options == (("kernel", "true"),)
    for bad in ("decide +native", "norm_num +kernel", "omega +kernel"):
        with pytest.raises(UnsupportedTactic):
            parse_tactic(bad)


def test_norm_num_does_not_enumerate():
    """norm_num evaluates `∑` over `Finset.range` only (NormNum.BigOperators), never a card."""
    assert verdict("theorem t : Finset.card (Finset.filter (fun x => x % 3 = 1) (Finset.range 10)) = 4", "norm_num") \
        == "refuse"


@settings(max_examples=30, deadline=None)
@given(kind=st.sampled_from(["Finset.range", "Finset.Icc", "Finset.Ico", "Finset.Ioc", "Finset.Ioo"]),
       a=st.integers(0, 30), b=st.integers(0, 60), m=st.integers(1, 9), r=st.integers(0, 8),
       what=st.sampled_from(["card", "sum", "sumsub"]), off=st.integers(-2, 2))
def test_filters_agree_with_python(kind, a, b, m, r, what, off):
    """The kernel's verdict on a random filtered range is the Python computation; any other
    right side is refused."""
    lo, hi = {"Finset.range": (0, b - 1), "Finset.Icc": (a, b), "Finset.Ico": (a, b - 1),
              "Finset.Ioc": (a + 1, b), "Finset.Ioo": (a + 1, b - 1)}[kind]
    s = f"({kind} {b})" if kind == "Finset.range" else f"({kind} {a} {b})"
    xs = [x for x in range(lo, hi + 1) if x % m == r % m]
    if what == "card":
        lhs, val = f"Finset.card (Finset.filter (fun x => x % {m} = {r % m}) {s})", len(xs)
    elif what == "sum":
        lhs, val = f"(∑ k ∈ Finset.filter (fun x => x % {m} = {r % m}) {s}, k)", sum(xs)
    else:   # ℕ truncated subtraction inside the body
        lhs, val = f"(∑ k ∈ Finset.filter (fun x => x % {m} = {r % m}) {s}, (k - 5))", sum(max(x - 5, 0) for x in xs)
    claimed = val + off
    if claimed < 0:
        return
    expected = "accept" if off == 0 else "refuse"
    assert verdict(f"theorem t : {lhs} = {claimed}", K) == expected


V = "(v : ℕ → ℕ) (h₀ : ∀ n, v n = 3 * n - 2)"


@pytest.mark.parametrize("text, tactic, expected", [
    (f"theorem t {V} : (∑ k ∈ Finset.Icc 1 10, v k) = 145", f"simp only [h₀] <;> {K}", "accept"),
    (f"theorem t {V} : (∑ k ∈ Finset.range 3, v k) = 5", f"simp only [h₀] <;> {K}", "accept"),   # 0 - 2 = 0
    (f"theorem t {V} : (∑ k ∈ Finset.range 3, v k) = 4", f"simp only [h₀] <;> {K}", "refuse"),
    # no occurrence: simp made no progress
    (f"theorem t {V} : (∑ k ∈ Finset.range 3, k) = 3", f"simp only [h₀] <;> {K}", "refuse"),
    # not a ∀-equation of a local function
    ("theorem t (v : ℕ → ℕ) (h₀ : ∀ n, n > 0 → v n = 1) : (∑ k ∈ Finset.Icc 1 3, v k) = 3",
     f"simp only [h₀] <;> {K}", "refuse"),
    # a right side mentioning the function (simp could loop)
    ("theorem t (v : ℕ → ℕ) (h₀ : ∀ n, v n = v n + 0) : (∑ k ∈ Finset.Icc 1 3, v k) = 3",
     f"simp only [h₀] <;> {K}", "refuse"),
    # a binder that would capture a free name of the right side
    ("theorem t (v : ℕ → ℕ) (k : ℕ) (hk : k = 1) (h₀ : ∀ n, v n = n + k) : (∑ k ∈ Finset.range 2, v k) = 2",
     f"simp only [h₀] <;> {K}", "refuse"),
])
def test_simp_only_local(text, tactic, expected):
    assert verdict(text, tactic) == expected


@pytest.mark.parametrize("text", [
    "theorem t (n : ℕ) (h₀ : n = Finset.card (Finset.filter (fun x => x % 4 = 1) (Finset.range 20))) : 2 ^ n % 5 = 2",
    "theorem t (x : ℕ) (h₀ : x ≤ 10) (h₁ : 13 ∣ (∑ k ∈ Finset.range 11, k) - x) : x = 3",
    "theorem t (u : ℕ → ℕ) (h₀ : ∀ n, u n = n * n + 1) : (∑ k ∈ Finset.range 6, u k) % 10 = 1",
    "theorem t : Finset.card (Finset.filter (fun x => 3 ∣ x ∧ ¬ 5 ∣ x) (Finset.Icc 1 60)) = 16",
])
def test_finder_scripts_certify(text):
    import time
    g = load_theorem(text).goal
    checker = KernelChecker()
    script = finset_leaf(g, checker, time.monotonic() + 8, reconstruct)
    assert script is not None
    assert any(K in line for line in script)
    assert certify(g, "\n".join(script)).ok


def test_finder_proposes_nothing_false():
    import time
    g = load_theorem("theorem t (x : ℕ) (h₀ : x ≤ 10) (h₁ : 13 ∣ (∑ k ∈ Finset.range 11, k) - x) : x = 4").goal
    assert finset_leaf(g, KernelChecker(), time.monotonic() + 5, reconstruct) is None


@settings(max_examples=20, deadline=None)
@given(a=st.integers(0, 5), c=st.integers(0, 6), hi=st.integers(0, 25), m=st.integers(2, 9), off=st.integers(-1, 1))
def test_simp_only_local_agrees_with_python(a, c, hi, m, off):
    """`simp only [h₀] <;> decide +kernel` with `h₀ : ∀ n, w n = a * n - c` (ℕ, truncated) is
    accepted exactly when the claimed residue is the Python one."""
    val = sum(max(a * k - c, 0) for k in range(1, hi + 1)) % m
    claimed = (val + off) % m
    text = f"theorem t (w : ℕ → ℕ) (h₀ : ∀ n, w n = {a} * n - {c}) : (∑ k ∈ Finset.Icc 1 {hi}, w k) % {m} = {claimed}"
    expected = "accept" if claimed == val else "refuse"
    assert verdict(text, f"simp only [h₀] <;> {K}") == expected


def test_kernel_recursion_depth_is_bounded():
    # `Nat.choose n k` recurses n deep in the kernel; a 1,500-element fold nests too deep
    from prover.checkers.kernel_checker import certify
    from prover.state import load_theorem
    assert not certify(load_theorem("theorem t : Nat.choose 40000 1 = 40000").goal, "decide +kernel").ok
    assert certify(load_theorem("theorem t : Nat.choose 40 1 = 40").goal, "decide +kernel").ok
    assert not certify(load_theorem("theorem t : ∑ i ∈ Finset.range 1500, i = 1124250").goal, "decide +kernel").ok
    assert certify(load_theorem("theorem t : ∑ i ∈ Finset.range 900, i = 404550").goal, "decide +kernel").ok
