"""The LM proposer on a real (tiny, randomly initialized) LLaMA built here; the GPU is the
only thing not exercised: where none is visible, device selection must say so."""

import pytest

from prover.errors import InputError
from prover.learn.policy import train_policy
from prover.policy.lm import HFProposer, build_prompt, select_device
from prover.state import load_theorem


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory):
    out = tmp_path_factory.mktemp("lm")
    pairs = [("x : ℝ\nh : 2 * x = 4\n⊢ x = 2", "linarith"), ("n : ℕ\n⊢ 7 ∣ 8 ^ n - 1", "induction n"),
             ("a b : ℝ\n⊢ 2 * a * b ≤ a ^ 2 + b ^ 2", "nlinarith [sq_nonneg (a - b)]")] * 8
    info = train_policy(pairs, out, minutes=0.25, hidden=64, layers=2, heads=2, batch_size=8, lr=3e-3)
    assert info["steps"] > 5 and info["final_loss"] < 3.0
    return out


def test_proposals_are_distinct_scored_tactics(tiny_model):
    lm = HFProposer(tiny_model, device="cpu")
    g = load_theorem("theorem t (x : ℝ) (h : 2 * x = 4) : x = 2").goal
    props = lm.propose(g, k=4)
    assert props and len({p.tactic for p in props}) == len(props)
    assert all(p.source == "lm" and p.logprob <= 0 for p in props)
    assert props == sorted(props, key=lambda p: -p.logprob)


def test_failed_tactics_are_in_the_prompt_and_filtered(tiny_model):
    lm = HFProposer(tiny_model, device="cpu")
    g = load_theorem("theorem t (x : ℝ) (h : 2 * x = 4) : x = 2").goal
    first = lm.propose(g, k=4)
    failed = {first[0].tactic: "linarith failed"}
    assert "[FAILED]" in build_prompt(g, failed=failed)
    assert all(p.tactic != first[0].tactic for p in lm.propose(g, k=4, failed=failed))


def test_device_selection_without_gpu():
    import torch
    if torch.cuda.is_available():
        pytest.skip("a GPU is visible: the no-GPU path is not what runs here")
    assert select_device("auto") == "cpu"
    with pytest.raises(InputError):
        select_device("cuda")
    with pytest.raises(InputError):
        select_device("tpu")


def test_scores_are_log_probabilities_that_prefer_what_was_trained(tiny_model):
    lm = HFProposer(tiny_model, device="cpu")
    prompt = build_prompt(load_theorem("theorem t (n : ℕ) : 7 ∣ 8 ^ n - 1").goal)
    trained, other = lm.score(prompt, ["induction n", "nlinarith [sq_nonneg (a - b)]"])
    assert trained <= 0 and other <= 0 and trained > other


def test_lm_ranking_reorders_candidates_and_keeps_them_all(tiny_model):
    from prover.policy.base import FixedProposer
    from prover.policy.lm import LMRanked
    lm = HFProposer(tiny_model, device="cpu")
    g = load_theorem("theorem t (a b : ℝ) : 2 * a * b ≤ a ^ 2 + b ^ 2").goal
    fixed = FixedProposer(["induction n", "nlinarith [sq_nonneg (a - b)]"])   # the trained one second
    ranked = LMRanked(fixed, lm, weight=0.9).propose(g)
    assert [p.tactic for p in ranked] == ["nlinarith [sq_nonneg (a - b)]", "induction n"]
    assert all(p.source == "fixed" for p in ranked)


def test_state_scores_are_relative_to_the_empty_state(tiny_model):
    # Pointwise mutual information: each tactic was trained equally often, so what separates
    # them is which state it was trained on.
    from prover.policy.base import FixedProposer
    from prover.policy.lm import LMRanked
    lm = HFProposer(tiny_model, device="cpu")
    ranked = LMRanked(FixedProposer([]), lm)
    g = load_theorem("theorem t (a b : ℝ) : 2 * a * b ≤ a ^ 2 + b ^ 2").goal
    sos, induction = ranked.state_scores(g, ["nlinarith [sq_nonneg (a - b)]", "induction n"])
    assert sos > induction


def test_a_prompt_longer_than_the_context_still_gets_proposals(tiny_model):
    lm = HFProposer(tiny_model, device="cpu")
    hyps = " ".join(f"(h{i} : x + {i} * y ≤ {i * i + 1})" for i in range(120))
    g = load_theorem(f"theorem t (x y : ℝ) {hyps} : x = 2").goal
    assert len(lm.tokenizer(build_prompt(g))["input_ids"]) > lm.model.config.max_position_embeddings
    assert lm.propose(g, k=2)


def test_ranking_is_opt_in(tiny_model):
    from prover.policy.compose import build_proposer, load_lm
    from prover.policy.lm import LMRanked
    t = load_theorem("theorem t (n : ℕ) : 7 ∣ 8 ^ n - 1")
    assert not isinstance(build_proposer(t, None, load_lm(str(tiny_model), "cpu")), LMRanked)
    assert isinstance(build_proposer(t, None, load_lm(str(tiny_model), "cpu", rank_weight=0.3)).now, LMRanked)
    with pytest.raises(InputError):
        load_lm(str(tiny_model), "cpu", rank_weight=1.5)
