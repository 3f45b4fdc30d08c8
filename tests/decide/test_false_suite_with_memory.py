"""The false suite with the lemma memory on: a memory that has learned the true twins (their
proofs, the lemmas they give, the tactics that worked on similar goals) never gets a false twin
proved. A sample of the suite (every 12th pair) keeps this within CI's time."""

import pytest

from prover import Prover

from tests.conftest import twins

SAMPLE = twins()[::12]
pytestmark = pytest.mark.xdist_group("memory-suite")   # one test process builds the memory, once


@pytest.fixture(scope="module")
def memory(tmp_path_factory):
    folder = tmp_path_factory.mktemp("memory")
    teacher = Prover(folder, model="none", encoder="tfidf")
    proved = sum(teacher.prove(pair["true"], timeout=5).proved for pair in SAMPLE)
    assert proved >= len(SAMPLE) * 3 // 4   # the memory really holds what the true twins taught
    return folder


@pytest.mark.parametrize("pair", SAMPLE, ids=[f"{i * 12}-{p['rule']}" for i, p in enumerate(SAMPLE)])
def test_false_twin_is_never_proved_with_memory_on(memory, pair):
    r = Prover(memory, model="none", encoder="tfidf", learn=False).prove(pair["false"], timeout=3)
    assert not r.proved and r.verdict not in ("checked", "true-by-oracle"), (pair["rule"], r.proof)
