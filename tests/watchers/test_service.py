"""The watchers inside the bot: on-demand case lookups and the polling job."""

from __future__ import annotations

from pathlib import Path

from kamervragen.settings import Settings
from kamervragen.storage import cases
from kamervragen.storage.db import open_db
from kamervragen.watchers.service import WatcherService
from tests.fakes.koop_server import KoopServer
from tests.fakes.syncfeed_server import SyncFeedServer
from tests.watchers import scenario


def _settings(tmp_path: Path, feed: str, koop: str) -> Settings:
    return Settings(
        db=str(tmp_path / "k.db"),
        syncfeed_url=feed,
        ob_url=koop,
        http_retry_delay=0,
        http_timeout=2,
    )


async def test_fetch_case_on_demand(tmp_path: Path) -> None:
    """A case not stored yet is found at officielebekendmakingen and stored; others are None."""
    with KoopServer() as koop:
        koop.add(scenario.QUESTION_PUB, xml=scenario.question_xml())  # type: ignore[attr-defined]
        settings = _settings(tmp_path, "http://127.0.0.1:9/SyncFeed/2.0", koop.origin)  # type: ignore[attr-defined]
        db = open_db(settings.db)
        service = WatcherService(settings)
        service.open(db)
        try:
            assert await service.fetch_case(scenario.ZAAK) == scenario.ZAAK
            case = cases.load_case(db, scenario.ZAAK)
            assert case is not None and len(case.questions) == 4
            assert await service.fetch_case("2099Z00001") is None  # 404: not found anywhere
            assert await service.fetch_case("2019D30185") is None  # no way to look it up
        finally:
            await service.stop()
        paths = [r.path for r in koop.requests]  # type: ignore[attr-defined]
        assert paths[:2] == [
            f"/{scenario.QUESTION_PUB}.xml",
            f"/{scenario.QUESTION_PUB}/metadata.xml",
        ]


async def test_poll_job_keeps_errors_out_of_the_bot(tmp_path: Path) -> None:
    """A poll against a failing source returns its summary with the error; it never raises."""
    with SyncFeedServer() as feed, KoopServer() as koop:
        settings = _settings(tmp_path, feed.base_url, koop.origin)  # type: ignore[attr-defined]
        feed.fail_next(100, status=503)  # type: ignore[attr-defined]
        service = WatcherService(settings)
        service.open(open_db(settings.db))
        try:
            summary = await service.poll()
        finally:
            await service.stop()
        assert summary is not None
        assert len(summary.errors) == 4  # each category reports its own failure
        assert all("503" in e or "unavailable" in e.lower() for e in summary.errors), summary.errors
