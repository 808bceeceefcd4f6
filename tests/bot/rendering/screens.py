"""What rendering tests look at in a message: Telegram's limits, what shows with the
expandable quotations collapsed, what they hold; and the seed case before its answer."""

from __future__ import annotations

import dataclasses
import datetime as dt

from kamervragen.bot.rendering.html import Message
from kamervragen.bot.rendering.quotes import COLLAPSED_CHARS
from kamervragen.core.model import Case
from tests.bot.seed_case import seed_case
from tests.fakes.botapi import ParsedHtml, parse_html, utf16_len

QUOTE = "expandable_blockquote"


def check_limits(messages: list[Message]) -> list[str]:
    """Every message passes the fake server's validator and limits; their visible texts."""
    texts = []
    for message in messages:
        parsed = parse_html(message.text)
        assert utf16_len(parsed.text) <= 4096
        assert len(parsed.entities) <= 100
        for row in message.buttons:
            for button in row:
                assert button.url or len(button.callback_data.encode()) <= 64
        texts.append(parsed.text)
    with_buttons = [i for i, m in enumerate(messages) if m.buttons]
    assert with_buttons in ([], [0], [len(messages) - 1]), "buttons on the first or last only"
    return texts


def open_case(**changes: object) -> Case:
    """The seed case as it stood before the answer."""
    base = dataclasses.replace(
        seed_case(with_documents=False),
        status="open",
        answers=[],
        answered=None,
        answered_by=None,
        deadline=dt.date(2019, 8, 8),
    )
    return dataclasses.replace(base, **changes)


def visible(html: ParsedHtml) -> int:
    """What shows with every expandable quotation collapsed (its first COLLAPSED_CHARS)."""
    hidden = sum(max(0, e["length"] - COLLAPSED_CHARS) for e in html.entities if e["type"] == QUOTE)
    return utf16_len(html.text) - hidden


def quoted(html: ParsedHtml) -> str:
    """The text inside the expandable quotations."""
    text = html.text.encode("utf-16-le")
    return "".join(
        text[2 * e["offset"] : 2 * (e["offset"] + e["length"])].decode("utf-16-le")
        for e in html.entities
        if e["type"] == QUOTE
    )
