"""The figures the Prometheus endpoint shows, read at each scrape on a read-only connection of
its own (the scrape runs on the metrics server's thread, never on the bot's)."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Figures:
    """What the database says at one moment."""

    deliveries: dict[str, int] = field(default_factory=dict)  # by status
    events: dict[str, int] = field(default_factory=dict)  # by kind
    sources: list[tuple[str, str | None, bool]] = field(default_factory=list)  # last success
    texts_pending: int = 0
    publications_pending: int = 0
    cases: int = 0


def read_figures(path: str | Path, timeout: float = 2.0) -> Figures:
    """The figures of the database at `path` (empty ones while it does not exist yet)."""
    path = Path(path)
    figures = Figures()
    if not path.exists():
        return figures
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=timeout)
    try:

        def grouped(sql: str) -> dict[str, int]:
            return {str(key): int(n) for key, n in connection.execute(sql)}

        def one(sql: str) -> int:
            return int(connection.execute(sql).fetchone()[0])

        try:
            figures.deliveries = grouped("SELECT status, count(*) FROM deliveries GROUP BY status")
            figures.events = grouped("SELECT kind, count(*) FROM events GROUP BY kind")
            figures.sources = [
                (str(source), last_success, failing_since is not None)
                for source, last_success, failing_since in connection.execute(
                    "SELECT source, last_success, failing_since FROM source_status ORDER BY source"
                )
            ]
            figures.texts_pending = one("SELECT count(*) FROM texts WHERE status = 'pending'")
            figures.cases = one("SELECT count(*) FROM cases")
            figures.publications_pending = one(
                "SELECT count(*) FROM ob_publications WHERE status = 'pending'"
            )
        except sqlite3.OperationalError:  # not migrated yet: what was read so far
            pass
    finally:
        connection.close()
    return figures
