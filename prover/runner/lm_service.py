"""The LM served from the batch's parent process to its workers.

Batch workers are forked, and a forked process cannot use a GPU that its parent has already
initialized. So when the LM runs on CUDA, the model stays in the parent: each worker holds a
`RemoteLM` that sends its prompts over a pipe, and the parent answers with `serve`, batching the
prompts that several workers are waiting on into one generation call. On CPU the workers share
the parent's model through fork instead, which needs no pipe.
"""

from __future__ import annotations

from collections import defaultdict

from prover.policy.lm import _Proposing


class RemoteLM(_Proposing):
    """A worker's view of the parent's LM: `generate` and `score` travel over `conn`; the
    proposals are built here, with this worker's retriever, as `HFProposer` builds them."""

    name = "lm"

    def __init__(self, conn, retriever=None, rank_weight: float = 0.0):
        self.conn, self.retriever, self.rank_weight = conn, retriever, rank_weight
        self.calls = 0

    def ready(self) -> "RemoteLM":
        return self

    def _ask(self, request: tuple):
        self.calls += 1
        self.conn.send(request)
        status, value = self.conn.recv()
        if status == "error":
            raise RuntimeError(f"language model (served by the batch process): {value}")
        return value

    def generate(self, prompts: list[str], k: int) -> list[list[tuple[str, float]]]:
        return self._ask(("generate", prompts, k))

    def score(self, prompt: str, tactics: list[str], per_token: bool = False) -> list[float]:
        return self._ask(("score", prompt, tactics, per_token))


def serve(lm, conns: list) -> int:
    """Answer one request from each of `conns` (each has one waiting). Generation requests with
    the same k are answered by one batched call. Returns the number of requests answered; a
    worker that died meanwhile is skipped."""
    model = lm.ready()
    requests = []
    for conn in conns:
        try:
            requests.append((conn, conn.recv()))
        except (EOFError, OSError):
            continue
    by_k: dict[int, list] = defaultdict(list)
    for conn, req in requests:
        if req[0] == "generate":
            by_k[req[2]].append((conn, req[1]))
        else:
            _reply(conn, lambda: model.score(req[1], req[2], req[3]))
    for k, waiting in by_k.items():
        prompts = [p for _, ps in waiting for p in ps]
        try:
            answers, error = model.generate(prompts, k), None
        except Exception as err:  # noqa: BLE001 - a model failure is reported to each worker, not fatal here
            answers, error = [], f"{type(err).__name__}: {err}"
        at = 0
        for conn, ps in waiting:
            mine, at = answers[at:at + len(ps)], at + len(ps)
            _send(conn, ("error", error) if error else ("ok", mine))
    return len(requests)


def _reply(conn, compute) -> None:
    try:
        _send(conn, ("ok", compute()))
    except Exception as err:  # noqa: BLE001 - reported to the worker that asked
        _send(conn, ("error", f"{type(err).__name__}: {err}"))


def _send(conn, message) -> None:
    try:
        conn.send(message)
    except (BrokenPipeError, OSError):  # the worker was killed at its deadline
        pass
