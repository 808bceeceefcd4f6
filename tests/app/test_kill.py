"""Crash safety: a real `kamervragen run` delivering 1,000 messages to 300 chats is SIGKILLed
at random moments 10 times (half of them while sending) and restarted; every delivery arrives,
and duplicates are at most one per kill (the message Telegram accepted in the instant before the
kill)."""

from __future__ import annotations

import datetime as dt
import os
import random
import re
import signal
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from kamervragen.storage import chats
from kamervragen.storage.outbox import iso
from tests.app.service import START_TIMEOUT, outbox_settled, query, start_service
from tests.bot.conftest import add_copies, seed_database
from tests.fakes.botapi import FakeBotApi
from tests.fakes.koop_server import KoopServer
from tests.fakes.syncfeed_server import SyncFeedServer

pytestmark = pytest.mark.slow  # real `kamervragen` processes

KILLS = 10
PRIVATE, GROUPS, CASES = 250, 50, 10
ZAAK_RE = re.compile(r"\d{4}Z\d{5}")


@pytest.fixture
def fakes() -> Iterator[tuple[FakeBotApi, SyncFeedServer, KoopServer]]:
    """The fake Bot API and empty fake sources."""
    with FakeBotApi() as api, SyncFeedServer() as feed, KoopServer() as koop:
        yield api, feed, koop


def _outbox_world(path: Path) -> set[tuple[int, str]]:
    """300 chats (250 private, 50 groups) following some of 10 open cases, whose question sets
    were just recorded: 1,000 deliveries once fanned out. Returns the expected (chat, case)."""
    db = seed_database(path)
    numbers = add_copies(db, CASES)
    db.conn.commit()  # save_case leaves its raw executemany uncommitted outside db.atomic()
    earlier = dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)
    chat_ids = [10_000 + i for i in range(PRIVATE)] + [-20_000 - i for i in range(GROUPS)]
    expected = set()
    with db.atomic():
        for i, chat_id in enumerate(chat_ids):
            chats.ensure_chat(db, chat_id, "private" if chat_id > 0 else "group")
            chats.update_chat(db, chat_id, language="nl")
            for j, number in enumerate(numbers):
                if (i + j) % 3 == 0:
                    chats.follow(db, chat_id, number)
                    expected.add((chat_id, number))
        db.execute("UPDATE follows SET created_at = ?", [iso(earlier)])
        for number in numbers:
            db.execute(
                "INSERT INTO events (case_key, zaaknummer, kind, document, created_at, detail) "
                "VALUES (?, ?, 'question_filed', ?, ?, '{}')",
                [number, number, f"doc-{number}", iso(earlier + dt.timedelta(minutes=30))],
            )
    db.close()
    return expected


def _delivered(api: FakeBotApi) -> Counter[tuple[int, str]]:
    found: Counter[tuple[int, str]] = Counter()
    for message in api.sent_messages():
        match = ZAAK_RE.search(message.text.split("\n")[0])
        if match:
            found[(int(message.chat_id), match.group())] += 1
    return found


def _unmarked(api: FakeBotApi, path: Path) -> set[tuple[int, str]]:
    """Messages Telegram accepted whose delivery the outbox does not mark sent."""
    marked = query(path, "SELECT chat_id, case_key FROM deliveries WHERE status = 'sent'")
    return set(_delivered(api)) - set(marked)


def test_kills_at_random_moments_lose_nothing_and_duplicate_at_most_one_per_kill(
    fakes: tuple[FakeBotApi, SyncFeedServer, KoopServer], tmp_path: Path
) -> None:
    """10 SIGKILLs while fanning out and delivering, then a SIGTERM (everything sent is marked
    sent); afterwards all 1,000 arrived, with at most 10 duplicates."""
    api, feed, koop = fakes
    path, log = tmp_path / "k.db", tmp_path / "service.log"
    expected = _outbox_world(path)
    assert len(expected) == 1000
    seed = int(os.environ.get("KILL_TEST_SEED", random.randrange(1 << 30)))
    rng = random.Random(seed)
    env = {"KAMERVRAGEN_RATE_SCALE": "8", "KAMERVRAGEN_LOG_LEVEL": "WARNING"}
    delivered_at_kill = []
    # Half the kills (never the first) come while sending, a few messages into the run; the
    # others at a random moment after the start: starting, fanning out or sending. Counted in
    # messages rather than seconds, so a slow (busy) machine kills at the same moments.
    sending = set(rng.sample(range(1, KILLS), KILLS // 2))
    for kill in range(KILLS):
        process = start_service(api, feed, koop, path, log, **env)
        api.wait_for(lambda k=kill: len(api.calls_to("getMe")) > k, timeout=START_TIMEOUT)
        if kill in sending:
            goal = api.sent_count() + rng.randint(1, 30)
            api.wait_for(lambda g=goal: api.sent_count() >= g, timeout=START_TIMEOUT)
            time.sleep(rng.uniform(0, 0.02))  # anywhere in the next message's round trip
        else:
            # A random moment: starting, fanning out, sending. The fan-out runs in a worker
            # process that starts with the bot: until it has made the deliveries, wait longer.
            fanned_out = query(path, "SELECT count(*) FROM deliveries")[0][0] > 0
            time.sleep(rng.uniform(0.05, 0.6 if fanned_out else 2.5))
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)
        delivered_at_kill.append(api.sent_count())
    # A clean stop mid-delivery: the message in flight is finished and marked, so the only
    # messages Telegram has that the outbox does not mark sent are those of the kills.
    unmarked_by_kills = _unmarked(api, path)
    before = api.sent_count()
    process = start_service(api, feed, koop, path, log, **env)
    api.wait_for(lambda: api.sent_count() > before + 20, timeout=START_TIMEOUT)
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=15) == 0, log.read_text(errors="replace")
    assert _unmarked(api, path) <= unmarked_by_kills
    assert len(set(_delivered(api))) < len(expected)  # it stopped with work left

    process = start_service(api, feed, koop, path, log, **env)
    try:
        deadline = time.monotonic() + 60
        while api.sent_count() < len(expected) or not outbox_settled(path):
            assert time.monotonic() < deadline, api.sent_count()
            time.sleep(0.05)
    finally:
        process.send_signal(signal.SIGTERM)
        code = process.wait(timeout=15)
    assert code == 0, log.read_text(errors="replace")
    delivered = _delivered(api)
    duplicates = sum(delivered.values()) - len(delivered)
    print(
        f"\nkill test (seed {seed}): kills={KILLS} delivered={len(delivered)} "
        f"duplicates={duplicates}; sent when killed: {delivered_at_kill}"
    )
    assert set(delivered) == expected
    assert duplicates <= KILLS, (seed, duplicates)
    assert sum(1 for k in range(1, KILLS) if delivered_at_kill[k] > delivered_at_kill[k - 1]) >= 3
    (row,) = query(path, "SELECT count(*), sum(status = 'sent') FROM deliveries")
    assert row == (1000, 1000)
