"""Expert iteration: proofs the system finds train the model that finds the next ones.

Round r: prove the train suite (memory on, current LM), add the proofs to memory, retrain the
policy on every train proof so far (plus the synthetic corpus) and the retrieval encoder on the
memory's (theorem, lemma used) pairs (unless the encoder is TF-IDF), then evaluate on the eval
suite at a fixed budget. Evaluation reads the memory but never writes to it, and eval proofs
never enter training. Round 0 evaluates the starting point.
"""

from __future__ import annotations

import shutil
import statistics
import time
from dataclasses import dataclass
from pathlib import Path

from prover.learn.policy import pairs_from_results, train_policy
from prover.learn.synthetic import generate, held_out_forms, state_tactic_pairs
from prover.memory.session import MemorySession
from prover.policy.compose import load_lm
from prover.runner.batch import run_batch


@dataclass
class RoundReport:
    round: int
    eval_proved: int
    eval_total: int
    median_time_s: float
    lm_calls: int
    learned_lemma_share: float
    lm_step_share: float
    compute_s: float


def _report(r: int, results: list[dict], learned: set[str], compute_s: float) -> RoundReport:
    proved = [x for x in results if x["status"] == "proved"]
    steps = [s for x in proved for s in x.get("tactics", [])]
    used_learned = sum(any(s.get("source", "").startswith("memory:") and s["source"][7:] in learned
                           for s in x.get("tactics", [])) for x in proved)
    return RoundReport(r, len(proved), len(results),
                       statistics.median([x["time_s"] for x in proved]) if proved else 0.0,
                       sum(x.get("lm_calls", 0) for x in results),
                       used_learned / max(len(proved), 1),
                       sum(s.get("source") == "lm" for s in steps) / max(len(steps), 1), round(compute_s, 1))


def _retrain_retriever(session: MemorySession, out_dir: Path, encoder: str, log) -> str:
    """Fine-tune the retrieval encoder on the memory's (theorem, lemma used) pairs so far plus
    synthetic library pairs, from the current encoder; the new encoder's folder."""
    from prover.learn.pairs import memory_pairs, synthetic_pairs
    from prover.learn.retriever import train_retriever
    g = session.graph.graph
    texts = {d["name"]: d["statement"] for _, d in g.nodes(data=True)
             if d.get("name") and d.get("kind") in ("library", "theorem")}
    from_proofs = memory_pairs(session.graph)
    base = encoder if Path(encoder).is_dir() else None
    info = train_retriever(from_proofs + synthetic_pairs(RETRIEVER_SYNTHETIC), texts, out_dir, base=base, epochs=1,
                           log=lambda m: None)
    log(f"retriever: trained on {info['pairs']} pairs ({len(from_proofs)} from proofs)")
    return str(out_dir)


RETRIEVER_SYNTHETIC = 10   # synthetic goals per library lemma, next to the proofs' own pairs


def improve(train, evaluation, rounds: int, budget_s: float, workers: int, work: Path, start_model: str = "default",
            synthetic: int = 100, minutes: float = 4.0, encoder: str = "auto", log=print) -> list[RoundReport]:
    work.mkdir(parents=True, exist_ok=True)
    memory_dir = work / "memory"
    excluded = held_out_forms(evaluation) if synthetic else set()
    synthetic_pairs = [p for t in generate(synthetic, held_out=excluded) for p in state_tactic_pairs(t)] if synthetic else []
    model = start_model
    reports = []
    train_files: list[Path] = []
    for r in range(rounds + 1):
        t0 = time.monotonic()
        if r > 0:
            session = MemorySession(memory_dir, encoder, suite="train")
            lm = load_lm(model)
            out = work / f"train_round{r}.jsonl"
            if out.exists():
                out.unlink()
            run_batch(train, budget_s, workers, out, use_search=True, memory=session, lm=lm)
            session.save()
            train_files.append(out)
            model_dir = work / f"policy_round{r}"
            pairs = pairs_from_results(train_files) + synthetic_pairs
            info = train_policy(pairs, model_dir, minutes=minutes, log=log)
            log(f"round {r}: trained on {info['pairs']} pairs, final loss {info['final_loss']}")
            model = str(model_dir)
            if encoder != "tfidf":
                encoder = _retrain_retriever(session, work / f"retriever_round{r}", encoder, log)
        eval_memory = work / f"eval_memory_round{r}"
        if memory_dir.exists():
            shutil.copytree(memory_dir, eval_memory, dirs_exist_ok=True)
        session = MemorySession(eval_memory, encoder, suite="eval")
        session.learn = lambda *a, **k: None  # evaluation never writes to memory
        lm = load_lm(model)
        results = run_batch(evaluation, budget_s, workers, work / f"eval_round{r}.jsonl", use_search=True,
                            memory=session, lm=lm)
        learned = {n for n, d in session.graph.graph.nodes(data=True) if d.get("suite") == "train"}
        rep = _report(r, results, learned, time.monotonic() - t0)
        reports.append(rep)
        log(f"round {r}: eval {rep.eval_proved}/{rep.eval_total}")
    return reports
