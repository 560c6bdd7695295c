"""SIGINT and SIGTERM as an exception, so that a stopped run cleans up like a failed one.

Python's default for SIGTERM ends the process on the spot: no ``finally`` runs, so temporary
files stay behind and worker processes are orphaned. Inside :func:`handled` both signals raise
:class:`Interrupted` in the main thread instead; the code that was running unwinds (removing its
temporary file, stopping its workers) and the command line exits 128 + the signal's number
(130, 143), the shell's convention, which a caller can tell from an input failure (1).
:func:`deferred` holds a signal back over a short step that must not stop half-way.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

__all__ = ["Interrupted", "deferred", "handled", "in_worker"]

SIGNALS = (signal.SIGINT, signal.SIGTERM)


class Interrupted(KeyboardInterrupt):
    """The run was stopped by a signal. A ``KeyboardInterrupt``, so ``except Exception``
    blocks that report one input's failure do not swallow it."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum

    @property
    def exit_code(self) -> int:
        return 128 + self.signum


_held: list[int] = []
_holding = False


def _raise(signum: int, frame: FrameType | None) -> None:
    if _holding:
        _held.append(signum)
        return
    raise Interrupted(signum)


@contextmanager
def handled() -> Iterator[None]:
    """Turn SIGINT and SIGTERM into :class:`Interrupted` for the duration (main thread only:
    Python delivers signals there, and elsewhere the handlers cannot be set)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {s: signal.signal(s, _raise) for s in SIGNALS}
    try:
        yield
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)


@contextmanager
def deferred() -> Iterator[None]:
    """Let the block finish, then raise for a signal that arrived during it.

    For writing the edition: a few renames that take milliseconds, after which the TEI files
    and ``people.xml`` agree with each other; stopping in the middle would leave them not.
    """
    global _holding
    _holding = True
    try:
        yield
    finally:
        _holding = False
        if _held:
            signum = _held[0]
            _held.clear()
            raise Interrupted(signum)


def in_worker() -> None:
    """Initializer of worker processes: the parent alone decides when to stop.

    A terminal's Ctrl-C reaches the whole process group; workers ignore it and are ended by the
    parent, with SIGTERM, which must then kill them outright.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
