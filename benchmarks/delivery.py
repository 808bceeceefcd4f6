"""Benchmark: one event to 10,000 chats through a fake Bot API that enforces Telegram's limits.

    python -m benchmarks.delivery [--chats 10000] [--group-share 0.1] [--no-burst]

A fresh database gets N chats (a share of them groups), half subscribed to a query that matches
an open case and half following it; one question set is recorded. The fan-out makes one
delivery per chat, and the real dispatcher (real python-telegram-bot `Bot`, real clock, the
limiter at Telegram's limits) sends them to the fake Bot API on 127.0.0.1, which answers 429
whenever 30 messages/s overall, 1/s per private chat or 20/min per group is exceeded.

A first phase (skip with --no-burst) gives 4 groups 24 messages each (postponements of cases
they follow), to show the per-group limit holding under pressure (it takes a minute: 20 go at
once, the other 4 a minute later).
Last line: `msgs_per_s=... http_429=... delivered=... seconds=...`.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import datetime as dt
import os
import sys
import tempfile
import time
from collections import defaultdict, deque
from pathlib import Path

os.environ.setdefault("PTB_TIMEDELTA", "1")

from telegram import Bot

from kamervragen.bot.alerts.dispatcher import Dispatcher
from kamervragen.bot.alerts.fanout import FanOut
from kamervragen.bot.alerts.limits import RateLimiter, SystemClock
from kamervragen.storage.cases import save_case
from kamervragen.storage.db import open_db
from kamervragen.storage.outbox import iso
from tests.bot.seed_case import seed_case
from tests.fakes.botapi import Call, FakeBotApi

QUERY = "emotieherkenning"  # matches the seed case's questions


def build(path: Path, chats: int, group_share: float, burst_groups: int, burst: int) -> int:
    """The database: chats, their subscriptions or follows, the cases and their events."""
    db = open_db(path)
    earlier = dt.datetime.now(dt.UTC) - dt.timedelta(hours=1)
    groups = round(chats * group_share)
    rows, subs, follows = [], [], []
    for i in range(chats):
        chat_id = -(10**6) - i if i < groups else 10**6 + i
        kind = "group" if chat_id < 0 else "private"
        rows.append((chat_id, kind, "nl", iso(earlier), iso(earlier)))
        if i % 2:
            follows.append((chat_id, "2019Z30000", iso(earlier)))
        else:
            subs.append((chat_id, QUERY, iso(earlier)))
    burst_cases = [f"2019Z{31000 + k}" for k in range(burst if burst_groups else 0)]
    for g in range(burst_groups):
        chat_id = -(10**8) - g
        rows.append((chat_id, "group", "nl", iso(earlier), iso(earlier)))
        follows += [(chat_id, number, iso(earlier)) for number in burst_cases]
    with db.atomic():
        db.conn.executemany(
            "INSERT INTO chats (chat_id, type, language, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?)",
            rows,
        )
        db.conn.executemany(
            "INSERT INTO subscriptions (chat_id, query, created_at) VALUES (?, ?, ?)", subs
        )
        db.conn.executemany(
            "INSERT INTO follows (chat_id, zaaknummer, created_at) VALUES (?, ?, ?)", follows
        )
        for number in ["2019Z30000", *burst_cases]:
            case = dataclasses.replace(seed_case(), zaaknummer=number, status="open")
            save_case(db, number, case, iso(earlier))
    db.close()
    return groups


def record(path: Path, numbers: list[str], kind: str = "question_filed") -> None:
    """An event of each of these cases is recorded now."""
    db = open_db(path)
    now = iso(dt.datetime.now(dt.UTC))
    with db.atomic():
        for number in numbers:
            db.execute(
                "INSERT INTO events (case_key, zaaknummer, kind, document, created_at, detail) "
                "VALUES (?, ?, ?, ?, ?, '{}')",
                [number, number, kind, f"doc-{number}", now],
            )
    db.close()


def most_in_window(calls: list[Call], span: float, key) -> int:  # type: ignore[no-untyped-def]
    """The most successful sends of one key within any `span` seconds."""
    windows: dict[object, deque[float]] = defaultdict(deque)
    most = 0
    for call in sorted(calls, key=lambda c: c.time):
        window = windows[key(call)]
        while window and window[0] <= call.time - span:
            window.popleft()
        window.append(call.time)
        most = max(most, len(window))
    return most


async def dispatch(path: Path, api: FakeBotApi, expected: int) -> float:
    """Fan out and send until every delivery is done; the seconds it took."""
    db = open_db(path)
    clock = SystemClock()
    async with Bot(api.token, base_url=api.base_url) as bot:
        fanout = FanOut(db)
        started = time.monotonic()
        created = fanout.run()
        print(f"fan-out: {created} deliveries in {time.monotonic() - started:.2f} s", flush=True)
        dispatcher = Dispatcher(db, bot, RateLimiter(clock=clock), clock=clock)
        progress = asyncio.create_task(report(api, expected))
        started = time.monotonic()
        await dispatcher.run(lambda: False, until_idle=True)
        seconds = time.monotonic() - started
        progress.cancel()
    db.close()
    return seconds


async def report(api: FakeBotApi, expected: int) -> None:
    """A progress line every 30 s."""
    while True:
        await asyncio.sleep(30)
        print(f"  {api.sent_count()}/{expected} sent", file=sys.stderr, flush=True)


def main() -> int:
    """Run both phases; print the last line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--chats", type=int, default=10_000)
    parser.add_argument("--group-share", type=float, default=0.1)
    parser.add_argument("--no-burst", action="store_true", help="skip the group phase")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.db"
        burst_groups, burst = (0, 0) if args.no_burst else (4, 24)
        groups = build(path, args.chats, args.group_share, burst_groups, burst)
        if burst_groups:
            # Postponements: they reach the followers (the groups) only, not the queries.
            record(path, [f"2019Z{31000 + k}" for k in range(burst)], "postponed")
            with FakeBotApi(enforce_rate_limits=True) as api:
                seconds = asyncio.run(dispatch(path, api, burst_groups * burst))
                sends = [c for c in api.calls_to("sendMessage") if c.status == 200]
                per_group = most_in_window(sends, 60.0, lambda c: c.params["chat_id"])
                print(
                    f"group phase: groups={burst_groups} messages={len(sends)} "
                    f"max_per_group_per_60s={per_group} http_429={api.rate_limited()} "
                    f"seconds={seconds:.1f}",
                    flush=True,
                )
        record(path, ["2019Z30000"])
        with FakeBotApi(enforce_rate_limits=True) as api:
            seconds = asyncio.run(dispatch(path, api, args.chats))
            sends = [c for c in api.calls_to("sendMessage") if c.status == 200]
            overall = most_in_window(sends, 1.0, lambda c: None)
            per_group = most_in_window(
                [c for c in sends if c.params["chat_id"] < 0], 60.0, lambda c: c.params["chat_id"]
            )
            delivered = len({c.params["chat_id"] for c in sends})
            http_429 = api.rate_limited()
        print(
            f"main phase: chats={args.chats} groups={groups} max_per_1s={overall} "
            f"max_per_group_per_60s={per_group}"
        )
        print(
            f"msgs_per_s={len(sends) / seconds:.2f} http_429={http_429} "
            f"delivered={delivered} seconds={seconds:.1f}"
        )
    return 0 if http_429 == 0 and delivered == args.chats else 1


if __name__ == "__main__":
    raise SystemExit(main())
