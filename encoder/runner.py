"""Run a step over many inputs, in this process or in forked workers, results in order.

The steps of ``encode all`` (:mod:`encoder.step`) are pure functions of their inputs; the
workers are forked after the registry, vocabularies, schemas and stylesheets are loaded, so
they inherit them instead of each loading its own.
"""

from __future__ import annotations

import collections
import gc
import itertools
import multiprocessing
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any

from . import interrupt

#: documents per task sent to a worker: small, so that the largest (sent first) spread out
TASK = 2
#: pages per task: a page takes a few ms, and each task's round trip costs this process
#: about half a millisecond (a quarter of the pages' time with two a task)
PAGE_TASK = 8
#: tasks queued per worker: enough that no worker waits for the next
QUEUED = 4

def _preload() -> None:
    """Load registry, vocabularies, schemas and stylesheets once, before workers are forked
    (they inherit them instead of each loading its own)."""
    from .html.pages import stylesheets
    from .registry import _default_registry
    from .validate import _project_rng, _project_schematron
    from .vocab import vocab

    vocab()
    _default_registry()
    _project_rng()
    _project_schematron()
    stylesheets()


def _run_task(fn: Callable[..., Any], task: list[tuple[Any, ...]]) -> list[Any]:
    return [fn(*args) for args in task]


class Runner:
    """Runs a step over many inputs: in this process, or in a pool of forked workers, started
    when there is first more than one input to run (a rerun with nothing to do starts none).

    Results come back in the inputs' order. Only a few tasks are queued at a time (``map`` of
    the executor would queue every input at once, a future and its arguments per task: memory
    that grows with the corpus), and inputs are taken from an iterator as tasks go out.
    """

    def __init__(self, jobs: int) -> None:
        self.jobs = jobs
        self.pool: ProcessPoolExecutor | None = None
        self.frozen = False

    def map(self, fn: Callable[..., Any], inputs: Iterable[tuple[Any, ...]],
            per_task: int = TASK) -> Iterator[Any]:
        """``fn`` over the inputs, ``per_task`` of them sent to a worker at a time."""
        inputs = iter(inputs)
        first = list(itertools.islice(inputs, 2))
        if first and not self.frozen:
            # what every document needs, loaded once and then left out of the garbage
            # collector's passes, in this process and the forked workers (it went over the
            # registry and the compiled patterns again and again: 0.53 s of a 400-document
            # run, 0.15 s frozen)
            _preload()
            gc.freeze()
            self.frozen = True
        if self.pool is None and self.jobs > 1 and len(first) > 1:
            self.pool = ProcessPoolExecutor(
                max_workers=self.jobs, initializer=interrupt.in_worker,
                mp_context=multiprocessing.get_context("fork"))
        if self.pool is None:
            return (fn(*args) for args in itertools.chain(first, inputs))
        return self._queued(fn, itertools.chain(first, inputs), per_task)

    def _queued(self, fn: Callable[..., Any], inputs: Iterator[tuple[Any, ...]],
                per_task: int) -> Iterator[Any]:
        assert self.pool is not None
        queued: collections.deque[Future[list[Any]]] = collections.deque()

        def submit() -> None:
            task = list(itertools.islice(inputs, per_task))
            if task and self.pool is not None:
                queued.append(self.pool.submit(_run_task, fn, task))

        for _ in range(QUEUED * self.jobs):
            submit()
        while queued:
            results = queued.popleft().result()
            submit()
            yield from results

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown()
            self.pool = None
        if self.frozen:
            gc.unfreeze()
            self.frozen = False

    def stop(self) -> None:
        """End the workers now (on a signal or error): ``shutdown`` alone waits for every
        queued task, which left workers running for minutes after Ctrl-C."""
        pool = self.pool
        if pool is None:
            return
        terminate = getattr(pool, "terminate_workers", None)  # Python 3.14+
        if terminate is not None:
            terminate()
            return
        workers = list((getattr(pool, "_processes", None) or {}).values())
        pool.shutdown(wait=False, cancel_futures=True)
        for worker in workers:
            worker.terminate()
