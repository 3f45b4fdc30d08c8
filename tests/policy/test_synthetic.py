"""The synthetic generator, with the real checker: hint families need their hints, and held-out
statements are never generated."""

from prover.checkers.replay import replay
from prover.learn import synthetic
from prover.state import load_theorem


def test_hint_families_keep_only_proofs_that_need_their_hint(monkeypatch):
    monkeypatch.setattr(synthetic, "FAMILIES", (synthetic._recurrence, synthetic._pow_bound))
    kept = synthetic.generate(per_family=5, seed=4)
    assert kept
    for t in kept:
        assert "[Nat." in t.proof.splitlines()[-1]
        assert replay(load_theorem(t.statement).goal, t.proof, budget_s=5).ok
        assert synthetic._needs_its_hint(t), t.statement


def test_held_out_statements_are_not_generated():
    first = synthetic.generate(per_family=2, seed=1, verify=False)
    ring = next(t for t in first if t.family == "ring")
    renamed = ring.statement.replace(ring.name, "other_name")
    again = synthetic.generate(per_family=2, seed=1, verify=False, held_out={synthetic._canonical(renamed)})
    assert ring.statement not in {t.statement for t in again}
    assert len(again) == len(first) - 1
