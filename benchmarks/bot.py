"""Benchmark: the running bot (a real `kamervragen run`) stays responsive while it works.

    python -m benchmarks.bot --db PATH   # a corpus of `benchmarks.search` (copied, not changed)

The bot runs against a fake Bot API on 127.0.0.1 (it answers at once and does not limit; the
bot's own limiter keeps alerts to Telegram's rates) with the corpus: 15,000 cases and 100,000
subscriptions, one chat each.

1. Fan-out: once the bot answers, a new question set is recorded; the fan-out worker (which
   indexes the 100,000 subscriptions as the bot starts) matches them against it, and the
   dispatcher sends what matched. Meanwhile a user sends /help ten times a second:
   `reply_p99_ms` is the time from the update to the answer. `order_rho` is the rank
   correlation between the order the matched chats got their alert and their chat ids
   (0: unrelated, 1: chat-id order).
2. Delivery: an answer is recorded for a case 1,000 chats follow, and the alerts are timed;
   then again for 1,000 other chats while a user sends /search requests back to back
   (`searches` served, their median time). `msgs_per_s` is without searches, the last line's
   `msgs_per_s_searching` with them.
3. Idle: the resident memory of the bot's process and of its workers.

Last line: `reply_p50_ms=... reply_p99_ms=... fanout_s=... order_rho=... msgs_per_s=...
msgs_per_s_searching=... searches=... rss_main_mb=... rss_workers_mb=... rss_total_mb=...`.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import os
import random
import shutil
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from benchmarks.corpus import corpus_case
from benchmarks.match import make_query, percentile, vocabulary
from kamervragen.core.model import Case, Question
from kamervragen.storage.cases import save_case
from kamervragen.storage.db import open_db
from kamervragen.storage.outbox import iso
from tests.fakes.botapi import FakeBotApi

ROOT = Path(__file__).resolve().parent.parent
HELP_CHATS = 5_000_000  # /help comes from 5,000,000 + n
SEARCH_CHAT = 6_000_000
FOLLOWERS = (7_000_000, 8_000_000)  # the two groups of 1,000 followers


def record(path: Path, case_key: str, kind: str) -> int:
    """An event of the case, recorded now; its id."""
    connection = sqlite3.connect(path, timeout=30)
    with connection:
        cursor = connection.execute(
            "INSERT INTO events (case_key, zaaknummer, kind, document, created_at, detail) "
            "VALUES (?, ?, ?, ?, ?, '{}')",
            [case_key, case_key, kind, f"doc-{kind}-{case_key}", iso(dt.datetime.now(dt.UTC))],
        )
    connection.close()
    return int(cursor.lastrowid or 0)


def value(path: Path, sql: str) -> int:
    """One number from the running bot's database."""
    connection = sqlite3.connect(path, timeout=30)
    try:
        return int(connection.execute(sql).fetchone()[0] or 0)
    finally:
        connection.close()


def prepare(path: Path) -> None:
    """Three new cases: one to fan out to the subscriptions, two that no subscription matches
    (their words are made up) with 1,000 followers each."""
    db = open_db(path)
    rng = random.Random(5)
    earlier = iso(dt.datetime.now(dt.UTC) - dt.timedelta(hours=1))
    with db.atomic():
        case = corpus_case(rng, 90001, dt.date(2025, 1, 2))
        case = dataclasses.replace(case, zaaknummer="2025Z90001", status="open", answered=None)
        save_case(db, "2025Z90001", case, earlier)
        for number in ["2025Z90002", "2025Z90003"]:
            made_up = f"Vragen over xqzvkrt {number}"
            case = Case(number, title=made_up, questions=[Question(1, made_up + "?")])
            save_case(db, number, case, earlier)
        for group, number in zip(FOLLOWERS, ["2025Z90002", "2025Z90003"], strict=True):
            rows = [(group + i, "private", "nl", earlier, earlier) for i in range(1000)]
            db.conn.executemany(
                "INSERT INTO chats (chat_id, type, language, created_at, updated_at) "
                "VALUES (?, ?, ?, ?, ?)",
                rows,
            )
            db.conn.executemany(
                "INSERT INTO follows (chat_id, zaaknummer, created_at) VALUES (?, ?, ?)",
                [(group + i, number, earlier) for i in range(1000)],
            )
    db.close()


def start(api: FakeBotApi, path: Path, log: Path) -> subprocess.Popen[bytes]:
    """`kamervragen run` on the corpus, against the fake; no sources to poll."""
    env = {
        **os.environ,
        "TELEGRAM_BOT_TOKEN": api.token,
        "TELEGRAM_API_URL": api.url,
        "TK_SYNCFEED_URL": "http://127.0.0.1:9/none",
        "OB_URL": "http://127.0.0.1:9",
        "POLL_INTERVAL": "3600",
        "KAMERVRAGEN_HTTP_TIMEOUT": "1",
        "KAMERVRAGEN_LOG_LEVEL": "WARNING",
        "PTB_TIMEDELTA": "1",
    }
    command = [sys.executable, "-m", "kamervragen.cli", "--db", str(path), "run"]
    with log.open("ab") as sink:
        return subprocess.Popen(command, cwd=ROOT, env=env, stdout=sink, stderr=sink)


class Prober(threading.Thread):
    """Sends /help (or, with `queries`, /search) from its chats and times the answers."""

    def __init__(self, api: FakeBotApi, every: float, queries: list[str] | None = None) -> None:
        super().__init__(daemon=True)
        self.api, self.every, self.queries = api, every, queries
        self.latencies: list[float] = []
        self.missing = 0
        self.stopped = threading.Event()

    def run(self) -> None:
        """Ask, wait for the answer (or not, for /help), again until stopped."""
        n = 0
        pending: dict[int, float] = {}
        while not self.stopped.is_set():
            chat = SEARCH_CHAT if self.queries else HELP_CHATS + n
            before = len(self.api.sent_messages(chat))
            text = f"/search {self.queries[n % len(self.queries)]}" if self.queries else "/help"
            asked = time.monotonic()
            self.api.inject_message(chat, text)
            n += 1
            if self.queries:
                try:
                    self.api.wait_for(
                        lambda c=chat, b=before: len(self.api.sent_messages(c)) > b, 30
                    )
                except Exception:  # a search that never answers is counted out
                    continue
                self.latencies.append(time.monotonic() - asked)
            else:
                pending[chat] = asked
                time.sleep(self.every)
        answered = {c.params["chat_id"]: c.time for c in self.api.calls_to("sendMessage")}
        if not self.queries:
            self.latencies = [answered[c] - t for c, t in pending.items() if c in answered]
            self.missing = len(pending) - len(self.latencies)

    def stop(self) -> list[float]:
        """Stop and give the latencies (seconds)."""
        self.stopped.set()
        self.join()
        return self.latencies


def alerts_to(api: FakeBotApi, low: int, high: int) -> list[tuple[float, int]]:
    """(time, chat) of every alert sent to chats in [low, high)."""
    return sorted(
        (c.time, int(c.params["chat_id"]))
        for c in api.calls_to("sendMessage")
        if c.status == 200 and low <= int(c.params["chat_id"]) < high
    )


def wait(predicate, timeout: float) -> None:  # type: ignore[no-untyped-def]
    """Until `predicate()`, or fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError("the bot did not get there in time")
        time.sleep(0.05)


def rank_correlation(order: list[int]) -> float:
    """Spearman's rho between the position in `order` and the rank of the value."""
    n = len(order)
    if n < 3:
        return 0.0
    ranks = {chat: r for r, chat in enumerate(sorted(order))}
    d2 = sum((i - ranks[chat]) ** 2 for i, chat in enumerate(order))
    return 1 - 6 * d2 / (n * (n * n - 1))


def rss_mb(pid: int) -> tuple[float, list[float]]:
    """Resident memory of the process and of each of its descendants, in MB."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            parent = int(stat.rsplit(")", 1)[1].split()[1])
            children.setdefault(parent, []).append(int(entry))

    def resident(p: int) -> float:
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
        except OSError:
            pass
        return 0.0

    descendants, todo = [], list(children.get(pid, []))
    while todo:
        p = todo.pop()
        descendants.append(p)
        todo += children.get(p, [])
    return resident(pid), [resident(p) for p in descendants]


def main() -> int:
    """The three phases on a copy of the corpus; print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", type=Path, required=True, help="a corpus of benchmarks.search")
    args = parser.parse_args()
    queries = [make_query(random.Random(3), vocabulary()) for _ in range(200)]
    with tempfile.TemporaryDirectory() as tmp:
        path, log = Path(tmp) / "bot.db", Path(tmp) / "bot.log"
        shutil.copyfile(args.db, path)
        prepare(path)
        with FakeBotApi() as api:
            process = start(api, path, log)
            try:
                figures = phases(api, path, process, queries)
            finally:
                process.send_signal(signal.SIGTERM)
                process.wait(timeout=60)
        tail = log.read_text(errors="replace").strip().splitlines()[-5:]
        if tail:
            print("\n".join(tail), file=sys.stderr)
    print(" ".join(f"{k}={v}" for k, v in figures.items()))
    return 0


def phases(
    api: FakeBotApi, path: Path, process: subprocess.Popen[bytes], queries: list[str]
) -> dict[str, object]:
    """Fan-out with /help, delivery without and with /search, idle memory."""
    api.wait_for(lambda: api.calls_to("getMe"), timeout=60)
    api.inject_message(HELP_CHATS - 1, "/start")  # ready: it answers
    api.wait_for(lambda: api.sent_messages(HELP_CHATS - 1), timeout=60)
    helper = Prober(api, every=0.1)
    helper.start()
    event = record(path, "2025Z90001", "question_filed")
    started = time.monotonic()
    cursor = "SELECT value FROM outbox_state WHERE name = 'fanout_event_id'"
    wait(lambda: value(path, cursor) >= event, 300)
    fanout_s = time.monotonic() - started
    matched = value(path, f"SELECT count(*) FROM deliveries WHERE event_id = {event}")
    wait(lambda: len(alerts_to(api, 10**6, 2 * 10**6)) >= matched, 300)
    time.sleep(1)
    replies = helper.stop()
    order = [chat for _, chat in alerts_to(api, 10**6, 2 * 10**6)]
    print(
        f"fan-out: {matched} of 100,000 subscriptions matched, {fanout_s:.1f} s from start; "
        f"/help asked {len(replies) + helper.missing}, unanswered {helper.missing}",
        file=sys.stderr,
    )

    rates = []
    for group, number, searching in zip(
        FOLLOWERS, ["2025Z90002", "2025Z90003"], [False, True], strict=True
    ):
        searcher = Prober(api, every=0, queries=queries) if searching else None
        if searcher:
            searcher.start()
            time.sleep(2)  # searches going on before the alerts start
        record(path, number, "answered")
        wait(lambda g=group: len(alerts_to(api, g, g + 1000)) >= 1000, 600)
        sent = alerts_to(api, group, group + 1000)
        rates.append((len(sent) - 1) / (sent[-1][0] - sent[0][0]))
        searches = searcher.stop() if searcher else []
    time.sleep(5)  # idle
    main_rss, workers = rss_mb(process.pid)
    print("idle: " + ", ".join(f"{mb:.0f} MB" for mb in [main_rss, *workers]), file=sys.stderr)
    workers_rss = sum(workers)
    return {
        "reply_p50_ms": f"{statistics.median(replies) * 1000:.0f}",
        "reply_p99_ms": f"{percentile(replies, 0.99) * 1000:.0f}",
        "fanout_s": f"{fanout_s:.1f}",
        "order_rho": f"{rank_correlation(order):.2f}",
        "msgs_per_s": f"{rates[0]:.2f}",
        "msgs_per_s_searching": f"{rates[1]:.2f}",
        "searches": len(searches),
        "search_p50_ms": f"{statistics.median(searches) * 1000:.0f}" if searches else "-",
        "rss_main_mb": f"{main_rss:.0f}",
        "rss_workers_mb": f"{workers_rss:.0f}",
        "rss_total_mb": f"{main_rss + workers_rss:.0f}",
    }


if __name__ == "__main__":
    raise SystemExit(main())
