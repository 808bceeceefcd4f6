"""What `kamervragen status` and the operators' /status show, as data."""

from __future__ import annotations

import datetime as dt

from sqlite_utils import Database

from kamervragen.storage import outbox
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


def status_data(db: Database, now: dt.datetime | None = None) -> dict[str, object]:
    """Cursors, sources, texts, counts, and the outbox (waiting, sent and failed in 24 h,
    inactive chats)."""
    cursors = [
        dict(zip(CURSOR_COLUMNS, row, strict=True))
        for row in db.execute(
            f"SELECT {', '.join(CURSOR_COLUMNS)} FROM feed_cursors ORDER BY category"
        )
    ]
    return {
        "cursors": cursors,
        "sources": source_rows(db),
        "texts": counts(db),
        "pending_texts": pending_details(db),
        "cases": db.execute("SELECT count(*) FROM cases").fetchone()[0],
        "events": db.execute("SELECT count(*) FROM events").fetchone()[0],
        "outbox": outbox.stats(db, now or dt.datetime.now(dt.UTC)),
    }
