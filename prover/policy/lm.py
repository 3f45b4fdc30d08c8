"""Tactic proposals from a language model (transformers), behind the `Proposer` protocol.

Any causal LM by Hugging Face name or local path works (`--model`); the embedded default is
a small LLaMA-style model the project trains itself (`models/tactic-lm`). The prompt is one
function, `build_prompt`, easy to adapt to a public prover model's own format.

>>> from prover.state import load_theorem
>>> g = load_theorem("theorem t (x : ℝ) (h : 2 * x = 4) : x = 2").goal
>>> print(build_prompt(g, lemmas=["Real.log_mul"], failed={"ring": "not closed"}))
[GOAL] x : ℝ
h : 2 * x = 4
⊢ x = 2
[LEMMAS] Real.log_mul
[FAILED] ring => not closed
[TACTIC]
"""

from __future__ import annotations

import math
import os
from pathlib import Path

from prover.policy.base import Proposal
from prover.state import Goal

DEFAULT_MODEL = Path(__file__).resolve().parents[2] / "models" / "tactic-lm"
TACTIC_MARK = "[TACTIC]"
END = "\n"
# The LM is asked at a goal before any unsafe rule is checked there (the surest, induction, has
# 0.5); its best proposal there ranks at this prior, the others below by their beam-score gap.
# At 0.05, after every rule, the embedded model's library hints came too late: each goal opened
# on the way costs up to 2 s of decision procedures (bench/lm_search.py, session 4).
LM_PRIOR = 0.6


def build_prompt(goal: Goal | str, lemmas: list[str] | None = None, failed: dict[str, str] | None = None) -> str:
    """The LM prompt: the goal as Lean text, retrieved lemmas (ReProver style) and the tactics
    that already failed here with their errors, then the marker after which a tactic follows."""
    parts = [f"[GOAL] {goal}"]
    if lemmas:
        parts.append("[LEMMAS] " + " ; ".join(lemmas[:5]))
    if failed:
        parts += [f"[FAILED] {t} => {r[:60]}" for t, r in list(failed.items())[:4]]
    parts.append(TACTIC_MARK)
    return "\n".join(parts)


class LMRanked:
    """Re-scores another proposer's candidates by the LM, mixed with their priors. Safe rules
    pass as they are. The LM's score of a tactic is its pointwise mutual information with the
    state: log P(tactic | state) - log P(tactic | empty state), per token. Raw log-probability
    mostly says how common a tactic is (`nlinarith` everywhere); the difference says how much
    this state calls for it. The LM's own beam proposals come in through the wrapped proposer."""

    name = "lm-ranked"

    def __init__(self, proposer, lm, weight: float = 0.5):
        self.proposer, self.lm, self.weight = proposer, lm, weight
        self._marginal: dict[str, float] = {}   # tactic -> log P(tactic | empty state), per token

    def ready(self) -> None:
        getattr(self.proposer, "ready", lambda: None)()
        getattr(self.lm, "ready", lambda: None)()

    def state_scores(self, goal: Goal | str, tactics: list[str]) -> list[float]:
        """Per-token log P(t | goal) - log P(t | empty goal) for each tactic."""
        new = [t for t in dict.fromkeys(tactics) if t not in self._marginal]
        if new:
            self._marginal.update(zip(new, self.lm.score(build_prompt(""), new, per_token=True)))
        scores = self.lm.score(build_prompt(goal), tactics, per_token=True)
        return [s - self._marginal[t] for s, t in zip(scores, tactics)]

    def propose(self, goal: Goal, k: int = 16, failed: dict[str, str] | None = None) -> list[Proposal]:
        props = self.proposer.propose(goal, k, failed)
        if len(props) < 2 or all(p.source == "portfolio-safe" for p in props):
            return props
        scores = self.state_scores(goal, [p.tactic for p in props])
        top = max(scores)
        norm = math.log(sum(math.exp(s - top) for s in scores)) + top
        w = self.weight
        mixed = [Proposal(p.tactic, (1 - w) * p.logprob + w * (s - norm), p.source) for p, s in zip(props, scores)]
        return sorted(mixed, key=lambda p: -p.logprob)


def select_device(requested: str = "auto") -> str:
    """`auto` picks CUDA when torch sees a GPU, else CPU; an explicit `cuda` without a GPU
    is an input error."""
    import torch
    from prover.errors import InputError
    if requested == "auto":
        return "cuda" if torch.cuda.is_available() else "cpu"
    if requested == "cuda" and not torch.cuda.is_available():
        raise InputError("--device cuda: no CUDA device is visible")
    if requested not in ("cpu", "cuda"):
        raise InputError(f"--device must be auto, cpu or cuda, not {requested}")
    return requested


# 94% of the training corpus's tactics fit in 16 tokens; the longer ones are residue splits and
# learned-lemma applications, which the portfolio and the memory propose. 20 tokens cost 63 ms
# per state against 48 ms (bench/lm.py, batch of 8, 2 cores).
MAX_NEW_TOKENS = 16


class _Proposing:
    """Proposals from `generate`: the prompt (with retrieved lemmas and failed tactics), the beam,
    and the ranking. Shared by the in-process model and a batch worker's view of a served one."""

    retriever = None

    def _lemmas(self, goal: Goal) -> list[str]:
        if self.retriever is None:
            return []
        from prover.policy.memory import goal_text
        g = self.retriever.graph.graph
        return [g.nodes[n].get("name") or g.nodes[n]["statement"][:60] for n, _ in self.retriever.retrieve(goal_text(goal), 5)]

    def propose(self, goal: Goal, k: int = 8, failed: dict[str, str] | None = None) -> list[Proposal]:
        prompt = build_prompt(goal, self._lemmas(goal), failed)
        ranked = [(t, s) for t, s in self.generate([prompt], k)[0] if not (failed and t in failed)]
        if not ranked:
            return []
        # The best proposal at a goal gets LM_PRIOR, the others their score gap below it: beam
        # scores rank a state's candidates well, but their level is not a probability.
        top = ranked[0][1]
        return [Proposal(t, math.log(LM_PRIOR) + max(s - top, -50.0), "lm") for t, s in ranked]


class HFProposer(_Proposing):
    """k tactics by beam search from a transformers model, scored by their sequence
    log-probabilities: a causal LM continues the prompt; an encoder-decoder (ByT5-style tactic
    generators) reads the prompt and writes the tactic."""

    name = "lm"

    def __init__(self, model: str | Path = DEFAULT_MODEL, device: str = "auto", dtype: str = "auto",
                 retriever=None, max_new_tokens: int = MAX_NEW_TOKENS):
        os.environ.setdefault("HF_HUB_OFFLINE", "1") if Path(str(model)).exists() else None
        import torch
        from transformers import AutoConfig, AutoModelForCausalLM, AutoModelForSeq2SeqLM, AutoTokenizer
        self.torch = torch
        self.device = select_device(device)
        torch_dtype = {"auto": None, "float32": torch.float32, "float16": torch.float16,
                       "bfloat16": torch.bfloat16}.get(dtype)
        from prover.policy.loading import MODEL_LOAD_LOCK
        with MODEL_LOAD_LOCK:
            self.tokenizer = AutoTokenizer.from_pretrained(str(model))
            self.seq2seq = bool(getattr(AutoConfig.from_pretrained(str(model)), "is_encoder_decoder", False))
            kwargs = {"dtype": torch_dtype} if torch_dtype is not None else {}
            auto = AutoModelForSeq2SeqLM if self.seq2seq else AutoModelForCausalLM
            self.model = auto.from_pretrained(str(model), **kwargs).to(self.device).eval()
        if self.tokenizer.pad_token is None:
            self.tokenizer.pad_token = self.tokenizer.eos_token
        self.retriever = retriever
        self.max_new_tokens = max_new_tokens
        self.calls = 0

    def _context(self) -> int:
        """The model's positions (512 where the config gives none, as for T5)."""
        return getattr(self.model.config, "max_position_embeddings", None) or 512

    def _prompt_room(self) -> int:
        """Tokens a prompt may take: a causal LM shares its context with the tactic it writes;
        an encoder-decoder's encoder has the whole context."""
        return self._context() if self.seq2seq else self._context() - self.max_new_tokens

    def _stop_ids(self) -> list[int]:
        """End of sequence, and the end-of-tactic mark when it is one token: a beam stops at the
        tactic's end instead of spending a step on the end-of-sequence token after it."""
        ids = self.tokenizer(END, add_special_tokens=False)["input_ids"]
        return [self.tokenizer.eos_token_id] + (ids if len(ids) == 1 else [])

    def generate(self, prompts: list[str], k: int) -> list[list[tuple[str, float]]]:
        """For each prompt, up to k (tactic, log-probability) pairs, best first (batched)."""
        torch = self.torch
        self.calls += 1
        self.tokenizer.padding_side = "right" if self.seq2seq else "left"  # a causal LM continues the prompt's end
        self.tokenizer.truncation_side = "left"  # a long goal loses its start, never the [TACTIC] mark
        enc = self.tokenizer(prompts, return_tensors="pt", padding=True, truncation=True,
                             max_length=self._prompt_room()).to(self.device)
        with torch.no_grad():
            out = self.model.generate(**enc, num_beams=k, num_return_sequences=k, max_new_tokens=self.max_new_tokens,
                                      do_sample=False, output_scores=True, return_dict_in_generate=True,
                                      early_stopping=True, pad_token_id=self.tokenizer.pad_token_id,
                                      eos_token_id=self._stop_ids())
        written = out.sequences if self.seq2seq else out.sequences[:, enc["input_ids"].shape[1]:]
        texts = self.tokenizer.batch_decode(written, skip_special_tokens=True)
        scores = out.sequences_scores.tolist() if getattr(out, "sequences_scores", None) is not None else [0.0] * len(texts)
        results = []
        for i in range(len(prompts)):
            seen: dict[str, float] = {}
            for text, score in zip(texts[i * k:(i + 1) * k], scores[i * k:(i + 1) * k]):
                tactic = text.split(END)[0].strip()
                if tactic and tactic not in seen:
                    seen[tactic] = float(score)
            results.append(sorted(seen.items(), key=lambda kv: -kv[1]))
        return results

    def score(self, prompt: str, tactics: list[str], per_token: bool = False) -> list[float]:
        """log P(tactic | prompt) for each tactic (its tokens and the end mark), in one batched
        forward pass; `per_token` divides by the token count (as beam scores are). The prompt
        is cut from the left to fit the model's context."""
        torch, tok = self.torch, self.tokenizer
        if not tactics:
            return []
        if self.seq2seq:
            return self._score_written(prompt, tactics, per_token)
        tails = [tok(t + END, add_special_tokens=False)["input_ids"] + [tok.eos_token_id] for t in tactics]
        limit = self._context() - max(len(t) for t in tails)
        head = tok(prompt, add_special_tokens=False)["input_ids"][-max(limit, 1):]
        width = len(head) + max(len(t) for t in tails)
        ids = torch.full((len(tails), width), tok.pad_token_id, dtype=torch.long)
        attn = torch.zeros((len(tails), width), dtype=torch.long)
        for i, tail in enumerate(tails):
            ids[i, :len(head) + len(tail)] = torch.tensor(head + tail)
            attn[i, :len(head) + len(tail)] = 1
        ids, attn = ids.to(self.device), attn.to(self.device)
        self.calls += 1
        with torch.no_grad():
            logp = torch.log_softmax(self.model(input_ids=ids, attention_mask=attn).logits.float(), dim=-1)
        token_logp = logp[:, :-1].gather(2, ids[:, 1:].unsqueeze(-1)).squeeze(-1)
        sums = [float(token_logp[i, len(head) - 1:len(head) + len(tail) - 1].sum()) for i, tail in enumerate(tails)]
        return [s / len(t) for s, t in zip(sums, tails)] if per_token else sums

    def _score_written(self, prompt: str, tactics: list[str], per_token: bool) -> list[float]:
        """`score` for an encoder-decoder: the prompt is read once per tactic, and each tactic's
        tokens (with the end-of-sequence token the tokenizer adds) are the decoder's labels."""
        torch, tok = self.torch, self.tokenizer
        tok.truncation_side = "left"
        enc = tok([prompt] * len(tactics), return_tensors="pt", truncation=True, max_length=self._prompt_room())
        targets = [tok(t)["input_ids"] for t in tactics]
        labels = torch.full((len(targets), max(len(t) for t in targets)), -100, dtype=torch.long)
        for i, t in enumerate(targets):
            labels[i, :len(t)] = torch.tensor(t)
        enc, labels = enc.to(self.device), labels.to(self.device)
        self.calls += 1
        with torch.no_grad():
            logits = self.model(**enc, labels=labels).logits.float()
        logp = torch.log_softmax(logits, dim=-1).gather(2, labels.clamp(min=0).unsqueeze(-1)).squeeze(-1)
        sums = [float(logp[i, :len(t)].sum()) for i, t in enumerate(targets)]
        return [s / len(t) for s, t in zip(sums, targets)] if per_token else sums
