"""Events: one row per (case, kind, document), recorded by the watchers and fanned out by the
alerts. An event is recorded once, however often its change is seen again, and by whichever
source sees it first: `once_key` (unique) makes a question set's filing, its answer and its
withdrawal once per case, and a postponement or further answer once per publication, so the
SyncFeed and officielebekendmakingen, which name the same document differently, never record
one change twice. The unique index decides, inside the insert: crash-safe and race-free."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from kamervragen.storage.db import Database, row_of, rows_of
from kamervragen.storage.schema import ONCE_PER_CASE

ONCE_PER_PUBLICATION = ("postponed", "further_answer")


@dataclass(frozen=True)
class Event:
    """A recorded event."""

    id: int
    case_key: str
    zaaknummer: str | None
    kind: str
    created_at: str
    document: str | None = None
    detail: str | None = None  # JSON


def once_key(case_key: str, kind: str, publication_id: str | None = None) -> str | None:
    """The key that makes an event once across sources: per case for filing, answer and
    withdrawal; per publication for a postponement or further answer (None when its
    publication is unknown: then only the (case, kind, document) rule applies)."""
    if kind in ONCE_PER_CASE:
        return f"{case_key}|{kind}"
    if kind in ONCE_PER_PUBLICATION and publication_id:
        return f"{case_key}|{kind}|{publication_id.lower()}"
    return None


def record_event(
    db: Database,
    case_key: str,
    kind: str,
    document: str,
    now: str,
    detail: dict[str, Any],
    *,
    publication_id: str | None = None,
) -> bool:
    """Record an event unless it was recorded before, by this or the other source; True when
    it is new."""
    cursor = db.execute(
        "INSERT OR IGNORE INTO events "
        "(case_key, zaaknummer, kind, document, created_at, detail, once_key) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            case_key,
            case_key,
            kind,
            document,
            now,
            json.dumps(detail, ensure_ascii=False),
            once_key(case_key, kind, publication_id),
        ],
    )
    return cursor.rowcount > 0


def event_detail(db: Database, event_id: int | None) -> dict[str, Any]:
    """The detail an event was recorded with ({} for none or an unknown event)."""
    row = row_of(db, "SELECT detail FROM events WHERE id = ?", [event_id]) if event_id else None
    return dict(json.loads(row["detail"] or "{}")) if row else {}


def has_events(db: Database, case_key: str) -> bool:
    """Has the case any event?"""
    return row_of(db, "SELECT 1 FROM events WHERE case_key = ?", [case_key]) is not None


def count(db: Database) -> int:
    """How many events are recorded."""
    row = row_of(db, "SELECT count(*) AS n FROM events")
    return int(row["n"]) if row else 0


def last_event_id(db: Database) -> int:
    """The id of the newest event (0 without events)."""
    row = row_of(db, "SELECT coalesce(max(id), 0) AS id FROM events")
    return int(row["id"]) if row else 0


def events_after(db: Database, event_id: int, limit: int) -> list[Event]:
    """The events after `event_id`, oldest first, at most `limit`."""
    rows = rows_of(
        db,
        "SELECT id, case_key, zaaknummer, kind, created_at, document, detail FROM events "
        "WHERE id > ? ORDER BY id LIMIT ?",
        [event_id, limit],
    )
    return [_event(r) for r in rows]


def latest_events(db: Database, *, since: str | None, limit: int) -> list[Event]:
    """The newest `limit` events (recorded on or after `since`), oldest first."""
    sql = "SELECT id, case_key, zaaknummer, kind, created_at, document, detail FROM events"
    params: list[object] = []
    if since:
        sql += " WHERE created_at >= ?"
        params.append(since)
    sql += " ORDER BY id DESC LIMIT ?"
    params.append(limit)
    return [_event(r) for r in reversed(rows_of(db, sql, params))]


def _event(row: Any) -> Event:
    return Event(
        id=row["id"],
        case_key=row["case_key"],
        zaaknummer=row["zaaknummer"],
        kind=row["kind"],
        created_at=row["created_at"],
        document=row["document"],
        detail=row["detail"],
    )
