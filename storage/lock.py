"""One process per database: the lock that `run`, `poll` and `backfill` hold while they work.

    with instance_lock("kamervragen.db", "run"):
        ...                     # a second `run` or `poll` on the file raises AlreadyRunning

The lock is an advisory `flock` on `<database>.lock` beside the database (the database's own
locks belong to SQLite), so the operating system releases it when its holder exits, however it
exits (a SIGKILL included): a lock is never left behind. The holder writes its pid, command and
start time into the file, so that the refused process can name it.

Commands that only read, and `ingest` (short transactions, waiting on the busy timeout), do not
take it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import os
from collections.abc import Iterator
from pathlib import Path

from kamervragen.storage.errors import AlreadyRunning, from_os


def lock_path(database: str | Path) -> Path:
    """The lock file of a database (the same file whatever spelling names the database)."""
    return Path(os.path.realpath(database)).with_name(Path(database).name + ".lock")


@contextlib.contextmanager
def instance_lock(database: str | Path, command: str) -> Iterator[None]:
    """Hold the database for this process while the block runs; AlreadyRunning when another
    process holds it, another StorageError when the lock file cannot be made."""
    path = lock_path(database)
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise from_os(exc, database, f"cannot create {path}") from exc
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 512, 0).decode("utf-8", errors="replace").strip()
            raise AlreadyRunning(
                f"database {database} is in use by another kamervragen process"
                + (f" ({holder})" if holder else "")
                + "; stop it first, or use another --db"
            ) from None
        started = dt.datetime.now().astimezone().isoformat(timespec="seconds")
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"pid {os.getpid()}, `{command}`, since {started}".encode(), 0)
        try:
            yield
        finally:
            with contextlib.suppress(OSError):
                os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
