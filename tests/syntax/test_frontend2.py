"""Issue 14, second round: `Neg ℤ` as the default instance, `ℝ≥0`, `Fin n`, `∑ i : Fin n`, `∑'`/`∏'`,
opaque predicates of functions (`Continuous`, `Summable`, `Filter.Tendsto … atTop (𝓝 L)`),
`Fintype ↥S` with `S.toFinset`. Statements written for these tests; the true/false twins of each
construct are in `tests/data/twins/frontend2.jsonl`."""

import pytest
from hypothesis import given, settings, strategies as st

from prover.errors import ElaborationError, LeanSyntaxError, UnsupportedSyntax
from prover.kernel.evaluate import holds
from prover.state import load_theorem
from prover.syntax.ast import INT, NAT, REAL
from prover.syntax.printer import show


def goal(text):
    return load_theorem(text).goal


# -- Neg ℤ (priority mid) before OfNat ℕ (priority low) -----------------------------------
@pytest.mark.parametrize("text, variables", [
    ("theorem t : p + q = 0 → p ^ 2 = -p * q", [("p", INT), ("q", INT)]),
    ("theorem t : 3 * z + 1 > -5", [("z", INT)]),
    ("theorem t : ∀ w, w + 2 = 5 ∧ -w < 0", []),
    ("theorem t : z + 1 = 2 ∧ z = Real.sqrt 2 - 1", [("z", REAL)]),  # a real use beats the default
    ("theorem t : z + 1 = 2", [("z", NAT)]),                          # numerals only: ℕ
])
def test_negation_defaults_a_type_to_int(text, variables):
    g = goal(text)
    assert list(g.variables) == variables
    if text.startswith("theorem t : ∀ w"):
        assert g.target.value == ("w", INT)


def test_a_closed_negative_numeral_equation_is_integer():
    g = goal("theorem t : -9 / 4 = -3")
    assert g.target.value == INT
    assert holds(g.target)          # ℤ division rounds down (Int.ediv): -9 / 4 = -3
    assert not holds(goal("theorem t : -9 / 4 = -2").target)


def test_negation_of_a_declared_natural_is_still_refused():
    with pytest.raises(ElaborationError, match="ℕ has no"):
        load_theorem("theorem t (k : ℕ) : -k = 0")


def test_inverse_of_a_numeral_takes_the_equation_type():
    g = goal("theorem t (c : ℝ) (h : 5⁻¹ + c⁻¹ = 1) : c = 5 / 4")
    assert g.hypotheses[0][1].args[0].ty == REAL
    for text in ("theorem t (k : ℕ) : k⁻¹ = 1", "theorem t (k : ℤ) : k⁻¹ = 1", "theorem t : 7⁻¹ = 0"):
        with pytest.raises(ElaborationError, match="⁻¹ on"):
            load_theorem(text)


# -- ℝ≥0 -------------------------------------------------------------------------------------
def test_nnreal_becomes_a_nonnegative_real_with_truncated_subtraction():
    g = goal("theorem t (u v : ℝ≥0) (h : u - v = 1) : (u : ℝ) - v = 1")
    assert dict(g.variables) == {"u": REAL, "v": REAL}
    facts = dict(g.hypotheses)
    assert show(facts["u_nonneg"]) == "0 ≤ u"
    assert show(facts["h"]) == "max (u - v) 0 = 1"
    assert show(g.target) == "u - v = 1"      # the real subtraction of the coercions


def test_nnreal_quantifiers_and_functions_carry_their_facts():
    g = goal("theorem t (s : ℕ → NNReal) : ∀ r : ℝ≥0, ∃ m : NNReal, s 0 + r ≤ m")
    assert show(dict(g.hypotheses)["s_nonneg"]) == "∀ a0 : ℕ, 0 ≤ s a0"
    assert show(g.target) == "∀ r : ℝ, 0 ≤ r → (∃ m : ℝ, 0 ≤ m ∧ s 0 + r ≤ m)"


@pytest.mark.parametrize("text, message", [
    ("theorem t (u : ℝ≥0) (k : ℤ) : u = k", "no common type"),
    ("theorem t (u : ℝ≥0) (q : ℚ) : u + q = 1", "no common type"),
    ("theorem t (u : ℝ≥0) : -u = 0", "NNReal has no"),
    ("theorem t (u : ℝ≥0) : u % 2 = 0", "NNReal has no Mod"),
])
def test_what_lean_refuses_on_nnreal_is_refused(text, message):
    with pytest.raises(ElaborationError, match=message):
        load_theorem(text)


def test_nnreal_stays_refused_outside_a_theorem_statement():
    from prover.syntax.elaborate import Elaborator
    from prover.syntax.parser import parse_term
    with pytest.raises(UnsupportedSyntax, match="NNReal"):
        Elaborator({"x": REAL}).prop(parse_term("(x - 1 : NNReal) = 0"))


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 30), st.integers(0, 30))
def test_nnreal_subtraction_evaluates_truncated(a, b):
    assert holds(goal(f"theorem t : ({a} : ℝ≥0) - {b} = {max(a - b, 0)}").target)
    # an ascription to ℝ around the subtraction types the whole `binop%` tree (the leaves are
    # cast), as Lean elaborates `((x - y : ℝ≥0) : ℝ)` only with the inner ascription
    assert holds(goal(f"theorem t : ((({a} : ℝ≥0) - {b}) : ℝ) = ({a} : ℝ) - {b}").target)
    assert holds(goal(f"theorem t : ((({a} : ℝ≥0) - {b} : ℝ≥0) : ℝ) = {max(a - b, 0)}").target)
    if a < b:
        assert not holds(goal(f"theorem t : ({a} : ℝ≥0) - {b} + {b} = {a}").target)


# -- Fin n and sums over Finset.univ -----------------------------------------------------------
def test_fin_sums_are_range_sums_and_indices_are_bounded():
    g = goal("theorem t (m : ℕ) (c : Fin m → ℝ) (j : Fin m) : ∑ i : Fin m, c i ≥ c j")
    assert dict(g.variables) == {"m": NAT, "c": ("→", (NAT,), REAL), "j": NAT}
    assert show(dict(g.hypotheses)["j_lt"]) == "j < m"
    assert show(g.target) == "(∑ i ∈ Finset.range m, c i) ≥ c j"
    assert goal("theorem t (m : ℕ) (c d : Fin m → ℝ) : ∑ i, c i * d i = 0") == \
        goal("theorem t (m : ℕ) (c d : Fin m → ℝ) : ∑ i : Fin m, c i * d i = 0")


@pytest.mark.parametrize("text, error", [
    ("theorem t (c : Fin 3 → ℝ) : c 4 = c 1", UnsupportedSyntax),        # Lean: 4 is 4 % 3 = 1
    ("theorem t (m : ℕ) (c : Fin m → ℝ) : c 0 = 0", UnsupportedSyntax),   # needs NeZero m
    ("theorem t (i j : Fin 4) : i + j = j + i", LeanSyntaxError),        # Fin arithmetic wraps around
    ("theorem t : ∑ i : ℕ, i = 0", ElaborationError),                     # no Fintype ℕ
])
def test_fin_values_that_would_need_wrap_around_are_refused(text, error):
    with pytest.raises(error):
        load_theorem(text)


# -- tsum, opaque predicates, Fintype -------------------------------------------------------------
def test_series_are_opaque_terms():
    g = goal("theorem t (r : ℝ) : ∃ s, ∑' k : ℕ, r ^ k = s")
    call = next(n for n in g.target.walk() if n.op == "call")
    assert call.value == "tsum" and call.ty == REAL and call.args[0].op == "lambda"
    assert goal("theorem t : ∃ s, ∑' k : ℕ, 2 ^ k = s").target.value[1] == NAT   # numerals: ℕ
    assert next(n for n in goal("theorem t : ∏' k : ℕ, (1 + (1 : ℝ) / 3 ^ k) = 2").target.walk()
                if n.op == "call").value == "tprod"


def test_opaque_predicates_of_functions():
    g = goal("theorem t (g : ℝ → ℝ) (hg : Continuous g) : Summable (fun n : ℕ => (1 : ℝ) / 2 ^ n)")
    assert [h.value for _, h in g.hypotheses] == ["Continuous"] and g.target.value == "Summable"
    g = goal("theorem t (c : ℝ) (s : ℕ → ℝ) (h : Filter.Tendsto s Filter.atTop (𝓝 c)) : c = c")
    assert show(g.hypotheses[0][1]) == "Filter.Tendsto s Filter.atTop (𝓝 c)"
    with pytest.raises(UnsupportedSyntax):
        load_theorem("theorem t (s : ℕ → ℝ) (h : Filter.Tendsto s Filter.atBot (𝓝 0)) : s 0 = 0")


def test_fintype_preimage_and_its_finset():
    g = goal("theorem t (f : ℝ → ℝ) (hf : Fintype (f ⁻¹' {2})) : ∑ z ∈ (f ⁻¹' {2}).toFinset, z = 1")
    assert g.hypotheses[0][1].value == "Fintype"
    total = g.target.args[0]
    assert total.op == "sum" and total.args[0].value == "Set.toFinset"
    again = load_theorem(load_theorem("theorem t (f : ℝ → ℝ) (hf : Fintype (f ⁻¹' {2})) : "
                                      "∑ z ∈ (f ⁻¹' {2}).toFinset, z = 1").lean_statement()).goal
    assert show(again.target).replace("x1", "x0") == show(g.target)


def test_functions_on_fin_compare_pointwise_on_their_domain():
    g = goal("theorem t (c d : Fin 4 → ℝ) (h : c = d) : c 1 = d 1")
    assert show(g.hypotheses[0][1]) == "∀ x0 : ℕ, x0 < 4 → c x0 = d x0"


@pytest.mark.parametrize("text", [
    "theorem t (u : ℝ≥0) : |u| = u",                 # abs needs `Neg`
    "theorem t (u : ℝ≥0) : ⌊u⌋ = 0",                 # Int.floor needs a FloorRing
])
def test_functions_that_need_a_ring_are_refused_on_nnreal(text):
    with pytest.raises(ElaborationError, match="ℝ≥0"):
        load_theorem(text)


def test_negation_inside_a_polymorphic_leaf_defaults_the_tree_to_int():
    g = goal("theorem t : |(-5)| = 5")
    assert g.target.value == INT and holds(g.target)
    assert goal("theorem t : min 2 (-1) = -1").target.value == INT


def test_printed_series_and_sets_read_back():
    for text in ("theorem t (q : ℕ → ℝ) : ∑' j : ℕ, q j ≥ ∑' j : ℕ, q j",
                 "theorem t (w : ℕ → ℝ≥0) (n : ℕ) : ∑ i ∈ Finset.range n, w i ≥ 0"):
        t = load_theorem(text)
        assert load_theorem(t.lean_statement()).goal == t.goal


def test_an_untyped_fun_binder_that_nothing_types_is_refused():
    with pytest.raises(UnsupportedSyntax, match="type of"):
        load_theorem("theorem t : Continuous (fun y => y)")
    g = goal("theorem t (h : ℝ → ℝ) : Continuous (fun y => h y + 1)")
    assert g.target.args[0].value == ("y", REAL)


def test_field_notation_waits_for_the_type_a_later_use_fixes():
    g = goal("theorem t : ∃ r, r.Prime ∧ r + 3 = 10")
    assert g.target.value == ("r", NAT)
    assert goal("theorem t : ∀ r, r.Prime → r ≥ 2").target.value == ("r", NAT)
    with pytest.raises(ElaborationError, match="field notation"):
        load_theorem("theorem t : ∃ r, r.Prime")       # nothing fixes r's type: Lean refuses


def test_set_range_membership_and_equation():
    g = goal("theorem t (h : ℕ → ℤ) : (5 : ℤ) ∈ Set.range h")
    assert show(g.target) == "∃ w0 : ℕ, h w0 = 5"
    g = goal("theorem t (c : ℝ) : Set.range (fun s : ℝ => s ^ 2 - c) = Set.Ici (-c)")
    assert g.target.op == "forall"


def test_composition_unfolds_by_definition():
    assert goal("theorem t (u v : ℕ → ℕ) : (u ∘ v) 4 = u (v 4)").target.args[0] == \
        goal("theorem t (u v : ℕ → ℕ) : u (v 4) = u (v 4)").target.args[0]
    g = goal("theorem t (u v : ℝ → ℝ) (h : Function.Injective (u ∘ v)) : Function.Injective v")
    assert show(g.hypotheses[0][1]) == "∀ a0 : ℝ, ∀ b0 : ℝ, u (v a0) = u (v b0) → a0 = b0"
    with pytest.raises(UnsupportedSyntax):
        load_theorem("theorem t (u v : ℕ → ℕ) : u ∘ v = v ∘ u")


def test_membership_in_digits_is_a_list_membership():
    g = goal("theorem t (m : ℕ) : ∀ d ∈ Nat.digits 10 m, d < 10")
    mem = g.target.args[0].args[0]
    assert mem.op == "mem" and mem.args[1].value == "Nat.digits"
