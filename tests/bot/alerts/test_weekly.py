"""The weekly overview: queued once per chat and week from Monday 08:00 (Amsterdam), with the
week's answered, newly overdue and still-open sets of the chat's follows and subscriptions."""

from __future__ import annotations

import datetime as dt
import json
from zoneinfo import ZoneInfo

from kamervragen.bot.alerts.messages import render_delivery
from kamervragen.bot.alerts.weekly import make_due_weeklies
from kamervragen.bot.rendering.html import visible_text
from kamervragen.storage import chats
from kamervragen.storage.db import open_db
from kamervragen.storage.outbox import get_delivery
from tests.stats_fixture import save_fixture

AMS = ZoneInfo("Europe/Amsterdam")


def test_the_overview_is_made_once_from_monday_eight_and_shows_the_week() -> None:
    """Week 14-20 April 2025: Z010 answered, Z004 newly overdue, Z005 still open; a chat
    without the setting gets nothing."""
    db = open_db(memory=True)
    save_fixture(db)
    for chat_id in (1, 2):
        chats.ensure_chat(db, chat_id)
        chats.update_chat(db, chat_id, language="en")
    chats.update_chat(db, 1, weekly=True)
    for number in ("2025Z00001", "2025Z00004", "2025Z00005"):
        chats.follow(db, 1, number)
    db.execute(  # Z010 came to chat 1 through its subscription
        "INSERT INTO deliveries (chat_id, event_id, case_key, kind, matched, status, created_at) "
        "VALUES (1, 99, '2025Z00010', 'answered', ?, 'sent', '2025-04-18T10:00:00')",
        [json.dumps([[1, "belasting"]])],
    )
    monday = dt.datetime(2025, 4, 21, 7, 59, tzinfo=AMS)
    assert make_due_weeklies(db, monday) == []
    (made,) = make_due_weeklies(db, monday + dt.timedelta(minutes=1))
    assert make_due_weeklies(db, monday + dt.timedelta(days=2)) == []  # once a week
    delivery = get_delivery(db, made)
    assert delivery is not None and (delivery.chat_id, delivery.kind) == (1, "weekly")
    messages = render_delivery(db, delivery)
    assert messages is not None
    text = visible_text(messages[0].text)
    assert text.startswith("🗓 Weekly overview 14 April 2025 to 20 April 2025")
    answered, overdue, still_open = text.split("\n\n")[1:]
    assert answered.splitlines() == [
        "✅ Answered (1)",
        "• 2025Z00010 · answered 18 April 2025 — Vragen 2025Z00010",
    ]
    assert overdue.splitlines()[1].startswith("• 2025Z00004 · due 14 April 2025")
    assert still_open.splitlines() == [
        "⏳ Still open (1)",
        "• 2025Z00005 · due 10 June 2025 — Vragen 2025Z00005",
    ]
    next_week = make_due_weeklies(db, monday + dt.timedelta(days=7, minutes=1))
    assert len(next_week) == 1
