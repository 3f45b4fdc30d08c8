"""Batch runs: each theorem in its own worker process, hard-bounded, results appended as
one JSON line each, resumable.

A worker that outlives its timeout plus a grace period is killed and the theorem recorded
as `timeout`. Lines are written whole and flushed to disk before the next starts, so a
killed batch loses nothing finished; `--resume` drops a torn last line and skips the rest.
"""

from __future__ import annotations

import contextlib
import multiprocessing as mp
import os
import signal
import sys
import threading
import time
from dataclasses import dataclass
from multiprocessing.connection import wait as wait_any
from pathlib import Path
from typing import Callable, Iterable

from prover.errors import LeanSyntaxError
from prover.runner.lm_service import RemoteLM, serve
from prover.runner.results import append_result, read_results  # noqa: F401  (re-exported)
from prover.runner.suite import SuiteEntry
from prover.search.best_first import search
from prover.search.direct import ProofResult, prove_theorem
from prover.state import load_theorem

GRACE_S = 3.0


class Interrupts:
    """SIGINT and SIGTERM as KeyboardInterrupt(signal name), never lost.

    A handler that raises while the process forks runs inside Python's at-fork hooks (logging's
    `_releaseLock`), where the exception is printed and dropped: the batch would run on to the
    end. So while a worker is being forked the signal is only recorded, and `check()` raises it
    once the fork is done."""

    def __init__(self):
        self.forking = False
        self.pending: str | None = None

    def handle(self, signum, frame):
        name = signal.Signals(signum).name
        if self.forking:
            self.pending = name
            return
        raise KeyboardInterrupt(name)

    def check(self) -> None:
        if self.pending is not None:
            name, self.pending = self.pending, None
            raise KeyboardInterrupt(name)

    def __enter__(self):
        self.previous = {s: signal.signal(s, self.handle) for s in (signal.SIGINT, signal.SIGTERM)}
        return self

    def __exit__(self, *exc):
        for s, handler in self.previous.items():
            signal.signal(s, handler)
        return False


_MEMORY = None  # the parent's MemorySession, inherited by forked workers (read-only there)
_LM = None      # the parent's language model, inherited likewise


def prove_entry(entry: SuiteEntry, timeout_s: float, use_search: bool = True, memory=None, lm=None) -> dict:
    """Parse and prove one suite entry; never raises for bad input (status "error")."""
    start = time.monotonic()
    try:
        theorem = load_theorem(entry.statement, name=entry.name, header=entry.header)
    except LeanSyntaxError as err:
        return ProofResult(entry.name, "error", error=str(err), time_s=round(time.monotonic() - start, 3)).to_json()
    if not use_search:
        return prove_theorem(theorem, timeout_s).to_json()
    from prover.policy.compose import build_proposer
    memory = memory or _MEMORY
    environment = getattr(memory, "environment", None)   # the memory's learned lemmas
    proposer = build_proposer(theorem, memory, lm or _LM, environment=environment)
    result = search(theorem, timeout_s, proposer=proposer, environment=environment).to_json()
    result["lm_calls"] = (lm or _LM).calls if (lm or _LM) is not None else 0
    return result


def _worker(conn, entry, timeout_s, use_search, lm_conn=None):
    global _LM
    os.setsid()  # own process group: killing it also ends any SymPy child it started
    signal.signal(signal.SIGINT, signal.default_int_handler)  # not the parent's `Interrupts`
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if "torch" in sys.modules:
        sys.modules["torch"].set_num_threads(1)  # workers share the cores
    if lm_conn is not None:  # the parent serves the LM (on a GPU, which this fork cannot use)
        _LM = RemoteLM(lm_conn, getattr(_LM, "retriever", None), getattr(_LM, "rank_weight", 0.0))
    try:
        conn.send(prove_entry(entry, timeout_s, use_search))
    except Exception as err:  # a crash in one theorem must not end the batch
        conn.send(ProofResult(entry.name, "error", error=f"crash: {type(err).__name__}: {err}").to_json())
    finally:
        conn.close()


def _kill_group(proc) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    proc.join(1)


@dataclass
class _Running:
    entry: SuiteEntry
    proc: mp.Process
    conn: object
    deadline: float
    started: float
    lm_conn: object = None


def run_batch(entries: Iterable[SuiteEntry], timeout_s: float, workers: int, out: Path | None,
              on_result: Callable[[dict], None] = lambda r: None, use_search: bool = True, memory=None,
              lm=None, serve_lm: bool | None = None, backend: str = "local", address: str | None = None,
              on_start: Callable[[SuiteEntry], None] = lambda e: None) -> list[dict]:
    """Prove every entry with `workers` processes; results are appended to `out` as they finish.
    With a memory session, each result is learned (in this process) before the next worker
    starts, so later theorems see what earlier ones taught. With `serve_lm` (by default, when
    the LM runs on CUDA) the LM answers the workers from this process (`lm_service`).
    `backend="ray"` runs the same on a Ray cluster at `address` (`ray_backend`).
    Interrupted (KeyboardInterrupt; in the main thread SIGTERM too is raised as one), it kills
    its running workers and re-raises: every finished result is already in `out`."""
    global _MEMORY, _LM
    if backend == "ray":
        from prover.runner.ray_backend import run_batch_ray
        return run_batch_ray(entries, timeout_s, workers, out, on_result, use_search, memory, lm, address)
    _MEMORY, _LM = memory, lm
    # Load models once here, so that every forked worker shares them instead of loading its own.
    from prover.api import wait_for_loaders
    wait_for_loaders()  # and never while a `Prover` loads in the background (loads may not overlap)
    from prover.search.reconstruct import warm
    warm()  # the kernel's LP (SciPy) imported once here, not inside every worker's budget
    if memory is not None:
        memory.retriever.ready()
        memory.admit_lemmas()
    if lm is not None and hasattr(lm, "ready"):
        lm.ready()
    if serve_lm is None:
        serve_lm = lm is not None and getattr(lm, "device", "cpu") == "cuda"
    ctx = mp.get_context("fork")
    statements = {}
    pending = list(entries)
    running: list[_Running] = []
    results: list[dict] = []

    def finish(r: _Running, result: dict):
        r.proc.join(0.1)
        _kill_group(r.proc)
        if r.lm_conn is not None:
            r.lm_conn.close()
        append_result(out, result)
        results.append(result)
        if memory is not None:
            memory.learn(statements.get(result["name"], ""), result)
            memory.retriever.ready()  # index what was just learned before the next fork
        on_result(result)

    # In the main thread, SIGINT and SIGTERM stop the batch as KeyboardInterrupt, even mid-fork.
    interrupts = Interrupts() if threading.current_thread() is threading.main_thread() else None
    try:
        with interrupts or contextlib.nullcontext():
            _loop(pending, running, workers, ctx, statements, timeout_s, use_search, serve_lm, lm, finish, on_start,
                  interrupts)
    except BaseException:
        for r in running:
            _kill_group(r.proc)
        raise
    return results


def _start(proc, interrupts: Interrupts | None) -> None:
    """Fork a worker; a signal that arrives meanwhile is raised after the fork (`Interrupts`)."""
    if interrupts is None:
        proc.start()
        return
    interrupts.forking = True
    try:
        proc.start()
    finally:
        interrupts.forking = False
    interrupts.check()


def _loop(pending, running, workers, ctx, statements, timeout_s, use_search, serve_lm, lm, finish, on_start,
          interrupts: Interrupts | None) -> None:
    while pending or running:
        while pending and len(running) < max(workers, 1):
            entry = pending.pop(0)
            statements[entry.name] = entry.statement
            parent, child = ctx.Pipe(duplex=False)
            lm_parent, lm_child = ctx.Pipe() if serve_lm and lm is not None else (None, None)
            proc = ctx.Process(target=_worker, args=(child, entry, timeout_s, use_search, lm_child))
            _start(proc, interrupts)
            child.close()
            if lm_child is not None:
                lm_child.close()
            now = time.monotonic()
            running.append(_Running(entry, proc, parent, now + timeout_s + GRACE_S, now, lm_parent))
            on_start(entry)
        lm_conns = [r.lm_conn for r in running if r.lm_conn is not None]
        if running:
            wait_any([r.conn for r in running] + lm_conns, timeout=0.02)
        asking = [c for c in lm_conns if c.poll()]
        if asking:
            serve(lm, asking)
        for r in list(running):
            if r.conn.poll():
                try:
                    result = r.conn.recv()
                except EOFError:
                    result = ProofResult(r.entry.name, "error", error="worker died").to_json()
                running.remove(r)
                finish(r, result)
            elif not r.proc.is_alive() or time.monotonic() > r.deadline:
                status = "timeout" if r.proc.is_alive() else "error"
                running.remove(r)
                finish(r, ProofResult(r.entry.name, status, time_s=round(time.monotonic() - r.started, 3),
                                      error="killed after timeout + grace" if status == "timeout" else "worker died").to_json())
