"""`kamervragen backfill --since`: start from a date found by bisection, not from skiptoken 0."""

from __future__ import annotations

import datetime as dt

import pytest

from kamervragen.cli import main
from kamervragen.storage.db import open_db
from tests.fakes.syncfeed_server import zaak_xml
from tests.watchers.scenario import Sources

OLD = dt.datetime(2020, 3, 1, 12, tzinfo=dt.UTC)


def test_backfill_starts_at_the_date(
    sources: Sources, capsys: pytest.CaptureFixture[str], tmp_path
) -> None:  # type: ignore[no-untyped-def]
    """Zaken before the date are not read; those after are, with a progress bar on stderr."""
    for i in range(400):
        sources.feed.add(
            "Zaak",
            zaak_xml(f"00000000-0000-4000-8000-{i:012d}", nummer=f"2020Z{i:05d}"),
            updated=OLD + dt.timedelta(hours=i),
        )
    for i in range(3):
        sources.feed.add(
            "Zaak",
            zaak_xml(f"11111111-0000-4000-8000-{i:012d}", nummer=f"2026Z{i:05d}"),
            updated=dt.datetime(2026, 11, 1, 9, tzinfo=dt.UTC) + dt.timedelta(minutes=i),
        )
    code = main(["backfill", "--since", "2026-01-01"])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert "Zaak: from skiptoken" in captured.err
    assert " entries" in captured.err and "Zaak at " in captured.err  # the progress bar
    assert "pages:" in captured.out
    db = open_db(tmp_path / "k.db")
    numbers = [r[0] for r in db.execute("SELECT nummer FROM tk_zaken ORDER BY nummer")]
    assert numbers == ["2026Z00000", "2026Z00001", "2026Z00002"]
    zaak_requests = [r for r in sources.feed.requests if r.query.get("category") == "Zaak"]
    # 403 Zaken in pages of 2: reading from skiptoken 0 would take 202 pages; bisecting the
    # skiptoken range (about 2**25) takes some 25 probes, then the two pages after the date.
    assert len(zaak_requests) < 40, [r.query.get("skiptoken") for r in zaak_requests]


def test_backfill_rejects_a_bad_date(capsys: pytest.CaptureFixture[str]) -> None:
    """A date that is not YYYY-MM-DD is refused by the argument parser with a clear message."""
    with pytest.raises(SystemExit) as exit_info:
        main(["backfill", "--since", "last week"])
    assert exit_info.value.code == 2
    assert "not a date (YYYY-MM-DD): 'last week'" in capsys.readouterr().err


def test_backfill_with_a_failing_source(
    sources: Sources, capsys: pytest.CaptureFixture[str], tmp_path
) -> None:  # type: ignore[no-untyped-def]
    """A SyncFeed that keeps failing: one line naming the category, exit 1, no cursor stored."""
    sources.feed.fail_next(100, status=503)
    assert main(["backfill", "--since", "2026-01-01"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: Zaak: cannot find where 2026-01-01 starts: ")
    db = open_db(tmp_path / "k.db")
    assert db.execute("SELECT count(*) FROM feed_cursors").fetchone()[0] == 0


def test_bad_configuration_is_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """An unusable variable stops poll and backfill with one line and exit code 2."""
    monkeypatch.setenv("KAMERVRAGEN_BACKFILL_DAYS", "a month")
    assert main(["poll", "--once"]) == 2
    assert capsys.readouterr().err == (
        "error: KAMERVRAGEN_BACKFILL_DAYS must be a whole number, not 'a month'\n"
    )
