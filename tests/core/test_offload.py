"""Worker processes: results come back, a job over its limit is killed, the pool recovers."""

from __future__ import annotations

import asyncio
import os
import time

import pytest

from kamervragen.core.offload import WorkerDied, Workers, WorkTimeout


def _square(n: int) -> int:
    return n * n


def _spin(seconds: float) -> int:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        pass
    return os.getpid()


def _die() -> None:
    os._exit(3)


async def test_a_job_runs_in_another_process() -> None:
    """The result comes back, computed outside this process."""
    workers = Workers(processes=1)
    try:
        assert await workers.run(_square, 12, timeout=30) == 144
        assert await workers.run(_spin, 0.0, timeout=30) != os.getpid()
    finally:
        workers.close()


async def test_a_job_over_its_limit_is_killed_and_the_pool_recovers() -> None:
    """WorkTimeout at the limit, not when the job would end; the next job runs normally."""
    workers = Workers(processes=1)
    try:
        start = time.monotonic()
        with pytest.raises(WorkTimeout):
            await workers.run(_spin, 60.0, timeout=0.5)
        assert time.monotonic() - start < 10
        assert workers.restarts == 1
        assert await workers.run(_square, 3, timeout=30) == 9
    finally:
        workers.close()


async def test_a_job_beside_a_killed_one_runs_again() -> None:
    """A short job sharing the pool with a job that times out still gets its result."""
    workers = Workers(processes=2)
    try:
        slow = asyncio.create_task(workers.run(_spin, 60.0, timeout=1.0))
        quick = asyncio.create_task(workers.run(_spin, 1.5, timeout=30))
        with pytest.raises(WorkTimeout):
            await slow
        assert isinstance(await quick, int)
    finally:
        workers.close()


async def test_a_dying_worker_is_reported() -> None:
    """A worker that exits mid-job gives WorkerDied, and the pool works afterwards."""
    workers = Workers(processes=1)
    try:
        with pytest.raises(WorkerDied):
            await workers.run(_die, timeout=30)
        assert await workers.run(_square, 4, timeout=30) == 16
    finally:
        workers.close()


async def test_threads_when_no_processes() -> None:
    """processes=0 runs jobs in a thread, with the same time limit."""
    workers = Workers(processes=0)
    assert await workers.run(_square, 5, timeout=5) == 25
    with pytest.raises(WorkTimeout):
        await workers.run(_spin, 0.4, timeout=0.1)
    await asyncio.sleep(0.5)  # a thread cannot be stopped: let it end before the test does
