"""Inline case cards by status: the card is the alert that fits what the case is now."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from kamervragen.bot.conversation.inline import card
from kamervragen.core.model import Case
from tests.bot.seed_case import seed_case
from tests.fakes.botapi import BOT_USERNAME, parse_html


def before_the_answer(status: str) -> Case:
    return dataclasses.replace(
        seed_case(),
        status=status,
        answers=[],
        answered=None,
        answered_by=None,
        deadline=dt.date(2019, 8, 8),
    )


@pytest.mark.parametrize(
    ("status", "first_line", "lead"),
    [
        ("open", "📄 Kamervragen · 2019Z15244", "Sjoerdsma (D66) stelde 10 vragen aan de minister"),
        ("postponed", "⏳ Uitstel · 2019Z15244", "De minister voor Buitenlandse Handel en "),
        ("withdrawn", "🚫 Ingetrokken · 2019Z15244", "Sjoerdsma (D66) trok de 10 vragen aan "),
    ],
)
def test_a_card_shows_what_the_case_is_now(status: str, first_line: str, lead: str) -> None:
    """An open case is not "new"; a postponed or withdrawn one says so; all valid HTML with
    URL buttons only (an inline message cannot carry the bot's callback buttons)."""
    result = card(before_the_answer(status), "nl", BOT_USERNAME)
    text = parse_html(result.message.text).text
    assert text.split("\n")[:2][0] == first_line
    assert text.split("\n")[1].startswith(lead)
    assert "Nieuwe Kamervragen" not in text
    assert all(b.url and not b.callback_data for row in result.message.buttons for b in row)
