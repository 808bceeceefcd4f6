"""Fan-out: events x subscriptions and follows -> one delivery per (chat, event)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlite_utils import Database

from kamervragen.bot.alerts.fanout import (
    _FANOUTS,
    Event,
    FanOut,
    fan_out_on_file,
    plan,
    prepare_on_file,
)
from kamervragen.bot.conversation.core import Conversation
from kamervragen.settings import Settings
from kamervragen.storage import chats, outbox
from kamervragen.storage.chats import Chat, Follow, Subscription
from kamervragen.storage.db import open_db
from kamervragen.storage.outbox import iso
from kamervragen.storage.schema import migrations
from tests.bot.alerts.conftest import SEED, add_chat, add_event, follow, subscribe
from tests.bot.conftest import add_copies, say, seed_database, text_of

T0 = dt.datetime(2025, 1, 10, 9, 0, tzinfo=dt.UTC)


def _event(kind: str = "question_filed", at: dt.datetime = T0) -> Event:
    return Event(7, "2025Z00001", "2025Z00001", kind, iso(at))


def _sub(sub_id: int, chat_id: int, query: str = "q", at: dt.datetime = T0, thread=None):
    return Subscription(sub_id, chat_id, query, thread, iso(at))


def _chat(chat_id: int, **settings: object) -> Chat:
    return Chat(chat_id, **settings)  # type: ignore[arg-type]


def _deliveries(db: Database) -> list[tuple]:
    return db.execute(
        "SELECT chat_id, event_id, kind, matched, status FROM deliveries ORDER BY chat_id, id"
    ).fetchall()


def test_a_chat_matching_through_two_queries_gets_one_delivery_naming_both() -> None:
    """Two matched subscriptions of one chat: one delivery, both queries, oldest first."""
    subs = [_sub(5, 1, "stikstof"), _sub(3, 1, "ammoniak"), _sub(4, 2, "stikstof")]
    planned = plan(_event(), subs, [], {1: _chat(1), 2: _chat(2)})
    assert [(p.chat_id, p.matched) for p in planned] == [
        (1, ((3, "ammoniak"), (5, "stikstof"))),
        (2, ((4, "stikstof"),)),
    ]


def test_a_follower_that_also_matches_gets_one_delivery() -> None:
    """Following and matching the same case: one delivery, with the matched query."""
    follows = [Follow(1, "2025Z00001", None, iso(T0)), Follow(2, "2025Z00001", 9, iso(T0))]
    planned = plan(_event("answered"), [_sub(3, 1)], follows, {1: _chat(1), 2: _chat(2)})
    assert [(p.chat_id, p.thread_id, p.matched) for p in planned] == [
        (1, None, ((3, "q"),)),
        (2, 9, ()),
    ]


def test_only_events_recorded_after_a_subscription_or_follow_reach_it() -> None:
    """A subscription or follow made after the event was recorded gets nothing."""
    later = T0 + dt.timedelta(seconds=1)
    subs = [_sub(1, 1, at=later), _sub(2, 2, at=T0)]
    follows = [Follow(3, "2025Z00001", None, iso(later))]
    planned = plan(_event(), subs, follows, {1: _chat(1), 2: _chat(2), 3: _chat(3)})
    assert [p.chat_id for p in planned] == [2]


def test_followers_get_every_alerting_kind_subscriptions_only_questions_and_answers() -> None:
    """Postponements reach followers only; "updated" reaches nobody."""
    follows = [Follow(1, "2025Z00001", None, iso(T0))]
    chats_ = {1: _chat(1), 2: _chat(2)}
    kinds = {}
    for kind in ("question_filed", "postponed", "answered", "further_answer", "withdrawn"):
        kinds[kind] = [p.chat_id for p in plan(_event(kind), [_sub(9, 2)], follows, chats_)]
    assert kinds == {
        "question_filed": [1, 2],
        "postponed": [1],
        "answered": [1, 2],
        "further_answer": [1],
        "withdrawn": [1],
    }
    assert plan(_event("updated"), [_sub(9, 2)], follows, chats_) == []


def test_digest_chats_are_held_paused_chats_dropped_inactive_chats_skipped() -> None:
    """The chat's settings decide the status of its delivery."""
    subs = [_sub(1, 1), _sub(2, 2), _sub(3, 3), _sub(4, 4)]
    chats_ = {
        1: _chat(1),
        2: _chat(2, mode="digest"),
        3: _chat(3, paused=True),
        4: _chat(4, active=False),
    }
    assert [(p.chat_id, p.status) for p in plan(_event(), subs, [], chats_)] == [
        (1, "pending"),
        (2, "digest"),
        (3, "dropped"),
    ]


@settings(max_examples=60, deadline=None)
@given(
    subs=st.lists(st.tuples(st.integers(1, 6), st.integers(-2, 2)), max_size=12),
    follows=st.lists(st.tuples(st.integers(1, 6), st.integers(-2, 2)), max_size=6),
)
def test_plan_gives_each_qualifying_chat_exactly_one_delivery(subs, follows) -> None:
    """Whatever the mix: one delivery per chat with a qualifying subscription or follow,
    naming exactly its qualifying subscriptions."""
    at = lambda offset: T0 + dt.timedelta(seconds=offset)  # noqa: E731
    subscriptions = [_sub(i, chat, f"q{i}", at(o)) for i, (chat, o) in enumerate(subs, 1)]
    follow_rows = {chat: Follow(chat, "2025Z00001", None, iso(at(o))) for chat, o in follows}
    chats_ = {c: _chat(c) for c in range(1, 7)}
    planned = plan(_event(), subscriptions, list(follow_rows.values()), chats_)
    by_chat = {p.chat_id: p for p in planned}
    assert len(by_chat) == len(planned)
    for chat in range(1, 7):
        qualifying = [s for s in subscriptions if s.chat_id == chat and s.created_at <= iso(T0)]
        followed = chat in follow_rows and follow_rows[chat].created_at <= iso(T0)
        assert (chat in by_chat) == bool(qualifying or followed)
        if chat in by_chat:
            assert by_chat[chat].matched == tuple((s.id, s.query) for s in qualifying)


def test_fan_out_stores_deliveries_and_moves_its_cursor_once(db: Database) -> None:
    """Matching and following chats get one delivery each; a second run adds nothing."""
    before = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1)
    for chat in (1, 2, 3):
        add_chat(db, chat)
    subscribe(db, 1, "emotieherkenning", before)
    subscribe(db, 1, "Oeigoeren", before)
    subscribe(db, 2, "stikstof", before)
    follow(db, 3, SEED, before)
    follow(db, 1, SEED, before)
    event = add_event(db, SEED, "answered", before + dt.timedelta(seconds=30))
    add_event(db, SEED, "updated", before + dt.timedelta(seconds=31))
    fanout = FanOut(db)
    assert fanout.pending()
    assert fanout.run() == 2
    rows = _deliveries(db)
    assert [(r[0], r[1], r[2], r[4]) for r in rows] == [
        (1, event, "answered", "pending"),
        (3, event, "answered", "pending"),
    ]
    assert [q for _, q in json.loads(rows[0][3])] == ["emotieherkenning", "Oeigoeren"]
    assert not fanout.pending() and fanout.run() == 0
    assert outbox.fanout_cursor(db) == event + 1


def test_the_index_follows_unsubscribes_and_new_subscriptions(db: Database) -> None:
    """Between rounds the index is brought in step with the subscriptions table (SQLite may
    give the new subscription the removed one's id)."""
    before = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1)
    add_chat(db, 1)
    add_chat(db, 2)
    gone = subscribe(db, 1, "emotieherkenning", before)
    fanout = FanOut(db)
    add_event(db, "2019Z20000", "question_filed", before + dt.timedelta(seconds=1))
    assert fanout.run() == 1
    chats.remove_subscription(db, 1, gone)
    subscribe(db, 2, "Oeigoeren", before)
    add_event(db, "2019Z20001", "question_filed", before + dt.timedelta(seconds=2))
    assert fanout.run() == 1
    assert [r[0] for r in _deliveries(db)] == [1, 2]
    assert len(fanout.index) == 1  # the removed query is gone, even if its id was reused


def test_a_database_with_events_starts_fanning_out_after_them(tmp_path) -> None:
    """Upgrading a database that has events: no alerts for what came before alerts existed."""
    db = Database(str(tmp_path / "old.db"))
    migrations.apply(db, stop_before="m004_outbox")
    add_event(db, SEED, "answered", T0)
    add_event(db, SEED, "postponed", T0)
    db.close()
    upgraded = open_db(tmp_path / "old.db")
    assert outbox.fanout_cursor(upgraded) == 2
    assert not FanOut(upgraded).pending()


async def test_a_long_subscription_the_settings_allow_is_confirmed_and_matches(
    db: Database,
) -> None:
    """KAMERVRAGEN_MAX_QUERY_LENGTH=300: a 250-character /subscribe is confirmed, and the
    fan-out matches it (it used to parse it again with the default limit of 200)."""
    settings = Settings(max_query_length=300)
    head = '"predictive policing" OR '
    query = head + "x" * (250 - len(head))
    assert len(query) == 250
    conversation = Conversation(
        db,
        max_subscriptions=settings.max_subscriptions,
        max_query_length=settings.max_query_length,
    )
    reply = await say(conversation, f"/subscribe {query}")
    assert text_of(reply).startswith("✅ Subscribed to")
    event = add_event(db, SEED, "answered", dt.datetime.now(dt.UTC) + dt.timedelta(minutes=1))
    assert FanOut(db).run() == 1
    ((chat_id, event_id, matched),) = db.execute(
        "SELECT chat_id, event_id, matched FROM deliveries"
    ).fetchall()
    assert (chat_id, event_id) == (42, event)
    assert [q for _, q in json.loads(matched)] == [query]


def test_the_deliveries_of_an_event_come_in_a_fair_order(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each event's deliveries are stored in an order of their own, not by chat id, so no
    chat is always last; stored in transactions of a few, all of them, once."""
    monkeypatch.setattr("kamervragen.storage.outbox.CHUNK", 7)
    before = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1)
    chat_ids = list(range(100, 160))
    for chat in chat_ids:
        add_chat(db, chat)
        subscribe(db, chat, "cybersurveillance", before)
    first = add_event(db, "2019Z20000", "question_filed", before + dt.timedelta(seconds=1))
    second = add_event(db, "2019Z20001", "question_filed", before + dt.timedelta(seconds=2))
    assert FanOut(db).run() == 120
    orders = [
        [
            row[0]
            for row in db.execute(
                "SELECT chat_id FROM deliveries WHERE event_id = ? ORDER BY id", [event]
            )
        ]
        for event in (first, second)
    ]
    assert all(sorted(order) == chat_ids for order in orders)
    assert orders[0] != chat_ids and orders[1] != chat_ids and orders[0] != orders[1]
    assert orders[0][-1] != orders[1][-1]
    assert outbox.fanout_cursor(db) == second


def test_a_worker_fans_out_on_the_database_file_and_keeps_its_index(tmp_path: Path) -> None:
    """`fan_out_on_file` (a worker's job) opens the file itself, builds the index once and
    keeps it for the next round."""
    db = seed_database(tmp_path / "k.db")
    add_copies(db, 2)
    before = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1)
    add_chat(db, 1)
    subscribe(db, 1, "emotieherkenning", before)
    path = str(tmp_path / "k.db")
    assert prepare_on_file(path) == 1
    index = _FANOUTS[path].index
    add_event(db, "2019Z20000", "question_filed", before + dt.timedelta(seconds=1))
    assert fan_out_on_file(path, dt.datetime.now(dt.UTC)) == 1
    assert _FANOUTS[path].index is index
    assert [r[0] for r in _deliveries(db)] == [1]
