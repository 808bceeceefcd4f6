"""Inline mode: `@bot 2019Z15244` or `@bot stikstof` in any chat offers case cards to send there.

    cards = await inline_cards(db, finder, "stikstof", "nl", today, bot_username="kamervragen_bot")

A reference (zaaknummer, document number, publication id, link) gives that case; other text is a
query in the query language (English words also search their Dutch forms), matched against
every stored case by the conversation's `Finder` (in a worker process); nothing gives the newest
answers. Only stored cases are
offered: an inline answer must come within seconds, so nothing is fetched from the sources.

A card is the case's alert as the bot sends it (the answered alert with its lead and key
sentences, else the new question set), with URL buttons only: a message sent inline belongs to
no chat of the bot, so a press must open the bot (`?start=case_…`) or the official text.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

from kamervragen.bot.conversation import lookup
from kamervragen.bot.rendering.answer_alert import render_answer
from kamervragen.bot.rendering.callbacks import deep_link
from kamervragen.bot.rendering.html import Button, Message, clip
from kamervragen.bot.rendering.i18n import t
from kamervragen.bot.rendering.leads import timing_phrase
from kamervragen.bot.rendering.render import (
    official_url,
    render_new_question_set,
    render_postponed,
    render_withdrawn,
)
from kamervragen.core.matching import QueryError, parse_query
from kamervragen.core.model import Case
from kamervragen.core.offload import OffloadError
from kamervragen.core.references import parse_references
from kamervragen.storage import cases as case_store
from kamervragen.storage.db import Database

MAX_CARDS = 10  # results offered for one inline query (Telegram allows 50)
TITLE_CHARS = 90
DESCRIPTION_CHARS = 120
CACHE_SECONDS = 60  # how long Telegram may reuse an answer for the same query


@dataclass(frozen=True)
class InlineCard:
    """One result: its id (at most 64 bytes), what the list shows, and the message it sends."""

    id: str
    title: str
    description: str
    message: Message


async def inline_cards(
    db: Database,
    finder: lookup.Finder,
    text: str,
    lang: str,
    today: dt.date,
    *,
    bot_username: str | None,
) -> list[InlineCard]:
    """The cards for what was typed after the bot's name, best first (none for a bad query)."""
    found = await _cases(db, finder, " ".join(text.split()), today)
    cards = [card(case, lang, bot_username) for case in found[:MAX_CARDS]]
    seen: set[str] = set()
    for index, item in enumerate(cards):  # result ids must differ within one answer
        if item.id in seen:
            cards[index] = dataclasses.replace(item, id=f"{item.id[:50]}-{index}")
        seen.add(cards[index].id)
    return cards


async def _cases(db: Database, finder: lookup.Finder, text: str, today: dt.date) -> list[Case]:
    references = parse_references(text) if text else []
    if references:
        keys = [case_store.find_case_key(db, reference) for reference in references]
        loaded = [case_store.load_case(db, key) for key in keys if key]
        return [case for case in loaded if case is not None][:1]
    if not text:
        _, answered = lookup.recent_cases(db, MAX_CARDS)
        return answered
    try:
        parse_query(text, max_length=lookup.MAX_QUERY_CHARS)
    except QueryError:
        return []
    try:  # over every stored case, off the event loop (the conversation's Finder)
        result = await finder.run(lookup.Request(text, today, limit=MAX_CARDS))
    except OffloadError:
        return []
    found = [case_store.load_case(db, key) for key in result.keys]
    return [case for case in found if case is not None]


def card(case: Case, lang: str, bot_username: str | None) -> InlineCard:
    """A case as an inline result: its alert, with buttons that open the bot or the text."""
    if case.status == "answered":
        message = render_answer(case, lang, bot_username=bot_username)[0]
    elif case.status == "postponed":
        message = render_postponed(case, lang)[0]
    elif case.status == "withdrawn":
        message = render_withdrawn(case, lang)[0]
    else:  # open: the questions, under a heading that does not call them new
        message = render_new_question_set(case, (), lang, heading="questions_heading")[0]
    buttons: list[tuple[Button, ...]] = []
    link = deep_link(bot_username, case.zaaknummer)
    if link:
        buttons.append((Button(t(lang, "button.open_in_bot"), url=link),))
    buttons.append((Button("🔗 " + t(lang, "official_text"), url=official_url(case)),))
    number = case.zaaknummer or "—"
    title = clip(f"{number} · {case.title}" if case.title else number, TITLE_CHARS)
    return InlineCard(
        id=case.zaaknummer or "case",
        title=title,
        description=clip(_description(case, lang), DESCRIPTION_CHARS),
        message=Message(message.text, tuple(buttons)),
    )


def _description(case: Case, lang: str) -> str:
    """ "beantwoord na 54 dagen (33 dagen te laat) · Sjoerdsma (D66)"."""
    known = case.status in ("open", "postponed", "answered", "withdrawn")
    parts = [t(lang, f"status.{case.status}") if known else case.status]
    if case.status == "answered":
        parts[0] += timing_phrase(case, lang)
    if case.askers:
        first = case.askers[0]
        parts.append(f"{first.name} ({first.party})" if first.party else first.name)
    return " · ".join(parts)
