"""Assembling the proposer used by search: the automation portfolio, the lemma memory and
the language model, merged with calibrated scores; the SOM prior on top when available."""

from __future__ import annotations

import math
from pathlib import Path

from prover.policy.lm import DEFAULT_MODEL, LM_PRIOR, HFProposer, LMRanked
from prover.policy.memory import CombinedProposer, MemoryProposer, SomPrior, own_node_ids
from prover.policy.portfolio import AutomationPortfolio


class LazyLM:
    """The LM, loaded on its first proposal; `ready()` loads it now (before forking)."""

    name = "lm"

    def __init__(self, model: str, device: str, dtype: str, retriever, rank_weight: float = 0.0):
        self.args = (model, device, dtype, retriever)
        self.rank_weight = rank_weight   # > 0: the LM also re-ranks every candidate (LMRanked)
        self._lm: HFProposer | None = None

    def ready(self) -> HFProposer:
        if self._lm is None:
            model, device, dtype, retriever = self.args
            self._lm = HFProposer(model, device=device, dtype=dtype, retriever=retriever)
        return self._lm

    @property
    def device(self) -> str:
        from prover.policy.lm import select_device
        return self._lm.device if self._lm is not None else select_device(self.args[1])

    @property
    def retriever(self):
        return self.args[3]

    @property
    def calls(self) -> int:
        return self._lm.calls if self._lm is not None else 0

    def propose(self, goal, k: int = 8, failed=None):
        return self.ready().propose(goal, k, failed)

    def score(self, prompt: str, tactics: list[str], per_token: bool = False) -> list[float]:
        return self.ready().score(prompt, tactics, per_token)


def load_lm(model: str | None, device: str = "auto", dtype: str = "auto", retriever=None,
            rank_weight: float = 0.0) -> LazyLM | None:
    """`None`/`"none"` switches the LM off; `"default"` is the embedded model when it ships.
    The device is checked now; the weights load on first use. With `rank_weight` > 0 the LM
    also re-ranks every candidate, mixed with the candidates' priors at that weight."""
    if model in (None, "none"):
        return None
    if model == "default":
        if not (DEFAULT_MODEL / "config.json").exists():
            return None
        model = str(DEFAULT_MODEL)
    from prover.policy.lm import select_device
    select_device(device)
    if not Path(model).exists() and "/" not in model:
        from prover.errors import InputError
        raise InputError(f"--model {model}: no such folder (and not a Hugging Face name)")
    if not 0.0 <= rank_weight <= 1.0:
        from prover.errors import InputError
        raise InputError(f"--lm-rank must be between 0 and 1, not {rank_weight}")
    return LazyLM(model, device, dtype, retriever, rank_weight)


class Staged:
    """Proposals now (automation, memory) and `later` (the LM): search asks `later` at a goal
    only when the goal's turn comes at `later_logprob`, after the tactics proposed now with a
    higher prior, so an LM call is spent only where the automation has not already succeeded."""

    name = "staged"

    def __init__(self, now, later, later_logprob: float):
        self.now, self.later, self.later_logprob = now, later, later_logprob

    def ready(self) -> None:
        getattr(self.now, "ready", lambda: None)()
        getattr(self.later, "ready", lambda: None)()

    def propose(self, goal, k: int = 16, failed=None):
        return self.now.propose(goal, k, failed)


def build_proposer(theorem, memory=None, lm: HFProposer | None = None, environment=None):
    """The proposer for `theorem`. Its learned lemmas are `environment`, else the memory
    session's (`memory.environment`); search with the same environment."""
    if environment is None and memory is not None:
        environment = getattr(memory, "environment", None)
        if environment is None:
            from prover.tactics.learned import LemmaEnvironment
            environment = LemmaEnvironment()
    if environment is not None:
        environment.exclude_theorem(theorem)  # no proof of a theorem may rest on itself
    proposers = [AutomationPortfolio()]
    if memory is not None:
        proposers.append(MemoryProposer(memory.retriever, exclude=own_node_ids(theorem), environment=environment))
    proposer = CombinedProposer(proposers) if len(proposers) > 1 else proposers[0]
    if lm is not None and getattr(lm, "rank_weight", 0.0) > 0:
        proposer = LMRanked(proposer, lm, lm.rank_weight)
    if memory is not None and memory.som is not None:
        proposer = SomPrior(proposer, memory.som, lambda: memory.retriever.encoder)
    if lm is not None:
        proposer = Staged(proposer, lm, math.log(LM_PRIOR))
    return proposer


__all__ = ["build_proposer", "load_lm", "Staged", "Path"]
