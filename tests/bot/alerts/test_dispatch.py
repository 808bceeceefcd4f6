"""The dispatcher against the fake Bot API: order, limits, Telegram's faults, stopping."""

from __future__ import annotations

import datetime as dt
import logging

import pytest
from sqlite_utils import Database
from telegram import Bot

from kamervragen.bot.alerts import dispatcher as delivery_module
from kamervragen.bot.alerts.fanout import FanOut
from kamervragen.bot.alerts.limits import RateLimiter, SystemClock
from kamervragen.bot.alerts.messages import Part
from kamervragen.bot.rendering.html import Message
from kamervragen.storage import chats
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
from tests.fakes.botapi import FakeBotApi, Fault

BEFORE = dt.timedelta(minutes=5)


def _alerts(db: Database, chat_ids: list[int], *, kinds=("postponed",), chat_type="private"):
    """Each chat follows the seed case; one event per kind, fanned out (a postponement is one
    message; an answer is its alert and a continuation with the rest of the full answers)."""
    before = dt.datetime.now(dt.UTC) - BEFORE
    for chat_id in chat_ids:
        add_chat(db, chat_id, type_=chat_type)
        follow(db, chat_id, SEED, before)
    for i, kind in enumerate(kinds):
        add_event(db, SEED, kind, before + dt.timedelta(seconds=i + 1))
    return FanOut(db).run()


def _to(api: FakeBotApi, chat_id: int) -> list[int]:
    """The HTTP status of every sendMessage to a chat, in order."""
    return [c.status for c in api.calls_to("sendMessage") if c.params.get("chat_id") == chat_id]


async def test_each_chat_gets_its_deliveries_in_order_and_all_are_marked_sent(
    db: Database, bot: Bot, api: FakeBotApi, clock: FakeClock
) -> None:
    """Three events to two chats: six deliveries, each chat's in event order (the answer's in
    two parts), all sent."""
    assert _alerts(db, [11, 12], kinds=("postponed", "answered", "withdrawn")) == 6
    dispatcher = dispatcher_for(db, bot, clock)
    await drain(dispatcher)
    heads = [m.text.split("\n")[0] for m in api.sent_messages(11)]
    assert [h.split(" ")[0] for h in heads] == ["⏳", "✅", "📖", "🚫"]
    assert len(api.sent_messages(12)) == 4
    assert set(statuses(db).values()) == {"sent"}
    assert dispatcher.counts["sent"] == 6
    assert clock.elapsed >= 2.0  # one a second per private chat


async def test_retry_after_pauses_that_chat_for_the_time_asked_then_delivers(
    db: Database, bot: Bot, api: FakeBotApi, clock: FakeClock
) -> None:
    """A 429 with retry_after 3: the chat is tried again no sooner, the other chat meanwhile."""
    _alerts(db, [21, 22])
    api.inject_fault(Fault.retry_after(3), method="sendMessage", chat_id=21)
    dispatcher = dispatcher_for(db, bot, clock)
    attempts: list[tuple[int, float]] = []
    send = dispatcher._send

    async def timed(delivery, part):  # type: ignore[no-untyped-def]
        attempts.append((delivery.chat_id, clock.elapsed))
        await send(delivery, part)

    dispatcher._send = timed  # type: ignore[method-assign]
    await drain(dispatcher)
    assert _to(api, 21) == [429, 200] and _to(api, 22) == [200]
    first, second = [t for chat, t in attempts if chat == 21]
    assert second - first >= 3.0
    order = [chat for chat, _ in attempts]
    assert order[-1] == 21 and order.index(22) < 2  # the other chat went meanwhile
    row = db.execute("SELECT status, attempts FROM deliveries WHERE chat_id = 21").fetchone()
    assert row == ("sent", 1)


async def test_a_blocked_chat_is_deactivated_after_three_refusals(
    db: Database, bot: Bot, api: FakeBotApi, clock: FakeClock
) -> None:
    """403 three times in 24 h: the chat and its subscriptions go inactive, the rest dropped."""
    _alerts(db, [31], kinds=("postponed", "answered", "further_answer", "withdrawn"))
    subscribe(db, 31, "stikstof", dt.datetime.now(dt.UTC))
    api.inject_fault(Fault.blocked(), method="sendMessage", chat_id=31, times=None)
    await drain(dispatcher_for(db, bot, clock))
    assert _to(api, 31) == [403, 403, 403]
    assert list(statuses(db).values()) == ["failed", "failed", "failed", "dropped"]
    chat = chats.get_chat(db, 31)
    assert chat is not None and not chat.active
    active = db.execute("SELECT count(*) FROM subscriptions WHERE active = 1").fetchone()[0]
    assert active == 0


async def test_chat_not_found_fails_the_delivery_and_counts_towards_deactivation(
    db: Database, bot: Bot, api: FakeBotApi, clock: FakeClock
) -> None:
    """One "chat not found": that delivery fails, the chat stays active, the next one arrives."""
    _alerts(db, [41], kinds=("postponed", "withdrawn"))
    api.inject_fault(Fault.chat_not_found(), method="sendMessage", chat_id=41)
    await drain(dispatcher_for(db, bot, clock))
    assert _to(api, 41) == [400, 200]
    assert list(statuses(db).values()) == ["failed", "sent"]
    assert chats.get_chat(db, 41).active  # type: ignore[union-attr]
    failures = db.execute("SELECT chat_id, error FROM chat_failures").fetchall()
    assert failures == [(41, "Chat not found")]


async def test_a_migrated_group_is_rekeyed_and_the_message_delivered_there(
    db: Database, bot: Bot, api: FakeBotApi, clock: FakeClock
) -> None:
    """migrate_to_chat_id: chat, subscriptions, follows and deliveries move; it arrives."""
    old, new = -4001, -1004001
    _alerts(db, [old], kinds=("postponed", "withdrawn"), chat_type="group")
    subscribe(db, old, "stikstof", dt.datetime.now(dt.UTC))
    api.inject_fault(Fault.migrated(new), method="sendMessage", chat_id=old)
    await drain(dispatcher_for(db, bot, clock))
    assert _to(api, old) == [400] and _to(api, new) == [200, 200]
    assert chats.get_chat(db, old) is None
    assert chats.get_chat(db, new).type == "supergroup"  # type: ignore[union-attr]
    for table in ("subscriptions", "follows", "deliveries"):
        ids = {r[0] for r in db.execute(f"SELECT DISTINCT chat_id FROM {table}")}
        assert ids == {new}, table
    assert set(statuses(db).values()) == {"sent"}


async def test_server_errors_and_timeouts_are_retried_with_backoff(
    db: Database, bot: Bot, api: FakeBotApi, clock: FakeClock
) -> None:
    """Two 500s, then a hung request (timeout): retried 1, 2 and 4 s later; delivered once."""
    _alerts(db, [51])
    api.inject_fault(Fault.server_error(), method="sendMessage", chat_id=51, times=2)
    api.inject_fault(Fault.hang(), method="sendMessage", chat_id=51)
    dispatcher = dispatcher_for(db, bot, clock)
    await drain(dispatcher)
    assert _to(api, 51) == [500, 500, 0, 200]
    assert len(api.sent_messages(51)) == 1
    row = db.execute("SELECT status, attempts, last_error FROM deliveries").fetchone()
    assert row[:2] == ("sent", 3) and "timed out" in row[2].lower()
    assert clock.elapsed >= 1 + 2 + 4


async def test_a_message_telegram_finds_too_long_is_resent_as_plain_text(
    db: Database, bot: Bot, api: FakeBotApi, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    """Telegram's "message is too long": logged as a rendering bug, sent as plain text."""
    _alerts(db, [61], kinds=("answered",))
    api.inject_fault(Fault.message_too_long(), method="sendMessage", chat_id=61)
    with caplog.at_level(logging.ERROR, logger="kamervragen.bot.alerts.dispatcher"):
        await drain(dispatcher_for(db, bot, clock))
    sent = api.sent_messages(61)
    assert _to(api, 61)[0] == 400 and len(sent) >= 1
    assert all(m.parse_mode is None and not m.entities for m in sent)
    assert "Beantwoord" in sent[0].text or "Answered" in sent[0].text
    assert "<b>" not in sent[0].text and max(len(m.text) for m in sent) <= 2000
    assert [m.callback_data() for m in sent if m.callback_data()] == [[f"case:{SEED}"]]
    assert any("rendering bug" in r.getMessage() for r in caplog.records)
    assert statuses(db) == {1: "sent"}


async def test_unparsable_html_in_a_later_part_keeps_the_parts_already_sent(
    db: Database, bot: Bot, api: FakeBotApi, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Part 2 of 3 refused (can't parse entities): part 1 stays as sent, 2 and 3 go plain."""
    _alerts(db, [71])
    three = [Message(f"<b>Part {i}</b> text") for i in (1, 2, 3)]
    monkeypatch.setattr(delivery_module, "delivery_parts", _fake_parts(three))
    dispatcher = dispatcher_for(db, bot, clock)
    calls = {"n": 0}
    send = dispatcher._send

    async def second_fails(delivery, part):  # type: ignore[no-untyped-def]
        calls["n"] += 1  # the second request is refused
        if calls["n"] == 2:
            api.inject_fault(Fault.cant_parse_entities(), method="sendMessage", chat_id=71)
        await send(delivery, part)

    dispatcher._send = second_fails  # type: ignore[method-assign]
    await drain(dispatcher)
    assert [(m.text, m.parse_mode) for m in api.sent_messages(71)] == [
        ("Part 1 text", "HTML"),
        ("Part 2 text", None),
        ("Part 3 text", None),
    ]
    assert db.execute("SELECT parts_sent, plain_from FROM deliveries").fetchone() == (3, 1)


def _fake_parts(messages: list[Message]):  # type: ignore[no-untyped-def]
    from kamervragen.bot.alerts.messages import as_plain

    def parts(db, delivery, bot_username=None):  # type: ignore[no-untyped-def]
        start = len(messages) if delivery.plain_from is None else delivery.plain_from
        result = [Part(m) for m in messages[:start]]
        for m in messages[start:]:
            result += as_plain(m)
        return result

    return parts


async def test_a_restart_resumes_with_the_part_after_the_last_one_marked(
    db: Database, bot: Bot, api: FakeBotApi, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """parts_sent = 1 in the outbox (a crash after part 1): only parts 2 and 3 are sent."""
    _alerts(db, [81])
    monkeypatch.setattr(
        delivery_module,
        "delivery_parts",
        _fake_parts([Message(f"<b>Part {i}</b> text") for i in (1, 2, 3)]),
    )
    db.execute("UPDATE deliveries SET parts_sent = 1")
    await drain(dispatcher_for(db, bot, clock))
    assert [m.text for m in api.sent_messages(81)] == ["Part 2 text", "Part 3 text"]


async def test_paused_and_inactive_chats_get_nothing(
    db: Database, bot: Bot, api: FakeBotApi, clock: FakeClock
) -> None:
    """A chat paused or deactivated after the fan-out: its delivery is dropped, not sent."""
    _alerts(db, [91, 92, 93])
    chats.update_chat(db, 91, paused=True)
    chats.update_chat(db, 92, active=False)
    await drain(dispatcher_for(db, bot, clock))
    assert [m.chat_id for m in api.sent_messages()] == [93]
    by_chat = dict(db.execute("SELECT chat_id, status FROM deliveries").fetchall())
    assert by_chat == {91: "dropped", 92: "dropped", 93: "sent"}


async def test_stopping_finishes_the_message_in_flight_and_keeps_the_rest(
    db: Database, bot: Bot, api: FakeBotApi, clock: FakeClock
) -> None:
    """Told to stop after the second message: two sent and marked, the others pending."""
    _alerts(db, [101, 102, 103, 104])
    dispatcher = dispatcher_for(db, bot, clock)
    await dispatcher.run(lambda: api.sent_count() >= 2)
    assert api.sent_count() == 2
    assert list(statuses(db).values()) == ["sent", "sent", "pending", "pending"]


async def test_the_global_limit_holds_against_a_server_that_enforces_it(db: Database) -> None:
    """45 private chats, real clock, a fake that answers 429 when the limits are broken: none."""
    _alerts(db, list(range(1000, 1045)))
    with FakeBotApi(enforce_rate_limits=True) as strict:
        telegram_bot = Bot(strict.token, base_url=strict.base_url)
        async with telegram_bot:
            clock = SystemClock()
            dispatcher = delivery_module.Dispatcher(
                db, telegram_bot, RateLimiter(clock=clock), clock=clock
            )
            await drain(dispatcher, timeout=15)
        assert strict.sent_count() == 45 and strict.rate_limited() == 0
        times = sorted(c.time for c in strict.calls_to("sendMessage"))
    assert times[30] - times[0] >= 1.0
