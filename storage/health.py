"""The database as `kamervragen doctor` sees it: can it be written, are its migrations applied,
is it in WAL mode, is there room on its disk. Plain figures; the doctor judges them."""

from __future__ import annotations

import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from kamervragen.storage.db import open_db
from kamervragen.storage.errors import StorageError
from kamervragen.storage.schema import migrations


@dataclass(frozen=True)
class DatabaseHealth:
    """What the doctor checks of the database file."""

    path: Path
    error: str | None = None  # it could not be opened, created, migrated or written
    migrations_applied: int = 0
    migrations_known: int = 0
    journal_mode: str | None = None
    free_bytes: int | None = None
    stored_zaak_guid: str | None = None  # a Kamervragen Zaak the SyncFeed gave, if any


def database_health(path: str | Path) -> DatabaseHealth:
    """Open (creating and migrating) the database, prove it takes a write, and read its state."""
    path = Path(path)
    free = _free_bytes(path)
    try:
        db = open_db(path)
    except (StorageError, sqlite3.Error, OSError) as exc:
        return DatabaseHealth(path, f"cannot open or migrate it: {exc}", free_bytes=free)
    try:
        db.execute("BEGIN IMMEDIATE")  # takes the write lock, as the bot must be able to
        db.execute("ROLLBACK")
        applied = len(migrations.applied(db))
        pending = len(migrations.pending(db))
        mode = str(db.execute("PRAGMA journal_mode").fetchone()[0])
        row = db.execute("SELECT guid FROM tk_zaken WHERE deleted = 0 LIMIT 1").fetchone()
    except sqlite3.Error as exc:
        return DatabaseHealth(path, f"cannot write to it: {exc}", free_bytes=free)
    finally:
        db.close()
    return DatabaseHealth(
        path,
        migrations_applied=applied,
        migrations_known=applied + pending,
        journal_mode=mode.lower(),
        free_bytes=free,
        stored_zaak_guid=row[0] if row else None,
    )


def _free_bytes(path: Path) -> int | None:
    directory = path.resolve().parent
    try:
        return shutil.disk_usage(directory).free
    except OSError:
        return None


def last_poll(path: str | Path) -> str | None:
    """When a source was last polled (its last success or its last error), from a read-only
    connection; None when no poll has been recorded (or there is no database)."""
    path = Path(path)
    if not path.exists():
        return None
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)
    try:
        row = connection.execute(
            "SELECT max(max(coalesce(last_success, '')), max(coalesce(last_error_at, ''))) "
            "FROM source_status"
        ).fetchone()
    except sqlite3.OperationalError:  # not migrated yet
        return None
    finally:
        connection.close()
    return row[0] if row and row[0] else None
