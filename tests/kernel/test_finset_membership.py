"""A Finset membership is no `And` to Lean: `x ∈ s \\ t` and `x ∈ s.filter p` unfold to a
Multiset/List membership (`Finset.mem_sdiff`, `Finset.mem_filter` are theorems), so `obtain`,
`cases'` and the projections `.1`/`.2` refuse them; a Set difference is `x ∈ s ∧ x ∉ t` by
definition, and they take it apart (review finding: the Finset difference was marked as a Set's)."""

from hypothesis import given, settings
from hypothesis import strategies as st

from prover.checkers.kernel_checker import certify
from prover.state import load_theorem

SCRIPTS = {
    "obtain": "obtain ⟨h1, h2⟩ := h\n  exact h1",
    "projection": "exact h.1",
    "cases'": "cases' h with h1 h2\n  exact h1",
}


@settings(max_examples=20, deadline=None)
@given(lo=st.integers(0, 4), width=st.integers(1, 6), k=st.integers(0, 9), how=st.sampled_from(sorted(SCRIPTS)))
def test_a_finset_difference_is_not_taken_apart_and_a_set_difference_is(lo, width, k, how):
    hi = lo + width
    finset = f"theorem t (x : ℕ) (h : x ∈ Finset.Icc {lo} {hi} \\ {{{k}}}) : x ∈ Finset.Icc {lo} {hi}"
    assert not certify(load_theorem(finset).goal, SCRIPTS[how]).ok
    s = f"theorem t (x : ℕ) (h : x ∈ Set.Icc {lo} {hi} \\ {{{k}}}) : x ∈ Set.Icc {lo} {hi}"
    if how != "cases'":   # the model's cases' refuses every marked membership (conservative)
        assert certify(load_theorem(s).goal, SCRIPTS[how]).ok


def test_a_local_finset_difference_is_a_finset_membership():
    text = "theorem t (A B : Finset ℕ) (x : ℕ) (h : x ∈ A \\ B) : x ∈ A"
    for script in SCRIPTS.values():
        assert not certify(load_theorem(text).goal, script).ok
