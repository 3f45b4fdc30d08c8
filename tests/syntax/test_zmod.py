"""ZMod n statements, translated to ℤ: what is refused and what the translation means."""

import pytest

from prover.errors import UnsupportedSyntax
from prover.search.direct import prove_theorem
from prover.state import load_theorem


@pytest.mark.parametrize("statement", [
    "theorem t (x : ZMod 7) (h : x < 3) : x = 1",                  # no order on ZMod
    "theorem t (x : ZMod 6) (h : x = 5⁻¹) : x = 5",                # ZMod 6 is not a field
    "theorem t (x : ZMod 7) (y : ZMod 5) (h : x = 1) : y = 1",     # two moduli
    "theorem t : ∀ x : ZMod 7, x ^ 7 = x",                         # a quantifier over ZMod
])
def test_what_the_translation_does_not_model_is_refused(statement):
    with pytest.raises(UnsupportedSyntax):
        load_theorem(statement)


def test_a_variable_is_a_residue_and_equations_are_congruences():
    g = load_theorem("theorem t (x : ZMod 7) (h : 2 * x = 3) : x = 5").goal
    assert dict(g.variables) == {"x": "ℤ"} and "x_range" in dict(g.hypotheses)
    assert prove_theorem(load_theorem("theorem t (x : ZMod 7) (h : 2 * x = 3) : x = 5"), timeout_s=5).status == "proved"
    assert prove_theorem(load_theorem("theorem t (x : ZMod 7) (h : 2 * x = 3) : x = 4"), timeout_s=5).status != "proved"


def test_casts_into_zmod_keep_natural_subtraction_inside():
    # ((a - b : ℕ) : ZMod 7) truncates first; (a - b : ZMod 7) subtracts in ZMod 7.
    truncated = "theorem t (a b : ℕ) (h₀ : a = 2) (h₁ : b = 5) : ((a - b : ℕ) : ZMod 7) = 0"
    wrapped = "theorem t (a b : ℕ) (h₀ : a = 2) (h₁ : b = 5) : ((a : ZMod 7) - b) = 4"
    assert prove_theorem(load_theorem(truncated), timeout_s=5).status == "proved"
    assert prove_theorem(load_theorem(wrapped), timeout_s=5).status == "proved"
    assert prove_theorem(load_theorem(wrapped.replace("= 4", "= 0")), timeout_s=5).status != "proved"
