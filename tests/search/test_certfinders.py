"""The untrusted certificate finders of reconstruction (`prover.kernel.untrusted.hints`,
`prover.search.reconstruct`): each proposal on a true goal is a script the kernel checker
accepts, with the verdict `checked`; on a false goal nothing they propose is accepted."""

import time

from hypothesis import given, settings
from hypothesis import strategies as st

from prover.checkers.base import Closed
from prover.checkers.kernel_checker import KernelChecker, certify
from prover.kernel.untrusted.hints import MAX_HINTS, candidate_pool, select_hints
from prover.search.direct import prove_theorem
from prover.search.reconstruct import lp_hint_candidates, reconstruct_leaf
from prover.state import load_theorem


def goal(s):
    return load_theorem(s).goal


def _script(text, budget=8.0):
    g = goal(text)
    leaf = reconstruct_leaf(g, "", "z3", time.monotonic() + budget, KernelChecker())
    return g, leaf


def _assert_checked(text, budget=8.0):
    g, leaf = _script(text, budget)
    assert not leaf.missing, (text, leaf.lines)
    script = "\n".join(leaf.lines)
    assert certify(g, script).ok, script
    return script


def test_lp_hints_find_weighted_squares():
    """p³ + q³ ≥ p²q + pq² needs p·(p - q)² and q·(p - q)² (the AM-GM pairs of its monomials)."""
    text = "theorem t (p q : ℝ) (hp : 0 < p) (hq : 0 < q) : p ^ 3 + q ^ 3 ≥ p ^ 2 * q + p * q ^ 2"
    g = goal(text)
    proposals = lp_hint_candidates(g, time.monotonic() + 6)
    assert proposals
    assert any(isinstance(KernelChecker().close(g, t), Closed) for t in proposals), proposals
    hints = select_hints(g, candidate_pool(g), nonlinear=False)
    assert hints and len(hints) <= MAX_HINTS
    assert any("mul_nonneg" in h and "sq_nonneg" in h for h in hints), hints
    _assert_checked(text)


def test_lp_hints_chain_through_a_middle_monomial():
    """u·(u·w - v²)² and w·(v·w - u·v)² meet at u²v²w, a monomial the goal does not have."""
    _assert_checked("theorem t (u v w : ℝ) (hu : 0 < u) (hv : 0 < v) (hw : 0 < w) : "
                    "u ^ 3 * w ^ 2 + u * v ^ 4 + 2 * v ^ 2 * w ^ 3 ≥ 4 * u * v ^ 2 * w ^ 2")


def test_products_of_hint_squares():
    """(s - 2)² · (s² + 4s + 7) ≥ 0: products of two squares, found by the LP over pairs."""
    _assert_checked("theorem t (s : ℝ) : (s - 2) ^ 2 * (s ^ 2 + 4 * s + 7) ≥ 0")


def test_completing_the_square_after_an_equation():
    _assert_checked("theorem t (a b : ℝ) (h : b = a ^ 2 + 4 * a + 7) : 3 ≤ b")


def test_completing_the_square_over_int_has_integer_coefficients():
    script = _assert_checked("theorem t (k : ℤ) : 0 < k ^ 2 + 3 * k + 3")
    assert "/" not in script   # (3 / 2 : ℤ) would be 1: the hint is sq_nonneg (2 * k + 3)


def test_witness_of_an_existential_hypothesis():
    script = _assert_checked("theorem t (d : ℝ) (h : ∃ s : ℝ, s ^ 2 - 4 * s + d ≤ 0) : d ≤ 4")
    assert script.startswith("obtain ⟨s, hs⟩ := h")


def test_all_leading_binders_introduced():
    script = _assert_checked("theorem t : ∀ u v w : ℝ, (2 * u - v) ^ 2 + 3 * (v - w) ^ 2 ≥ 0")
    assert script.startswith("intro u v w")


def test_verdict_checked_on_the_direct_path():
    r = prove_theorem(load_theorem("theorem t (m n : ℝ) (hm : 0 < m) (hn : 0 < n) : "
                                   "m ^ 3 + n ^ 3 ≥ m ^ 2 * n + m * n ^ 2"), 10)
    assert r.status == "proved" and r.verdict == "checked", r.proof


FALSE_TWINS = [
    # equality at p = q: the strict version is false
    "theorem t (p q : ℝ) (hp : 0 < p) (hq : 0 < q) : p ^ 3 + q ^ 3 > p ^ 2 * q + p * q ^ 2",
    # without the sign hypotheses, p = -2, q = 1 breaks it
    "theorem t (p q : ℝ) : p ^ 3 + q ^ 3 ≥ p ^ 2 * q + p * q ^ 2",
    "theorem t (a b : ℝ) (h : b = a ^ 2 + 4 * a + 7) : 4 ≤ b",
    "theorem t (d : ℝ) (h : ∃ s : ℝ, s ^ 2 - 4 * s + d ≤ 0) : d ≤ 3",
]


def test_false_twins_get_nothing_the_kernel_accepts():
    for text in FALSE_TWINS:
        g = goal(text)
        checker = KernelChecker()
        for t in lp_hint_candidates(g, time.monotonic() + 4):
            assert not isinstance(checker.close(g, t), Closed), (text, t)
        _, leaf = _script(text, 4)
        assert leaf.missing, (text, leaf.lines)


@settings(max_examples=15, deadline=None)
@given(st.integers(1, 5), st.integers(-9, 9), st.integers(-9, 9))
def test_quadratics_checked_exactly_when_nonnegative(a, b, c):
    """a·x² + b·x + c ≥ 0 is true iff b² ≤ 4ac: the finders' proposals are accepted by the
    kernel only then (checked when true, never when false)."""
    text = f"theorem t (x : ℝ) : {a} * x ^ 2 + ({b}) * x + ({c}) ≥ 0"
    g = goal(text)
    true = b * b <= 4 * a * c
    checker = KernelChecker()
    accepted = [t for t in lp_hint_candidates(g, time.monotonic() + 3) if isinstance(checker.close(g, t), Closed)]
    if not true:
        assert not accepted, (text, accepted)
    elif b * b < 4 * a * c:
        assert accepted, text


def test_linear_combination_cofactors_of_any_degree():
    """m⁴ = 324 from m = 3n and n² = 2 needs a cofactor of degree 3 for the first equation."""
    from prover.search.reconstruct import linear_combination_candidates
    g = goal("theorem t (m n : ℝ) (h : m = 3 * n) (h2 : n ^ 2 = 2) : m ^ 4 = 324")
    found = linear_combination_candidates(g, 3.0)
    assert found and isinstance(KernelChecker().close(g, found[0]), Closed), found
    false = goal("theorem t (m n : ℝ) (h : m = 3 * n) (h2 : n ^ 2 = 2) : m ^ 4 = 320")
    assert not any(isinstance(KernelChecker().close(false, t), Closed)
                   for t in linear_combination_candidates(false, 3.0))


def test_conjunct_hypotheses_named_for_hints():
    """`h : 0 < r ∧ 0 < s`: a hint can use the sign facts, by projection (`h.1`, And.left)
    or after `obtain` names them. (The non-strict `r³s + rs³ ≥ 2r²s²` closes with squares alone.)"""
    script = _assert_checked("theorem t (r s : ℝ) (h : 0 < r ∧ 0 < s) : r ^ 3 * s + r * s ^ 3 > r ^ 2 * s ^ 2")
    last = script.splitlines()[-1]
    assert "h.1" in last or (script.startswith("obtain ⟨h_1, h_2⟩ := h") and "h_1" in last), script


def test_nested_structure_three_deep():
    """↔ then → then ∧: three structure steps before each `nlinarith`."""
    _assert_checked("theorem t (c : ℝ) : -2 * (c + 2) * (c - 5) ≥ 0 ↔ -2 ≤ c ∧ c ≤ 5", budget=10)
