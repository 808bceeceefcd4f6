"""Fixtures for the alerts: a fake clock, a seeded database with chats and events, the fake Bot
API server with a real python-telegram-bot `Bot`, and a dispatcher on them."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
from collections.abc import AsyncIterator, Iterator

import pytest
from sqlite_utils import Database
from telegram import Bot
from telegram.request import HTTPXRequest

from kamervragen.bot.alerts.dispatcher import Dispatcher
from kamervragen.bot.alerts.limits import RateLimiter
from kamervragen.storage import chats
from kamervragen.storage.outbox import iso
from tests.bot.conftest import add_copies, seed_database
from tests.fakes.botapi import FakeBotApi

SEED = "2019Z15244"  # answered, in the seeded database


class FakeClock:
    """Monotonic and wall time that only move when someone sleeps (or the test says so)."""

    def __init__(self, start: dt.datetime | None = None) -> None:
        self.start = start or dt.datetime.now(dt.UTC).replace(microsecond=0)
        self.elapsed = 0.0
        self.slept: list[float] = []

    def monotonic(self) -> float:
        """Seconds since an arbitrary origin."""
        return 1000.0 + self.elapsed

    def now(self) -> dt.datetime:
        """The start plus the time slept."""
        return self.start + dt.timedelta(seconds=self.elapsed)

    async def sleep(self, seconds: float) -> None:
        """Move time on at once (and let other tasks run)."""
        self.slept.append(seconds)
        self.elapsed += max(seconds, 0.0)
        await asyncio.sleep(0)

    def advance(self, seconds: float) -> None:
        """Move time on."""
        self.elapsed += seconds


def add_event(
    db: Database, case_key: str, kind: str, at: dt.datetime, document: str | None = None
) -> int:
    """Record an event as the watchers do; its id."""
    cursor = db.execute(
        "INSERT INTO events (case_key, zaaknummer, kind, document, created_at, detail) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        [case_key, case_key, kind, document or f"doc-{kind}", iso(at), json.dumps({})],
    )
    return int(cursor.lastrowid or 0)


def add_chat(
    db: Database, chat_id: int, *, type_: str = "private", language: str | None = "en", **settings
) -> None:
    """A chat with a language and other settings."""
    chats.ensure_chat(db, chat_id, type_)
    chats.update_chat(db, chat_id, language=language, **settings)


def subscribe(db: Database, chat_id: int, query: str, at: dt.datetime) -> int:
    """A subscription made at `at`; its id."""
    sub, _ = chats.add_subscription(db, chat_id, query)
    db.execute("UPDATE subscriptions SET created_at = ? WHERE id = ?", [iso(at), sub.id])
    return sub.id


def follow(db: Database, chat_id: int, zaaknummer: str, at: dt.datetime) -> None:
    """A follow made at `at`."""
    chats.follow(db, chat_id, zaaknummer)
    db.execute(
        "UPDATE follows SET created_at = ? WHERE chat_id = ? AND zaaknummer = ?",
        [iso(at), chat_id, zaaknummer],
    )


def statuses(db: Database) -> dict[int, str]:
    """Every delivery's status by id."""
    return dict(db.execute("SELECT id, status FROM deliveries ORDER BY id").fetchall())


@pytest.fixture
def clock() -> FakeClock:
    """A fake clock starting now."""
    return FakeClock()


@pytest.fixture
def db() -> Database:
    """The seeded database (case 2019Z15244, answered) plus three open copies."""
    database = seed_database()
    add_copies(database, 3)
    return database


@pytest.fixture
def api() -> Iterator[FakeBotApi]:
    """The fake Bot API server."""
    with FakeBotApi() as server:
        yield server


@pytest.fixture
async def bot(api: FakeBotApi) -> AsyncIterator[Bot]:
    """A real python-telegram-bot Bot on the fake server, with short timeouts."""
    request = HTTPXRequest(connect_timeout=1.0, read_timeout=0.5, write_timeout=1.0)
    telegram_bot = Bot(api.token, base_url=api.base_url, request=request)
    await telegram_bot.initialize()
    yield telegram_bot
    await telegram_bot.shutdown()


def dispatcher_for(db: Database, bot: Bot, clock: FakeClock, **kwargs: object) -> Dispatcher:
    """A dispatcher with Telegram's limits on the fake clock."""
    return Dispatcher(db, bot, RateLimiter(clock=clock), clock=clock, **kwargs)  # type: ignore[arg-type]


async def drain(dispatcher: Dispatcher, timeout: float = 10.0) -> None:
    """Run the dispatcher until no delivery is pending."""
    await asyncio.wait_for(dispatcher.run(lambda: False, until_idle=True), timeout)
