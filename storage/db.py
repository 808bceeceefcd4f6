"""Opening the database (one SQLite file, WAL mode, migrations applied), reading rows by column
name, and a connection on its own thread for async code that must not block its event loop.

    db = open_db("kamervragen.db")
    row = row_of(db, "SELECT title FROM cases WHERE case_key = ?", [key])   # row["title"]
    worker = DatabaseThread("kamervragen.db")
    summary = await worker.run(rebuild_dirty, now)     # rebuild_dirty(db, now) on its thread
    reader = open_for_reading("kamervragen.db")        # read-only, for the commands that only read

Several processes may use one file (a running bot, an `ingest`, a `status`). Every transaction
takes the write lock when it begins (`BEGIN IMMEDIATE`), and every connection waits up to its busy
timeout for a lock another process holds: a busy database delays a writer, it never fails it
half-way through a transaction. Opening, reading and writing raise `StorageError` (storage.errors)
through `storage_faults` and `DatabaseThread`, never a bare sqlite3 error.
"""

from __future__ import annotations

import contextlib
import functools
import os
import sqlite3
from collections.abc import Callable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, Concatenate, ParamSpec, TypeVar
from urllib.parse import quote

import sqlite_utils

from kamervragen.storage.errors import (
    DatabaseReadOnly,
    DatabaseUnavailable,
    from_os,
    from_sqlite,
    storage_faults,
)
from kamervragen.storage.schema import migrations

if TYPE_CHECKING:
    from concurrent.futures import ThreadPoolExecutor

__all__ = [
    "DEFAULT_BUSY_TIMEOUT",
    "Database",
    "DatabaseThread",
    "Row",
    "database_file",
    "open_db",
    "open_for_reading",
    "open_reader",
    "row_of",
    "rows_of",
]

DEFAULT_BUSY_TIMEOUT = 30.0  # seconds a statement waits for another process's lock

Row = sqlite3.Row | Mapping[str, Any]  # a row read by column name (sqlite-utils gives dicts)

P = ParamSpec("P")
T = TypeVar("T")


class Database(sqlite_utils.Database):
    """sqlite-utils' Database whose transactions take the write lock as they begin.

    A deferred `BEGIN` that reads and then writes cannot wait for another process's write lock
    (SQLite answers "database is locked" at once, whatever the busy timeout); `BEGIN IMMEDIATE`
    waits for it up front. Nested blocks are savepoints, as in sqlite-utils.
    """

    @contextlib.contextmanager
    def atomic(self) -> Iterator[Database]:  # type: ignore[override]
        """A transaction holding the write lock from its start; a savepoint when nested."""
        if self.conn.in_transaction:
            with super().atomic():
                yield self
            return
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self
        except BaseException:
            self.rollback()  # a no-op when the error already ended the transaction
            raise
        else:
            try:
                self.conn.execute("COMMIT")
            except BaseException:
                self.rollback()
                raise


def open_db(
    path: str | Path | None = None,
    *,
    memory: bool = False,
    busy_timeout: float = DEFAULT_BUSY_TIMEOUT,
    cache_mb: int = 64,
) -> Database:
    """Open (and create or migrate) the database file at `path`, or one in memory, for writing;
    raises StorageError when it cannot be opened, switched to WAL, migrated or written (a
    read-only file or file system is found here, not half-way through the work)."""
    if not memory and path is None:
        raise ValueError("open_db needs a path (or memory=True)")
    where = ":memory:" if memory else str(path)
    try:
        # Autocommit: a statement outside `db.atomic()` never leaves an implicit transaction
        # open (which would turn the next `atomic()` into an uncommitted savepoint).
        connection = sqlite3.connect(where, timeout=busy_timeout, isolation_level=None)
    except sqlite3.Error as exc:
        raise from_sqlite(exc, where) from exc
    except OSError as exc:
        raise from_os(exc, where) from exc
    try:
        with storage_faults(where):
            # No sqlite-utils plugins: looking for them reads every installed package's metadata.
            db = Database(connection, execute_plugins=False)
            if not memory:
                db.enable_wal()
            _tune(db, busy_timeout, cache_mb=cache_mb)
            if migrations.pending(db):
                with db.atomic():  # one process migrates; the next finds nothing pending
                    migrations.apply(db)
            elif not memory:
                with db.atomic():  # takes the write lock: fails now if it never could
                    pass
    except DatabaseUnavailable as exc:
        connection.close()
        if not memory and _read_only_place(Path(where)):
            raise DatabaseReadOnly(f"database {where} is read-only ({exc.__cause__})") from exc
        raise
    except BaseException:
        connection.close()
        raise
    return db


def _read_only_place(path: Path) -> bool:
    """Is the file system of `path` mounted read-only, or may this process not write the file
    or (for its journal) its folder?"""
    folder = path.parent
    try:
        if os.statvfs(folder).f_flag & os.ST_RDONLY:
            return True
    except OSError:
        return False
    return not os.access(folder, os.W_OK) or (path.exists() and not os.access(path, os.W_OK))


def open_for_reading(path: str | Path, *, busy_timeout: float = DEFAULT_BUSY_TIMEOUT) -> Database:
    """The database at `path` for a command that only reads, opened read-only: it works on a
    read-only file, folder or file system and never writes. A file that does not exist yet or
    still needs a migration is opened (and created or migrated) by `open_db` instead."""
    if not Path(path).is_file():
        return open_db(path, busy_timeout=busy_timeout)
    uri = f"file:{quote(str(Path(path).resolve()))}?mode=ro"
    db = _read_only(uri, path, busy_timeout)
    if db is None:  # WAL without its -shm file, in a folder we cannot write: read it as is
        db = _read_only(uri + "&immutable=1", path, busy_timeout)
    if db is None:
        raise DatabaseUnavailable(f"database {path} cannot be opened for reading")
    with storage_faults(path):
        pending = migrations.pending(db)
    if pending:
        db.close()
        return open_db(path, busy_timeout=busy_timeout)
    return db


def _read_only(uri: str, path: str | Path, busy_timeout: float) -> Database | None:
    """A read-only connection whose first read works, or None when SQLite cannot open it so."""
    try:
        connection = sqlite3.connect(uri, uri=True, timeout=busy_timeout, isolation_level=None)
    except sqlite3.Error:
        return None
    try:
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.Error as exc:
        connection.close()
        if "unable to open" in str(exc) or "readonly" in str(exc).lower():
            return None
        raise from_sqlite(exc, path) from exc
    db = Database(connection, execute_plugins=False)
    with storage_faults(path):
        _tune(db, busy_timeout, writing=False)
    return db


def _tune(db: Database, busy_timeout: float, *, writing: bool = True, cache_mb: int = 64) -> None:
    db.execute(f"PRAGMA busy_timeout = {int(busy_timeout * 1000)}")
    if writing:
        db.execute("PRAGMA synchronous = NORMAL")  # with WAL: durable at each checkpoint
    db.execute(f"PRAGMA cache_size = -{cache_mb * 1024}")  # a catch-up touches many pages
    db.execute("PRAGMA temp_store = MEMORY")


def open_reader(path: str | Path, *, busy_timeout: float = DEFAULT_BUSY_TIMEOUT) -> Database:
    """A connection that only reads the (migrated) database file at `path`, for a worker:
    nothing is created or migrated, and a write is refused."""
    connection = sqlite3.connect(str(path), timeout=busy_timeout, isolation_level=None)
    db = Database(connection, execute_plugins=False)
    db.execute(f"PRAGMA busy_timeout = {int(busy_timeout * 1000)}")
    db.execute("PRAGMA query_only = 1")
    return db


def database_file(db: sqlite_utils.Database) -> str | None:
    """The path of the database's file; None for a database in memory."""
    for _, name, file in db.execute("PRAGMA database_list").fetchall():
        if name == "main":
            return file or None
    return None


def release_memory(db: sqlite_utils.Database) -> None:
    """Free what SQLite holds of `db`'s page cache beyond what it uses now (a long-running
    process keeps a full cache otherwise, however little it reads later)."""
    db.execute("PRAGMA shrink_memory")


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

    def __init__(
        self, path: str | Path, *, busy_timeout: float = DEFAULT_BUSY_TIMEOUT, cache_mb: int = 64
    ) -> None:
        self.path = path
        self.busy_timeout = busy_timeout
        self.cache_mb = cache_mb
        from concurrent.futures import ThreadPoolExecutor  # here: commands that read start quicker

        self._executor: ThreadPoolExecutor = ThreadPoolExecutor(
            max_workers=1, thread_name_prefix="kamervragen-db"
        )
        self._db: Database | None = None

    async def run(
        self, function: Callable[Concatenate[Database, P], T], *args: P.args, **kwargs: P.kwargs
    ) -> T:
        """`function(db, *args, **kwargs)` on the worker thread, with its connection; an sqlite3
        error comes back as StorageError."""
        call = functools.partial(self._call, function, *args, **kwargs)
        return await _loop().run_in_executor(self._executor, call)

    def _call(self, function: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        if self._db is None:
            # Opened on the worker thread, which owns it.
            self._db = open_db(self.path, busy_timeout=self.busy_timeout, cache_mb=self.cache_mb)
        with storage_faults(self.path):
            return function(self._db, *args, **kwargs)

    async def release_memory(self) -> None:
        """Hand the connection's unused page cache back (after a catch-up, say)."""
        await self.run(release_memory)

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
