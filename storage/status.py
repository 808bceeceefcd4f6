"""What `kamervragen status` and the operators' /status show, as data."""

from __future__ import annotations

import datetime as dt
from typing import Any

from kamervragen.storage import cases, events, outbox, publications
from kamervragen.storage.db import Database, rows_of
from kamervragen.storage.sources import source_rows
from kamervragen.storage.texts import counts, pending_details

CURSOR_COLUMNS = (
    "category",
    "skiptoken",
    "pages",
    "entries",
    "last_success",
    "last_error",
    "last_error_at",
    "failing_since",
)


def status_data(db: Database, now: dt.datetime | None = None) -> dict[str, Any]:
    """Cursors, sources, texts, counts, and the outbox (waiting, sent and failed in 24 h,
    inactive chats)."""
    columns = ", ".join(CURSOR_COLUMNS)
    cursors = [
        dict(row) for row in rows_of(db, f"SELECT {columns} FROM feed_cursors ORDER BY category")
    ]
    return {
        "cursors": cursors,
        "sources": source_rows(db),
        "texts": counts(db),
        "pending_texts": pending_details(db),
        "cases": cases.count(db),
        "events": events.count(db),
        "outbox": outbox.stats(db, now or dt.datetime.now(dt.UTC)),
        "publications": _publications(db),
    }


def _publications(db: Database) -> dict[str, Any]:
    """The officielebekendmakingen watcher: its search cursor and its publications."""
    cursor = publications.cursor(db)
    return {
        "since": cursor.since,
        "searches": cursor.searches,
        "failures": cursor.failures,
        "next_search_at": cursor.next_attempt_at,
        **publications.counts(db),
    }
