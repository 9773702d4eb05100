"""Mapping a function over tasks in order, in this process or in a pool of worker processes.

Results come back in task order whatever the number of workers. A task that
raises, or whose worker dies (the out-of-memory killer), becomes a failure
the caller turns into a report (``on_failure``), and the run goes on with a
new pool. Workers ignore SIGTERM and SIGINT and finish the task in hand: a
stop is the main process's call (``request_stop``), acted on between
tasks. Workers end with the main process, however it ends.

This module knows nothing of files or cleaning: the caller gives the pool
an initializer that sets up each worker's state.
"""

from __future__ import annotations

import ctypes
import itertools
import multiprocessing
import os
import signal
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import CancelledError, Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any, TypeVar

#: Tasks in flight per worker; bounds memory while keeping workers busy.
TASKS_PER_WORKER = 4


#: What an error report says of the files a dead worker had in hand.
WORKER_DIED = "the worker process cleaning it died (killed by a signal, or by the out-of-memory killer); left as it is"


T = TypeVar("T")

R = TypeVar("R")


_STOP = threading.Event()


def request_stop() -> None:
    """Ask a run in progress to stop after the tasks already handed out (safe from a signal handler)."""
    _STOP.set()


def stop_requested() -> bool:
    return _STOP.is_set()


def clear_stop() -> None:
    """Forget an earlier stop request (a new run starts)."""
    _STOP.clear()


def _start_worker(parent: int, initializer: Callable[..., None], initargs: tuple[Any, ...]) -> None:
    initializer(*initargs)
    _end_with_parent(parent)
    # A worker finishes the task it has; stopping is the main process's call
    # (see request_stop), so a signal to the whole process group never cuts a
    # task, or the pool's bookkeeping, in half.
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _end_with_parent(parent: int) -> None:
    """Make this worker end when the main process does, however that ends (a SIGKILL too).

    A worker waiting for a task never learns of it otherwise: it holds its
    own end of the task queue, which so never closes. On Linux the kernel
    sends the signal; elsewhere a thread looks at the parent once a second.
    Nothing is lost: the main process writes shards, and a worker's own
    writes are atomic (a temporary file, which the next run sweeps).
    """
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        set_death_signal = libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL) == 0
    except (OSError, AttributeError):  # not Linux
        set_death_signal = False
    if os.getppid() != parent:  # it died before the signal was asked for
        os._exit(1)
    if not set_death_signal:
        threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()


_PR_SET_PDEATHSIG = 1  # from <sys/prctl.h>


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(1)
    os._exit(1)


@dataclass(frozen=True)
class _Failed:
    """What became of a task that raised: the message for its error report."""

    message: str


def _attempt(func: Callable[[T], R], task: T) -> R | _Failed:
    try:
        return func(task)
    except Exception as exc:  # a bug or an exhausted resource: one file's error, not the run's end
        return _Failed(f"internal error while cleaning it ({type(exc).__name__}: {exc}); left as it is")


def _map_batch(func: Callable[[T], R], tasks: list[T]) -> list[R | _Failed]:
    return [_attempt(func, task) for task in tasks]


class Executor:
    """Maps a function over tasks in order, in this process or in a pool of workers.

    ``concurrent.futures`` notices a worker that dies: the tasks it and the
    pool had in hand fail (``on_failure`` turns each into a report) and a new
    pool takes the tasks after them.
    """

    def __init__(self, jobs: int, initializer: Callable[..., None], initargs: tuple[Any, ...]) -> None:
        """``initializer(*initargs)`` sets up each worker; it runs here too, for tasks run in this process."""
        self.jobs = jobs
        self._initargs = (os.getpid(), initializer, initargs)
        initializer(*initargs)
        self._pool: ProcessPoolExecutor | None = None

    def _submit(self, func: Callable[[T], R], batch: list[T]) -> Future[list[R | _Failed]]:
        for _ in range(2):
            if self._pool is None:
                self._pool = ProcessPoolExecutor(
                    self.jobs,
                    mp_context=multiprocessing.get_context("fork"),
                    initializer=_start_worker,
                    initargs=self._initargs,
                )
            try:
                return self._pool.submit(_map_batch, func, batch)
            except BrokenProcessPool:
                self._drop_pool()
        raise RuntimeError("cannot start worker processes")

    def _drop_pool(self) -> None:
        """Let go of a broken pool once its other workers have ended.

        They ignore SIGTERM and finish the task in hand, and a file they write
        is written whole; waiting for them means that none is still writing
        when the run ends (and that none is killed by the death signal then).
        """
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None

    def map(
        self, func: Callable[[T], R], tasks: Iterable[T], on_failure: Callable[[T, str], R], per_message: int = 1
    ) -> Iterator[R]:
        """``func`` over ``tasks``, results in task order; a worker gets ``per_message`` tasks at a time."""

        def settle(task: T, result: R | _Failed) -> R:
            return on_failure(task, result.message) if isinstance(result, _Failed) else result

        if self.jobs == 1:
            for task in tasks:
                if _STOP.is_set():
                    return
                yield settle(task, _attempt(func, task))
            return
        window = self.jobs * TASKS_PER_WORKER
        pending: deque[tuple[list[T], Future[list[R | _Failed]]]] = deque()

        def collect() -> list[R]:
            batch, future = pending.popleft()
            try:
                results = future.result()
            except BrokenProcessPool:
                self._drop_pool()
                return [on_failure(task, WORKER_DIED) for task in batch]
            except CancelledError:
                # Cancelled when its broken pool was let go (``_drop_pool``): a task that pool had in
                # hand, which fails with it. The pool now running is a new one: it stays.
                return [on_failure(task, WORKER_DIED) for task in batch]
            return [settle(task, result) for task, result in zip(batch, results, strict=True)]

        tasks = iter(tasks)
        while batch := list(itertools.islice(tasks, per_message)):
            if _STOP.is_set():
                break
            pending.append((batch, self._submit(func, batch)))
            if len(pending) >= window:
                yield from collect()
        while pending:
            yield from collect()

    def close(self, abort: bool = False) -> None:
        """Wait for the workers to finish; with ``abort``, only for the tasks they are running.

        Workers are never killed: one killed while it hands back a result
        would leave the pool's own reader waiting for ever.
        """
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=abort)
            self._pool = None
