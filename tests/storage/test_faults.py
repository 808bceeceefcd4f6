"""The database under faults: writers wait for another's lock, read-only opening never writes,
and every sqlite3 error comes out as a named StorageError."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
import time
from pathlib import Path

import pytest

from kamervragen.storage import syncfeed
from kamervragen.storage.db import DatabaseThread, open_db, open_for_reading
from kamervragen.storage.errors import (
    AlreadyRunning,
    DatabaseBusy,
    DatabaseFull,
    DatabaseReadOnly,
    DatabaseUnavailable,
    StorageError,
    from_sqlite,
    storage_faults,
)
from kamervragen.storage.lock import instance_lock, lock_path


def _hold_write_lock(path: Path, seconds: float, ready: threading.Event) -> None:
    connection = sqlite3.connect(path, isolation_level=None)
    connection.execute("BEGIN IMMEDIATE")
    connection.execute("INSERT INTO feed_cursors (category, skiptoken) VALUES ('Other', 1)")
    ready.set()
    time.sleep(seconds)
    connection.execute("COMMIT")
    connection.close()


def test_a_transaction_waits_for_another_writer_then_commits(tmp_path: Path) -> None:
    """While another connection holds the write lock for 0.3 s, a transaction that reads and
    then writes waits for it (BEGIN IMMEDIATE) and commits, instead of "database is locked"."""
    db = open_db(tmp_path / "k.db", busy_timeout=10)
    ready = threading.Event()
    other = threading.Thread(target=_hold_write_lock, args=(tmp_path / "k.db", 0.3, ready))
    other.start()
    ready.wait()
    started = time.monotonic()
    with db.atomic():
        syncfeed.get_cursor(db, "Zaak")  # a read first: a deferred BEGIN would fail below
        syncfeed.set_cursor(db, "Zaak", 7)
    other.join()
    assert time.monotonic() - started >= 0.2
    assert syncfeed.get_cursor(db, "Zaak") == 7 and syncfeed.get_cursor(db, "Other") == 1


def test_a_writer_past_the_busy_timeout_is_database_busy(tmp_path: Path) -> None:
    """A lock held past the busy timeout gives DatabaseBusy, in one line."""
    db = open_db(tmp_path / "k.db", busy_timeout=0.05)
    ready = threading.Event()
    other = threading.Thread(target=_hold_write_lock, args=(tmp_path / "k.db", 0.5, ready))
    other.start()
    ready.wait()
    busy = pytest.raises(DatabaseBusy, match="stayed locked by another process")
    with busy, storage_faults(tmp_path / "k.db"), db.atomic():
        syncfeed.set_cursor(db, "Zaak", 7)
    other.join()


def test_reading_opens_read_only_and_never_writes(tmp_path: Path) -> None:
    """open_for_reading reads what is stored and refuses any write (DatabaseReadOnly)."""
    db = open_db(tmp_path / "k.db")
    syncfeed.set_cursor(db, "Zaak", 3)
    db.close()
    reader = open_for_reading(tmp_path / "k.db")
    assert syncfeed.get_cursor(reader, "Zaak") == 3
    with pytest.raises(DatabaseReadOnly), storage_faults(tmp_path / "k.db"):
        syncfeed.set_cursor(reader, "Zaak", 4)


def test_reading_a_missing_database_creates_it(tmp_path: Path) -> None:
    """A database that does not exist yet is created (and migrated) for its first reader."""
    reader = open_for_reading(tmp_path / "new.db")
    assert syncfeed.get_cursor(reader, "Zaak") is None
    assert (tmp_path / "new.db").is_file()


@pytest.mark.parametrize("opener", [open_db, open_for_reading])
def test_a_file_that_is_no_database_is_unavailable(tmp_path: Path, opener: object) -> None:
    """Random bytes where the database should be: DatabaseUnavailable, not a traceback."""
    (tmp_path / "k.db").write_bytes(b"this is not a database\n" * 100)
    with pytest.raises(DatabaseUnavailable, match="not a usable database"):
        opener(tmp_path / "k.db")  # type: ignore[operator]


def test_a_folder_that_does_not_exist_is_unavailable(tmp_path: Path) -> None:
    """A database path in a missing folder cannot be opened: DatabaseUnavailable."""
    with pytest.raises(DatabaseUnavailable, match="cannot be opened"):
        open_db(tmp_path / "missing" / "k.db")


@pytest.mark.parametrize(
    ("message", "kind"),
    [
        ("attempt to write a readonly database", DatabaseReadOnly),
        ("database or disk is full", DatabaseFull),
        ("disk I/O error", DatabaseFull),
        ("database is locked", DatabaseBusy),
        ("file is not a database", DatabaseUnavailable),
        ("no such table: cases", DatabaseUnavailable),
    ],
)
def test_sqlite_errors_are_named(message: str, kind: type[StorageError]) -> None:
    """Each sqlite3 error message maps to its StorageError, naming the database."""
    error = from_sqlite(sqlite3.OperationalError(message), "k.db")
    assert type(error) is kind
    assert str(error).startswith("database k.db") and message in str(error)


async def test_the_database_thread_raises_storage_errors(tmp_path: Path) -> None:
    """An sqlite3 error inside a DatabaseThread call comes back as a StorageError."""
    thread = DatabaseThread(tmp_path / "k.db")
    try:
        with pytest.raises(DatabaseUnavailable, match="no such table"):
            await thread.run(lambda db: db.execute("SELECT * FROM nowhere"))
    finally:
        await thread.close()
    assert not asyncio.get_running_loop().is_closed()


def test_a_second_holder_of_the_instance_lock_is_refused(tmp_path: Path) -> None:
    """While one holder has the lock, another (whatever spelling of the path) gets
    AlreadyRunning naming the holder's pid and command; after it, the lock is free."""
    path = tmp_path / "k.db"
    with instance_lock(path, "run"):
        refused = pytest.raises(AlreadyRunning, match=r"in use by another kamervragen process")
        with refused, instance_lock(tmp_path / "." / "k.db", "poll"):
            pass  # pragma: no cover
        assert "`run`" in lock_path(path).read_text()
    with instance_lock(path, "poll"):
        assert "`poll`" in lock_path(path).read_text()


def test_an_unwritable_lock_folder_is_read_only(tmp_path: Path) -> None:
    """A lock file that cannot be made (its folder is missing) is a StorageError."""
    refused = pytest.raises(StorageError, match="cannot create")
    with refused, instance_lock(tmp_path / "missing" / "k.db", "run"):
        pass  # pragma: no cover
