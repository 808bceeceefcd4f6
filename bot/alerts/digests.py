"""Daily digests: chats in digest mode get one message a day at their hour (Europe/Amsterdam)
with every event held for them since the last one, grouped by case.

The fan-out holds such a chat's deliveries (`status = 'digest'`). When the chat's hour has come,
`make_due_digests` bundles those recorded before that hour into one `digest` delivery, in one
transaction, and the dispatcher sends it like any other (so rate limits, faults and restarts
are handled once). A digest hour missed while the bot was down is caught up when it is back.
When it is sent, `digest_messages` reads what it carries and `bot.rendering.digest` renders it.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from kamervragen.bot.rendering.digest import DigestCase, DigestEvent, render_digest
from kamervragen.bot.rendering.html import Message
from kamervragen.storage import digests
from kamervragen.storage.cases import load_case
from kamervragen.storage.db import Database
from kamervragen.storage.outbox import Delivery, bundled, iso

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def digest_moment(day: dt.date, hour: int) -> dt.datetime:
    """The moment of a digest: that day at that hour, Amsterdam time."""
    return dt.datetime.combine(day, dt.time(hour), tzinfo=AMSTERDAM)


def make_due_digests(db: Database, now: dt.datetime) -> list[int]:
    """Bundle the held deliveries of every chat whose digest hour has come today and that had
    no digest today; the ids of the new digest deliveries."""
    digests.release_held(db)
    local = now.astimezone(AMSTERDAM)
    today = local.date()
    made = []
    for chat in digests.held(db):
        moment = digest_moment(today, chat.digest_hour)
        if local < moment or chat.last_on == today.isoformat():
            continue
        digest_id = digests.bundle(db, chat.chat_id, iso(moment), today, now)
        if digest_id is not None:
            made.append(digest_id)
    return made


def digest_messages(db: Database, digest: Delivery, lang: str) -> list[Message] | None:
    """The messages of a digest delivery: what it carries, grouped by case in the order they
    were held, rendered by `render_digest`; None when it carries nothing."""
    items = bundled(db, digest.id)
    if not items:
        return None
    by_case: dict[str, list[DigestEvent]] = {}
    for item in items:
        by_case.setdefault(item.case_key or "", []).append(DigestEvent(item.kind, item.matched))
    cases = [
        DigestCase(key, load_case(db, key) if key else None, tuple(events))
        for key, events in by_case.items()
    ]
    return render_digest(cases, lang)
