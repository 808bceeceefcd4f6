"""The conversation core (bot/core.py, bot/buttons.py): start, help, subscriptions, the list,
settings and language, in private chats, groups, channels and forum topics. Case lookups,
following and search are in test_core_cases.py."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlite_utils import Database

from kamervragen.bot.conversation.core import Conversation, split_command
from kamervragen.bot.conversation.guide import COMMANDS
from kamervragen.bot.conversation.turn import Incoming, Reply
from kamervragen.bot.rendering.html import visible_text
from kamervragen.storage import chats
from kamervragen.storage.cases import find_case_key
from tests.bot.conftest import (
    LIMITS,
    add_copies,
    check,
    data_of,
    press,
    say,
    seed_database,
    text_of,
)

Z = "2019Z15244"


# ---------------------------------------------------------------- start, help, unknown input


async def test_start_explains_and_gives_three_examples(conversation: Conversation) -> None:
    """/start says what the bot does and offers three example commands."""
    text = text_of(await say(conversation, "/start"))
    assert "written questions" in text
    assert [line.split(" —")[0] for line in text.splitlines() if line.startswith("• ")] == [
        "• /subscribe export control",
        "• /case 2019Z15244",
        "• /search stikstof",
    ]


async def test_start_deep_link_opens_the_case(conversation: Conversation) -> None:
    """`/start case_2019Z15244` (a t.me deep link) opens that case."""
    reply = await say(conversation, "/start case_2019Z15244")
    assert text_of(reply).startswith("📄 2019Z15244 · answered")


async def test_help_lists_every_command_with_an_example(conversation: Conversation) -> None:
    """/help names every command, the query language, and works in Dutch."""
    text = text_of(await say(conversation, "/help"))
    for command in COMMANDS:
        assert f"/{command}" in text
    assert "/case 2019Z15244 — a case by zaaknummer" in text
    assert "party:D66" in text
    assert text_of(await say(conversation, "/help", lang="nl-NL")).startswith("Opdrachten")


async def test_unknown_command_and_plain_text(conversation: Conversation) -> None:
    """In private an unknown command or text gets a hint, a case reference opens the case;
    in a group both are ignored."""
    assert "/help" in text_of(await say(conversation, "/frobnicate"))
    assert "/search" in text_of(await say(conversation, "what about nitrogen?"))
    url = "https://zoek.officielebekendmakingen.nl/ah-tk-20182019-3985.pdf"
    assert text_of(await say(conversation, url)).startswith("📄 2019Z15244")
    assert await say(conversation, "/frobnicate", chat=-5, kind="group") == Reply()
    assert await say(conversation, "2019Z15244", chat=-5, kind="group") == Reply()


def test_split_command() -> None:
    """Commands lose their @bot suffix and are lower-cased; arguments keep their spelling."""
    assert split_command("/Case@kamervragen_bot  2019Z15244 ") == ("case", "2019Z15244")
    assert split_command("/subscribe\nexport control") == ("subscribe", "export control")
    assert split_command("/list") == ("list", "")


# ---------------------------------------------------------------- /subscribe


async def test_subscribe_saves_and_previews(conversation: Conversation, db: Database) -> None:
    """A valid query is saved with its topic; the reply describes it and shows what it would
    have caught in the last 90 days, newest first, with an undo button."""
    reply = await say(conversation, "/subscribe  export   control", thread=None)
    text = text_of(reply)
    assert text.startswith("✅ Subscribed to “export control”")
    assert "This query finds cases mentioning “export control” in one sentence." in text
    assert "Also searching, in Dutch: exportcontrole" in text
    assert "In the last 90 days this query would have found 1 case:" in text
    assert "found: exportcontrole, exportcontroleregelgeving" in text
    sub = chats.subscriptions_of(db, 42)[0]
    assert sub.query == "export control"
    assert data_of(reply) == [f"case:{Z}", f"unsub:{sub.id}"]


async def test_subscribe_preview_counts_and_shows_the_newest_three(
    conversation: Conversation, db: Database
) -> None:
    """With five matching cases in the window, the count is 5+1 and the newest three show."""
    add_copies(db, 5)
    text = text_of(await say(conversation, "/subscribe cybersurveillance"))
    assert "would have found 6 cases. The newest:" in text
    assert "The documents are in Dutch: if this finds too little, try the Dutch word." in text
    shown = [line.split(" · ")[0] for line in text.splitlines() if line.startswith("• ")]
    assert shown == ["• 2019Z20004", "• 2019Z20003", "• 2019Z20002"]


async def test_subscribe_preview_names_an_older_match(db: Database) -> None:
    """Nothing in the last 90 days: the newest older match is shown instead."""
    conversation = Conversation(db, **LIMITS, today=lambda: dt.date(2026, 11, 22))
    text = text_of(await say(conversation, "/subscribe export control"))
    assert "In the last 90 days this query would have found nothing." in text
    assert "The most recent case before that:\n• 2019Z15244 · 18 July 2019" in text
    text = text_of(await say(conversation, "/subscribe stikstof"))
    assert "No stored case matches it yet." in text


async def test_subscribe_wrong_missing_and_too_long(
    conversation: Conversation, db: Database
) -> None:
    """No query: usage; a bad query: the engine's message with a caret; over 200 characters:
    the engine's limit; nothing is saved."""
    assert text_of(await say(conversation, "/subscribe")).startswith("What should I look for?")
    text = text_of(await say(conversation, '/subscribe export "control'))
    assert (
        "That query does not work. A quotation mark is not closed. Add one after the words." in text
    )
    assert 'export "control\n       ^' in text
    long_query = "stikstof " * 23  # 207 characters
    text = text_of(await say(conversation, f"/subscribe {long_query}"))
    assert "It is too long: 206 characters, the limit is 200. Please shorten it." in text
    dutch = text_of(await say(conversation, f"/subscribe {long_query}", lang="nl"))
    assert "Hij is te lang: 206 tekens, het maximum is 200. Maak hem korter." in dutch
    assert "^" not in text
    assert "It only excludes. Add a word, phrase or filter that must occur" in text_of(
        await say(conversation, "/subscribe -stikstof")
    )
    assert chats.subscriptions_of(db, 42) == []


async def test_subscribe_twice_and_over_the_limit(db: Database) -> None:
    """The same query again says so (no undo button); past the limit the reply says how many."""
    conversation = Conversation(
        db,
        max_subscriptions=1,
        max_query_length=LIMITS["max_query_length"],
        today=lambda: dt.date(2019, 10, 1),
    )
    await say(conversation, "/subscribe stikstof")
    again = await say(conversation, "/subscribe stikstof")
    assert text_of(again).startswith("You already have this subscription: “stikstof”")
    assert not any(d.startswith("unsub:") for d in data_of(again))
    text = text_of(await say(conversation, "/subscribe ammoniak"))
    assert text == "This chat has 1 subscriptions, the most allowed. Remove one first with " + (
        "/unsubscribe."
    )


# ---------------------------------------------------------------- /unsubscribe and /list


async def test_unsubscribe_menu_query_and_number(conversation: Conversation, db: Database) -> None:
    """Without an argument: a keyboard; with the query or its /list number: removed."""
    assert text_of(await say(conversation, "/unsubscribe")).startswith("This chat has no")
    for query in ("stikstof", "export control", "cyber*"):
        await say(conversation, f"/subscribe {query}")
    ids = [s.id for s in chats.subscriptions_of(db, 42)]
    menu = await say(conversation, "/unsubscribe")
    assert data_of(menu) == [f"unsub:{i}:menu" for i in ids]
    text = text_of(await say(conversation, "/unsubscribe EXPORT  control"))
    assert text == "🔕 Unsubscribed from “export control”."
    assert text_of(await say(conversation, "/unsubscribe 2")) == "🔕 Unsubscribed from “cyber*”."
    assert "no subscription “nitrogen”" in text_of(await say(conversation, "/unsubscribe nitrogen"))
    assert "no subscription “7”" in text_of(await say(conversation, "/unsubscribe 7"))
    assert [s.query for s in chats.subscriptions_of(db, 42)] == ["stikstof"]


async def test_unsubscribe_buttons(conversation: Conversation, db: Database) -> None:
    """From the menu the keyboard is redrawn; from an alert only a toast; twice: already gone."""
    await say(conversation, "/subscribe stikstof")
    await say(conversation, "/subscribe ammoniak")
    first, second = (s.id for s in chats.subscriptions_of(db, 42))
    reply = await press(conversation, f"unsub:{first}:menu")
    assert reply.toast == "🔕 Unsubscribed from “stikstof”."
    assert data_of(reply) == [f"unsub:{second}:menu"]
    reply = await press(conversation, f"unsub:{second}")
    assert reply.toast == "🔕 Unsubscribed from “ammoniak”."
    assert (reply.edit, reply.messages) == (None, ())
    reply = await press(conversation, f"unsub:{second}:menu")
    assert reply.toast == "That subscription was already removed."
    assert reply.edit is not None and visible_text(reply.edit.text).startswith("This chat has no")


async def test_list_shows_subscriptions_and_follows_with_remove_buttons(
    conversation: Conversation, db: Database
) -> None:
    """/list: numbered queries and followed cases with their status and title; each button
    removes one and redraws the list."""
    assert "Nothing here yet" in text_of(await say(conversation, "/list"))
    await say(conversation, "/subscribe export control")
    await say(conversation, f"/follow {Z}")
    reply = await say(conversation, "/list")
    text = text_of(reply)
    assert "Subscriptions (1)\n1. export control" in text
    assert "Followed cases (1)\n2. 2019Z15244 · answered — Het bericht" in text
    sub = chats.subscriptions_of(db, 42)[0]
    assert data_of(reply) == [f"unsub:{sub.id}:list:0", f"case:{Z}", f"unfollow:{Z}:list:0"]
    reply = await press(conversation, f"unfollow:{Z}:list:0")
    assert reply.toast == "🔕 No longer following 2019Z15244"
    assert reply.edit is not None and "Followed cases" not in visible_text(reply.edit.text)


async def test_list_pages(conversation: Conversation, db: Database) -> None:
    """Twelve items make two pages of /list with next and previous buttons."""
    for number in add_copies(db, 12):
        chats.follow(db, 42, number)
    reply = await say(conversation, "/list")
    assert data_of(reply)[-1] == "list:1" and "Page 1 of 2" in text_of(reply)
    second = await press(conversation, "list:1")
    assert second.edit is not None
    assert "11. 2019Z20010" in visible_text(second.edit.text)
    assert data_of(second)[-1] == "list:0"


# ---------------------------------------------------------------- /settings and /language


async def test_settings_view_and_text_arguments(conversation: Conversation, db: Database) -> None:
    """/settings shows mode, language and pause with buttons; arguments change them."""
    reply = await say(conversation, "/settings")
    assert "Alerts: as soon as something happens" in text_of(reply)
    assert data_of(reply) == [
        "set:mode:instant",
        "set:mode:digest",
        "set:lang:nl",
        "set:lang:en",
        "set:lang:auto",
        "set:pause:on",
        "set:deadlines:on",
        "set:weekly:on",
        "set:stats:text",
    ]
    text = text_of(await say(conversation, "/settings digest 18"))
    assert "one daily digest at 18:00" in text
    await say(conversation, "/settings pause")
    chat = chats.get_chat(db, 42)
    assert chat is not None and (chat.mode, chat.digest_hour, chat.paused) == ("digest", 18, True)
    assert text_of(await say(conversation, "/settings digest 25")) == (
        "“25” is not an hour of the day. Choose a whole number from 0 to 23, for example "
        "/settings digest 8."
    )
    assert text_of(await say(conversation, "/settings language fr")).startswith(
        "I do not know the language “fr”. Choose nl, en or auto"
    )
    assert text_of(await say(conversation, "/settings loud")).startswith(
        "I do not know the setting “loud”."
    )
    assert "Taal: Nederlands" in text_of(await say(conversation, "/settings language nl"))


async def test_settings_buttons(conversation: Conversation, db: Database) -> None:
    """Buttons change a setting and redraw the message; an unchanged one only toasts."""
    digest = await press(conversation, "set:mode:digest")
    assert digest.toast == "Saved" and "set:hour:9" in data_of(digest)
    later = await press(conversation, "set:hour:9")
    assert later.edit is not None and "digest at 09:00" in visible_text(later.edit.text)
    same = await press(conversation, "set:hour:9")
    assert (same.toast, same.edit) == ("That was already the setting", None)
    assert (await press(conversation, "set:hour:24")).edit is None
    dutch = await press(conversation, "set:lang:nl")
    assert dutch.toast == "Opgeslagen" and dutch.edit is not None
    assert visible_text(dutch.edit.text).startswith("⚙️ Instellingen")
    paused = await press(conversation, "set:pause:on")
    assert "set:pause:off" in data_of(paused)
    chat = chats.get_chat(db, 42)
    assert chat is not None and (chat.digest_hour, chat.language, chat.paused) == (9, "nl", True)


async def test_language_command_and_chat_language_wins(
    conversation: Conversation, db: Database
) -> None:
    """/language chooses; the chat's language then wins over the user's Telegram language."""
    chooser = await say(conversation, "/language")
    assert data_of(chooser) == ["lang:nl", "lang:en", "lang:auto"]
    assert text_of(await say(conversation, "/language nl")) == "Ik spreek hier nu Nederlands."
    assert text_of(await say(conversation, "/help", lang="en")).startswith("Opdrachten")
    assert text_of(await say(conversation, "/language klingon")) == (
        "De taal “klingon” ken ik niet. Kies nl, en of auto, bijvoorbeeld /language en."
    )
    auto = await press(conversation, "lang:auto")
    assert auto.edit is not None
    assert visible_text(auto.edit.text) == "I now speak each person's Telegram language here."
    assert text_of(await say(conversation, "/help", lang="nl")).startswith("Opdrachten")
    assert text_of(await say(conversation, "/help", lang="en")).startswith("Commands")


# ---------------------------------------------------------------- groups, channels, topics


@pytest.mark.parametrize(
    "command",
    [
        "/subscribe stikstof",
        "/unsubscribe",
        "/unsubscribe stikstof",
        f"/follow {Z}",
        f"/unfollow {Z}",
        "/settings pause",
        "/language nl",
    ],
)
async def test_group_members_who_are_not_admins_are_refused(
    conversation: Conversation, db: Database, command: str
) -> None:
    """A member who is not an administrator gets one polite line and changes nothing."""
    chats.add_subscription(db, -100, "stikstof")
    reply = await say(conversation, command, chat=-100, kind="supergroup", admin=False)
    assert text_of(reply) == (
        "Only the administrators of this group can change its subscriptions and settings."
    )
    assert [s.query for s in chats.subscriptions_of(db, -100)] == ["stikstof"]
    chat = chats.get_chat(db, -100)
    assert chat is not None and (chat.paused, chat.language) == (False, None)


async def test_group_buttons_of_non_admins_are_refused(
    conversation: Conversation, db: Database
) -> None:
    """A non-admin's follow and settings presses get an alert; paging still works."""
    for data in (f"follow:{Z}:0", "set:pause:on", "unsub:1:menu", "lang:nl"):
        reply = await press(conversation, data, chat=-100, kind="group", admin=False)
        assert reply.alert and reply.toast is not None and reply.toast.startswith("Only the")
        assert reply.edit is None
    assert chats.follows_of(db, -100) == []
    page = await press(conversation, f"case:{Z}:1", chat=-100, kind="group", admin=False)
    assert page.edit is not None


async def test_group_admin_check_is_asked_only_when_needed(
    conversation: Conversation, db: Database
) -> None:
    """Reading commands never ask for the admin check; changing ones ask once each."""
    asked: list[int] = []

    async def check_admin() -> bool:
        asked.append(1)
        return True

    for text in (f"/case {Z}", "/list", "/help", "/subscribe stikstof", f"/follow {Z}"):
        incoming = Incoming(-100, "group", 7, "en", text=text, is_admin=check_admin)
        check(await conversation.handle(incoming))
    assert len(asked) == 2
    assert [s.query for s in chats.subscriptions_of(db, -100)] == ["stikstof"]


async def test_channels_are_handled_as_admin(conversation: Conversation, db: Database) -> None:
    """A channel post may subscribe without any admin check (only admins post in channels)."""
    reply = await say(conversation, "/subscribe stikstof", chat=-200, kind="channel", admin=False)
    assert text_of(reply).startswith("✅ Subscribed")
    chat = chats.get_chat(db, -200)
    assert chat is not None and chat.type == "channel"


async def test_forum_topic_is_kept_with_subscriptions_and_follows(
    conversation: Conversation, db: Database
) -> None:
    """In a forum topic the subscription and the follow remember the topic."""
    await say(conversation, "/subscribe stikstof", chat=-300, kind="supergroup", thread=77)
    await say(conversation, f"/follow {Z}", chat=-300, kind="supergroup", thread=77)
    await press(conversation, f"follow:{Z}:0", chat=-301, kind="supergroup")
    assert [s.thread_id for s in chats.subscriptions_of(db, -300)] == [77]
    assert [f.thread_id for f in chats.follows_of(db, -300)] == [77]
    assert [f.thread_id for f in chats.follows_of(db, -301)] == [None]


async def test_malformed_callback_data_is_answered_empty(conversation: Conversation) -> None:
    """Unknown or malformed button data: an empty answer, nothing else."""
    for data in ("", "nonsense", "case", "unsub:abc", "set:mode", "set:colour:red"):
        reply = await press(conversation, data)
        assert reply.edit is None and reply.messages == ()


def test_seed_database_resolves_the_document_ids() -> None:
    """The test database links the document number and publication id to the case."""
    db = seed_database()
    assert find_case_key(db, "2019D30185") == find_case_key(db, "ah-tk-20182019-3985") == Z


async def test_an_inactive_chat_that_writes_again_is_active(
    conversation: Conversation, db: Database
) -> None:
    """A chat marked inactive (it had blocked the bot) is active again when it writes."""
    chats.update_chat(db, 42, active=False)
    await say(conversation, "/help")
    chat = chats.get_chat(db, 42)
    assert chat is not None and chat.active


async def test_deactivated_chat_comes_back_with_its_subscriptions(
    conversation: Conversation, db: Database
) -> None:
    """A chat deactivated after refusals gets itself and its subscriptions back when it writes."""
    from kamervragen.storage import chat_state

    await say(conversation, "/subscribe export control")
    chat_state.deactivate(db, 42, "Forbidden: bot was blocked by the user", dt.datetime.now(dt.UTC))
    assert not chats.get_chat(db, 42).active  # type: ignore[union-attr]
    assert chats.subscriptions_of(db, 42) == []
    await say(conversation, "/list")
    assert chats.get_chat(db, 42).active  # type: ignore[union-attr]
    assert [s.query for s in chats.subscriptions_of(db, 42)] == ["export control"]
