"""Train the embedded tactic model: a BPE tokenizer on the tactic corpus and a small
LLaMA-style causal LM, on (state, tactic) pairs; the loss covers the tactic tokens only.

Data: proofs found by the prover on suites it may train on (result JSONL files whose steps
carry their states) and the synthetic generator (`prover.learn.synthetic`). Never the
evaluation half of a benchmark: callers pass only training files.
"""

from __future__ import annotations

import json
import random
import time
from pathlib import Path

from prover.policy.lm import END, build_prompt

SPECIAL = ["<pad>", "<s>", "</s>", "<unk>"]


def pairs_from_results(paths: list[Path]) -> list[tuple[str, str]]:
    """(state, tactic) from proved results whose steps recorded their states."""
    out = []
    for path in paths:
        for line in Path(path).read_text(encoding="utf-8").splitlines():
            try:
                r = json.loads(line)
            except json.JSONDecodeError:
                continue
            if r.get("status") != "proved":
                continue
            for step in r.get("tactics", []) or []:
                if step.get("state") and step.get("tactic"):
                    out.append((step["state"], step["tactic"]))
    return out


def _prompts(pairs: list[tuple[str, str]], rng: random.Random) -> list[tuple[str, str]]:
    """(prompt, tactic) examples in the inference format. A quarter carry retrieved-lemma
    names and a quarter carry other tactics of the corpus as failed ones, so that those prompt
    sections are in distribution (and the model learns not to repeat a failed tactic)."""
    from prover.tactics.lemmas import library
    names = sorted(library())
    tactics = sorted({t for _, t in pairs})
    out = []
    for state, tactic in pairs:
        lemmas = rng.sample(names, min(len(names), rng.randint(1, 3))) if names and rng.random() < 0.25 else None
        failed = None
        if rng.random() < 0.25:
            others = [t for t in rng.sample(tactics, min(len(tactics), 3)) if t != tactic][:2]
            failed = {t: "not closed" for t in others} or None
        out.append((build_prompt(state, lemmas, failed), tactic + END))
    return out


def read_pairs(paths: list[Path]) -> list[tuple[str, str]]:
    """(state, tactic) pairs from JSONL files of {"state", "tactic"} objects."""
    from prover.errors import InputError
    out = []
    for path in paths:
        try:
            lines = Path(path).read_text(encoding="utf-8").splitlines()
        except OSError as err:
            raise InputError(f"{path}: {err.strerror}") from None
        for i, line in enumerate(lines, 1):
            if not line.strip():
                continue
            try:
                d = json.loads(line)
                out.append((str(d["state"]), str(d["tactic"])))
            except (json.JSONDecodeError, KeyError, TypeError):
                raise InputError(f"{path}:{i}: expected a JSON object with \"state\" and \"tactic\"") from None
    return out


def write_pairs(path: Path, pairs: list[tuple[str, str]]) -> None:
    """The pairs as JSONL of {"state", "tactic"} objects, as `read_pairs` reads them."""
    Path(path).write_text("".join(json.dumps({"state": st, "tactic": t}, ensure_ascii=False) + "\n" for st, t in pairs),
                          encoding="utf-8")


def train_tokenizer(texts: list[str], vocab_size: int = 2000):
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
    from transformers import PreTrainedTokenizerFast
    tok = Tokenizer(models.BPE(unk_token="<unk>"))
    tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(vocab_size=vocab_size, special_tokens=SPECIAL,
                                  initial_alphabet=pre_tokenizers.ByteLevel.alphabet())
    tok.train_from_iterator(texts, trainer)
    return PreTrainedTokenizerFast(tokenizer_object=tok, pad_token="<pad>", bos_token="<s>", eos_token="</s>",
                                   unk_token="<unk>")


def train_policy(pairs: list[tuple[str, str]], out_dir: Path, minutes: float = 5.0, hidden: int = 256, layers: int = 4,
                 heads: int = 4, batch_size: int = 16, lr: float = 1e-3, seed: int = 0, max_len: int = 320,
                 log=print, device: str = "cpu", max_steps: int | None = None) -> dict:
    """Train a small LLaMA on (state, tactic) pairs for `minutes` (on `device`: cpu, cuda or auto),
    or until `max_steps` optimizer steps if that comes first, and save it, its tokenizer and
    `training.json` to `out_dir`. With `max_steps` and a generous `minutes` the run is the same
    on a fast machine and a loaded one."""
    import torch
    from transformers import LlamaConfig, LlamaForCausalLM

    from prover.policy.lm import select_device
    device = select_device(device)
    torch.manual_seed(seed)
    rng = random.Random(seed)
    examples = _prompts(pairs, rng)
    tokenizer = train_tokenizer([p + t for p, t in examples])
    config = LlamaConfig(vocab_size=len(tokenizer), hidden_size=hidden, intermediate_size=hidden * 2,
                         num_hidden_layers=layers, num_attention_heads=heads, num_key_value_heads=heads,
                         max_position_embeddings=512, bos_token_id=tokenizer.bos_token_id,
                         eos_token_id=tokenizer.eos_token_id, pad_token_id=tokenizer.pad_token_id, tie_word_embeddings=True)
    model = LlamaForCausalLM(config).to(device)
    n_params = sum(p.numel() for p in model.parameters())
    encoded = []
    for prompt, tactic in examples:
        p_ids = tokenizer(prompt, add_special_tokens=False)["input_ids"]
        t_ids = tokenizer(tactic, add_special_tokens=False)["input_ids"] + [tokenizer.eos_token_id]
        p_ids = p_ids[-(max_len - len(t_ids)):] if len(p_ids) + len(t_ids) > max_len else p_ids
        encoded.append((p_ids, t_ids))
    opt = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=0.01)
    start, step, losses = time.monotonic(), 0, []
    model.train()
    deadline = start + minutes * 60
    while time.monotonic() < deadline and (max_steps is None or step < max_steps):
        batch = rng.sample(encoded, min(batch_size, len(encoded)))
        width = max(len(p) + len(t) for p, t in batch)
        ids = torch.full((len(batch), width), tokenizer.pad_token_id)
        labels = torch.full((len(batch), width), -100)
        attn = torch.zeros((len(batch), width), dtype=torch.long)
        for i, (p, t) in enumerate(batch):
            seq = p + t
            ids[i, :len(seq)] = torch.tensor(seq)
            labels[i, len(p):len(seq)] = torch.tensor(t)
            attn[i, :len(seq)] = 1
        loss = model(input_ids=ids.to(device), attention_mask=attn.to(device), labels=labels.to(device)).loss
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        losses.append(float(loss.detach()))
        step += 1
        if step % 50 == 0:
            log(f"step {step}: loss {sum(losses[-50:]) / 50:.4f} ({time.monotonic() - start:.0f}s)")
    model.eval()
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(str(out_dir), safe_serialization=True)
    tokenizer.save_pretrained(str(out_dir))
    info = {"pairs": len(pairs), "parameters": n_params, "steps": step, "batch_size": batch_size, "device": device,
            "time_s": round(time.monotonic() - start, 1),
            "final_loss": round(sum(losses[-50:]) / max(len(losses[-50:]), 1), 4)}
    (out_dir / "training.json").write_text(json.dumps(info, indent=1))
    return info


__all__ = ["train_policy", "pairs_from_results", "read_pairs", "write_pairs", "build_prompt"]
