"""Shared set-up of the chaos tests: an environment with short limits pointing at the fakes,
and reading the database a process left behind."""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import pytest

# The bot's Application on the fake Bot API (and an empty KOOP), as the handlers' tests use it.
from tests.bot.conversation.test_handlers import api, app, koop  # noqa: F401 - fixtures

# Short limits, so that a fault shows within seconds (each is a variable the README lists).
FAST = {
    "KAMERVRAGEN_HTTP_RETRY_DELAY": "0",
    "KAMERVRAGEN_HTTP_TIMEOUT": "3",
    "KAMERVRAGEN_HTTP_DEADLINE": "4",
    "KAMERVRAGEN_RETRY_AFTER_CAP": "5",
    "KAMERVRAGEN_BACKFILL_DAYS": "2",
    "KAMERVRAGEN_PARSE_TIMEOUT": "5",
    "KAMERVRAGEN_DB_BUSY_TIMEOUT": "10",
    "PTB_TIMEDELTA": "1",
    "PYTHONDONTWRITEBYTECODE": "1",
}
UNREACHABLE = "http://127.0.0.1:9"  # nothing listens on the discard port
T = TypeVar("T")


def wait_until(predicate: Callable[[], T], timeout: float, what: str = "the condition") -> T:
    """Check `predicate` every 10 ms until it holds (its value) or `timeout` seconds pass."""
    deadline = time.monotonic() + timeout
    while not (result := predicate()):
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} did not happen within {timeout} s")
        time.sleep(0.01)
    return result


def chaos_env(
    db: Path,
    *,
    syncfeed: str = f"{UNREACHABLE}/SyncFeed/2.0",
    ob: str = UNREACHABLE,
    **extra: str,
) -> dict[str, str]:
    """The environment of a `kamervragen` process under test."""
    return {
        **os.environ,
        **FAST,
        "KAMERVRAGEN_DB": str(db),
        "TK_SYNCFEED_URL": syncfeed,
        "OB_URL": ob,
        **extra,
    }


@pytest.fixture
def fast_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """The short limits in this process's environment (for `kamervragen.cli.main` in-process),
    the sources unreachable until a test points them at its fakes; the database path."""
    for name, value in FAST.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("TK_SYNCFEED_URL", f"{UNREACHABLE}/SyncFeed/2.0")
    monkeypatch.setenv("OB_URL", UNREACHABLE)
    db = tmp_path / "k.db"
    monkeypatch.setenv("KAMERVRAGEN_DB", str(db))
    return db


def rows(db: Path, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Read a database another process used (read-only, so it never changes it)."""
    connection = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=10)
    try:
        return connection.execute(sql, params).fetchall()
    finally:
        connection.close()


def cursors(db: Path) -> dict[str, int | None]:
    """Every SyncFeed category's stored skiptoken."""
    return dict(rows(db, "SELECT category, skiptoken FROM feed_cursors"))  # type: ignore[arg-type]
