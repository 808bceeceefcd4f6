"""Deadline events with a clock the test controls: recorded once by the scheduled job (also
across a restart), fanned out to followers (and subscribers who opted in), sent through the
fake Bot API, and held for digests."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from types import SimpleNamespace
from zoneinfo import ZoneInfo

from sqlite_utils import Database
from telegram import Bot

from kamervragen.bot.alerts.digests import digest_messages, make_due_digests
from kamervragen.bot.alerts.jobs import AlertJobs
from kamervragen.core.model import Answer, Asker, ParsedDocument, Question
from kamervragen.storage import cases, chats
from kamervragen.storage.db import open_db
from kamervragen.storage.ingest import store_document
from kamervragen.storage.outbox import get_delivery
from tests.bot.alerts.conftest import FakeClock, add_chat, drain, follow, subscribe
from tests.fakes.botapi import FakeBotApi

AMS = ZoneInfo("Europe/Amsterdam")
Z = "2025Z00123"
SUBMITTED = dt.date(2025, 1, 8)  # a Wednesday; three weeks on: Wednesday 29 January
FOLLOWED_AT = dt.datetime(2025, 1, 9, 12, tzinfo=dt.UTC)


def at(day: int, month: int = 1, hour: int = 9, minute: int = 0) -> dt.datetime:
    """A moment in 2025, Amsterdam time."""
    return dt.datetime(2025, month, day, hour, minute, tzinfo=AMS)


def store_case(db: Database, now: dt.datetime, *, termijn: dt.date | None = None) -> None:
    """A new set of questions about nitrogen to the Minister of Finance."""
    for doc in (
        ParsedDocument(
            kind="zaak",
            format="syncfeed",
            zaaknummer=Z,
            title="Stikstofvergunningen",
            askers=[Asker("Lid", "D66")],
            addressees=["Minister van Financiën"],
            submitted=SUBMITTED,
            deadline=termijn,
            content_hash=f"zaak-{termijn}",
        ),
        ParsedDocument(
            kind="question",
            format="xml",
            zaaknummer=Z,
            questions=[Question(1, "Stikstof?")],
            content_hash="question",
        ),
    ):
        store_document(db, doc, now=now.isoformat())


def postpone(db: Database, received: dt.date, now: dt.datetime) -> None:
    """A postponement notice dated `received`."""
    notice = "De vragen kunnen niet binnen de gebruikelijke termijn worden beantwoord."
    doc = ParsedDocument(
        kind="postponement",
        format="txt",
        zaaknummer=Z,
        received=received,
        notice=notice,
        content_hash="postponement",
    )
    store_document(db, doc, now=now.isoformat())


def answer(db: Database, on: dt.date, now: dt.datetime) -> None:
    """The answer, received on `on`."""
    doc = ParsedDocument(
        kind="answer",
        format="xml",
        zaaknummer=Z,
        answered=on,
        answers=[Answer((1,), "Nee.")],
        content_hash="answer",
    )
    store_document(db, doc, now=now.isoformat())


class Bot_:
    """The alert jobs of one run of the bot on the database file, on the test's clock."""

    def __init__(self, path: Path, bot: Bot, clock: FakeClock) -> None:
        self.db = open_db(path)
        self.clock = clock
        self.jobs = AlertJobs(
            self.db, bot, rate_scale=1000, send_retry_delay=0.01, admins=frozenset(), clock=clock
        )

    async def tick(self, moment: dt.datetime) -> list[str]:
        """Set the clock, run the deadline job, fan out and send; the new event kinds."""
        self.clock.start, self.clock.elapsed = moment.astimezone(dt.UTC), 0.0
        before = self.db.execute("SELECT coalesce(max(id), 0) FROM events").fetchone()[0]
        await self.jobs.deadline_job(SimpleNamespace())  # type: ignore[arg-type]
        self.jobs.fan_out()
        await drain(self.jobs.dispatcher)
        rows = self.db.execute("SELECT kind FROM events WHERE id > ? ORDER BY id", [before])
        return [row[0] for row in rows]

    def close(self) -> None:
        """Stop this run."""
        self.db.close()


def deadline_events(db: Database) -> list[tuple[str, str]]:
    """Every deadline event recorded: (kind, document)."""
    rows = db.execute(
        "SELECT kind, document FROM events WHERE document LIKE 'deadline:%' ORDER BY id"
    )
    return [tuple(row) for row in rows]  # type: ignore[misc]


async def test_a_followed_case_gets_due_soon_then_overdue_once_each_across_a_restart(
    tmp_path: Path, bot: Bot, api: FakeBotApi
) -> None:
    """Two working days before the deadline: due_soon; the day after it: overdue; each once,
    however often the job runs, and a restart between them changes nothing."""
    path = tmp_path / "kv.db"
    first = Bot_(path, bot, FakeClock())
    store_case(first.db, at(8))
    add_chat(first.db, 1)
    follow(first.db, 1, Z, FOLLOWED_AT)
    assert await first.tick(at(24)) == []  # Friday before: nothing yet
    assert await first.tick(at(27)) == ["due_soon"]  # Monday, two working days before
    assert await first.tick(at(27, hour=15)) == []
    first.close()  # the bot stops and starts again
    second = Bot_(path, bot, FakeClock())
    assert await second.tick(at(28)) == []
    assert await second.tick(at(29, hour=23)) == []  # the deadline day itself
    assert await second.tick(at(30, hour=7, minute=59)) == []  # nobody is woken at night
    assert await second.tick(at(30, hour=8)) == ["overdue"]
    assert await second.tick(at(31)) == []
    assert deadline_events(second.db) == [
        ("due_soon", "deadline:2025-01-29"),
        ("overdue", "deadline:2025-01-29"),
    ]
    sent = [m.text for m in api.sent_messages(1)]
    assert len(sent) == 2
    assert sent[0].startswith("⏰ Deadline soon · 2025Z00123") and "29 January 2025" in sent[0]
    assert sent[1].startswith("⌛ Overdue · 2025Z00123") and "no postponement" in sent[1]
    second.close()


async def test_a_postponed_case_gets_its_new_deadline_and_overdue_after_postponement(
    tmp_path: Path, bot: Bot, api: FakeBotApi
) -> None:
    """A notice before the first deadline (the Zaak's termijn) moves it three weeks on; the
    events are about the new deadline, and the last one says the postponement ran out."""
    run = Bot_(tmp_path / "kv.db", bot, FakeClock())
    store_case(run.db, at(8), termijn=dt.date(2025, 1, 29))
    add_chat(run.db, 1)
    follow(run.db, 1, Z, FOLLOWED_AT)
    postpone(run.db, dt.date(2025, 1, 24), at(24))
    case = cases.load_case(run.db, Z)
    assert case is not None
    assert (case.status, case.first_deadline, case.deadline) == (
        "postponed",
        dt.date(2025, 1, 29),
        dt.date(2025, 2, 19),
    )
    assert await run.tick(at(27)) == []  # the first deadline no longer counts
    assert await run.tick(at(30)) == []
    assert await run.tick(at(17, 2)) == ["due_soon"]
    assert await run.tick(at(20, 2)) == ["overdue_after_postponement"]
    assert await run.tick(at(21, 2)) == []
    sent = [m.text for m in api.sent_messages(1)]
    assert sent[-1].startswith("⌛ Overdue after postponement · 2025Z00123")
    assert "19 February 2025" in sent[-1]
    run.close()


async def test_an_answer_on_the_deadline_day_gives_no_overdue(
    tmp_path: Path, bot: Bot, api: FakeBotApi
) -> None:
    """The answer came on the deadline day: the clock stopped, no overdue event follows."""
    run = Bot_(tmp_path / "kv.db", bot, FakeClock())
    store_case(run.db, at(8))
    add_chat(run.db, 1)
    follow(run.db, 1, Z, FOLLOWED_AT)
    assert await run.tick(at(27)) == ["due_soon"]
    answer(run.db, dt.date(2025, 1, 29), at(29, hour=16))
    assert await run.tick(at(30)) == []
    assert await run.tick(at(2, 2)) == []
    assert deadline_events(run.db) == [("due_soon", "deadline:2025-01-29")]
    run.close()


async def test_subscribers_get_deadline_events_only_when_they_opted_in(
    tmp_path: Path, bot: Bot, api: FakeBotApi
) -> None:
    """Two chats match the set by subscription; only the one with deadline alerts on (and
    the follower) hear that it is due soon."""
    run = Bot_(tmp_path / "kv.db", bot, FakeClock())
    store_case(run.db, at(8))
    for chat_id in (1, 2, 3):
        add_chat(run.db, chat_id)
    subscribe(run.db, 1, "stikstof", FOLLOWED_AT)
    subscribe(run.db, 2, "stikstof", FOLLOWED_AT)
    chats.update_chat(run.db, 2, deadline_alerts=True)
    follow(run.db, 3, Z, FOLLOWED_AT)
    assert await run.tick(at(27)) == ["due_soon"]
    assert [len(api.sent_messages(c)) for c in (1, 2, 3)] == [0, 1, 1]
    run.close()


async def test_digest_chats_get_deadline_events_in_their_digest(
    tmp_path: Path, bot: Bot, api: FakeBotApi
) -> None:
    """A follower in digest mode gets the overdue event in the next day's digest, not alone."""
    run = Bot_(tmp_path / "kv.db", bot, FakeClock())
    store_case(run.db, at(8))
    add_chat(run.db, 1, mode="digest", digest_hour=18)
    follow(run.db, 1, Z, FOLLOWED_AT)
    assert await run.tick(at(30)) == ["overdue"]
    assert api.sent_messages(1) == []
    (digest_id,) = make_due_digests(run.db, at(30, hour=18).astimezone(dt.UTC))
    digest = get_delivery(run.db, digest_id)
    assert digest is not None
    messages = digest_messages(run.db, digest, "en")
    assert messages is not None and "⌛ Overdue" in messages[0].text
    run.close()
