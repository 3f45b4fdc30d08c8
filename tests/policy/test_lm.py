"""The LM proposer on a real (tiny, randomly initialized) LLaMA built here; the GPU is the
only thing not exercised: where none is visible, device selection must say so."""

from pathlib import Path

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
    info = train_policy(pairs, out, minutes=5, max_steps=60, hidden=64, layers=2, heads=2,
                        batch_size=8, lr=3e-3)
    assert info["steps"] == 60 and info["final_loss"] < 3.0
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
    with pytest.raises(InputError, match="no CUDA device"):
        train_policy([("⊢ 1 = 1", "rfl")], Path("unused"), minutes=0.01, device="cuda")


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


@pytest.fixture(scope="module")
def tiny_seq2seq(tmp_path_factory):
    """A tiny ByT5-style encoder-decoder (byte tokenizer, T5 weights), fitted here to two pairs."""
    import torch
    from transformers import ByT5Tokenizer, T5Config, T5ForConditionalGeneration
    out = tmp_path_factory.mktemp("seq2seq")
    tok = ByT5Tokenizer()
    torch.manual_seed(0)
    model = T5ForConditionalGeneration(T5Config(vocab_size=384, d_model=64, d_ff=128, num_layers=2, num_decoder_layers=2,
                                                num_heads=2, d_kv=32, decoder_start_token_id=0, pad_token_id=0, eos_token_id=1))
    goals = ["theorem t (x : ℝ) (h : 2 * x = 4) : x = 2", "theorem t (n : ℕ) : 7 ∣ 8 ^ n - 1"]
    src = tok([build_prompt(load_theorem(g).goal) for g in goals], return_tensors="pt", padding=True)
    labels = tok(["linarith", "induction n"], return_tensors="pt", padding=True)["input_ids"]
    labels[labels == tok.pad_token_id] = -100
    opt = torch.optim.Adam(model.parameters(), lr=3e-3)
    for _ in range(150):
        loss = model(**src, labels=labels).loss
        opt.zero_grad()
        loss.backward()
        opt.step()
    assert loss.item() < 0.5
    model.save_pretrained(out)
    tok.save_pretrained(out)
    return out


def test_an_encoder_decoder_proposes_and_scores_what_it_was_trained_on(tiny_seq2seq):
    lm = HFProposer(tiny_seq2seq, device="cpu")
    assert lm.seq2seq
    props = lm.propose(load_theorem("theorem t (x : ℝ) (h : 2 * x = 4) : x = 2").goal, k=4)
    assert props[0].tactic == "linarith" and len({p.tactic for p in props}) == len(props)
    prompt = build_prompt(load_theorem("theorem t (n : ℕ) : 7 ∣ 8 ^ n - 1").goal)
    trained, other = lm.score(prompt, ["induction n", "linarith"])
    assert other < trained <= 0
    assert lm.score(prompt, ["induction n"], per_token=True)[0] > trained  # divided by its 12 tokens


def test_the_served_lm_answers_waiting_workers_with_one_batched_call(tiny_model):
    import multiprocessing as mp

    from prover.policy.compose import load_lm
    from prover.runner.lm_service import RemoteLM, serve
    lm = load_lm(str(tiny_model), "cpu")
    model = lm.ready()
    prompts = [build_prompt(load_theorem(s).goal) for s in ("theorem t (x : ℝ) (h : 2 * x = 4) : x = 2",
                                                             "theorem t (n : ℕ) : 7 ∣ 8 ^ n - 1")]
    (a, a_worker), (b, b_worker), (c, c_worker) = mp.Pipe(), mp.Pipe(), mp.Pipe()
    a_worker.send(("generate", prompts[:1], 4))
    b_worker.send(("generate", prompts[1:], 4))
    c_worker.send(("score", prompts[1], ["induction n", "linarith"], False))
    before = model.calls
    assert serve(lm, [a, b, c]) == 3
    assert model.calls == before + 2  # the two generation requests shared one call
    together = model.generate(prompts, 4)
    assert a_worker.recv() == ("ok", together[:1]) and b_worker.recv() == ("ok", together[1:])
    assert c_worker.recv() == ("ok", model.score(prompts[1], ["induction n", "linarith"]))
    # A failure of the model reaches the worker that asked as an error, not the batch process.
    import threading
    failures = []

    def ask():
        try:
            RemoteLM(a_worker).generate(prompts[:1], 0)  # zero beams: transformers refuses
        except RuntimeError as err:
            failures.append(str(err))
    asking = threading.Thread(target=ask)
    asking.start()
    assert a.poll(10)
    serve(lm, [a])
    asking.join(10)
    assert failures and "served by the batch process" in failures[0]


def test_a_batch_with_the_lm_served_from_the_parent_proves_as_one_with_forked_models(tiny_model, tmp_path):
    # Served is how a GPU model runs in a batch; here it is forced on CPU, so CI runs the path.
    from prover.policy.compose import load_lm
    from prover.runner.batch import run_batch
    from prover.runner.suite import SuiteEntry
    entries = [SuiteEntry("lin", "theorem lin (x : ℝ) (h : 2 * x = 4) : x = 2"),
               SuiteEntry("ind", "theorem ind (n : ℕ) (h : 0 < n) : 2 ^ n ≥ n + 1"),
               SuiteEntry("no", "theorem no (x : ℝ) (h : Real.cos x = 1 / 3) : x = 1")]
    runs = {}
    for served in (False, True):
        results = run_batch(entries, 8, 2, tmp_path / f"{served}.jsonl", lm=load_lm(str(tiny_model), "cpu"), serve_lm=served)
        runs[served] = {r["name"]: (r["status"], r["lm_calls"] > 0) for r in results}
    assert runs[True] == runs[False]
    assert runs[True]["lin"][0] == "proved" and runs[True]["no"][0] != "proved"
    assert any(asked for _, asked in runs[True].values())


def test_proposals_on_a_gpu_match_the_cpu(tiny_model):
    import torch
    if not torch.cuda.is_available():
        pytest.skip("no GPU is visible: the CUDA path runs only where one is lent")
    assert select_device("auto") == "cuda"
    cpu, gpu = HFProposer(tiny_model, device="cpu"), HFProposer(tiny_model, device="cuda")
    g = load_theorem("theorem t (n : ℕ) : 7 ∣ 8 ^ n - 1").goal
    assert gpu.model.device.type == "cuda"
    assert [p.tactic for p in gpu.propose(g, k=4)][:1] == [p.tactic for p in cpu.propose(g, k=4)][:1]
    prompt = build_prompt(g)
    assert gpu.score(prompt, ["induction n", "linarith"]) == pytest.approx(cpu.score(prompt, ["induction n", "linarith"]), abs=1e-3)
