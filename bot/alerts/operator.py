"""For the operators (the chats in KAMERVRAGEN_ADMINS): the /status message, and an alert when a
source has been failing for 30 minutes (and one when it works again).

Alerts go through the outbox like any message, so they survive restarts and respect the
limits; `operator_alerts` remembers which failing streak was announced, so each streak is
announced once however often the check runs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from sqlite_utils import Database

from kamervragen.bot.rendering.html import Message, bold, escape
from kamervragen.bot.rendering.i18n import t
from kamervragen.storage.outbox import enqueue_message, iso, parse_time
from kamervragen.storage.status import status_data

FAILING_FOR = dt.timedelta(minutes=30)


def _when(value: object, lang: str) -> str:
    """A stored time for people: 2025-01-10 08:30 UTC."""
    if not value:
        return t(lang, "ops.never")
    try:
        moment = parse_time(str(value)).astimezone(dt.UTC)
    except ValueError:
        return str(value)
    return moment.strftime("%Y-%m-%d %H:%M UTC")


def status_message(db: Database, lang: str, now: dt.datetime | None = None) -> Message:
    """Cases and events, the outbox, inactive chats, texts and every source's health."""
    data = status_data(db, now)
    box: dict[str, int] = data["outbox"]  # type: ignore[assignment]
    texts: dict[str, int] = data["texts"]  # type: ignore[assignment]
    lines = [
        f"🩺 {bold(t(lang, 'ops.title'))}",
        escape(t(lang, "ops.cases", cases=data["cases"], events=data["events"])),
        escape(t(lang, "ops.outbox", pending=box["pending"], held=box["held_for_digest"])),
        escape(t(lang, "ops.recent", sent=box["sent_24h"], failed=box["failed_24h"])),
        escape(t(lang, "ops.inactive", count=box["inactive_chats"])),
        escape(
            t(
                lang,
                "ops.texts",
                fetched=texts.get("fetched", 0),
                pending=texts.get("pending", 0),
                gave_up=texts.get("gave_up", 0),
            )
        ),
    ]
    for source in data["sources"]:  # type: ignore[attr-defined]
        if source["failing_since"]:
            line = t(
                lang,
                "ops.source_failing",
                source=source["source"],
                since=_when(source["failing_since"], lang),
                error=(source["last_error"] or "")[:200],
            )
            lines.append("⚠️ " + escape(line))
        else:
            when = _when(source["last_success"], lang)
            lines.append(
                "✅ " + escape(t(lang, "ops.source_ok", source=source["source"], when=when))
            )
    return Message("\n".join(lines))


def check_sources(db: Database, admins: Iterable[int], now: dt.datetime) -> int:
    """Queue an alert to every operator for each source failing for 30 minutes whose streak
    was not announced yet, and for each announced one that recovered; how many queued."""
    admins = sorted(set(admins))
    if not admins:
        return 0
    queued = 0
    rows = db.execute(
        "SELECT s.source, s.failing_since, s.last_error, a.failing_since FROM source_status s "
        "LEFT JOIN operator_alerts a ON a.source = s.source"
    ).fetchall()
    for source, failing_since, error, announced in rows:
        if failing_since and announced != failing_since:
            since = parse_time(failing_since)
            if now - since < FAILING_FOR:
                continue
            key = "ops.alert_failing"
            args = {
                "source": source,
                "minutes": int((now - since).total_seconds() // 60),
                "since": since.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
                "error": (error or "")[:300],
            }
            state = failing_since
        elif not failing_since and announced:
            key, args, state = "ops.alert_recovered", {"source": source}, None
        else:
            continue
        with db.atomic():
            for chat_id in admins:
                enqueue_message(db, chat_id, key, args, now)
                queued += 1
            db.execute(
                "INSERT INTO operator_alerts (source, failing_since, alerted_at) VALUES (?, ?, ?) "
                "ON CONFLICT(source) DO UPDATE SET failing_since = excluded.failing_since, "
                "alerted_at = excluded.alerted_at",
                [source, state, iso(now)],
            )
    return queued
