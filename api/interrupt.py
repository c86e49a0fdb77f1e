"""SIGTERM stops a long command as Ctrl-C does: an exception in the main thread, so ``finally``
blocks and ``with`` exits run (workers stopped, the scratch folder removed) before the exit."""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager


class Interrupted(KeyboardInterrupt):
    """The command was stopped by a signal; ``exit_code`` is the shell's 128 + its number."""

    def __init__(self, signum: int = signal.SIGINT) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum

    @property
    def exit_code(self) -> int:
        return 128 + self.signum


_received: list[int] = []  # SIGTERM, once received: Ray re-raises any KeyboardInterrupt as a plain one


def _raise(signum: int, _frame) -> None:
    _received.append(signum)
    raise Interrupted(signum)


@contextmanager
def sigterm_interrupts() -> Iterator[None]:
    """Within the block (main thread only), SIGTERM raises ``Interrupted`` like Ctrl-C's KeyboardInterrupt."""
    previous = signal.signal(signal.SIGTERM, _raise)
    _received.clear()
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def stopped_by(exc: KeyboardInterrupt) -> signal.Signals:
    """The signal behind ``exc``: SIGTERM if one was received (even when re-raised as a plain KeyboardInterrupt)."""
    if isinstance(exc, Interrupted):
        return signal.Signals(exc.signum)
    return signal.Signals(_received[-1]) if _received else signal.SIGINT


def exit_code(exc: KeyboardInterrupt) -> int:
    """The shell's code for the signal: 130 for Ctrl-C, 143 for SIGTERM."""
    return 128 + stopped_by(exc)
