"""Point 4 of the reliability issue: one process per database, and deliveries claimed in the
database. A second `kamervragen run` on a database in use exits at once with one line naming the
running one; two dispatchers sharing one database still send every message exactly once. (And
point 5 for `run`: another process writing all along delays it, never stops it.)"""

from __future__ import annotations

import asyncio
import datetime as dt
import re
import signal
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from telegram import Bot

from kamervragen.bot.alerts.fanout import FanOut
from kamervragen.storage import chats
from kamervragen.storage.db import open_db
from kamervragen.storage.outbox import iso
from tests.app.service import START_TIMEOUT, outbox_settled, start_service
from tests.bot.alerts.conftest import FakeClock, add_event, dispatcher_for, drain
from tests.bot.conftest import seed_database
from tests.chaos.conftest import wait_until
from tests.chaos.faults import concurrent_writer
from tests.fakes.botapi import FakeBotApi
from tests.fakes.koop_server import KoopServer
from tests.fakes.syncfeed_server import SyncFeedServer

SEED = "2019Z15244"
CHATS = 100


def _followers(path: Path, count: int) -> list[int]:
    """`count` private chats following the seed case, and its answer just recorded."""
    db = seed_database(path)
    earlier = dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)
    chat_ids = [30_000 + i for i in range(count)]
    with db.atomic():
        for chat_id in chat_ids:
            chats.ensure_chat(db, chat_id, "private")
            chats.update_chat(db, chat_id, language="nl")
            chats.follow(db, chat_id, SEED)
        db.execute("UPDATE follows SET created_at = ?", [iso(earlier)])
    add_event(db, SEED, "answered", earlier + dt.timedelta(minutes=30))
    db.close()
    return chat_ids


def _per_chat(api: FakeBotApi) -> Counter[int]:
    """Alerts per chat: the first message of each (an answered alert may have more parts)."""
    return Counter(int(m.chat_id) for m in api.sent_messages() if m.text.startswith("✅"))


def _parts_once(api: FakeBotApi) -> None:
    """No message (no part of an alert) reached a chat twice."""
    parts = Counter((int(m.chat_id), m.text) for m in api.sent_messages())
    assert max(parts.values()) == 1, parts.most_common(2)


@pytest.fixture
def fakes() -> Iterator[tuple[FakeBotApi, SyncFeedServer, KoopServer]]:
    """The fake Bot API and empty fake sources."""
    with FakeBotApi() as api, SyncFeedServer() as feed, KoopServer() as koop:
        yield api, feed, koop  # type: ignore[misc]


@pytest.mark.slow
def test_a_second_run_is_refused_and_every_alert_is_sent_once(
    fakes: tuple[FakeBotApi, SyncFeedServer, KoopServer], tmp_path: Path
) -> None:
    """Two `kamervragen run` on one database with 100 alerts waiting, and a third process
    writing to it all along: the second exits 3 with one line naming the first (its pid); the
    first is delayed by the writer, never stopped, and the 100 chats get one message each."""
    api, feed, koop = fakes
    path = tmp_path / "k.db"
    chat_ids = _followers(path, CHATS)
    with concurrent_writer(path) as writer:
        first = start_service(
            api, feed, koop, path, tmp_path / "first.log", KAMERVRAGEN_RATE_SCALE="8"
        )
        try:
            api.wait_for(lambda: api.calls_to("getMe"), timeout=START_TIMEOUT)
            second_log = tmp_path / "second.log"
            second = start_service(
                api, feed, koop, path, second_log, KAMERVRAGEN_LOG_LEVEL="WARNING"
            )
            assert second.wait(timeout=START_TIMEOUT) == 3
            wait_until(
                lambda: len(_per_chat(api)) >= CHATS and outbox_settled(path), 60, "delivery"
            )
            assert writer.transactions() > 10
        finally:
            first.send_signal(signal.SIGTERM)
            code = first.wait(timeout=15)
    assert code == 0, (tmp_path / "first.log").read_text(errors="replace")
    lines = second_log.read_text().splitlines()
    assert len(lines) == 1, lines
    assert re.fullmatch(
        rf"error: database {re.escape(str(path))} is in use by another kamervragen process "
        rf"\(pid {first.pid}, `run`, since [0-9T:+-]+\); stop it first, or use another --db",
        lines[0],
    ), lines[0]
    assert len(api.calls_to("getMe")) == 1  # the second never reached Telegram
    delivered = _per_chat(api)
    print(f"\ntwo runs: {CHATS} alerts, {sum(delivered.values())} sent, second run exit 3")
    assert set(delivered) == set(chat_ids)
    assert max(delivered.values()) == 1, delivered.most_common(3)
    _parts_once(api)
    assert "database is locked" not in (tmp_path / "first.log").read_text(errors="replace")


async def test_two_dispatchers_on_one_database_send_each_message_once(tmp_path: Path) -> None:
    """Two dispatchers, each with its own connection to one database file, drain 60 deliveries
    side by side: every chat gets exactly one message, and they did meet each other's claims."""
    path = tmp_path / "k.db"
    chat_ids = _followers(path, 60)
    first_db, second_db = open_db(path), open_db(path)
    assert FanOut(first_db).run() == 60
    clock = FakeClock()
    with FakeBotApi() as api:
        bot = Bot(api.token, base_url=api.base_url)
        await bot.initialize()
        try:
            one = dispatcher_for(first_db, bot, clock)
            two = dispatcher_for(second_db, bot, clock)
            started = time.monotonic()
            await asyncio.gather(drain(one, 60), drain(two, 60))
            assert time.monotonic() - started < 60
        finally:
            await bot.shutdown()
        delivered = _per_chat(api)
    assert set(delivered) == set(chat_ids)
    assert max(delivered.values()) == 1, delivered.most_common(3)
    _parts_once(api)
    assert one.counts["sent"] + two.counts["sent"] == 60
    assert one.counts["claimed_elsewhere"] + two.counts["claimed_elsewhere"] > 0
    sent = first_db.execute("SELECT count(*) FROM deliveries WHERE status = 'sent'").fetchone()
    assert sent == (60,)
    assert first_db.execute(
        "SELECT count(*) FROM deliveries WHERE claimed_by IS NOT NULL"
    ).fetchone() == (0,)
