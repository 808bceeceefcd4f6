"""Operators: source alerts after 30 minutes of failure, /status, and `kamervragen status`."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from sqlite_utils import Database
from telegram import Bot

from kamervragen.bot.alerts.operator import check_sources
from kamervragen.bot.conversation.core import Conversation
from kamervragen.bot.conversation.turn import Incoming
from kamervragen.bot.rendering.html import visible_text
from kamervragen.cli import main
from kamervragen.storage.db import open_db
from kamervragen.storage.sources import record_source
from tests.bot.alerts.conftest import FakeClock, add_chat, dispatcher_for, drain
from tests.bot.conftest import LIMITS
from tests.fakes.botapi import FakeBotApi

ADMINS = frozenset({7, 8})
T0 = dt.datetime(2025, 1, 10, 9, 0, tzinfo=dt.UTC)


def _stamp(moment: dt.datetime) -> str:
    return moment.isoformat(timespec="seconds")


def _queued(db: Database) -> list[tuple[int, str]]:
    rows = db.execute("SELECT chat_id, payload FROM deliveries ORDER BY id").fetchall()
    return [(chat, json.loads(payload)["key"]) for chat, payload in rows]


def test_a_source_failing_for_thirty_minutes_is_announced_once_and_its_recovery_too(
    db: Database,
) -> None:
    """29 minutes: nothing; 31: every operator once; again: nothing; recovered: once more."""
    record_source(db, "syncfeed", "Zaak: HTTP 503", _stamp(T0))
    assert check_sources(db, ADMINS, T0 + dt.timedelta(minutes=29)) == 0
    assert check_sources(db, ADMINS, T0 + dt.timedelta(minutes=31)) == 2
    assert check_sources(db, ADMINS, T0 + dt.timedelta(minutes=45)) == 0
    record_source(db, "syncfeed", None, _stamp(T0 + dt.timedelta(minutes=50)))
    assert check_sources(db, ADMINS, T0 + dt.timedelta(minutes=51)) == 2
    assert check_sources(db, ADMINS, T0 + dt.timedelta(minutes=52)) == 0
    assert _queued(db) == [
        (7, "ops.alert_failing"),
        (8, "ops.alert_failing"),
        (7, "ops.alert_recovered"),
        (8, "ops.alert_recovered"),
    ]


async def test_operator_alerts_are_sent_in_each_operators_language(
    db: Database, bot: Bot, api: FakeBotApi
) -> None:
    """The alert is rendered when sent, in the operator chat's language."""
    add_chat(db, 7, language="nl")
    add_chat(db, 8, language="en")
    record_source(db, "syncfeed", "Zaak: HTTP 503", _stamp(T0))
    check_sources(db, ADMINS, T0 + dt.timedelta(minutes=40))
    await drain(dispatcher_for(db, bot, FakeClock()))
    assert api.sent_messages(7)[0].text == (
        "⚠️ Bron syncfeed faalt al 40 minuten (sinds 2025-01-10 09:00 UTC): Zaak: HTTP 503"
    )
    assert api.sent_messages(8)[0].text.startswith("⚠️ Source syncfeed has been failing for 40")


async def test_status_answers_operators_only(db: Database) -> None:
    """/status: the outbox and sources for an operator's chat; unknown for anyone else."""
    record_source(db, "syncfeed", "Zaak: HTTP 503", _stamp(T0))
    conversation = Conversation(db, **LIMITS, admins=ADMINS)
    reply = await conversation.handle(Incoming(7, text="/status", language_code="en"))
    text = visible_text(reply.messages[0].text)
    assert text.startswith("🩺 Bot status\nCases: 4, events: 0\nOutbox: 0 to send")
    assert "⚠️ syncfeed: failing since 2025-01-10 09:00 UTC: Zaak: HTTP 503" in text
    other = await conversation.handle(Incoming(9, text="/status", language_code="en"))
    assert "/help" in visible_text(other.messages[0].text)
    group = await conversation.handle(Incoming(-5, "group", text="/status"))
    assert group.messages == ()


def test_kamervragen_status_shows_the_outbox(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """`kamervragen status` prints the outbox line; --json has the numbers."""
    path = tmp_path / "k.db"
    db = open_db(path)
    add_chat(db, 1)
    db.execute("UPDATE chats SET active = 0")
    db.close()
    assert main(["--db", str(path), "status"]) == 0
    out = capsys.readouterr().out
    assert (
        "Outbox: 0 to send, 0 held for digests; last 24 h: 0 sent, 0 failed; inactive chats: 1"
        in out
    )
    assert main(["--db", str(path), "status", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["outbox"] == {
        "pending": 0,
        "held_for_digest": 0,
        "sent_24h": 0,
        "failed_24h": 0,
        "inactive_chats": 1,
    }
