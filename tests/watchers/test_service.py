"""The watchers inside the bot: on-demand case lookups and the polling job, on one HTTP client
and one database thread."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from kamervragen.storage import cases
from kamervragen.storage.db import DatabaseThread, open_db
from kamervragen.watchers.http import Fetcher, make_client
from kamervragen.watchers.poller import Sources
from kamervragen.watchers.service import WatcherService
from tests.fakes.koop_server import KoopServer
from tests.fakes.syncfeed_server import SyncFeedServer
from tests.watchers import scenario


@asynccontextmanager
async def service_on(tmp_path: Path, feed: str, koop: str) -> AsyncIterator[WatcherService]:
    """A watcher service as the composition root opens it, closed afterwards."""
    database = DatabaseThread(tmp_path / "k.db")
    async with make_client(timeout=2) as client:
        try:
            yield WatcherService(database, Fetcher(client, base_delay=0), Sources(feed, koop))
        finally:
            await database.close()


async def test_fetch_case_on_demand(tmp_path: Path) -> None:
    """A case not stored yet is found at officielebekendmakingen and stored; others are None."""
    with KoopServer() as koop:
        koop.add(scenario.QUESTION_PUB, xml=scenario.question_xml())
        async with service_on(tmp_path, "http://127.0.0.1:9/SyncFeed/2.0", koop.origin) as service:
            assert await service.fetch_case(scenario.ZAAK) == scenario.ZAAK
            case = cases.load_case(open_db(tmp_path / "k.db"), scenario.ZAAK)
            assert case is not None and len(case.questions) == 4
            assert await service.fetch_case("2099Z00001") is None  # 404: not found anywhere
            assert await service.fetch_case("2019D30185") is None  # no way to look it up
        paths = [r.path for r in koop.requests]
        assert paths[:2] == [
            f"/{scenario.QUESTION_PUB}.xml",
            f"/{scenario.QUESTION_PUB}/metadata.xml",
        ]


async def test_poll_job_keeps_errors_out_of_the_bot(tmp_path: Path) -> None:
    """A poll against a failing source returns its summary with the error; it never raises."""
    with SyncFeedServer() as feed, KoopServer() as koop:
        feed.fail_next(100, status=503)
        async with service_on(tmp_path, feed.base_url, koop.origin) as service:
            summary = await service.poll()
        assert summary is not None
        assert len(summary.errors) == 4  # each category reports its own failure
        assert all("503" in e or "unavailable" in e.lower() for e in summary.errors), summary.errors
