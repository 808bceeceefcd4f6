"""Opening the database (one SQLite file, WAL mode, migrations applied), reading rows by column
name, and a connection on its own thread for async code that must not block its event loop.

    db = open_db("kamervragen.db")
    row = row_of(db, "SELECT title FROM cases WHERE case_key = ?", [key])   # row["title"]
    worker = DatabaseThread("kamervragen.db")
    summary = await worker.run(rebuild_dirty, now)     # rebuild_dirty(db, now) on its thread
"""

from __future__ import annotations

import functools
import sqlite3
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Concatenate, ParamSpec, TypeVar

from sqlite_utils import Database

from kamervragen.storage.schema import migrations

if TYPE_CHECKING:
    from concurrent.futures import ThreadPoolExecutor

__all__ = [
    "Database",
    "DatabaseThread",
    "Row",
    "database_file",
    "open_db",
    "open_reader",
    "row_of",
    "rows_of",
]

Row = sqlite3.Row | Mapping[str, Any]  # a row read by column name (sqlite-utils gives dicts)

P = ParamSpec("P")
T = TypeVar("T")


def open_db(
    path: str | Path | None = None, *, memory: bool = False, cache_mb: int = 64
) -> Database:
    """Open (and create or migrate) the database file at `path`, or one in memory; SQLite
    keeps up to `cache_mb` of its pages in memory (a catch-up touches many)."""
    # No sqlite-utils plugins: looking for them reads every installed package's metadata.
    if memory:
        db = Database(memory=True, execute_plugins=False)
    else:
        if path is None:
            raise ValueError("open_db needs a path (or memory=True)")
        db = Database(str(path), execute_plugins=False)
        db.enable_wal()
    # Autocommit: a statement outside `db.atomic()` never leaves an implicit transaction open
    # (which would turn the next `atomic()` into an uncommitted savepoint).
    db.conn.isolation_level = None
    db.execute("PRAGMA busy_timeout = 5000")
    db.execute("PRAGMA synchronous = NORMAL")  # with WAL: durable at each checkpoint, never corrupt
    db.execute(f"PRAGMA cache_size = -{cache_mb * 1024}")
    db.execute("PRAGMA temp_store = MEMORY")
    migrations.apply(db)
    return db


def open_reader(path: str | Path) -> Database:
    """A connection that only reads the (migrated) database file at `path`, for a worker:
    nothing is created or migrated, and a write is refused."""
    db = Database(str(path), execute_plugins=False)
    db.conn.isolation_level = None
    db.execute("PRAGMA busy_timeout = 5000")
    db.execute("PRAGMA query_only = 1")
    return db


def database_file(db: Database) -> str | None:
    """The path of the database's file; None for a database in memory."""
    for _, name, file in db.execute("PRAGMA database_list").fetchall():
        if name == "main":
            return file or None
    return None


def rows_of(db: Database, sql: str, params: Sequence[Any] = ()) -> list[sqlite3.Row]:
    """Every row of a query; each is read by column name (`row["title"]`)."""
    cursor = db.conn.cursor()
    cursor.row_factory = sqlite3.Row
    return cursor.execute(sql, list(params)).fetchall()


def row_of(db: Database, sql: str, params: Sequence[Any] = ()) -> sqlite3.Row | None:
    """The first row of a query (by column name), or None."""
    cursor = db.conn.cursor()
    cursor.row_factory = sqlite3.Row
    row: sqlite3.Row | None = cursor.execute(sql, list(params)).fetchone()
    return row


class DatabaseThread:
    """One connection, owned by one worker thread: async code hands it storage functions to run
    (one at a time, in order) while its event loop goes on serving others."""

    def __init__(self, path: str | Path) -> None:
        self.path = path
        from concurrent.futures import ThreadPoolExecutor  # here: commands that read start quicker

        self._executor: ThreadPoolExecutor = ThreadPoolExecutor(
            max_workers=1, thread_name_prefix="kamervragen-db"
        )
        self._db: Database | None = None

    async def run(
        self, function: Callable[Concatenate[Database, P], T], *args: P.args, **kwargs: P.kwargs
    ) -> T:
        """`function(db, *args, **kwargs)` on the worker thread, with its connection."""
        call = functools.partial(self._call, function, *args, **kwargs)
        return await _loop().run_in_executor(self._executor, call)

    def _call(self, function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        if self._db is None:
            self._db = open_db(self.path)  # opened on the worker thread, which owns it
        return function(self._db, *args, **kwargs)

    def _close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None

    async def close(self) -> None:
        """Let the running function finish, close the connection, end the thread."""
        await _loop().run_in_executor(self._executor, self._close)
        self._executor.shutdown(wait=True)


def _loop() -> Any:
    """The running event loop (asyncio imported only by those that run one)."""
    import asyncio

    return asyncio.get_running_loop()
