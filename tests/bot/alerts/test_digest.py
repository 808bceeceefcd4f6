"""Daily digests: held deliveries bundled once a day at the chat's hour (Amsterdam time)."""

from __future__ import annotations

import datetime as dt

from sqlite_utils import Database
from telegram import Bot

from kamervragen.bot.alerts.digests import digest_messages, digest_moment, make_due_digests
from kamervragen.bot.alerts.fanout import FanOut
from kamervragen.bot.rendering.html import visible_text
from kamervragen.storage import chats, outbox
from tests.bot.alerts.conftest import (
    SEED,
    FakeClock,
    add_chat,
    add_event,
    dispatcher_for,
    drain,
    follow,
    statuses,
    subscribe,
)
from tests.fakes.botapi import FakeBotApi

# 07:30 in Amsterdam (CET, UTC+1) on a Friday in January.
START = dt.datetime(2025, 1, 10, 6, 30, tzinfo=dt.UTC)
OPEN_CASE = "2019Z20000"


def _held(db: Database, clock: FakeClock) -> FanOut:
    """Chat 5 (digest at 8, Dutch) follows the seed case and matches an open copy; two events."""
    add_chat(db, 5, language="nl", mode="digest", digest_hour=8)
    add_chat(db, 6)  # instant: not part of any digest
    before = START - dt.timedelta(hours=2)
    follow(db, 5, SEED, before)
    follow(db, 6, SEED, before)
    subscribe(db, 5, "emotieherkenning", before)
    add_event(db, SEED, "answered", START - dt.timedelta(minutes=30))
    add_event(db, OPEN_CASE, "question_filed", START - dt.timedelta(minutes=20))
    fanout = FanOut(db, now=clock.now)
    fanout.run()
    return fanout


def test_held_deliveries_wait_for_the_hour_and_are_bundled_once_a_day(db: Database) -> None:
    """Before 08:00 nothing; at 08:00 one digest of both; later that day nothing more."""
    clock = FakeClock(START)
    _held(db, clock)
    assert sorted(statuses(db).values()) == ["digest", "digest", "pending"]
    assert make_due_digests(db, clock.now()) == []
    clock.advance(30 * 60)  # 08:00 Amsterdam
    made = make_due_digests(db, clock.now())
    assert len(made) == 1
    assert [d.kind for d in outbox.bundled(db, made[0])] == ["answered", "question_filed"]
    clock.advance(60)
    assert make_due_digests(db, clock.now()) == []


def test_events_after_the_hour_go_into_the_next_days_digest(db: Database) -> None:
    """Held after today's digest: tomorrow at the hour, not before."""
    clock = FakeClock(START)
    _held(db, clock)
    clock.advance(30 * 60)
    assert len(make_due_digests(db, clock.now())) == 1
    clock.advance(3600)
    add_event(db, SEED, "withdrawn", clock.now())
    FanOut(db, now=clock.now).run()
    assert make_due_digests(db, clock.now()) == []
    clock.advance(22 * 3600)  # 07:00 the next day: not yet
    assert make_due_digests(db, clock.now()) == []
    clock.advance(3600)
    (second,) = make_due_digests(db, clock.now())
    assert [d.kind for d in outbox.bundled(db, second)] == ["withdrawn"]


def test_a_missed_hour_is_caught_up_and_the_hour_follows_summer_time(db: Database) -> None:
    """Down at 08:00, back at 11:00: the digest comes then. 08:00 in July is 06:00 UTC."""
    clock = FakeClock(START)
    _held(db, clock)
    clock.advance(4 * 3600)
    assert len(make_due_digests(db, clock.now())) == 1
    summer = digest_moment(dt.date(2025, 7, 1), 8)
    assert summer.astimezone(dt.UTC).hour == 6


def test_leaving_digest_mode_releases_what_was_held(db: Database) -> None:
    """Switched to instant before the hour: the held deliveries are sent as they are."""
    clock = FakeClock(START)
    _held(db, clock)
    chats.update_chat(db, 5, mode="instant")
    make_due_digests(db, clock.now())
    assert set(statuses(db).values()) == {"pending"}


def test_the_digest_groups_events_by_case_in_the_chats_language(db: Database) -> None:
    """One block per case with its events and matched queries; counts in the heading."""
    clock = FakeClock(START)
    _held(db, clock)
    add_event(db, SEED, "further_answer", START - dt.timedelta(minutes=10))
    FanOut(db, now=clock.now).run()
    clock.advance(30 * 60)
    (digest_id,) = make_due_digests(db, clock.now())
    digest = outbox.get_delivery(db, digest_id)
    assert digest is not None
    messages = digest_messages(db, digest, "nl")
    assert messages is not None and len(messages) == 1
    text = visible_text(messages[0].text)
    assert text.startswith("🗓 Dagelijks overzicht\n3 meldingen over 2 zaken")
    seed_block = text[text.index(SEED) :]
    assert "✅ Beantwoord" in seed_block and "➕ Aanvullend antwoord" in seed_block
    assert "🆕 Nieuwe Kamervragen — Gevonden met: “emotieherkenning”" in text
    assert [b.callback_data for row in messages[0].buttons for b in row] == [
        f"case:{SEED}",
        f"case:{OPEN_CASE}",
    ]


async def test_the_dispatcher_sends_a_digest_as_one_message(
    db: Database, api: FakeBotApi, bot: Bot
) -> None:
    """The digest delivery is sent; what it carries stays bundled, nothing is sent twice."""
    clock = FakeClock(START)
    _held(db, clock)
    clock.advance(30 * 60)
    make_due_digests(db, clock.now())
    await drain(dispatcher_for(db, bot, clock))
    assert len(api.sent_messages(5)) == 1
    assert api.sent_messages(5)[0].text.startswith("🗓 Dagelijks overzicht")
    first, *rest = api.sent_messages(6)  # the instant chat: the alert and its continuations
    assert first.text.startswith("✅") and all(m.text.startswith("📖") for m in rest)
    assert sorted(statuses(db).values()) == ["bundled", "bundled", "sent", "sent"]
