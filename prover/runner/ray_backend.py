"""Batch runs on a Ray cluster: the same results, deadlines and JSONL file as the local backend,
with the theorems spread over a pool of Ray actors.

Each actor is one Ray worker process holding the models (retrieval encoder, memory snapshot,
tactic LM), loaded once when the actor starts. For every theorem the actor forks a child, as
the local backend does, so that a theorem past its budget plus `GRACE_S` is killed with its
whole process group and recorded as `timeout`, and the actor lives on. The driver keeps a
second, later deadline (`DRIVER_SLACK_S` more) for an actor that stops answering at all: it is
killed (`ray.kill`), the theorem recorded as `timeout`, and a fresh actor takes its place.

What travels to the workers: the `prover` package itself (`runtime_env` `py_modules`, so a
cluster runs the client's code), one suite entry per task (name, statement, header), the
timeout, and once per actor the memory snapshot (the lemma graph as JSON and the map's
files) and the names of the models (encoder, LM folder), which must exist at the same path
on the workers. Results come back to the driver, which alone writes the JSONL (atomic
appends, fsync) and learns into the memory; the memory is saved under its lock as for the
local backend. Workers see the memory as it was when the pass started.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import socket
import sys
import tempfile
import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from multiprocessing.connection import wait as wait_any
from pathlib import Path

from prover.errors import InputError, ProverError
from prover.runner.batch import GRACE_S, _kill_group, append_result, prove_entry
from prover.runner.suite import SuiteEntry
from prover.search.direct import ProofResult

DRIVER_SLACK_S = 10.0   # beyond the actor's own deadline: transfer and scheduling, then ray.kill
INSTALL_HINT = "--backend ray needs Ray: pip install -e '.[ray]' (or pip install ray)"


def require_ray():
    """The `ray` module, or an InputError saying what to install."""
    try:
        import ray
    except ImportError:
        raise InputError(INSTALL_HINT) from None
    return ray


def _child(conn, prove, entry: SuiteEntry, timeout_s: float, use_search: bool, memory, lm, lm_conn) -> None:
    os.setsid()  # own process group: the kill at the deadline also ends any SymPy child
    if "torch" in sys.modules:
        sys.modules["torch"].set_num_threads(1)
    if lm_conn is not None:  # the actor serves its LM (on a GPU, which this fork cannot use)
        from prover.runner.lm_service import RemoteLM
        lm = RemoteLM(lm_conn, getattr(lm, "retriever", None), getattr(lm, "rank_weight", 0.0))
    try:
        conn.send(prove(entry, timeout_s, use_search, memory, lm))
    except Exception as err:  # noqa: BLE001 - a crash in one theorem must not end the batch
        conn.send(ProofResult(entry.name, "error", error=f"crash: {type(err).__name__}: {err}").to_json())
    finally:
        conn.close()


class ProverActor:
    """One Ray worker process with the models loaded; `prove` runs one theorem in a fork."""

    def __init__(self, memory_files: dict | None, encoder: str, lm_spec, prove: Callable | None = None):
        self.prove_fn = prove or prove_entry
        self.memory = None
        if memory_files is not None:
            from prover.memory.session import MemorySession
            folder = Path(tempfile.mkdtemp(prefix="prover-ray-memory-"))
            for name, data in memory_files.items():
                (folder / name).write_bytes(data)
            if encoder not in ("auto", "minilm", "tfidf") and not Path(encoder).is_dir():
                encoder = "auto"   # the driver's tuned encoder is not on this machine
            self.memory = MemorySession(folder, encoder)
            self.memory.retriever.ready()
            self.memory.admit_lemmas()
        self.lm = _make_lm(lm_spec, self.memory)
        if self.lm is not None and hasattr(self.lm, "ready"):
            self.lm.ready()
        self.serve_lm = self.lm is not None and getattr(self.lm, "device", "cpu") == "cuda"

    def where(self) -> tuple[str, int]:
        return socket.gethostname(), os.getpid()

    def prove(self, entry: SuiteEntry, timeout_s: float, use_search: bool) -> dict:
        from prover.runner.lm_service import serve
        ctx = mp.get_context("fork")
        parent, child = ctx.Pipe(duplex=False)
        lm_parent, lm_child = ctx.Pipe() if self.serve_lm else (None, None)
        proc = ctx.Process(target=_child, args=(child, self.prove_fn, entry, timeout_s, use_search,
                                                self.memory, self.lm, lm_child))
        started = time.monotonic()
        proc.start()
        child.close()
        if lm_child is not None:
            lm_child.close()
        deadline = started + timeout_s + GRACE_S
        try:
            while True:
                wait_any([parent] + ([lm_parent] if lm_parent is not None else []), timeout=0.05)
                if lm_parent is not None and lm_parent.poll():
                    serve(self.lm, [lm_parent])
                if parent.poll():
                    try:
                        return parent.recv()
                    except EOFError:
                        return ProofResult(entry.name, "error", error="worker died").to_json()
                if not proc.is_alive() and not parent.poll():
                    return ProofResult(entry.name, "error", error="worker died",
                                       time_s=round(time.monotonic() - started, 3)).to_json()
                if time.monotonic() > deadline:
                    return ProofResult(entry.name, "timeout", time_s=round(time.monotonic() - started, 3),
                                       error="killed after timeout + grace").to_json()
        finally:
            proc.join(0.1)
            _kill_group(proc)
            parent.close()
            if lm_parent is not None:
                lm_parent.close()


def _make_lm(spec, memory):
    if spec is None:
        return None
    if spec[0] == "object":
        return spec[1]
    from prover.policy.compose import load_lm
    _, model, device, dtype, rank_weight = spec
    return load_lm(model, device, dtype, memory.retriever if memory is not None else None, rank_weight)


def _lm_spec(lm):
    """How a worker rebuilds the LM: by name (a LazyLM loads its weights there), else pickled."""
    from prover.policy.compose import LazyLM
    if lm is None:
        return None
    if isinstance(lm, LazyLM):
        model, device, dtype, _ = lm.args
        return ("lazy", model, device, dtype, lm.rank_weight)
    return ("object", lm)


def _memory_payload(memory) -> tuple[dict | None, str]:
    """The memory's files (graph JSON as held in this process, the map) and its encoder's name."""
    if memory is None:
        return None, "auto"
    from prover.memory.graph import save_memory
    from prover.memory.retrieval import TfidfEncoder
    with tempfile.TemporaryDirectory() as tmp:
        save_memory(memory.graph, Path(tmp))
        if memory.som is not None:
            memory.som.save(Path(tmp))
        files = {p.name: p.read_bytes() for p in Path(tmp).iterdir() if p.is_file() and not p.name.startswith(".")}
    encoder = memory.retriever._encoder
    if callable(encoder) and not hasattr(encoder, "encode"):
        encoder = memory.retriever.encoder
    name = "tfidf" if isinstance(encoder, TfidfEncoder) else str(getattr(encoder, "path", "auto"))
    return files, name


@dataclass
class _Task:
    actor: object
    entry: SuiteEntry
    started: float
    deadline: float


def check_address(address: str, timeout_s: float = 5.0) -> None:
    """A HOST:PORT address must accept a connection within `timeout_s` (Ray itself would retry
    for minutes before failing); `auto` and `ray://` addresses are left to Ray."""
    host, _, port = address.rpartition(":")
    if address == "auto" or "://" in address or not host or not port.isdigit():
        return
    try:
        socket.create_connection((host, int(port)), timeout=timeout_s).close()
    except OSError as err:
        raise InputError(f"--address {address}: cannot reach a Ray cluster there ({err}); "
                         "start one with `ray start --head`") from None


def connect(address: str | None, num_cpus: int | None = None) -> bool:
    """Start or join Ray unless this process already has; True when this call did (the caller
    then shuts it down). `address` None starts a local instance; `auto` or HOST:PORT joins one."""
    ray = require_ray()
    if ray.is_initialized():
        return False
    package = str(Path(__file__).resolve().parents[1])
    kwargs = {"runtime_env": {"py_modules": [package], "excludes": ["__pycache__"]},
              "log_to_driver": False, "include_dashboard": False}
    if address in (None, "", "local"):
        ray.init(num_cpus=num_cpus or None, **kwargs)
    else:
        check_address(address)
        try:
            ray.init(address=address, **kwargs)
        except ConnectionError as err:
            raise InputError(f"--address {address}: cannot reach a Ray cluster ({err})") from None
    return True


def run_batch_ray(entries: Iterable[SuiteEntry], timeout_s: float, workers: int, out: Path | None,
                  on_result: Callable[[dict], None] = lambda r: None, use_search: bool = True, memory=None,
                  lm=None, address: str | None = None, prove: Callable | None = None) -> list[dict]:
    """Prove every entry on Ray with `workers` actors (0: one per CPU of the cluster); results are
    appended to `out` and learned into `memory` here, in the driver, as they finish. `prove`
    replaces `prove_entry` in the workers (tests)."""
    ray = require_ray()
    pending = deque(entries)
    if not pending:
        return []
    started_here = connect(address, workers or None)
    try:
        return _drive(ray, pending, timeout_s, workers, out, on_result, use_search, memory, lm, prove)
    finally:
        if started_here:
            ray.shutdown()


def _drive(ray, pending, timeout_s, workers, out, on_result, use_search, memory, lm, prove) -> list[dict]:
    from ray.exceptions import RayActorError, RayTaskError
    files, encoder = _memory_payload(memory)
    files_ref = ray.put(files)
    spec = _lm_spec(lm)
    remote_actor = ray.remote(num_cpus=1, max_restarts=0, max_concurrency=1)(ProverActor)
    size = workers or max(int(ray.cluster_resources().get("CPU", 1)), 1)
    size = min(size, len(pending))
    statements = {e.name: e.statement for e in pending}
    starting: dict = {}        # ready-probe ref -> actor
    idle: list = []
    running: dict = {}         # task ref -> _Task
    results: list[dict] = []
    failed_starts = started = 0

    def spawn():
        actor = remote_actor.remote(files_ref, encoder, spec, prove)
        starting[actor.where.remote()] = actor

    def finish(result: dict):
        append_result(out, result)
        results.append(result)
        if memory is not None:
            memory.learn(statements.get(result["name"], ""), result)
            memory.retriever.ready()   # index it as the local backend does (its similar_to edges)
        on_result(result)

    for _ in range(size):
        spawn()
    while pending or running:
        while pending and idle:
            actor, entry = idle.pop(), pending.popleft()
            now = time.monotonic()
            running[actor.prove.remote(entry, timeout_s, use_search)] = _Task(
                actor, entry, now, now + timeout_s + GRACE_S + DRIVER_SLACK_S)
        if pending and not (idle or starting or running):
            spawn()
        refs = list(running) + list(starting)
        ready, _ = ray.wait(refs, num_returns=1, timeout=0.1)
        if ready:
            ready, _ = ray.wait(refs, num_returns=len(refs), timeout=0)
        for ref in ready:
            if ref in starting:
                actor = starting.pop(ref)
                try:
                    ray.get(ref)
                    idle.append(actor)
                    started += 1
                except (RayActorError, RayTaskError) as err:
                    failed_starts += 1
                    if failed_starts >= (size if not started else 3 * size + 2):
                        raise ProverError(f"Ray workers fail to start: {str(err).splitlines()[-1][:300]}") from None
                    spawn()
                continue
            task = running.pop(ref)
            try:
                result = ray.get(ref)
                idle.append(task.actor)
            except RayActorError:
                result = ProofResult(task.entry.name, "error", error="Ray worker died",
                                     time_s=round(time.monotonic() - task.started, 3)).to_json()
                spawn()
            except RayTaskError as err:
                result = ProofResult(task.entry.name, "error", error=f"crash: {str(err).splitlines()[-1][:300]}",
                                     time_s=round(time.monotonic() - task.started, 3)).to_json()
                idle.append(task.actor)
            finish(result)
        now = time.monotonic()
        for ref, task in list(running.items()):
            if now > task.deadline:   # the actor itself stopped answering: kill it, replace it
                del running[ref]
                ray.kill(task.actor, no_restart=True)
                finish(ProofResult(task.entry.name, "timeout", time_s=round(now - task.started, 3),
                                   error="killed after timeout + grace (Ray worker unresponsive)").to_json())
                if pending:
                    spawn()
    for actor in idle + list(starting.values()):
        ray.kill(actor, no_restart=True)
    return results
