"""The health of each source, for `kamervragen status` and operator alerts."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from kamervragen.storage.db import Database, rows_of


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
    rows = rows_of(
        db,
        "SELECT source, last_success, last_error, last_error_at, failing_since "
        "FROM source_status ORDER BY source",
    )
    return [dict(row) for row in rows]


@dataclass(frozen=True)
class SourceHealth:
    """A source's failing streak (if any) and the streak the operators were last told about."""

    source: str
    failing_since: str | None
    last_error: str | None
    announced: str | None  # the failing_since of the announced streak


def health_and_alerts(db: Database) -> list[SourceHealth]:
    """Every source's streak next to the one announced to the operators."""
    rows = rows_of(
        db,
        "SELECT s.source, s.failing_since, s.last_error, a.failing_since AS announced "
        "FROM source_status s LEFT JOIN operator_alerts a ON a.source = s.source",
    )
    return [
        SourceHealth(r["source"], r["failing_since"], r["last_error"], r["announced"]) for r in rows
    ]


def mark_announced(db: Database, source: str, failing_since: str | None, now: str) -> None:
    """The operators were told about this streak (None: about the recovery)."""
    db.execute(
        "INSERT INTO operator_alerts (source, failing_since, alerted_at) VALUES (?, ?, ?) "
        "ON CONFLICT(source) DO UPDATE SET failing_since = excluded.failing_since, "
        "alerted_at = excluded.alerted_at",
        [source, failing_since, now],
    )
