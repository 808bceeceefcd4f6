"""The health of each source, for `kamervragen status` and operator alerts."""

from __future__ import annotations

import datetime as dt

from sqlite_utils import Database


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def record_source(db: Database, source: str, error: str | None, now: str | None = None) -> None:
    """Note a success (error None) or a failure of a source; failing_since marks the streak."""
    now = now or _now()
    if error is None:
        db.execute(
            "INSERT INTO source_status (source, last_success) VALUES (?, ?) "
            "ON CONFLICT(source) DO UPDATE SET last_success = excluded.last_success, "
            "failing_since = NULL",
            [source, now],
        )
    else:
        db.execute(
            "INSERT INTO source_status (source, last_error, last_error_at, failing_since) "
            "VALUES (?, ?, ?, ?) ON CONFLICT(source) DO UPDATE SET "
            "last_error = excluded.last_error, last_error_at = excluded.last_error_at, "
            "failing_since = coalesce(source_status.failing_since, excluded.failing_since)",
            [source, error, now, now],
        )


def source_rows(db: Database) -> list[dict[str, str | None]]:
    """Every source's last success and last error."""
    rows = db.execute(
        "SELECT source, last_success, last_error, last_error_at, failing_since "
        "FROM source_status ORDER BY source"
    )
    keys = ["source", "last_success", "last_error", "last_error_at", "failing_since"]
    return [dict(zip(keys, r, strict=True)) for r in rows]
