"""A signal that arrives while the batch forks a worker is raised once the fork is done, never
dropped (Python prints and drops an exception raised inside its at-fork hooks)."""

import os
import signal

import pytest

from prover.runner.batch import Interrupts


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_a_signal_during_a_fork_is_raised_after_it(sig):
    with Interrupts() as interrupts:
        interrupts.forking = True
        os.kill(os.getpid(), sig)  # handled at once, in this thread: recorded, not raised
        interrupts.forking = False
        with pytest.raises(KeyboardInterrupt, match=signal.Signals(sig).name):
            interrupts.check()
        interrupts.check()  # raised once only


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_a_signal_outside_a_fork_raises_at_once_and_handlers_are_restored(sig):
    before = signal.getsignal(sig)
    with pytest.raises(KeyboardInterrupt, match=signal.Signals(sig).name):
        with Interrupts():
            os.kill(os.getpid(), sig)
            for _ in range(10**6):  # the handler runs at the next bytecode boundary
                pass
    assert signal.getsignal(sig) is before
