"""Hard time limits for calls that may not return (SymPy's simplify, solve, Gröbner bases).

The call runs in a forked child process that is killed when the limit passes, so one
pathological input never hangs the prover.

>>> run_with_limit(sum, ([1, 2, 3],), seconds=5)
6
>>> run_with_limit(_sleep_forever, (), seconds=0.2) is TIMED_OUT
True

A limited call made inside another (Z3 on huge numerals, within a sum's closed-form check)
runs in the outer child, under the outer limit: a daemonic child may not fork its own.

>>> run_with_limit(_limited_sum, ([1, 2, 3],), seconds=5)
6
"""

from __future__ import annotations

import multiprocessing as mp
import os
import time

TIMED_OUT = object()


class _Failed:
    def __init__(self, message: str):
        self.message = message


def _child(conn, fn, args):
    try:
        conn.send(fn(*args))
    except BaseException as err:  # report, never let the child's error vanish
        conn.send(_Failed(f"{type(err).__name__}: {err}"))
    finally:
        conn.close()


def run_with_limit(fn, args=(), seconds: float = 5.0):
    """Run `fn(*args)` in a child with a hard limit. Returns its result, `TIMED_OUT`, or
    raises RuntimeError with the child's error message."""
    if seconds <= 0:
        return TIMED_OUT
    if mp.current_process().daemon:  # already inside a limited child: its limit bounds this call
        try:
            return fn(*args)
        except Exception as err:  # reported as a child's error would be
            raise RuntimeError(f"{type(err).__name__}: {err}") from None
    ctx = mp.get_context("fork")
    parent, child = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(child, fn, args), daemon=True)
    proc.start()
    child.close()
    deadline = time.monotonic() + seconds
    try:
        if parent.poll(max(deadline - time.monotonic(), 0)):
            try:
                result = parent.recv()
            except EOFError:
                raise RuntimeError("worker died without a result") from None
            if isinstance(result, _Failed):
                raise RuntimeError(result.message)
            return result
        return TIMED_OUT
    finally:
        if proc.is_alive():
            proc.kill()
        proc.join(1)
        parent.close()


def ran_out(elapsed_s: float, budget_s: float) -> bool:
    """Whether a search that found nothing may have stopped for lack of time: the procedures
    split their budget into shares (Z3 is called up to three times, each with its own limit),
    so one whose shares ran out returns well before the whole budget ends. A failure in under
    half the budget is taken as final: every procedure finished.

    >>> ran_out(0.3, 0.5), ran_out(0.1, 0.5)
    (True, False)
    """
    return elapsed_s >= 0.5 * budget_s


def _limited_sum(values):
    return run_with_limit(sum, (values,), seconds=5)


def _sleep_forever():
    while True:
        time.sleep(1)


def cpu_count() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
