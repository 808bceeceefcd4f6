"""The operators' /status message: cases and events, the outbox, texts and every source's
health, from `storage.status`."""

from __future__ import annotations

import datetime as dt
from typing import Any

from kamervragen.bot.rendering.html import Message, bold, escape
from kamervragen.bot.rendering.i18n import t
from kamervragen.storage.outbox import parse_time


def _when(value: object, lang: str) -> str:
    """A stored time for people: 2025-01-10 08:30 UTC."""
    if not value:
        return t(lang, "ops.never")
    try:
        moment = parse_time(str(value)).astimezone(dt.UTC)
    except ValueError:
        return str(value)
    return moment.strftime("%Y-%m-%d %H:%M UTC")


def status_message(data: dict[str, Any], lang: str) -> Message:
    """Cases and events, the outbox, inactive chats, texts and every source's health, from
    `storage.status.status_data`."""
    box: dict[str, int] = data["outbox"]
    texts: dict[str, int] = data["texts"]
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
    for source in data["sources"]:
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
