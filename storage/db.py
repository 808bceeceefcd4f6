"""Opening the database: one SQLite file, WAL mode, migrations applied."""

from __future__ import annotations

import os
from pathlib import Path

from sqlite_utils import Database

from kamervragen.storage.schema import migrations

DEFAULT_PATH = "kamervragen.db"


def db_path(explicit: str | None = None) -> str:
    """The database path: `--db`, else `KAMERVRAGEN_DB`, else kamervragen.db."""
    return explicit or os.environ.get("KAMERVRAGEN_DB") or DEFAULT_PATH


def open_db(path: str | Path | None = None, *, memory: bool = False) -> Database:
    """Open (and create or migrate) the database."""
    if memory:
        db = Database(memory=True)
    else:
        db = Database(str(path if path is not None else db_path()))
        db.enable_wal()
    # Autocommit: a statement outside `db.atomic()` never leaves an implicit transaction open
    # (which would turn the next `atomic()` into an uncommitted savepoint).
    db.conn.isolation_level = None
    db.execute("PRAGMA busy_timeout = 5000")
    db.execute("PRAGMA synchronous = NORMAL")  # with WAL: durable at each checkpoint, never corrupt
    db.execute("PRAGMA cache_size = -65536")  # 64 MB of page cache: a catch-up touches many
    db.execute("PRAGMA temp_store = MEMORY")
    migrations.apply(db)
    return db
