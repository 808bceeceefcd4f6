"""A database like five years of Kamervragen, for the search and bot benchmarks.

    build(path, cases=15_000, subscriptions=100_000)

Cases are written from the templates of `benchmarks.match` (a title, 3 to 10 questions and
answers around one policy domain), one every few hours over 2020-2024, with the statuses,
deadlines and answer dates such a corpus has (most answered, some open, postponed, late or
withdrawn); the seed case 2019Z15244 is the oldest. Subscriptions are drawn as in
`benchmarks.match`, one chat each.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import random
import sys
import time
from pathlib import Path

from benchmarks.match import generated_case, make_query, vocabulary
from kamervragen.core.model import Case
from kamervragen.storage.cases import save_case
from kamervragen.storage.db import open_db
from kamervragen.storage.outbox import iso
from tests.bot.seed_case import seed_case

START = dt.date(2020, 1, 1)
YEARS = 5
STATUSES = (("answered", 80), ("open", 9), ("postponed", 7), ("withdrawn", 4))
NOW = "2025-01-01T00:00:00+00:00"


def corpus_case(rng: random.Random, number: int, submitted: dt.date) -> Case:
    """A generated case submitted on that day, with a status and the dates that go with it."""
    case = generated_case(rng, number)
    status = rng.choices([s for s, _ in STATUSES], [w for _, w in STATUSES])[0]
    deadline = submitted + dt.timedelta(days=42 if status == "postponed" else 21)
    answered = submitted + dt.timedelta(days=rng.randint(10, 120))
    return dataclasses.replace(
        case,
        zaaknummer=f"{submitted.year}Z{number:05d}",
        status=status,
        submitted=submitted,
        deadline=deadline,
        answered=answered if status == "answered" else None,
        answers=case.answers if status == "answered" else [],
    )


def build(path: Path, cases: int, subscriptions: int, seed: int = 7) -> None:
    """The corpus in a new database file at `path`, with a progress line on standard error."""
    rng = random.Random(seed)
    db = open_db(path)
    started = time.perf_counter()
    step = dt.timedelta(days=YEARS * 365) / cases
    with db.atomic():
        save_case(db, "2019Z15244", seed_case(), NOW)
    for start in range(0, cases, 500):
        with db.atomic():
            for n in range(start, min(cases, start + 500)):
                submitted = START + step * n
                case = corpus_case(rng, n, submitted)
                save_case(db, str(case.zaaknummer), case, NOW)
        done = min(cases, start + 500)
        print(
            f"\r  {done}/{cases} cases ({time.perf_counter() - started:.0f} s)",
            end="",
            file=sys.stderr,
            flush=True,
        )
    print(file=sys.stderr)
    words = vocabulary()
    earlier = iso(dt.datetime(2024, 12, 1, tzinfo=dt.UTC))
    chats = [(10**6 + i, "private", "nl", earlier, earlier) for i in range(subscriptions)]
    queries = [(10**6 + i, make_query(rng, words), earlier) for i in range(subscriptions)]
    with db.atomic():
        db.conn.executemany(
            "INSERT INTO chats (chat_id, type, language, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?)",
            chats,
        )
        db.conn.executemany(
            "INSERT INTO subscriptions (chat_id, query, created_at) VALUES (?, ?, ?)", queries
        )
    db.close()
