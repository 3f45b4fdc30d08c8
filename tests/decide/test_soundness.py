"""The false suite: Lean-semantics traps and perturbed true statements. Each false statement
must be refused, each true twin proved, by the real checker."""

import pytest

from prover.decide.auto import decide
from prover.search.direct import prove_theorem
from prover.state import load_theorem

from tests.conftest import twins

TWINS = twins()


@pytest.mark.parametrize("pair", TWINS, ids=[f"{i}-{p['rule']}" for i, p in enumerate(TWINS)])
def test_false_twin_is_never_proved(pair):
    assert prove_theorem(load_theorem(pair["false"]), timeout_s=6).status != "proved"


@pytest.mark.parametrize("pair", TWINS, ids=[f"{i}-{p['rule']}" for i, p in enumerate(TWINS)])
def test_true_twin_is_proved(pair):
    assert decide(load_theorem(pair["true"]).goal, budget_s=8) is not None


def test_suite_is_large_enough():
    assert len(TWINS) >= 50
