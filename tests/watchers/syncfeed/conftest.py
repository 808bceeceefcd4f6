"""Fixtures for the SyncFeed tests: the fakes, page fixtures and an instant, recording sleep."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.fakes.koop_server import KoopServer
from tests.fakes.syncfeed_server import SyncFeedServer

DATA = Path(__file__).resolve().parents[2] / "data" / "syncfeed"


def page_bytes(name: str) -> bytes:
    """A recorded or hand-written page from tests/data/syncfeed."""
    return (DATA / name).read_bytes()


class RecordingSleep:
    """An instant stand-in for asyncio.sleep that records every delay asked for."""

    def __init__(self) -> None:
        self.delays: list[float] = []

    async def __call__(self, delay: float) -> None:
        self.delays.append(delay)


@pytest.fixture
def sleep() -> RecordingSleep:
    """An instant sleep that records its delays."""
    return RecordingSleep()


@pytest.fixture
def syncfeed() -> Iterator[SyncFeedServer]:
    """A running fake SyncFeed with small pages."""
    with SyncFeedServer(page_size=3) as server:
        yield server


@pytest.fixture
def koop() -> Iterator[KoopServer]:
    """A running fake KOOP publication site."""
    with KoopServer() as server:
        yield server
