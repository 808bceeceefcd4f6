"""A consistent copy of the database while the bot runs, with SQLite's online backup API.

A plain `cp` of a WAL database can copy the main file without the changes still in its `-wal`
file, or the two at different moments: a copy that is stale or corrupt. The backup API reads
one snapshot through SQLite itself (in WAL mode the bot goes on writing meanwhile), into a
temporary file beside the target; the copy is made a single file (journal mode DELETE),
checked with `PRAGMA integrity_check`, flushed to disk and only then renamed into place.

    BackupError            the copy could not be made or did not check out
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path


class BackupError(Exception):
    """The backup could not be made, or the copy failed its integrity check."""


@dataclass(frozen=True)
class BackupResult:
    """What a backup copied."""

    path: Path
    bytes: int
    cases: int
    events: int
    integrity: str  # "ok"


def backup(source: str | Path, target: str | Path, *, busy_timeout: float = 30.0) -> BackupResult:
    """Copy the database at `source` to `target` (which must not exist) in one consistent
    snapshot, and check the copy; raises BackupError saying what is wrong."""
    source, target = Path(source), Path(target)
    if not source.is_file():
        raise BackupError(f"no database at {source}")
    if target.exists():
        raise BackupError(f"{target} exists; give a new file name (a backup never overwrites)")
    if not target.parent.is_dir():
        raise BackupError(f"no directory {target.parent}")
    partial = target.with_name(f".{target.name}.partial")
    with contextlib.suppress(FileNotFoundError):
        partial.unlink()
    try:
        _copy(source, partial, busy_timeout)
        result = _check(partial)
        with open(partial, "rb+") as handle:
            os.fsync(handle.fileno())
        os.replace(partial, target)
        _sync_directory(target.parent)
    except sqlite3.Error as exc:
        raise BackupError(f"backup of {source} failed: {exc}") from None
    finally:
        for leftover in (partial, Path(f"{partial}-wal"), Path(f"{partial}-shm")):
            with contextlib.suppress(FileNotFoundError):
                leftover.unlink()
    return BackupResult(target, target.stat().st_size, result[0], result[1], "ok")


def _copy(source: Path, target: Path, busy_timeout: float) -> None:
    """One snapshot of `source` into a new file at `target` (pages=-1: a single step, so the
    copy is of one moment however much the running bot writes meanwhile)."""
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True, timeout=busy_timeout)
    try:
        dst = sqlite3.connect(target)
        try:
            src.backup(dst, pages=-1)
            dst.execute("PRAGMA journal_mode = DELETE")  # a single file: no -wal beside it
        finally:
            dst.close()
    finally:
        src.close()


def _check(path: Path) -> tuple[int, int]:
    """`PRAGMA integrity_check` on the copy; its cases and events."""
    db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        rows = [r[0] for r in db.execute("PRAGMA integrity_check")]
        if rows != ["ok"]:
            raise BackupError("the copy failed PRAGMA integrity_check: " + "; ".join(rows[:5]))
        counts = []
        for table in ("cases", "events"):
            try:
                counts.append(db.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
            except sqlite3.OperationalError:  # an empty or foreign database
                counts.append(0)
        return counts[0], counts[1]
    finally:
        db.close()


def _sync_directory(directory: Path) -> None:
    """Make the rename durable (where the platform allows opening a directory)."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
