"""A memory in use: the graph loaded from its folder, a retriever over it, learning from
results, and saving under a lock (one writer: the process that owns the session)."""

from __future__ import annotations

import os
import time
import uuid
from pathlib import Path

from prover.memory.graph import LemmaGraph, default_memory_dir, load_memory, locked, save_memory
from prover.memory.retrieval import Retriever, default_encoder


def memory_dir(option: Path | None) -> Path:
    if option is not None:
        return Path(option)
    env = os.environ.get("PROVER_MEMORY")
    return Path(env) if env else default_memory_dir()


class MemorySession:
    def __init__(self, folder: Path, encoder: str = "auto", suite: str = ""):
        self.folder = Path(folder)
        with locked(self.folder):
            self.graph: LemmaGraph = load_memory(self.folder)
        self.retriever = Retriever(self.graph, lambda: default_encoder(encoder))
        from prover.memory.som import SelfOrganizingMap
        self.som = SelfOrganizingMap.load(self.folder)
        self.suite = suite
        self.run_id = time.strftime("%Y%m%d-%H%M%S-") + uuid.uuid4().hex[:6]
        self.learned = 0
        from prover.tactics.learned import LemmaEnvironment
        # The learned lemmas admitted from this memory: given to the proposer and the search.
        self.environment = LemmaEnvironment()

    def proposer_for(self, theorem, lm=None):
        """Portfolio + memory (+ LM) proposals, with the SOM prior when the memory has a map."""
        from prover.policy.compose import build_proposer
        return build_proposer(theorem, self, lm)

    def learn(self, statement: str, result: dict) -> None:
        if result.get("status") == "proved" and result.get("verdict") != "checked":
            # Only a kernel-checked proof is learned (a true-by-oracle one holds `sorry` steps):
            # the theorem is remembered as not yet proved.
            result = {**result, "status": "failed", "proof": None}
        nid = self.graph.grow(statement, result, suite=self.suite, run_id=self.run_id)
        if nid is not None:
            self.learned += 1
            self.retriever.stale = True
            if result.get("status") == "proved":
                self._admit(nid)

    def admit_lemmas(self, budget_s: float = 30.0) -> int:
        """Offer the memory's proved theorems as lemmas for later proofs, verifying them (their
        proofs replayed) here so that forked workers inherit the result: the most successful
        first, for at most `budget_s` seconds. Those left are verified where first retrieved."""
        deadline = time.monotonic() + budget_s
        nodes = sorted(((d.get("successes", 0), nid) for nid, d in self.graph.graph.nodes(data=True)
                        if d["kind"] == "theorem"), reverse=True)
        admitted = 0
        for _, nid in nodes:
            if time.monotonic() > deadline:
                break
            admitted += self._admit(nid)
        return admitted

    def _admit(self, nid: str) -> bool:
        """Offer one proved theorem as a lemma. Admission re-checks it by the strictest path
        (its proof replayed in a fresh checker, learned lemmas off; see `LemmaEnvironment`),
        whatever the memory records, so a lemma recorded under an older checker version is used
        only once re-checked; the node then records the version and rules it was checked with."""
        from prover.tactics.learned import LearnedLemma
        env = self.environment
        d = self.graph.graph.nodes[nid]
        if not (d.get("proof") and d.get("name")):
            return False
        name = env.add(LearnedLemma(d["name"], d["statement"], d["proof"], nid))
        ok = env.resolve(name) is not None
        record = env.records.get(name)
        if ok and record is not None:
            d["checker_version"] = record["checker_version"]
            d["rules"] = ", ".join(record["rules"])   # a string: GraphML has no lists
            d.pop("refused", None)
        elif not ok and name in env.refused:
            d["refused"] = env.refused[name]
        return ok

    def save(self) -> None:
        """Merge into what is on disk (another process may have written meanwhile) and save."""
        with locked(self.folder):
            on_disk = load_memory(self.folder)
            for nid, data in self.graph.graph.nodes(data=True):
                if nid not in on_disk.graph:
                    on_disk.graph.add_node(nid, **data)
                else:
                    for key in ("uses", "successes", "failures"):
                        on_disk.graph.nodes[nid][key] = max(on_disk.graph.nodes[nid].get(key, 0), data.get(key, 0))
                    if data.get("proof") and not on_disk.graph.nodes[nid].get("proof"):
                        on_disk.graph.nodes[nid]["proof"] = data["proof"]
                    # A re-check's record (version, rules, refusal) is newer than the disk's.
                    if data.get("proof") == on_disk.graph.nodes[nid].get("proof"):
                        for key in ("checker_version", "rules", "refused"):
                            if key in data:
                                on_disk.graph.nodes[nid][key] = data[key]
            for a, b, data in self.graph.graph.edges(data=True):
                on_disk.graph.add_edge(a, b, **data)
            save_memory(on_disk, self.folder)
            self.graph.graph = on_disk.graph
