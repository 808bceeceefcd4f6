"""Point 7 of the reliability issue: no source holds a poll for long or fills its memory. A page
that drips in a byte a second is cut at KAMERVRAGEN_HTTP_DEADLINE, a Retry-After of 100000 s is
not waited for (KAMERVRAGEN_RETRY_AFTER_CAP), the other categories are read meanwhile, and a
300 MB Resource is refused once it passes KAMERVRAGEN_MAX_RESOURCE_BYTES, read as a stream."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import pytest

from kamervragen.cli import main
from kamervragen.storage import syncfeed
from kamervragen.storage.db import open_db
from tests.chaos.conftest import chaos_env, cursors, rows
from tests.chaos.faults import run_cli
from tests.chaos.hostile import MB, HostileFeed
from tests.fakes.koop_server import KoopServer
from tests.fakes.syncfeed_server import document_xml, zaak_xml

CATEGORIES = ("Zaak", "Document", "DocumentVersie", "ZaakActor")
ZAAK_GUID, DOC_GUID = "0b6f3f9e-1111-4a4a-9c9c-0000000000c1", "5d2c1a7e-2222-4b4b-8d8d-0000000000c2"


def _question_set(feed: HostileFeed) -> None:
    feed.add("Zaak", zaak_xml(ZAAK_GUID, nummer="2025Z30001"))
    feed.add("Document", document_xml(DOC_GUID, zaak_refs=[ZAAK_GUID]))


@pytest.mark.parametrize("stall", ["drip", "retry-after"])
def test_a_stalling_category_ends_in_seconds_and_the_others_are_read(
    fast_env: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    stall: str,
) -> None:
    """The Zaak pages drip in at 1 byte/s, or answer 503 with Retry-After: 100000: `poll --once`
    ends within seconds, exit 1, with one error naming the limit; the Zaak cursor stays and the
    Documents are read and stored all the same."""
    start = dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)
    with HostileFeed(first_skiptoken=5001, start=start) as feed:
        _question_set(feed)
        db = open_db(fast_env)
        for category in CATEGORIES:
            syncfeed.set_cursor(db, category, 5000)
        db.close()
        if stall == "drip":
            feed.drip = "Zaak"
        else:
            feed.fail_next(
                10, status=503, retry_after="100000", prefix="/SyncFeed/2.0/Feed?category=Zaak&"
            )
        monkeypatch.setenv("TK_SYNCFEED_URL", feed.base_url)
        monkeypatch.setenv("KAMERVRAGEN_HTTP_DEADLINE", "2")
        started = time.monotonic()
        code = main(["--db", str(fast_env), "poll", "--once"])
        elapsed = time.monotonic() - started
        zaak_requests = [r for r in feed.requests if r.query.get("category") == "Zaak"]
    out = capsys.readouterr().out
    print(f"\n{stall}: poll ended in {elapsed:.1f} s")
    assert code == 1, out
    assert elapsed < 15, f"the poll took {elapsed:.1f} s"
    limit = "KAMERVRAGEN_HTTP_DEADLINE" if stall == "drip" else "KAMERVRAGEN_RETRY_AFTER_CAP"
    (error,) = [line for line in out.splitlines() if line.startswith("  Zaak: ")]
    assert limit in error
    assert len(zaak_requests) == 1  # waited for neither the drip nor the 100000 s
    assert cursors(fast_env)["Zaak"] == 5000
    assert cursors(fast_env)["Document"] == 5002
    assert rows(fast_env, "SELECT count(*) FROM tk_documents") == [(1,)]


@pytest.mark.slow
def test_a_300_mb_resource_is_refused_while_streaming(tmp_path: Path) -> None:
    """A question text served as 300 MB without a length: refused once past the 1 MB cap, the
    text given up with that reason, the case announced; the process's peak memory stays far
    below the file's size."""
    start = dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)
    with HostileFeed(start=start) as feed, KoopServer() as koop:
        _question_set(feed)
        feed.add_huge_resource(DOC_GUID, 300 * MB)
        db = tmp_path / "k.db"
        env = chaos_env(
            db,
            syncfeed=feed.base_url,
            ob=koop.origin,
            KAMERVRAGEN_MAX_RESOURCE_BYTES=str(MB),
            KAMERVRAGEN_HTTP_DEADLINE="30",
        )
        result = run_cli(["poll", "--once"], env, timeout=60)
    assert result.code == 1, result.stdout + result.stderr
    assert "refused, the body passed 1,048,576 bytes" in result.stdout
    assert "(KAMERVRAGEN_MAX_RESOURCE_BYTES)" in result.stdout
    print(f"\n300 MB resource: refused, peak RSS {result.peak_rss_mb:.0f} MB")
    assert result.peak_rss_mb < 200, f"peak RSS {result.peak_rss_mb:.0f} MB"
    ((status, error),) = rows(db, "SELECT status, last_error FROM texts")
    assert status == "gave_up" and "KAMERVRAGEN_MAX_RESOURCE_BYTES" in error
    assert rows(db, "SELECT kind FROM events") == [("question_filed",)]
