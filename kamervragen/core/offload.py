"""CPU-heavy work in worker processes, so the bot's event loop and interpreter lock stay free.

    workers = Workers(processes=1)
    parsed = await workers.run(parse_bytes, data, name, timeout=30)
    ...
    workers.close()

A job is a picklable function and its arguments; it runs in a separate process (started with
"spawn", never "fork": the bot has threads; and no fork server stays alive beside the workers).
After each job the worker hands the memory the job freed back to the system (glibc's
`malloc_trim`), as a worker lives as long as the bot.
A job that runs past its `timeout` raises `WorkTimeout`, and its process is killed and
replaced, so a hostile input can never hold a worker for longer than its limit. Jobs that were
running beside it in the same pool are run again once. A worker that dies (out of memory, a
crash) raises `WorkerDied` for its job.

`Workers(processes=0)` runs jobs in a thread instead; tests and one-shot commands that do not
need the isolation use it.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import ctypes
import ctypes.util
import functools
import gc
import multiprocessing
import os
import signal
from collections.abc import Callable
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

T = TypeVar("T")


class OffloadError(Exception):
    """A job could not run to its end in a worker."""


class WorkTimeout(OffloadError, TimeoutError):
    """The job ran longer than its time limit; its worker process was killed (in thread mode,
    the thread is left to finish and its result dropped)."""


class WorkerDied(OffloadError):
    """The worker process running the job died (killed, out of memory, a crash)."""


def _forget(future: asyncio.Future[Any]) -> None:
    """Retrieve an abandoned future's outcome so that it is never reported as lost."""
    if not future.cancelled():
        future.exception()


class Workers:
    """A small pool of worker processes with a time limit per job."""

    def __init__(self, processes: int = 1) -> None:
        self.processes = processes
        self._pool: concurrent.futures.ProcessPoolExecutor | None = None
        self._generation = 0
        self._killed: set[int] = set()  # pools killed for a job over its limit
        self.restarts = 0  # how often a pool was killed for a job over its limit

    def _get_pool(self) -> concurrent.futures.ProcessPoolExecutor:
        if self._pool is None:
            context = multiprocessing.get_context("spawn")
            self._pool = concurrent.futures.ProcessPoolExecutor(
                max_workers=self.processes, mp_context=context
            )
            self._generation += 1
        return self._pool

    async def run(self, fn: Callable[..., T], *args: Any, timeout: float) -> T:
        """`fn(*args)` in a worker; WorkTimeout after `timeout` seconds, WorkerDied if it died."""
        if self.processes <= 0:
            try:
                return await asyncio.wait_for(asyncio.to_thread(fn, *args), timeout)
            except TimeoutError:
                raise WorkTimeout(f"gave up after {timeout:g} s") from None
        for attempt in range(2):
            pool = self._get_pool()
            generation = self._generation
            future = asyncio.wrap_future(pool.submit(_job, fn, args))
            try:
                return await asyncio.wait_for(asyncio.shield(future), timeout)
            except TimeoutError:
                # The killed job's future ends with BrokenProcessPool that nobody awaits: take
                # it, or asyncio logs "Future exception was never retrieved".
                future.add_done_callback(_forget)
                self._kill(generation)
                raise WorkTimeout(f"gave up after {timeout:g} s") from None
            except BrokenProcessPool:
                if attempt == 0 and generation in self._killed:
                    continue  # another job's timeout killed this pool: run it again once
                self._kill(generation)
                raise WorkerDied("the worker process died") from None
        raise WorkerDied("the worker process died twice")

    def _kill(self, generation: int) -> None:
        """Kill the pool's processes (if it is still the current one) and start afresh later."""
        pool = self._pool
        if pool is None or generation != self._generation:
            return
        self._pool = None
        self._killed.add(generation)
        self.restarts += 1
        processes = list(getattr(pool, "_processes", {}).values())
        for process in processes:
            if process.pid is not None:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(process.pid, signal.SIGKILL)
        pool.shutdown(wait=False, cancel_futures=True)
        # Collect the dead pool now: its finalizers, run later by the garbage collector in the
        # middle of a compile, trip a CPython 3.11 bug ("AST constructor recursion depth").
        gc.collect()

    def close(self) -> None:
        """Stop the worker processes."""
        pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
            gc.collect()


def _job(fn: Callable[..., T], args: tuple[Any, ...]) -> T:
    """Run a job in the worker, then return the memory it freed to the system."""
    try:
        return fn(*args)
    finally:
        trim = _malloc_trim()
        if trim is not None:
            trim(0)


@functools.cache
def _malloc_trim() -> Callable[[int], int] | None:
    """glibc's malloc_trim, where there is one."""
    name = ctypes.util.find_library("c")
    try:
        return ctypes.CDLL(name).malloc_trim if name else None  # type: ignore[no-any-return]
    except (OSError, AttributeError):
        return None
