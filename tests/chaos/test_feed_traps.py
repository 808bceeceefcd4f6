"""Points 2 and 3 of the reliability issue: a feed whose next links go round in a circle, and
pages whose entries (or payloads) are in a namespace nobody reads. The poll ends with an error
the operator sees, the cursor stays, and nothing is skipped in silence."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from kamervragen.cli import main
from kamervragen.storage import syncfeed
from kamervragen.storage.db import open_db
from tests.chaos.conftest import chaos_env, cursors, rows
from tests.chaos.faults import run_cli
from tests.chaos.hostile import HostileFeed
from tests.fakes.syncfeed_server import zaak_xml

CATEGORIES = ("Zaak", "Document", "DocumentVersie", "ZaakActor")


def _zaak(i: int) -> str:
    return zaak_xml(f"0b6f3f9e-1111-4a4a-9c9c-{i:012d}", nummer=f"2025Z{10000 + i}")


@pytest.fixture
def feed() -> Iterator[HostileFeed]:
    """A hostile feed whose skiptokens start at 1001, two entries a page."""
    with HostileFeed(first_skiptoken=1001, page_size=2) as server:
        yield server


def _place_cursors(db: Path, zaak: int) -> None:
    """Cursors as a poll left them: Zaak at `zaak`, the other categories before any entry."""
    database = open_db(db)
    for category in CATEGORIES:
        syncfeed.set_cursor(database, category, zaak if category == "Zaak" else 1000)
    database.close()


@pytest.mark.slow
def test_a_cyclic_feed_ends_the_poll_with_exit_1_and_the_cursor_unchanged(
    feed: HostileFeed, tmp_path: Path
) -> None:
    """The page after 1002 links back to 1001: `poll --once` (a real process) ends within
    seconds, not after thousands of requests, exit 1; the Zaak cursor stays at 1002 and
    `status` shows why."""
    for i in range(4):
        feed.add("Zaak", _zaak(i))  # skiptokens 1001 to 1004
    feed.next_links[1002] = 1001
    db = tmp_path / "k.db"
    _place_cursors(db, 1002)
    env = chaos_env(db, syncfeed=feed.base_url)
    result = run_cli(["poll", "--once"], env, timeout=60)
    assert result.code == 1, result.stderr
    assert result.seconds < 60
    assert "Zaak: page after skiptoken 1002: the next link goes back to skiptoken 1001" in (
        result.stdout
    )
    assert cursors(db)["Zaak"] == 1002
    assert rows(db, "SELECT count(*) FROM tk_zaken") == [(0,)]  # the suspect page: not stored
    zaak_pages = [r for r in feed.requests if r.query.get("category") == "Zaak"]
    print(f"\ncyclic feed: poll ended in {result.seconds:.1f} s, {len(zaak_pages)} Zaak pages")
    assert len(zaak_pages) <= 2, len(zaak_pages)
    status = run_cli(["status"], env)
    assert "Zaak            skiptoken 1002" in status.stdout
    assert "FAILING since" in status.stdout and "goes back to skiptoken 1001" in status.stdout


def test_a_next_link_that_jumps_ahead_skips_nothing(
    feed: HostileFeed, fast_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The page after 1000 (entries 1001, 1002) links on to 1004: the poll asks after 1002
    instead, so 1003 and 1004 are stored too; exit 0."""
    monkeypatch.setenv("TK_SYNCFEED_URL", feed.base_url)
    for i in range(5):
        feed.add("Zaak", _zaak(i))  # skiptokens 1001 to 1005
    feed.next_links[1000] = 1004
    _place_cursors(fast_env, 1000)
    assert main(["--db", str(fast_env), "poll", "--once"]) == 0
    assert rows(fast_env, "SELECT count(*) FROM tk_zaken") == [(5,)]
    asked = [r.query["skiptoken"] for r in feed.requests if r.query.get("category") == "Zaak"]
    assert asked == ["1000", "1002", "1004", "1005"]


@pytest.mark.parametrize("trap", ["foreign entries", "unknown tkData namespace"])
def test_unreadable_entries_are_an_error_then_stored_once_readable(
    feed: HostileFeed,
    fast_env: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    trap: str,
) -> None:
    """A page whose entries (or their payloads) are in a namespace nobody reads: exit 1 with an
    error naming it, the cursor stays, nothing is stored; once the feed serves them readable,
    the next poll stores them all: nothing was skipped."""
    monkeypatch.setenv("TK_SYNCFEED_URL", feed.base_url)
    tokens = [feed.add("Zaak", _zaak(i)) for i in range(3)]
    feed.foreign_entries = trap == "foreign entries"
    feed.unknown_namespace = trap == "unknown tkData namespace"
    _place_cursors(fast_env, 1000)

    assert main(["--db", str(fast_env), "poll", "--once"]) == 1
    out = capsys.readouterr().out
    expected = "not Atom's" if trap == "foreign entries" else "tkData/v9-9"
    assert "Zaak: page after skiptoken 1000: " in out and "not understood" in out
    assert expected in out
    assert cursors(fast_env)["Zaak"] == 1000
    assert rows(fast_env, "SELECT count(*) FROM tk_zaken") == [(0,)]

    feed.foreign_entries = feed.unknown_namespace = False  # the source mends its feed
    started = time.monotonic()
    assert main(["--db", str(fast_env), "poll", "--once"]) == 0, capsys.readouterr().out
    assert time.monotonic() - started < 30
    assert rows(fast_env, "SELECT count(*) FROM tk_zaken") == [(3,)]
    assert cursors(fast_env)["Zaak"] == tokens[-1]
