"""The watchers inside the bot: on-demand case lookups and the polling job, on one HTTP client
and one database thread."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import pytest

from kamervragen.storage import cases
from kamervragen.storage.db import DatabaseThread, open_db
from kamervragen.watchers.http import Fetcher, SourceUnavailable, make_client
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
        paths = [r.path for r in koop.requests]
        assert paths[:2] == [
            f"/{scenario.QUESTION_PUB}.xml",
            f"/{scenario.QUESTION_PUB}/metadata.xml",
        ]


async def test_a_document_number_is_looked_up_through_its_zaak(tmp_path: Path) -> None:
    """2024D50001 is asked at the OData API, which names its Zaak; that case is fetched and
    stored; a number the API does not know is None."""
    src = scenario.start_sources()
    try:
        scenario.publish_question(src)
        async with service_on(tmp_path, src.feed.base_url, src.koop.origin) as service:
            assert await service.fetch_case("2024D50001") == scenario.ZAAK
            assert await service.fetch_case("2024D99999") is None
        assert cases.load_case(open_db(tmp_path / "k.db"), scenario.ZAAK) is not None
        assert src.feed.paths() == ["/OData/v4/2.0/Document", "/OData/v4/2.0/Document"]
    finally:
        src.feed.stop()
        src.koop.stop()


@pytest.mark.parametrize("reference", [scenario.ZAAK, "2024D50001", "ah-tk-20242025-1028"])
async def test_unreachable_sources_are_not_a_missing_case(tmp_path: Path, reference: str) -> None:
    """With the sources unreachable, a lookup raises SourceUnavailable instead of "no case"."""
    unreachable = "http://127.0.0.1:9"
    async with service_on(tmp_path, f"{unreachable}/SyncFeed/2.0", unreachable) as service:
        with pytest.raises(SourceUnavailable, match="ConnectError"):
            await service.fetch_case(reference)


async def test_a_poll_on_a_broken_database_is_one_logged_line(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """The database file is garbage: the poll job returns None and logs one error line naming
    the fault, without a traceback; it never raises into the bot."""
    (tmp_path / "k.db").write_bytes(b"not a database at all\n" * 200)
    unreachable = "http://127.0.0.1:9"
    async with service_on(tmp_path, f"{unreachable}/SyncFeed/2.0", unreachable) as service:
        with caplog.at_level(logging.ERROR):
            assert await service.poll() is None
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert [r.getMessage() for r in errors] == [
        f"poll stopped: database {tmp_path / 'k.db'} is not a usable database "
        "(file is not a database)"
    ]
    assert errors[0].exc_info is None


async def test_poll_job_keeps_errors_out_of_the_bot(tmp_path: Path) -> None:
    """A poll against a failing source returns its summary with the error; it never raises."""
    with SyncFeedServer() as feed, KoopServer() as koop:
        feed.fail_next(100, status=503)
        async with service_on(tmp_path, feed.base_url, koop.origin) as service:
            summary = await service.poll()
        assert summary is not None
        assert len(summary.errors) == 4  # each category reports its own failure
        assert all("503" in e or "unavailable" in e.lower() for e in summary.errors), summary.errors
