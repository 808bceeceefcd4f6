"""officielebekendmakingen as a source: its search cursor (with backoff) and the publications it
listed, each fetched on its own schedule until its case is known and its event recorded.

    pending   listed, its XML not fetched yet (retried with backoff: 5 minutes doubling, at most
              6 hours apart, given up after 12 tries, like the SyncFeed's texts)
    stored    its documents are stored; it waits for its case to be known (an answer without a
              vraagnummer links by title, askers and date once its question is in)
    done      its event is recorded (or it gives none)
    gave_up   never published, or never readable

The listing and the cursor move together, in one transaction: a crash never skips a
publication, and listing one again changes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from kamervragen.storage.db import Database, row_of, rows_of
from kamervragen.storage.sources import record_source

CURSOR = "publications"
MAX_ATTEMPTS = 12
FIRST_DELAY = dt.timedelta(minutes=5)
MAX_DELAY = dt.timedelta(hours=6)
SEARCH_FIRST_DELAY = dt.timedelta(minutes=1)  # after a failed search (the fetcher retried)
SEARCH_MAX_DELAY = dt.timedelta(hours=1)


def _iso(moment: dt.datetime) -> str:
    return moment.isoformat(timespec="seconds")


@dataclass(frozen=True)
class SearchCursor:
    """Where the next search starts, and its backoff."""

    since: str | None  # ISO date: publications modified on or after it
    failures: int = 0
    next_attempt_at: str | None = None
    searches: int = 0
    listed: int = 0


@dataclass(frozen=True)
class PendingPublication:
    """A listed publication whose documents are still to be fetched."""

    publication_id: str
    zaaknummer: str | None
    attempts: int


def cursor(db: Database) -> SearchCursor:
    """The search cursor (an empty one before the first search)."""
    row = row_of(
        db,
        "SELECT since, failures, next_attempt_at, searches, listed FROM ob_cursor WHERE name = ?",
        [CURSOR],
    )
    if row is None:
        return SearchCursor(None)
    return SearchCursor(
        row["since"], row["failures"], row["next_attempt_at"], row["searches"], row["listed"]
    )


def save_listing(
    db: Database,
    listed: Iterable[tuple[str, str | None, str | None]],
    *,
    source: str,
    listed_by: str,
    since: str | None,
    now: dt.datetime,
) -> int:
    """Keep what a search listed, (publication id, modified, zaaknummer) each, and move the
    cursor to `since` (never back; None leaves it), in one transaction; the source worked.
    Returns how many publications were new."""
    stamp = _iso(now)
    new = 0
    with db.atomic():
        for publication_id, modified, zaaknummer in listed:
            inserted = db.execute(
                "INSERT OR IGNORE INTO ob_publications (publication_id, modified, zaaknummer, "
                "status, attempts, next_attempt_at, listed_by, first_seen) "
                "VALUES (?, ?, ?, 'pending', 0, ?, ?, ?)",
                [publication_id, modified, zaaknummer, stamp, listed_by, stamp],
            )
            new += inserted.rowcount
        known = cursor(db).since
        moved = max(d for d in (known, since) if d) if (known or since) else None
        db.execute(
            "INSERT INTO ob_cursor (name, since, searches, listed, failures) "
            "VALUES (?, ?, 1, ?, 0) ON CONFLICT(name) DO UPDATE SET since = excluded.since, "
            "searches = ob_cursor.searches + 1, listed = ob_cursor.listed + excluded.listed, "
            "failures = 0, next_attempt_at = NULL",
            [CURSOR, moved, new],
        )
        record_source(db, source, None, stamp)
    return new


def search_failed(db: Database, *, source: str, error: str, now: dt.datetime) -> dt.datetime:
    """Note a failed search: the source's failing streak, and no search again before the
    backoff (1 minute, doubling, at most an hour). Returns when the next may run."""
    with db.atomic():
        row = row_of(db, "SELECT failures FROM ob_cursor WHERE name = ?", [CURSOR])
        failures = (row["failures"] if row else 0) + 1
        delay = min(SEARCH_FIRST_DELAY * 2 ** min(failures - 1, 20), SEARCH_MAX_DELAY)
        next_at = now + delay
        db.execute(
            "INSERT INTO ob_cursor (name, failures, next_attempt_at) VALUES (?, ?, ?) "
            "ON CONFLICT(name) DO UPDATE SET failures = excluded.failures, "
            "next_attempt_at = excluded.next_attempt_at",
            [CURSOR, failures, _iso(next_at)],
        )
        record_source(db, source, error, _iso(now))
    return next_at


def due(db: Database, now: dt.datetime, limit: int = 100) -> list[PendingPublication]:
    """Pending publications whose next attempt is due, oldest listed first."""
    rows = rows_of(
        db,
        "SELECT publication_id, zaaknummer, attempts FROM ob_publications "
        "WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at, "
        "publication_id LIMIT ?",
        [_iso(now), limit],
    )
    return [PendingPublication(r["publication_id"], r["zaaknummer"], r["attempts"]) for r in rows]


def mark_stored(db: Database, publication_id: str, kind: str) -> None:
    """Its documents are stored; its event waits for its case."""
    db.execute(
        "UPDATE ob_publications SET status = 'stored', kind = ?, last_error = NULL "
        "WHERE publication_id = ?",
        [kind, publication_id],
    )


def mark_failed(db: Database, publication_id: str, error: str, now: dt.datetime) -> str:
    """A failed fetch: try again after the backoff, or give up; the new status."""
    row = row_of(
        db, "SELECT attempts FROM ob_publications WHERE publication_id = ?", [publication_id]
    )
    attempts = (row["attempts"] if row else 0) + 1
    status = "gave_up" if attempts >= MAX_ATTEMPTS else "pending"
    delay = min(FIRST_DELAY * 2 ** (attempts - 1), MAX_DELAY)
    db.execute(
        "UPDATE ob_publications SET attempts = ?, status = ?, last_error = ?, "
        "next_attempt_at = ? WHERE publication_id = ?",
        [attempts, status, error[:500], _iso(now + delay), publication_id],
    )
    return status


def waiting_for_case(db: Database) -> list[tuple[str, str | None]]:
    """(publication id, kind) of the stored publications whose event is not recorded yet."""
    rows = rows_of(
        db,
        "SELECT publication_id, kind FROM ob_publications WHERE status = 'stored' "
        "ORDER BY first_seen, publication_id",
    )
    return [(r["publication_id"], r["kind"]) for r in rows]


def mark_done(db: Database, publication_id: str, case_key: str | None, now: dt.datetime) -> None:
    """Its event is recorded (or it gives none)."""
    db.execute(
        "UPDATE ob_publications SET status = 'done', case_key = ?, done_at = ? "
        "WHERE publication_id = ?",
        [case_key, _iso(now), publication_id],
    )


def counts(db: Database) -> dict[str, int]:
    """How many listed publications are pending, stored, done and given up."""
    rows = rows_of(db, "SELECT status, count(*) AS n FROM ob_publications GROUP BY status")
    return {row["status"]: row["n"] for row in rows}
