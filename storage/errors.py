"""Faults of the database, as errors a command can print in one line.

    StorageError               the database cannot be used for what was asked
    ├── DatabaseReadOnly       the file, its folder or the file system is read-only
    ├── DatabaseFull           the disk (or a file size limit) is full
    ├── DatabaseBusy           another process held the write lock past the busy timeout
    ├── DatabaseUnavailable    the file cannot be opened or read (missing, not a database, I/O)
    └── AlreadyRunning         another kamervragen process holds the database (storage.lock)

`storage_faults(path)` turns the sqlite3 errors raised inside it into these (`open_db` and the
instance lock also turn the OS errors of opening files); `DatabaseThread` does the same for every
call it runs. Code above storage
catches `StorageError` and never sees sqlite3.
"""

from __future__ import annotations

import contextlib
import errno
import sqlite3
from collections.abc import Iterator
from pathlib import Path

# SQLite's primary result codes (the low byte of an extended code).
_PERM = 3
_BUSY = 5
_LOCKED = 6
_READONLY = 8
_IOERR = 10
_CORRUPT = 11
_FULL = 13
_CANTOPEN = 14
_NOTADB = 26


class StorageError(Exception):
    """The database cannot be used for what was asked."""


class DatabaseReadOnly(StorageError):
    """The database file, its folder or the file system is read-only."""


class DatabaseFull(StorageError):
    """The disk, or a limit on file size, is full."""


class DatabaseBusy(StorageError):
    """Another process held the database's write lock for longer than the busy timeout."""


class DatabaseUnavailable(StorageError):
    """The database cannot be opened or read: missing, not a database, an I/O error."""


class AlreadyRunning(StorageError):
    """Another kamervragen process (run, poll, backfill) holds the database."""


def from_sqlite(exc: sqlite3.Error, path: str | Path | None) -> StorageError:
    """The StorageError for an sqlite3 error on the database at `path` (None: unnamed)."""
    code = (getattr(exc, "sqlite_errorcode", None) or 0) & 0xFF
    detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    where = f"database {path}" if path else "the database"
    if code == _READONLY or "readonly" in detail or "read-only" in detail:
        return DatabaseReadOnly(f"{where} is read-only ({detail})")
    if code == _FULL or "disk is full" in detail:
        return DatabaseFull(f"{where}: the disk is full ({detail})")
    if code in (_BUSY, _LOCKED) or "locked" in detail:
        return DatabaseBusy(f"{where} stayed locked by another process ({detail})")
    if code in (_NOTADB, _CORRUPT):
        return DatabaseUnavailable(f"{where} is not a usable database ({detail})")
    if code == _IOERR or "disk i/o error" in detail.lower():
        return DatabaseFull(f"{where}: cannot write to the disk, full or failing ({detail})")
    if code in (_CANTOPEN, _PERM):
        return DatabaseUnavailable(f"{where} cannot be opened ({detail})")
    return DatabaseUnavailable(f"{where}: {detail}")


def from_os(exc: OSError, path: str | Path, what: str = "") -> StorageError:
    """The StorageError for an OS error while opening the database's files (`what`: which)."""
    reason = exc.strerror or str(exc)
    if what:
        reason = f"{what}: {reason}"
    if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return DatabaseReadOnly(f"database {path} is read-only ({reason})")
    if exc.errno in (errno.ENOSPC, errno.EFBIG, errno.EDQUOT):
        return DatabaseFull(f"database {path}: the disk is full ({reason})")
    return DatabaseUnavailable(f"database {path} cannot be opened ({reason})")


@contextlib.contextmanager
def storage_faults(path: str | Path | None = None) -> Iterator[None]:
    """Raise the sqlite3 errors of the block as StorageError."""
    try:
        yield
    except sqlite3.Error as exc:
        raise from_sqlite(exc, path) from exc
