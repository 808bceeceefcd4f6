"""The daily digest message from plain data (bot/rendering/digest.py): no database."""

from __future__ import annotations

import dataclasses

from kamervragen.bot.rendering.digest import CASE_BUTTONS, DigestCase, DigestEvent, render_digest
from kamervragen.bot.rendering.render import Match
from tests.bot.rendering.screens import check_limits
from tests.bot.seed_case import ANSWER_PUBLICATION, seed_case


def test_one_block_per_case_with_counts_matches_and_a_link() -> None:
    """The heading counts events and cases; each case lists its events and matched queries."""
    case = seed_case()
    digest = [
        DigestCase(
            "2019Z15244",
            case,
            (DigestEvent("answered"), DigestEvent("further_answer", (Match(3, "stikstof"),))),
        ),
        DigestCase("2019Z99999", None, (DigestEvent("withdrawn"),)),
    ]
    messages = render_digest(digest, "en")
    [text] = check_limits(messages)
    assert text.startswith("🗓 Daily digest\n3 updates on 2 cases\n\n2019Z15244 · ")
    assert "✅ Answered" in text and "➕ Further answer — Matched: “stikstof”" in text
    assert f"{ANSWER_PUBLICATION}.html" in messages[0].text
    assert text.endswith("2019Z99999\n🚫 Withdrawn")  # not stored: its key, no link
    assert [b.callback_data for row in messages[0].buttons for b in row] == ["case:2019Z15244"]


def test_one_event_of_one_case_says_so_in_the_singular() -> None:
    """One event of one case: "1 melding over 1 zaak"; an unknown kind gets a bullet."""
    messages = render_digest([DigestCase("x", seed_case(), (DigestEvent("updated"),))], "nl")
    [text] = check_limits(messages)
    assert text.startswith("🗓 Dagelijks overzicht\n1 melding over 1 zaak\n\n")
    assert "\n•\n" in text


def test_many_cases_split_into_messages_with_buttons_for_the_first_on_the_last() -> None:
    """Sixty cases fill several messages within Telegram's limits; only the last has buttons."""
    digest = [
        DigestCase(
            f"2019Z{20000 + i}",
            dataclasses.replace(seed_case(), zaaknummer=f"2019Z{20000 + i}"),
            (DigestEvent("question_filed", ((i, "emotieherkenning"),)),),
        )
        for i in range(60)
    ]
    messages = render_digest(digest, "nl")
    texts = check_limits(messages)
    assert len(messages) > 1
    assert sum(t.count("🆕 Nieuwe Kamervragen") for t in texts) == 60
    assert [b.callback_data for row in messages[-1].buttons for b in row] == [
        f"case:2019Z{20000 + i}" for i in range(CASE_BUTTONS)
    ]
