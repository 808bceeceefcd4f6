"""The conversation core on cases: /case with every kind of reference and its buttons, fetching
on demand, /follow and /unfollow, /search with its pages, /recent."""

from __future__ import annotations

import asyncio
import datetime as dt
from pathlib import Path

import pytest
from sqlite_utils import Database

from kamervragen.bot.conversation.core import Conversation
from kamervragen.bot.conversation.lookup import SEARCH_TTL, Finder
from kamervragen.bot.rendering.html import visible_text
from kamervragen.core.model import Case, Question
from kamervragen.core.offload import Workers
from kamervragen.storage import chats
from kamervragen.storage.cases import save_case
from kamervragen.storage.db import open_db
from tests.bot.conftest import (
    LIMITS,
    TODAY,
    add_copies,
    data_of,
    press,
    say,
    seed_database,
    text_of,
)

Z = "2019Z15244"


def add_case(db: Database, number: str, submitted: dt.date, question: str) -> None:
    """An open case with one question, due three weeks after it was submitted."""
    case = Case(
        number,
        title="Vragen over de landbouw",
        submitted=submitted,
        deadline=submitted + dt.timedelta(days=21),
        questions=[Question(1, question)],
    )
    save_case(db, number, case, "2024-01-05T00:00:00+00:00")


# ---------------------------------------------------------------- /case


@pytest.mark.parametrize(
    "reference",
    [
        "2019Z15244",
        "2019z15244",
        "2019D30185",
        "ah-tk-20182019-3985",
        "kv-tk-2019Z15244",
        "https://www.tweedekamer.nl/kamerstukken/kamervragen/detail?id=2019Z15244&did=2019D30185",
        "https://www.tweedekamer.nl/kamerstukken/kamervragen/detail?did=2019D30185",
        "https://zoek.officielebekendmakingen.nl/ah-tk-20182019-3985.html",
        "https://zoek.officielebekendmakingen.nl/ah-tk-20182019-3985.pdf",
        "https://zoek.officielebekendmakingen.nl/ah-tk-20182019-3985.xml",
        "https://zoek.officielebekendmakingen.nl/ah-tk-20182019-3985/metadata.xml",
        "zoek.officielebekendmakingen.nl/kv-tk-2019Z15244.html",
    ],
)
async def test_case_accepts_every_kind_of_reference(
    conversation: Conversation, reference: str
) -> None:
    """Zaaknummers, document numbers, publication ids and both sites' links open the case."""
    reply = await say(conversation, f"/case {reference}")
    assert text_of(reply).startswith("📄 2019Z15244 · answered")


async def test_case_view_has_header_pages_and_buttons(conversation: Conversation) -> None:
    """Page 1 of 3: header, first pairs, next, follow, all in full and the official text."""
    reply = await say(conversation, f"/case {Z}")
    text = text_of(reply)
    assert "Asked by: Sjoerdsma (D66)" in text
    assert "Answered after 54 days (10 September 2019)" in text
    assert "Question 1\nBent u bekend" in text and text.endswith("Part 1 of 3")
    assert data_of(reply) == [
        f"case:{Z}:1",
        f"follow:{Z}:0",
        f"full:{Z}",
        "https://zoek.officielebekendmakingen.nl/kv-tk-2019Z15244.html",
    ]


async def test_case_buttons_page_follow_and_full(conversation: Conversation, db: Database) -> None:
    """Page buttons edit the message (a too-high page shows the last); follow and unfollow
    flip the button in place; full sends every pair in messages without buttons."""
    last = await press(conversation, f"case:{Z}:99")
    assert last.edit is not None and "Part 3 of 3" in visible_text(last.edit.text)
    assert data_of(last)[:2] == [f"case:{Z}:1", f"follow:{Z}:2"]
    followed = await press(conversation, f"follow:{Z}:2")
    assert followed.toast == "🔔 Following 2019Z15244"
    assert f"unfollow:{Z}:2" in data_of(followed)
    assert [f.zaaknummer for f in chats.follows_of(db, 42)] == [Z]
    unfollowed = await press(conversation, f"unfollow:{Z}:2")
    assert f"follow:{Z}:2" in data_of(unfollowed)
    assert chats.follows_of(db, 42) == []
    full = await press(conversation, f"full:{Z}")
    assert len(full.messages) == 3 and data_of(full) == []
    assert "Answer 9, 10" in text_of(full)
    opened = await press(conversation, f"case:{Z}")
    assert opened.edit is None and text_of(opened).startswith("📄 2019Z15244")


async def test_case_follow_button_from_an_alert_only_toasts(conversation: Conversation) -> None:
    """`follow:<Z>` without a page (from an alert) follows with a toast and edits nothing."""
    reply = await press(conversation, f"follow:{Z}")
    assert (reply.toast, reply.edit) == ("🔔 Following 2019Z15244", None)
    assert (await press(conversation, "follow:2019Z99999:0")).toast == (
        "That case is no longer available."
    )


async def test_case_missing_wrong_and_unknown(conversation: Conversation) -> None:
    """No argument: usage; not a reference: what a reference looks like; an unknown number:
    does not exist (after asking the sources)."""
    assert text_of(await say(conversation, "/case")).startswith("Which case?")
    text = text_of(await say(conversation, "/case <b>stikstof</b>"))
    assert text.startswith("“<b>stikstof</b>” is not a case reference.")
    text = text_of(await say(conversation, "/case https://example.org/2019Z15244"))
    assert "is not a case reference" in text
    text = text_of(await say(conversation, "/case 2019Z99999"))
    assert text.startswith("There is no case 2019Z99999")
    text = text_of(await say(conversation, "/case " + "stikstof " * 450))  # checked: ≤ 4096
    assert text.startswith("“stikstof stikstof") and "…” is not a case reference" in text


async def test_case_not_stored_is_fetched_on_demand(db: Database) -> None:
    """An unknown reference is handed to fetch_case; what it stores is shown; a failing fetch
    says the sources are unreachable."""
    asked: list[str] = []

    async def fetch(reference: str) -> str | None:
        asked.append(reference)
        add_copies(db, 1)
        return "2019Z20000"

    conversation = Conversation(db, **LIMITS, fetch_case=fetch)
    reply = await say(conversation, "/case 2019z20000")
    assert asked == ["2019Z20000"]
    assert text_of(reply).startswith("📄 2019Z20000 · open")

    async def broken(reference: str) -> str | None:
        raise OSError("connection refused")

    conversation = Conversation(db, **LIMITS, fetch_case=broken)
    text = text_of(await say(conversation, "/case 2019Z99999"))
    assert text.startswith("Case 2019Z99999 is not in the database yet and the sources cannot")


# ---------------------------------------------------------------- /follow and /unfollow


async def test_follow_and_unfollow(conversation: Conversation, db: Database) -> None:
    """/follow confirms what alerts come, once; /unfollow undoes it, once; any reference works."""
    assert text_of(await say(conversation, "/follow")).startswith("Which case?")
    assert text_of(await say(conversation, "/unfollow")).startswith("Which case?")
    text = text_of(await say(conversation, "/follow ah-tk-20182019-3985"))
    assert text.startswith("🔔 You now follow 2019Z15244 “Het bericht")
    assert "It is answered; you get a message if anything more happens." in text
    assert text_of(await say(conversation, f"/follow {Z}")).startswith("You already follow")
    assert text_of(await say(conversation, "/follow 2019Z99999")).startswith("There is no case")
    assert text_of(await say(conversation, "/unfollow 2019D30185")) == (
        "🔕 You no longer follow 2019Z15244."
    )
    assert text_of(await say(conversation, f"/unfollow {Z}")).startswith("You do not follow")
    assert "not a case reference" in text_of(await say(conversation, "/unfollow soon"))
    assert chats.follows_of(db, 42) == []


async def test_follow_an_open_case_lists_the_alerts(
    conversation: Conversation, db: Database
) -> None:
    """Following an open case names the answer, postponement, further answer and withdrawal."""
    add_copies(db, 1)
    text = text_of(await say(conversation, "/follow 2019Z20000"))
    assert "answered, postponed, further answered or withdrawn" in text


# ---------------------------------------------------------------- /search and /recent


async def test_search_pages_newest_first(conversation: Conversation, db: Database) -> None:
    """Seven matches: five on page 1 (newest first) with open buttons, two on page 2."""
    add_copies(db, 6)
    reply = await say(conversation, "/search exportcontrole party:D66")
    text = text_of(reply)
    assert text.startswith("🔎 7 cases match “exportcontrole party:D66”")
    shown = [line.split(" · ")[0] for line in text.splitlines() if line.startswith("• ")]
    assert shown == [f"• 2019Z2000{i}" for i in (5, 4, 3, 2, 1)]
    buttons = data_of(reply)
    token = buttons[-1].split(":")[1]
    assert buttons[-1] == f"search:{token}:1" and len(buttons) == 6
    page2 = await press(conversation, f"search:{token}:1")
    assert page2.edit is not None
    assert "2019Z15244" in visible_text(page2.edit.text)
    assert data_of(page2)[-1] == f"search:{token}:0"


async def test_search_missing_wrong_none_and_expired(conversation: Conversation) -> None:
    """Usage, the engine's error, no matches, and an expired page button."""
    assert text_of(await say(conversation, "/search")).startswith("Search for what?")
    assert "A “(” is not closed. Add a “)” after it." in text_of(
        await say(conversation, "/search (stikstof")
    )
    too_long = text_of(await say(conversation, "/search " + "x" * 201))
    assert "It is too long: 201 characters, the limit is 200." in too_long
    assert text_of(await say(conversation, "/search stikstof")) == (
        "🔎 No stored case matches “stikstof”."
    )
    expired = await press(conversation, "search:nosuchtoken:1")
    assert expired.alert and expired.toast == "This search has expired; please send /search again."


async def test_search_results_expire(conversation: Conversation) -> None:
    """A kept search is dropped after its time to live."""
    clock = [0.0]
    conversation.searches._clock = lambda: clock[0]
    buttons = data_of(await say(conversation, "/search export control"))
    assert buttons == [f"case:{Z}"]
    token = next(iter(conversation.searches._kept))
    assert conversation.searches.get(token) is not None
    clock[0] = SEARCH_TTL + 1
    assert conversation.searches.get(token) is None


async def test_recent_lists_newest_questions_and_answers(
    conversation: Conversation, db: Database
) -> None:
    """/recent: the newest question sets by submission and the newest answers by answer date."""
    add_copies(db, 6)
    text = text_of(await say(conversation, "/recent"))
    questions, answers = text.split("✅ Newest answers")
    assert questions.count("• ") == 5 and "• 2019Z20005 · 6 September 2019 · open" in questions
    assert "• 2019Z15244 · answered 10 September 2019 — Het bericht" in answers
    empty = Conversation(open_db(memory=True), **LIMITS)
    assert text_of(await say(empty, "/recent")) == "No cases are stored yet."


async def test_search_says_when_there_were_more(
    conversation: Conversation, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past the result limit, the page says that there were more."""
    add_copies(db, 6)
    monkeypatch.setattr("kamervragen.bot.conversation.lookup.MAX_RESULTS", 2)
    text = text_of(await say(conversation, "/search cybersurveillance"))
    assert text.startswith("🔎 More than 2 cases match “cybersurveillance”; here are the newest 2")


async def test_search_and_preview_find_the_oldest_case(
    conversation: Conversation, db: Database
) -> None:
    """A query whose only match is the oldest stored case: /search finds it, and the
    /subscribe preview names it as the newest older match."""
    add_copies(db, 6)
    add_case(db, "2015Z00001", dt.date(2015, 1, 5), "Stikstof bij de boeren?")
    text = text_of(await say(conversation, "/search stikstof"))
    assert text.startswith("🔎 1 case matches “stikstof”")
    assert "• 2015Z00001 · 5 January 2015 · open" in text
    text = text_of(await say(conversation, "/subscribe stikstof"))
    assert "In the last 90 days this query would have found nothing." in text
    assert "The most recent case before that:\n• 2015Z00001 · 5 January 2015" in text


async def test_search_results_show_the_sentence_escaped_with_the_words_marked(
    conversation: Conversation, db: Database
) -> None:
    """Each result quotes the sentence that matched: its text escaped, the matched words in
    bold; the new filters narrow the results."""
    add_case(db, "2024Z00001", dt.date(2024, 1, 5), "Is <b>stikstof</b> & ammoniak erg?")
    reply = await say(conversation, "/search stikstof ammoniak since:2024-01-01 status:open")
    html = reply.messages[0].text
    assert "“Is &lt;b&gt;<b>stikstof</b>&lt;/b&gt; &amp; <b>ammoniak</b> erg?”" in html
    assert "2019Z15244" not in html
    add_case(db, "2019Z00002", dt.date(2019, 8, 1), "Stikstof?")  # due 22 August: late by now
    text = text_of(await say(conversation, "/search stikstof status:late"))
    assert text.startswith("🔎 1 case matches") and "2019Z00002" in text
    text = text_of(await say(conversation, "/search stikstof since:2024-13-01"))
    assert "“2024-13-01” is not a date for since:. Write year-month-day" in text
    assert "stikstof since:2024-13-01\n         ^" in text  # the caret under the bad date


async def test_a_search_over_its_time_limit_says_so(tmp_path: Path) -> None:
    """A search (or preview) its worker does not finish in time: one line saying so; the
    subscription is still saved, without a preview."""
    db = seed_database(tmp_path / "k.db")
    finder = Finder(db, Workers(processes=0), timeout=0)
    conversation = Conversation(db, **LIMITS, today=lambda: TODAY, finder=finder)
    text = text_of(await say(conversation, "/search stikstof"))
    assert text == "That search took too long. Try a narrower query."
    text = text_of(await say(conversation, "/subscribe stikstof"))
    assert text.startswith("✅ Subscribed to “stikstof”")
    assert "I could not work out in time what this query would have found." in text
    assert [s.query for s in chats.subscriptions_of(db, 42)] == ["stikstof"]
    await asyncio.sleep(0.3)  # the threads given up on end before the test does


async def test_searches_run_as_jobs_on_the_database_file(tmp_path: Path) -> None:
    """With a database file, searches and previews run as worker jobs on their own
    connection (here a thread), with the same results."""
    db = seed_database(tmp_path / "k.db")
    add_case(db, "2015Z00001", dt.date(2015, 1, 5), "Stikstof bij de boeren?")
    workers = Workers(processes=0)
    conversation = Conversation(db, **LIMITS, today=lambda: TODAY, finder=Finder(db, workers))
    assert conversation.finder.path == str(tmp_path / "k.db")
    text = text_of(await say(conversation, "/search stikstof OR cybersurveillance"))
    assert text.startswith("🔎 2 cases match")
    assert "“Op welke wijze voert Nederland op dit moment exportcontrole uit op" in text
    text = text_of(await say(conversation, "/subscribe export control"))
    assert "In the last 90 days this query would have found 1 case:" in text
