"""The messages of a delivery, rendered when it is sent: from the stored case, in the chat's
language, as Telegram HTML; or, after Telegram refused the HTML of a part, as plain text.

    parts = delivery_parts(db, delivery, bot_username)   # None: nothing to send any more

A delivery's parts are its messages in order; `Delivery.parts_sent` counts those Telegram
accepted. From part `plain_from` on, every message is sent as plain text cut into smaller
pieces, so the parts before it keep their place.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from kamervragen.bot.alerts.digests import digest_messages
from kamervragen.bot.alerts.weekly import render_weekly
from kamervragen.bot.rendering import render
from kamervragen.bot.rendering.answer_alert import render_answer, render_further_answer
from kamervragen.bot.rendering.deadlines import render_deadline_alert
from kamervragen.bot.rendering.html import Message, escape, split_markup
from kamervragen.bot.rendering.i18n import UnknownStringKey, language, t
from kamervragen.core.dates import iso_date
from kamervragen.core.deadlines import DEADLINE_KINDS
from kamervragen.core.text import plain_text
from kamervragen.storage.cases import load_case
from kamervragen.storage.db import Database
from kamervragen.storage.events import event_detail
from kamervragen.storage.outbox import Delivery

PLAIN_CHARS = 2000  # a plain-text piece; well below Telegram's 4096


@dataclass(frozen=True)
class Part:
    """One message to send: HTML (as rendered) or plain text."""

    message: Message
    html: bool = True


def delivery_language(delivery: Delivery) -> str:
    """The chat's own language setting, else the language of who last wrote there."""
    return language(delivery.chat_language or delivery.locale)


def render_delivery(
    db: Database, delivery: Delivery, bot_username: str | None = None
) -> list[Message] | None:
    """The HTML messages of a delivery; None when there is nothing to send any more. With the
    bot's username, related cases become links that open them in the bot."""
    lang = delivery_language(delivery)
    if delivery.kind == "digest":
        return digest_messages(db, delivery, lang)
    if delivery.kind == "weekly":
        return render_weekly(db, delivery, lang)
    if delivery.kind == "operator":
        key, args = delivery.payload.get("key", ""), delivery.payload.get("args", {})
        try:
            return [Message(escape(t(lang, key, **args)))]
        except (UnknownStringKey, KeyError):
            return None
    case = load_case(db, delivery.case_key) if delivery.case_key else None
    if case is None:
        return None
    matched = list(delivery.matched)
    if delivery.kind == "question_filed":
        return render.render_new_question_set(case, matched, lang)
    if delivery.kind == "answered":
        return render_answer(case, lang, matched, bot_username=bot_username)
    if delivery.kind == "postponed":
        return render.render_postponed(case, lang)
    if delivery.kind == "further_answer":
        return render_further_answer(case, lang, bot_username=bot_username)
    if delivery.kind == "withdrawn":
        return render.render_withdrawn(case, lang)
    if delivery.kind in DEADLINE_KINDS:
        deadline = iso_date(event_detail(db, delivery.event_id).get("deadline"))
        return render_deadline_alert(case, delivery.kind, deadline, lang)
    return None


def delivery_parts(
    db: Database, delivery: Delivery, bot_username: str | None = None
) -> list[Part] | None:
    """Every message of a delivery, the ones from `plain_from` on as plain text."""
    messages = render_delivery(db, delivery, bot_username)
    if messages is None:
        return None
    start = len(messages) if delivery.plain_from is None else delivery.plain_from
    parts = [Part(m) for m in messages[:start]]
    for message in messages[start:]:
        parts += as_plain(message)
    return parts


def as_plain(message: Message, max_chars: int = PLAIN_CHARS) -> list[Part]:
    """A message as plain text in pieces of at most `max_chars`; its buttons on the last."""
    text = plain_text(message.text)
    if not text:
        return []
    pieces = [html.unescape(p) for p in split_markup(escape(text), max_chars, 1)]
    last = len(pieces) - 1
    return [
        Part(Message(p, message.buttons if i == last else (), message.disable_preview), False)
        for i, p in enumerate(pieces)
    ]
