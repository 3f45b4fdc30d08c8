"""Assembling the proposer used by search: the automation portfolio, the lemma memory and
the language model, merged with calibrated scores; the SOM prior on top when available."""

from __future__ import annotations

from pathlib import Path

from prover.policy.lm import DEFAULT_MODEL, HFProposer
from prover.policy.memory import CombinedProposer, MemoryProposer, SomPrior, own_node_ids
from prover.policy.portfolio import AutomationPortfolio


def load_lm(model: str | None, device: str = "auto", dtype: str = "auto", retriever=None) -> HFProposer | None:
    """`None`/`"none"` switches the LM off; `"default"` is the embedded model when it ships."""
    if model in (None, "none"):
        return None
    if model == "default":
        if not (DEFAULT_MODEL / "config.json").exists():
            return None
        model = str(DEFAULT_MODEL)
    return HFProposer(model, device=device, dtype=dtype, retriever=retriever)


def build_proposer(theorem, memory=None, lm: HFProposer | None = None):
    proposers = [AutomationPortfolio()]
    if memory is not None:
        proposers.append(MemoryProposer(memory.retriever, exclude=own_node_ids(theorem)))
    if lm is not None:
        proposers.append(lm)
    proposer = CombinedProposer(proposers) if len(proposers) > 1 else proposers[0]
    if memory is not None and memory.som is not None:
        proposer = SomPrior(proposer, memory.som, memory.retriever.encoder)
    return proposer


__all__ = ["build_proposer", "load_lm", "Path"]
