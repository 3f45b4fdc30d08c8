"""One tactic registry: every table of tactic names is the registry's, and every kernel rule
has its entry."""

import pytest

from prover.checkers import kernel_checker, sympy_checker
from prover.checkers.sympy_checker import SympyChecker
from prover.errors import TacticSyntaxError
from prover.kernel.tactics import RULES
from prover.tactics import parse, registry
from prover.tactics.parse import parse_tactic
from prover.tactics.registry import REGISTRY, render


def test_every_kernel_rule_has_a_registry_entry_naming_it():
    for name in RULES:
        assert name in REGISTRY, name
        assert REGISTRY[name].kernel_rule == name
        assert REGISTRY[name].kernel_checked


def test_the_parse_table_is_the_registrys():
    assert parse.FORMS is registry.FORMS
    assert parse.KNOWN == set(registry.FORMS) == parse.CLOSING | parse.STRUCTURAL
    assert not parse.CLOSING & parse.STRUCTURAL
    assert {n: s.forms for n, s in REGISTRY.items() if s.forms is not None} == parse.FORMS
    assert sympy_checker.TACTIC_METHODS is registry.TACTIC_METHODS
    assert kernel_checker.KERNEL_CLOSING is registry.KERNEL_CHECKED


def test_every_parsed_tactic_has_a_model_in_the_default_checker():
    for name, spec in REGISTRY.items():
        if spec.forms is None:
            continue
        if spec.closing:
            assert spec.methods or callable(getattr(SympyChecker, spec.checker_method(), None)), name
        else:
            assert spec.kernel_rule in ("structural", name), name
            assert callable(getattr(SympyChecker, spec.checker_method(), None)), name


def test_a_kernel_only_name_is_not_accepted_by_the_tactic_parser():
    for name, spec in REGISTRY.items():
        if spec.forms is None:
            with pytest.raises(TacticSyntaxError):
                parse_tactic(name)


def test_a_tactic_not_modelled_by_the_kernel_has_no_kernel_rule():
    for name, spec in REGISTRY.items():
        if spec.closing and name not in RULES:
            assert spec.kernel_rule is None


@pytest.mark.parametrize("text", [
    "nlinarith [sq_nonneg (a - b), h₀]", "norm_num [h₀] at h₁ ⊢", "linear_combination (exp := 2) h - h₂",
    "intro x y", "use 3", "rw [pow_succ] at h", "simp! at *", "have h : x = 2 := by linarith", "have h := h₀ 0 1",
    "rcases h with ⟨x, hx⟩", "induction' n with k ih", "exact h", "positivity",
])
def test_render_prints_back_what_parses(text):
    t = parse_tactic(text)
    assert render(t) == text
    assert parse_tactic(render(t)) == t
