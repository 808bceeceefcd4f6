"""The bot's strings and language codes (bot/i18n.py)."""

from __future__ import annotations

import datetime as dt
import string

import pytest

from kamervragen.bot.rendering.i18n import (
    STRINGS,
    UnknownStringKey,
    format_date,
    join_list,
    language,
    t,
)


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("nl", "nl"),
        ("nl-NL", "nl"),
        ("nl_BE", "nl"),
        ("NL", "nl"),
        ("en-GB", "en"),
        ("en", "en"),
        ("fr", "en"),
        ("", "en"),
        (None, "en"),
    ],
)
def test_language_codes(code: str | None, expected: str) -> None:
    """Telegram language codes map to their primary language, else English."""
    assert language(code) == expected


def test_every_language_has_the_same_keys_and_placeholders() -> None:
    """Dutch and English define the same keys with the same placeholders."""
    assert STRINGS["nl"].keys() == STRINGS["en"].keys()
    for key, template in STRINGS["nl"].items():
        fields = {f for _, f, _, _ in string.Formatter().parse(template) if f}
        english = {f for _, f, _, _ in string.Formatter().parse(STRINGS["en"][key]) if f}
        assert fields == english, key


def test_t_formats_and_falls_back() -> None:
    """t formats in the language asked, English for others; an unknown key raises."""
    assert t("nl-NL", "answer", numbers="4, 5") == "Antwoord 4, 5"
    assert t("de", "answer", numbers="4, 5") == "Answer 4, 5"
    with pytest.raises(UnknownStringKey):
        t("nl", "no.such.key")


def test_dates_and_lists() -> None:
    """Dates in words per language; lists joined with 'en' / 'and'."""
    assert format_date("nl", dt.date(2019, 7, 18)) == "18 juli 2019"
    assert format_date("en-US", dt.date(2019, 9, 10)) == "10 September 2019"
    assert join_list("nl", ["A", "B", "C"]) == "A, B en C"
    assert join_list("en", ["A", "B"]) == "A and B"
    assert join_list("en", ["A"]) == "A"
