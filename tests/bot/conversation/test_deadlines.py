"""/overdue and /stats through the conversation core, on the hand-computed fixture
(tests/stats_fixture.py); the chart decoded; every bad argument answered in one sentence."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from sqlite_utils import Database

from kamervragen.bot.conversation.core import Conversation
from kamervragen.bot.rendering.html import visible_text
from kamervragen.bot.rendering.stats import LATE_COLOUR, ON_TIME_COLOUR, chart_size
from kamervragen.storage import chats
from kamervragen.storage.db import open_db
from kamervragen.storage.deadlines import resolve_scope
from tests.bot.conftest import LIMITS, check, press, say
from tests.stats_fixture import TODAY, save_fixture


@pytest.fixture
def db() -> Database:
    """The ten sets of the fixture, and more overdue ones to page through."""
    database = open_db(memory=True)
    save_fixture(database)
    return database


@pytest.fixture
def conversation(db: Database) -> Conversation:
    """The conversation core on 1 June 2025."""
    return Conversation(db, **LIMITS, today=lambda: TODAY)


def text_of(reply: object) -> str:
    """The visible text of a reply's messages."""
    return "\n".join(visible_text(m.text) for m in reply.messages)  # type: ignore[attr-defined]


async def test_overdue_lists_open_sets_past_their_deadline(conversation: Conversation) -> None:
    """Only Z004 is open past its deadline (14 April): 48 days, postponed, BZ."""
    text = text_of(await say(conversation, "/overdue"))
    assert text.splitlines()[0] == "⌛ 1 open question past its deadline"
    assert "2025Z00004 · 48 days overdue, due 14 April 2025 · after postponement · BZ" in text
    assert "2025Z00005" not in text  # open, but its deadline is still to come


async def test_overdue_for_a_ministry_party_member_and_nonsense(
    conversation: Conversation,
) -> None:
    """A scope narrows the list; an unknown one gets one sentence in the chat's language."""
    assert "2025Z00004" in text_of(await say(conversation, "/overdue minister van BZ"))
    assert "No open questions are past their deadline: FIN" in text_of(
        await say(conversation, "/overdue Financiën")
    )
    assert "2025Z00004" in text_of(await say(conversation, "/overdue party:SP"))
    assert "2025Z00004" in text_of(await say(conversation, "/overdue member:Lid SP"))
    reply = await say(conversation, "/overdue Narnia", lang="nl")
    assert text_of(reply) == (
        "“Narnia” ken ik niet als ministerie (BZ, Financiën), partij (D66) of Kamerlid (Omtzigt)."
    )


async def test_overdue_pages_most_overdue_first(db: Database, conversation: Conversation) -> None:
    """Twenty overdue sets: eight a page, the oldest deadline first, next and previous."""
    for i in range(19):
        db.execute(
            "INSERT INTO cases (case_key, zaaknummer, title, status, submitted, deadline, "
            "postponed, ministry) VALUES (?, ?, 'T', 'open', '2025-01-01', ?, 0, 'VWS')",
            [f"2025Z1{i:04d}", f"2025Z1{i:04d}", f"2025-05-{i + 1:02d}"],
        )
    reply = await say(conversation, "/overdue")
    first = text_of(reply)
    assert first.splitlines()[0] == "⌛ 20 open questions past their deadline"
    assert first.index("2025Z00004") < first.index("2025Z10000") < first.index("2025Z10006")
    assert "Page 1 of 3" in first
    data = [b.callback_data for row in reply.messages[0].buttons for b in row]
    assert data[-1] == "overdue:1"
    second = await press(conversation, "overdue:1")
    assert second.edit is not None and "Page 2 of 3" in visible_text(second.edit.text)
    assert "2025Z10007" in visible_text(second.edit.text)


def bars_of(png: bytes) -> list[tuple[str, int]]:
    """The chart's bars from top to bottom: (colour, length in pixels)."""
    image = Image.open(io.BytesIO(png)).convert("RGB")
    colours = {
        tuple(int(c[i : i + 2], 16) for i in (1, 3, 5)): c for c in (LATE_COLOUR, ON_TIME_COLOUR)
    }
    bars: list[tuple[str, int]] = []
    in_bar = False
    for y in range(image.height):
        row = [colours.get(image.getpixel((x, y))) for x in range(image.width)]  # type: ignore[arg-type]
        found = [c for c in row if c]
        if found and not in_bar:
            bars.append((found[0], len(found)))
        in_bar = bool(found)
    return bars


async def test_stats_sends_the_chart_with_the_table_as_caption(
    conversation: Conversation,
) -> None:
    """The PNG is a valid image of the stated size; its bars are FIN (40 days, red, longer)
    above BZ (21 days, blue), as in the table; the caption holds the hand-computed figures."""
    reply = check(await say(conversation, "/stats"))
    assert reply.photo is not None and reply.messages == ()
    image = Image.open(io.BytesIO(reply.photo.png))
    image.verify()
    assert image.format == "PNG" and image.size == chart_size(2)
    (fin_colour, fin), (bz_colour, bz) = bars_of(reply.photo.png)
    assert (fin_colour, bz_colour) == (LATE_COLOUR, ON_TIME_COLOUR)
    assert fin / bz == pytest.approx(40 / 21, rel=0.05)
    caption = visible_text(reply.photo.caption)
    assert caption.splitlines()[0] == "📊 Answer times 2 June 2024 to 1 June 2025"
    assert (
        "All: 9 asked, 7 answered · median 30 d · p90 60 d · on time 38% · postponed 33% · "
        "open 2, overdue 1"
    ) in caption
    assert caption.index("FIN · Financiën") < caption.index("BZ · Buitenlandse Zaken")
    assert "5 asked, 3 answered · median 21 d, p90 46 d" in caption
    assert "on time 50% · postponed 40% · open 2, overdue 1" in caption
    assert "4 asked, 4 answered · median 40 d, p90 60 d" in caption


async def test_stats_per_party_and_for_a_scope(conversation: Conversation) -> None:
    """`party` groups by party; a party's sets are shown per ministry, a ministry's per party."""
    caption = visible_text((await say(conversation, "/stats party")).photo.caption)  # type: ignore[union-attr]
    # D66: 46, 50 and 60 days; VVD: 14, 21, 30 (and Z005 open); SP: 10 (Z004 open)
    assert caption.index("D66") < caption.index("VVD") < caption.index("SP")
    assert "3 asked, 3 answered · median 50 d, p90 60 d" in caption
    by_ministry = visible_text((await say(conversation, "/stats D66")).photo.caption)  # type: ignore[union-attr]
    assert "📊 Answer times 2 June 2024 to 1 June 2025: D66" in by_ministry
    assert "FIN · Financiën" in by_ministry and "2 asked, 2 answered · median 55 d" in by_ministry


async def test_stats_as_text_for_those_who_prefer_it(
    db: Database, conversation: Conversation
) -> None:
    """With `/settings stats text` the table comes as a message and no picture is made."""
    await say(conversation, "/settings stats text")
    assert chats.get_chat(db, 42).stats_text  # type: ignore[union-attr]
    reply = await say(conversation, "/stats 2025")
    assert reply.photo is None
    assert text_of(reply).startswith("📊 Answer times 1 January 2025 to 31 December 2025")


@pytest.mark.parametrize(
    ("args", "answer"),
    [
        ("13x", "“13x” is not a period."),
        ("D66 2025-13", "“2025-13” is not a period."),
        ("2025-03-01..2025-01-01", "“2025-03-01..2025-01-01” is not a period."),
        ("Narnia", "I do not know “Narnia” as a ministry"),
        ("party Narnia 6m", "I do not know “Narnia” as a ministry"),
    ],
)
async def test_bad_stats_arguments_get_one_clear_sentence(
    conversation: Conversation, args: str, answer: str
) -> None:
    """A bad period or an unknown ministry, party or member: one message, no chart."""
    reply = await say(conversation, f"/stats {args}")
    assert reply.photo is None and len(reply.messages) == 1
    assert text_of(reply).startswith(answer)


async def test_bad_period_in_dutch(conversation: Conversation) -> None:
    """The chat's language: Dutch."""
    reply = await say(conversation, "/stats 0d", lang="nl")
    assert text_of(reply).startswith("“0d” is geen periode.")


async def test_a_period_with_no_questions(conversation: Conversation) -> None:
    """No sets asked in 2019: the table says so, and no chart is drawn."""
    reply = await say(conversation, "/stats 2019")
    assert reply.photo is None and "No questions were asked in this period." in text_of(reply)


def test_scopes_are_resolved_ministry_first(db: Database) -> None:
    """'BZ' is a ministry, 'd66' a party, 'Lid VVD' a member, prefixes force the kind."""
    assert resolve_scope(db, "BZ").kind == "ministry"  # type: ignore[union-attr]
    assert resolve_scope(db, "d66").value == "D66"  # type: ignore[union-attr]
    assert resolve_scope(db, "Lid VVD").kind == "member"  # type: ignore[union-attr]
    assert resolve_scope(db, "party:BZ") is None


async def test_settings_buttons_switch_deadline_alerts_weekly_and_stats_form(
    db: Database, conversation: Conversation
) -> None:
    """Each button switches its setting and redraws /settings; words do the same."""
    await say(conversation, "/settings")
    reply = await press(conversation, "set:deadlines:on")
    assert reply.edit is not None and "Deadline alerts for subscriptions too: on" in (
        visible_text(reply.edit.text)
    )
    await press(conversation, "set:weekly:on")
    await press(conversation, "set:stats:text")
    chat = chats.get_chat(db, 42)
    assert chat is not None and (chat.deadline_alerts, chat.weekly, chat.stats_text) == (
        True,
        True,
        True,
    )
    await say(conversation, "/settings weekly off")
    assert not chats.get_chat(db, 42).weekly  # type: ignore[union-attr]
    reply = await say(conversation, "/settings weekly maybe")
    assert text_of(reply) == "/settings weekly takes only on|off, for example /settings weekly on."
