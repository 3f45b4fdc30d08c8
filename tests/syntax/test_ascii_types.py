"""One-letter ASCII types: ℝ/ℚ/ℤ/ℕ/ℂ in a bare proposition; in a declaration (Lean's
autoImplicit makes `R` an arbitrary type) refused by name, wherever the letter stands."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from prover.errors import UnsupportedSyntax
from prover.state import load_theorem

LETTERS = {"R": "ℝ", "Q": "ℚ", "Z": "ℤ", "N": "ℕ"}

TEMPLATES = [
    ("(x : {T}) : x = x", None),
    ("(x y : {T}) (h : x = y) : y = x", None),
    (": ∀ x : {T}, x = x", "∀ x : {T}, x = x"),
    (": ∃ x : {T}, x = 0", "∃ x : {T}, x = 0"),
    ("(f : {T} → {U}) (h : f 0 = 1) : f 0 = 1", None),
    (": ∀ x y : {T}, x + y = y + x", "∀ x y : {T}, x + y = y + x"),
    ("(a : ℕ) : ∀ x : {T}, x * 0 = 0", None),
    (": (1 : {T}) + 1 = 2", "(1 : {T}) + 1 = 2"),
]


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(TEMPLATES), st.sampled_from(sorted(LETTERS)), st.sampled_from(sorted(LETTERS)),
       st.sampled_from(["theorem t", "lemma t", "theorem foo"]))
def test_letters_in_declarations_are_type_variables(template, t, u, head):
    decl, bare = template
    with pytest.raises(UnsupportedSyntax, match=f"type variable [{t}{u}]"):
        load_theorem(f"{head} " + decl.format(T=t, U=u))
    # the same declaration with the number types loads
    load_theorem(f"{head} " + decl.format(T=LETTERS[t], U=LETTERS[u]))
    if bare is not None:
        ascii_goal = load_theorem(bare.format(T=t, U=u)).goal.target
        unicode_goal = load_theorem(bare.format(T=LETTERS[t], U=LETTERS[u])).goal.target
        assert ascii_goal == unicode_goal
