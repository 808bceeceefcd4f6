"""The bot's wording: one quote style, query errors in the chat's language with what to do,
and no two buttons alike."""

from __future__ import annotations

import pytest

from kamervragen.bot.conversation import guide, views
from kamervragen.bot.rendering.html import distinct_labels, visible_text
from kamervragen.bot.rendering.i18n import STRINGS
from kamervragen.bot.rendering.render import render_new_question_set
from kamervragen.core.matching import QueryError, parse_query
from kamervragen.storage.chats import Subscription
from tests.bot.rendering.screens import open_case

BAD_QUERIES = [
    "x" * 201,
    "   ",
    "a)",
    "a - b",
    '"abc',
    "partij:D66",
    "cy*ber",
    "party:",
    "OR a",
    "a AND",
    "(a",
    "()",
    "(" * 11 + "a" + ")" * 11,
    '""',
    "!!!",
    'party:"!!"',
    "-a",
    "stikstof NOT",
    "stikstof -",
]


def test_one_quote_style() -> None:
    """Quotes in the bot's strings are “…”; straight double quotes appear nowhere."""
    for lang, strings in STRINGS.items():
        for key, text in strings.items():
            assert '"' not in text, (lang, key)


@pytest.mark.parametrize(
    ("lang", "stiff"),
    [
        ("nl", "Het vindt"),
        ("nl", "had het niets gevonden"),
        ("nl", "oudere treffer"),
        ("nl", "er een stoppen"),
        ("nl", "gestopt"),
        ("en", "would have caught"),
    ],
)
def test_stiff_wording_is_gone(lang: str, stiff: str) -> None:
    """The phrases a native reader stumbled over are rewritten."""
    assert not any(stiff in text for text in STRINGS[lang].values())


@pytest.mark.parametrize("query", BAD_QUERIES)
@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_query_error_is_in_the_chats_language(query: str, lang: str) -> None:
    """Each kind of mistake has its own sentence in Dutch and English, with what to do."""
    with pytest.raises(QueryError) as caught:
        parse_query(query, max_length=200)
    assert f"query.{caught.value.code}" in STRINGS[lang]
    text = visible_text(views.query_error(lang, query, caught.value).text)
    assert caught.value.message not in text  # not the engine's English line
    first = text.split("\n")[0]
    assert first.startswith("Die zoekvraag werkt niet. " if lang == "nl" else "That query")
    assert first.endswith(".")


def test_an_unknown_error_code_falls_back_to_the_engines_line() -> None:
    """A problem the table has no string for yet still says what is wrong."""
    error = QueryError("since: needs a date", 3, code="bad_date")
    text = visible_text(views.query_error("nl", "a since:x", error).text)
    assert "since: needs a date at position 3." in text


def test_two_long_or_queries_get_distinct_buttons() -> None:
    """Long queries that start alike keep their ends in their labels; equal cuts get a number."""
    first = "stikstof OR ammoniak OR fosfaat OR mest OR Groningen"
    second = "stikstof OR ammoniak OR fosfaat OR mest OR Friesland"
    labels = distinct_labels([first, second, "china"], 24)
    assert len(set(labels)) == 3 and labels[2] == "china"
    assert labels[0].endswith("Groningen") and labels[1].endswith("Friesland")
    assert all(len(label) <= 30 for label in labels)
    subscriptions = [Subscription(1, 7, first, None, ""), Subscription(2, 7, second, None, "")]
    menu = views.unsubscribe_menu("nl", subscriptions)
    assert len({button.label for row in menu.buttons for button in row}) == 2
    [alert] = render_new_question_set(open_case(), [(1, first), (2, second)], "nl")
    assert len({b.label for row in alert.buttons[1:] for b in row}) == 2


def test_start_tells_that_the_documents_are_dutch() -> None:
    """/start gives a Dutch example in Dutch, an English one in English, and says the
    documents are Dutch and English words are searched in Dutch too."""
    dutch = visible_text(guide.start("nl").text)
    english = visible_text(guide.start("en").text)
    assert "/subscribe exportcontrole" in dutch and "mensenrechten" in dutch
    assert "/subscribe export control" in english
    assert "The questions and answers are in Dutch." in english
